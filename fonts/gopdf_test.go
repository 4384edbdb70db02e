package fonts

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/signintech/gopdf"
)

// These tests prove that what this package accepts, gopdf v0.37.0 (the PDF
// writer) can load and set, and that Has agrees with gopdf's own glyph lookup.

type pdfFace struct {
	name string
	face *Face
}

func pdfFaces(t *testing.T) []pdfFace {
	t.Helper()
	var fs []pdfFace
	for _, n := range []string{"serif", "sans"} {
		f, err := Builtin(n)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, pdfFace{"builtin:" + n, f})
	}
	for _, c := range []struct {
		file  string
		index int
	}{{"serif-sub.ttf", 0}, {"sans-sub.ttf", 0}, {"pair.ttc", 0}, {"pair.ttc", 1}} {
		fs = append(fs, pdfFace{fmt.Sprintf("%s#%d", c.file, c.index), loadFixture(t, c.file, c.index)})
	}
	return fs
}

// newPDF starts a document with f loaded as font "f" and selected; missing
// collects the characters gopdf reports as not found.
func newPDF(t *testing.T, f *Face, missing *[]rune) *gopdf.GoPdf {
	t.Helper()
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	pdf.AddPage()
	opt := gopdf.TtfOption{OnGlyphNotFound: func(r rune) { *missing = append(*missing, r) }}
	if err := pdf.AddTTFFontDataWithOption("f", f.Data, opt); err != nil {
		t.Fatalf("%s: gopdf AddTTFFontData: %v", f.Name, err)
	}
	if err := pdf.SetFont("f", "", 12); err != nil {
		t.Fatal(err)
	}
	return pdf
}

func TestGopdfLoadsAndRenders(t *testing.T) {
	lines := []string{
		"永和九年，岁在癸丑，暮春之初。",
		"、。，“”—…·",
		"强主动 强探索 强推进（县委常委、组织部长 宋波）",
		"ABC abc 0123 镕堃喆 𠂇",
	}
	for _, pf := range pdfFaces(t) {
		var missing []rune
		pdf := newPDF(t, pf.face, &missing)
		set := 0
		for i, line := range lines {
			y := 50 + 20*float64(i)
			for j, r := range []rune(line) {
				if !pf.face.Has(r) {
					continue
				}
				pdf.SetXY(40+13*float64(j), y) // position every glyph: see gopdf.md, "quadratic trap"
				if err := pdf.Text(string(r)); err != nil {
					t.Fatalf("%s: Text(%q): %v", pf.name, r, err)
				}
				set++
			}
		}
		if len(missing) > 0 {
			t.Errorf("%s: gopdf found no glyph for %q although Has said yes", pf.name, string(missing))
		}
		out, err := pdf.GetBytesPdfReturnErr()
		if err != nil {
			t.Fatalf("%s: %v", pf.name, err)
		}
		if !bytes.Contains(out, []byte("/FontFile2")) || set < 5 {
			t.Errorf("%s: no embedded TrueType font in the PDF, or nothing set (%d glyphs)", pf.name, set)
		}
	}
}

// Has must agree with gopdf's own lookup (IsCurrFontContainGlyph) for every
// BMP code point and for the fixtures' supplementary-plane character, so
// that the typesetter reports a missing character instead of gopdf silently
// printing a blank.
func TestHasAgreesWithGopdf(t *testing.T) {
	extra := []rune{0x20087, 0x20088, 0x2CB5A, 0x1F600, 0x10FFFF}
	for _, pf := range pdfFaces(t) {
		var missing []rune
		pdf := newPDF(t, pf.face, &missing)
		step := rune(1)
		if testing.Short() {
			step = 7
		}
		disagree := 0
		check := func(r rune) {
			g, err := pdf.IsCurrFontContainGlyph(r)
			if err != nil {
				t.Fatalf("%s: %U: %v", pf.name, r, err)
			}
			if g != pf.face.Has(r) {
				if disagree++; disagree <= 10 {
					t.Errorf("%s: %U %q: Has = %v, gopdf = %v", pf.name, r, r, pf.face.Has(r), g)
				}
			}
		}
		for r := rune(0); r < 0xFFFF; r += step {
			check(r)
		}
		for _, r := range extra {
			check(r)
		}
	}
}

// gopdf v0.37.0 sets supplementary-plane characters through the font's
// (3,10) format-12 cmap; the fixture maps U+20087 𠂇.
func TestGopdfNonBMP(t *testing.T) {
	f := loadFixture(t, filepath.Join("serif-sub.ttf"), 0)
	if !f.Has(0x20087) {
		t.Fatal("fixture lacks U+20087")
	}
	var missing []rune
	pdf := newPDF(t, f, &missing)
	pdf.SetXY(50, 50)
	if err := pdf.Text("永𠂇"); err != nil {
		t.Fatal(err)
	}
	if len(missing) > 0 {
		t.Errorf("gopdf reports %q missing", string(missing))
	}
	if _, err := pdf.GetBytesPdfReturnErr(); err != nil {
		t.Fatal(err)
	}
}
