package fonts

import (
	"crypto/sha256"
	"testing"
)

// The builtin faces' sums are constants: they must be the SHA-256 of the
// embedded files, and Sum must give what it computes for any other face
// with the same data.
func TestBuiltinSums(t *testing.T) {
	for _, name := range []string{"serif", "sans"} {
		f, err := Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		want := sha256.Sum256(builtins[name].data)
		if got := f.Sum(); got != want {
			t.Errorf("builtin:%s: Sum %x, the embedded file's SHA-256 is %x: update builtinSums", name, got, want)
		}
		g, err := Parse("copy", append([]byte(nil), builtins[name].data...), 0)
		if err != nil {
			t.Fatal(err)
		}
		if g.Sum() != f.Sum() {
			t.Errorf("builtin:%s: a copy of its data sums differently", name)
		}
	}
	a, _ := Builtin("serif")
	b, _ := Builtin("sans")
	if a.Sum() == b.Sum() {
		t.Error("the two faces have one sum")
	}
}
