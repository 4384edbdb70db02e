package layout

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// The 目录 groups articles by section — 博览·声音 and 博览·读书 are both 博览,
// two ranges of one section are one group — in the order of each group's
// first page, and lists the cover story first.
func TestTOCOrder(t *testing.T) {
	ps := func(section string, feature bool) *issue.PageSpec {
		return &issue.PageSpec{Section: section, Feature: feature}
	}
	a, b, c, d, f := ps("博览·声音", false), ps("他故事", false), ps("博览·读书", false), ps("他故事", false), ps("本期策划·微故事", true)
	art := func(title string) *issue.Article { return &issue.Article{Title: title} }
	starts := []articleStart{
		{page: d, article: art("d"), slot: 9},
		{page: a, article: art("a"), slot: 2},
		{page: f, article: art("f1"), slot: 5},
		{page: b, article: art("b"), slot: 3},
		{page: c, article: art("c"), slot: 4},
		{page: f, article: art("f2"), slot: 6},
	}
	feature, rest := tocOrder(starts)
	var got []string
	for _, en := range append(feature, rest...) {
		got = append(got, en.group+":"+en.start.article.Title)
	}
	want := "本期策划:f1 本期策划:f2 博览:a 博览:c 他故事:b 他故事:d"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("order %s, want %s", g, want)
	}
}

// tocPlan is an issue of eight articles in five sections, the 目录 on 02–03,
// the cover story (with an opening image) on 04–05.
func tocPlan(tocSlots string, n int) map[string][]byte {
	plan := `[issue]
title = "T"
number = "1"
[paper]
trim = "210x285mm"
inner_pages = ` + fmt.Sprint((6+n+3)/4*4) + `
[[page]]
slots = "` + tocSlots + `"
section = "目录"
toc = true
columns = 2
[[page]]
slots = "04-05"
section = "本期策划·故事"
feature = true
opening_image = "open.png"
accent = [0, 90, 85, 0]
content = ["f1.md", "f2.md"]
`
	files := map[string][]byte{"open.png": genFigureFiles["fig2.png"]}
	for i := range n {
		sec := []string{"博览·声音", "他故事", "博览·读书", "他故事", "面孔", "新事"}[i%6]
		plan += fmt.Sprintf("[[page]]\nslots = \"%02d\"\nsection = \"%s\"\ncontent = [\"a%d.md\"]\n", 6+i, sec, i)
		files[fmt.Sprintf("a%d.md", i)] = []byte(fmt.Sprintf("# 第%d篇文章的标题\n\n副题不在这里。\n\n%s\n", i, strings.Repeat("正文的句子，写得长一些。", 30)))
	}
	for i := 1; i <= 2; i++ {
		files[fmt.Sprintf("f%d.md", i)] = []byte(fmt.Sprintf("+++\ntitle = \"策划文章%d\"\nsubtitle = \"一个副标题\"\n+++\n\n%s\n", i, strings.Repeat("正文的句子，写得长一些。", 60)))
	}
	files["plan.toml"] = []byte(plan)
	return files
}

