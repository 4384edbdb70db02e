package pipeline

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/paiban/paiban/finish"
	"github.com/paiban/paiban/internal/annotest"
	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/proof"
)

// highlightMark is a Highlight annotation of a proof as read back.
type highlightMark struct {
	page     int // PDF page, 0-based
	quads    []float64
	contents string
	author   string
}

// highlights reads the Highlight annotations of a PDF with the cos reader.
func highlights(t *testing.T, data []byte) []highlightMark {
	t.Helper()
	d, err := cos.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := d.Pages()
	if err != nil {
		t.Fatal(err)
	}
	var out []highlightMark
	for i, p := range pages {
		annots, _ := d.Get(p.Dict.Get("Annots")).(cos.Array)
		for _, a := range annots {
			ad := d.Dict(a)
			if ad.Get("Subtype") != cos.Name("Highlight") {
				continue
			}
			h := highlightMark{page: i}
			q, _ := d.Get(ad.Get("QuadPoints")).(cos.Array)
			for _, v := range q {
				f, _ := cos.Float(v)
				h.quads = append(h.quads, f)
			}
			c, _ := ad.Get("Contents").(cos.String)
			h.contents = cos.Text(c)
			a, _ := ad.Get("T").(cos.String)
			h.author = cos.Text(a)
			out = append(out, h)
		}
	}
	return out
}

