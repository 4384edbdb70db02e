package impose

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paiban/paiban/finish"
	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/pdf"
	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/units"
)

// labels of an issue of n pages: 封面, 封二, 01 … (n−4), 封三, 封底.
func slotLabels(n int) []string {
	l := []string{"封面", "封二"}
	for i := 1; i <= n-4; i++ {
		l = append(l, fmt.Sprintf("%02d", i))
	}
	return append(l, "封三", "封底")
}

func TestPairs68(t *testing.T) {
	pairs, err := Pairs(68)
	if err != nil {
		t.Fatal(err)
	}
	lab := slotLabels(68)
	name := func(p [2]int) string { return lab[p[0]-1] + "|" + lab[p[1]-1] }
	want := map[int]string{
		0:  "封底|封面",
		1:  "封二|封三",
		2:  "64|01",
		3:  "02|63",
		4:  "62|03",
		31: "30|35",
		32: "34|31",
		33: "32|33", // the centre spread
	}
	if len(pairs) != 34 {
		t.Fatalf("%d spreads, want 34", len(pairs))
	}
	for i, w := range want {
		if got := name(pairs[i]); got != w {
			t.Errorf("spread %d: %s, want %s", i, got, w)
		}
	}
	// every page exactly once; each spread's pages add up to n+1 (they
	// are the two halves of one side of a sheet)
	seen := map[int]bool{}
	for _, p := range pairs {
		if p[0]+p[1] != 69 {
			t.Errorf("spread %v does not add up to 69", p)
		}
		seen[p[0]], seen[p[1]] = true, true
	}
	if len(seen) != 68 {
		t.Errorf("%d pages placed", len(seen))
	}
}

func TestPairs8(t *testing.T) {
	pairs, err := Pairs(8)
	if err != nil {
		t.Fatal(err)
	}
	// 2 sheets: outer (8|1 front, 2|7 back), inner (6|3 front, 4|5 back)
	want := [][2]int{{8, 1}, {2, 7}, {6, 3}, {4, 5}}
	if fmt.Sprint(pairs) != fmt.Sprint(want) {
		t.Errorf("Pairs(8) = %v, want %v", pairs, want)
	}
	for _, n := range []int{0, -4, 6, 10, 67} {
		if _, err := Pairs(n); err == nil {
			t.Errorf("Pairs(%d) accepted", n)
		}
	}
}

var (
	trimW, trimH = units.FromMM(210), units.FromMM(285)
	bleed        = units.FromMM(3)
)

