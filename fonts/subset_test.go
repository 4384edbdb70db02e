package fonts

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// TestSubsetKeepsDrawnOutlines: the program a PDF embeds for a TrueType
// face holds the outlines of the glyphs drawn, of .notdef and of a
// composite's components — every other outline empty, glyph IDs and
// metrics unchanged — and is a valid sfnt (table and whole-font checksums).
func TestSubsetKeepsDrawnOutlines(t *testing.T) {
	// composite.ttf is serif-sub.ttf with "a" (glyph 4) made a composite of
	// "1" (glyph 2) and "A" (glyph 3)
	f, err := Load("testdata/composite.ttf", 0)
	if err != nil {
		t.Fatal(err)
	}
	han := f.Glyph('中')
	if f.Glyph('a') != 4 || han == 0 {
		t.Fatalf("test font: glyph of a = %d, of 中 = %d", f.Glyph('a'), han)
	}
	prog, err := f.Subset([]int{4, han})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := readDirectory(prog, 0)
	if err != nil {
		t.Fatal(err)
	}
	tab := map[string][]byte{}
	for _, r := range recs {
		tab[r.tag] = prog[r.offset : r.offset+r.length]
	}
	if n := int(u16(tab["maxp"][4:])); n != f.numGlyphs {
		t.Fatalf("%d glyphs, want %d (glyph IDs kept)", n, f.numGlyphs)
	}
	if format := u16(tab["head"][50:]); format != 1 || len(tab["loca"]) != 4*(f.numGlyphs+1) {
		t.Fatalf("indexToLocFormat %d with a loca of %d bytes, want long offsets", format, len(tab["loca"]))
	}
	if !bytes.Equal(tab["hmtx"], f.Data[bytes.Index(f.Data, tab["hmtx"]):][:len(tab["hmtx"])]) {
		t.Error("hmtx changed")
	}
	keep := map[int]bool{0: true, 2: true, 3: true, 4: true, han: true}
	for g := range f.numGlyphs {
		lo, hi := u32(tab["loca"][4*g:]), u32(tab["loca"][4*g+4:])
		got := tab["glyf"][lo:hi]
		want := f.glyf[f.loca[g]:f.loca[g+1]]
		if !keep[g] {
			want = nil
		}
		if !bytes.Equal(bytes.TrimRight(got, "\x00"), bytes.TrimRight(want, "\x00")) {
			t.Errorf("glyph %d: %d bytes of outline, want %d", g, len(got), len(want))
		}
	}
	var tags []string
	for _, r := range recs {
		tags = append(tags, r.tag)
		data := prog[r.offset : r.offset+r.length]
		if r.tag == "head" {
			data = bytes.Clone(data)
			binary.BigEndian.PutUint32(data[8:], 0)
		}
		if sum := tableChecksum(data); sum != r.checksum {
			t.Errorf("table %q: checksum %08x, recorded %08x", r.tag, sum, r.checksum)
		}
	}
	if got := tableChecksum(prog); got != 0xB1B0AFBA {
		t.Errorf("whole-font checksum %08x, want B1B0AFBA", got)
	}
	for _, tag := range []string{"cmap", "name", "OS/2", "post"} {
		for _, have := range tags {
			if have == tag {
				t.Errorf("the subset keeps the %q table, which a PDF's embedded TrueType does not need", tag)
			}
		}
	}
	again, _ := f.Subset([]int{han, 4, 4})
	if !bytes.Equal(again, prog) {
		t.Error("the subset depends on the order or repetition of the glyphs")
	}
}