// editArticle replaces old by new (once) in an article of the plan.
func editArticle(t *testing.T, plan, article, old, new string) {
	t.Helper()
	path := filepath.Join(filepath.Dir(plan), article)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s has no %q", article, old)
	}
	if err := os.WriteFile(path, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// findLine is the page and line of the manifest whose text holds s.
func findLine(t *testing.T, m *manifest.Manifest, s string) (int, int) {
	t.Helper()
	for pi, p := range m.Pages {
		for li, l := range p.Lines {
			if strings.Contains(l.Text, s) {
				return pi, li
			}
		}
	}
	t.Fatalf("no line holds %q", s)
	return 0, 0
}

// checkHighlight checks that h covers exactly the characters of line l
// from rune from to rune to, on the PDF page of slot.
func checkHighlight(t *testing.T, h highlightMark, l manifest.Line, from, to int) {
	t.Helper()
	e := l.Edges()
	want := []float64{e[from], l.Box[3], e[to], l.Box[3], e[from], l.Box[1], e[to], l.Box[1]}
	if len(h.quads) != 8 {
		t.Fatalf("highlight quads %v: want one quad %v", h.quads, want)
	}
	for i := range want {
		if math.Abs(h.quads[i]-want[i]) > 0.002 {
			t.Fatalf("highlight quads %v, want %v (characters %d…%d of %q)", h.quads, want, from, to, l.Text)
		}
	}
}

// A proof, an edit of one article, a round-2 proof whose highlights cover
// exactly the edited characters (read back with the cos reader and with
// qpdf), a round 3 from the manifests alone; the print file stays clean;
// a proof marked by a "proofreader" (incremental updates) read back to
// the right source lines.
func TestProofMarksEndToEnd(t *testing.T) {
	plan := sampleDir(t)
	dir := filepath.Dir(plan)
	p1, p2, p3 := filepath.Join(dir, "p1.pdf"), filepath.Join(dir, "p2.pdf"), filepath.Join(dir, "p3.pdf")
	r1 := runProof(t, plan, p1, ProofOptions{Round: 1})
	if len(r1.Changes) != 0 || len(highlights(t, r1.PDF)) != 0 {
		t.Fatalf("a first proof has no changes: %v", r1.Changes)
	}
	if r1.Manifest.Geometry == nil || len(r1.Manifest.Pages[2].Lines) == 0 {
		t.Fatal("the proof's manifest has no line records")
	}

	// round 2: two characters inserted into a paragraph of 01
	editArticle(t, plan, "articles/qiangzhudong.txt", "既是活动的组织单位", "既是这次活动的组织单位")
	r2 := runProof(t, plan, p2, ProofOptions{Round: 2, Since: p1, ChangesFile: filepath.Join(dir, "changes.txt")})
	hs := highlights(t, r2.PDF)
	if len(hs) != 1 {
		t.Fatalf("round 2: %d highlights, want 1: %+v", len(hs), hs)
	}
	pi, li := findLine(t, r2.Manifest, "这次") // (the first: 卷首 has no other, and "这次活动" may break after 这次)
	l := r2.Manifest.Pages[pi].Lines[li]
	at := len([]rune(l.Text[:strings.Index(l.Text, "这次")]))
	checkHighlight(t, hs[0], l, at, at+2)
	if r2.Proof.Pages[hs[0].page].Slot != "01" || r2.Manifest.Pages[pi].Slot != "01" {
		t.Errorf("highlight on PDF page %d (%s), want 01", hs[0].page+1, r2.Proof.Pages[hs[0].page].Slot)
	}
	// (the old line: "…既是活动的组织单位", or its part up to a line break)
	if hs[0].author != proof.Author || !strings.Contains(hs[0].contents, "既是") || strings.Contains(hs[0].contents, "这次") {
		t.Errorf("highlight by %q with contents %q: want the old text", hs[0].author, hs[0].contents)
	}
	// the page listing the changes comes first; moved lines are marked, not highlighted
	if r2.Proof.Pages[0].Slot != proof.ListSlot || len(r2.Proof.Pages) != 69 {
		t.Errorf("round 2: first page %q of %d", r2.Proof.Pages[0].Slot, len(r2.Proof.Pages))
	}
	edited, moved := proof.Counts(r2.Changes)
	if edited != 1 || moved == 0 {
		t.Errorf("round 2: %d edited, %d moved lines; want 1 and the reflowed rest", edited, moved)
	}
	for _, c := range r2.Changes {
		if c.Slot != "01" {
			t.Errorf("a change on %s, which did not change", c.Slot)
		}
	}
	list, err := os.ReadFile(filepath.Join(dir, "changes.txt"))
	if err != nil || !strings.Contains(string(list), "p.01  articles/qiangzhudong.txt:9  ") || !strings.Contains(string(list), "→") {
		t.Errorf("--changes list: %v\n%s", err, list)
	}
	testtool.Need(t, "qpdf")
	out, err := exec.Command("qpdf", "--json=2", "--json-key=qpdf", p2).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	if n := strings.Count(string(out), `"/Subtype": "/Highlight"`); n != 1 {
		t.Errorf("qpdf sees %d highlights", n)
	}
	if b, err := exec.Command("qpdf", "--check", p2).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, b)
	}

	// with a flat plan in front: the highlight still on 01's page
	rf := runProof(t, plan, filepath.Join(dir, "p2f.pdf"), ProofOptions{Round: 2, Since: p1, Flatplan: true})
	if hf := highlights(t, rf.PDF); rf.Sheets == 0 || len(hf) != 1 || hf[0].page != hs[0].page+rf.Sheets {
		t.Errorf("with --flatplan (%d sheets): highlights %+v, want one on page %d", rf.Sheets, hf, hs[0].page+rf.Sheets+1)
	}

	// round 3, from the manifests alone: a word replaced in another
	// article; the round-2 edit is no longer marked
	editArticle(t, plan, "articles/qiangzhudong.txt", "承担着双重职责", "承担着两种职责")
	r3 := runProof(t, plan, p3, ProofOptions{Round: 3, Since: p2 + ".manifest.json"})
	hs = highlights(t, r3.PDF)
	if len(hs) != 1 {
		t.Fatalf("round 3: %d highlights, want 1: %+v", len(hs), hs)
	}
	pi, li = findLine(t, r3.Manifest, "两种职责")
	l = r3.Manifest.Pages[pi].Lines[li]
	at = len([]rune(l.Text[:strings.Index(l.Text, "两种")]))
	checkHighlight(t, hs[0], l, at, at+2)
	if !strings.Contains(hs[0].contents, "双重") {
		t.Errorf("round 3 highlight contents %q", hs[0].contents)
	}

	// the print file has no annotations
	res := mustBuild(t, plan)
	if bytes.Contains(res.PDF, []byte("/Annots")) || bytes.Contains(res.PDF, []byte("/Highlight")) {
		t.Fatal("the print PDF has annotations")
	}
	d, err := cos.Read(res.PDF)
	if err != nil {
		t.Fatal(err)
	}
	if err := finish.Validate(d, false); err != nil {
		t.Fatalf("the print PDF: %v", err)
	}
	if res.Manifest.Geometry == nil || res.Manifest.Geometry.Slug != 0 || len(res.Manifest.Pages[2].Lines) == 0 {
		t.Fatal("the build's manifest has no line records")
	}

	// a proofreader marks the round-3 proof: a highlight with a note, a
	// text note and a strike-out, saved twice (incremental updates)
	m := r3.Manifest
	page := func(slot string) int {
		for i, p := range r3.Proof.Pages {
			if p.Slot == slot {
				return i
			}
		}
		t.Fatalf("no page %s", slot)
		return 0
	}
	hl := m.Pages[pi].Lines[li+3]
	he := hl.Edges()
	a := annotest.Markup("Highlight", he[2], hl.Box[1], he[12], hl.Box[3], "这里要核实", "校对员")
	nl := m.Pages[pi].Lines[li+8]
	note := annotest.Note(nl.Box[0]+30, nl.Box[3]-2, "这一段太长", "校对员")
	marked, err := annotest.Annotate(r3.PDF, page(m.Pages[pi].Slot), a, note)
	if err != nil {
		t.Fatal(err)
	}
	var sl manifest.Line
	var slot string
	for _, p := range m.Pages[pi+1:] {
		for _, l := range p.Lines[min(12, len(p.Lines)):] {
			if slot == "" && len([]rune(l.Text)) >= 20 {
				sl, slot = l, p.Slot
			}
		}
	}
	se := sl.Edges()
	strike := annotest.Markup("StrikeOut", se[1], sl.Box[1], se[11], sl.Box[3], "", "校对员")
	if marked, err = annotest.Annotate(marked, page(slot), strike); err != nil {
		t.Fatal(err)
	}
	notes, err := proof.Notes(marked, m)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 3 {
		t.Fatalf("%d notes: %v", len(notes), notes)
	}
	want := []struct {
		line         manifest.Line
		quote, note  string
		from, to     int
		kind, source string
	}{
		{hl, "", "这里要核实", 2, 12, "Highlight", ""},
		{nl, nl.Text, "这一段太长", 0, 0, "Text", ""},
		{sl, "", "delete", 1, 11, "StrikeOut", ""},
	}
	for i, w := range want {
		n := notes[i]
		quote := w.quote
		if quote == "" {
			quote = string([]rune(w.line.Text)[w.from:w.to])
		}
		if n.Kind != w.kind || n.Quote != quote || n.Note != w.note || n.Author != "校对员" {
			t.Errorf("note %d: %+v, want %s 「%s」 → %s", i, n, w.kind, quote, w.note)
		}
		// the source line, found again in the article itself
		if n.File != w.line.File || n.Line != sourceLineOf(t, dir, w.line.File, quote) {
			t.Errorf("note %d at %s, want %s:%d", i, n.Source(), w.line.File, sourceLineOf(t, dir, w.line.File, quote))
		}
	}
}

// sourceLineOf is the number of the line of the article that holds s.
func sourceLineOf(t *testing.T, dir, file, s string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	// letters only: the source may have ASCII punctuation the layout set as Chinese
	letters := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, s)
	}
	found := 0
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(letters(l), letters(s)) {
			if found != 0 {
				t.Fatalf("%q is on lines %d and %d of %s", s, found, i+1, file)
			}
			found = i + 1
		}
	}
	if found == 0 {
		t.Fatalf("%q is not in %s", s, file)
	}
	return found
}

// BenchmarkManifestLines: the sample's line records (source lines,
// character advances) and their JSON, which every build and proof writes
// (a build records them while the PDF is written).
func BenchmarkManifestLines(b *testing.B) {
	res := runOK(b, sampleDir(b), Options{WritePDF: true})
	for b.Loop() {
		m := &manifest.Manifest{Pages: make([]manifest.Page, len(res.Document.Pages))}
		m.AddLines(res.Issue, res.Document, 0)
		m.Marshal()
	}
}
