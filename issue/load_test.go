package issue

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/units"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// planDir writes plan.toml with text into a fresh directory that also holds
// a valid article a.txt, a Markdown article b.md and an image img.jpg, and
// returns the plan path.
func planDir(t *testing.T, plan string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"plan.toml": plan,
		"a.txt":     "标题\n\n  正文第一段。\n",
		"b.md":      "# 标题\n\n正文。\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"rgb.jpg", "pic.gif", "corrupt.jpg"} {
		copyFile(t, filepath.Join("testdata", "images", name), filepath.Join(dir, name))
	}
	return filepath.Join(dir, "plan.toml")
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// head is a valid plan start of 6 lines; case plans continue at line 7.
const head = `[issue]
title = "T"
number = "1"
[paper]
trim = "210x285mm"
inner_pages = 8
`

// pageA is a complete [[page]] for slot 01 (3 lines).
const pageA = `[[page]]
slots = "01"
content = ["a.txt"]
`

type wantDiag struct {
	line int
	msg  string // substring of the message
}

func TestLoadPlanErrors(t *testing.T) {
	cases := []struct {
		name string
		plan string
		want []wantDiag
	}{
		{"unknown key in [paper]", head + "trimm = \"1x1mm\"\n" + pageA,
			[]wantDiag{{7, `unknown key "trimm" in [paper]; did you mean "trim"?`}}},
		{"unknown key in second [[page]]", head + pageA + "[[page]]\nslots = \"02\"\nsectoin = \"x\"\ncontent = [\"a.txt\"]\n",
			[]wantDiag{{12, `unknown key "sectoin" in [[page]]; did you mean "section"?`}}},
		{"key case matters", head + pageA + "[[page]]\nSlots = \"02\"\ncontent = [\"b.md\"]\n",
			[]wantDiag{{11, `unknown key "Slots"`}, {10, "[[page]] has no slots"}}},
		// failed in the PDF writer, reported without a line
		{"trim too large", strings.Replace(head, "210x285mm", "6000x285mm", 1) + pageA,
			[]wantDiag{{5, `[paper] trim 6000×285 mm with the bleed is larger than a PDF page can be (at most 5000 mm a side)`}}},
		// set at 0.1pt
		{"text size too small", head + "[text]\nsize = \"0.1pt\"\n" + pageA,
			[]wantDiag{{8, `size 0.1pt is not a size for body text (5pt … 36pt`}}},
		// written as a page of 500 mm bleed on every side
		{"bleed too large", strings.Replace(head, "[paper]\n", "[paper]\nbleed = \"500mm\"\n", 1) + pageA,
			[]wantDiag{{5, `bleed 500.0 mm is more than a press trims off (3–5 mm; at most 25 mm)`}}},
		// reached the layout as a character no font has, reported without a line
		{"control character in a string", head + pageA + "section = \"栏\\u0007目\"\n",
			[]wantDiag{{10, `[[page]] section: control character U+0007`}}},
		// printed the raw byte in "cannot read a\x00.txt: invalid argument"
		{"NUL in a content path", head + "[[page]]\nslots = \"01\"\ncontent = [\"a\\u0000.txt\"]\n",
			[]wantDiag{{9, `[[page]] content path "a\x00.txt": control character U+0000 (NUL)`}}},
		{"NUL in a font path", head + "[fonts]\nbody = \"f\\u0000.ttf\"\n" + pageA,
			[]wantDiag{{8, `[fonts] body: font file path "f\x00.ttf": control character U+0000 (NUL)`}}},
		{"emphasis kai without a quote face", head + "[text]\nemphasis = \"kai\"\n" + pageA,
			[]wantDiag{{8, `emphasis = "kai" needs a 楷体-style face: set [fonts] quote`}}},
		{"unknown footnote style", head + "[text]\nfootnote_style = \"roman\"\n" + pageA,
			[]wantDiag{{8, `footnote_style = "roman": use "number" (superscript 1 2 3) or "circled" (①②③)`}}},
		{"unknown footnotes place", head + "[text]\nfootnotes = \"margin\"\n" + pageA,
			[]wantDiag{{8, `footnotes = "margin": use "foot"`}}},
		{"wrong type columns", head + "[text]\ncolumns = \"two\"\n" + pageA,
			[]wantDiag{{8, `[text] columns must be an integer, not a string ("two")`}}},
		{"wrong type in page", head + "[[page]]\nslots = \"01\"\ntoc = \"yes\"\n",
			[]wantDiag{{9, `[[page]] toc must be true or false, not a string ("yes")`}, {7, "neither content, nor a section"}}},
		// page design (design.go)
		{"unknown opening", head + pageA + "opening = \"big\"\n",
			[]wantDiag{{10, `opening = "big": use "title" (a large title area) or "image"`}}},
		{"opening image without the image", head + pageA + "opening = \"image\"\n",
			[]wantDiag{{10, `opening = "image" needs the image: opening_image = `}}},
		{"opening image not an image", head + pageA + "opening_image = \"a.txt\"\n",
			[]wantDiag{{10, `opening_image a.txt is not an image`}}},
		{"opening image missing", head + pageA + "opening_image = \"open.jpg\"\n",
			[]wantDiag{{10, "file not found: DIR/open.jpg"}}},
		{"accent not CMYK", head + pageA + "accent = [0, 120, 0, 0]\n",
			[]wantDiag{{10, "accent must be four CMYK percentages"}}},
		{"measure too small", head + pageA + "measure = 2\n",
			[]wantDiag{{10, "measure = 2 is out of range"}}},
		{"unknown slot", head + "[[page]]\nslots = \"封五\"\ncontent = [\"a.txt\"]\n",
			[]wantDiag{{8, `unknown slot "封五"`}}},
		{"slot out of range", head + "[[page]]\nslots = \"09\"\ncontent = [\"a.txt\"]\n",
			[]wantDiag{{8, "slot 09 is out of range: this issue has inner pages 01…08"}}},
		{"duplicate slot names both lines", head + pageA + "[[page]]\nslots = \"1\"\ncontent = [\"b.md\"]\n",
			[]wantDiag{{11, "slot 01 is also in the [[page]] at line 8"}}},
		{"overlapping ranges", head + "[[page]]\nslots = \"01-04\"\ncontent = [\"a.txt\"]\n[[page]]\nslots = \"03–05\"\ncontent = [\"b.md\"]\n",
			[]wantDiag{{11, "slots 03 04 are also in the [[page]] at line 8"}}},
		{"reversed range", head + "[[page]]\nslots = \"05-02\"\ncontent = [\"a.txt\"]\n",
			[]wantDiag{{8, `range "05-02" is reversed: write 02-05`}}},
		{"range with a cover", head + "[[page]]\nslots = \"封二-03\"\ncontent = [\"a.txt\"]\n",
			[]wantDiag{{8, `range "封二-03" includes the cover 封二`}}},
		{"half range", head + "[[page]]\nslots = \"03-\"\ncontent = [\"a.txt\"]\n",
			[]wantDiag{{8, `bad range "03-"`}}},
		{"missing file", head + "[[page]]\nslots = \"01\"\ncontent = [\n  \"a.txt\",\n  \"nope/missing.txt\",\n]\n",
			[]wantDiag{{11, "file not found: " + "DIR/nope/missing.txt"}}},
		// said "unsupported content file type without an extension"
		{"a folder", head + "[[page]]\nslots = \"01\"\ncontent = [\".\"]\n",
			[]wantDiag{{9, "is a folder: content names files"}}},
		{"bad length", head + "bleed = \"12 parsecs\"\n" + pageA,
			[]wantDiag{{7, `[paper] bleed: length "12 parsecs" has no unit (use mm, cm, pt, in or em)`}}},
		{"em not allowed in paper", head + "margins = { top = \"2em\" }\n" + pageA,
			[]wantDiag{{7, `[paper] margins top: length "2em": em is not allowed here`}}},
		{"inner_pages not multiple of 4", strings.Replace(head, "inner_pages = 8", "inner_pages = 30", 1) + pageA,
			[]wantDiag{{6, "inner_pages = 30 is not a multiple of 4"}}},
		{"inner_pages odd for perfect", strings.Replace(head, "inner_pages = 8", "inner_pages = 31\nbinding = \"perfect\"", 1) + pageA,
			[]wantDiag{{6, "inner_pages = 31 is odd"}}},
		{"binding", head + "binding = \"spiral\"\n" + pageA,
			[]wantDiag{{7, `binding must be "saddle" or "perfect", not "spiral"`}}},
		{"TOML syntax error", head + "[[page]]\nslots = \"01\n",
			[]wantDiag{{8, "TOML syntax error"}}},
		{"TOML duplicate key", head + "trim = \"1x1mm\"\n",
			[]wantDiag{{7, "TOML syntax error"}}},
		{"neither content, section nor toc", head + "[[page]]\nslots = \"01\"\n",
			[]wantDiag{{7, "[[page]] has neither content, nor a section still waiting for content, nor toc = true"}}},
		{"toc with content", head + "[[page]]\nslots = \"01\"\ntoc = true\ncontent = [\"a.txt\"]\n",
			[]wantDiag{{10, "toc = true has a generated table of contents and no content"}}},
		{"page columns out of range", head + "[[page]]\nslots = \"01\"\ncolumns = 7\ncontent = [\"a.txt\"]\n",
			[]wantDiag{{9, "columns = 7 is out of range (1 … 6)"}}},
		{"text columns out of range", head + "[text]\ncolumns = 0\n" + pageA,
			[]wantDiag{{8, "columns = 0 is out of range"}}},
		{"leading below size", head + "[text]\nsize = \"12pt\"\nleading = \"0.9em\"\nleading_x = 1\n" + pageA,
			[]wantDiag{{9, "leading 10.8pt is less than"}, {10, `unknown key "leading_x"`}}},
		{"missing trim and title", "[issue]\nnumber = \"1\"\n[paper]\ninner_pages = 8\n" + pageA,
			[]wantDiag{{1, "[issue] title is required"}, {3, "[paper] trim is required"}}},
		{"no type area", head + "margins = { inside = \"150mm\", outside = \"60mm\" }\n" + pageA,
			[]wantDiag{{7, "margins leave no type area: inside"}}},
		{"date as string", head + pageA + "[issue.x]\n",
			[]wantDiag{{10, `unknown key "x" in [issue]`}}},
		{"quoted date", strings.Replace(head, "number = \"1\"", "number = \"1\"\ndate = \"2026-01-05\"", 1) + pageA,
			[]wantDiag{{4, "date must be a TOML date without quotes"}}},
		{"top-level stray key", "columns = 2\n" + head + pageA,
			[]wantDiag{{1, `unknown key "columns"`}}},
		{"[page] instead of [[page]]", head + "[page]\nslots = \"01\"\ncontent = [\"a.txt\"]\n",
			[]wantDiag{{7, "write [[page]], not [page]"}}},
		{"unsupported content", head + "[[page]]\nslots = \"01\"\ncontent = [\"a.odt\", \"pic.gif\", \"corrupt.jpg\"]\n",
			[]wantDiag{{9, `unsupported content file type ".odt"`}, {9, "GIF images are not supported; supported images are JPEG (.jpg, .jpeg), PNG (.png), TIFF (.tif, .tiff) and PDF pages (.pdf, .pdf#2 for page 2)"}, {9, "corrupt.jpg: cannot read the image"}}},
		{"font errors", head + "[fonts]\nbody = \"builtin:mono\"\nheading = \"missing.otf\"\nfallback = [{ file = \"a.txt\", idx = 1 }]\n" + pageA,
			[]wantDiag{{8, `unknown built-in font "builtin:mono"`}, {9, "file not found: DIR/missing.otf"}, {10, `unknown key "idx" in [fonts] fallback[0]; did you mean "index"?`}}},
		{"many errors at once", head + "bleed = 3\n[text]\nsize = \"10 pt\"\ncolumns = 9\n[[page]]\nslots = \"99\"\ncontent = [\"none.md\"]\n[[page]]\nslotz = \"02\"\ncontent = [\"a.txt\"]\n",
			[]wantDiag{
				{7, `[paper] bleed must be a length string with a unit, such as "3mm", not an integer (3)`},
				{10, "columns = 9 is out of range"},
				{12, "slot 99 is out of range"},
				{13, "file not found"},
				{15, `unknown key "slotz" in [[page]]; did you mean "slots"?`},
				{14, "[[page]] has no slots"},
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := planDir(t, c.plan)
			dir := filepath.Dir(path)
			_, d := Load(path)
			errs := d.Errors()
			for _, w := range c.want {
				msg := strings.ReplaceAll(w.msg, "DIR/", dir+"/")
				found := false
				for _, e := range errs {
					if e.File == path && e.Line == w.line && strings.Contains(e.Message, msg) {
						found = true
					}
				}
				if !found {
					t.Errorf("missing error %d: %s\ngot:\n%s", w.line, msg, listString(errs))
				}
			}
			if len(errs) != len(c.want) {
				t.Errorf("got %d errors, want %d:\n%s", len(errs), len(c.want), listString(errs))
			}
		})
	}
}

