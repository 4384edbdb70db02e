package layout

// Pouring: items placed down the columns and across the slots of a range,
// on the grid, with the keep-together needs the items carry (keep, orphan
// and 孤行 control, floats, spans), and the last page balanced.

import (
	"slices"

	"github.com/paiban/paiban/issue"
)

// placement is where an item went.
type placement struct {
	item      int
	page, col int
	line      int
	span      bool // the item's spanning version, across all columns
	cols      int  // a partial span: across columns col … col+cols-1
	note      bool // the item's footnotes, at the foot of the column
	rule      bool // the rule above the column's footnotes
}

// pour places items into the pages of a range. limit, when > 0, caps the
// lines per column on the last page used (column balancing). It returns the
// placements and the index of the first item that did not fit (len(items)
// when all fit), plus floated figures left over.
func pour(items []item, frames []frame, lastLimit int, lastPage int) (pl []placement, next int, left []int) {
	return pourWith(items, frames, lastLimit, lastPage, false)
}

// pourWith is pour; with midSpans, an article that starts in mid-page gets
// its title across all columns below the balanced text above it.
func pourWith(items []item, frames []frame, lastLimit int, lastPage int, midSpans bool) (pl []placement, next int, left []int) {
	i := 0
	pl = make([]placement, 0, len(items)) // each item placed once, at most
	var pending, pendingWide, boxes, pendingPart []int
	for pg := 0; pg < len(frames); pg++ {
		fr := frames[pg]
		top := 0 // lines taken in every column by a spanning title
		if k := slices.IndexFunc(pendingWide, func(k int) bool { return items[k].bleed }); k > 0 {
			// a figure to the bleed starts at the page's top edge: first
			pendingWide = append(append([]int{pendingWide[k]}, pendingWide[:k]...), pendingWide[k+1:]...)
		}
		for len(pendingWide) > 0 && top+items[pendingWide[0]].spanLines <= fr.lines && !(top > 0 && items[pendingWide[0]].bleed) {
			pl = append(pl, placement{item: pendingWide[0], page: pg, line: top, span: true})
			top += items[pendingWide[0]].spanLines + 1 // and a blank line below it
			pendingWide = pendingWide[1:]
		}
		// partial spans (figures and boxes across some of the columns):
		// per column, the first line below one at its top and the blank
		// line above one at its foot (0: none)
		parts := newPartial(fr.cols)
		// the lines of the page's columns (below a spanning title on a
		// balanced last page: as many as the limit; with fr.belowTitle
		// only below a title across the columns placed in the column flow)
		titled := false
		limited := func() bool { return lastLimit > 0 && pg == lastPage && (!fr.belowTitle || titled) }
		pageLines := func() int {
			if limited() {
				return min(fr.lines, top+lastLimit)
			}
			return fr.lines
		}
		for len(pendingPart) > 0 {
			// those met too late on the page before: the top of this
			// page's first columns
			k := pendingPart[0]
			at, ok := parts.topAt(0, items[k].cols, top, items[k].lines, pageLines())
			if !ok {
				break
			}
			pl = append(pl, parts.take(placement{item: k, page: pg, line: at, cols: items[k].cols}, items[k].lines, true))
			pendingPart = pendingPart[1:]
		}
		// a band is the part of the page below the last spanning title:
		// its items are bandItem… and its placements pl[bandPl:]
		bandItem, bandPl := i, len(pl)
		for col := 0; col < fr.cols; col++ {
			capLines := pageLines()
			// the column's top: below the spanning title and any partial
			// span at its top; its foot: above any partial span there
			ctop := max(top, parts.top[col])
			if parts.foot[col] > 0 {
				capLines = min(capLines, parts.foot[col])
			}
			line := ctop
			// footnotes: the lines they take at the column's foot (with
			// their rule), the placements of the column, its foot figures
			footUsed, colStart, base, restart := 0, len(pl), capLines, false
			// on the balanced last page the limit is the height of the
			// text: a column's notes go below its own text, in the lines
			// the limit left free (noteRoom), so that the text of every
			// column ends level whatever notes each holds
			noteRoom := lastNoteRoom(fr, parts, col, capLines, fr.notesBelow && lastLimit > 0 && pg == lastPage)
			var footFigs []int
			// endBand balances the band's items before item i (the end of
			// an article) into equal columns at most limit lines high and
			// goes on to the next page, where the next article's title
			// opens: no empty column beside text. False when they do not
			// balance so.
			endBand := func(limit int) bool {
				bal, _, ok := balanceBand(items, bandItem, i, fr, top, limit)
				if !ok {
					return false
				}
				for k := range bal {
					bal[k].page = pg
				}
				pl = append(pl[:bandPl], bal...)
				col = fr.cols // the next page
				restart = true
				return true
			}
			for len(pending) > 0 && items[pending[0]].lines <= capLines-line {
				pl = append(pl, placement{item: pending[0], page: pg, col: col, line: line})
				line += items[pending[0]].lines + 1 // and a blank line below it
				pending = pending[1:]
			}
			footFigure := false
			for i < len(items) {
				it := items[i]
				if len(boxes) > 0 && (it.kind != kLine || it.paraFirst) {
					// a box that had no room where it was written goes
					// to the next paragraph boundary with the room,
					// between blank lines (box.go)
					if at := boxLine(line, ctop); at+items[boxes[0]].lines+1 <= capLines {
						pl = append(pl, placement{item: boxes[0], page: pg, col: col, line: at})
						line = at + items[boxes[0]].lines + 1
						boxes = boxes[1:]
						if it.kind == kSpace {
							i++ // (the blank line below the box serves)
						}
						continue
					}
				}
				if it.startOf != nil && line > ctop && (footFigure || len(pending) > 0 || len(boxes) > 0) {
					// the previous article's figures come before the next title
					break
				}
				if it.kind == kSpace && (line == ctop || line+it.lines >= capLines) {
					i++
					continue
				}
				if it.wide && (!(col == 0 && line == top) || it.bleed && top > 0) && (!midSpans || it.bleed || fr.cols == 1 || it.table && !floatsAfter(items, i)) {
					// (a figure or box across the columns, or a table that
					// ends the range's text, may go in mid-page, below the
					// text above it balanced, as a title does; a bleed
					// figure starts at the top edge of a page)
					pendingWide = append(pendingWide, i)
					i = afterFloat(items, i+1)
					continue
				}
				// (against the page's lines, not the balancing limit: that
				// counts the lines below the title)
				if it.span != nil && col == 0 && line == top && fr.cols > 1 && line+it.spanLines+keepLines(items, i) <= fr.lines {
					pl = append(pl, placement{item: i, page: pg, col: col, line: line, span: true})
					top += it.spanLines
					i++
					if it.wide && !it.table {
						// a figure or box across the columns: a blank
						// line below it
						top = min(fr.lines, top+1)
						i = afterFloat(items, i)
					}
					line, ctop = top, top
					titled = true
					capLines = pageLines()
					base, colStart = capLines, len(pl)
					noteRoom = lastNoteRoom(fr, parts, col, capLines, fr.notesBelow && lastLimit > 0 && pg == lastPage)
					bandItem, bandPl = i, len(pl)
					continue
				}
				if midSpans && it.span != nil && fr.cols > 1 && (col > 0 || line > top) && len(pending) == 0 && len(pendingWide) == 0 && len(boxes) == 0 && !parts.any() && bandOwn(pl[bandPl:], bandItem, i) && !headingLast(items, pl[bandPl:]) {
					// an article that starts in mid-page: what is above it
					// is balanced into equal columns and its title spans
					// them all below, as magazines set it; every body line
					// keeps a partner in the next column
					most := capLines - top
					if lastLimit > 0 && pg == lastPage {
						// (the balancing limit is that of the columns
						// below the title: the band above is balanced
						// on its own, as low as it goes)
						most = fr.lines - top
					}
					if bal, h, ok := balanceBand(items, bandItem, i, fr, top, most); ok {
						t := top + h + 1 // a blank line above the title
						limit := fr.lines
						if lastLimit > 0 && pg == lastPage {
							limit = min(fr.lines, t+it.spanLines+lastLimit)
						}
						if t+it.spanLines+keepLines(items, i) <= limit {
							for k := range bal {
								bal[k].page = pg
							}
							pl = append(pl[:bandPl], bal...)
							pl = append(pl, placement{item: i, page: pg, line: t, span: true})
							top = t + it.spanLines
							i++
							if it.wide && !it.table {
								// a figure or box across the columns in
								// mid-page (figure.go): a blank line below it
								top = min(fr.lines, top+1)
								i = afterFloat(items, i)
							}
							bandItem, bandPl = i, len(pl)
							titled = true
							col = -1 // the columns start again below the title
							restart = true
							break
						}
					}
				}
				if it.wide {
					// no room for it across the columns here: the top
					// of the next page
					pendingWide = append(pendingWide, i)
					i = afterFloat(items, i+1)
					continue
				}
				if it.cols > 0 {
					// across it.cols columns: the top of this column
					// and the next ones when it is at its top, else
					// their foot, else the top of the columns after
					// this one, else the top of the next page's first
					// columns
					n := it.cols
					if at, ok := parts.topAt(col, n, top, it.lines, pageLines()); ok && line == ctop && at == ctop {
						pl = append(pl, parts.take(placement{item: i, page: pg, col: col, line: at, cols: n}, it.lines, true))
						line = at + it.lines + 1
						ctop = line
					} else if at, ok := parts.footAt(col, n, top, base-it.lines); ok && it.place != issue.PlaceTop && !footFigure && line+1+it.lines <= capLines {
						pl = append(pl, parts.take(placement{item: i, page: pg, col: col, line: at, cols: n}, it.lines, false))
						capLines -= it.lines + 1
						base = at - 1 // (footnotes above it)
					} else if at, ok := parts.topAt(col+1, n, top, it.lines, pageLines()); ok {
						pl = append(pl, parts.take(placement{item: i, page: pg, col: col + 1, line: at, cols: n}, it.lines, true))
					} else {
						pendingPart = append(pendingPart, i)
					}
					i = afterFloat(items, i+1)
					continue
				}
				// a heading just placed keeps its text below it: a figure
				// after it goes here or to the foot only leaving that room
				reserve := headingReserve(items, pl, pg, col)
				if it.figure && line > ctop && it.place == issue.PlaceHere && line+1+it.lines+1+reserve <= capLines {
					// where it is written, between paragraphs, with a
					// blank line above it (the item after it is the one
					// below), on whole grid lines
					pl = append(pl, placement{item: i, page: pg, col: col, line: line + 1})
					line += 1 + it.lines
					i++
					continue
				}
				if it.box && line > ctop {
					boxes = append(boxes, i)
					i = afterFloat(items, i+1)
					continue
				}
				if it.figure && line > ctop {
					// figures go to the foot of the column when they fit
					// there, else to the top of the next: never between
					// lines of text, so the columns' baselines stay paired
					if it.place != issue.PlaceTop && line+it.lines+1+reserve <= capLines {
						// with a blank line above it
						footFigs = append(footFigs, len(pl))
						pl = append(pl, placement{item: i, page: pg, col: col, line: capLines - it.lines})
						capLines -= it.lines + 1
						footFigure = true
					} else {
						pending = append(pending, i)
					}
					i = afterFloat(items, i+1)
					continue
				}
				fn := 0 // the lines its footnotes take at the foot
				if it.noteLines > 0 {
					fn = it.noteLines
					if footUsed == 0 {
						fn++ // and the rule above them
					}
				}
				below := min(fn, noteRoom) // of them, below the balancing limit
				fn -= below
				need, lone := it.lines+keepLines(items, i)+fn, 0
				if it.kind == kLine && it.paraFirst && !it.paraLast {
					// no orphan: a paragraph's first line does not stand
					// alone at the foot of a column; it goes with the next
					need, lone = need+1, 1
				}
				if line+need > capLines {
					if it.startOf != nil && line > ctop && !(lastLimit > 0 && pg == lastPage) && capLines-top < need && !parts.any() && len(pending) == 0 && len(pendingWide) == 0 && len(boxes) == 0 && bandOwn(pl[bandPl:], bandItem, i) {
						// the next article's title fits no column left on
						// the page: it opens the next, and the end of this
						// article is balanced into equal columns, as on a
						// range's last page (no empty column beside text)
						if endBand(capLines - top) {
							break
						}
					}
					if line > ctop {
						// 孤行: never leave a paragraph's last line alone at the top of the next column
						// (the line before it goes along; a heading left at
						// the foot by that goes too)
						pl, i = widowAlong(items, pl, i, pg, col)
						// a subheading (or its blank line) left at the foot
						// by the move goes along to the next column
						for len(pl) > 0 {
							q := pl[len(pl)-1]
							if q.item != i-1 || q.page != pg || q.col != col || q.span || items[q.item].keep == 0 && items[q.item].kind != kSpace {
								break
							}
							pl = pl[:len(pl)-1]
							i--
							if items[i].kind == kLine {
								// a line kept with what follows (the
								// last before the 注释 of endnotes):
								// no 孤行 either
								pl, i = widowAlong(items, pl, i, pg, col)
							}
						}
						if items[i].startOf != nil && col > 0 && len(pl) == colStart && !(lastLimit > 0 && pg == lastPage) && !parts.any() && len(pending) == 0 && len(pendingWide) == 0 && len(boxes) == 0 && bandOwn(pl[bandPl:], bandItem, i) {
							// the next article's title went back off the
							// top of this column: with the text it keeps
							// (its first paragraph and that paragraph's
							// footnotes) it fits no column of the page;
							// the end of this article is balanced, as
							// above (it filled one column beside empty
							// ones)
							endBand(pageLines() - top)
						}
						break
					}
					if (ctop > 0 || parts.foot[col] > 0) && line+it.lines+fn+keptText(items, i)+lone > capLines {
						// a column shortened by a span (a title, figure
						// or box across the columns, or a partial span
						// at its top or foot): what does not fit with
						// the text it keeps (a paragraph's second line,
						// a subheading's) goes to the next column, never
						// a first line alone or a subheading at its foot
						break
					}
					if line+it.lines+fn > capLines {
						// cannot fit even an empty column: leave it for the overset report
						return pl, i, pending
					}
				}
				pl = append(pl, placement{item: i, page: pg, col: col, line: line})
				line += it.lines
				capLines -= fn
				footUsed += fn + below
				noteRoom -= below
				base += below
				i++
			}
			if !restart {
				pl = placeFoot(items, pl, colStart, pg, col, base, footFigs)
			}
		}
	}
	return pl, i, append(append(append(pending, pendingWide...), boxes...), pendingPart...)
}