// issuePDF is a finished n-page print PDF: each page has a full-bleed tint,
// its label in black and a cyan rule.
func issuePDF(tb testing.TB, n int, marks bool) []byte {
	tb.Helper()
	sans, err := fonts.Builtin("sans")
	if err != nil {
		tb.Fatal(err)
	}
	doc := &layout.Document{Title: "测试", Number: "2026年第1期", Date: "2026-01-05",
		TrimW: trimW, TrimH: trimH, Bleed: bleed, Fonts: []*fonts.Face{sans}}
	labels := slotLabels(n)
	for i := 0; i < n; i++ {
		p := &layout.Page{Slot: labels[i], Label: labels[i]}
		p.Rects = []layout.Rect{{X: -bleed, Y: -bleed, W: trimW + 2*bleed, H: trimH + 2*bleed, Fill: layout.CMYK{Y: 10}}}
		p.Lines = []layout.Line{{X1: units.FromMM(20), Y1: units.FromMM(30), X2: units.FromMM(190), Y2: units.FromMM(30), Width: units.FromPt(1), Color: layout.CMYK{C: 100}}}
		p.Runs = []layout.GlyphRun{{Font: 0, Size: units.FromPt(40), X: units.FromMM(80), Y: units.FromMM(150), Text: "第" + labels[i] + "版", Color: layout.Black}}
		doc.Pages = append(doc.Pages, p)
	}
	raw, err := pdf.Bytes(doc)
	if err != nil {
		tb.Fatal(err)
	}
	out, err := finish.Finish(raw, finish.Options{Title: doc.Title, Number: doc.Number, Date: doc.Date, Labels: labels, Bleed: bleed, Marks: marks})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestSpreads(t *testing.T) {
	for _, marks := range []bool{false, true} {
		t.Run(fmt.Sprintf("marks=%v", marks), func(t *testing.T) {
			// the source's own marks (if any) are left out
			in := issuePDF(t, 8, !marks)
			res, err := Spreads(in, Options{Marks: marks})
			if err != nil {
				t.Fatal(err)
			}
			r := inspect(t, res.PDF)
			if len(r.Pages) != 4 {
				t.Fatalf("%d spreads, want 4", len(r.Pages))
			}
			want := "封底|封面,封二|封三,04|01,02|03"
			if got := strings.Join(r.Labels, ","); got != want || strings.Join(res.Labels, ",") != want {
				t.Errorf("labels %s (result %v), want %s", got, res.Labels, want)
			}
			b, tw, th := bleed.Points(), trimW.Points(), trimH.Points()
			slug := 0.0
			if marks {
				slug = finish.MarkSlug.Points()
			}
			for i, p := range r.Pages {
				// with marks the MediaBox starts at 0 0 and the boxes move
				wantTrim := [4]float64{b + slug, b + slug, b + 2*tw + slug, b + th + slug}
				wantBleed := [4]float64{slug, slug, 2*tw + 2*b + slug, th + 2*b + slug}
				wantMedia := [4]float64{0, 0, 2*tw + 2*b + 2*slug, th + 2*b + 2*slug}
				for k := range 4 {
					if !near(p.Trim[k], wantTrim[k]) || !near(p.Bleed[k], wantBleed[k]) || !near(p.Media[k], wantMedia[k]) {
						t.Fatalf("spread %d: boxes %+v, want trim %v bleed %v media %v", i+1, p, wantTrim, wantBleed, wantMedia)
					}
				}
			}
			if r.Info["GTS_PDFXVersion"] != "PDF/X-1:2003" || r.OutputIntent["OutputConditionIdentifier"] != "FOGRA39" ||
				r.Info["CreationDate"] != "D:20260105000000+00'00'" || r.Info["Title"] != "测试 2026年第1期" {
				t.Errorf("identity not carried over: Info %v, intent %v", r.Info, r.OutputIntent)
			}
			// the pages' forms hold the pages without their own marks
			d, _ := cos.Read(res.PDF)
			forms := 0
			d.Each(func(_ cos.Ref, v cos.Object) {
				if st, ok := v.(*cos.Stream); ok && st.Dict.Get("Subtype") == cos.Name("Form") {
					forms++
					if data, err := cos.Decode(st); err != nil || bytes.Contains(data, []byte("printer's marks")) {
						t.Errorf("form: %v, or it has the source's marks", err)
					}
				}
			})
			if forms != 8 {
				t.Errorf("%d forms, want one per page (8)", forms)
			}
			if c := bytes.Count(res.PDF, []byte("/FontFile2")); c != 1 {
				t.Errorf("the font is embedded %d times, want once", c)
			}
			again, _ := Spreads(in, Options{Marks: marks})
			if !bytes.Equal(res.PDF, again.PDF) {
				t.Error("two impositions differ")
			}
			checkTools(t, res.PDF)
			if marks {
				checkRender(t, res.PDF)
			}
		})
	}
}

// 68 pages: the centre spread is 32|33.
func TestSpreads68(t *testing.T) {
	res, err := Spreads(issuePDF(t, 68, false), Options{Marks: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Labels) != 34 || res.Labels[33] != "32|33" || res.Labels[2] != "64|01" {
		t.Errorf("labels %v", res.Labels)
	}
	checkTools(t, res.PDF)
}

func TestSpreadsRefuses(t *testing.T) {
	good := issuePDF(t, 8, false)
	cases := map[string][]byte{
		"not a PDF":                []byte("hello"),
		"empty":                    nil,
		"6 pages":                  issuePDF(t, 6, false),
		"no trim boxes":            bytes.ReplaceAll(bytes.ReplaceAll(good, []byte("/TrimBox"), []byte("/TrimBax")), []byte("/BleedBox"), []byte("/BleedBax")),
		"truncated":                good[:len(good)/2],
		"page 1 not like the rest": bytes.Replace(good, []byte("/TrimBox [8.504 8.504 603.78 816.378]"), []byte("/TrimBox [8.504 8.504 603.78 800.000]"), 1),
	}
	for name, in := range cases {
		if _, err := Spreads(in, Options{}); err == nil {
			t.Errorf("%s: accepted", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}

// report is what the tests read back with finish's reader.
type report struct {
	Pages        []page
	Labels       []string
	Info         map[string]string
	OutputIntent map[string]string
}

func inspect(t *testing.T, b []byte) report {
	t.Helper()
	d, err := cos.Read(b)
	if err != nil {
		t.Fatal(err)
	}
	var r report
	pages, err := d.Pages()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		pg := page{Page: p}
		pg.Trim, pg.HasTrim = d.Rect(p.Dict.Get("TrimBox"))
		pg.Bleed, pg.HasBleed = d.Rect(p.Dict.Get("BleedBox"))
		r.Pages = append(r.Pages, pg)
	}
	r.Labels = finish.Labels(d, len(r.Pages))
	text := func(dict *cos.Dict) map[string]string {
		m := map[string]string{}
		for _, k := range dict.Keys() {
			switch v := d.Get(dict.Get(k)).(type) {
			case cos.String:
				m[string(k)] = cos.Text(v)
			case cos.Name:
				m[string(k)] = "/" + string(v)
			}
		}
		return m
	}
	r.Info = text(d.Dict(d.Trailer.Get("Info")))
	ois, _ := d.Get(d.Catalog().Get("OutputIntents")).(cos.Array)
	if len(ois) != 1 {
		t.Fatalf("%d output intents", len(ois))
	}
	r.OutputIntent = text(d.Get(ois[0]).(*cos.Dict))
	return r
}

func near(a, b float64) bool { return a-b < 0.0015 && b-a < 0.0015 }

// checkTools runs qpdf --check and Ghostscript on a file.
func checkTools(t *testing.T, out []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.pdf")
	os.WriteFile(path, out, 0o644)
	testtool.Need(t, "qpdf", "gs")
	o, err := exec.Command("qpdf", "--check", path).CombinedOutput()
	if err != nil || bytes.Contains(bytes.ToLower(o), []byte("warning")) {
		t.Errorf("qpdf --check: %v\n%s", err, o)
	}
	o, err = exec.Command("gs", "-q", "-dSAFER", "-o", "/dev/null", "-sDEVICE=nullpage", path).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(o)) > 0 {
		t.Errorf("gs: %v\n%s", err, o)
	}
}

// checkRender renders spread 3 (04|01) and looks at it: the left page's
// text on the left half, the right page's on the right, no ink from the
// spine-side bleed across the fold, marks on all four plates in the slug.
func checkRender(t *testing.T, out []byte) {
	t.Helper()
	testtool.Need(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "s.pdf")
	os.WriteFile(path, out, 0o644)
	o, err := exec.Command("pdftotext", "-f", "3", "-l", "3", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if s := strings.Join(strings.Fields(string(o)), " "); !strings.Contains(s, "第04版 第01版") {
		t.Errorf("spread 3 reads %q, want 第04版 then 第01版", s)
	}
}

func BenchmarkSpreads(b *testing.B) {
	in := issuePDF(b, 68, false)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := Spreads(in, Options{Marks: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// Creep from the paper's thickness: a sheet nested in n others moves its
// pages n thicknesses toward the spine, the outermost not at all (issue 13).
func TestSpreadsCreep(t *testing.T) {
	in := issuePDF(t, 16, false) // 4 sheets
	plain, err := Spreads(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	crept, err := Spreads(in, Options{Creep: units.FromMM(0.1)})
	if err != nil {
		t.Fatal(err)
	}
	shifts := func(b []byte) [][2]float64 {
		d, err := cos.Read(b)
		if err != nil {
			t.Fatal(err)
		}
		pages, _ := d.Pages()
		var out [][2]float64
		for _, p := range pages {
			data, err := finish.Content(d, p)
			if err != nil {
				t.Fatal(err)
			}
			var l, r float64
			m := regexp.MustCompile(`1 0 0 1 (-?[\d.]+) -?[\d.]+ cm /([LR]) Do`).FindAllSubmatch(data, -1)
			for _, x := range m {
				v, _ := strconv.ParseFloat(string(x[1]), 64)
				if string(x[2]) == "L" {
					l = v
				} else {
					r = v
				}
			}
			out = append(out, [2]float64{l, r})
		}
		return out
	}
	a, b := shifts(plain.PDF), shifts(crept.PDF)
	caliper := units.FromMM(0.1).Points()
	for i := range a {
		want := caliper * float64(i/2)
		if dl, dr := b[i][0]-a[i][0], a[i][1]-b[i][1]; !near(dl, want) || !near(dr, want) {
			t.Errorf("spread %d: left moved %.3f, right %.3f toward the spine; want %.3f", i+1, dl, dr, want)
		}
	}
}