func listString(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString("  " + d.String() + "\n")
	}
	return b.String()
}

func TestLoadGood(t *testing.T) {
	is, d := Load("testdata/good/plan.toml")
	if d.HasErrors() {
		t.Fatalf("errors:\n%s", listString(d))
	}
	want := []string{"testdata/good/plan.toml:21: warning: blank slots: 封二 07 08 封三 封底"}
	if len(d) != len(want) || d[0].String() != want[0] {
		t.Errorf("diagnostics:\n%s\nwant %q", listString(d), want)
	}
	if is.Title != "示例月刊" || is.Number != "2026年第1期" || is.Date != "2026-01-05" {
		t.Errorf("issue = %q %q %q", is.Title, is.Number, is.Date)
	}
	if is.Dir != "testdata/good" || is.PlanFile != "testdata/good/plan.toml" {
		t.Errorf("dir %q plan %q", is.Dir, is.PlanFile)
	}
	p := is.Paper
	if p.TrimW != units.FromMM(210) || p.TrimH != units.FromMM(285) || p.Bleed != units.FromMM(3) || p.InnerPages != 8 || p.Binding != "saddle" {
		t.Errorf("paper = %+v", p)
	}
	if want := (Margins{Top: units.FromMM(22), Bottom: units.FromMM(20), Inside: units.FromMM(20), Outside: units.FromMM(15)}); p.Margins != want {
		t.Errorf("margins = %+v, want %+v", p.Margins, want)
	}
	f := is.Fonts
	if f.Body.Path != "testdata/good/fonts/coll.ttc" || f.Body.Index != 1 || f.Body.Pos.Line != 13 {
		t.Errorf("body font %+v", f.Body)
	}
	if f.Heading.Path != "testdata/good/fonts/coll.ttc" || f.Heading.Index != 0 || f.Heading.Pos.Line != 14 {
		t.Errorf("heading font %+v", f.Heading)
	}
	if len(f.Fallback) != 2 || f.Fallback[0].Path != "testdata/good/fonts/one.ttf" || f.Fallback[1].Builtin != "sans" {
		t.Errorf("fallback %+v", f.Fallback)
	}
	x := is.Text
	if x.Size != units.FromPt(9) || x.Leading != units.FromPt(15.3) || x.Columns != 3 || x.ColumnGap != units.FromPt(18) || x.Pos.Line != 17 {
		t.Errorf("text %+v", x)
	}
	if len(is.Slots) != 12 || len(is.Pages) != 4 {
		t.Fatalf("%d slots, %d pages", len(is.Slots), len(is.Pages))
	}
	type pg struct {
		line    int
		slots   string
		section string
		columns int
		toc     bool
		content []string
	}
	var got []pg
	for _, ps := range is.Pages {
		g := pg{ps.Pos.Line, slotNames(is.Slots, ps.Slots), ps.Section, ps.Columns, ps.TOC, nil}
		for _, c := range ps.Content {
			g.content = append(g.content, c.Path)
		}
		got = append(got, g)
	}
	wantPages := []pg{
		{21, "封面", "", 0, false, []string{"testdata/good/images/cover.jpg"}},
		{25, "01", "卷首", 1, false, []string{"testdata/good/articles/qiangzhudong.txt"}},
		{31, "02 03", "目录", 0, true, nil},
		{36, "04 05 06", "专题", 0, false, []string{"testdata/good/articles/feature.md", "testdata/good/images/fig.png"}},
	}
	for i := range wantPages {
		if !equalPage(got[i], wantPages[i]) {
			t.Errorf("page %d = %+v, want %+v", i, got[i], wantPages[i])
		}
	}
	if img := is.Pages[0].FullPageImage(); img == nil || img.Color != "cmyk" {
		t.Errorf("cover FullPageImage = %+v", img)
	}
	if is.Pages[3].FullPageImage() != nil {
		t.Error("a range with an article is not a full-page image")
	}
	c := is.Pages[3].Content
	if c[0].Kind != KindArticle || c[0].Pos.Line != 40 || c[1].Kind != KindImage || c[1].Pos.Line != 41 {
		t.Errorf("content kinds/lines: %+v %+v", c[0], c[1])
	}
	if arts := is.Articles(); len(arts) != 2 || arts[0].Title != "强主动 强探索 强推进" {
		t.Errorf("Articles() = %d", len(arts))
	}
	notes := is.FixNotes()
	if len(notes) != 64+5 || notes[0].String() != "testdata/good/articles/qiangzhudong.txt:9: note: ASCII , typeset as ，: 今年,党的群众路线" {
		t.Errorf("FixNotes: %d, first %q", len(notes), notes[0].String())
	}
}