// widowAlong is the 孤行 rule for item i, which moves on from column col of
// page pg to the next: a paragraph's last line is never alone at the top
// of a column, so the line before it goes along (and the one before that
// when it would be left as an orphan: a three-line paragraph moves whole).
// It returns the placements and the item to go on from.
func widowAlong(items []item, pl []placement, i, pg, col int) ([]placement, int) {
	it := items[i]
	if it.kind != kLine || !it.paraLast || it.paraFirst || len(pl) == 0 {
		return pl, i
	}
	prev := pl[len(pl)-1]
	if prev.item == i-1 && prev.page == pg && prev.col == col && items[i-1].kind == kLine && items[i-1].para == it.para {
		pl = pl[:len(pl)-1]
		i--
		if len(pl) > 0 && pl[len(pl)-1].item == i-1 && pl[len(pl)-1].page == pg && pl[len(pl)-1].col == col && items[i-1].kind == kLine && items[i-1].para == it.para && items[i-1].paraFirst {
			pl = pl[:len(pl)-1]
			i--
		}
	}
	return pl, i
}

// notesOn reports whether placements pl set footnotes on page pg.
func notesOn(pl []placement, pg int) bool {
	return slices.ContainsFunc(pl, func(p placement) bool { return p.note && p.page == pg })
}

