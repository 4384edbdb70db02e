package layout

import (
	"math"

	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// Picture pages (issue 15 item 3). A range whose only content is one
// picture article (at least three figures and no more paragraphs than
// figures, only paragraphs and figures) is composed page by page instead of
// poured: each page is a stack of bands — the title across the columns (on
// the first page), text set in balanced columns, a figure across the type
// area ("wide"), or a row of figures side by side on whole columns
// (rowSpans: on three columns rows of two or three) — with a
// blank line between bands, and every page is filled to its last grid line.
// Figures keep their order; a paragraph goes on the page of the figure
// before it. The layout searches every way to spread the figures over the
// pages and to group each page's figures into wide figures and rows, and
// sizes each figure's image, on whole grid lines, so the bands fill the
// page, cropping no image by more than the crop tolerance of its width or
// height ([[page]] crop, default 30 %), and choosing the arrangement that
// crops least. Every crop is reported. When no arrangement fills the pages,
// the figures are set as a grid of cells as before.

// titleSpanStyle is the style of a title set across the columns.
func (e *engine) titleSpanStyle() style {
	st := e.titleStyle()
	st.size = e.S * 26 / 10
	return st
}

// picSlack is the most grid lines a picture page may leave empty at its
// foot when its images cannot grow further within the crop tolerance.
const picSlack = 2

// maxPictureSearch caps the ways of spreading figures over pages tried.
const maxPictureSearch = 20000

// picBand is one band of a picture page.
type picBand struct {
	kind     picKind
	figs     []int // block indexes of its figures
	paras    []int // block indexes of its paragraphs (text band)
	fixed    int   // lines that do not stretch: a title, text, captions
	lo, hi   int   // the image's lines, within the crop tolerance
	nat      float64
	img      int   // the image's lines chosen
	from, to int   // items of a text band
	spans    []int // a row: the columns each figure takes
}

type picKind uint8

const (
	bandTitle picKind = iota
	bandText
	bandWide
	bandRow
	bandPair // a figure in the first column, its text beside it in the second
)

// pictureArticle is the article of a range set as picture pages, or nil.
func pictureArticle(ps *issue.PageSpec) *issue.Content {
	if len(ps.Content) != 1 || ps.Content[0].Article == nil {
		return nil
	}
	a := ps.Content[0].Article
	figs, paras := 0, 0
	for _, b := range a.Blocks {
		switch {
		case b.Box != 0:
			return nil // boxes are poured
		case b.Kind == issue.Figure && b.Image != nil && b.Image.Width > 0 && b.Image.Height > 0:
			figs++
		case b.Kind == issue.Para:
			paras++
		default:
			return nil
		}
	}
	if figs < 3 || figs < paras {
		return nil
	}
	return ps.Content[0]
}

// picturePages composes a picture article's range; ok is false when no
// arrangement fills its pages (the caller pours it as a grid).
func (e *engine) picturePages(ps *issue.PageSpec, c *issue.Content, frames []frame) (items []item, pl []placement, ok bool) {
	a := c.Article
	fr0 := frames[0]
	cols := fr0.cols
	// the title block, across the columns
	tb, tn, txt := e.titleBlock(a, fr0.w, e.fitTitle(a, fr0.w, e.titleSpanStyle()))
	if tn > 0 {
		it := item{kind: kBlock, lines: tn, keep: 2, frag: tb, startOf: a, text: txt}
		if cols > 1 {
			it.span, it.spanLines = &it.frag, tn
		}
		items = append(items, it)
		e.openingTitle(ps, items, fr0) // opening.go
		tn = items[0].lines
		if items[0].span != nil {
			tn = items[0].spanLines
		}
	}
	// the paragraphs' lines, and each paragraph's items
	body := e.bodyStyle()
	paraItems := map[int][2]int{}
	var figs []int
	serial := 0
	anchor := map[int]int{} // paragraph → the figure (its index in figs) before it, -1 for none
	for bi := range a.Blocks {
		b := &a.Blocks[bi]
		if b.Kind == issue.Figure {
			figs = append(figs, bi)
			continue
		}
		serial++
		lines := e.paragraph(a, bi, body, fr0.colW, 0, 2*e.S)
		from := len(items)
		for li, l := range lines {
			items = append(items, item{kind: kLine, lines: 1, frag: l.frag, paraFirst: li == 0, paraLast: li == len(lines)-1, para: serial, text: l.text})
		}
		paraItems[bi] = [2]int{from, len(items)}
		anchor[bi] = len(figs) - 1
	}
	P := len(frames)
	e.picMemo = picMemo{bands: map[picMemoKey]int{}, caps: map[picMemoKey]int{}}
	defer func() { e.picMemo = picMemo{} }()
	if binomial(len(figs)+P-1, P-1) > maxPictureSearch {
		return nil, nil, false
	}
	tol := float64(ps.CropPercent()) / 100
	// every split of the figures over the pages, contiguous and in order;
	// when none fills every page (the pictures at their largest within the
	// crop tolerance and min_ppi_warn, too little text), the split that
	// costs least with every empty line counted, said in a warning
	e.picMemo.slack = picSlack
	best := e.pictureSplit(a, items, paraItems, anchor, figs, tn, frames, tol)
	if best == nil {
		e.picMemo.slack = fr0.lines
		if best = e.pictureSplit(a, items, paraItems, anchor, figs, tn, frames, tol); best == nil {
			return nil, nil, false
		}
	}
	items, pl, used, ok := e.placeBands(ps, c, a, items, best, tn, frames)
	if !ok {
		return nil, nil, false
	}
	for p, y := range used {
		if left := frames[p].lines - y; left > picSlack {
			e.diags.Warnf(ps.Pos.File, ps.Pos.Line, "%s %s: picture page %s not filled: %d lines left empty at its foot (the pictures are as large as the crop tolerance of %d %% and [print] min_ppi_warn allow): give the range more text or pictures, or fewer slots", rangeName(e.iss, ps), ps.Section, e.iss.Slots[ps.Slots[p]].Name, left, ps.CropPercent())
		}
	}
	return items, pl, true
}

// pictureSplit searches every split of the figures over the pages (and
// every grouping of each page's figures into bands) for the one that
// costs least, or nil when none fills the pages to within the slack.
func (e *engine) pictureSplit(a *issue.Article, items []item, paraItems map[int][2]int, anchor map[int]int, figs []int, tn int, frames []frame, tol float64) [][]picBand {
	P := len(frames)
	best, bestCost := [][]picBand(nil), math.Inf(1)
	split := make([]int, P+1) // page p has figs[split[p]:split[p+1]]
	var try func(p, from int)
	try = func(p, from int) {
		if p == P-1 {
			split[p], split[P] = from, len(figs)
			var pages [][]picBand
			cost := 0.0
			for q := 0; q < P; q++ {
				bands, c, ok := e.picPage(a, items, paraItems, anchor, figs, split[q], split[q+1], q == 0, tn, frames[q], tol)
				if !ok {
					return
				}
				cost += c
				pages = append(pages, bands)
			}
			if cost < bestCost {
				best, bestCost = pages, cost
			}
			return
		}
		for to := from; to <= len(figs); to++ {
			split[p] = from
			try(p+1, to)
		}
	}
	try(0, 0)
	return best
}

// placeBands places the bands of the picture pages best; used is the
// lines each page's bands take.
func (e *engine) placeBands(ps *issue.PageSpec, c *issue.Content, a *issue.Article, items []item, best [][]picBand, tn int, frames []frame) (_ []item, pl []placement, used []int, ok bool) {
	cols := frames[0].cols
	for p, bands := range best {
		fr := frames[p]
		y := 0
		for k, bd := range bands {
			if k > 0 && bands[k-1].kind != bandTitle {
				y++ // a blank line between bands
			}
			switch bd.kind {
			case bandTitle:
				pl = append(pl, placement{item: 0, page: p, line: y, span: cols > 1})
				y += tn
			case bandText:
				bal, h, ok := balanceBand(items, bd.from, bd.to, fr, y, fr.lines-y)
				if !ok {
					return nil, nil, nil, false
				}
				for i := range bal {
					bal[i].page = p
				}
				pl = append(pl, bal...)
				y += h
			case bandWide:
				it := e.picFigure(a, &a.Blocks[bd.figs[0]], fr.w, bd.img, bd.fixed, e.iss.Slots[ps.Slots[p]].Name)
				if cols > 1 {
					it.span, it.spanLines = &it.frag, it.lines
				}
				items = append(items, it)
				pl = append(pl, placement{item: len(items) - 1, page: p, line: y, span: cols > 1})
				y += bd.img + bd.fixed
			case bandPair:
				items = append(items, e.picFigure(a, &a.Blocks[bd.figs[0]], fr.colW, bd.img, bd.fixed, e.iss.Slots[ps.Slots[p]].Name))
				pl = append(pl, placement{item: len(items) - 1, page: p, line: y})
				for k := bd.from; k < bd.to; k++ {
					pl = append(pl, placement{item: k, page: p, col: 1, line: y + k - bd.from})
				}
				y += bd.img + bd.fixed
			case bandRow:
				col := 0
				for i, bi := range bd.figs {
					n := bd.spans[i]
					items = append(items, e.picFigure(a, &a.Blocks[bi], spanWidth(fr, n), bd.img, bd.fixed, e.iss.Slots[ps.Slots[p]].Name))
					at := placement{item: len(items) - 1, page: p, col: col, line: y}
					if n > 1 {
						at.cols = n // across columns col … col+n−1
					}
					pl = append(pl, at)
					col += n
				}
				y += bd.img + bd.fixed
			}
		}
		used = append(used, y)
	}
	for i := range items {
		items[i].src = e.contentID[c]
	}
	return items, pl, used, true
}

// picPage arranges the figures figs[from:to] of one page (with the title,
// when title, and the paragraphs anchored to them) into bands that fill fr,
// and returns them with their cost (the squared relative change of each
// image's height from its natural one, summed); ok is false when no
// grouping fills the page within the crop tolerance.
func (e *engine) picPage(a *issue.Article, items []item, paraItems map[int][2]int, anchor map[int]int, figs []int, from, to int, first bool, tn int, fr frame, tol float64) (best []picBand, bestCost float64, ok bool) {
	// the paragraphs of this page, by the figure they follow (-1: the
	// text before the first figure, which opens the first page)
	after := map[int][]int{}
	for bi := range a.Blocks {
		if f, isPara := anchor[bi]; isPara && (f >= from && f < to || f < 0 && first) {
			after[f] = append(after[f], bi)
		}
	}
	var lead []picBand
	if first && tn > 0 {
		lead = append(lead, picBand{kind: bandTitle, fixed: tn})
	}
	if len(after[-1]) > 0 {
		tb, ok := e.textBand(items, paraItems, after[-1], fr)
		if !ok {
			return nil, 0, false
		}
		lead = append(lead, tb)
	}
	bestCost = math.Inf(1)
	var walk func(i int, bands []picBand)
	walk = func(i int, bands []picBand) {
		if i == to {
			if c, ok := e.picFill(bands, fr.lines); ok && c < bestCost {
				best, bestCost = append([]picBand(nil), bands...), c
				for k := range best {
					best[k].figs = append([]int(nil), best[k].figs...)
				}
			}
			return
		}
		if fr.cols == 2 && len(after[i]) > 0 {
			// the figure with the text after it beside it
			b := &a.Blocks[figs[i]]
			lo, hi, nt := e.imageLines(b.Image, fr.colW, tol)
			from, to := paraItems[after[i][0]][0], paraItems[after[i][len(after[i])-1]][1]
			bd := picBand{kind: bandPair, figs: []int{figs[i]}, paras: after[i], lo: lo, hi: hi, nat: nt, from: from, to: to}
			bd.fixed = e.capLines(a, b, fr.colW)
			bd.lo = max(bd.lo, (to-from)-bd.fixed)
			if bd.lo <= bd.hi {
				walk(i+1, append(bands, bd))
			}
		}
		// one figure across the type area, or a row of n figures side by
		// side on whole columns (rowSpans)
		for n := 1; n <= fr.cols; n++ {
			if i+n > to || n == 1 && fr.cols == 1 {
				continue
			}
			spans := rowSpans(a, figs[i:i+n], fr.cols)
			if spans == nil {
				continue
			}
			kind := bandWide
			if n > 1 {
				kind = bandRow
			}
			bd := picBand{kind: kind, lo: 0, hi: 1 << 30, spans: spans}
			var paras []int
			nat := 0.0
			for k, fi := range figs[i : i+n] {
				b := &a.Blocks[fi]
				w := spanWidth(fr, spans[k])
				bd.figs = append(bd.figs, fi)
				lo, hi, nt := e.imageLines(b.Image, w, tol)
				bd.lo, bd.hi = max(bd.lo, lo), min(bd.hi, hi)
				nat += nt / float64(n)
				bd.fixed = max(bd.fixed, e.capLines(a, b, w))
			}
			for k := i; k < i+n; k++ {
				paras = append(paras, after[k]...)
			}
			if bd.lo > bd.hi {
				continue
			}
			bd.nat = nat
			next := append(bands, bd)
			if len(paras) > 0 {
				tb, ok := e.textBand(items, paraItems, paras, fr)
				if !ok {
					continue
				}
				next = append(next, tb)
			}
			walk(i+n, next)
		}
	}
	walk(from, lead)
	return best, bestCost, best != nil
}

// rowSpans is the columns each of the figures figs takes in a row across
// cols columns: cols/n each, and the columns left over (when n does not
// divide cols) one more each to the widest pictures by aspect, the first
// of equals — on three columns two figures as two and one, on four three
// as two, one and one; nil for more figures than columns.
func rowSpans(a *issue.Article, figs []int, cols int) []int {
	n := len(figs)
	if n > cols {
		return nil
	}
	spans := make([]int, n)
	for k := range spans {
		spans[k] = cols / n
	}
	for extra := cols % n; extra > 0; extra-- {
		wide := -1
		for k, fi := range figs {
			if spans[k] > cols/n {
				continue
			}
			im := a.Blocks[fi].Image
			if wide < 0 || im.Width*a.Blocks[figs[wide]].Image.Height > a.Blocks[figs[wide]].Image.Width*im.Height {
				wide = k
			}
		}
		spans[wide]++
	}
	return spans
}

// textBand is the band of the paragraphs paras, balanced into fr's columns.
func (e *engine) textBand(items []item, paraItems map[int][2]int, paras []int, fr frame) (picBand, bool) {
	from, to := paraItems[paras[0]][0], paraItems[paras[len(paras)-1]][1]
	key := picMemoKey{from, to, fr.lines}
	h, seen := e.picMemo.bands[key]
	ok := true
	if !seen {
		_, h, ok = balanceBand(items, from, to, fr, 0, fr.lines)
		if !ok {
			h = -1
		}
		e.picMemo.bands[key] = h
	}
	return picBand{kind: bandText, paras: paras, fixed: h, from: from, to: to}, h >= 0
}

// picMemo keeps, while one range's picture pages are searched, the heights
// of text bands and the caption lines of figures at a width (the search
// asks for them again and again).
type picMemo struct {
	bands map[picMemoKey]int
	caps  map[picMemoKey]int
	slack int // the most lines a page may leave empty (picSlack, or all when nothing fills)
}

type picMemoKey struct{ a, b, c int }

// capLines is the number of lines of figure b's caption at width w.
func (e *engine) capLines(a *issue.Article, b *issue.Block, w units.Length) int {
	key := picMemoKey{b.Line, int(w), len(b.Text)}
	n, ok := e.picMemo.caps[key]
	if !ok {
		n = len(e.textLines(b.Text, e.captionStyle(), w, a.File, b.Line))
		e.picMemo.caps[key] = n
	}
	return n
}

// picFill sizes the images of bands so that they fill lines exactly, each
// within its range, as close to its natural height as can be; the cost is
// the squared relative changes summed.
func (e *engine) picFill(bands []picBand, lines int) (float64, bool) {
	need := lines
	var flex []int
	for k, bd := range bands {
		if k > 0 && bands[k-1].kind != bandTitle {
			need-- // the blank line between bands
		}
		need -= bd.fixed
		if bd.kind == bandWide || bd.kind == bandRow || bd.kind == bandPair {
			flex = append(flex, k)
		}
	}
	if len(flex) == 0 {
		return 0, need >= 0 && need <= 1
	}

	lo, hi := 0, 0
	for _, k := range flex {
		bd := &bands[k]
		bd.img = min(bd.hi, max(bd.lo, int(math.Round(bd.nat))))
		lo += bd.lo
		hi += bd.hi
	}
	// filled to the last grid line, or (when the images cannot grow
	// further) to within picSlack lines of it
	slack := 0
	if need > hi && need-hi <= e.picMemo.slack {
		slack, need = need-hi, hi
	}
	if need < lo || need > hi {
		return 0, false
	}
	sum := 0
	for _, k := range flex {
		sum += bands[k].img
	}
	// move one line at a time to the band where it costs least
	for sum != need {
		step := 1
		if sum > need {
			step = -1
		}
		pick, pc := -1, math.Inf(1)
		for _, k := range flex {
			bd := bands[k]
			x := bd.img + step
			if x < bd.lo || x > bd.hi {
				continue
			}
			if c := sq(float64(x)-bd.nat)/sq(bd.nat) - sq(float64(bd.img)-bd.nat)/sq(bd.nat); c < pc {
				pick, pc = k, c
			}
		}
		bands[pick].img += step
		sum += step
	}
	cost := float64(slack) * 0.05
	for _, k := range flex {
		bd := bands[k]
		cost += sq(float64(bd.img)-bd.nat) / sq(bd.nat)
		switch bd.kind {
		case bandRow:
			cost += 0.01 // a little more than one wide figure: rows of small pictures read busier
		case bandPair:
			cost += 0.02 // text beside a picture: the column under the text is left open
		}
	}
	return cost, true
}

func sq(x float64) float64 { return x * x }

// imageLines is the range of grid lines an image of width w may take when
// its height may be cropped, or its width cropped by enlarging it, by at
// most tol — and, enlarged, not below [print] min_ppi_warn — and its
// natural lines (fractional). lo > hi when it cannot be placed so.
func (e *engine) imageLines(im *issue.Image, w units.Length, tol float64) (lo, hi int, nat float64) {
	h := float64(w) * float64(im.Height) / float64(im.Width)
	L, gap := float64(e.L), float64(e.S/2)
	lo = int(math.Ceil((h*(1-tol) + gap) / L))
	hi = int(math.Floor((h/(1-tol) + gap) / L))
	if warn := e.iss.Print.MinPPIWarn; warn > 0 {
		// never enlarged below [print] min_ppi_warn: placed at most
		// this wide, so at most this tall in a box of width w
		most := float64(im.Width) * 72000 / float64(warn)
		if float64(w) > most {
			return 1, 0, 0
		}
		hi = min(hi, int(math.Floor((most*float64(im.Height)/float64(im.Width)+gap)/L)))
	}
	return max(1, lo), hi, (h + gap) / L
}

// picFigure sets a figure of a picture page: its image filling a box of w
// by imgLines grid lines (half an em less, the space above the caption),
// cropped centred, and its caption, centred, on the capLines lines below;
// the crop is reported.
func (e *engine) picFigure(a *issue.Article, b *issue.Block, w units.Length, imgLines, capLines int, slot string) item {
	im := b.Image
	bh := units.Length(imgLines)*e.L - e.S/2
	iw, ih := w, w.Scale(int64(im.Height), int64(im.Width))
	if ih < bh {
		iw, ih = bh.Scale(int64(im.Width), int64(im.Height)), bh
	}
	var fr fragment
	fr.images = append(fr.images, Image{Path: im.Path, Page: im.Page, X: (w - iw) / 2, Y: (bh - ih) / 2, W: iw, H: ih, ClipX: 0, ClipY: 0, ClipW: w, ClipH: bh})
	e.noteCrop(im, issue.Pos{File: a.File, Line: b.Line}, iw, ih, w, bh, "its place on "+slot)
	st := e.captionStyle()
	it := e.captionBelow(a, b, fr, e.textLines(b.Text, st, w, a.File, b.Line), st, w, imgLines) // figure.go
	it.figure, it.lines = false, imgLines+capLines
	return it
}

// binomial is n choose k (saturating at a large number).
func binomial(n, k int) int {
	if k < 0 || k > n {
		return 0
	}
	r := 1
	for i := 1; i <= k; i++ {
		r = r * (n - k + i) / i
		if r > 1<<30 {
			return 1 << 30
		}
	}
	return r
}
