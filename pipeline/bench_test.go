package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paiban/paiban/sample"
)

// sampleDir writes the sample issue into a temporary directory and returns
// its plan.
func sampleDir(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := sample.Write(dir); err != nil {
		tb.Fatal(err)
	}
	return filepath.Join(dir, "plan.toml")
}

// editor switches one article of the sample between its text and an edited
// version: two sentences of one paragraph swap places, as an editor moving
// text around would (the characters stay the same, the lines do not).
type editor struct {
	path     string
	original []byte
	edited   []byte
	on       bool
}

func newEditor(tb testing.TB, plan, article string) *editor {
	tb.Helper()
	path := filepath.Join(filepath.Dir(plan), article)
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	e := &editor{path: path, original: data, edited: swapSentences(tb, data)}
	return e
}

// swapSentences swaps the first two sentences of the first long paragraph.
func swapSentences(tb testing.TB, data []byte) []byte {
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if len([]rune(l)) < 120 || strings.HasPrefix(l, "!") || strings.HasPrefix(l, "#") {
			continue
		}
		parts := strings.SplitAfterN(l, "。", 3)
		if len(parts) < 3 || parts[0] == parts[1] {
			continue
		}
		lines[i] = parts[1] + parts[0] + parts[2]
		return []byte(strings.Join(lines, "\n"))
	}
	tb.Fatal("no paragraph to edit")
	return nil
}

// toggle writes the other version.
func (e *editor) toggle(tb testing.TB) {
	tb.Helper()
	e.on = !e.on
	data := e.original
	if e.on {
		data = e.edited
	}
	if err := os.WriteFile(e.path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
}

func runOK(tb testing.TB, plan string, opt Options) *Result {
	tb.Helper()
	res, d := Run(plan, opt)
	if d.HasErrors() || res.PDF == nil {
		tb.Fatalf("run failed:\n%v", d.Err())
	}
	return res
}

// BenchmarkSampleRerun is the rebuild `paiban build --watch` does after one
// article of the sample (in 本期策划·微故事, 16–27) was edited, with the
// caches --watch keeps. Each iteration also times, outside the benchmark's
// clock, a full build of the same edited plan without caches (as
// BenchmarkSampleBuild does), so that the two are measured under the same
// load: full-ms is its mean, rerun/full the ratio of the means (the goal is
// at most 0.2).
func BenchmarkSampleRerun(b *testing.B) {
	plan := sampleDir(b)
	ed := newEditor(b, plan, "articles/weigushi-3.md")
	cache := NewCache()
	runOK(b, plan, Options{WritePDF: true, Cache: cache})
	runOK(b, plan, Options{WritePDF: true}) // fonts parsed once per process, as in any run
	var full, rerun time.Duration
	n := 0
	for b.Loop() {
		b.StopTimer()
		ed.toggle(b)
		t := time.Now()
		runOK(b, plan, Options{WritePDF: true})
		full += time.Since(t)
		b.StartTimer()
		t = time.Now()
		runOK(b, plan, Options{WritePDF: true, Cache: cache})
		rerun += time.Since(t)
		n++
	}
	b.StopTimer()
	b.ReportMetric(float64(full.Milliseconds())/float64(n), "full-ms")
	b.ReportMetric(float64(rerun)/float64(full), "rerun/full")
	if cache.PDF.Full != 1 {
		b.Errorf("the PDF was written from scratch %d times (want once)", cache.PDF.Full)
	}
}
