package main

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/paiban/paiban/sample"
)

// The typst document of the sample holds every page, and the text of every
// glyph run of paiban's pages once — the article lines as paragraphs for
// typst to break, the rest placed — the same characters page by page
// (white space and the hyphens paiban adds at a line's end aside).
func TestSampleText(t *testing.T) {
	dir := t.TempDir()
	if err := sample.Write(dir); err != nil {
		t.Fatal(err)
	}
	src, g, err := generate(filepath.Join(dir, "plan.toml"))
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(src, "\n#page(")[1:]
	if len(pages) != len(g.doc.Pages) || len(pages) != 68 {
		t.Fatalf("%d typst pages for %d pages of paiban's", len(pages), len(g.doc.Pages))
	}
	// the text of a page: the F(…)[#"…"] paragraphs, the last argument of T(…) and text(…)
	texts := regexp.MustCompile(`\[#("(?:[^"\\]|\\.)*")|, ("(?:[^"\\]|\\.)*")\)\)?\n`)
	count := func(m map[rune]int, s string, sign int) {
		for _, r := range s {
			if !unicode.IsSpace(r) && r != '-' && r != '\u00ad' {
				m[r] += sign
			}
		}
	}
	for i, p := range g.doc.Pages {
		m := map[rune]int{}
		for _, r := range p.Runs {
			count(m, r.Text, 1)
		}
		var lines []string
		for _, l := range strings.SplitAfter(pages[i], "\n") {
			if !strings.HasPrefix(l, "  I(") { // an image's path
				lines = append(lines, l)
			}
		}
		for _, sm := range texts.FindAllStringSubmatch(strings.Join(lines, ""), -1) {
			lit := sm[1] + sm[2]
			s, err := strconv.Unquote(lit)
			if err != nil {
				t.Fatalf("page %s: %s: %v", p.Label, lit, err)
			}
			count(m, s, -1)
		}
		for r, n := range m {
			if n != 0 {
				t.Errorf("page %s: %q %+d in paiban's runs against the typst document", p.Label, r, n)
			}
		}
	}
	if g.frags < 800 || g.images != 33 {
		t.Errorf("%d paragraphs for typst to set, %d images: the sample has 900 and 33", g.frags, g.images)
	}
}
