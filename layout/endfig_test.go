package layout

import (
	"regexp"
	"strings"
	"testing"

	"github.com/paiban/paiban/units"
)

// A figure across the columns met on the last page of a range, with no
// page after it, is given a place on the pages there are — the top of its
// page, the text before it there set below it — and only when none has
// the room is the build an error, at the figure's line, naming it and the
// range (these plans overset before: the figure waited for a next page).
func TestFloatAtTheEndOfARange(t *testing.T) {
	for _, c := range []struct {
		name       string
		cols       int
		md         string
		paras, aft int
		err        string // the error expected, a regular expression; "": set
	}{
		{"page", 2, "![图片说明](fig0.png){width=page}", 19, 1, ""},
		{"bleed", 2, "![图片说明](fig0.png){width=bleed}", 18, 0, ""},
		{"2col", 3, "![图片说明](fig0.png){width=2col}", 23, 0, ""},
		{"3col", 4, "![图片说明](fig0.png){width=3col}", 22, 0, ""},
		{"box", 2, "::: box 小贴士 {width=page}\n" + strings.Repeat("盒子里的文字。", 40) + "\n:::", 25, 1, ""},
		{"box-too-much", 2, "::: box 小贴士 {width=page}\n" + strings.Repeat("盒子里的文字。", 40) + "\n:::", 26, 1, `a\.md:55: overset: box "小贴士盒子里的文字。盒子…" \(9 lines across the columns\) finds no place in slots 01-02`},
		{"page-too-much", 2, "![图片说明](fig0.png){width=page}", 20, 1, `a\.md:43: overset: figure .*fig0\.png \(24 lines across the columns\) finds no place in slots 01-02 栏目`},
		{"2col-too-much", 3, "![图片说明](fig0.png){width=2col}", 25, 0, `a\.md:53: overset: figure .*fig0\.png \(16 lines across 2 columns\) finds no place in slots 01-02`},
	} {
		doc, msgs := layoutFiles(t, spanPlan(c.cols, c.md, c.paras, c.aft), false)
		if c.err != "" {
			if !regexp.MustCompile(c.err).MatchString(msgs) || strings.Count(msgs, "\n") != 1 {
				t.Errorf("%s: want one error %s, got:\n%s", c.name, c.err, msgs)
			}
			continue
		}
		if msgs != "" {
			t.Errorf("%s: %s", c.name, msgs)
			continue
		}
		var p *Page
		for _, q := range doc.Pages {
			if q.Slot == "02" { // the range's last page
				p = q
			}
		}
		_, y, _, _, ok := spanOf(p)
		if !ok || y >= p.Frame.Top+units.FromPt(17) {
			t.Errorf("%s: the figure is not at the top of 02 (%v, at %v)", c.name, ok, y)
		}
		if v := doc.CheckTypography(); len(v) > 0 {
			t.Errorf("%s: typography: %v", c.name, v)
		}
	}
}

// Two floats across columns at the end of a one-page range: hoisting the
// figure leaves the box behind it without a place, and that is hoisted in
// turn (a move that placed one float and lost the other was refused, and
// the page, a third of it empty, was an overset error).
func TestTwoFloatsAtTheEndOfARange(t *testing.T) {
	files := spanPlan(3, "", 0, 0)
	files["plan.toml"] = []byte(strings.Replace(string(files["plan.toml"]), `slots = "01-02"`, `slots = "01"`, 1))
	para := strings.Repeat("这是一段足够长的文字，用来填满栏目。", 3) + "\n\n"
	files["a.md"] = []byte("# 标题\n\n" + strings.Repeat(para, 14) + "![图片说明](fig0.png){width=2col}\n\n::: 资料链接 {width=2col}\n" + strings.Repeat("盒子里的文字。", 8) + "\n:::\n")
	doc, msgs := layoutFiles(t, files, false)
	if msgs != "" {
		t.Fatal(msgs)
	}
	if v := doc.CheckTypography(); len(v) > 0 {
		t.Errorf("typography: %v", v)
	}
}

// A figure across some columns met at the end of an article, too late for
// its page, is not set on the next page after the next article's title:
// it is hoisted to a place in its own article.
func TestFloatNotAfterTheNextTitle(t *testing.T) {
	files := spanPlan(3, "", 0, 0)
	plan := strings.Replace(string(files["plan.toml"]), `content = ["a.md"]`, `content = ["a.md", "b.md"]`, 1)
	files["plan.toml"] = []byte(strings.Replace(plan, `slots = "01-02"`, `slots = "01-03"`, 1))
	files["a.md"] = []byte("# 甲文\n\n" + strings.Repeat(strings.Repeat("这是一段足够长的文字，用来填满栏目。", 3)+"\n\n", 20) + "![甲的图](fig0.png){width=2col}\n")
	files["b.md"] = []byte("# 乙文\n\n" + strings.Repeat("乙文的段落，乙文的段落，乙文的段落。\n\n", 60))
	doc, msgs := layoutFiles(t, files, false)
	if msgs != "" {
		t.Fatal(msgs)
	}
	figPage, titlePage := -1, -1
	for k, p := range doc.Pages {
		if len(p.Images) > 0 {
			figPage = k
		}
		for _, l := range p.Placed {
			if l.Text == "乙文" {
				titlePage = k
			}
		}
	}
	if figPage < 0 || titlePage < 0 || figPage > titlePage {
		t.Errorf("the first article's figure is on page %d, the second's title on page %d", figPage, titlePage)
	}
	if v := doc.CheckTypography(); len(v) > 0 {
		t.Errorf("typography: %v", v)
	}
}
