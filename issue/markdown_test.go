package issue

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
)

// Markdown as authors write it (CommonMark + GFM): nothing of the syntax is
// printed — links keep their text, list items stay apart with their
// markers, code keeps its text, an HTML block keeps its text without its
// tags (with a warning), a comment is left out, tables and footnotes are
// read.
func TestMarkdownNoMarkupPrinted(t *testing.T) {
	md := "# 标题\n\n" +
		"详见[西湖网](https://www.example.cn/xihu)，或访问 <https://www.debian.org/>。\n\n" +
		"- 第一项\n- 第二项，**加粗**和*强调*\n\n" +
		"1. 甲\n2. 乙\n\n" +
		"运行 `apt-get install foo` 即可。\n\n" +
		"---\n\n" +
		"<div class=\"box\">\n这段文字在标签里\n</div>\n\n" +
		"<!-- 作者的批注 -->\n\n" +
		"文中有<span>标签</span>与~~删除线~~。\n\n" +
		"| 地区 | 人数 |\n|---|---|\n| 杭州 | 12 |\n\n" +
		"正文有脚注[^1]。\n\n[^1]: 这是脚注。\n\n" +
		"转义的\\,逗号与 &amp; 实体。\n"
	path := filepath.Join(t.TempDir(), "a.md")
	if err := os.WriteFile(path, []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	var d diag.List
	a := loadArticle(path, Pos{File: "plan.toml", Line: 1}, &d)
	if a == nil {
		t.Fatal(d)
	}
	all := a.PlainTextStyle("circled", false) // tables as rows, notes with their marks
	for _, want := range []string{
		"详见西湖网，或访问 https://www.debian.org/。",
		"●第一项", "●第二项，加粗和强调",
		"1．甲", "2．乙",
		"运行 apt-get install foo 即可。",
		"文中有标签与删除线。",
		"地区\u3000人数", "杭州\u300012",
		"正文有脚注①。", "①这是脚注。",
		"转义的,逗号与 & 实体。",
		"这段文字在标签里",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in:\n%s", want, all)
		}
	}
	for _, bad := range []string{"](", "**", "`", "---", "<div", "</div", "<span", "~~", "|", "[^1]", "作者的批注", "&amp;"} {
		if strings.Contains(all, bad) {
			t.Errorf("markup %q printed:\n%s", bad, all)
		}
	}
	warned := map[int]bool{}
	for _, x := range d {
		if x.Severity == diag.Warning && strings.Contains(x.Message, "raw HTML") {
			warned[x.Line] = true
		}
	}
	if !warned[15] || !warned[21] || len(warned) != 2 {
		t.Errorf("want raw-HTML warnings at lines 15 and 21, got %v\n%v", warned, d)
	}
	// source lines of the blocks
	for _, b := range a.Blocks {
		if strings.HasPrefix(b.Text, "2．乙") && b.Line != 9 {
			t.Errorf("list item at line %d, want 9", b.Line)
		}
	}
}

// Lists keep their levels and markers; subheadings their levels; the
// kicker (引题) comes from the front matter.
func TestMarkdownLevels(t *testing.T) {
	a, d := loadMD(t, "+++\nkicker = \"聚焦基层治理\"\ntitle = \"标题\"\n+++\n\n## 一级小标题\n\n### 二级小标题\n\n1. 第一条\n   - 要点甲\n   - 要点乙\n2. 第二条\n\n正文。\n")
	if a == nil {
		t.Fatal(d)
	}
	if a.Kicker != "聚焦基层治理" {
		t.Errorf("kicker %q", a.Kicker)
	}
	type want struct {
		kind         BlockKind
		level        int
		marker, text string
	}
	var got []want
	for _, b := range a.Blocks {
		got = append(got, want{b.Kind, b.Level, b.Marker, b.Text})
	}
	exp := []want{
		{Heading, 2, "", "一级小标题"}, {Heading, 3, "", "二级小标题"},
		{ListItem, 1, "1．", "第一条"}, {ListItem, 2, "○", "要点甲"}, {ListItem, 2, "○", "要点乙"}, {ListItem, 1, "2．", "第二条"},
		{Para, 0, "", "正文。"},
	}
	if len(got) != len(exp) {
		t.Fatalf("blocks %+v", got)
	}
	for i := range exp {
		if got[i] != exp[i] {
			t.Errorf("block %d = %+v, want %+v", i, got[i], exp[i])
		}
	}
}

