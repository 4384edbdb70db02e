package layout

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
)

var update = flag.Bool("update", false, "rewrite the golden traces in testdata/")

// TestSeedGolden sets the seed article (in the embedded fonts, 10/17 pt,
// one column) and compares the rounded trace of positioned glyphs with
// testdata/seed.golden. Run with -update after an intended change, and
// read the diff.
func TestSeedGolden(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile("../sample/files/articles/qiangzhudong.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "seed.txt"), seed, 0o644); err != nil {
		t.Fatal(err)
	}
	plan := `[issue]
title = "之江月刊"
number = "2026年第1期"

[paper]
trim = "210x285mm"
inner_pages = 4

[[page]]
slots = "01"
section = "卷首"
columns = 1
measure = 42
content = ["seed.txt"]

[[page]]
slots = "02-04"
section = "空"
toc = true
`
	if err := os.WriteFile(filepath.Join(dir, "plan.toml"), []byte(plan), 0o644); err != nil {
		t.Fatal(err)
	}
	iss, d := issue.Load(filepath.Join(dir, "plan.toml"))
	if d.HasErrors() {
		t.Fatal(d.Err())
	}
	serif, _ := fonts.Builtin("serif")
	sans, _ := fonts.Builtin("sans")
	doc, _, ld := Layout(iss, Fonts{Body: serif, Heading: sans})
	if ld.HasErrors() {
		t.Fatal(ld.Err())
	}
	var page *Page
	for _, p := range doc.Pages {
		if p.Slot == "01" {
			page = p
		}
	}
	got := page.Trace()
	golden := filepath.Join("testdata", "seed.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./layout -run SeedGolden -update)", err)
	}
	if got != string(want) {
		t.Errorf("the seed article's trace changed; diff it with testdata/seed.golden (go test ./layout -run SeedGolden -update rewrites it):\n%s", firstDiff(got, string(want)))
	}
	if v := doc.CheckTypography(); len(v) > 0 {
		t.Errorf("typography: %v", v)
	}
}

func firstDiff(a, b string) string {
	la, lb := splitLines(a), splitLines(b)
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return "got:  " + x + "\nwant: " + y
		}
	}
	return ""
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
