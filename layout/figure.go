package layout

import (
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// Figures of every width (issue 15 item 2): a figure's width and place
// come from its attributes in the article, ![caption](path){width=… place=…}.
//
//   - width=col (the default): one column, at the foot of the column or the
//     top of the next (place=top: the top; place=here: where it is written,
//     between paragraphs, when the column has the room, else the top of the
//     next column);
//   - width=page ("wide"), and width=2col or 3col when the grid has no more
//     columns than that: across the columns — in mid-page, below the text
//     before it balanced into equal columns, when the page has the room (as
//     a title in mid-page), else at the top of the next page;
//   - width=2col, width=3col on a grid of more columns: a partial span
//     (item.cols columns, pour.go) at the top or the foot of the column
//     where it is met and the next one(s), else at the top of the next
//     page's first columns; the text of those columns runs above (or
//     below) it, the other columns full height;
//   - width=bleed: across the page to the bleed, from the top edge of the
//     next page down into the type area to a whole grid line, its caption
//     below it in the type area; that page has no running head.
//
// A figure and its caption are one block: never split, never apart.

// figureFlowItem is the flow item of figure b in an article set in frames
// like fr0.
func (e *engine) figureFlowItem(a *issue.Article, b *issue.Block, fr0 frame) item {
	width, wide := b.Width, b.Wide
	if width == issue.WidthColumn && b.Extent > 0 {
		// a Word picture: as many columns as its width in the document
		width = extentWidth(b.Extent, fr0.cols)
		wide = width != issue.WidthColumn
	}
	n := spanCols(width, fr0.cols)
	switch {
	case wide && n > 1 && n < fr0.cols:
		// across n columns at a column top or foot
		if b.Place == issue.PlaceHere {
			e.diags.Notef(a.File, b.Line, "place=here does not apply to a figure across %d of %d columns (it would cut the columns beside it): set at the top or foot of its columns", n, fr0.cols)
		}
		it := e.figureItem(a, b, spanWidth(fr0, n))
		it.cols, it.place, it.srcLine = n, b.Place, b.Line
		return it
	case b.Width == issue.WidthBleed:
		it := e.bleedFigure(a, b, fr0)
		it.span, it.spanLines, it.wide, it.bleed = &it.frag, it.lines, true, true
		it.srcLine = b.Line
		return it
	case wide && fr0.w > fr0.colW:
		// across all columns, at the top of a page
		it := e.figureItem(a, b, fr0.w)
		it.span, it.spanLines, it.wide, it.figure = &it.frag, it.lines, true, false
		it.srcLine = b.Line
		return it
	}
	it := e.figureItem(a, b, fr0.colW)
	it.place = b.Place
	return it
}

// spanCols is the number of columns width takes on a grid of cols columns
// (a figure's or a box's width=…): 1 for a column, cols for the type area.
func spanCols(width string, cols int) int {
	switch width {
	case issue.Width2Col:
		return min(2, cols)
	case issue.Width3Col:
		return min(3, cols)
	case issue.WidthPage, issue.WidthBleed:
		return cols
	}
	return 1
}

// extentWidth is the width of a picture extent thousandths of the text
// width wide in its document on a grid of cols columns: the nearest whole
// number of columns (at least one), all of them the type area.
func extentWidth(extent, cols int) string {
	n := max(1, min(cols, (extent*cols+500)/1000))
	switch {
	case n == cols && cols > 1:
		return issue.WidthPage
	case n == 2:
		return issue.Width2Col
	case n == 3:
		return issue.Width3Col
	}
	return issue.WidthColumn
}

// spanWidth is the width of n adjacent columns of fr, with the gaps
// between them.
func spanWidth(fr frame, n int) units.Length {
	return units.Length(n)*fr.colW + units.Length(n-1)*fr.gap
}

// bleedFigure sets figure b across the page to the bleed, from the top edge
// of the page (its box starts at the frame's top, as a spanning block) down
// to a whole grid line of the type area, with its caption below, centred
// across the type area. The image is scaled to cover the page's width,
// wider than the bleed by the difference of the side margins, so that it
// covers either page of a spread; bleedFigures clips it to the page's bleed
// once it is placed. An image taller than half the type area is cropped to
// that, centred.
func (e *engine) bleedFigure(a *issue.Article, b *issue.Block, fr frame) item {
	im := b.Image
	m, bl := e.iss.Paper.Margins, e.doc.Bleed
	wide := max(m.Inside, m.Outside)
	w := e.doc.TrimW + 2*bl + max(m.Inside-m.Outside, m.Outside-m.Inside)
	h := w.Scale(int64(im.Height), int64(im.Width))
	st := e.captionStyle()
	caps := e.textLines(b.Text, st, fr.w, a.File, b.Line)
	above := fr.top + bl // the image's part above the type area
	n := max(1, int((h-above+e.S/2+e.L-1)/e.L))
	n = min(n, max(1, fr.lines/2))
	clipH := above + units.Length(n)*e.L - e.S/2
	hh := max(h, clipH)
	ww := hh.Scale(int64(im.Width), int64(im.Height))
	ww = max(ww, w)
	var f fragment
	// (from the frame's left: a one-column frame narrowed to its measure
	// starts that much further in, measure.go; the image started right of
	// the bleed, unclipped, across the trim)
	inset := max(0, (e.doc.TrimW-m.Inside-m.Outside-fr.w)/2/e.S*e.S)
	x0 := -(wide + bl + inset)
	f.images = append(f.images, Image{Path: im.Path, Page: im.Page, X: x0 - (ww-w)/2, Y: -above - (hh-clipH)/2, W: ww, H: hh, ClipX: x0, ClipY: -above, ClipW: w, ClipH: clipH})
	it := e.captionBelow(a, b, f, caps, st, fr.w, n)
	it.figure = false
	return it
}

// bleedFigures clips the bleed figures of page p (images whose clip starts
// above the page's top edge and left of its left edge, wider than the
// page) to the page's bleed box, centred as they are, and reports crops.
func (e *engine) bleedFigures(p *Page) {
	b := e.doc.Bleed
	for i, im := range p.Images {
		if im.ClipY < 0 && im.ClipX <= -b && im.ClipX+im.ClipW >= e.doc.TrimW+b && im.ClipW > e.doc.TrimW+2*b {
			bw := e.doc.TrimW + 2*b
			im.X += -b - im.ClipX - (im.ClipW-bw)/2
			im.ClipX, im.ClipW = -b, bw
			p.Images[i] = im
		}
	}
}

// bleedTop reports whether an image on p runs off its top edge (an opening
// image or a bleed figure): the page then has no running head.
func bleedTop(p *Page) bool {
	for _, im := range p.Images {
		if im.ClipY < 0 && im.ClipY+im.ClipH > 0 {
			return true
		}
	}
	return false
}

// captionBelow completes a figure's block: its caption lines, centred in
// w, on the grid lines from line n below the image of f; the block takes
// the image's and the caption's lines.
func (e *engine) captionBelow(a *issue.Article, b *issue.Block, f fragment, caps [][]placed, st style, w units.Length, n int) item {
	var txt []rune
	for k, gs := range caps {
		centre(gs, w)
		base := units.Length(n+k)*e.L + e.bo
		f.runs = append(f.runs, runsOf(gs, 0, base, st.size, st.color)...)
		f.placed = append(f.placed, placedLine(gs, 0, base, w, st.size, Src{Part: blockIndex(a, b), Seq: k, Last: k == len(caps)-1}))
		for _, g := range gs {
			txt = append(txt, g.r)
		}
	}
	return item{kind: kBlock, lines: n + len(caps), figure: true, frag: f, text: string(txt)}
}
