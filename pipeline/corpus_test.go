package pipeline

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/internal/testtool"
)

// The corpus of testdata/corpus: ten articles written for these tests in the
// shapes real manuscripts have (testdata/corpus/README.md). Each shape
// places all of them, in ranges of pages sized so that the text fits (the
// fewest pages without overset, found by building: a range with an empty
// page is logged as a warning, and shows the sizes are due for a look).
var corpusFiles = []string{
	"debian-faq.md", // technical Q&A: package names, commands, paths, URLs
	"xinwen.txt",    // news: numbers, dates, percentages, 《》 and “”
	"changwen.md",   // essay of paragraphs over 600 characters
	"fangtan.txt",   // interview: one-line paragraphs of dialogue
	"yingwen.md",    // English words and names, spaced and unspaced
	"shige.txt",     // very short lines, one paragraph each
	"banjiao.txt",   // ASCII , : ; ? ! ( ) typed between hanzi
	"pozhe.md",      // ——, ……, 、 and nested 「」『』
	"dangjian.md",   // a title over 30 characters, two levels of headings
	"wenbo.txt",     // rarer characters of print (GB2312)
}

// corpusRange is one [[page]] of a shape: the articles (indices into
// corpusFiles) flowed through pages pages, with an optional columns override.
type corpusRange struct {
	articles []int
	pages    int
	columns  int
}

type corpusShape struct {
	name          string
	trim          string
	columns       int
	size, leading string
	gap           string
	margins       string
	ranges        []corpusRange
}

// each places every article in a range of its own: pages[i] pages for
// article i.
func each(pages ...int) []corpusRange {
	var rs []corpusRange
	for i, n := range pages {
		rs = append(rs, corpusRange{articles: []int{i}, pages: n})
	}
	return rs
}

var corpusShapes = []corpusShape{
	// The issue's own case: 16开, three columns of 9/15 pt, every article on
	// a spread.
	{"185x260-3col-9pt-issue", "185x260mm", 3, "9pt", "15pt", "1.5em",
		`margins = { top = "16mm", bottom = "18mm", inside = "15mm", outside = "12mm" }`,
		each(2, 1, 2, 2, 2, 3, 2, 2, 2, 2)},
	{"148x210-1col-10.5pt", "148x210mm", 1, "10.5pt", "17pt", "2em",
		`margins = { top = "15mm", bottom = "17mm", inside = "16mm", outside = "13mm" }`,
		each(4, 3, 3, 4, 3, 9, 3, 3, 3, 3)},
	{"170x240-2col-10pt", "170x240mm", 2, "10pt", "16pt", "2em",
		`margins = { top = "18mm", bottom = "18mm", inside = "20mm", outside = "14mm" }`,
		[]corpusRange{{[]int{0, 1}, 4, 0}, {[]int{2, 3}, 4, 0}, {[]int{4}, 2, 1}, {[]int{5, 6, 7}, 7, 0}, {[]int{8, 9}, 4, 0}}},
	{"210x285-2col-9.5pt", "210x285mm", 2, "9.5pt", "16pt", "2em", "",
		[]corpusRange{{[]int{0, 1, 2, 3, 4}, 6, 0}, {[]int{5, 6, 7, 8, 9}, 8, 0}}},
	{"210x297-1col-12pt", "210x297mm", 1, "12pt", "22pt", "2em",
		`margins = { top = "25mm", bottom = "25mm", inside = "25mm", outside = "20mm" }`,
		each(3, 2, 3, 3, 2, 8, 2, 3, 3, 2)},
	{"230x300-4col-8.5pt", "230x300mm", 4, "8.5pt", "13pt", "1.5em",
		`margins = { top = "15mm", bottom = "16mm", inside = "16mm", outside = "12mm" }`,
		[]corpusRange{{[]int{0, 1, 2}, 3, 0}, {[]int{3}, 1, 0}, {[]int{4, 5}, 2, 0}, {[]int{6, 7, 8, 9}, 3, 0}}},
	{"210x297-3col-9pt-1.4", "210x297mm", 3, "9pt", "12.6pt", "1.5em", "",
		[]corpusRange{{[]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10, 0}}},
	{"185x260-2col-11pt-1.82", "185x260mm", 2, "11pt", "20pt", "2em",
		`margins = { top = "20mm", bottom = "22mm", inside = "18mm", outside = "15mm" }`,
		each(3, 2, 3, 3, 2, 5, 2, 3, 3, 2)},
	{"148x210-2col-8.5pt-1.9", "148x210mm", 2, "8.5pt", "16pt", "1.5em",
		`margins = { top = "14mm", bottom = "15mm", inside = "14mm", outside = "11mm" }`,
		each(3, 2, 3, 2, 2, 5, 2, 2, 2, 2)},
}

