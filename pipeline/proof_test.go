package pipeline

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/proof"
)

func runProof(t *testing.T, plan, out string, po ProofOptions) *Result {
	t.Helper()
	res, d := Run(plan, Options{WritePDF: true, Proof: &po})
	if d.HasErrors() || res.PDF == nil {
		t.Fatalf("proof failed:\n%v", d.Err())
	}
	if _, err := Save(res, out); err != nil {
		t.Fatal(err)
	}
	return res
}

// pdfBoxes reads every page's MediaBox and TrimBox with qpdf's JSON.
func pdfBoxes(t *testing.T, pdf string) (media, trim [][4]float64) {
	t.Helper()
	out, err := exec.Command("qpdf", "--json=2", "--json-key=qpdf", pdf).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	var j struct {
		Qpdf []json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal(out, &j); err != nil || len(j.Qpdf) < 2 {
		t.Fatalf("qpdf JSON: %v", err)
	}
	var objs map[string]struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(j.Qpdf[1], &objs); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range objs {
		keys = append(keys, k)
	}
	num := func(k string) int { n, _ := strconv.Atoi(strings.Fields(strings.TrimPrefix(k, "obj:"))[0]); return n }
	// object order is page order for our files
	for i := range keys {
		for j := i + 1; j < len(keys); j++ {
			if num(keys[j]) < num(keys[i]) {
				keys[i], keys[j] = keys[j], keys[i]
			}
		}
	}
	for _, k := range keys {
		var d map[string]any
		if json.Unmarshal(objs[k].Value, &d) != nil || d["/Type"] != "/Page" {
			continue
		}
		box := func(name string) [4]float64 {
			var b [4]float64
			a, _ := d[name].([]any)
			for i := 0; i < 4 && i < len(a); i++ {
				b[i], _ = a[i].(float64)
			}
			return b
		}
		media = append(media, box("/MediaBox"))
		trim = append(trim, box("/TrimBox"))
	}
	return media, trim
}

var wordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

// words returns page n's words with their top edge (from the page top).
func words(t *testing.T, pdf string, n int) map[string]float64 {
	t.Helper()
	p := strconv.Itoa(n)
	out, err := exec.Command("pdftotext", "-f", p, "-l", p, "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	m := map[string]float64{}
	for _, w := range wordRE.FindAllStringSubmatch(string(out), -1) {
		y, _ := strconv.ParseFloat(w[2], 64)
		m[w[5]] = y
	}
	return m
}

func pdfText(t *testing.T, pdf string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

// A proof of the sample: every page with its stamp (round, date, hash) in
// the slug outside the TrimBox, valid, deterministic, and its text
// extracts as the articles' (pdfaudit text).
func TestProofSample(t *testing.T) {
	plan := sampleDir(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "proof.pdf")
	po := ProofOptions{Round: 2, Date: "2026-01-09", Since: out}
	res := runProof(t, plan, out, po)
	if len(res.Proof.Pages) != 68 {
		t.Fatalf("%d proof pages", len(res.Proof.Pages))
	}
	if res.Diff == nil || !res.Diff.First {
		t.Fatalf("first proof: diff %+v", res.Diff)
	}
	again, d := Run(plan, Options{WritePDF: true, Proof: &po})
	if d.HasErrors() || !bytes.Equal(again.PDF, res.PDF) {
		t.Fatal("two proofs of the same plan differ")
	}
	testtool.Need(t, "qpdf")
	if b, err := exec.Command("qpdf", "--check", out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, b)
	}
	media, trim := pdfBoxes(t, out)
	if len(media) != 68 {
		t.Fatalf("qpdf sees %d pages", len(media))
	}
	slug := proof.Slug.Points()
	bleed := res.Issue.Paper.Bleed.Points()
	for i := range media {
		if trim[i][1] < slug+bleed-0.01 || media[i][1] != 0 || media[i][3]-trim[i][3] < bleed-0.01 {
			t.Fatalf("page %d: MediaBox %v, TrimBox %v: no slug of %.1f pt below the bleed", i+1, media[i], trim[i], slug)
		}
	}
	testtool.Need(t, "pdftotext")
	for _, n := range []int{1, 19, 68} {
		w := words(t, out, n)
		below := media[n-1][3] - trim[n-1][1] // the trim's bottom edge, from the page top
		for _, want := range []string{"第2校", "2026-01-09", res.Manifest.Pages[n-1].Hash[:8]} {
			y, ok := w[want]
			if !ok {
				t.Fatalf("page %d: stamp word %q not found", n, want)
			}
			if y < below {
				t.Errorf("page %d: %q at %.1f pt from the top, inside the trim (ends at %.1f)", n, want, y, below)
			}
		}
	}
	t.Run("pdfaudit", func(t *testing.T) { checkPdfaudit(t, testtool.Referee(t), out, res) })
}

// checkPdfaudit runs `pdfaudit text` on a PDF against the articles as set.
func checkPdfaudit(t *testing.T, pa, pdf string, res *Result) {
	t.Helper()
	dir := t.TempDir()
	args := []string{"text", pdf}
	for i, a := range res.Issue.Articles() {
		p := filepath.Join(dir, strconv.Itoa(i)+".txt")
		if err := os.WriteFile(p, []byte(a.PlainText()), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	if b, err := exec.Command(pa, args...).CombinedOutput(); err != nil {
		t.Errorf("pdfaudit text %s: %v\n%s", filepath.Base(pdf), err, b)
	}
}

// Spreads of the sample: 封面, 33 pairs, 封底; the stamps of both halves.
func TestProofSpreads(t *testing.T) {
	plan := sampleDir(t)
	out := filepath.Join(t.TempDir(), "spreads.pdf")
	res := runProof(t, plan, out, ProofOptions{Spreads: true})
	if n := len(res.Proof.Pages); n != 35 {
		t.Fatalf("%d spreads, want 35", n)
	}
	if res.Proof.Pages[1].Label != "封二|01" || res.Proof.Pages[34].Label != "封底" {
		t.Fatalf("spreads %q … %q", res.Proof.Pages[1].Label, res.Proof.Pages[34].Label)
	}
	if len(res.Manifest.Pages) != 68 {
		t.Fatalf("the manifest lists %d pages, want the 68 slots", len(res.Manifest.Pages))
	}
	testtool.Need(t, "qpdf")
	if b, err := exec.Command("qpdf", "--check", out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, b)
	}
	media, trim := pdfBoxes(t, out)
	if len(media) != 35 {
		t.Fatalf("qpdf sees %d pages", len(media))
	}
	w := res.Issue.Paper.TrimW.Points()
	if got := trim[0][2] - trim[0][0]; got < 2*w-0.01 || got > 2*w+0.01 {
		t.Fatalf("spread TrimBox width %.2f, want %.2f", got, 2*w)
	}
	// the spreads' page labels
	lj, err := exec.Command("qpdf", "--json=2", "--json-key=pagelabels", out).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	for _, want := range []string{`"u:封面"`, `"u:封二|01"`, `"u:02|03"`, `"u:64|封三"`, `"u:封底"`} {
		if !bytes.Contains(lj, []byte(want)) {
			t.Errorf("no page label %s", want)
		}
	}
	testtool.Need(t, "pdftotext")
	text := pdfText(t, out)
	for _, want := range []string{"封二第1校", "01第1校", "64第1校", "封三第1校"} {
		if !strings.Contains(text, want) {
			t.Errorf("no stamp %q in the spreads", want)
		}
	}
	t.Run("pdfaudit", func(t *testing.T) { checkPdfaudit(t, testtool.Referee(t), out, res) })
}

const oversetPlan = `[issue]
title = "测试月刊"
number = "2026年第2期"
date = 2026-03-01

[paper]
trim = "210x285mm"
inner_pages = 4

[[page]]
slots = "01-02"
section = "长文"
content = ["long.txt"]
`

// Overset text is an error in a build and on extra pages in a proof, where
// proofreaders can read it.
func TestProofOverset(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.toml")
	var b strings.Builder
	b.WriteString("一篇太长的文章\n\n  本刊记者\n")
	for i := 0; i < 60; i++ {
		b.WriteString("  这是一段很长的正文，用来填满版面，看看排不下的文字到哪里去了。这是一段很长的正文，用来填满版面。\n")
	}
	b.WriteString("  最后一段的标记文字在这里结束，校对人员必须能读到它。\n")
	os.WriteFile(plan, []byte(oversetPlan), 0o644)
	os.WriteFile(filepath.Join(dir, "long.txt"), []byte(b.String()), 0o644)

	if _, d := Run(plan, Options{WritePDF: true}); !d.HasErrors() {
		t.Fatal("the build of an overset plan succeeded")
	}
	out := filepath.Join(dir, "proof.pdf")
	res, d := Run(plan, Options{WritePDF: true, Proof: &ProofOptions{}})
	if d.HasErrors() || res.PDF == nil {
		t.Fatalf("proof failed:\n%v", d.Err())
	}
	if len(d) == 0 || !strings.Contains(d[0].Message+d[len(d)-1].Message, "overset") {
		t.Errorf("no overset warning: %v", d)
	}
	if _, err := Save(res, out); err != nil {
		t.Fatal(err)
	}
	extra := 0
	for _, p := range res.Proof.Pages {
		if p.Overset {
			extra++
		}
	}
	if extra == 0 {
		t.Fatal("no overset pages in the proof")
	}
	testtool.Need(t, "pdftotext")
	text := pdfText(t, out)
	for _, want := range []string{"最后一段的标记文字在这里结束，校对人员必须能读到它。", "溢出", "2026-03-01", "第1校"} {
		if !strings.Contains(text, want) {
			t.Errorf("the proof's text lacks %q", want)
		}
	}
}

// A proof is not a print file: no output intent and no PDF/X version, so no
// preflight takes a watermarked proof for the issue; the build has both.
func TestProofIsNotPDFX(t *testing.T) {
	plan := sampleDir(t)
	proof := runOK(t, plan, Options{WritePDF: true, Proof: &ProofOptions{}})
	print := runOK(t, plan, Options{WritePDF: true})
	for _, key := range []string{"/OutputIntents", "GTS_PDFXVersion"} {
		if bytes.Contains(proof.PDF, []byte(key)) {
			t.Errorf("the proof has %s", key)
		}
		if !bytes.Contains(print.PDF, []byte(key)) {
			t.Errorf("the print file lacks %s", key)
		}
	}
}
