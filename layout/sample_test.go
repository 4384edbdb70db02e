package layout

import (
	"path/filepath"
	"testing"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/sample"
)

// loadSample writes the embedded sample issue into a temporary directory
// and loads it.
func sampleIssue(tb testing.TB) (*issue.Issue, Fonts) {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "s")
	if err := sample.Write(dir); err != nil {
		tb.Fatal(err)
	}
	iss, d := issue.Load(filepath.Join(dir, "plan.toml"))
	if d.HasErrors() {
		tb.Fatal(d.Err())
	}
	serif, err := fonts.Builtin("serif")
	if err != nil {
		tb.Fatal(err)
	}
	sans, err := fonts.Builtin("sans")
	if err != nil {
		tb.Fatal(err)
	}
	return iss, Fonts{Body: serif, Heading: sans}
}

// The sample sets without errors and keeps every promise of CheckTypography.
func TestSampleTypography(t *testing.T) {
	iss, f := sampleIssue(t)
	doc, _, d := Layout(iss, f)
	if d.HasErrors() {
		t.Fatal(d.Err())
	}
	if v := doc.CheckTypography(); len(v) > 0 {
		t.Error(violationsString(v))
	}
}

// BenchmarkLayoutSample: the layout stage alone on the 68-page sample, its
// ranges laid out at the same time (parallel.go); BenchmarkLayoutSample/
// sequential one after the other.
func BenchmarkLayoutSample(b *testing.B) {
	iss, f := sampleIssue(b)
	b.Run("parallel", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			Layout(iss, f)
		}
	})
	b.Run("sequential", func(b *testing.B) {
		defer func(w int) { Workers = w }(Workers)
		Workers = 1
		for i := 0; i < b.N; i++ {
			Layout(iss, f)
		}
	})
}
