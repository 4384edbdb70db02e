package proof

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/sample"
	"github.com/paiban/paiban/units"
)

func sampleDoc(t *testing.T) *layout.Document {
	t.Helper()
	dir := t.TempDir()
	if err := sample.Write(dir); err != nil {
		t.Fatal(err)
	}
	iss, d := issue.Load(filepath.Join(dir, "plan.toml"))
	if d.HasErrors() {
		t.Fatal(d.Err())
	}
	serif, _ := fonts.Builtin("serif")
	sans, _ := fonts.Builtin("sans")
	doc, _, ld := layout.LayoutWith(iss, layout.Fonts{Body: serif, Heading: sans}, layout.Options{OversetPages: true})
	if ld.HasErrors() {
		t.Fatal(ld.Err())
	}
	return doc
}

func hashes(n int) []string {
	h := make([]string, n)
	for i := range h {
		h[i] = strings.Repeat("0123456789abcdef", 4)
	}
	return h
}

func text(p *layout.Page, below bool, limit int64) string {
	var b strings.Builder
	for _, r := range p.Runs {
		if (int64(r.Y) > limit) == below {
			b.WriteString(r.Text)
		}
	}
	return b.String()
}

func TestStampAndWatermark(t *testing.T) {
	doc := sampleDoc(t)
	before := doc.Pages[20].Trace()
	pd, err := Make(doc, Options{Round: 2, Date: "2026-01-09", Hashes: hashes(len(doc.Pages)), Changed: map[string]bool{"19": true}})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Pages[20].Trace() != before {
		t.Fatal("Make changed the document it was given")
	}
	if len(pd.Pages) != len(doc.Pages) || pd.TrimW != doc.TrimW {
		t.Fatalf("%d pages of width %v", len(pd.Pages), pd.TrimW)
	}
	limit := int64(doc.TrimH + doc.Bleed) // the stamp lies below the bleed
	for i, p := range pd.Pages {
		stamp := text(p, true, limit)
		want := "校样  之江月刊  2026年第1期  " + doc.Pages[i].Label + "  第2校  01234567  2026-01-09"
		if !strings.HasPrefix(stamp, want) {
			t.Fatalf("page %s: stamp %q, want %q", p.Slot, stamp, want)
		}
		if strings.Contains(stamp, "changed") != (p.Slot == "19") {
			t.Errorf("page %s: stamp %q", p.Slot, stamp)
		}
		// the watermark comes first: under every other run
		if len(p.Runs) < 2 || p.Runs[0].Color != watermarkColor || !strings.HasPrefix(p.Runs[0].Text+p.Runs[1].Text, "校") {
			t.Fatalf("page %s: no watermark under the text: %+v", p.Slot, p.Runs[0])
		}
		if got := text(p, false, limit); !strings.HasPrefix(got, "校样") || !strings.HasSuffix(got, text(doc.Pages[i], false, limit)) {
			t.Fatalf("page %s: content changed", p.Slot)
		}
	}
	for _, r := range pd.Pages[21].Rects {
		if r.Fill == changedColor {
			t.Fatal("an unchanged page has the changed bar")
		}
	}
}

func TestSpreads(t *testing.T) {
	doc := sampleDoc(t)
	sp := Spreads(doc)
	// 封面 alone, 33 pairs from 封二|01 to 64|封三, 封底 alone
	if len(sp.Pages) != 35 {
		t.Fatalf("%d spreads, want 35", len(sp.Pages))
	}
	if sp.TrimW != 2*doc.TrimW || sp.TrimH != doc.TrimH {
		t.Fatalf("spread size %v × %v", sp.TrimW, sp.TrimH)
	}
	want := []string{"封面", "封二|01", "02|03", "04|05"}
	for i, w := range want {
		if sp.Pages[i].Label != w {
			t.Errorf("spread %d is %q, want %q", i+1, sp.Pages[i].Label, w)
		}
	}
	if l := sp.Pages[33].Label; l != "64|封三" {
		t.Errorf("spread 34 is %q", l)
	}
	if l := sp.Pages[34].Label; l != "封底" {
		t.Errorf("spread 35 is %q", l)
	}
	// 封面 sits on the right half, 封底 on the left; no image crosses the spine
	for _, im := range sp.Pages[0].Images {
		if im.ClipX < doc.TrimW {
			t.Errorf("封面 image reaches the left half: %+v", im)
		}
	}
	for _, im := range sp.Pages[34].Images {
		if im.ClipX+im.ClipW > doc.TrimW {
			t.Errorf("封底 image reaches the right half: %+v", im)
		}
	}
	for _, p := range sp.Pages {
		for _, im := range p.Images {
			if im.ClipX < doc.TrimW && im.ClipX+im.ClipW > doc.TrimW {
				t.Errorf("%s: image crosses the spine: %+v", p.Label, im)
			}
		}
	}
	// every run of the issue is on some spread, moved by 0 or the trim width
	runs := 0
	for _, p := range doc.Pages {
		runs += len(p.Runs)
	}
	got := 0
	for _, p := range sp.Pages {
		got += len(p.Runs)
	}
	if got != runs {
		t.Errorf("%d runs on the spreads, %d on the pages", got, runs)
	}
}

