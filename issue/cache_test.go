package issue

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paiban/paiban/sample"
)

// Loads with an ArticleCache give the issue a load without one gives, and
// parse again exactly the articles whose file, or figure, changed.
func TestArticleCache(t *testing.T) {
	dir := t.TempDir()
	if err := sample.Write(dir); err != nil {
		t.Fatal(err)
	}
	plan := filepath.Join(dir, "plan.toml")
	c := NewArticleCache()
	load := func(what string) *Issue {
		t.Helper()
		got, gd := LoadCached(plan, c)
		want, wd := Load(plan)
		if !reflect.DeepEqual(gd, wd) {
			t.Fatalf("%s: diagnostics %v, without the cache %v", what, gd, wd)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: the issue differs from the one loaded without the cache", what)
		}
		return got
	}
	first := load("first")
	n := len(first.Articles())
	if c.Misses != n || c.Hits != 0 {
		t.Fatalf("first load: %d misses, %d hits, %d articles", c.Misses, c.Hits, n)
	}
	second := load("second")
	if c.Hits != n {
		t.Fatalf("second load: %d hits, want %d", c.Hits, n)
	}
	if first.Articles()[3] != second.Articles()[3] {
		t.Fatal("an unchanged article was parsed again")
	}

	// an edit: that article alone is parsed again
	art := filepath.Join(dir, "articles", "weigushi-3.md")
	data, _ := os.ReadFile(art)
	os.WriteFile(art, []byte(strings.Replace(string(data), "。", "，", 1)), 0o644)
	load("edited")
	if c.Misses != n+1 || c.Hits != 2*n-1 {
		t.Fatalf("after an edit: %d misses, %d hits", c.Misses, c.Hits)
	}

	// a figure image touched: its article is parsed again
	fig := filepath.Join(dir, "images", "fig-weigushi-5.jpg")
	later := time.Now().Add(time.Second)
	os.Chtimes(fig, later, later)
	load("figure touched")
	if c.Misses != n+2 {
		t.Fatalf("after touching a figure: %d misses, want %d", c.Misses, n+2)
	}

	// an article with a warning or an error is never kept
	os.WriteFile(art, append(data, []byte("\n\n坏\x01字\n")...), 0o644)
	for i := 0; i < 2; i++ {
		before := c.Misses
		_, d := LoadCached(plan, c)
		if !d.HasErrors() {
			t.Fatal("a control character was accepted")
		}
		if c.Misses != before+1 {
			t.Fatalf("an article with an error was reused")
		}
	}
}