func equalPage[T any](a, b T) bool { return fmt.Sprintf("%+v", a) == fmt.Sprintf("%+v", b) }

func TestLoadDefaults(t *testing.T) {
	path := planDir(t, head+pageA)
	is, d := Load(path)
	if d.HasErrors() {
		t.Fatal(listString(d))
	}
	if is.Paper.Bleed != units.FromMM(3) || is.Paper.Margins != DefaultMargins || is.Paper.Binding != "saddle" {
		t.Errorf("paper defaults %+v", is.Paper)
	}
	if is.Fonts.Body.Builtin != "serif" || is.Fonts.Heading.Builtin != "sans" || len(is.Fonts.Fallback) != 0 {
		t.Errorf("font defaults %+v", is.Fonts)
	}
	if x := is.Text; x.Size != units.FromPt(10) || x.Leading != units.FromPt(17) || x.Columns != 2 || x.ColumnGap != units.FromPt(20) {
		t.Errorf("text defaults %+v", x)
	}
	if is.Date != "" {
		t.Errorf("date %q", is.Date)
	}
	// a plan without inner_pages has 64
	path = planDir(t, strings.Replace(head, "inner_pages = 8\n", "", 1)+pageA)
	is, d = Load(path)
	if d.HasErrors() || len(is.Slots) != 68 {
		t.Errorf("default inner pages: %d slots\n%s", len(is.Slots), listString(d))
	}
}

