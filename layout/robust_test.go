package layout

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
)

// layoutFiles writes files into a fresh directory, loads its plan.toml and
// sets it with the built-in fonts (as proofs do, with overset pages when
// proof is set).
func layoutFiles(t *testing.T, files map[string][]byte, proof bool) (*Document, string) {
	t.Helper()
	iss := loadFiles(t, files)
	serif, _ := fonts.Builtin("serif")
	sans, _ := fonts.Builtin("sans")
	doc, _, ld := LayoutWith(iss, Fonts{Body: serif, Heading: sans}, Options{OversetPages: proof})
	var msgs strings.Builder
	for _, x := range ld {
		// (a page of a few lines is what these tests set)
		if x.Severity != diag.Note && !strings.Contains(x.Message, "filled under a quarter") {
			msgs.WriteString(x.String() + "\n")
		}
	}
	return doc, msgs.String()
}

// loadFiles writes files into a fresh directory and loads its plan.toml.
func loadFiles(t *testing.T, files map[string][]byte) *issue.Issue {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	iss, d := issue.Load(filepath.Join(dir, "plan.toml"))
	if d.HasErrors() {
		t.Fatal(d.Err())
	}
	return iss
}

const robustPlan = `[issue]
title = "T"
number = "1"
[paper]
trim = "210x285mm"
inner_pages = 4
[[page]]
slots = "01"
content = ["a.md"]
`

// The overset pages of a proof stopped at the first item taller than a page
// (here a subheading of 3000 characters): everything after it was silently
// missing from the proof. Now that item is named in a warning, and the text
// after it is on the overset pages.
func TestOversetPagesGoOnAfterAnOverTallItem(t *testing.T) {
	md := "# 标题\n\n" + strings.Repeat("前文。", 600) + "\n\n## " + strings.Repeat("长", 3000) + "\n\n结尾的段落在这里。\n"
	doc, msgs := layoutFiles(t, map[string][]byte{"plan.toml": []byte(robustPlan), "a.md": []byte(md)}, true)
	if !strings.Contains(msgs, `plan.toml:7: warning: overset: `) || !strings.Contains(msgs, `from "长长长长长长长长长长长长长长长长…" are taller than a page and are not on the overset pages`) {
		t.Errorf("no warning for the over-tall subheading:\n%s", msgs)
	}
	found := false
	for _, p := range doc.Pages {
		for _, l := range p.TextLines {
			found = found || p.Overset && strings.Contains(l.Text, "结尾的段落")
		}
	}
	if !found {
		t.Errorf("the paragraph after the over-tall subheading is not on an overset page:\n%s", msgs)
	}
}

// A figure too tall for a column at column width could be placed nowhere:
// the build failed with a misleading overset error. Now it is scaled to the
// column's height.
func TestTallFigureFitsTheColumn(t *testing.T) {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 300, 9000))); err != nil {
		t.Fatal(err)
	}
	md := "# 标题\n\n正文。\n\n![说明](tall.png)\n\n正文二。\n"
	doc, msgs := layoutFiles(t, map[string][]byte{"plan.toml": []byte(robustPlan), "a.md": []byte(md), "tall.png": b.Bytes()}, false)
	if msgs != "" {
		t.Fatalf("diagnostics:\n%s", msgs)
	}
	var im *Image
	for _, p := range doc.Pages {
		for i := range p.Images {
			im = &p.Images[i]
		}
	}
	if im == nil {
		t.Fatal("the figure is not placed")
	}
	if foot := doc.TrimH - issue.DefaultMargins.Bottom; im.Y < 0 || im.Y+im.H > foot {
		t.Errorf("figure from %v to %v, past the type area's foot at %v", im.Y, im.Y+im.H, foot)
	}
	if vs := doc.CheckTypography(); len(vs) > 0 {
		t.Errorf("%v", vs)
	}
}

// A character no font has in the title, number or a section (printed in the
// footer and running head) was reported with no file and line.
func TestFurnitureMissingCharacterHasPosition(t *testing.T) {
	plan := strings.Replace(robustPlan, `title = "T"`, `title = "T😀"`, 1)
	_, msgs := layoutFiles(t, map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte("# 标题\n\n正文。\n")}, false)
	if !strings.Contains(msgs, `plan.toml:2: character "😀" (U+1F600) is in no configured font`) || strings.Contains(msgs, "\ncharacter") || strings.HasPrefix(msgs, "character") {
		t.Errorf("want the missing character at the title's line:\n%s", msgs)
	}
}

// A section or title longer than the running head or the footer was set
// past the page's edge (or failed in the PDF writer): now an error at the
// plan line that sets it.
func TestFurnitureTooLong(t *testing.T) {
	plan := strings.Replace(robustPlan, `content = ["a.md"]`, `content = ["a.md"]`+"\nsection = \""+strings.Repeat("栏", 80)+"\"", 1)
	plan = strings.Replace(plan, `title = "T"`, `title = "`+strings.Repeat("题", 60)+`"`, 1)
	_, msgs := layoutFiles(t, map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte("# 标题\n\n正文。\n")}, false)
	for _, want := range []string{
		`plan.toml:7: [[page]] section "栏栏栏栏栏栏栏栏栏栏栏栏栏栏栏栏…" is too long for the running head: 720pt wide, the type area 501.732pt`,
		`plan.toml:2: [issue] title and number are too long for the footer`,
	} {
		if !strings.Contains(msgs, want) {
			t.Errorf("missing %q in:\n%s", want, msgs)
		}
	}
}