// **bold** and *emphasis* become spans of the block's text; a marker
// without its pair, beside Chinese text, is a warning.
func TestMarkdownEmphasisSpans(t *testing.T) {
	md := "# 标题\n\n这是**加粗**与*着重*的文字。\n\n这里*没有闭合的标记。\n"
	a, d := loadMD(t, md)
	if a == nil {
		t.Fatal(d)
	}
	b := a.Blocks[0]
	if b.Text != "这是加粗与着重的文字。" || len(b.Spans) != 2 || b.Spans[0] != (Span{2, 4, Bold}) || b.Spans[1] != (Span{5, 7, Emphasis}) {
		t.Errorf("spans of %q: %+v", b.Text, b.Spans)
	}
	warned := false
	for _, x := range d {
		warned = warned || x.Severity == diag.Warning && x.Line == 5 && strings.Contains(x.Message, "opens or closes no emphasis")
	}
	if !warned {
		t.Errorf("no warning for the unclosed marker:\n%v", d)
	}
}

// A GFM table is a TableBlock with its caption (the "表1" paragraph just
// above), head row and alignments; footnote references are NoteRefs of
// their paragraph, numbered in the order cited; the notes are Note blocks.
func TestMarkdownTableAndNotes(t *testing.T) {
	a, d := loadMD(t, "# 标题\n\n后引[^b]，先引[^a]，再引[^b]。\n\n表1　各地数据\n\n| 地区 | 人口 |\n|:---:|---:|\n| 杭州 | 12.5 |\n\n[^a]: 注释甲。\n[^b]: 注释乙，\n    续行。\n")
	if a == nil || len(d) > 0 {
		t.Fatalf("%v", d)
	}
	if len(a.Blocks) != 4 {
		t.Fatalf("%d blocks: %+v", len(a.Blocks), a.Blocks)
	}
	p, tb := a.Blocks[0], a.Blocks[1]
	if p.Text != "后引，先引，再引。" || fmt.Sprint(p.Refs) != "[{2 1} {5 2} {8 1}]" {
		t.Errorf("paragraph %q refs %v", p.Text, p.Refs)
	}
	if tb.Kind != TableBlock || tb.Text != "表1　各地数据" || tb.Line != 7 || tb.Table.Head != 1 || len(tb.Table.Rows) != 2 ||
		tb.Table.Rows[1][1].Text != "12.5" || fmt.Sprint(tb.Table.Align) != fmt.Sprint([]Align{AlignCenter, AlignRight}) {
		t.Errorf("table %+v %+v", tb, tb.Table)
	}
	for i, want := range []string{"注释乙，续行。", "注释甲。"} {
		if b := a.Blocks[2+i]; b.Kind != Note || b.Level != i+1 || b.Text != want {
			t.Errorf("note %d: %+v", i+1, b)
		}
	}
}

// loadMD loads md as an article a.md named at plan.toml:1.
func loadMD(t *testing.T, md string) (*Article, diag.List) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "a.md")
	if err := os.WriteFile(path, []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	var d diag.List
	return loadArticle(path, Pos{File: "plan.toml", Line: 1}, &d), d
}

// Strict CommonMark leaves ** and * beside full-width punctuation unmatched
// (这是**“引号”**后面, **粗体。**接着, *（括号）*之后): the asterisks were
// printed. Emphasis is CJK-friendly (cjkemph.go); Latin text as before.
func TestMarkdownEmphasisBesideCJKPunctuation(t *testing.T) {
	md := "# 标题\n\n这是**“引号里的粗体”**后面，*（括号强调）*之后，**粗体。**接着。\n\nA**\"b\"**c and *a*b and snake_case_name.\n"
	a, d := loadMD(t, md)
	if a == nil || len(d) > 0 {
		t.Fatalf("%v", d)
	}
	b := a.Blocks[0]
	want := []Span{{2, 10, Bold}, {13, 19, Emphasis}, {22, 25, Bold}}
	if b.Text != "这是“引号里的粗体”后面，（括号强调）之后，粗体。接着。" || !slices.Equal(b.Spans, want) {
		t.Errorf("%q spans %+v, want %+v", b.Text, b.Spans, want)
	}
	// Latin: "**" between a letter and a quote stays literal (CommonMark);
	// *a*b is emphasis; underscores inside a word are the word's
	if b := a.Blocks[1]; b.Text != `A**"b"**c and ab and snake_case_name.` || len(b.Spans) != 1 {
		t.Errorf("%q spans %+v", b.Text, b.Spans)
	}
}