// writeCorpusPlan writes the plan of a shape into dir, referring to the
// corpus by absolute path, and returns its path.
func writeCorpusPlan(t *testing.T, dir, corpus string, s corpusShape) string {
	t.Helper()
	var b strings.Builder
	total := 0
	for _, r := range s.ranges {
		total += r.pages
	}
	inner := (total + 3) / 4 * 4
	fmt.Fprintf(&b, "[issue]\ntitle = \"语料月刊\"\nnumber = \"2026年第3期\"\ndate = 2026-03-01\n\n")
	fmt.Fprintf(&b, "[paper]\ntrim = %q\ninner_pages = %d\n%s\n\n", s.trim, inner, s.margins)
	fmt.Fprintf(&b, "[text]\nsize = %q\nleading = %q\ncolumns = %d\ncolumn_gap = %q\n", s.size, s.leading, s.columns, s.gap)
	page := 1
	for i, r := range s.ranges {
		var content []string
		for _, a := range r.articles {
			content = append(content, fmt.Sprintf("%q", filepath.Join(corpus, corpusFiles[a])))
		}
		slots := fmt.Sprintf("%02d", page)
		if r.pages > 1 {
			slots = fmt.Sprintf("%02d-%02d", page, page+r.pages-1)
		}
		fmt.Fprintf(&b, "\n[[page]]\nslots = %q\nsection = \"语料%d\"\n", slots, i+1)
		if r.columns > 0 {
			fmt.Fprintf(&b, "columns = %d\n", r.columns)
		}
		fmt.Fprintf(&b, "content = [%s]\n", strings.Join(content, ", "))
		page += r.pages
	}
	path := filepath.Join(dir, s.name+".toml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var (
	frontMatterRe = regexp.MustCompile(`^(?:title|subtitle|byline)\s*=\s*"(.*)"$`)
	mdMarkRe      = regexp.MustCompile(`^(?:#{1,6}\s+|>\s?)`)
)

// corpusPieces reads an article of the corpus the simple way, without the
// project's parser: every title, subtitle, byline, heading, quotation and
// paragraph as written, one piece per source line (the corpus writes each
// paragraph on one line).
func corpusPieces(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	md := strings.HasSuffix(path, ".md")
	for sc.Scan() {
		l := strings.TrimSpace(strings.TrimLeft(sc.Text(), "\u3000"))
		if md {
			if l == "+++" {
				continue
			}
			if m := frontMatterRe.FindStringSubmatch(l); m != nil {
				l = m[1]
			}
			l = mdMarkRe.ReplaceAllString(l, "")
		}
		if l != "" {
			out = append(out, l)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// normaliseCorpus is normalise less the soft hyphens a broken Latin word
// may leave in the PDF's text.
func normaliseCorpus(s string) string {
	return strings.ReplaceAll(normalise(s), "\u00ad", "")
}

// TestRealCorpusShapes sets the corpus in shapes of page, column, size and
// leading: every build without errors (the layout's conservation check runs
// in every Layout) or typographic violations, and every source paragraph
// found in the PDF's text, in pieces in order (foundInOrder: running heads
// and folios may interrupt a paragraph, but no source character may be
// skipped). PAIBAN_CORPUS_OUT=dir keeps the plans and PDFs there, for
// /work/shared/tools/pdfaudit.
func TestRealCorpusShapes(t *testing.T) {
	corpus, err := filepath.Abs(filepath.Join("testdata", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	keep := os.Getenv("PAIBAN_CORPUS_OUT")
	if keep != "" {
		if err := os.MkdirAll(keep, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	pieces := map[string][]string{}
	for _, f := range corpusFiles {
		pieces[f] = corpusPieces(t, filepath.Join(corpus, f))
	}
	for _, s := range corpusShapes {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if keep != "" {
				dir = keep
			}
			plan := writeCorpusPlan(t, dir, corpus, s)
			res, diags := Run(plan, Options{WritePDF: true})
			if diags.HasErrors() {
				t.Fatalf("build failed:\n%v", diags.Err())
			}
			for _, d := range diags {
				if d.Severity == diag.Warning {
					t.Logf("%v", d) // a page filled under a quarter, blank slots
				}
			}
			for _, a := range res.Issue.Articles() {
				if filepath.Base(a.File) != "banjiao.txt" {
					continue
				}
				if len(a.Fixes) < 50 {
					t.Errorf("banjiao.txt: %d ASCII marks replaced, want the 100 or so typed", len(a.Fixes))
				}
				for _, b := range a.Blocks {
					if i := strings.IndexAny(b.Text, ",;:?!()"); i >= 0 {
						t.Errorf("banjiao.txt:%d: ASCII punctuation left in Chinese text: %.40q", b.Line, b.Text[i:])
					}
				}
			}
			for _, v := range res.Document.CheckTypography() {
				t.Errorf("typography: %v", v)
			}
			pdf := filepath.Join(dir, s.name+".pdf")
			if err := os.WriteFile(pdf, res.PDF, 0o644); err != nil {
				t.Fatal(err)
			}
			testtool.Need(t, "pdftotext")
			out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-raw", pdf, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			text := normaliseCorpus(string(out))
			for _, r := range s.ranges {
				for _, a := range r.articles {
					f := corpusFiles[a]
					missing := 0
					for _, p := range pieces[f] {
						if p = normaliseCorpus(p); p != "" && !foundInOrder(text, p) {
							if missing++; missing <= 3 {
								t.Errorf("%s: not found in the PDF text: %.80q", f, p)
							}
						}
					}
					if missing > 3 {
						t.Errorf("%s: %d pieces missing in all", f, missing)
					}
				}
			}
		})
	}
}
