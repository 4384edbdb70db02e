package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/sample"
)

// writeSample writes the embedded sample issue into a temporary directory
// and returns its plan path.
func writeSample(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "sample")
	if err := sample.Write(dir); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "plan.toml")
}

func mustBuild(t testing.TB, plan string) *Result {
	t.Helper()
	res, diags := Run(plan, Options{WritePDF: true})
	if diags.HasErrors() {
		t.Fatalf("build failed:\n%v", diags.Err())
	}
	return res
}

func TestSampleBuild(t *testing.T) {
	plan := writeSample(t)
	res := mustBuild(t, plan)
	if n := len(res.Document.Pages); n != 68 {
		t.Fatalf("sample has %d pages, want 68", n)
	}
	if v := res.Document.CheckTypography(); len(v) > 0 {
		t.Errorf("%d typography violations, first: %v", len(v), v[0])
	}
	again := mustBuild(t, plan)
	if !bytes.Equal(res.PDF, again.PDF) {
		t.Fatal("two builds of the same plan differ")
	}
	out := filepath.Join(t.TempDir(), "issue.pdf")
	if err := os.WriteFile(out, res.PDF, 0o644); err != nil {
		t.Fatal(err)
	}
	checkPageCount(t, out, 68)
	checkBoxes(t, out, res)
	checkTextRoundTrip(t, out, res.Issue)
	checkFonts(t, out)
}

func checkPageCount(t *testing.T, pdf string, want int) {
	testtool.Need(t, "pdfinfo")
	out, err := exec.Command("pdfinfo", pdf).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil || string(m[1]) != fmt.Sprint(want) {
		t.Errorf("pdfinfo pages: %s, want %d", m, want)
	}
}

// checkBoxes reads every page's boxes with qpdf: MediaBox = trim + bleed on
// each side, TrimBox = trim, BleedBox between them.
func checkBoxes(t *testing.T, pdf string, res *Result) {
	testtool.Need(t, "qpdf")
	out, err := exec.Command("qpdf", "--json=1", "--json-key=pages", "--json-key=objects", pdf).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	var j struct {
		Pages []struct {
			Object string `json:"object"`
		} `json:"pages"`
		Objects map[string]any `json:"objects"`
	}
	if err := json.Unmarshal(out, &j); err != nil {
		t.Fatal(err)
	}
	tw, th := res.Issue.Paper.TrimW.Points(), res.Issue.Paper.TrimH.Points()
	b := res.Issue.Paper.Bleed.Points()
	box := func(d map[string]any, key string) []float64 {
		arr, _ := d[key].([]any)
		var f []float64
		for _, v := range arr {
			x, _ := v.(float64)
			f = append(f, x)
		}
		return f
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 0.05 }
	for i, p := range j.Pages {
		d, _ := j.Objects[p.Object].(map[string]any)
		if v, ok := d["value"].(map[string]any); ok {
			d = v
		}
		mb, tb := box(d, "/MediaBox"), box(d, "/TrimBox")
		if len(mb) != 4 || len(tb) != 4 {
			t.Fatalf("page %d: MediaBox %v TrimBox %v", i+1, mb, tb)
		}
		if !near(mb[2]-mb[0], tw+2*b) || !near(mb[3]-mb[1], th+2*b) {
			t.Errorf("page %d: MediaBox %v is not trim + bleed", i+1, mb)
		}
		if !near(tb[2]-tb[0], tw) || !near(tb[3]-tb[1], th) || !near(tb[0]-mb[0], b) || !near(tb[1]-mb[1], b) {
			t.Errorf("page %d: TrimBox %v is not the trim inside the bleed", i+1, tb)
		}
		if bb := box(d, "/BleedBox"); len(bb) == 4 && (bb[0] > tb[0] || bb[2] < tb[2] || bb[0] < mb[0] || bb[2] > mb[2]) {
			t.Errorf("page %d: BleedBox %v not between TrimBox and MediaBox", i+1, bb)
		}
	}
}

var spaceRe = regexp.MustCompile(`[\s\x{3000}]+`) // (U+3000 is white space: set as a gap, not a glyph)

// normalise removes white space and folds the ASCII punctuation the
// article parser fixes, as pdfaudit text does.
func normalise(s string) string {
	s = spaceRe.ReplaceAllString(s, "")
	return strings.NewReplacer(",", "，", ";", "；", ":", "：", "?", "？", "!", "！", "(", "（", ")", "）").Replace(s)
}

