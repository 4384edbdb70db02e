package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paiban/paiban/internal/annotest"
	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/pdf/cos"
)

// `paiban notes MARKED.pdf --manifest M`: a proofreader's highlight and a
// note off the text, as file:line: 「quote」 → note, and as JSON; paiban's
// own highlights left out.
func TestNotesCommand(t *testing.T) {
	dir, plan := setup(t, goodPlan, goodArticle)
	p1, p2 := filepath.Join(dir, "p1.pdf"), filepath.Join(dir, "p2.pdf")
	if code, _, stderr := runCmd("proof", plan, "-o", p1); code != 0 {
		t.Fatalf("proof: %s", stderr)
	}
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte(strings.Replace(goodArticle, "内容简短", "内容很简短", 1)), 0o644)
	if code, _, stderr := runCmd("proof", plan, "-o", p2, "--since", p1, "--round", "2"); code != 0 {
		t.Fatalf("proof 2: %s", stderr)
	}
	m, err := manifest.Read(manifest.Path(p2))
	if err != nil || m == nil {
		t.Fatal(err)
	}
	var line manifest.Line
	page := -1
	for i, p := range m.Pages {
		for _, l := range p.Lines {
			if strings.HasPrefix(l.Text, "第一段") {
				line, page = l, i
			}
		}
	}
	if page < 0 {
		t.Fatal("no line 第一段 in the manifest")
	}
	data, _ := os.ReadFile(p2)
	e := line.Edges()
	// the list of changes is the proof's first page
	marked, err := annotest.Annotate(data, page+1,
		annotest.Markup("Underline", e[0], line.Box[1], e[3], line.Box[3], "核实", "编辑"),
		annotest.Note(20, 20, "页脚太挤", "编辑"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "marked.pdf")
	os.WriteFile(out, marked, 0o644)
	code, stdout, stderr := runCmd("notes", out, "--manifest", manifest.Path(p2))
	if code != 0 {
		t.Fatalf("notes: exit %d\n%s", code, stderr)
	}
	a := filepath.ToSlash(filepath.Join(dir, "a.txt"))
	want := a + ":4: 「第一段」 → 核实\npage 01: → 页脚太挤\n"
	if stdout != want {
		t.Errorf("notes printed\n%s\nwant\n%s", stdout, want)
	}
	code, stdout, _ = runCmd("notes", out, "--manifest", manifest.Path(p2), "--json")
	var notes []struct {
		Page, Kind, File, Quote, Note string
		Line                          int
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &notes) != nil || len(notes) != 2 || notes[0].Kind != "Underline" || notes[0].Line != 4 || notes[1].File != "" {
		t.Errorf("--json: exit %d\n%s", code, stdout)
	}
	// without a manifest beside the marked file: an error that says what to give
	if code, _, stderr = runCmd("notes", out); code == 0 || !strings.Contains(stderr, "--manifest") {
		t.Errorf("notes without a manifest: exit %d\n%s", code, stderr)
	}
	// the proof alone: paiban's own highlight is not a note
	if code, stdout, _ = runCmd("notes", p2); code != 0 || stdout != "no marks\n" {
		t.Errorf("notes of the unmarked proof: exit %d\n%s", code, stdout)
	}
	if _, err := cos.Read(marked); err != nil {
		t.Fatal(err)
	}
}

// A proof marked with MuPDF (the engine of several viewers) — a highlight
// with a note, an insert caret and a free-text comment in the margin,
// saved as an incremental update — and then rewritten by qpdf with object
// streams: the same notes, at the source lines.
func TestNotesFromMuPDF(t *testing.T) {
	testtool.Need(t, "mutool", "qpdf")
	dir, plan := setup(t, goodPlan, goodArticle)
	p := filepath.Join(dir, "p.pdf")
	if code, _, stderr := runCmd("proof", plan, "-o", p); code != 0 {
		t.Fatalf("proof: %s", stderr)
	}
	m, err := manifest.Read(manifest.Path(p))
	if err != nil || m == nil {
		t.Fatal(err)
	}
	var first, second manifest.Line
	page := -1
	for i, pg := range m.Pages {
		for _, l := range pg.Lines {
			switch {
			case strings.HasPrefix(l.Text, "第一段"):
				first, page = l, i
			case strings.HasPrefix(l.Text, "第二段"):
				second = l
			}
		}
	}
	if page < 0 || second.Text == "" {
		t.Fatal("lines not found in the manifest")
	}
	e, e2 := first.Edges(), second.Edges()
	// MuPDF's page space has its origin at the top left, y down
	g := m.Geometry
	h := g.TrimH + 2*g.Bleed + g.Slug
	y0, y1 := h-first.Box[1], h-first.Box[3]
	c0 := h - second.Box[1]
	js := fmt.Sprintf(`var doc = new PDFDocument(scriptArgs[0]);
var page = doc.loadPage(%d);
var a = page.createAnnotation("Highlight");
a.setQuadPoints([[%g,%g,%g,%g,%g,%g,%g,%g]]);
a.setContents("内容要具体");
a.setAuthor("校对");
a.update();
var c = page.createAnnotation("Caret");
c.setRect([%g,%g,%g,%g]);
c.setContents("的");
c.update();
var f = page.createAnnotation("FreeText");
f.setRect([2,%g,60,%g]);
f.setContents("页码核对");
f.update();
doc.save(scriptArgs[1], "incremental");
`, page, e[6], y1, e[10], y1, e[6], y0, e[10], y0, e2[3]-3, c0-6, e2[3]+3, c0, h-20, h-2)
	script := filepath.Join(dir, "mark.js")
	os.WriteFile(script, []byte(js), 0o644)
	marked := filepath.Join(dir, "marked.pdf")
	if b, err := exec.Command("mutool", "run", script, p, marked).CombinedOutput(); err != nil {
		t.Fatalf("mutool run: %v\n%s", err, b)
	}
	packed := filepath.Join(dir, "packed.pdf")
	if b, err := exec.Command("qpdf", "--object-streams=generate", marked, packed).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, b)
	}
	a := filepath.ToSlash(filepath.Join(dir, "a.txt"))
	want := a + ":4: 「内容简短」 → 内容要具体\n" + a + ":5: 「第二段‸正文。」 → insert 「的」\npage 01: → 页码核对\n"
	for _, f := range []string{marked, packed} {
		code, stdout, stderr := runCmd("notes", f, "--manifest", manifest.Path(p))
		if code != 0 || stdout != want {
			t.Errorf("%s: exit %d\n%s%s\nwant\n%s", filepath.Base(f), code, stdout, stderr, want)
		}
	}
}
