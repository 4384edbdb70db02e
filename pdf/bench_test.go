package pdf

import (
	"testing"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/units"
)

// bigDoc is the size of a real issue: 68 pages, 5,000 runs of 24 hanzi
// (~120,000 glyphs, ~3,500 distinct) in 3 fonts of 2–3 MB, with rules,
// tinted boxes and an image on every page.
func bigDoc(tb testing.TB) *layout.Document {
	tb.Helper()
	serif, err := fonts.Builtin("serif")
	if err != nil {
		tb.Fatal(err)
	}
	sans, err := fonts.Builtin("sans")
	if err != nil {
		tb.Fatal(err)
	}
	// A third face: the serif data again under another name (a separate
	// font to gopdf, as a fallback face would be).
	third, err := fonts.Parse("serif-copy", serif.Data, 0)
	if err != nil {
		tb.Fatal(err)
	}
	var han []rune
	for r := rune(0x4E00); r <= 0x9FA5 && len(han) < 3500; r++ {
		if serif.Has(r) && sans.Has(r) {
			han = append(han, r)
		}
	}
	doc := &layout.Document{
		Title: "bench", TrimW: units.FromMM(210), TrimH: units.FromMM(285), Bleed: units.FromMM(3),
		Fonts: []*fonts.Face{serif, sans, third},
	}
	const pages, runsPerPage, perRun = 68, 74, 24
	k := 0
	size := units.FromPt(9)
	for p := 0; p < pages; p++ {
		pg := &layout.Page{Slot: "x", Label: "x"}
		pg.Rects = []layout.Rect{{X: units.FromMM(15), Y: units.FromMM(15), W: units.FromMM(180), H: units.FromMM(8), Fill: layout.CMYK{C: 10, M: 5}}}
		pg.Lines = []layout.Line{{X1: units.FromMM(15), Y1: units.FromMM(25), X2: units.FromMM(195), Y2: units.FromMM(25), Width: units.FromPt(0.5), Color: layout.Black}}
		pg.Images = []layout.Image{{Path: "testdata/cmyk.jpg", X: units.FromMM(120), Y: units.FromMM(200), W: units.FromMM(60), H: units.FromMM(60)}}
		for r := 0; r < runsPerPage; r++ {
			text := make([]rune, perRun)
			for i := range text {
				text[i] = han[k%len(han)]
				k += 7
			}
			col := r / 37
			line := r % 37
			run := layout.GlyphRun{
				Font: (r / 25) % 3, Size: size,
				X:       units.FromMM(15) + units.Length(col)*units.FromMM(93),
				Y:       units.FromMM(30) + units.Length(line)*units.FromPt(15),
				Text:    string(text),
				Spacing: units.Length(r % 5 * 13),
				Color:   layout.Black,
			}
			if r%20 == 0 {
				run.Color = layout.CMYK{C: 100, M: 60}
			}
			pg.Runs = append(pg.Runs, run)
		}
		doc.Pages = append(doc.Pages, pg)
	}
	return doc
}

func BenchmarkWrite(b *testing.B) {
	doc := bigDoc(b)
	n := 0
	for _, p := range doc.Pages {
		for _, r := range p.Runs {
			n += len([]rune(r.Text))
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	var size int
	for b.Loop() {
		out, err := Bytes(doc)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size)/1e6, "MB")
	b.ReportMetric(float64(n), "glyphs")
}