// unevenness is how many lines apart the ends of the text in the cols
// columns of page pg are, below the last item across all of them (the band
// a balanced last page levels; an empty column ends at its top): 0 when
// every column ends on the same line.
func unevenness(items []item, pl []placement, pg, cols int) int {
	band := 0
	for _, p := range pl {
		if p.page == pg && p.span {
			band = max(band, p.line+items[p.item].spanLines)
		}
	}
	ends := map[int]int{}
	for _, p := range pl {
		if p.page != pg {
			continue
		}
		if p.span || p.note || p.rule || p.cols > 0 || p.line < band {
			continue
		}
		ends[p.col] = max(ends[p.col], p.line+items[p.item].lines)
	}
	lo, hi := -1, band
	for c := range cols {
		e := max(band, ends[c])
		if lo < 0 || e < lo {
			lo = e
		}
		hi = max(hi, e)
	}
	return hi - max(lo, band)
}

// lastNoteRoom is the room for footnotes below the balancing limit capLines
// of column col (when balanced): the lines down to the column's foot.
func lastNoteRoom(fr frame, parts partial, col, capLines int, balanced bool) int {
	if !balanced {
		return 0
	}
	foot := fr.lines
	if parts.foot[col] > 0 {
		foot = min(foot, parts.foot[col])
	}
	return max(0, foot-capLines)
}

