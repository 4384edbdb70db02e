package layout

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// Narrow measures (issue 9): long Latin tokens break at sensible points
// instead of letter-spacing the Chinese line or leaving a hanzi alone.
func TestNarrowLatinBreaks(t *testing.T) {
	for _, c := range []struct {
		text    string
		widthEm int
		want    []string // each must end some line
		never   []string // no line may end with these
	}{
		{"安装软件包linux-image-6.1.0-18-amd64之后重启系统。", 10, []string{"-"}, nil},
		{"调用XML_Parser_Create函数创建解析器对象。", 8, []string{"_"}, nil},
		{"详见https://www.debian.org/doc/manuals/debian-faq/说明。", 8, []string{"/"}, []string{"https:/", "http:"}},
		{"国际化internationalization是一个很长的英文单词。", 8, []string{"\u00ad"}, nil},
	} {
		lines, _ := breakText(t, c.text, c.widthEm, false)
		joined := strings.Join(lines, "|")
		for _, w := range c.want {
			found := false
			for _, l := range lines[:len(lines)-1] {
				found = found || strings.HasSuffix(l, w)
			}
			if !found {
				t.Errorf("%q: no line ends with %q: %s", c.text, w, joined)
			}
		}
		for _, l := range lines {
			for _, n := range c.never {
				if strings.HasSuffix(l, n) {
					t.Errorf("%q: a line ends with %q: %s", c.text, n, joined)
				}
			}
			if r := []rune(l); len(r) == 1 && classOf(r[0]) == clHan {
				t.Errorf("%q: a single hanzi on a line: %s", c.text, joined)
			}
		}
	}
}

// A space typed beside a full-width mark ("tar.gz ，", "节 “Debian") is
// dropped: the mark's blank half is the space.
func TestSpaceBesideFullWidthMarkDropped(t *testing.T) {
	st := fakeStyle()
	it := itemizer{}
	for _, text := range []string{"下载tar.gz ，然后解压", "第三节 “Debian”一词"} {
		atoms, p := it.itemize([]rune(text), st)
		for i, j := range p.Joints {
			if fullWidthMark(atoms[i].class) || fullWidthMark(atoms[i+1].class) {
				if j.W != 0 {
					t.Errorf("%q: a %v space beside %q", text, j.W, string(atoms[i].last())+string(atoms[i+1].first()))
				}
			}
		}
	}
}

// A long title in a narrow column is set smaller to fit in three lines.
func TestLongTitleFitsThreeLines(t *testing.T) {
	serif, _ := fonts.Builtin("serif")
	sans, _ := fonts.Builtin("sans")
	e := &engine{S: 10 * units.Pt, L: 17 * units.Pt, missing: map[missKey]*missInfo{}, iss: &issue.Issue{}}
	e.heading = &faceChain{faces: []metrics{faceMetrics{sans}, faceMetrics{serif}}, ids: []int{1, 0}, cache: map[rune]int{}}
	e.body = &faceChain{faces: []metrics{faceMetrics{serif}, faceMetrics{sans}}, ids: []int{0, 1}, cache: map[rune]int{}}
	a := articleWithTitle("基层干部走进田间地头，把群众的事办在家门口")
	width := 13 * e.S
	full := e.headlineLines(a.Title, e.titleStyle(), width, "", 0)
	st := e.fitTitle(a, width, e.titleStyle())
	got := e.headlineLines(a.Title, st, width, "", 0)
	if len(full) <= maxTitleLines {
		t.Fatalf("the test title fits in %d lines at full size: not a test", len(full))
	}
	if len(got) > maxTitleLines || st.size >= e.titleStyle().size {
		t.Errorf("title in %d lines at %v (full size: %d lines)", len(got), st.size, len(full))
	}
}

func articleWithTitle(title string) *issue.Article { return &issue.Article{Title: title} }

// A page of a range filled under a quarter is reported, with its fill.
func TestThinPageReported(t *testing.T) {
	plan := strings.Replace(robustPlan, `slots = "01"`, `slots = "01-02"`, 1)
	md := "# 标题\n\n" + strings.Repeat("这是一段足够长的文字，用来填满第一页的两栏。", 95) + "\n"
	iss := loadFiles(t, map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte(md)})
	serif, _ := fonts.Builtin("serif")
	sans, _ := fonts.Builtin("sans")
	_, _, d := Layout(iss, Fonts{Body: serif, Heading: sans})
	found := false
	for _, x := range d {
		found = found || strings.Contains(x.Message, "page 02 (") && strings.Contains(x.Message, "filled under a quarter")
	}
	if !found {
		t.Errorf("no warning for a thin page 02:\n%v", d)
	}
}

// A body font without the text's characters set them all in the heading
// face without a word; now that is a warning that names them.
func TestBorrowedGlyphsReported(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "fonts", "testdata", "serif-sub.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	body, err := fonts.Parse("serif-sub.ttf", data, 0)
	if err != nil {
		t.Fatal(err)
	}
	sans, _ := fonts.Builtin("sans")
	iss := loadFiles(t, map[string][]byte{"plan.toml": []byte(robustPlan), "a.md": []byte("# 标题\n\n西湖边的游客比往年多了一倍。\n")})
	_, _, d := Layout(iss, Fonts{Body: body, Heading: sans})
	found := false
	for _, x := range d {
		found = found || strings.Contains(x.Message, "of body text are in neither the body font nor a fallback and are set in the heading font builtin:sans")
	}
	if !found {
		t.Errorf("no warning:\n%v", d)
	}
}

// Emphasis (issue 14): **bold** is set in the bold face (the heading font:
// the body font has no bold), *emphasis* as 着重号 — a dot under each
// hanzi, none under punctuation — and both survive line breaking.
func TestEmphasis(t *testing.T) {
	md := "# 标题\n\n" + strings.Repeat("普通的文字，", 10) + "**加粗的词语**接着是*着重的字*，和普通。\n"
	doc, msgs := layoutFiles(t, map[string][]byte{"plan.toml": []byte(robustPlan), "a.md": []byte(md)}, false)
	if msgs != "" {
		t.Fatalf("diagnostics:\n%s", msgs)
	}
	sans, _ := fonts.Builtin("sans")
	for _, p := range doc.Pages {
		if p.Slot != "01" {
			continue
		}
		bold, plainSans := "", ""
		for _, r := range p.Runs {
			if doc.Fonts[r.Font] == sans && r.Size == 10*units.Pt {
				bold += r.Text
			}
			_ = plainSans
		}
		if !strings.Contains(bold, "加粗的词语") || strings.Contains(bold, "普通") {
			t.Errorf("bold runs: %q", bold)
		}
		dots := 0
		for _, r := range p.Rects {
			if r.W > 0 && r.W == r.H && r.W < 2*units.Pt {
				dots++
			}
		}
		if dots != 4 { // 着重的字: 4 hanzi; the comma has none
			t.Errorf("%d emphasis dots, want 4", dots)
		}
		return
	}
	t.Fatal("no page 01")
}

// [text] end_mark: the mark right after the last character of an article.
func TestEndMark(t *testing.T) {
	plan := strings.Replace(robustPlan, "[[page]]", "[text]\nend_mark = \"■\"\n[[page]]", 1)
	doc, msgs := layoutFiles(t, map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte("# 标题\n\n第一段。\n\n最后一段的文字。\n")}, false)
	_ = msgs
	last := ""
	for _, p := range doc.Pages {
		for _, l := range p.TextLines {
			last = l.Text
		}
	}
	if last != "最后一段的文字。■" {
		t.Errorf("last line %q", last)
	}
}
