package issue

import (
	"strings"
	"testing"
)

// Fenced divs make boxes: their blocks carry the box, a titled box gets its
// title as a block of its own before them, the text around is untouched.
func TestMarkdownBoxes(t *testing.T) {
	a, d := loadMD(t, "# 标题\n\n::: 编者按\n这是编者按的文字。\n:::\n\n正文第一段。\n\n::: 资料链接 {width=page}\n资料的第一段。\n\n- 一条要点\n:::\n\n正文第二段。\n\n::: pullquote\n一句引语。\n:::\n\n::: box 小贴士 {style=rule}\n贴士。\n:::\n\n::: box 侧栏 {width=2col}\n侧栏。\n:::\n")
	if len(d) > 0 {
		t.Fatal(d)
	}
	var got []string
	for _, b := range a.Blocks {
		got = append(got, strings.Repeat("*", b.Box)+b.Text)
	}
	want := "*编者按|*这是编者按的文字。|正文第一段。|**资料链接|**资料的第一段。|**一条要点|正文第二段。|***一句引语。|****小贴士|****贴士。|*****侧栏|*****侧栏。"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("blocks\n%s, want\n%s", g, want)
	}
	kinds := []Box{{Kind: BoxNote, Title: "编者按", Style: BoxRule, Line: 3}, {Kind: BoxLink, Title: "资料链接", Style: BoxTint, Wide: true, Width: WidthPage, Line: 9}, {Kind: BoxPullQuote, Style: BoxRule, Line: 17}, {Kind: BoxSidebar, Title: "小贴士", Style: BoxRule, Line: 21}, {Kind: BoxSidebar, Title: "侧栏", Style: BoxTint, Wide: true, Width: Width2Col, Line: 25}}
	if len(a.Boxes) != len(kinds) {
		t.Fatalf("boxes %+v", a.Boxes)
	}
	for i, k := range kinds {
		if a.Boxes[i] != k {
			t.Errorf("box %d: %+v, want %+v", i, a.Boxes[i], k)
		}
	}
	if a.LastTextBlock() < 0 || a.Blocks[a.LastTextBlock()].Box != 0 {
		t.Errorf("the end mark would go into a box")
	}
}

// Bad boxes are errors at their lines.
func TestMarkdownBoxErrors(t *testing.T) {
	for _, c := range []struct{ md, want string }{
		{"# T\n\n::: 编者按\n文字。\n", "a.md:3: box \"编者按\" is not closed"},
		{"# T\n\n::: 编者按\n::: 资料链接\n文字。\n:::\n", "a.md:4: a box inside a box"},
		{"# T\n\n::: 广告\n文字。\n:::\n", "a.md:3: unknown box \"广告\""},
		{"# T\n\n::: 编者按\n:::\n\n文字。\n", "a.md:3: box \"编者按\" is empty"},
		{"# T\n\n:::\n", "a.md:3: ::: closes no box"},
		{"# T\n\n::: box 标题 {color=red}\n文字。\n:::\n", "box option \"color=red\""},
		{"# T\n\n::: pullquote\n一句。\n\n又一句。\n:::\n", "a.md:6: a pull quote holds one paragraph"},
	} {
		_, d := loadMD(t, c.md)
		if !strings.Contains(d.Err().Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.md, d, c.want)
		}
	}
}

// Word paragraphs in the styles 编者按, 资料链接, Sidebar and Pull Quote are
// boxes, consecutive ones one box.
func TestDocxBoxes(t *testing.T) {
	files := docxFiles(p("a3", r("标题")) + p("BN", r("编者按的话。")) + p("BN", r("第二段。")) + p("", r("正文。")) + p("PQ", r("一句引语。")))
	styles := string(files["word/styles.xml"])
	files["word/styles.xml"] = []byte(strings.Replace(styles, "</w:styles>", `<w:style w:type="paragraph" w:styleId="BN"><w:name w:val="编者按"/></w:style><w:style w:type="paragraph" w:styleId="PQ"><w:name w:val="Pull Quote"/></w:style></w:styles>`, 1))
	a, d, _ := loadDocxBytes(t, "a.docx", zipBytes(t, files))
	if a == nil || d.HasErrors() {
		t.Fatal(d)
	}
	var got []string
	for _, b := range a.Blocks {
		got = append(got, strings.Repeat("*", b.Box)+b.Text)
	}
	if g, want := strings.Join(got, "|"), "*编者按|*编者按的话。|*第二段。|正文。|**一句引语。"; g != want {
		t.Errorf("blocks %s, want %s", g, want)
	}
	if len(a.Boxes) != 2 || a.Boxes[0].Kind != BoxNote || a.Boxes[1].Kind != BoxPullQuote {
		t.Errorf("boxes %+v", a.Boxes)
	}
}
