package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/sample"
)

// TestMain lets the benchmarks run the command as a process of its own:
// the test binary, started with PAIBAN_MAIN=1, is paiban.
func TestMain(m *testing.M) {
	if os.Getenv("PAIBAN_MAIN") == "1" {
		tuneGC() // as main does (memory.go)
		os.Exit(run(append([]string{"paiban"}, os.Args[1:]...), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// paibanProcess runs paiban with args as a fresh process and returns how
// long it took, start to exit.
func paibanProcess(tb testing.TB, args ...string) time.Duration {
	tb.Helper()
	exe, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "PAIBAN_MAIN=1")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(start)
	if err != nil {
		tb.Fatalf("paiban %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return d
}

// sampleEdit writes the sample issue into a temporary directory; toggle
// switches one article (本期策划·微故事) between its text and an edited
// one: a sentence added to its first long paragraph.
func sampleEdit(tb testing.TB) (plan string, toggle func()) {
	dir := tb.TempDir()
	if err := sample.Write(dir); err != nil {
		tb.Fatal(err)
	}
	art := filepath.Join(dir, "articles", "weigushi-3.md")
	orig, err := os.ReadFile(art)
	if err != nil {
		tb.Fatal(err)
	}
	edited := strings.Replace(string(orig), "。", "。编辑在这里加了一句话。", 1)
	on := false
	return filepath.Join(dir, "plan.toml"), func() {
		on = !on
		data := orig
		if on {
			data = []byte(edited)
		}
		if err := os.WriteFile(art, data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkProcessRerun is `paiban build` as a fresh process after one
// article of the sample was edited, with the disk cache the previous
// build left beside the PDF (issue.pdf.cache/): the process reads it,
// sets only the edited article and draws only the pages that changed.
// Each iteration also times, outside the benchmark's clock, a cold build
// of the same edited plan (a fresh process, --no-cache), so that both are
// measured under the same load: cold-ms is its mean, rerun/cold the ratio
// of the means (the goal is at most 0.15).
func BenchmarkProcessRerun(b *testing.B) {
	plan, toggle := sampleEdit(b)
	out := filepath.Join(filepath.Dir(plan), "issue.pdf")
	cold := filepath.Join(filepath.Dir(plan), "cold.pdf")
	paibanProcess(b, "build", plan, "-o", out, "--quiet") // the first build writes the cache
	var coldT, rerunT time.Duration
	n := 0
	for b.Loop() {
		b.StopTimer()
		toggle()
		coldT += paibanProcess(b, "build", plan, "-o", cold, "--quiet", "--no-cache")
		b.StartTimer()
		rerunT += paibanProcess(b, "build", plan, "-o", out, "--quiet")
		n++
	}
	b.StopTimer()
	b.ReportMetric(float64(coldT.Milliseconds())/float64(n), "cold-ms")
	b.ReportMetric(float64(coldT)/float64(n)/float64(testtool.TypstSample), "cold×typst")
	b.ReportMetric(float64(rerunT)/float64(coldT), "rerun/cold")
	if _, err := os.Stat(out + ".cache"); err != nil {
		b.Errorf("no cache beside the PDF: %v", err)
	}
}
