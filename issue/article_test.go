package issue

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
)

// writeArticle writes text to name in a fresh directory and loads it.
func writeArticle(t *testing.T, name, text string) (*Article, diag.List) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var d diag.List
	a := loadArticle(path, Pos{File: "plan.toml", Line: 7}, &d)
	return a, d
}

func TestSeedArticle(t *testing.T) {
	const path = "testdata/qiangzhudong.txt"
	var d diag.List
	a := loadArticle(path, Pos{File: "plan.toml", Line: 1}, &d)
	if len(d) > 0 || a == nil {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	if a.Title != "强主动 强探索 强推进" || a.TitlePos != (Pos{path, 1}) {
		t.Errorf("title %q at %+v", a.Title, a.TitlePos)
	}
	if a.Subtitle != "县级组织部门要在路教活动中走在前列" {
		t.Errorf("subtitle %q", a.Subtitle)
	}
	if a.Byline != "长兴县委常委、组织部长 宋波" {
		t.Errorf("byline %q", a.Byline)
	}
	if len(a.Blocks) != 6 {
		t.Fatalf("%d paragraphs, want 6", len(a.Blocks))
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	full := strings.NewReplacer(",", "，", ";", "；")
	commas, semis := 0, 0
	for i, b := range a.Blocks {
		if b.Kind != Para || b.Line != 9+i || len(b.LineStarts) != 0 {
			t.Errorf("block %d: kind %d line %d starts %v", i, b.Kind, b.Line, b.LineStarts)
		}
		orig := strings.TrimLeft(strings.TrimRight(lines[b.Line-1], "\r\n "), " \u3000")
		commas += strings.Count(orig, ",")
		semis += strings.Count(orig, ";")
		// every ASCII mark became its full-width form, nothing else changed
		if want := full.Replace(orig); b.Text != want {
			t.Errorf("paragraph %d:\n got %q\nwant %q", i, b.Text, want)
		}
		if strings.ContainsAny(b.Text, ",;:?!()") {
			t.Errorf("paragraph %d keeps ASCII punctuation: %q", i, b.Text)
		}
	}
	if commas != 63 || semis != 1 {
		t.Errorf("seed has %d commas, %d semicolons; want 63 and 1", commas, semis)
	}
	if len(a.Fixes) != commas+semis {
		t.Fatalf("%d fixes, want %d", len(a.Fixes), commas+semis)
	}
	prev := 0
	for _, f := range a.Fixes {
		if f.Line < prev || f.Line < 9 || f.Line > 14 {
			t.Errorf("fix out of order or place: %+v", f)
		}
		prev = f.Line
		if !(f.From == ',' && f.To == '，' || f.From == ';' && f.To == '；') || !strings.ContainsRune(f.Context, f.From) {
			t.Errorf("fix %+v", f)
		}
	}
	if f := a.Fixes[0]; f.Line != 9 || f.Context != "今年,党的群众路线" {
		t.Errorf("first fix %+v", f)
	}
}

func TestTxtShapes(t *testing.T) {
	type para struct {
		line   int
		text   string
		starts []int
	}
	cases := []struct {
		name                    string
		text                    string
		title, subtitle, byline string
		paras                   []para
		fixes                   int
	}{
		{"BOM, CRLF, U+3000 indent", "\ufeff标题\r\n\r\n\u3000\u3000第一段。\r\n\t第二段。\r\n",
			"标题", "", "", []para{{3, "第一段。", nil}, {4, "第二段。", nil}}, 0},
		{"two subtitle lines, no byline", "标题\n副标题一\n副标题二\n  正文很长很长,不是署名。\n",
			"标题", "副标题一副标题二", "", []para{{4, "正文很长很长，不是署名。", nil}}, 1},
		{"Latin subtitle lines get a space", "Title\nA long\nsubtitle\n  Body text.\n",
			"Title", "A long subtitle", "", []para{{4, "Body text.", nil}}, 0},
		{"continuation lines", "标题\n  第一段开头,\n接着写\n\nmore English\nwords here\n  第二段。\n",
			"标题", "", "", []para{{2, "第一段开头，接着写more English words here", []int{6, 9, 9, 22}}, {7, "第二段。", nil}}, 1},
		{"byline needs a body after it", "标题\n  短短一段\n",
			"标题", "", "", []para{{2, "短短一段", nil}}, 0},
		{"byline has no sentence end", "标题\n  他说。\n  正文。\n",
			"标题", "", "", []para{{2, "他说。", nil}, {3, "正文。", nil}}, 0},
		{"byline followed by continuation is a paragraph", "标题\n  本刊记者\n续行\n  正文。\n",
			"标题", "", "", []para{{2, "本刊记者续行", []int{4}}, {4, "正文。", nil}}, 0},
		{"long indented line is not a byline", "标题\n  " + strings.Repeat("长", 41) + "\n  正文。\n",
			"标题", "", "", []para{{2, strings.Repeat("长", 41), nil}, {3, "正文。", nil}}, 0},
		{"byline", "标题\n\n  本刊记者 张三\n\n  正文。\n",
			"标题", "", "本刊记者 张三", []para{{5, "正文。", nil}}, 0},
		{"title fixes", "标题,副题\n  作者:张三\n  正文。\n",
			"标题，副题", "", "作者：张三", []para{{3, "正文。", nil}}, 2},
		{"full-width ASCII kept", "标题\n  ＡＢＣ１２３。\n",
			"标题", "", "", []para{{2, "ＡＢＣ１２３。", nil}}, 0},
		{"old Mac line ends", "标题\r\r  正文。\r",
			"标题", "", "", []para{{3, "正文。", nil}}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, d := writeArticle(t, "a.txt", c.text)
			if len(d) > 0 || a == nil {
				t.Fatalf("diagnostics:\n%s", listString(d))
			}
			if a.Title != c.title || a.Subtitle != c.subtitle || a.Byline != c.byline {
				t.Errorf("title %q subtitle %q byline %q", a.Title, a.Subtitle, a.Byline)
			}
			if len(a.Blocks) != len(c.paras) {
				t.Fatalf("%d blocks: %+v", len(a.Blocks), a.Blocks)
			}
			for i, p := range c.paras {
				b := a.Blocks[i]
				if b.Kind != Para || b.Line != p.line || b.Text != p.text || !equalInts(b.LineStarts, p.starts) {
					t.Errorf("block %d = line %d %q %v, want line %d %q %v", i, b.Line, b.Text, b.LineStarts, p.line, p.text, p.starts)
				}
			}
			if len(a.Fixes) != c.fixes {
				t.Errorf("fixes %+v", a.Fixes)
			}
		})
	}
}

func TestTxtLineOf(t *testing.T) {
	a, d := writeArticle(t, "a.txt", "标题\n  第一段开头,\n接着写\n\nmore English\nwords here\n")
	if a == nil {
		t.Fatal(listString(d))
	}
	b := a.Blocks[0]
	for i, want := range map[int]int{0: 2, 5: 2, 6: 3, 8: 3, 9: 5, 19: 5, 21: 5, 22: 6} {
		if got := b.LineOf(i); got != want {
			t.Errorf("LineOf(%d) = %d, want %d", i, got, want)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestTxtErrors(t *testing.T) {
	for _, c := range []struct {
		name, text string
		line       int
		msg        string
	}{
		{"empty", "\n \n\u3000\n", 1, "the article is empty"},
		{"no body", "标题\n副标题\n", 1, "the article has no body paragraphs"},
		{"neither UTF-8 nor GB18030", "标题\n  正文\xff。\n", 2, "text in an unknown encoding: neither UTF-8 nor GB18030/GBK"},
		{"NUL", "标题\n  正文\x00。\n", 2, "control character U+0000 (NUL)"},
		{"form feed", "标题\n\f\n  正文。\n", 2, "control character U+000C (form feed)"},
		{"C1 control", "标题\n  正文\u0085。\n", 2, "control character U+0085"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, d := writeArticle(t, "a.txt", c.text)
			if len(d) != 1 || d[0].Line != c.line || !strings.Contains(d[0].Message, c.msg) || !strings.HasSuffix(d[0].File, "a.txt") {
				t.Errorf("got\n%s\nwant line %d: %s", listString(d), c.line, c.msg)
			}
		})
	}
	_, d := writeArticle(t, "a.txt", "标题\n  正文。\n")
	_ = d
	var l diag.List
	if a := loadArticle("testdata/none.txt", Pos{File: "p.toml", Line: 9}, &l); a != nil || len(l) != 1 || l[0].String() != "p.toml:9: file not found: testdata/none.txt" {
		t.Errorf("missing article: %s", listString(l))
	}
}

func TestMarkdown(t *testing.T) {
	var d diag.List
	a := loadArticle("testdata/good/articles/feature.md", Pos{File: "plan.toml", Line: 1}, &d)
	if len(d) > 0 || a == nil {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	if a.Title != "一个 Markdown 标题" || a.TitlePos.Line != 6 || a.Subtitle != "副标题（试行）" || a.Byline != "本刊记者 张三" {
		t.Errorf("header %q@%d %q %q", a.Title, a.TitlePos.Line, a.Subtitle, a.Byline)
	}
	type blk struct {
		kind   BlockKind
		line   int
		text   string
		starts []int
		image  string
		wide   bool
	}
	want := []blk{
		{Para, 8, "第一段文字，跨越两行。English words continue here.", []int{8, 25}, "", false},
		{Heading, 12, "小标题", nil, "", false},
		{Quote, 14, "引用的话，继续引用。", []int{5}, "", false},
		{Figure, 17, "图一：说明", nil, "testdata/good/images/fig.png", false},
		{Figure, 19, "宽图", nil, "testdata/good/images/cover.jpg", true},
		{Para, 21, "最后一段 强调 内容*不是强调。", nil, "", false},
	}
	if len(a.Blocks) != len(want) {
		t.Fatalf("%d blocks: %+v", len(a.Blocks), a.Blocks)
	}
	for i, w := range want {
		b := a.Blocks[i]
		img := ""
		if b.Image != nil {
			img = b.Image.Path
			if b.Image.Pos != (Pos{"testdata/good/articles/feature.md", w.line}) {
				t.Errorf("figure %d pos %+v", i, b.Image.Pos)
			}
		}
		if b.Kind != w.kind || b.Line != w.line || b.Text != w.text || !equalInts(b.LineStarts, w.starts) || img != w.image || b.Wide != w.wide {
			t.Errorf("block %d = %d@%d %q %v %q %v\nwant %+v", i, b.Kind, b.Line, b.Text, b.LineStarts, img, b.Wide, w)
		}
	}
	if len(a.Fixes) != 5 || a.Fixes[0].Line != 2 || a.Fixes[4].Line != 17 {
		t.Errorf("fixes %+v", a.Fixes)
	}
}

func TestMarkdownShapes(t *testing.T) {
	type blk struct {
		kind BlockKind
		line int
		text string
	}
	for _, c := range []struct {
		name, text string
		title      string
		blocks     []blk
	}{
		{"front matter title, no #", "+++\ntitle = \"前言\"\n+++\n正文,一。\n", "前言", []blk{{Para, 4, "正文，一。"}}},
		{"emphasis", "# **粗**标题\n\n**重点**内容和*强调*。\n\n5 * 3 = 15, a*b\n", "粗标题",
			[]blk{{Para, 3, "重点内容和强调。"}, {Para, 5, "5 * 3 = 15, a*b"}}},
		{"escapes", "# T\n\n\\*不是强调\\*和\\# 号\n", "T", []blk{{Para, 3, "*不是强调*和# 号"}}},
		{"escaped comma is kept", "# T\n\n今年\\,党的,群众\n", "T", []blk{{Para, 3, "今年,党的，群众"}}},
		{"quotes split by empty >", "# T\n\n> 甲\n>\n> 乙\n懒续行\n\n正文\n", "T",
			[]blk{{Quote, 3, "甲"}, {Quote, 5, "乙懒续行"}, {Para, 8, "正文"}}},
		{"deeper headings", "# T\n### 三级 ###\n正文\n", "T", []blk{{Heading, 2, "三级"}, {Para, 3, "正文"}}},
		{"hash without space is text", "# T\n\n#话题# 正文\n", "T", []blk{{Para, 3, "#话题# 正文"}}},
		{"CRLF and indent", "# T\r\n\r\n\u3000\u3000正文一\r\n  续\r\n", "T", []blk{{Para, 3, "正文一续"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, d := writeArticle(t, "a.md", c.text)
			if len(d) > 0 || a == nil {
				t.Fatalf("diagnostics:\n%s", listString(d))
			}
			if a.Title != c.title {
				t.Errorf("title %q", a.Title)
			}
			if len(a.Blocks) != len(c.blocks) {
				t.Fatalf("blocks %+v", a.Blocks)
			}
			for i, w := range c.blocks {
				b := a.Blocks[i]
				if b.Kind != w.kind || b.Line != w.line || b.Text != w.text {
					t.Errorf("block %d = %d@%d %q, want %+v", i, b.Kind, b.Line, b.Text, w)
				}
			}
		})
	}
}

func TestMarkdownErrors(t *testing.T) {
	for _, c := range []struct {
		name, text string
		line       int
		msg        string
	}{
		{"no title", "正文。\n", 1, "the article has no title"},
		{"second #", "# 一\n\n# 二\n\n正文\n", 3, "second title: the title is already set at line 1"},
		{"# after text", "正文\n\n# 标题\n", 3, "the # title must come before the text (line 1)"},
		{"front matter + #", "+++\ntitle = \"A\"\n+++\n# B\n正文\n", 4, "second title"},
		{"unclosed front matter", "+++\ntitle = \"A\"\n正文\n", 1, "front matter opened with +++ is not closed"},
		{"front matter syntax", "+++\ntitle = \"A\n+++\n正文\n", 2, "front matter:"},
		{"front matter unknown key", "+++\ntitle = \"A\"\n\nbyeline = \"B\"\n+++\n正文\n", 4, `unknown key "byeline"; did you mean "byline"?`},
		{"inline image", "# T\n\n看图![x](a.png)吧\n", 3, "an image must stand on a line of its own"},
		{"remote image", "# T\n\n![x](http://a/b.png)\n\n正文\n", 3, "remote images are not supported"},
		{"only title", "# T\n\n## 小标题\n", 1, "the article has no text"},
		{"empty heading", "# T\n\n##\n\n正文\n", 3, "empty heading"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, d := writeArticle(t, "a.md", c.text)
			if len(d) != 1 || d[0].Line != c.line || !strings.Contains(d[0].Message, c.msg) {
				t.Errorf("got\n%s\nwant line %d: %s", listString(d), c.line, c.msg)
			}
		})
	}
}

// Source debris is reported at its line: a paragraph that starts with a
// closing mark, a footnote marker printed as text.
func TestDebrisWarnings(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	text := "标题\n　　第一段正常。\n　　，第二段以逗号开头。\n　　第三段有脚注^[8]在这里。\n　　第四段有[^2]标记。\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var d diag.List
	if a := loadArticle(path, Pos{File: "plan.toml", Line: 1}, &d); a == nil {
		t.Fatal(d)
	}
	got := ""
	for _, x := range d {
		got += x.String() + "\n"
	}
	for _, want := range []string{
		path + `:3: warning: paragraph starts with "，"`,
		path + `:4: warning: "^[8]" looks like a footnote marker`,
		path + `:5: warning: "[^2]" looks like a footnote marker`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Count(got, "warning") != 3 {
		t.Errorf("want 3 warnings, got:\n%s", got)
	}
}

// A short first paragraph was silently taken as the byline. Now a byline is
// recognised by its shape (a byline word, or a name), else the line is the
// first paragraph and a note says so.
func TestTxtBylineByShape(t *testing.T) {
	for _, c := range []struct {
		line, byline string
	}{
		{"长兴县委常委、组织部长 宋波", "长兴县委常委、组织部长 宋波"},
		{"本刊记者　李红", "本刊记者　李红"},
		{"文/张明", "文/张明"},
		{"欧阳建国", "欧阳建国"},
		{"之江市委组织部", "之江市委组织部"},
		{"春天来了", ""},
		{"一个普通的早晨", ""},
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, "a.txt")
		text := "标题\n　　" + c.line + "\n　　正文第一段。\n"
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		var d diag.List
		a := loadArticle(path, Pos{File: "plan.toml", Line: 1}, &d)
		if a == nil {
			t.Fatal(d)
		}
		if a.Byline != c.byline {
			t.Errorf("%q: byline %q, want %q", c.line, a.Byline, c.byline)
		}
		if c.byline == "" {
			if len(a.Blocks) != 2 || a.Blocks[0].Text != c.line {
				t.Errorf("%q: not the first paragraph: %+v", c.line, a.Blocks)
			}
			noted := false
			for _, x := range d {
				noted = noted || x.Severity == diag.Note && x.Line == 2 && strings.Contains(x.Message, "read as the first paragraph")
			}
			if !noted {
				t.Errorf("%q: no note at line 2: %v", c.line, d)
			}
		}
	}
}

// The kicker, subtitle and byline keep their own source lines (a
// proofreader's mark on them points there, not at the title's line).
func TestHeadLines(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, text                      string
		kicker, title, subtitle, byline int
	}{
		{"a.txt", "标题\n副标题\n  本刊记者 李红\n  正文第一段。\n", 1, 1, 2, 3},
		{"b.md", "+++\nkicker = \"引题\"\nsubtitle = \"副标题\"\nbyline = \"本刊记者 李红\"\n+++\n\n# 标题\n\n正文。\n", 2, 7, 3, 4},
		{"c.md", "# 标题\n\n正文。\n", 1, 1, 1, 1},
	} {
		path := filepath.Join(dir, c.name)
		os.WriteFile(path, []byte(c.text), 0o644)
		var d diag.List
		a := loadArticle(path, Pos{File: "plan.toml", Line: 1}, &d)
		if a == nil {
			t.Fatalf("%s: %v", c.name, d)
		}
		got := [4]int{a.HeadLine("kicker"), a.HeadLine("title"), a.HeadLine("subtitle"), a.HeadLine("byline")}
		if want := [4]int{c.kicker, c.title, c.subtitle, c.byline}; got != want {
			t.Errorf("%s: kicker, title, subtitle, byline at lines %v, want %v", c.name, got, want)
		}
	}
}

// In Markdown a footnote reference whose note is missing is an error (it
// would print as markup); in plain text a marker left by an export is a
// warning.
func TestDanglingFootnoteMarkdown(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.md")
	os.WriteFile(path, []byte("# 标题\n\n正文[^1]，还有[^nosuch]。\n\n[^1]: 注释。\n"), 0o644)
	var d diag.List
	loadArticle(path, Pos{File: "plan.toml", Line: 1}, &d)
	if !strings.Contains(d.Err().Error(), `a.md:3: footnote [^nosuch] has no note`) {
		t.Errorf("got:\n%v", d)
	}
}

// A footnote defined but cited nowhere is left out with a warning at its
// line (goldmark drops it without a word).
func TestUncitedFootnoteWarned(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.md")
	os.WriteFile(path, []byte("# 标题\n\n正文[^1]。\n\n[^1]: 一。\n[^2]: 二。\n"), 0o644)
	var d diag.List
	a := loadArticle(path, Pos{File: "plan.toml", Line: 1}, &d)
	if a == nil {
		t.Fatal(d)
	}
	found := false
	for _, x := range d {
		if x.Line == 6 && strings.Contains(x.Message, "footnote [^2] is cited nowhere") {
			found = true
		}
		if strings.Contains(x.Message, "[^1]") {
			t.Errorf("the cited note is warned about: %v", x)
		}
	}
	if !found {
		t.Errorf("no warning for [^2] at line 6:\n%v", d)
	}
}

// Text copied from web pages and chat apps carries invisible characters —
// zero-width spaces, soft hyphens, a byte-order mark mid-file, direction
// marks, variation selectors — which no font prints: they are left out
// with a warning at their line (they were an error, and U+FE0F a missing
// glyph), in .txt and .md alike.
func TestInvisibleCharactersLeftOut(t *testing.T) {
	for name, lines := range map[string][2]int{"a.txt": {2, 3}, "a.md": {3, 5}} {
		text := "# 标题\n\n正\u200b文\u00ad，\ufeff一\u200e二\u2060三\ufe0f四\U000E0100。\n\n再\u200d一段。\n"
		if name == "a.txt" {
			text = "标题\n　　正\u200b文\u00ad，\ufeff一\u200e二\u2060三\ufe0f四\U000E0100。\n　　再\u200d一段。\n"
		}
		a, d := writeArticle(t, name, text)
		if a == nil || d.HasErrors() {
			t.Fatalf("%s: %s", name, listString(d))
		}
		var paras []string
		for _, b := range a.Blocks {
			paras = append(paras, b.Text)
		}
		if got := strings.Join(paras, "|"); got != "正文，一二三四。|再一段。" {
			t.Errorf("%s: text %q", name, got)
		}
		if len(d) != 2 || d[0].Line != lines[0] || !strings.Contains(d[0].Message, "7 invisible characters left out (U+200B (zero-width space) …)") || d[1].Line != lines[1] {
			t.Errorf("%s: diagnostics\n%s", name, listString(d))
		}
	}
}

// YAML front matter (Hugo, Jekyll, Obsidian, Typora, pandoc) gives the
// title, subtitle, kicker and byline as +++ TOML front matter does (author
// as the byline); other keys are warnings. It was read as a thematic break
// and text: "the # title must come before the text (line 2)".
// Line and paragraph separators (U+2028, U+2029: text copied from web
// pages and JSON) are left out with a warning, a space after Latin text
// (they were "in no configured font").
func TestLineSeparatorsLeftOut(t *testing.T) {
	a, d := writeArticle(t, "a.md", "# 题\n\n行分隔\u2028符，end.\u2029Next 段。\n")
	if a == nil || d.HasErrors() || len(a.Blocks) != 1 || a.Blocks[0].Text != "行分隔符，end. Next 段。" {
		t.Fatalf("%+v\n%s", a, listString(d))
	}
	if len(d) != 1 || !strings.Contains(d[0].Message, "2 invisible characters left out (U+2028 (line separator) …)") {
		t.Errorf("diagnostics:\n%s", listString(d))
	}
}

func TestMarkdownYAMLFrontMatter(t *testing.T) {
	a, d := writeArticle(t, "a.md", "---\ntitle: \"春天的“故事”\"\nsubtitle: '——一位''老人''的回忆'\nauthor: 本刊记者　张明  # 署名\ndate: 2026-01-05\ntags:\n  - 人物\n---\n\n正文。\n")
	if a == nil || d.HasErrors() {
		t.Fatalf("%s", listString(d))
	}
	if a.Title != "春天的“故事”" || a.Subtitle != "——一位'老人'的回忆" || a.Byline != "本刊记者 张明" || len(a.Blocks) != 1 || a.Blocks[0].Line != 10 {
		t.Errorf("title %q subtitle %q byline %q blocks %+v", a.Title, a.Subtitle, a.Byline, a.Blocks)
	}
	if len(d) != 2 || d[0].Line != 5 || !strings.Contains(d[0].Message, `"date" is not used`) || d[1].Line != 6 {
		t.Errorf("diagnostics:\n%s", listString(d))
	}
	// a thematic break first, then text, is no front matter
	if _, d := writeArticle(t, "b.md", "# 题\n\n---\n\n正文：一段。\n\n---\n"); d.HasErrors() {
		t.Errorf("thematic breaks: %s", listString(d))
	}
	if _, d := writeArticle(t, "c.md", "---\ntitle: [列表]\n---\n\n正文。\n"); len(d.Errors()) != 1 || d.Errors()[0].Line != 2 {
		t.Errorf("a list as the title: %s", listString(d))
	}
}
