package layout

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/sample"
)

func loadSample(t *testing.T, dir string) *issue.Issue {
	t.Helper()
	iss, d := issue.Load(filepath.Join(dir, "plan.toml"))
	if d.HasErrors() {
		t.Fatal(d.Err())
	}
	return iss
}

func sameDocs(t *testing.T, what string, a, b *Document) {
	t.Helper()
	if len(a.Pages) != len(b.Pages) {
		t.Fatalf("%s: %d pages, %d without the cache", what, len(a.Pages), len(b.Pages))
	}
	for i := range a.Pages {
		if a.Pages[i].Digest() != b.Pages[i].Digest() || a.Pages[i].Trace() != b.Pages[i].Trace() {
			t.Fatalf("%s: page %s differs from the layout without the cache", what, a.Pages[i].Slot)
		}
	}
}

// A layout with the cache is the layout without it: first, again, and
// after an article was edited (which alone is set again).
func TestCacheSameLayout(t *testing.T) {
	dir := t.TempDir()
	if err := sample.Write(dir); err != nil {
		t.Fatal(err)
	}
	serif, _ := fonts.Builtin("serif")
	sans, _ := fonts.Builtin("sans")
	f := Fonts{Body: serif, Heading: sans}
	c := NewCache()
	run := func(what string, opt Options) {
		t.Helper()
		iss := loadSample(t, dir)
		want, _, wd := LayoutWith(iss, f, opt)
		opt.Cache = c
		got, _, gd := LayoutWith(loadSample(t, dir), f, opt)
		c.Prune()
		sameDocs(t, what, got, want)
		if len(gd) != len(wd) {
			t.Fatalf("%s: %d diagnostics with the cache, %d without", what, len(gd), len(wd))
		}
	}
	run("first", Options{})
	articles := c.Misses
	if articles < 30 || c.Hits != 0 {
		t.Fatalf("first layout: %d misses, %d hits", c.Misses, c.Hits)
	}
	run("again", Options{})
	if c.Misses != articles || c.Hits != articles {
		t.Fatalf("second layout: %d misses, %d hits (want %d, %d)", c.Misses, c.Hits, articles, articles)
	}
	// edit one article: a sentence moves
	path := filepath.Join(dir, "articles", "weigushi-3.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i := strings.Index(s, "。")
	s = s[:i] + "，" + s[i+len("。"):]
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	run("edited", Options{})
	if c.Misses != articles+1 || c.Hits != 2*articles-1 {
		t.Fatalf("after an edit: %d misses, %d hits (want %d, %d)", c.Misses, c.Hits, articles+1, 2*articles-1)
	}
	if c.Len() != articles {
		t.Fatalf("cache holds %d articles after Prune, want %d", c.Len(), articles)
	}
	// other options, other entries
	run("proof", Options{OversetPages: true})
	if c.Misses != 2*articles+1 {
		t.Fatalf("with other options: %d misses, want %d", c.Misses, 2*articles+1)
	}
}

func TestDigest(t *testing.T) {
	p := &Page{Runs: []GlyphRun{{Font: 0, Size: 10000, X: 1, Y: 2, Text: "中"}}}
	d := p.Digest()
	q := *p
	q.Runs = []GlyphRun{{Font: 0, Size: 10000, X: 1, Y: 2, Text: "中", Color: CMYK{K: 1}}}
	if q.Digest() == d {
		t.Error("a colour change does not change the digest")
	}
	q.Runs = []GlyphRun{{Font: 0, Size: 10000, X: 1, Y: 3, Text: "中"}}
	if q.Digest() == d {
		t.Error("a move by one unit does not change the digest")
	}
	q.Runs = []GlyphRun{{Font: 0, Size: 10000, X: 1, Y: 2, Text: "中"}}
	q.Slot, q.Label = "other", "other"
	if q.Digest() != d {
		t.Error("the digest depends on the slot name")
	}
}
