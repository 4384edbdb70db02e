package pipeline

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/paiban/paiban/flatplan"
	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/proof"
)

// statesPlan is the sample with every state a flat plan shows: 论坛
// (14-15) pending, 反腐在线 (52-53) dropped from the plan (blank), 形象展示
// (58-59) underfull (picture pages that may crop 1 % only), and — after the plan was built to
// earlier.pdf — 重点 (09) three times as long: overset, and changed since
// earlier.pdf.
func statesPlan(t *testing.T) (plan, earlier string) {
	t.Helper()
	plan = writeSample(t)
	edit := func(path string, fn func(string) string) {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s := fn(string(b))
		if s == string(b) {
			t.Fatalf("%s: the edit changed nothing", path)
		}
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit(plan, func(s string) string {
		s = regexp.MustCompile(`(section = "论坛"[^\n]*\n)content = \[[^\]]*\][^\n]*\n`).ReplaceAllString(s, "$1")
		// 形象展示 (58-59) underfull: with a crop tolerance of 1 %, its
		// picture pages cannot be composed to fill and fall back to a grid
		s = strings.Replace(s, "section = \"形象展示\"\n", "section = \"形象展示\"\ncrop    = 1\n", 1)
		return regexp.MustCompile(`(?s)\[\[page\]\]\nslots   = "52-53"\n.*?\n(\[\[page\]\])`).ReplaceAllString(s, "$1")
	})
	earlier = filepath.Join(filepath.Dir(plan), "earlier.pdf")
	if _, err := Save(mustBuild(t, plan), earlier); err != nil {
		t.Fatal(err)
	}
	edit(filepath.Join(filepath.Dir(plan), "articles", "zhongdian.txt"), func(s string) string {
		body := s[strings.Index(s, "\n\n"):]
		return s + body + body
	})
	return plan, earlier
}

type sheetWord struct {
	x, y, h float64 // left, top (from the page top), height, in pt
	text    string
}

var bboxRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>`)

// sheetWords returns the words of page n with their boxes (pdftotext -bbox).
func sheetWords(t *testing.T, pdf string, n int) []sheetWord {
	t.Helper()
	p := strconv.Itoa(n)
	out, err := exec.Command("pdftotext", "-f", p, "-l", p, "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	var ws []sheetWord
	for _, m := range bboxRE.FindAllStringSubmatch(string(out), -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		y, _ := strconv.ParseFloat(m[2], 64)
		y2, _ := strconv.ParseFloat(m[3], 64)
		ws = append(ws, sheetWord{x, y, y2 - y, m[4]})
	}
	return ws
}

// cellOf returns the label (among labels) of the cell a word of the sheet
// lies in: the nearest row of labels above it, the last label at or left
// of it.
func cellOf(labels []sheetWord, w sheetWord) int {
	best := -1
	for i, l := range labels {
		if l.y >= w.y || l.x > w.x+0.5 {
			continue
		}
		if best < 0 || l.y > labels[best].y || l.y == labels[best].y && l.x > labels[best].x {
			best = i
		}
	}
	return best
}

// The flat plan of a plan with every state: every slot's label in spread
// order, row by row; the section beside it; the state word in its cell's
// band (set, underfull with the fill, overset with the lines left,
// pending, blank, changed); the legend's counts; and the thumbnails'
// text extractable.
func TestFlatplanStates(t *testing.T) {
	testtool.Need(t, "pdftotext")
	plan, earlier := statesPlan(t)
	res, d := Flatplan(plan, FlatplanOptions{Since: earlier}, nil)
	if d.HasErrors() || res.PDF == nil {
		t.Fatalf("flat plan failed:\n%v", d.Err())
	}
	out := filepath.Join(t.TempDir(), "flat.pdf")
	if err := os.WriteFile(out, res.PDF, 0o644); err != nil {
		t.Fatal(err)
	}
	ws := sheetWords(t, out, 1)
	cells := flatplan.Cells(flatplan.Input{Issue: res.Issue, Document: res.Document, Layout: res.Report})
	// the slot labels: 6.5 pt, in the grid (above the legend)
	slot := map[string]int{}
	for i, c := range cells {
		slot[c.Slot] = i
	}
	var labels []sheetWord
	for _, w := range ws {
		if _, ok := slot[w.text]; ok && w.h > 8.5 && w.h < 9.9 && w.y < 548 {
			labels = append(labels, w)
		}
	}
	if len(labels) != len(cells) {
		t.Fatalf("%d slot labels on the sheet, want %d: %v", len(labels), len(cells), labels)
	}
	// reading order (rows top to bottom, left to right) is slot order
	sorted := append([]sheetWord(nil), labels...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if d := sorted[i].y - sorted[j].y; d < -2 || d > 2 {
			return d < 0
		}
		return sorted[i].x < sorted[j].x
	})
	for i, l := range sorted {
		if l.text != cells[i].Slot {
			t.Fatalf("label %d is %s, want %s (slot order)", i, l.text, cells[i].Slot)
		}
	}
	labels = sorted
	// the spreads: 封面 alone on the right, 封二|01 side by side, 64|封三
	// too, 封底 alone on the left; every spread as wide as 封二|01
	pageW := labels[2].x - labels[1].x
	if pageW < 30 {
		t.Fatalf("封二 and 01 %.1f pt apart", pageW)
	}
	for _, pair := range [][2]string{{"02", "03"}, {"14", "15"}, {"64", "封三"}} {
		a, b := labels[slot[pair[0]]], labels[slot[pair[1]]]
		if d := b.x - a.x; d < pageW-1 || d > pageW+1 || b.y != a.y {
			t.Errorf("%s|%s not a spread: %.1f pt apart (a page is %.1f)", pair[0], pair[1], d, pageW)
		}
	}
	if d := labels[slot["封二"]].x - labels[slot["封面"]].x; d < pageW+5 && labels[slot["封二"]].y == labels[slot["封面"]].y {
		t.Errorf("封面 is not alone on the right of its spread (%.1f pt before 封二)", d)
	}
	// the words of each cell: section and state
	isLabel := map[sheetWord]bool{}
	for _, l := range labels {
		isLabel[l] = true
	}
	inCell := make([][]sheetWord, len(labels))
	for _, w := range ws {
		if w.h < 6 || w.h > 8 || w.y > 548 || isLabel[w] {
			continue // the thumbnails' text, the legend, the labels
		}
		if c := cellOf(labels, w); c >= 0 {
			inCell[c] = append(inCell[c], w)
		}
	}
	cellText := func(s string) string {
		ws := inCell[slot[s]]
		sort.SliceStable(ws, func(i, j int) bool {
			if d := ws[i].y - ws[j].y; d < -2 || d > 2 {
				return d < 0
			}
			return ws[i].x < ws[j].x
		})
		var out []string
		for _, w := range ws {
			out = append(out, w.text)
		}
		return strings.Join(out, " ")
	}
	for s, want := range map[string]string{
		"01": "卷首 已排",
		"09": "重点 溢出 ",
		"14": "论坛 待稿",
		"15": "论坛 待稿",
		"52": "空白",
		"53": "空白",
		"58": "形象展示 不满 ",
		"封面": "已排",
	} {
		if got := cellText(s); !strings.HasPrefix(got, want) {
			t.Errorf("cell %s reads %q, want %q…", s, got, want)
		}
	}
	// the numbers: the overset lines as the report has them, the fill
	left, fill := 0, 0
	for _, r := range res.Report.Ranges {
		if r.Slots == "09" {
			left = r.Overset
		}
		if r.Slots == "58-59" {
			fill = r.Percent()
		}
	}
	if got := cellText("09"); left == 0 || !strings.Contains(got, "溢出 "+strconv.Itoa(left)+"行") {
		t.Errorf("cell 09 reads %q; the range has %d lines left", got, left)
	}
	if got := cellText("58"); !strings.Contains(got, "不满 "+strconv.Itoa(fill)+"%") {
		t.Errorf("cell 58 reads %q; the range is %d %% full", got, fill)
	}
	// changed since earlier.pdf: 09, not 01
	if !strings.HasSuffix(cellText("09"), flatplan.ChangedWord) || strings.Contains(cellText("01"), flatplan.ChangedWord) {
		t.Errorf("changed marks: 09 %q, 01 %q", cellText("09"), cellText("01"))
	}
	// the legend counts the states
	text := pdfText(t, out)
	cells = flatplan.Cells(flatplan.Input{Issue: res.Issue, Document: res.Document, Layout: res.Report, Changed: changedSet(*res.Diff)})
	counts, changed := flatplan.Count(cells)
	for s := flatplan.Set; s <= flatplan.Blank; s++ {
		want := s.Word() + s.English() + strconv.Itoa(counts[s])
		if !strings.Contains(text, want) || counts[s] == 0 {
			t.Errorf("legend: no %q (every state should be present)", want)
		}
	}
	if changed == 0 || !strings.Contains(text, flatplan.ChangedWord+"changed"+strconv.Itoa(changed)) {
		t.Errorf("legend: %d changed pages not counted", changed)
	}
	// the thumbnails are the pages as set, with their text
	for _, a := range []string{"强主动强探索强推进", "一座村庄的百年家书"} {
		if !strings.Contains(text, a) {
			t.Errorf("the thumbnails' text has no %q", a)
		}
	}
}

// A plan none of whose content has arrived is the planning sheet: labels
// and states, no thumbnail.
func TestFlatplanPlanningSheet(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.toml")
	src := `[issue]
title = "之江月刊"
number = "2026年第2期"
[paper]
trim = "210x285mm"
inner_pages = 16
binding = "perfect"
[[page]]
slots = "封面"
section = "封面"
[[page]]
slots = "01-08"
section = "本期策划"
[[page]]
slots = "09-14"
section = "论坛"
`
	if err := os.WriteFile(plan, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, d := Flatplan(plan, FlatplanOptions{Paper: "a3"}, nil)
	if d.HasErrors() || res.PDF == nil {
		t.Fatalf("flat plan failed:\n%v", d.Err())
	}
	doc, err := cos.Read(res.PDF)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := doc.Pages()
	if err != nil || len(pages) != 1 {
		t.Fatalf("%d sheets (%v)", len(pages), err)
	}
	if w := pages[0].Media[2] - pages[0].Media[0]; w < 1190 || w > 1191 {
		t.Errorf("an A3 landscape sheet is %.1f pt wide", w)
	}
	if bytes.Contains(res.PDF, []byte("/Form")) {
		t.Error("the planning sheet has thumbnails")
	}
	cells := flatplan.Cells(flatplan.Input{Issue: res.Issue, Document: res.Document, Layout: res.Report})
	counts, _ := flatplan.Count(cells)
	if counts[flatplan.Pending] != 15 || counts[flatplan.Blank] != 5 || counts[flatplan.Set] != 0 {
		t.Errorf("planning sheet states %v", counts)
	}
	testtool.Need(t, "pdftotext")
	out := filepath.Join(dir, "flat.pdf")
	if err := os.WriteFile(out, res.PDF, 0o644); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, out)
	for _, want := range []string{"版面总览", "之江月刊2026年第2期", "胶装", "封面封面", "01本期策划", "14论坛", "16", "待稿pending15", "空白blank5"} {
		if !strings.Contains(text, want) {
			t.Errorf("the planning sheet has no %q", want)
		}
	}
}

// Same inputs, same bytes; and making a flat plan leaves no trace in the
// print file: the build after it (with the same cache, as --watch keeps
// one) is byte-identical to the build before.
func TestFlatplanDeterministicAndApart(t *testing.T) {
	plan := writeSample(t)
	c := NewCache()
	before := runOK(t, plan, Options{WritePDF: true, Cache: c}).PDF
	a, d := Flatplan(plan, FlatplanOptions{}, c)
	if d.HasErrors() {
		t.Fatal(d.Err())
	}
	after := runOK(t, plan, Options{WritePDF: true, Cache: c}).PDF
	fresh := runOK(t, plan, Options{WritePDF: true}).PDF
	if !bytes.Equal(before, after) || !bytes.Equal(before, fresh) {
		t.Error("the print PDF differs after a flat plan was made")
	}
	b, _ := Flatplan(plan, FlatplanOptions{}, nil)
	if !bytes.Equal(a.PDF, b.PDF) {
		t.Error("two flat plans of the same plan differ")
	}
	// the flat plan's XObject names (FP0, FP1, …) in no object or
	// decoded content stream of the print PDF (not the raw bytes: three
	// letters turn up in megabytes of compressed data by chance)
	doc, err := cos.Read(after)
	if err != nil {
		t.Fatal(err)
	}
	doc.Each(func(r cos.Ref, v cos.Object) {
		var text []byte
		switch o := v.(type) {
		case *cos.Stream:
			if o.Dict.Get("Subtype") == cos.Name("Image") || o.Dict.Get("Length1") != nil {
				return // pictures and font programs
			}
			data, err := cos.Decode(o)
			if err != nil {
				t.Fatalf("object %d: %v", r.Num, err)
			}
			text = cos.AppendObject(data, o.Dict)
		default:
			text = cos.AppendObject(nil, v)
		}
		if bytes.Contains(text, []byte("/FP0")) {
			t.Errorf("the print PDF's object %d holds the flat plan's /FP0", r.Num)
		}
	})
}

// paiban proof --flatplan: the flat plan is the first page, the proof
// pages follow as without it, and the flat plan marks the pages the proof
// marks as changed.
func TestProofWithFlatplan(t *testing.T) {
	testtool.Need(t, "pdftotext")
	plan := writeSample(t)
	dir := filepath.Dir(plan)
	first := filepath.Join(dir, "p1.pdf")
	plain := runProof(t, plan, first, ProofOptions{Round: 1})
	edit := filepath.Join(dir, "articles", "zhongdian.txt")
	b, err := os.ReadFile(edit)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(edit, bytes.Replace(b, []byte("。"), []byte("！"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "p2.pdf")
	res := runProof(t, plan, out, ProofOptions{Round: 2, Since: first, Flatplan: true})
	doc, err := cos.Read(res.PDF)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := doc.Pages()
	if err != nil {
		t.Fatal(err)
	}
	// the page listing the changed lines (proof/marks.go) comes after the flat plan
	lists := 0
	for _, p := range res.Proof.Pages {
		if p.Slot == proof.ListSlot {
			lists++
		}
	}
	if len(pages) != len(plain.Proof.Pages)+lists+1 || res.Sheets != 1 || lists != 1 {
		t.Fatalf("%d pages, want the %d proof pages, %d of changes and the flat plan", len(pages), len(plain.Proof.Pages), lists)
	}
	ws := sheetWords(t, out, 1)
	var sheet []string
	for _, w := range ws {
		if w.h > 6 {
			sheet = append(sheet, w.text)
		}
	}
	s := strings.Join(sheet, " ")
	if !strings.HasPrefix(s, "版面总览") || !strings.Contains(s, "改动 changed 1") {
		t.Errorf("page 1 is not the flat plan with one changed page: %.200s", s)
	}
	if p2 := pdfText(t, out); !strings.Contains(p2, "校样") {
		t.Error("no proof pages")
	}
	got := sheetWords(t, out, 2+lists)
	want := sheetWords(t, first, 1)
	if len(got) == 0 || got[0].text != want[0].text {
		t.Errorf("page 2 is not the first proof page")
	}
}

// BenchmarkFlatplanSample is `paiban flatplan` of the 68-page sample: lay
// out, draw the thumbnails and the sheet, finish.
func BenchmarkFlatplanSample(b *testing.B) {
	plan := sampleDir(b)
	for b.Loop() {
		res, d := Flatplan(plan, FlatplanOptions{}, nil)
		if d.HasErrors() || res.PDF == nil {
			b.Fatal(d.Err())
		}
	}
}

// The thumbnails' pictures are embedded at about 150 ppi at the size they
// are shown, not at print resolution: the sample's sheet was 9 MB.
func TestFlatplanPicturesAtThumbnailSize(t *testing.T) {
	plan := writeSample(t)
	res, d := Flatplan(plan, FlatplanOptions{}, nil)
	if d.HasErrors() {
		t.Fatal(d.Err())
	}
	doc, err := cos.Read(res.PDF)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	doc.Each(func(r cos.Ref, v cos.Object) {
		s, ok := v.(*cos.Stream)
		if !ok || s.Dict.Get("Subtype") != cos.Name("Image") {
			return
		}
		n++
		// the largest thumbnail (a cover, about 38 mm wide on an A4 sheet)
		// needs about 230 pixels across at 150 ppi
		if w, _ := cos.Float(s.Dict.Get("Width")); w > 300 {
			t.Errorf("image object %d is %v pixels wide", r.Num, w)
		}
	})
	if n < 20 || len(res.PDF) > 2<<20 {
		t.Errorf("%d pictures, %d bytes", n, len(res.PDF))
	}
}