// checkTextRoundTrip finds every paragraph, heading, caption and title of
// every article in pdftotext's output: nothing is lost and the ToUnicode
// maps are right.
func checkTextRoundTrip(t *testing.T, pdf string, iss *issue.Issue) {
	testtool.Need(t, "pdftotext")
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-raw", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := normalise(string(out))
	missing := 0
	for _, a := range iss.Articles() {
		pieces := []string{a.Title}
		for _, b := range a.Blocks {
			// (with its footnote references' marks, as set)
			pieces = append(pieces, issue.TextWithRefs(b.Text, b.Refs, iss.Text.FootnoteStyle))
		}
		for _, p := range pieces {
			if p = normalise(p); p == "" {
				continue
			}
			if !foundInOrder(text, p) {
				missing++
				if missing <= 5 {
					t.Errorf("%s: not found in the PDF text: %.60q", a.File, p)
				}
			}
		}
	}
	if missing > 5 {
		t.Errorf("%d pieces of text missing in all", missing)
	}
}

// foundInOrder reports whether para occurs in text in pieces, in order,
// each piece at most a few hundred characters after the previous one: a
// paragraph broken across columns or pages is interrupted by running heads,
// folios and captions in the PDF's text.
func foundInOrder(text, para string) bool {
	const gap = 1500 // bytes of foreign text allowed between pieces
	rs := []rune(para)
	pos := -1
	for len(rs) > 0 {
		window := text
		if pos >= 0 {
			window = text[pos:min(len(text), pos+gap+4*len(rs))]
		}
		// the longest prefix of what is left that the window holds
		lo, hi, at := 0, len(rs), -1
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if i := strings.Index(window, string(rs[:mid])); i >= 0 {
				lo, at = mid, i
			} else {
				hi = mid - 1
			}
		}
		if at < 0 || lo < min(6, len(rs)) {
			return false
		}
		if pos < 0 {
			pos = 0
		}
		pos += at + len(string(rs[:lo]))
		rs = rs[lo:]
	}
	return true
}

// checkFonts: every font embedded, none Type 3, all with ToUnicode.
func checkFonts(t *testing.T, pdf string) {
	testtool.Need(t, "pdffonts")
	out, err := exec.Command("pdffonts", pdf).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no fonts:\n%s", out)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		if len(f) < 5 {
			continue
		}
		// name type encoding emb sub uni object ID
		n := len(f)
		emb, uni := f[n-5], f[n-3]
		if emb != "yes" || uni != "yes" || strings.Contains(l, "Type 3") {
			t.Errorf("font not embedded with ToUnicode: %s", l)
		}
	}
}

func BenchmarkSampleBuild(b *testing.B) {
	plan := writeSample(b)
	mustBuild(b, plan) // warm: fonts parsed once per process, as in a long-running --watch
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		mustBuild(b, plan)
	}
	b.ReportMetric(float64(time.Since(start))/float64(b.N)/float64(testtool.TypstSample), "×typst")
}

// The 目录's page numbers are the pages where the articles' title blocks
// were set.
func TestContentsPageNumbers(t *testing.T) {
	res := mustBuild(t, writeSample(t))
	if len(res.Report.Contents) < 30 {
		t.Fatalf("目录 lists %d articles", len(res.Report.Contents))
	}
	titlePage := map[string]string{}
	for _, p := range res.Document.Pages {
		var big strings.Builder
		for _, r := range p.Runs {
			if r.Size > res.Issue.Text.Size*2 { // title size
				big.WriteString(r.Text)
			}
		}
		titlePage[p.Slot] = big.String()
	}
	for _, c := range res.Report.Contents {
		title := strings.ReplaceAll(strings.ReplaceAll(c.Title, " ", ""), "　", "")
		if !strings.Contains(strings.ReplaceAll(titlePage[c.Slot], "　", ""), title) {
			t.Errorf("目录 says %q starts on %s, but its title is not set there", c.Title, c.Slot)
		}
	}
	// and the 目录 pages carry each entry's title and number
	var toc strings.Builder
	for _, p := range res.Document.Pages {
		if p.Slot == "02" || p.Slot == "03" {
			for _, r := range p.Runs {
				toc.WriteString(r.Text)
			}
		}
	}
	for _, c := range res.Report.Contents {
		if !strings.Contains(toc.String(), strings.ReplaceAll(c.Title, " ", "")) {
			t.Errorf("目录 pages lack %q", c.Title)
		}
	}
}