func TestLoadDuplicateArticleWarns(t *testing.T) {
	path := planDir(t, head+pageA+"[[page]]\nslots = \"02\"\ncontent = [\"a.txt\"]\n")
	is, d := Load(path)
	if d.HasErrors() {
		t.Fatal(listString(d))
	}
	ws := 0
	for _, x := range d {
		if x.Severity == diag.Warning && x.Line == 12 && strings.Contains(x.Message, "placed a second time (first at line 9)") {
			ws++
		}
	}
	if ws != 1 {
		t.Errorf("want a warning at line 12:\n%s", listString(d))
	}
	if is.Pages[0].Content[0].Article != is.Pages[1].Content[0].Article || len(is.Articles()) != 1 {
		t.Error("the article should be shared")
	}
}

func TestLoadMissingPlan(t *testing.T) {
	is, d := Load("testdata/nothing/plan.toml")
	if is != nil || len(d) != 1 || d[0].String() != "testdata/nothing/plan.toml: file not found: testdata/nothing/plan.toml" {
		t.Errorf("got %v %q", is, d)
	}
}

// TestArticleDiagnosticPaths checks that article diagnostics name the file
// relative to the working directory, through the plan's directory.
func TestArticleDiagnosticPaths(t *testing.T) {
	_, d := Load("testdata/badarticles/plan.toml")
	want := []string{
		"testdata/badarticles/articles/empty.txt:3: the article has no body paragraphs",
		"testdata/badarticles/articles/unknownenc.txt:1: text in an unknown encoding: neither UTF-8 nor GB18030/GBK",
		"testdata/badarticles/articles/ctl.txt:3: control character U+0000 (NUL) in the text",
		"testdata/badarticles/articles/ctl.txt:4: control character U+001B (ESC) in the text",
		"testdata/badarticles/articles/notitle.md:1: the article has no title",
		"testdata/badarticles/articles/twotitles.md:5: second title: the title is already set at line 2",
		"testdata/badarticles/articles/fm.md:3: front matter: unknown key \"autor\" (known keys: kicker, title, subtitle, byline)",
		"testdata/badarticles/articles/fm.md:4: front matter: subtitle must be a string, not an integer",
		"testdata/badarticles/articles/fig.md:5: file not found: testdata/badarticles/images/missing.png",
		"testdata/badarticles/articles/fig.md:7: figure attribute \"wide\": write key=value",
		"testdata/badarticles/articles/fig.md:9: unknown figure option \"big\"",
		"testdata/badarticles/articles/fig.md:11: testdata/badarticles/articles/x.gif: GIF images are not supported",
	}
	got := listString(d.Errors())
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q", w)
		}
	}
	if n := len(d.Errors()); n != len(want) {
		t.Errorf("got %d errors, want %d:\n%s", n, len(want), got)
	}
}

