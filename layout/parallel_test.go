package layout

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
)

// layoutWorkers lays iss out with n ranges at a time.
func layoutWorkers(iss *issue.Issue, f Fonts, n int) (*Document, *Report, diag.List) {
	defer func(w int) { Workers = w }(Workers)
	Workers = n
	return LayoutWith(iss, f, Options{})
}

// Ranges laid out at the same time give the document, report and
// diagnostics of one engine laying them out in sequence: on the sample and
// on generated issues of every kind, those that fit and those that do not,
// with characters no font has.
func TestParallelSameAsSequential(t *testing.T) {
	serif, _ := fonts.Builtin("serif")
	sans, _ := fonts.Builtin("sans")
	type plan struct {
		name string
		iss  *issue.Issue
		f    Fonts
	}
	iss, f := sampleIssue(t)
	plans := []plan{{"sample", iss, f}}
	for seed := uint64(1); seed <= 40; seed++ {
		g := generate(seed)
		switch seed % 4 {
		case 1:
			g = enrichDesign(enrich(g))
		case 2:
			g = enrichNews(g)
		case 3:
			g = enrichNews(enrichDesign(enrich(g)))
		}
		dir := t.TempDir()
		for name, data := range g.files {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if seed%5 == 0 {
			// characters no font has, in two ranges' articles
			for name, data := range g.files {
				if strings.HasPrefix(name, "a0-0.") || strings.HasPrefix(name, "a1-0.") || strings.HasPrefix(name, "a2-0.") {
					data = append(slices.Clip(data), "\n\n缺字\U000F0001与\U000F0002。\n"...)
					if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		iss, d := issue.Load(filepath.Join(dir, "plan.toml"))
		if d.HasErrors() {
			t.Fatalf("%s: %v", g.desc, d.Err())
		}
		plans = append(plans, plan{g.desc, iss, Fonts{Body: serif, Heading: sans}})
	}
	ranges, failed, missing := 0, 0, 0
	for _, p := range plans {
		doc1, rep1, d1 := layoutWorkers(p.iss, p.f, 1)
		doc3, rep3, d3 := layoutWorkers(p.iss, p.f, 3)
		if !reflect.DeepEqual(d1, d3) {
			t.Errorf("%s: diagnostics differ:\nin sequence:\n%v\nat the same time:\n%v", p.name, d1, d3)
		}
		if !reflect.DeepEqual(rep1, rep3) {
			t.Errorf("%s: reports differ:\n%+v\n%+v", p.name, rep1, rep3)
		}
		if !reflect.DeepEqual(doc1, doc3) {
			for i := range min(len(doc1.Pages), len(doc3.Pages)) {
				if !reflect.DeepEqual(doc1.Pages[i], doc3.Pages[i]) {
					t.Errorf("%s: page %s differs", p.name, doc1.Pages[i].Slot)
					break
				}
			}
			t.Errorf("%s: documents differ (%d and %d pages)", p.name, len(doc1.Pages), len(doc3.Pages))
		}
		ranges += len(rep1.Ranges)
		if d1.HasErrors() {
			failed++
		}
		missing += len(rep1.Missing)
	}
	t.Logf("%d issues, %d ranges, %d failing, %d characters no font has", len(plans), ranges, failed, missing)
	if failed == 0 || missing < 2 || failed == len(plans) {
		t.Errorf("the plans no longer cover issues that fail and ones that do not (%d of %d failed, %d missing characters)", failed, len(plans), missing)
	}
}
