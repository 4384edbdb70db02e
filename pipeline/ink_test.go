package pipeline

import (
	"os"
	"testing"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/units"
)

// Rich black text is a warning at the [[page]] of its page; 100 % K text
// is not (it overprints).
func TestRichBlackTextWarned(t *testing.T) {
	plan, _ := printDir(t, noPPI, grayPNG(t, 2551, 3437), grayPNG(t, 900, 600))
	b, _ := os.ReadFile(plan)
	b = append(b, "\n[[overlay]]\nslot = \"01\"\n\n[[overlay.line]]\ntext = \"富黑标题\"\ny = \"250mm\"\nsize = \"12pt\"\ncolor = [50, 40, 40, 100]\n"...)
	os.WriteFile(plan, b, 0o644)
	_, diags := Run(plan, Options{})
	if !find(diags, diag.Warning, 17, "text on 01 is in rich black (C 50 M 40 Y 40 K 100)") {
		t.Errorf("no rich-black warning at the [[page]] of 01:\n%s", listOf(diags))
	}
	for _, d := range diags {
		if d.Severity == diag.Warning && d.Line != 17 && len(d.Message) > 0 && d.Message[:4] == "text" {
			t.Errorf("unexpected: %v", d)
		}
	}
}

// A fill over the ink limit is a warning; a large 100 % K fill a note; a
// small one, or a 60 % K one, nothing.
func TestFillInk(t *testing.T) {
	iss := &issue.Issue{PlanFile: "plan.toml", Slots: []issue.Slot{{Code: "01", Name: "01"}},
		Pages: []*issue.PageSpec{{Pos: issue.Pos{File: "plan.toml", Line: 7}, Slots: []int{0}}}}
	mm := units.FromMM
	p := &layout.Page{Code: "01", Label: "01", Rects: []layout.Rect{
		{W: mm(10), H: mm(10), Fill: layout.CMYK{C: 100, M: 100, Y: 100, K: 100}},
		{W: mm(30), H: mm(30), Fill: layout.Black},
		{W: mm(5), H: mm(5), Fill: layout.Black},
		{W: mm(50), H: mm(50), Fill: layout.CMYK{K: 60}},
	}}
	d := inkDiag(iss, &layout.Document{Pages: []*layout.Page{p}})
	if len(d) != 2 || !find(d, diag.Warning, 7, "400 % total ink") || !find(d, diag.Note, 7, "100 % K area of 9 cm² on 01 overprints") {
		t.Errorf("got:\n%s", listOf(d))
	}
}
