package layout

import "testing"

// The BMP table is built from the Unicode range tables: it must say what
// computeClass says for every character.
func TestBMPClass(t *testing.T) {
	bad := 0
	for r := range rune(0x10000) {
		if got, want := bmpClass[r], computeClass(r); got != want {
			if bad++; bad <= 10 {
				t.Errorf("U+%04X: table %d, computeClass %d", r, got, want)
			}
		}
	}
}
