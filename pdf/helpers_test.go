package pdf

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/units"
)

func builtin(t testing.TB, name string) *fonts.Face {
	t.Helper()
	f, err := fonts.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// withUnitsPerEm returns a copy of a face whose head.unitsPerEm says upem:
// every advance becomes a fraction of an em that is not a whole number of
// thousandths, as in 2048-unit fonts, which is what tests of exact glyph
// placement need. (The outlines scale too; nothing here looks at them.)
func withUnitsPerEm(t testing.TB, f *fonts.Face, upem uint16) *fonts.Face {
	t.Helper()
	data := append([]byte(nil), f.Data...)
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		if string(rec[:4]) == "head" {
			off := binary.BigEndian.Uint32(rec[8:])
			binary.BigEndian.PutUint16(data[off+18:], upem)
			g, err := fonts.Parse(f.Name+"@"+string(rune('0'+upem%10)), data, 0)
			if err != nil {
				t.Fatal(err)
			}
			return g
		}
	}
	t.Fatal("no head table")
	return nil
}

// parsed is the face of data, or for data that is not a usable font a face
// that holds it unparsed (the writer must refuse it without panicking).
func parsed(t testing.TB, name string, data []byte) *fonts.Face {
	if f, err := fonts.Parse(name, data, 0); err == nil {
		return f
	}
	return &fonts.Face{Name: name, Data: data}
}

func mm(v float64) units.Length { return units.FromMM(v) }

// sampleDoc builds a small two-page document: text in the builtin serif and
// in the builtin sans made a 2048-unit font, rects, lines.
func sampleDoc(t testing.TB) *layout.Document {
	serif := builtin(t, "serif")
	sans := withUnitsPerEm(t, builtin(t, "sans"), 2048)
	doc := &layout.Document{
		Title: "测试", TrimW: mm(210), TrimH: mm(285), Bleed: mm(3),
		Fonts: []*fonts.Face{serif, sans},
	}
	p1 := &layout.Page{Slot: "封面", Label: "封面"}
	p1.Rects = append(p1.Rects, layout.Rect{X: -mm(3), Y: -mm(3), W: mm(216), H: mm(40), Fill: layout.CMYK{C: 100, M: 50}})
	p1.Lines = append(p1.Lines, layout.Line{X1: mm(20), Y1: mm(50), X2: mm(190), Y2: mm(50), Width: units.FromPt(0.5), Color: layout.CMYK{M: 100}})
	p1.Runs = append(p1.Runs,
		layout.GlyphRun{Font: 0, Size: units.FromPt(24), X: mm(20), Y: mm(30), Text: "中华人民共和国，你好。", Color: layout.CMYK{Y: 100}},
		layout.GlyphRun{Font: 0, Size: units.FromPt(9), X: mm(20), Y: mm(70), Text: "排版测试正文文字，“一二三”（四五）《六七》——八九十……", Spacing: units.FromPt(0.37), Color: layout.Black},
		layout.GlyphRun{Font: 1, Size: units.FromPt(9), X: mm(20), Y: mm(80), Text: "Hello, World! Typesetting 0123456789 AVAWAY fi 汉字", Spacing: units.FromPt(-0.1), Color: layout.Black},
	)
	p2 := &layout.Page{Slot: "封二", Label: "封二"}
	p2.Runs = append(p2.Runs, layout.GlyphRun{Font: 1, Size: units.FromPt(10.5), X: mm(30), Y: mm(100), Text: "Page two", Color: layout.Black})
	doc.Pages = []*layout.Page{p1, p2}
	return doc
}

// renderCMYK writes doc's first page and renders it with mutool at 72 dpi in
// CMYK; the result gives the ink of the pixel at (x, y) points from the
// MediaBox's top left.
func renderCMYK(t *testing.T, doc *layout.Document) func(x, y float64) [4]byte {
	t.Helper()
	return renderCMYKWith(t, doc, Options{})
}

// renderCMYKWith is renderCMYK with options.
func renderCMYKWith(t *testing.T, doc *layout.Document, opt Options) func(x, y float64) [4]byte {
	t.Helper()
	b, err := BytesWith(doc, opt)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "img.pdf")
	os.WriteFile(in, b, 0o644)
	pam := filepath.Join(dir, "img.pam")
	if out, err := exec.Command("mutool", "draw", "-q", "-r", "72", "-c", "cmyk", "-o", pam, in).CombinedOutput(); err != nil {
		t.Fatalf("mutool: %v\n%s", err, out)
	}
	d, _ := os.ReadFile(pam)
	end := bytes.Index(d, []byte("ENDHDR\n"))
	var w int
	fmt.Sscanf(string(d[bytes.Index(d, []byte("WIDTH")):]), "WIDTH %d", &w)
	px := d[end+7:]
	return func(x, y float64) [4]byte {
		o := (int(y)*w + int(x)) * 4
		return [4]byte(px[o : o+4])
	}
}