// coverPNG is a small grey PNG for the 封面 slot.
func coverPNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 30, 40))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Lines of type over a page ([cover], [[overlay]]) that ran past the trim
// were cut off in print without a word: now an error at the line.
func TestCoverLinePastTheTrim(t *testing.T) {
	plan := robustPlan + "[[overlay]]\nslot = \"01\"\n[[overlay.line]]\ntext = \"" + strings.Repeat("口号", 20) + "\"\ny = \"100mm\"\nsize = \"30pt\"\n"
	_, msgs := layoutFiles(t, map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte("# 标题\n\n正文。\n")}, false)
	if !strings.Contains(msgs, `plan.toml:12: line "口号口号口号口号口号口号口号口号…" runs past the edge of the page: it takes -106.7 to 316.7 mm across`) {
		t.Errorf("want an error at the overlay line:\n%s", msgs)
	}
}

// The default masthead set a 10-character title at 66 pt, wider than an
// A4 page: its ends were cut off. Now it is made smaller to fit.
func TestDefaultMastheadFits(t *testing.T) {
	plan := strings.Replace(robustPlan, `title = "T"`, `title = "浙江省党建研究会会刊"`, 1) + "[[page]]\nslots = \"封面\"\ncontent = [\"cover.png\"]\n"
	doc, msgs := layoutFiles(t, map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte("# 标题\n\n正文。\n"), "cover.png": coverPNG(t)}, false)
	if msgs != "" {
		t.Fatalf("diagnostics:\n%s", msgs)
	}
	runs := doc.Pages[0].Runs
	if len(runs) == 0 {
		t.Fatal("no masthead")
	}
	for _, r := range runs {
		if r.X < 0 || r.X > doc.TrimW {
			t.Errorf("masthead run %q starts at %v, outside the trim (0 … %v)", r.Text, r.X, doc.TrimW)
		}
	}
	last := runs[0]
	for _, r := range runs {
		if r.X > last.X {
			last = r
		}
	}
	if end := last.X + last.Size; end > doc.TrimW {
		t.Errorf("masthead ends at %v, past the trim %v", end, doc.TrimW)
	}
}

// A sliver of an image (30000×2 px) alone on a page was scaled to cover it,
// kilometres wide: the PDF writer refused it ("bad geometry") with no line.
func TestFullPageSliver(t *testing.T) {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 30000, 2))); err != nil {
		t.Fatal(err)
	}
	plan := robustPlan + "[[page]]\nslots = \"02\"\ncontent = [\"sliver.png\"]\n"
	doc, msgs := layoutFiles(t, map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte("# 标题\n\n正文。\n"), "sliver.png": b.Bytes()}, false)
	if !strings.Contains(msgs, "plan.toml:12: ") || !strings.Contains(msgs, "sliver.png: 30000×2 px cannot fill 02: scaled to cover the page it would be 4365001×291 mm") {
		t.Errorf("want an error at the content line:\n%s", msgs)
	}
	if n := len(doc.Pages[3].Images); n != 0 {
		t.Errorf("the sliver was placed (%d images on 02)", n)
	}
}

// A small photo was silently set at 300 ppi — a 600×400 px photo 51 mm wide
// in a column of 84 mm — against the documented "figures at column width".
// Now it is set at the column width; its resolution is reported by the
// build (min_ppi_warn, min_ppi_error).
func TestSmallFigureAtColumnWidth(t *testing.T) {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 600, 400))); err != nil {
		t.Fatal(err)
	}
	md := "# 标题\n\n正文。\n\n![说明](small.png)\n\n正文二。\n"
	doc, msgs := layoutFiles(t, map[string][]byte{"plan.toml": []byte(robustPlan), "a.md": []byte(md), "small.png": b.Bytes()}, false)
	if msgs != "" {
		t.Fatalf("diagnostics:\n%s", msgs)
	}
	for _, p := range doc.Pages {
		for _, im := range p.Images {
			if f := p.Frame; im.W != f.ColW {
				t.Errorf("figure %v wide, the column %v", im.W, f.ColW)
			}
			return
		}
	}
	t.Fatal("the figure is not placed")
}

// A character no font has in a table cell, a list marker or a 目录 entry was
// also reported with no file and line, from measuring the text
// (textWidth): only where it is set, at its file and line.
func TestMeasuredMissingCharacterHasPosition(t *testing.T) {
	md := "# 标题\n\n正文。\n\n| 甲 | 乙 |\n|---|---|\n| 😀 | 二 |\n"
	_, msgs := layoutFiles(t, map[string][]byte{"plan.toml": []byte(robustPlan), "a.md": []byte(md)}, false)
	if !strings.Contains(msgs, `a.md:7: character "😀" (U+1F600) is in no configured font`) {
		t.Errorf("want the missing character at the cell's line:\n%s", msgs)
	}
	for _, l := range strings.Split(strings.TrimSpace(msgs), "\n") {
		if strings.HasPrefix(l, "character") || strings.HasPrefix(l, ":0:") {
			t.Errorf("a diagnostic without a file and line: %s", l)
		}
	}
}