// GFM drops the cells of a row past its head's: text lost without a word
// (a | inside `code` divides cells too). Now an error at the row; an
// escaped \| and a short row are fine.
func TestMarkdownTableRowTooLong(t *testing.T) {
	md := "# 标题\n\n| 甲 | 乙 |\n|---|---|\n| a \\| b | `c\\|d` |\n| 一 |\n| x | `c|d` |\n"
	a, d := loadMD(t, md)
	s := listString(d)
	if a == nil || !strings.Contains(s, "a.md:7: a row of the table has 3 cells, its head 2: the cells past column 2 would be lost") || len(d.Errors()) != 1 {
		t.Errorf("want one error at line 7:\n%s", s)
	}
}

// A GFM task list printed its "[ ]" and "[x]": now the box is the item's
// marker, □ open and ■ done (characters the embedded fonts have).
func TestMarkdownTaskList(t *testing.T) {
	a, d := loadMD(t, "# 标题\n\n- [ ] 待办一\n- [x] 已办二\n- 普通项\n")
	if a == nil || len(d) > 0 {
		t.Fatalf("%v", d)
	}
	var got []string
	for _, b := range a.Blocks {
		got = append(got, b.Marker+b.Text)
	}
	if want := []string{"□待办一", "■已办二", "●普通项"}; !slices.Equal(got, want) {
		t.Errorf("items %q, want %q", got, want)
	}
}

// The text of an HTML block is the author's: set without its tags — a
// table's cells apart, each block element a paragraph, lines joined as
// Markdown joins them, entities resolved; comments, scripts and styles
// left out; a block of tags only is left out with a warning.
func TestMarkdownHTMLBlockText(t *testing.T) {
	a, d := loadMD(t, "# 标题\n\n"+
		"<p align=\"center\">第一段居中，\n接着写。</p>\n<p>第二段&amp;结束。</p>\n\n"+
		"<table>\n<tr>\n<td>地区</td>\n<td>人数</td>\n</tr>\n<tr><td>杭州</td><td>12</td></tr>\n</table>\n\n"+
		"<div><script>alert(1)</script><style>p{}</style>正文<br>换行</div>\n\n"+
		"<hr/>\n\n"+
		"正文。\n")
	var got []string
	for _, b := range a.Blocks {
		got = append(got, b.Text)
	}
	want := []string{"第一段居中，接着写。", "第二段&结束。", "地区\u3000人数", "杭州\u300012", "正文", "换行", "正文。"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("blocks\n%q, want\n%q", got, want)
	}
	warns := 0
	for _, x := range d {
		if x.Severity == diag.Warning && strings.Contains(x.Message, "raw HTML") {
			warns++
		}
	}
	if warns != 4 {
		t.Errorf("%d raw-HTML warnings, want 4 (three blocks with text, one of tags only):\n%v", warns, d)
	}
}

// Pictures written in HTML, as web editors write them — <img src alt>
// alone, in a <p>, or in a <figure> with a <figcaption> — are figures, the
// caption the figcaption or the alt text (they were left out as "tags
// only"); a picture on the web is an error at its line.
func TestMarkdownHTMLImages(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "testdata/images/rgb.jpg", filepath.Join(dir, "p 1.jpg"))
	md := "# 标题\n\n正文。\n\n<img src=\"p 1.jpg\" alt=\"说明&amp;图\" width=\"600\">\n\n" +
		"<p align=\"center\"><img src='p 1.jpg'/></p>\n\n" +
		"<figure>\n<img src=\"p 1.jpg\" alt=\"替代\">\n<figcaption>图注文字</figcaption>\n</figure>\n\n" +
		"<img alt=\"网图\" src=\"https://example.com/x.jpg\">\n\n后文。\n"
	path := filepath.Join(dir, "a.md")
	if err := os.WriteFile(path, []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	var d diag.List
	a := loadArticle(path, Pos{File: "plan.toml", Line: 1}, &d)
	var got []string
	for _, b := range a.Blocks {
		if b.Kind == Figure {
			got = append(got, "fig:"+b.Text+":"+filepath.Base(b.Image.Path))
		} else {
			got = append(got, b.Text)
		}
	}
	want := []string{"正文。", "fig:说明&图:p 1.jpg", "fig::p 1.jpg", "fig:图注文字:p 1.jpg", "后文。"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("blocks\n%q, want\n%q", got, want)
	}
	if errs := d.Errors(); len(errs) != 1 || errs[0].Line != 14 || !strings.Contains(errs[0].Message, "remote images are not supported") {
		t.Errorf("diagnostics:\n%s", listString(d))
	}
}
