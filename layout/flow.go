package layout

// Ranges: a [[page]] range laid out — its articles made into items
// (items.go), poured into its slots' frames (pour.go), drawn onto its pages,
// and what did not fit reported as overset; full-bleed images, supplied PDF
// pages and the placeholders of pending sections.

import (
	"fmt"
	"strings"

	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

func (f fragment) drawOn(p *Page, dx, dy units.Length) {
	g := fragment{runs: p.Runs, images: p.Images, lines: p.Lines, rects: p.Rects, text: p.TextLines, placed: p.Placed}
	f.drawInto(&g, dx, dy)
	p.Runs, p.Images, p.Lines, p.Rects, p.TextLines, p.Placed = g.runs, g.images, g.lines, g.rects, g.text, g.placed
}

// drawInto appends f, shifted by (dx, dy), to g.
func (f fragment) drawInto(g *fragment, dx, dy units.Length) {
	for _, r := range f.runs {
		r.X += dx
		r.Y += dy
		g.runs = append(g.runs, r)
	}
	for _, im := range f.images {
		im.X += dx
		im.Y += dy
		im.ClipX += dx
		im.ClipY += dy
		g.images = append(g.images, im)
	}
	for _, l := range f.lines {
		l.X1 += dx
		l.X2 += dx
		l.Y1 += dy
		l.Y2 += dy
		g.lines = append(g.lines, l)
	}
	for _, r := range f.rects {
		r.X += dx
		r.Y += dy
		g.rects = append(g.rects, r)
	}
	for _, t := range f.text {
		t.X += dx
		t.End += dx
		t.Y += dy
		g.text = append(g.text, t)
	}
	for _, t := range f.placed {
		t.X += dx
		t.End += dx
		t.Y += dy
		g.placed = append(g.placed, t)
	}
}

// layoutRange sets one [[page]] entry.
func (e *engine) layoutRange(ps *issue.PageSpec) {
	iss := e.iss
	slots := ps.Slots
	if len(slots) == 0 {
		return
	}
	var arts []*issue.Content
	var imgs []*issue.Content
	for _, c := range ps.Content {
		switch c.Kind {
		case issue.KindArticle:
			if c.Article != nil {
				arts = append(arts, c)
			}
		case issue.KindImage:
			if c.Image != nil {
				imgs = append(imgs, c)
			}
		}
	}
	if len(arts) == 0 {
		// image pages: one image per slot, to the bleed
		for k, c := range imgs {
			if k >= len(slots) {
				e.diags.Errorf(c.Pos.File, c.Pos.Line, "image %s has no slot left in %s (%d image%s for %d slot%s)", c.Path, rangeName(iss, ps), len(imgs), plural(len(imgs)), len(slots), plural(len(slots)))
				continue
			}
			e.fullBleed(e.doc.Pages[slots[k]], c.Image, c.Pos, iss.Slots[slots[k]].Name)
		}
		e.report.Ranges = append(e.report.Ranges, RangeFill{Slots: rangeName(iss, ps), Section: ps.Section, UsedLines: min(len(imgs), len(slots)), TotalLines: len(slots), Pos: ps.Pos})
		return
	}
	cols := e.columnsOf(ps)
	frames := make([]frame, len(slots))
	for k, si := range slots {
		frames[k] = e.frame(iss.Slots[si], cols)
		e.measureFrame(ps, &frames[k]) // measure.go
	}
	openBottom := e.openingFrame(ps, &frames[0]) // opening.go
	colW := frames[0].colW
	var items []item
	serial := 0
	for ai, c := range ps.Content {
		switch {
		case c.Kind == issue.KindArticle && c.Article != nil:
			if ai > 0 {
				items = append(items, item{kind: kSpace, lines: 1})
			}
			compute := func() []item { return e.articleItems(c.Article, frames[0], len(frames), ps.Fit, &serial) }
			from := len(items)
			items = append(items, e.cachedItems(c.Article, &serial, compute, frames[0], len(frames), ps.Fit)...)
			for k := from; k < len(items); k++ {
				items[k].src = e.contentID[c]
			}
		case c.Kind == issue.KindImage && c.Image != nil:
			b := issue.Block{Kind: issue.Figure, Image: c.Image, Line: c.Pos.Line}
			items = append(items, e.figureItem(&issue.Article{File: c.Pos.File}, &b, colW), item{kind: kSpace, lines: 1})
		}
	}
	e.openingTitle(ps, items, frames[0])
	// titles across the columns in mid-page when the range has the room for
	// them (they take more space than a title in one column); else not
	midSpans := true
	pl, next, left := pourWith(items, frames, 0, -1, true)
	if next < len(items) || len(left) > 0 {
		midSpans = false
		pl, next, left = pour(items, frames, 0, -1)
	}
	if next == len(items) && (len(left) > 0 || len(strayFloats(items, pl)) > 0) {
		// a figure or box across the columns met on the last page (or
		// set after the next article's title): a place at the top of
		// its page, or of one before it (hoist.go)
		for _, ms := range []bool{true, false} {
			pl1, next1, left1 := pourWith(items, frames, 0, -1, ms)
			if next1 < len(items) {
				continue
			}
			if it2, pl2, left2, ok := hoistFloats(items, frames, ms, pl1, left1); ok {
				items, pl, left, midSpans = it2, pl2, left2, ms
				break
			}
		}
	}
	// balance the columns of the last page used: lowest column height that
	// still holds everything on the same pages
	if next == len(items) && len(left) == 0 && cols > 1 && len(pl) > 0 {
		// (the last page with text: a page after it that holds only
		// floats — a wide table or figure waiting for a page top, a table
		// too tall for what was left of the columns — leaves that page
		// to be balanced)
		lastPage := lastTextPage(items, pl)
		// the lowest height, searched by halves from one line up (below
		// a spanning title on the last page the columns hold far fewer
		// lines than the page does)
		balance := func(frames []frame) []placement {
			fits := func(h int) []placement {
				pl2, next2, left2 := pourWith(items, frames, h, lastPage, midSpans)
				if next2 == len(items) && len(left2) == 0 && lastTextPage(items, pl2) == lastPage && maxPage(pl2) <= maxPage(pl) {
					return pl2
				}
				return nil
			}
			lo, hi := 1, frames[lastPage].lines-1
			best := fits(hi)
			for best != nil && lo < hi {
				mid := (lo + hi) / 2
				if pl2 := fits(mid); pl2 != nil {
					hi, best = mid, pl2
				} else {
					lo = mid + 1
				}
			}
			return best
		}
		if best := balance(frames); best != nil {
			pl = best
		}
		if notesOn(pl, lastPage) {
			// the height found holds each column's footnotes too: the
			// column with notes ends its text higher than the others.
			// Balanced on the text instead (each column's notes below
			// its own text) the columns may end more level
			fr2 := append([]frame(nil), frames...)
			fr2[lastPage].notesBelow = true
			if best := balance(fr2); best != nil && unevenness(items, best, lastPage, cols) < unevenness(items, pl, lastPage, cols) {
				pl = best
			}
		}
		if midSpans && unevenness(items, pl, lastPage, cols) > 1 {
			// the columns below a title across them in mid-page are left
			// uneven when the text above the title needs more lines a
			// column than they do (a paragraph kept with the 注释 of its
			// endnotes): the limit is then that of the columns below it
			fr2 := append([]frame(nil), frames...)
			fr2[lastPage].belowTitle = true
			if best := balance(fr2); best != nil && unevenness(items, best, lastPage, cols) < unevenness(items, pl, lastPage, cols) {
				pl = best
			}
		}
	}
	if pc := pictureArticle(ps); pc != nil {
		// a picture article composed page by page, filling every page
		// (picture.go); else the grid of cells poured above
		if pi, pp, ok := e.picturePages(ps, pc, frames); ok {
			items, pl, next, left = pi, pp, len(pi), nil
		}
	}
	fill := e.draw(ps, items, pl, frames, func(k int) *Page { return e.doc.Pages[slots[k]] })
	for _, p := range pl {
		if it := items[p.item]; it.startOf != nil {
			e.starts = append(e.starts, articleStart{page: ps, article: it.startOf, slot: slots[p.page]})
		}
	}
	if openBottom > 0 {
		e.openingImage(e.doc.Pages[slots[0]], ps, openBottom)
	}
	// pages of the range that nothing reached: room to spare is fine, but an
	// empty page in the middle of a magazine is not, so say which; such a
	// page, and an opening page, gets no running head
	used := make([]bool, len(slots))
	for _, p := range pl {
		used[p.page] = true
	}
	for k, si := range slots {
		e.bleedFigures(e.doc.Pages[si]) // figure.go
		e.furniture(e.doc.Pages[si], iss.Slots[si], ps, frames[k], used[k] && !ps.OpeningPage(si) && !bleedTop(e.doc.Pages[si]))
	}
	var empty []string
	for k, u := range used {
		if !u {
			empty = append(empty, iss.Slots[slots[k]].Name)
		}
	}
	if len(empty) > 0 && next == len(items) {
		e.diags.Warnf(ps.Pos.File, ps.Pos.Line, "%s %s: page%s %s left empty (the content fills %d of %d pages): give the range fewer slots or more content", rangeName(iss, ps), ps.Section, plural(len(empty)), strings.Join(empty, " "), len(slots)-len(empty), len(slots))
	}
	// pages of the range filled under a quarter: a nearly empty page in a
	// magazine is as visible as an empty one
	lines := make([]int, len(slots))
	for _, p := range pl {
		if it := items[p.item]; p.span {
			lines[p.page] += it.spanLines * frames[p.page].cols
		} else if p.cols > 0 {
			lines[p.page] += it.lines * p.cols
		} else if p.rule {
			lines[p.page]++
		} else if p.note {
			lines[p.page] += it.noteLines
		} else {
			lines[p.page] += it.lines
		}
	}
	var thin []string
	for k, n := range lines {
		if total := frames[k].lines * frames[k].cols; n > 0 && n*4 < total {
			thin = append(thin, fmt.Sprintf("%s (%d %%)", iss.Slots[slots[k]].Name, 100*n/total))
		}
	}
	if len(thin) > 0 && next == len(items) {
		e.diags.Warnf(ps.Pos.File, ps.Pos.Line, "%s %s: page%s %s filled under a quarter: give the range fewer slots or more content", rangeName(iss, ps), ps.Section, plural(len(thin)), strings.Join(thin, ", "))
	}
	if next < len(items) || len(left) > 0 {
		if !e.floatOverset(ps, items, next, left, &fill) {
			e.overset(ps, items, next, left, &fill)
		}
		if e.opt.OversetPages {
			e.oversetPages(ps, items, next, left, frames[len(frames)-1])
		}
	}
	e.report.Ranges = append(e.report.Ranges, fill)
}

// draw puts placed items on their pages and returns the range's fill.
func (e *engine) draw(ps *issue.PageSpec, items []item, pl []placement, frames []frame, page func(k int) *Page) RangeFill {
	fill := RangeFill{Slots: rangeName(e.iss, ps), Section: ps.Section, Pos: ps.Pos}
	for _, f := range frames {
		fill.TotalLines += f.lines * f.cols
	}
	for _, p := range pl {
		it := items[p.item]
		fr := frames[p.page]
		pg := page(p.page)
		pg.Frame = Frame{X: fr.x, Top: fr.top, W: fr.w, H: fr.h, Cols: fr.cols, ColW: fr.colW, Gap: fr.gap}
		y := fr.top + units.Length(p.line)*e.L
		from := len(pg.Placed)
		switch {
		case p.rule:
			fragment{lines: []Line{footRule(fr.colW, e.L)}}.drawOn(pg, fr.colX(p.col), y)
			fill.UsedLines++
		case p.note:
			it.notes.drawOn(pg, fr.colX(p.col), y)
			fill.UsedLines += it.noteLines
		case p.span:
			it.span.drawOn(pg, fr.colX(0), y)
			fill.UsedLines += it.spanLines * fr.cols
		default:
			it.frag.drawOn(pg, fr.colX(p.col), y)
			fill.UsedLines += it.lines * max(1, p.cols)
		}
		for k := from; k < len(pg.Placed); k++ {
			pg.Placed[k].Src.Content = it.src
			pg.Placed[k].Span = p.span || p.cols > 0
		}
	}
	return fill
}

// overset reports text that did not fit its range.
func (e *engine) overset(ps *issue.PageSpec, items []item, next int, left []int, fill *RangeFill) {
	lines, chars := 0, 0
	var first string
	var art *issue.Article
	rest := append([]int(nil), left...)
	for i := next; i < len(items); i++ {
		rest = append(rest, i)
	}
	for _, i := range rest {
		if items[i].kind == kSpace {
			continue
		}
		lines += items[i].lines
		chars += len([]rune(items[i].text))
		if first == "" {
			first = items[i].text
		}
	}
	// the article the first left-over item belongs to
	for i := next; i >= 0 && i < len(items); i-- {
		if items[i].startOf != nil {
			art = items[i].startOf
			break
		}
	}
	for i := next - 1; art == nil && i >= 0; i-- {
		if items[i].startOf != nil {
			art = items[i].startOf
		}
	}
	name := "content"
	if art != nil {
		name = fmt.Sprintf("article %q (%s)", art.Title, art.File)
	}
	fill.Overset = lines
	if r := []rune(first); len(r) > 16 {
		first = string(r[:16]) + "…"
	}
	msg := fmt.Sprintf("overset: %s does not fit slots %s: %d line%s (about %d characters) left over, from %q", name, rangeName(e.iss, ps), lines, plural(lines), chars, first)
	if e.opt.OversetPages {
		e.diags.Warnf(ps.Pos.File, ps.Pos.Line, "%s", msg)
	} else {
		e.diags.Errorf(ps.Pos.File, ps.Pos.Line, "%s", msg)
	}
}

// oversetPages sets the items that did not fit on extra pages after the
// range's last page, inside a magenta frame headed "溢出" so that no one
// mistakes them for pages of the issue.
func (e *engine) oversetPages(ps *issue.PageSpec, items []item, next int, left []int, fr frame) {
	var rest []item
	for _, i := range left {
		rest = append(rest, items[i])
	}
	rest = append(rest, items[next:]...)
	last := ps.Slots[len(ps.Slots)-1]
	slot := e.iss.Slots[last]
	mark := CMYK{M: 100}
	for n := 1; len(rest) > 0; n++ {
		frames := []frame{fr}
		pl, nx, lf := pour(rest, frames, 0, -1)
		if len(pl) == 0 {
			// the first item fits not even an empty page (a title block
			// taller than the type area): say so, and set the rest
			k := nx
			if k == len(rest) && len(lf) > 0 {
				k = lf[0]
			}
			first := []rune(rest[k].text)
			if len(first) > 16 {
				first = append(first[:16], '…')
			}
			e.diags.Warnf(ps.Pos.File, ps.Pos.Line, "overset: %d lines from %q are taller than a page and are not on the overset pages", rest[k].lines, string(first))
			e.dropped[rest[k].src] = true
			rest = append(rest[:k:k], rest[k+1:]...)
			n--
			continue
		}
		name := fmt.Sprintf("%s+%d", slot.Name, n)
		p := &Page{Slot: name, Code: slot.Code, Label: name + " 溢出", Overset: true}
		e.draw(ps, rest, pl, frames, func(int) *Page { return p })
		pad := units.FromMM(3)
		x0, y0, x1, y1 := fr.x-pad, fr.top-pad, fr.x+fr.w+pad, fr.top+fr.h+pad
		w := units.FromPt(1.5)
		p.Lines = append(p.Lines,
			Line{X1: x0, Y1: y0, X2: x1, Y2: y0, Width: w, Color: mark},
			Line{X1: x1, Y1: y0, X2: x1, Y2: y1, Width: w, Color: mark},
			Line{X1: x1, Y1: y1, X2: x0, Y2: y1, Width: w, Color: mark},
			Line{X1: x0, Y1: y1, X2: x0, Y2: y0, Width: w, Color: mark})
		label := fmt.Sprintf("溢出 %d：%s %s 排不下的文字（不属于本期页面）", n, rangeName(e.iss, ps), ps.Section)
		e.oneLine(p, label, style{chain: e.heading, size: units.FromPt(9), color: mark}, x0, x1, y0-units.FromMM(2), true, ps.Pos)
		e.extra[last] = append(e.extra[last], p)
		var more []item
		for _, i := range lf {
			more = append(more, rest[i])
		}
		more = append(more, rest[nx:]...)
		rest = more
	}
}

// fullBleed fills a page with an image to the bleed, cropping it centred;
// the crop is reported.
func (e *engine) fullBleed(p *Page, im *issue.Image, pos issue.Pos, slot string) {
	b := e.doc.Bleed
	bw, bh := e.doc.TrimW+2*b, e.doc.TrimH+2*b
	if im.Width == 0 || im.Height == 0 {
		return
	}
	if im.Vector() {
		e.suppliedPage(p, im, pos, slot)
		return
	}
	// scale to cover: the larger of the two ratios
	w, h := bw, bw.Scale(int64(im.Height), int64(im.Width))
	if h < bh {
		w, h = bh.Scale(int64(im.Width), int64(im.Height)), bh
	}
	if max(w, h) > issue.MaxPageSize {
		// a sliver (30000×2 px): scaled to fill the page, past what a PDF holds
		e.diags.Errorf(pos.File, pos.Line, "%s: %d×%d px cannot fill %s: scaled to cover the page it would be %.0f×%.0f mm; crop it to the page's shape", im.Path, im.Width, im.Height, slot, w.MM(), h.MM())
		return
	}
	p.Images = append(p.Images, Image{Path: im.Path, Page: im.Page, X: -b - (w-bw)/2, Y: -b - (h-bh)/2, W: w, H: h, ClipX: -b, ClipY: -b, ClipW: bw, ClipH: bh})
	e.noteCrop(im, pos, w, h, bw, bh, slot+" to the bleed")
}

// suppliedPage places a supplied PDF page (an advertisement) as the whole
// page: its trim box on the page's trim, its bleed showing up to the
// page's bleed. A page of another size is scaled to fit inside the trim,
// centred, and reported: a warning when its shape differs (white margins
// show), a note when only its size does; one without bleed is a warning.
func (e *engine) suppliedPage(p *Page, im *issue.Image, pos issue.Pos, slot string) {
	b, tw, th := e.doc.Bleed, e.doc.TrimW, e.doc.TrimH
	// fit inside: the smaller of the two ratios
	w, h := tw, tw.Scale(int64(im.Height), int64(im.Width))
	if h > th {
		w, h = th.Scale(int64(im.Width), int64(im.Height)), th
	}
	p.Images = append(p.Images, Image{Path: im.Path, Page: im.Page, X: (tw - w) / 2, Y: (th - h) / 2, W: w, H: h,
		ClipX: -b, ClipY: -b, ClipW: tw + 2*b, ClipH: th + 2*b})
	sp := im.Supplied
	aw, ah := units.Length(im.Width), units.Length(im.Height) // thousandths of a point: units.Length
	name := fmt.Sprintf("%s page %d", im.Path, im.Page)
	switch {
	case tw-w > units.FromMM(0.5) || th-h > units.FromMM(0.5):
		e.diags.Warnf(pos.File, pos.Line, "%s is %.1f×%.1f mm, %s is %.1f×%.1f mm: scaled to %.0f %% and centred, white margins show; ask for the page at the trim size", name, aw.MM(), ah.MM(), slot, tw.MM(), th.MM(), 100*float64(w)/float64(aw))
	case absLen(aw-tw) > units.FromMM(0.5) || absLen(ah-th) > units.FromMM(0.5):
		e.diags.Notef(pos.File, pos.Line, "%s is %.1f×%.1f mm: scaled to %.0f %% to the trim of %s", name, aw.MM(), ah.MM(), 100*float64(w)/float64(aw), slot)
	}
	if sp != nil && b > 0 {
		// how far the supplied page's bleed reaches past its trim, scaled
		s := float64(w) / float64(aw)
		reach := units.Length(1e9)
		for _, d := range []float64{sp.Trim[0] - sp.Bleed[0], sp.Bleed[2] - sp.Trim[2], sp.Trim[1] - sp.Bleed[1], sp.Bleed[3] - sp.Trim[3]} {
			reach = min(reach, units.Length(d*1000*s))
		}
		if reach+units.FromMM(0.1) < b {
			e.diags.Warnf(pos.File, pos.Line, "%s has %.1f mm of bleed, %s needs %.1f mm: a white edge may show after trimming; ask for the page with bleed", name, max(0, reach.MM()), slot, b.MM())
		}
	}
}

func absLen(l units.Length) units.Length {
	if l < 0 {
		return -l
	}
	return l
}

// layoutPending sets the pages of a section still waiting for its content:
// running heads and folios like every page of the range, and in the type
// area a light placeholder naming the section, so a plan in progress can be
// built and proofed. Each is reported; `paiban build --strict` makes that
// an error for the final print file.
func (e *engine) layoutPending(ps *issue.PageSpec) {
	iss := e.iss
	if len(ps.Slots) == 0 {
		return
	}
	cols := e.columnsOf(ps)
	var names []string
	mark := CMYK{K: 30}
	for _, si := range ps.Slots {
		slot := iss.Slots[si]
		p := e.doc.Pages[si]
		p.Pending = true
		names = append(names, slot.Name)
		fr := e.frame(slot, cols)
		if !slot.Cover {
			e.furniture(p, slot, ps, fr, false)
		}
		// a thin frame round the type area, and the section's name in it
		x0, y0, x1, y1 := fr.x, fr.top, fr.x+fr.w, fr.top+fr.h
		if slot.Cover {
			x0, y0, x1, y1 = 0, 0, e.doc.TrimW, e.doc.TrimH
		}
		w := units.FromPt(0.5)
		p.Lines = append(p.Lines,
			Line{X1: x0, Y1: y0, X2: x1, Y2: y0, Width: w, Color: mark},
			Line{X1: x1, Y1: y0, X2: x1, Y2: y1, Width: w, Color: mark},
			Line{X1: x1, Y1: y1, X2: x0, Y2: y1, Width: w, Color: mark},
			Line{X1: x0, Y1: y1, X2: x0, Y2: y0, Width: w, Color: mark})
		label := "待稿"
		if ps.Section != "" {
			label = ps.Section + "　待稿"
		}
		st := style{chain: e.heading, size: e.S * 2, color: mark}
		if lines := e.textLines(label, st, x1-x0, ps.Pos.File, ps.Pos.Line); len(lines) > 0 {
			gs := lines[0]
			centre(gs, x1-x0)
			p.Runs = append(p.Runs, runsOf(gs, x0, (y0+y1)/2, st.size, st.color)...)
		}
	}
	e.report.Ranges = append(e.report.Ranges, RangeFill{Slots: rangeName(iss, ps), Section: ps.Section, Pending: true, Pos: ps.Pos})
	e.diags.Warnf(ps.Pos.File, ps.Pos.Line, "pending: section %q has no content yet: page%s %s hold a placeholder", ps.Section, plural(len(names)), strings.Join(names, " "))
}