// partial is what the partial spans placed on a page take of its columns:
// top[c] is the first line below one at the top of column c (with the
// blank line under it), foot[c] the blank line above one at its foot (0:
// none).
type partial struct{ top, foot []int }

func newPartial(cols int) partial { return partial{make([]int, cols), make([]int, cols)} }

func (p partial) any() bool {
	for c := range p.top {
		if p.top[c] > 0 || p.foot[c] > 0 {
			return true
		}
	}
	return false
}

// topAt is the line at which a span of lines lines across columns col …
// col+n-1 starts at their top (below the page's spanning title at top and
// what their tops hold): ok when that is the same line in each and the
// span ends by limit and, with a blank line, above any span at their foot.
func (p partial) topAt(col, n, top, lines, limit int) (at int, ok bool) {
	if col < 0 || col+n > len(p.top) {
		return 0, false
	}
	at = max(top, p.top[col])
	for c := col; c < col+n; c++ {
		end := limit
		if p.foot[c] > 0 {
			end = min(end, p.foot[c]-1) // (as footAt leaves it)
		}
		if max(top, p.top[c]) != at || at+lines > end {
			return 0, false
		}
	}
	return at, true
}

// footAt is the line at which a span of columns col … col+n-1 starts at
// their foot, at: ok when no column has one there already and the others'
// tops leave a line above it free.
func (p partial) footAt(col, n, top, at int) (int, bool) {
	if col < 0 || col+n > len(p.top) || at < 0 {
		return 0, false
	}
	for c := col; c < col+n; c++ {
		if p.foot[c] > 0 || max(top, p.top[c]) >= at {
			return 0, false
		}
	}
	return at, true
}