// The leaders of every entry stand on one grid of half-em steps from the
// column's left edge and end at one x; the page numbers end at the column's
// right edge; the cover story is on the first page with its thumbnail, the
// sections on the second, each section's name once.
func TestTOCLeadersAndNumbers(t *testing.T) {
	doc, msgs := layoutFiles(t, tocPlan("02-03", 6), false)
	if msgs != "" {
		t.Fatal(msgs)
	}
	S := units.FromPt(10)
	pitch := S / 2
	p2, p3 := doc.Pages[3], doc.Pages[4]
	if len(p2.Images) != 1 || !strings.Contains(runText(p2), "策划文章1") || strings.Contains(runText(p2), "第0篇") {
		t.Errorf("page 02: want the cover story with its thumbnail and nothing else: %d images, %q", len(p2.Images), runText(p2))
	}
	txt := runText(p3)
	if strings.Count(txt, "博览") != 1 || strings.Count(txt, "他故事") != 1 || strings.Contains(txt, "声音") {
		t.Errorf("page 03: want each section named once: %q", txt)
	}
	fr := p3.Frame
	ends := map[units.Length]int{}
	for _, r := range p3.Runs {
		if !strings.HasPrefix(r.Text, "··") {
			continue
		}
		col := 0
		if r.X > fr.ColX(1)-S {
			col = 1
		}
		f := doc.Fonts[r.Font]
		adv := units.Length(f.Width('·')).Scale(int64(r.Size), 1000)
		step := adv + r.Spacing
		if step != pitch {
			t.Errorf("leader dots %v apart, want %v", step, pitch)
		}
		if off := (r.X - fr.ColX(col) - (pitch-adv)/2) % pitch; off != 0 {
			t.Errorf("leader at %v is %v off the grid of column %d", r.X, off, col)
		}
		n := units.Length(len([]rune(r.Text)))
		ends[r.X-fr.ColX(col)+n*step]++
	}
	if len(ends) != 1 {
		t.Errorf("leaders end at %d different places: %v", len(ends), ends)
	}
	// the first dot close to its title (a gap over 0.6 em read as two
	// lines, the second starting with ·: with the narrow · of WenQuanYi
	// the gap was up to 1.1 em)
	for _, r := range p3.Runs {
		if !strings.HasPrefix(r.Text, "··") {
			continue
		}
		f := doc.Fonts[r.Font]
		dotX := r.X
		end := units.Length(-1)
		for _, q := range p3.Runs {
			if q.Y == r.Y && q.X < r.X {
				end = max(end, q.X+runWidth(doc, q))
			}
		}
		if end < 0 {
			t.Errorf("leader %v has no title before it", r.X)
			continue
		}
		if gap := dotX - end; gap > S*6/10 || gap < S/20 {
			t.Errorf("leader of %d dots %v after its title's end (size %v, dot %v)", len([]rune(r.Text)), gap, r.Size, units.Length(f.Width('·')).Scale(int64(r.Size), 1000))
		}
	}
	// the page numbers: digits flush with the column's right edge
	for _, r := range p3.Runs {
		if len(r.Text) == 2 && r.Text[0] >= '0' && r.Text[0] <= '9' {
			f := doc.Fonts[r.Font]
			w := units.Length(f.Width(rune(r.Text[0]))+f.Width(rune(r.Text[1]))).Scale(int64(r.Size), 1000) + r.Spacing
			right := r.X + w
			if d := right - (fr.ColX(0) + fr.ColW); d != 0 && right-(fr.ColX(1)+fr.ColW) != 0 {
				t.Errorf("page number %s ends at %v, not at a column's right edge", r.Text, right)
			}
		}
	}
}

// A 目录 too long for its slots is an error naming the first entry left out.
func TestTOCOverflowNamesEntry(t *testing.T) {
	files := tocPlan("02", 50)
	files["plan.toml"] = []byte(strings.Replace(string(files["plan.toml"]), "columns = 2", "columns = 1", 1))
	iss := loadFiles(t, files)
	serif, _ := fonts.Builtin("serif")
	sans, _ := fonts.Builtin("sans")
	_, _, d := Layout(iss, Fonts{Body: serif, Heading: sans})
	found := false
	for _, x := range d.Errors() {
		found = found || strings.Contains(x.Message, "目录 does not fit slots 02") && strings.Contains(x.Message, "entries do not fit") && strings.Contains(x.Message, `from "`)
	}
	if !found {
		t.Errorf("no error naming what did not fit:\n%v", d)
	}
}

// runWidth is the advance of run r: its glyphs and the spacing after each
// but the last.
func runWidth(doc *Document, r GlyphRun) units.Length {
	f := doc.Fonts[r.Font]
	var w units.Length
	n := 0
	for _, c := range r.Text {
		w += units.Length(f.Width(c)).Scale(int64(r.Size), 1000)
		n++
	}
	return w + units.Length(max(n-1, 0))*r.Spacing
}
