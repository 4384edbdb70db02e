package layout

import (
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// Opening layouts (issue 15 item 5): the first page of a range with
// `opening` set in the plan takes no running head and either a large title
// area (OpenTitle: the first article's title block across the type area,
// larger, set at the foot of a third of the page) or an image across the top
// of the page to the bleed (OpenImage: the type area starts below it, on
// whole grid lines, with the title block across it).

// openingImageShare is the part of the trim's height an opening image takes
// (to its lower edge, from the top of the trim).
const openingImageShare = 45 // percent

// openingFrame moves the type area of a range's first page below its
// opening image, by whole grid lines (every baseline stays on the page's
// grid), and returns the image's lower edge; 0 when ps has no opening image.
func (e *engine) openingFrame(ps *issue.PageSpec, fr *frame) units.Length {
	if ps.Opening != issue.OpenImage || ps.OpeningImage == nil || ps.OpeningImage.Width == 0 {
		return 0
	}
	want := e.doc.TrimH.Scale(openingImageShare, 100) - fr.top
	k := int((want+e.L-1)/e.L) + 1 // and a blank line below the image
	k = min(k, fr.lines/2)
	if k < 2 {
		return 0
	}
	fr.top += units.Length(k) * e.L
	fr.h -= units.Length(k) * e.L
	fr.lines -= k
	return fr.top - e.L
}

// openingImage draws ps's opening image over the top of page p, from the
// bleed to bottom, scaled to cover the box and cropped centred; the crop
// is reported.
func (e *engine) openingImage(p *Page, ps *issue.PageSpec, bottom units.Length) {
	im, b := ps.OpeningImage, e.doc.Bleed
	bw, bh := e.doc.TrimW+2*b, bottom+b
	w, h := bw, bw.Scale(int64(im.Height), int64(im.Width))
	if h < bh {
		w, h = bh.Scale(int64(im.Width), int64(im.Height)), bh
	}
	p.Images = append(p.Images, Image{Path: im.Path, Page: im.Page, X: -b - (w-bw)/2, Y: -b - (h-bh)/2, W: w, H: h, ClipX: -b, ClipY: -b, ClipW: bw, ClipH: bh})
	e.noteCrop(im, im.Pos, w, h, bw, bh, "the opening image of "+rangeName(e.iss, ps))
}

// noteCrop reports how much of an image placed at w×h was cut to fill a box
// of bw×bh (cropped centred), when more than half a percent.
func (e *engine) noteCrop(im *issue.Image, pos issue.Pos, w, h, bw, bh units.Length, where string) {
	switch {
	case w-bw > w/200:
		e.diags.Notef(pos.File, pos.Line, "%s: cropped %.1f %% of its width (left and right equally) to fill %s", im.Path, 100*float64(w-bw)/float64(w), where)
	case h-bh > h/200:
		e.diags.Notef(pos.File, pos.Line, "%s: cropped %.1f %% of its height (top and bottom equally) to fill %s", im.Path, 100*float64(h-bh)/float64(h), where)
	}
}

// openingTitle gives the first item of a range with an opening layout (the
// title block of its first article) its opening version: across the type
// area, the title larger; with OpenTitle, it stands at the foot of an area
// a third of the page tall. In a one-column range it replaces the block.
func (e *engine) openingTitle(ps *issue.PageSpec, items []item, fr frame) {
	if ps.Opening == "" || len(items) == 0 || items[0].startOf == nil {
		return
	}
	a := items[0].startOf
	st := e.titleStyle()
	st.size = e.S * 36 / 10
	if ps.Opening == issue.OpenImage {
		st.size = e.S * 30 / 10
	}
	if ps.HasAccent {
		st.color = CMYK{ps.Accent[0], ps.Accent[1], ps.Accent[2], ps.Accent[3]}
	}
	tb, n, _ := e.titleBlock(a, fr.w, e.fitTitle(a, fr.w, st))
	if n == 0 {
		return
	}
	if ps.Opening == issue.OpenTitle {
		// the large title area: the block at the foot of a third of the
		// type area, the space above it left open
		if area := fr.lines / 3; area > n {
			var moved fragment
			tb.drawInto(&moved, 0, units.Length(area-n)*e.L)
			tb, n = moved, area
		}
	}
	if n+keepLines(items, 0) > fr.lines {
		return // too tall for the page: the ordinary title block
	}
	it := &items[0]
	if fr.cols == 1 {
		it.frag, it.lines, it.span, it.spanLines = tb, n, nil, 0
		return
	}
	it.span, it.spanLines = &tb, n
}