// take records placement q of a span of lines at the top (or the foot) of
// its columns, and returns it.
func (p partial) take(q placement, lines int, atTop bool) placement {
	for c := q.col; c < q.col+q.cols; c++ {
		if atTop {
			p.top[c] = q.line + lines + 1
		} else {
			p.foot[c] = q.line - 1
		}
	}
	return q
}

// headingLast reports whether the last placement of a band is a heading
// (an item keeping what follows with it): what follows is the item across
// the columns below the band, so the heading would stand alone above it.
func headingLast(items []item, pl []placement) bool {
	for k := len(pl) - 1; k >= 0; k-- {
		if it := items[pl[k].item]; it.kind != kSpace && !pl[k].note && !pl[k].rule {
			return it.keep > 0
		}
	}
	return false
}

// bandOwn reports whether the placements of a band are all of its own
// items [from, to): a figure floated in from before the band is not, and
// pouring the band again would drop it.
func bandOwn(pl []placement, from, to int) bool {
	for _, p := range pl {
		if p.item < from || p.item >= to {
			return false
		}
	}
	return true
}

// balanceBand pours items [from, to) into the columns of fr between line top
// and the lowest height, at most most lines, that holds them all: equal
// columns, the last no longer than the others. ok is false when they do not
// fit that way (a figure that would float, a wide figure).
func balanceBand(items []item, from, to int, fr frame, top, most int) (pl []placement, h int, ok bool) {
	if to <= from {
		return nil, 0, false
	}
	total := 0
	for _, it := range items[from:to] {
		if it.figure {
			// a figure in a band faces lines of text across the gutter
			// that have the title's text below them: leave such a page
			// to the column flow
			return nil, 0, false
		}
		total += it.lines
	}
	band := fr
	for h = max(1, (total+fr.cols-1)/fr.cols); h <= most; h++ {
		band.lines = h
		bpl, next, left := pour(items[from:to], []frame{band}, 0, -1)
		if next == to-from && len(left) == 0 {
			for k := range bpl {
				bpl[k].item += from
				bpl[k].line += top
			}
			return bpl, h, true
		}
	}
	return nil, 0, false
}

