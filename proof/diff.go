package proof

import (
	"math"
	"sort"
	"strings"

	"github.com/paiban/paiban/manifest"
)

// What changed between two proofs, line by line, from their manifests
// alone (their per-line records): so round 3 is compared with round 2
// without the round-2 sources.
//
// Lines are aligned by article text, not by line index: the lines of each
// article (by file), in reading order, are joined and the two texts are
// compared character by character (Myers' diff). A set line with new
// characters, or with characters removed from it, was edited; its changed
// characters are highlighted and its old text is what those characters
// replaced. A line whose characters are all the old ones but that is not
// the same old line at the same place (a paragraph reflowed after an
// edit) only moved.

// ChangeKind says how a line changed.
type ChangeKind int

const (
	Edited ChangeKind = iota + 1 // its text changed
	Moved                        // the same text set elsewhere or broken differently (reflow)
)

// Change is one line of the new proof that changed.
type Change struct {
	Slot string // the page
	Page int    // index of the page in the new manifest
	Line int    // index of the line in the page's records
	Kind ChangeKind
	// Spans are rune ranges [from, to) of the line's text that are new or
	// next to removed text (Edited only).
	Spans    [][2]int
	Old, New string // the line's text before (what its characters replaced) and now
	Src      string // article file:line
}

// maxEdits bounds the diff's work per article: an article rewritten past
// it is marked line by line, lines whose text is not among its old lines
// as edited.
const maxEdits = 2000

