package layout

import (
	"strings"
	"testing"

	"github.com/paiban/paiban/units"
)

// designPlan is a four-page issue whose pages 01–02 hold one article.
var designPlan = strings.Replace(robustPlan, "slots = \"01\"\n", "slots = \"01-02\"\nsection = \"栏目\"\n", 1)

// headOn reports whether page p has a running head: a rule across the top
// margin (every page with a running head has one; nothing else draws there).
func headOn(doc *Document, p *Page) bool {
	for _, l := range p.Lines {
		if l.Y1 == l.Y2 && l.Y1 < units.FromMM(20) && l.X2-l.X1 > doc.TrimW/2 {
			return true
		}
	}
	return false
}

// runText is every glyph run of p, concatenated.
func runText(p *Page) string {
	var b strings.Builder
	for _, r := range p.Runs {
		b.WriteString(r.Text)
	}
	return b.String()
}

// A page of a range that nothing reached, and a pending page, get no
// running head; a page with text does.
func TestNoRunningHeadOnEmptyOrPendingPage(t *testing.T) {
	plan := designPlan + "[[page]]\nslots = \"03\"\nsection = \"待定栏目\"\n"
	md := "# 标题\n\n" + strings.Repeat("这是一段文字，只够排满一页的一部分。", 20) + "\n"
	doc, msgs := layoutFiles(t, map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte(md)}, false)
	if !strings.Contains(msgs, "left empty") || !strings.Contains(msgs, "pending") {
		t.Fatalf("want the empty page 02 and the pending page 03 reported, got:\n%s", msgs)
	}
	p1, p2, p3 := doc.Pages[2], doc.Pages[3], doc.Pages[4]
	if !headOn(doc, p1) || !strings.Contains(runText(p1), "栏目") {
		t.Errorf("page 01 (with text) has no running head")
	}
	if headOn(doc, p2) || strings.Contains(runText(p2), "栏目") {
		t.Errorf("page 02 (empty) has a running head: %q", runText(p2))
	}
	if headOn(doc, p3) || strings.Count(runText(p3), "待定栏目") != 1 {
		t.Errorf("page 03 (pending) has a running head, or no placeholder: %q", runText(p3))
	}
}

// running_head replaces the section in the running head; "" sets none
// (the rule stays); an accent colours it and adds its bar.
func TestRunningHeadByRange(t *testing.T) {
	md := "# 标题\n\n" + strings.Repeat("这是一段足够长的文字，用来填满两页的两栏，一页接着一页。", 130) + "\n"
	for _, c := range []struct {
		key, want string
		bars      int
	}{
		{"", "栏目", 1},
		{"running_head = \"本期策划\"\n", "本期策划", 1},
		{"running_head = \"本期策划\"\naccent = [0, 90, 85, 0]\n", "本期策划", 2},
		{"running_head = \"\"\n", "", 1},
	} {
		plan := strings.Replace(designPlan, "section = \"栏目\"\n", "section = \"栏目\"\n"+c.key, 1)
		doc, msgs := layoutFiles(t, map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte(md)}, false)
		if msgs != "" {
			t.Fatalf("%q: %s", c.key, msgs)
		}
		for _, p := range doc.Pages[2:4] {
			txt := runText(p)
			if c.want != "" && !strings.Contains(txt, c.want) || c.want != "栏目" && strings.Contains(txt, "栏目") {
				t.Errorf("%q: page %s: running head is not %q: %q", c.key, p.Slot, c.want, txt[:min(len(txt), 40)])
			}
			bars := 0
			for _, l := range p.Lines {
				if l.Y1 < units.FromMM(20) {
					bars++
					if c.bars == 2 && l.Width > units.FromPt(1) && l.Color != (CMYK{0, 90, 85, 0}) {
						t.Errorf("%q: the bar is %v", c.key, l.Color)
					}
				}
			}
			if bars != c.bars {
				t.Errorf("%q: page %s: %d rules in the head, want %d", c.key, p.Slot, bars, c.bars)
			}
		}
	}
}

// opening = "title": the first page has no running head and the title
// block across the columns, larger, at the foot of a third of the page;
// opening_image: the image covers the top of the first page to the bleed
// and the text starts below it on the page's grid.
func TestOpeningLayouts(t *testing.T) {
	md := "# 山坳里的新年第一播\n\n" + strings.Repeat("这是一段足够长的文字，用来填满两页的两栏，一页接着一页。", 80) + "\n"
	files := map[string][]byte{"a.md": []byte(md), "open.png": genFigureFiles["fig2.png"]}

	files["plan.toml"] = []byte(strings.Replace(designPlan, "section = \"栏目\"\n", "section = \"栏目\"\nopening = \"title\"\n", 1))
	doc, msgs := layoutFiles(t, files, false)
	if msgs != "" {
		t.Fatal(msgs)
	}
	p1, p2 := doc.Pages[2], doc.Pages[3]
	if headOn(doc, p1) || !headOn(doc, p2) {
		t.Errorf("opening page has a running head (%v), or the next has none (%v)", headOn(doc, p1), headOn(doc, p2))
	}
	var title *Placed
	for i, l := range p1.Placed {
		if l.Src.Part == PartTitle {
			title = &p1.Placed[i]
		}
	}
	if title == nil || !title.Span || title.Size < 10*units.FromPt(3) {
		t.Fatalf("the opening title is not across the columns and large: %+v", title)
	}
	if third := p1.Frame.Top + p1.Frame.H/4; title.Y < third {
		t.Errorf("the opening title is at %v, above a quarter of the type area (%v): no title area", title.Y, third)
	}
	if d := doc.CheckTypography(); len(d) > 0 {
		t.Errorf("typography: %v", d)
	}

	files["plan.toml"] = []byte(strings.Replace(designPlan, "section = \"栏目\"\n", "section = \"栏目\"\nopening_image = \"open.png\"\n", 1))
	doc, msgs = layoutFiles(t, files, false)
	if msgs != "" {
		t.Fatal(msgs)
	}
	p1 = doc.Pages[2]
	if headOn(doc, p1) || len(p1.Images) != 1 {
		t.Fatalf("opening image page: head %v, %d images", headOn(doc, p1), len(p1.Images))
	}
	im := p1.Images[0]
	if im.ClipX != -doc.Bleed || im.ClipY != -doc.Bleed || im.ClipW != doc.TrimW+2*doc.Bleed || im.ClipY+im.ClipH > p1.Frame.Top {
		t.Errorf("opening image clip %v,%v %v×%v; type area from %v", im.ClipX, im.ClipY, im.ClipW, im.ClipH, p1.Frame.Top)
	}
	L := units.FromPt(17)
	if (p1.Frame.Top-units.FromMM(20))%L != 0 || p1.Frame.Top < doc.TrimH*4/10 {
		t.Errorf("type area below the image starts at %v: not on the grid or not below the image", p1.Frame.Top)
	}
	for _, l := range p1.TextLines {
		if l.Y < im.ClipY+im.ClipH {
			t.Errorf("text under the opening image: %q", l.Text)
		}
	}
	if d := doc.CheckTypography(); len(d) > 0 {
		t.Errorf("typography: %v", d)
	}
}
