package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paiban/paiban/internal/annotest"
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