// afterFloat skips, at item i, the blank line that follows a figure in the
// items when the figure has left the text (to the foot of the column, the top
// of the next, or the top of a page): it separates a figure from the text
// below it, and would otherwise be an empty line between two paragraphs.
func afterFloat(items []item, i int) int {
	if i < len(items) && items[i].kind == kSpace && items[i].lines == 1 {
		return i + 1
	}
	return i
}

// keptText counts the lines of text (not floating figures, nor items
// across the columns) that item i keeps with it.
func keptText(items []item, i int) int {
	n, k := 0, items[i].keep
	for j := i + 1; j < len(items) && k > 0; j++ {
		if items[j].kind == kSpace || items[j].figure || items[j].wide {
			continue
		}
		n += items[j].lines
		k -= items[j].lines
	}
	return n
}

// headingReserve is the text a heading (or title block) placed last in
// column col of page pg keeps with it: the lines a figure floated after it
// must leave in the column, else the heading stands at the column's foot.
func headingReserve(items []item, pl []placement, pg, col int) int {
	if len(pl) == 0 {
		return 0
	}
	q := pl[len(pl)-1]
	if q.page != pg || q.col != col || q.span || items[q.item].keep == 0 {
		return 0
	}
	return keptText(items, q.item)
}

// keepLines counts the lines that must follow item i in its column.
func keepLines(items []item, i int) int {
	k := items[i].keep
	n := 0
	for j := i + 1; j < len(items) && k > 0; j++ {
		if items[j].kind == kSpace || items[j].wide {
			// (an item across the columns waits for a page top or goes
			// in mid-page: not in the column)
			continue
		}
		n += items[j].lines
		k -= items[j].lines
		if items[j].keep > 0 {
			// a subheading right after a subheading (## then ###) keeps
			// its own lines too: else the first is left at the foot
			n += keepLines(items, j)
			break
		}
	}
	return n
}

// maxPage is the last page of placements pl.
func maxPage(pl []placement) int {
	m := 0
	for _, p := range pl {
		m = max(m, p.page)
	}
	return m
}

// lastTextPage is the last page of placements pl that holds anything but
// floats: items across the columns, figures and tables (the last page when
// none does).
func lastTextPage(items []item, pl []placement) int {
	last := -1
	for _, p := range pl {
		if !p.span && !items[p.item].figure {
			last = max(last, p.page)
		}
	}
	if last < 0 {
		return pl[len(pl)-1].page
	}
	return last
}

// floatsAfter reports whether nothing but floats and blank lines follow
// item i: no text that would read on below it.
func floatsAfter(items []item, i int) bool {
	for _, it := range items[i+1:] {
		if it.kind != kSpace && !it.figure && !it.wide {
			return false
		}
	}
	return true
}
