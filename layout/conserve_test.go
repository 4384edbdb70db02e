package layout

import (
	"strings"
	"testing"

	"github.com/paiban/paiban/units"
)

// The conservation check finds each way of losing text: a line dropped, a
// line set twice, characters changed, a line below the foot of the type
// area (the issue-9 bug: a range's last page ran past the foot, over the
// folio and off the page, with exit 0), a line across a column edge, and
// text that belongs to no article.
func TestConserveFindsEachViolation(t *testing.T) {
	md := "# 标题\n\n" + strings.Repeat("第一段的文字在这里排成好几行。", 8) + "\n\n" + strings.Repeat("第二段也有好几行文字。", 8) + "\n"
	files := map[string][]byte{"plan.toml": []byte(robustPlan), "a.md": []byte(md)}
	doc, msgs := layoutFiles(t, files, false)
	if msgs != "" {
		t.Fatalf("the plan does not set cleanly:\n%s", msgs)
	}
	iss := loadFiles(t, files)
	if d := Conserve(iss, doc, nil); len(d) != 0 {
		t.Fatalf("a correct layout fails the check:\n%v", d)
	}
	var p *Page
	for _, q := range doc.Pages {
		if q.Slot == "01" {
			p = q
		}
	}
	var body []int
	for k, l := range p.Placed {
		if l.Src.Part >= 0 {
			body = append(body, k)
		}
	}
	if len(body) < 6 {
		t.Fatalf("too few body lines: %d", len(body))
	}
	for _, c := range []struct {
		name   string
		tamper func(p *Page)
		want   string
	}{
		{"a line dropped", func(p *Page) { k := body[2]; p.Placed = append(p.Placed[:k:k], p.Placed[k+1:]...) }, "line 3 is missing"},
		{"the last line dropped", func(p *Page) { k := body[len(body)-1]; p.Placed = append(p.Placed[:k:k], p.Placed[k+1:]...) }, "are missing (lost)"},
		{"a line set twice", func(p *Page) { p.Placed = append(p.Placed, p.Placed[body[1]]) }, "is set twice"},
		{"characters changed", func(p *Page) { p.Placed[body[1]].Text = "改" + p.Placed[body[1]].Text[3:] }, "differ from the source"},
		{"below the foot", func(p *Page) { p.Placed[body[3]].Y = p.Frame.Top + p.Frame.H + 10*units.Pt }, "below the foot of the type area"},
		{"across a column edge", func(p *Page) { p.Placed[body[3]].X += p.Frame.ColW / 2 }, "across a column edge"},
		{"text of no article", func(p *Page) { l := p.Placed[body[0]]; l.Src.Content = 7; p.Placed = append(p.Placed, l) }, "belongs to no article part"},
		{"a type area past the trim", func(p *Page) { p.Frame.H = doc.TrimH }, "crosses the trim"},
	} {
		saved, frame := append([]Placed(nil), p.Placed...), p.Frame
		c.tamper(p)
		d := Conserve(iss, doc, nil)
		if len(d) == 0 || !strings.Contains(d[0].Message, c.want) || !strings.Contains(d[0].Message, "internal error") {
			t.Errorf("%s: want an internal error containing %q, got %v", c.name, c.want, d)
		}
		p.Placed, p.Frame = saved, frame
	}
}
