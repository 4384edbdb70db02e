package manifest

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/units"
)

// Line records: the box in PDF coordinates (bleed, slug), the characters'
// edges from the glyph runs (spacing included), the source line of each
// set line (a block spanning source lines), and a Marshal/Parse round trip.
func TestAddLines(t *testing.T) {
	serif, err := fonts.Builtin("serif")
	if err != nil {
		t.Fatal(err)
	}
	size := units.FromPt(10)
	pt := units.FromPt
	iss := &issue.Issue{PlanFile: "/x/plan.toml", Pages: []*issue.PageSpec{{Content: []*issue.Content{{Kind: issue.KindArticle, Article: &issue.Article{
		File: "/x/articles/a.md", TitlePos: issue.Pos{Line: 1},
		Blocks: []issue.Block{{Kind: issue.Para, Text: "甲乙丙丁戊己", Line: 5, LineStarts: []int{3}}},
	}}}}}}
	p := &layout.Page{Slot: "01", Label: "01",
		Runs: []layout.GlyphRun{
			{Font: 0, Size: size, X: pt(50), Y: pt(100), Text: "甲乙丙", Spacing: pt(1)},
			{Font: 0, Size: size, X: pt(300), Y: pt(100), Text: "丙丙"}, // another column
			{Font: 0, Size: size, X: pt(50), Y: pt(120), Text: "丁戊己"},
		},
		Placed: []layout.Placed{
			{Src: layout.Src{Part: 0, Seq: 0}, Text: "甲乙丙", X: pt(50), Y: pt(100), W: pt(100), End: pt(82), Size: size},
			{Src: layout.Src{Part: 0, Seq: 1, Last: true}, Text: "丁戊己", X: pt(50), Y: pt(120), W: pt(100), End: pt(80), Size: size},
		}}
	doc := &layout.Document{TrimW: pt(400), TrimH: pt(600), Bleed: pt(9), Fonts: []*fonts.Face{serif}, Pages: []*layout.Page{p}}
	m, err := NewHasher().Compute(doc, "plan.toml", "proof")
	if err != nil {
		t.Fatal(err)
	}
	m.AddLines(iss, doc, pt(40))
	l := m.Pages[0].Lines
	if len(l) != 2 || l[0].File != "articles/a.md" || l[0].Line != 5 || l[1].Line != 6 {
		t.Fatalf("lines %+v", l)
	}
	// x: bleed + 50; y: bleed + slug + trim height − baseline ∓ descent/ascent
	if want := [4]float64{59, 9 + 40 + 600 - 101.2, 59 + 3*10 + 2, 9 + 40 + 600 - 91.2}; l[0].Box != want {
		t.Errorf("box %v, want %v", l[0].Box, want)
	}
	if e := l[0].Edges(); !reflect.DeepEqual(e, []float64{59, 70, 81, 91}) {
		t.Errorf("edges %v (adv %q)", e, l[0].Adv)
	}
	if l[0].Adv != "11000*2 10000" {
		t.Errorf("adv %q", l[0].Adv)
	}
	got, err := Parse(m.Marshal())
	if err != nil || !reflect.DeepEqual(got, m) {
		t.Fatalf("round trip: %v\n%+v\n%+v", err, got, m)
	}
	// a damaged record: the characters share the box
	bad := l[1]
	bad.Adv = "x"
	if e := bad.Edges(); len(e) != 4 || math.Abs(e[3]-bad.Box[2]) > 1e-9 {
		t.Errorf("damaged advances: %v", e)
	}
}

// The line records read as what encoding/json writes reads.
func TestLineJSON(t *testing.T) {
	for _, l := range []Line{
		{Box: [4]float64{1.5, 2, 300.125, -4}, Text: "“引号”\"\\\t\u2028<&>", File: "a b/文.md", Line: 3, Part: -1, Seq: 2, Hyphen: true, Adv: "10000*3 5000"},
		{Text: "bad \xff utf-8"},
	} {
		std, _ := json.Marshal(l)
		var a, b Line
		if err := json.Unmarshal(l.appendJSON(nil), &a); err != nil {
			t.Fatalf("%s: %v", l.appendJSON(nil), err)
		}
		if err := json.Unmarshal(std, &b); err != nil || !reflect.DeepEqual(a, b) {
			t.Errorf("%s reads as %+v, want %+v", l.appendJSON(nil), a, b)
		}
	}
}