// Overset pages follow the spread of their range's last page, on its side.
func TestSpreadsOverset(t *testing.T) {
	doc := sampleDoc(t)
	var pages []*layout.Page
	for _, p := range doc.Pages {
		pages = append(pages, p)
		if p.Slot == "05" || p.Slot == "06" {
			pages = append(pages, &layout.Page{Slot: p.Slot + "+1", Label: p.Slot + "+1 溢出", Overset: true,
				Runs: []layout.GlyphRun{{Font: 0, Size: 10000, X: 5000, Y: 5000, Text: "溢"}}})
		}
	}
	d := *doc
	d.Pages = pages
	sp := Spreads(&d)
	var labels []string
	for _, p := range sp.Pages[2:7] {
		labels = append(labels, p.Label)
	}
	want := "02|03 04|05 05+1 溢出 06|07 06+1 溢出"
	if strings.Join(labels, " ") != want {
		t.Fatalf("spreads %q, want %q", strings.Join(labels, " "), want)
	}
	if x := sp.Pages[4].Runs[0].X; x < doc.TrimW { // 05 is a right-hand page
		t.Errorf("05+1 is not on the right: x = %v", x)
	}
	if x := sp.Pages[6].Runs[0].X; x >= doc.TrimW { // 06 is a left-hand page
		t.Errorf("06+1 is not on the left: x = %v", x)
	}
	if len(sp.Pages) != 37 {
		t.Errorf("%d spreads, want 37", len(sp.Pages))
	}
}

// On a narrow page the stamp ran past the page's edge, so
// that its hash and date were cut off.
func TestStampFitsANarrowPage(t *testing.T) {
	doc := sampleDoc(t)
	doc.TrimW = units.FromMM(60)
	pd, err := Make(doc, Options{Round: 123456789, Date: "2026-01-09", Hashes: hashes(len(doc.Pages)), Changed: map[string]bool{"05": true}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pd.Pages {
		if p.Slot != "04" && p.Slot != "05" {
			continue
		}
		for _, r := range p.Runs {
			if r.Y <= doc.TrimH+doc.Bleed {
				continue // not in the slug
			}
			end := r.X
			for _, c := range r.Text {
				end += r.Size.Scale(int64(fontOf(doc, r.Font).Advance(c)), int64(fontOf(doc, r.Font).UnitsPerEm))
			}
			if r.X < 0 || end > doc.TrimW {
				t.Errorf("page %s: stamp run %q from %v to %v, past the trim width %v", p.Slot, r.Text, r.X, end, doc.TrimW)
			}
		}
	}
}

func fontOf(doc *layout.Document, i int) *fonts.Face { return doc.Fonts[i] }

// A document whose fonts lack 校样 still gets a whole stamp and watermark:
// the embedded sans sets what they lack (no "?" and nothing dropped).
func TestStampInFontsWithoutTheMarks(t *testing.T) {
	small, err := fonts.Load("../fonts/testdata/serif-sub.ttf", 0)
	if err != nil {
		t.Fatal(err)
	}
	if small.Has('校') || small.Has('样') {
		t.Fatal("the test font has 校样; pick one that lacks them")
	}
	doc := &layout.Document{Title: "刊", Number: "1", TrimW: 400 * units.Pt, TrimH: 600 * units.Pt, Bleed: 8 * units.Pt,
		Fonts: []*fonts.Face{small}, Pages: []*layout.Page{{Slot: "01", Code: "01", Label: "01"}}}
	out, err := Make(doc, Options{Round: 2, Date: "2026-01-05"})
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, r := range out.Pages[0].Runs {
		text.WriteString(r.Text)
	}
	if s := text.String(); !strings.Contains(s, "校样") || !strings.Contains(s, "第2校") || strings.Contains(s, "?") {
		t.Errorf("stamp and watermark: %q", s)
	}
	if len(doc.Fonts) != 1 {
		t.Error("the input document was changed")
	}
}