// Columns narrower than MinColumnChars characters were silently widened to
// one character, so that they overlapped each other and the first line of a
// paragraph ran past its column: now an error at the columns that do it.
func TestLoadColumnsTooNarrow(t *testing.T) {
	narrow := strings.Replace(head, "210x285mm", "100x150mm", 1) // type area 67 mm: 19 characters of 10pt
	for _, c := range []struct {
		name, plan string
		line       int
		msg        string
	}{
		{"[text] columns", narrow + "[text]\ncolumns = 6\n" + pageA, 8, "[text] columns = 6: a column holds 1 character(s) of 10pt text"},
		{"[[page]] columns", narrow + pageA + "columns = 5\n", 10, "[[page]] columns = 5: a column holds 2 character(s)"},
		{"the default across a huge gap", head + "[text]\ncolumn_gap = \"300mm\"\n" + pageA, 9, "2 columns (the [text] default): a column holds 0 character(s)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := planDir(t, c.plan)
			_, d := Load(path)
			errs := d.Errors()
			if len(errs) != 1 || errs[0].Line != c.line || !strings.Contains(errs[0].Message, c.msg) {
				t.Errorf("want one error at line %d: %s\ngot:\n%s", c.line, c.msg, listString(errs))
			}
		})
	}
	// narrow columns that hold enough are fine
	if _, d := Load(planDir(t, narrow+"[text]\ncolumns = 3\ncolumn_gap = \"1em\"\n"+pageA)); d.HasErrors() {
		t.Errorf("5-character columns refused:\n%s", listString(d.Errors()))
	}
}