// Diff returns the changed lines of next since old, on the pages whose
// content hash changed, in page and line order. Without per-line records
// on either side (a version-1 manifest) it returns nothing.
func Diff(old, next *manifest.Manifest) []Change {
	if old == nil || next == nil || !hasLines(old) || !hasLines(next) {
		return nil
	}
	changed := map[string]bool{}
	for _, p := range next.Pages {
		changed[p.Slot] = old.Hash(p.Slot) != p.Hash
	}
	olds, nexts := byArticle(old), byArticle(next)
	var out []Change
	for _, file := range sortedKeys(nexts) {
		out = append(out, diffArticle(old, next, olds[file], nexts[file])...)
	}
	kept := out[:0]
	for _, c := range out {
		if changed[c.Slot] {
			kept = append(kept, c)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool {
		if kept[i].Page != kept[j].Page {
			return kept[i].Page < kept[j].Page
		}
		return kept[i].Line < kept[j].Line
	})
	return kept
}

func hasLines(m *manifest.Manifest) bool {
	for _, p := range m.Pages {
		if len(p.Lines) > 0 {
			return true
		}
	}
	return false
}

// lineRef is a line of a manifest: page and line index.
type lineRef struct{ page, line int }

// byArticle groups the lines of m by article file, each in reading order:
// kicker, title, subtitle, byline, then the blocks, each part's lines in
// order.
func byArticle(m *manifest.Manifest) map[string][]lineRef {
	out := map[string][]lineRef{}
	for pi, p := range m.Pages {
		for li, l := range p.Lines {
			out[l.File] = append(out[l.File], lineRef{pi, li})
		}
	}
	order := func(part int) int {
		switch part {
		case -4: // kicker
			return -4
		case -1: // title
			return -3
		case -2: // subtitle
			return -2
		case -3: // byline
			return -1
		}
		return part
	}
	for _, refs := range out {
		sort.SliceStable(refs, func(i, j int) bool {
			a, b := m.Pages[refs[i].page].Lines[refs[i].line], m.Pages[refs[j].page].Lines[refs[j].line]
			if a.Part != b.Part {
				return order(a.Part) < order(b.Part)
			}
			return a.Seq < b.Seq
		})
	}
	return out
}

func sortedKeys(m map[string][]lineRef) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// textOf is the line's characters as compared: without a hyphen the
// layout added.
func textOf(l manifest.Line) []rune {
	r := []rune(l.Text)
	if l.Hyphen && len(r) > 0 {
		r = r[:len(r)-1]
	}
	return r
}

// joined is an article's lines joined: the text and each line's range.
type joined struct {
	text  []rune
	start []int // per line, its first rune in text; one more entry: len(text)
}

func join(m *manifest.Manifest, refs []lineRef) joined {
	var j joined
	for _, r := range refs {
		j.start = append(j.start, len(j.text))
		j.text = append(j.text, textOf(m.Pages[r.page].Lines[r.line])...)
	}
	j.start = append(j.start, len(j.text))
	return j
}

// diffArticle compares the lines of one article.
func diffArticle(old, next *manifest.Manifest, olds, nexts []lineRef) []Change {
	o, n := join(old, olds), join(next, nexts)
	ops, ok := diffRunes(o.text, n.text, maxEdits)
	if !ok {
		return diffLinesOnly(old, next, olds, nexts)
	}
	// walk the script: for every new rune, whether it is new, whether
	// old text was removed just before it, and where the old text stood
	nn := len(n.text)
	ins := make([]bool, nn)
	delBefore := make([]bool, nn+1)
	lo := make([]int, nn+1) // old position before the removed run preceding new rune j
	oi, nj, runStart := 0, 0, 0
	for _, op := range ops {
		if op == opDel {
			oi++
			continue
		}
		lo[nj], delBefore[nj] = runStart, oi > runStart
		if op == opIns {
			ins[nj] = true
		} else {
			oi++
		}
		nj++
		runStart = oi
	}
	lo[nn], delBefore[nn] = runStart, oi > runStart
	// old line boundaries, to tell an unchanged line
	oldLineAt := map[[2]int]int{}
	for k := range olds {
		oldLineAt[[2]int{o.start[k], o.start[k+1]}] = k
	}
	var out []Change
	for k, ref := range nexts {
		s, e := n.start[k], n.start[k+1]
		l := next.Pages[ref.page].Lines[ref.line]
		marked := make([]bool, e-s)
		any := false
		for j := s; j < e; j++ {
			if ins[j] || delBefore[j] {
				marked[j-s], any = true, true
			}
		}
		end := lo[e]
		if e == nn {
			end = len(o.text)
			if delBefore[nn] && e > s {
				marked[e-s-1], any = true, true
			}
		}
		c := Change{Slot: next.Pages[ref.page].Slot, Page: ref.page, Line: ref.line, New: l.Text, Old: string(o.text[min(lo[s], end):end]), Src: l.Source()}
		if any {
			c.Kind, c.Spans = Edited, spans(marked)
			out = append(out, c)
			continue
		}
		if ok := sameLine(old, next, olds, ref, oldLineAt, lo[s], end); !ok {
			c.Kind = Moved
			out = append(out, c)
		}
	}
	return out
}

// sameLine reports whether the new line ref, whose characters are the old
// ones from..to, is an old line with the same text on the same page at
// the same place.
func sameLine(old, next *manifest.Manifest, olds []lineRef, ref lineRef, oldLineAt map[[2]int]int, from, to int) bool {
	k, ok := oldLineAt[[2]int{from, to}]
	if !ok {
		return false
	}
	ol, nl := old.Pages[olds[k].page].Lines[olds[k].line], next.Pages[ref.page].Lines[ref.line]
	if old.Pages[olds[k].page].Slot != next.Pages[ref.page].Slot || ol.Text != nl.Text {
		return false
	}
	// on the trimmed page: a build and a proof (which has a slug) compare
	og, ng := old.Geometry, next.Geometry
	if og == nil || ng == nil {
		return false
	}
	dx, dy := ng.Bleed-og.Bleed, ng.Bleed+ng.Slug-og.Bleed-og.Slug
	for i := range ol.Box {
		d := dx
		if i%2 == 1 {
			d = dy
		}
		if math.Abs(ol.Box[i]+d-nl.Box[i]) > 0.01 {
			return false
		}
	}
	return true
}

// diffLinesOnly compares an article rewritten past maxEdits line by line:
// a line whose text is an old line's moved or stayed; any other is edited
// as a whole.
func diffLinesOnly(old, next *manifest.Manifest, olds, nexts []lineRef) []Change {
	had := map[string]bool{}
	for _, r := range olds {
		had[old.Pages[r.page].Lines[r.line].Text] = true
	}
	var out []Change
	for _, r := range nexts {
		l := next.Pages[r.page].Lines[r.line]
		c := Change{Slot: next.Pages[r.page].Slot, Page: r.page, Line: r.line, New: l.Text, Src: l.Source()}
		if had[l.Text] {
			c.Kind, c.Old = Moved, l.Text
		} else {
			c.Kind, c.Spans = Edited, [][2]int{{0, len(textOf(l))}}
		}
		out = append(out, c)
	}
	return out
}

// spans merges marked runes into ranges.
func spans(marked []bool) [][2]int {
	var out [][2]int
	for i := 0; i < len(marked); i++ {
		if !marked[i] {
			continue
		}
		j := i
		for j < len(marked) && marked[j] {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// Describe is the change as one line of a report: page, source, old → new.
func (c Change) Describe() string {
	old := c.Old
	if old == "" {
		old = "(new)"
	}
	return "p." + c.Slot + "  " + c.Src + "  " + strings.TrimSpace(old) + " → " + strings.TrimSpace(c.New)
}
