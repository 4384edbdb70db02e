package layout

import (
	"fmt"
	"slices"

	"github.com/paiban/paiban/issue"
)

// A figure or box across the columns (width=page, 2col, 3col, bleed) that
// has no room where it is met waits for the next page; met on a range's
// last page it has none. hoistFloats then finds it a place on the pages it
// has: at the top of the page where it was met — the text before it on
// that page reflowing below it — else of an earlier page of its article.
// Only when no page takes it (with everything else still fitting) is it
// overset, an error naming it (floatOverset).

// hoistFloats retries a pour whose text all fit (next == len(items)) but
// left floats across the columns without a place: each is moved in the
// items to just before the first item placed on its page, then the page
// before, … (never before its article's title), and pour (pourWith with
// midSpans) tried again. It returns the items and their pour with every
// float placed, or ok false.
func hoistFloats(items []item, frames []frame, midSpans bool, pl []placement, left []int) (_ []item, _ []placement, _ []int, ok bool) {
	// (and those placed on a page after the next article's title)
	bad := append(slices.Clone(left), strayFloats(items, pl)...)
	for tries := 0; len(bad) > 0 && tries < 8; tries++ {
		f := bad[0]
		if !crossing(items[f]) {
			return nil, nil, nil, false
		}
		first := firstOnPage(items, pl, len(frames))
		met := metOn(items, pl, f)
		// the first item of the page where it was met, of each page
		// before, then the item after its article's title (below a title
		// that opens a page)
		var at []int
		title := titleOf(items, f)
		for q := met; q >= 0; q-- {
			if k := first[q]; k > title && k < f {
				at = append(at, k)
			}
		}
		if title >= 0 && title+1 < f {
			at = append(at, title+1)
		}
		moved := false
		for _, k := range at {
			if moved {
				break
			}
			cand := moveBefore(items, f, k)
			pl2, next2, left2 := pourWith(cand, frames, 0, -1, midSpans)
			bad2 := append(slices.Clone(left2), strayFloats(cand, pl2)...)
			// (the float placed, and no more left than before: another
			// it pushed out of its place is hoisted in turn)
			if next2 == len(cand) && len(bad2) <= len(bad) && !slices.Contains(bad2, k) {
				items, pl, left, bad, moved = cand, pl2, left2, bad2, true
			}
		}
		if !moved {
			return nil, nil, nil, false
		}
	}
	return items, pl, left, len(bad) == 0
}

// strayFloats are the floats across the columns placed on a page after the
// one where the next article's title is: waiting for a page top, they were
// set in the next article.
func strayFloats(items []item, pl []placement) []int {
	page := make(map[int]int, len(pl)) // the page of each item placed
	for _, p := range pl {
		if _, ok := page[p.item]; !ok {
			page[p.item] = p.page
		}
	}
	var out []int
	for _, p := range pl {
		if !crossing(items[p.item]) {
			continue
		}
		for t := p.item + 1; t < len(items); t++ {
			if items[t].startOf != nil {
				if tp, ok := page[t]; ok && tp < p.page {
					out = append(out, p.item)
				}
				break
			}
		}
	}
	return out
}

// crossing reports whether it is a float across the columns: a figure or
// box across all of them (or to the bleed) or a partial span.
func crossing(it item) bool {
	return it.srcLine > 0 && (it.wide && !it.table || it.cols > 0)
}

// firstOnPage is, for each of n pages, the lowest item of the text placed
// on it (-1: none): not a float, which may have been met on a page before.
func firstOnPage(items []item, pl []placement, n int) []int {
	first := make([]int, n)
	for k := range first {
		first[k] = -1
	}
	for _, p := range pl {
		if it := items[p.item]; it.figure || it.wide || it.cols > 0 || p.note || p.rule {
			continue
		}
		if p.page < n && (first[p.page] < 0 || p.item < first[p.page]) {
			first[p.page] = p.item
		}
	}
	return first
}

// metOn is the page on which the pour met float f: that of the last item
// before it that was placed.
func metOn(items []item, pl []placement, f int) int {
	page, best := 0, -1
	for _, p := range pl {
		if p.item < f && p.item > best {
			best, page = p.item, p.page
		}
	}
	return page
}

// titleOf is the index of the title block of the article that item f
// belongs to (-1: none).
func titleOf(items []item, f int) int {
	for k := f; k >= 0; k-- {
		if items[k].startOf != nil {
			return k
		}
	}
	return -1
}

// moveBefore is items with item f (and the blank line after it) moved to
// just before item k < f.
func moveBefore(items []item, f, k int) []item {
	end := f + 1
	if end < len(items) && items[end].kind == kSpace {
		end++
	}
	out := make([]item, 0, len(items))
	out = append(out, items[:k]...)
	out = append(out, items[f:end]...)
	out = append(out, items[k:f]...)
	return append(out, items[end:]...)
}

// floatOverset reports floats across the columns that found no place in
// the range (items left, all else set): an error at the figure's or box's
// line naming it and the range. It reports whether it did (else the
// overset is text, for overset to report).
func (e *engine) floatOverset(ps *issue.PageSpec, items []item, next int, left []int, fill *RangeFill) bool {
	if next < len(items) || len(left) == 0 {
		return false
	}
	for _, i := range left {
		if !crossing(items[i]) {
			return false
		}
	}
	for _, i := range left {
		it := items[i]
		fill.Overset += it.lines
		file := ps.Pos.File
		if c := contentAt(e.iss, it.src); c != nil && c.Article != nil {
			file = c.Article.File
		}
		what := "box"
		if r := []rune(it.text); len(r) > 0 {
			if len(r) > 12 {
				r = append(r[:12], '…')
			}
			what = fmt.Sprintf("box %q", string(r))
		}
		if len(it.frag.images) > 0 {
			what = "figure " + it.frag.images[0].Path
		}
		across := "across the columns"
		if it.cols > 0 {
			across = fmt.Sprintf("across %d columns", it.cols)
		}
		msg := fmt.Sprintf("overset: %s (%d lines %s) finds no place in slots %s %s: no page of the range has the room for it with the text around it; write it earlier in the article, make it narrower, or give the range another page", what, it.lines, across, rangeName(e.iss, ps), ps.Section)
		if e.opt.OversetPages {
			e.diags.Warnf(file, it.srcLine, "%s", msg)
		} else {
			e.diags.Errorf(file, it.srcLine, "%s", msg)
		}
	}
	return true
}