// A plan in progress: a [[page]] with a section and no content yet loads
// (contract version 2) as a pending section; the layout sets placeholders.
func TestLoadPendingSection(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.toml")
	if err := os.WriteFile(plan, []byte(head+"[[page]]\nslots = \"01-04\"\nsection = \"专题\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	iss, d := Load(plan)
	if d.HasErrors() {
		t.Fatalf("a pending section is refused: %v", d)
	}
	if len(iss.Pages) != 1 || !iss.Pages[0].Pending || len(iss.Pages[0].Slots) != 4 || len(iss.Pages[0].Content) != 0 {
		t.Fatalf("not a pending section of 4 slots: %+v", iss.Pages)
	}
}

// A font role may name an installed font by family and style (contract
// version 2); a missing file with a font's extension is still an error.
func TestLoadFontFamily(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("标题\n　　正文。\n"), 0o644)
	plan := filepath.Join(dir, "plan.toml")
	os.WriteFile(plan, []byte(head+"[fonts]\nbody = \"Noto Serif CJK SC\"\nheading = \"Noto Sans CJK SC Bold\"\n"+pageA), 0o644)
	iss, d := Load(plan)
	if d.HasErrors() || iss.Fonts.Body.Family != "Noto Serif CJK SC" || iss.Fonts.Heading.Family != "Noto Sans CJK SC Bold" || iss.Fonts.Body.Path != "" {
		t.Fatalf("family refs: %+v %v", iss.Fonts, d)
	}
	os.WriteFile(plan, []byte(head+"[fonts]\nbody = \"fonts/missing.ttf\"\n"+pageA), 0o644)
	if _, d := Load(plan); !d.HasErrors() || !strings.Contains(d.Errors()[0].String(), "missing.ttf") {
		t.Errorf("a missing font file is not an error: %v", d)
	}
}

// A plan saved by Notepad as "ANSI" (GBK) or "Unicode" (UTF-16 with a BOM)
// is read, with a warning to save it as UTF-8; it was "TOML syntax error:
// invalid UTF-8 byte" (GBK) or an error whose source line printed NUL bytes
// to the terminal (UTF-16).
func TestPlanInGBKOrUTF16(t *testing.T) {
	plan := strings.Replace(head, `title = "T"`, `title = "之江月刊"`, 1) + pageA
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(plan)
	if err != nil {
		t.Fatal(err)
	}
	u16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(plan)
	if err != nil {
		t.Fatal(err)
	}
	for enc, data := range map[string]string{"GBK": gbk, "UTF-16LE": u16} {
		path := planDir(t, data)
		is, d := Load(path)
		if is == nil || d.HasErrors() || is.Title != "之江月刊" || !hasDiag(d, "warning: the plan was read as "+enc+": a TOML file should be UTF-8") {
			t.Errorf("%s: %s", enc, listString(d))
		}
	}
}

// A content path that names no file says what it probably meant: a file
// whose name differs only in case (a plan written on Windows or a Mac), a
// Windows path, a web address.
func TestFileNotFoundHints(t *testing.T) {
	for _, c := range []struct{ content, want string }{
		{`"A.TXT"`, "(there is a.txt: names are case-sensitive)"},
		{`'sub\a.txt'`, `(write / between folders, not \)`},
		{`"https://example.com/a.jpg"`, "(a web address: paiban reads files beside the plan; download it first)"},
	} {
		_, d := Load(planDir(t, head+"[[page]]\nslots = \"01\"\ncontent = ["+c.content+"]\n"))
		if errs := d.Errors(); len(errs) != 1 || errs[0].Line != 9 || !strings.Contains(errs[0].Message, "file not found: ") || !strings.HasSuffix(errs[0].Message, c.want) {
			t.Errorf("%s: %s", c.content, listString(d))
		}
	}
}
