package proof

import (
	"math/rand"
	"reflect"
	"testing"

	"github.com/paiban/paiban/manifest"
)

// lcs is the length of the longest common subsequence, by the table.
func lcs(a, b []rune) int {
	t := make([][]int, len(a)+1)
	for i := range t {
		t[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	return t[0][0]
}

// The edit script turns a into b and is shortest (as many kept runes as
// the longest common subsequence), on random texts over a small alphabet.
func TestDiffRunes(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alpha := []rune("的一是在不了有和人这中大为上个国")
	gen := func(n int) []rune {
		r := make([]rune, n)
		for i := range r {
			r[i] = alpha[rng.Intn(len(alpha))]
		}
		return r
	}
	for k := 0; k < 500; k++ {
		a, b := gen(rng.Intn(30)), gen(rng.Intn(30))
		if k%3 == 0 { // a small edit of a
			b = append(append(append([]rune(nil), a[:len(a)/2]...), gen(rng.Intn(4))...), a[len(a)/2+min(len(a)/2, rng.Intn(3)):]...)
		}
		ops, ok := diffRunes(a, b, 1000)
		if !ok {
			t.Fatalf("%q → %q: gave up", string(a), string(b))
		}
		var got []rune
		i, j, kept := 0, 0, 0
		for _, o := range ops {
			switch o {
			case opEq:
				if a[i] != b[j] {
					t.Fatalf("%q → %q: kept %q as %q", string(a), string(b), a[i], b[j])
				}
				got = append(got, a[i])
				i, j, kept = i+1, j+1, kept+1
			case opDel:
				i++
			case opIns:
				got = append(got, b[j])
				j++
			}
		}
		if i != len(a) || string(got) != string(b) {
			t.Fatalf("%q → %q: the script gives %q", string(a), string(b), string(got))
		}
		if want := lcs(a, b); kept != want {
			t.Fatalf("%q → %q: %d kept, the longest common subsequence has %d", string(a), string(b), kept, want)
		}
	}
	if _, ok := diffRunes([]rune("甲乙丙丁戊"), []rune("子丑寅卯辰"), 3); ok {
		t.Fatal("a diff past maxD did not give up")
	}
}

// page makes a manifest page of lines of one article, one grid line each.
func page(slot, hash string, texts ...string) manifest.Page {
	p := manifest.Page{Slot: slot, Hash: hash}
	for i, s := range texts {
		y := 700 - 20*float64(i)
		p.Lines = append(p.Lines, manifest.Line{Box: [4]float64{50, y, 50 + 10*float64(len([]rune(s))), y + 10}, Text: s, File: "a.txt", Line: 3, Part: 0, Seq: i})
	}
	return p
}

func man(pages ...manifest.Page) *manifest.Manifest {
	return &manifest.Manifest{Version: manifest.Version, Kind: "proof", Geometry: &manifest.Geometry{TrimW: 500, TrimH: 700}, Pages: pages}
}

type want struct {
	line  int
	kind  ChangeKind
	spans [][2]int
	old   string
}

func check(t *testing.T, name string, got []Change, ws ...want) {
	t.Helper()
	if len(got) != len(ws) {
		t.Fatalf("%s: %d changes, want %d: %+v", name, len(got), len(ws), got)
	}
	for i, w := range ws {
		g := got[i]
		if g.Line != w.line || g.Kind != w.kind || !reflect.DeepEqual(g.Spans, w.spans) || g.Old != w.old {
			t.Errorf("%s: change %d: %+v, want %+v", name, i, g, w)
		}
	}
}

// Lines are aligned by the article's text, not by index: an insertion
// that reflows a paragraph marks the inserted character on its line and
// the lines after it as moved; a deletion marks the character after it;
// a page whose hash did not change gets nothing; a version-1 manifest
// (no lines) gives nothing.
func TestDiff(t *testing.T) {
	old := man(page("01", "h1", "甲乙丙丁", "戊己庚辛", "壬癸"))
	check(t, "insertion", Diff(old, man(page("01", "h2", "甲乙子丙", "丁戊己庚", "辛壬癸"))),
		want{0, Edited, [][2]int{{2, 3}}, "甲乙丙"},
		want{1, Moved, nil, "丁戊己庚"},
		want{2, Moved, nil, "辛壬癸"})
	check(t, "deletion", Diff(old, man(page("01", "h2", "甲丙丁", "戊己庚辛", "壬癸"))),
		want{0, Edited, [][2]int{{1, 2}}, "甲乙丙丁"})
	check(t, "at the end", Diff(old, man(page("01", "h2", "甲乙丙丁", "戊己庚辛", "壬"))),
		want{2, Edited, [][2]int{{0, 1}}, "壬癸"})
	check(t, "replacement", Diff(old, man(page("01", "h2", "甲乙丙丁", "戊天地辛", "壬癸"))),
		want{1, Edited, [][2]int{{1, 3}}, "戊己庚辛"})
	check(t, "same page hash", Diff(old, man(page("01", "h1", "甲乙子丙", "丁戊己庚", "辛壬癸"))))
	// the same line lower on the page moved
	moved := page("01", "h2", "甲乙丙丁", "戊己庚辛", "壬癸")
	moved.Lines[2].Box[1] -= 20
	moved.Lines[2].Box[3] -= 20
	check(t, "moved down", Diff(old, man(moved)), want{2, Moved, nil, "壬癸"})
	// a new article: all its lines are new
	added := man(page("01", "h2", "甲乙丙丁", "戊己庚辛", "壬癸"))
	added.Pages[0].Lines = append(added.Pages[0].Lines, manifest.Line{Box: [4]float64{50, 600, 70, 610}, Text: "新文", File: "b.txt", Line: 1})
	check(t, "new article", Diff(old, added), want{3, Edited, [][2]int{{0, 2}}, ""})
	// a proof since a build: the slug moves every line up, nothing changed
	build := man(page("01", "h1", "甲乙丙丁", "戊己庚辛", "壬癸"))
	proof := man(page("01", "h2", "甲乙丙丁", "戊己庚辛", "壬癸"))
	proof.Geometry.Slug = 42.5
	for i := range proof.Pages[0].Lines {
		proof.Pages[0].Lines[i].Box[1] += 42.5
		proof.Pages[0].Lines[i].Box[3] += 42.5
	}
	check(t, "since a build", Diff(build, proof))
	v1 := &manifest.Manifest{Version: 1, Pages: []manifest.Page{{Slot: "01", Hash: "h1"}}}
	check(t, "version 1", Diff(v1, old))
}
