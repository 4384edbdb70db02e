package flatplan

import (
	"fmt"
	"strings"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/report"
	"github.com/paiban/paiban/units"
)

// Paper returns the landscape size of a sheet: "a4" (the default, also
// for "") or "a3".
func Paper(name string) (w, h units.Length, err error) {
	switch strings.ToLower(name) {
	case "", "a4":
		return units.FromMM(297), units.FromMM(210), nil
	case "a3":
		return units.FromMM(420), units.FromMM(297), nil
	}
	return 0, 0, fmt.Errorf("paper %q: a4 or a3", name)
}

// The sheet's measures.
var (
	margin  = units.FromMM(10)  // around the sheet
	headerH = units.FromMM(14)  // title lines above the spreads
	legendH = units.FromMM(9)   // legend below them
	labelH  = units.FromMM(3.4) // slot and section above a thumbnail
	bandH   = units.FromMM(3.4) // the state band below it
	gapX    = units.FromMM(4)   // between spreads
	gapY    = units.FromMM(2.5) // between rows
	pad     = units.FromMM(0.7) // text inside the band

	// A flat plan goes on a second sheet when on one its thumbnails would
	// be narrower than this.
	minThumb = units.FromMM(15)

	titleSize   = units.FromPt(14)
	headSize    = units.FromPt(8)
	slotSize    = units.FromPt(6.5)
	sectionSize = units.FromPt(5)
	wordSize    = units.FromPt(5)
	legendSize  = units.FromPt(7)
	minSize     = units.FromPt(3.5) // a section name is set no smaller; beyond, it is cut
	frameWidth  = units.FromPt(0.3)
	markWidth   = units.FromPt(1)
)

// Colours of the states (bands and legend swatches) and of the marks.
var (
	stateColor = [...]layout.CMYK{
		Set:       {C: 45, Y: 60},
		Underfull: {M: 25, Y: 80},
		Overset:   {M: 75, Y: 65},
		Pending:   {C: 35, M: 5},
		Blank:     {K: 12},
	}
	pendingFill  = layout.CMYK{C: 10}
	changedColor = layout.CMYK{M: 100}
	white        = layout.CMYK{}
	frameColor   = layout.CMYK{K: 45}
	greyText     = layout.CMYK{K: 70}
)

// grid is how the spreads are set out: perRow spreads a row, perSheet a
// sheet, thumbnails tw × th.
type grid struct {
	perRow, perSheet, sheets int
	tw, th                   units.Length
}

// chooseGrid finds the spreads per row that give the largest thumbnails
// on one sheet, or on two when on one they would be narrower than
// minThumb.
func chooseGrid(spreads int, availW, availH, trimW, trimH units.Length) grid {
	var best grid
	for sheets := 1; sheets <= 2; sheets++ {
		best = grid{}
		per := (spreads + sheets - 1) / sheets
		for k := 1; k <= per; k++ {
			rows := (per + k - 1) / k
			tw := (availW - units.Length(k-1)*gapX) / units.Length(2*k)
			th := (availH - units.Length(rows)*(labelH+bandH) - units.Length(rows-1)*gapY) / units.Length(rows)
			if th <= 0 {
				continue
			}
			tw = min(tw, th.Scale(int64(trimW), int64(trimH)))
			if tw > best.tw {
				best = grid{perRow: k, perSheet: per, sheets: sheets, tw: tw}
			}
		}
		if best.tw >= minThumb {
			break
		}
	}
	best.th = best.tw.Scale(int64(trimH), int64(trimW))
	return best
}

// place is a thumbnail on a sheet: the issue page (an index into
// Document.Pages) in the box X, Y (top left, sheet coordinates), W × H.
type place struct {
	Page       int
	X, Y, W, H units.Length
}

// setter sets single lines in a list of faces: each character in the
// first face that has it; a character none has is set as "?".
type setter struct{ faces []*fonts.Face }

func (s setter) face(r rune) int {
	for i, f := range s.faces {
		if f.Has(r) {
			return i
		}
	}
	return -1
}

// width is the advance of text at size.
func (s setter) width(text string, size units.Length) units.Length {
	var w units.Length
	for _, r := range text {
		if f := s.face(r); f >= 0 {
			w += size.Scale(int64(s.faces[f].Width(r)), 1000)
		} else if f = s.face('?'); f >= 0 {
			w += size.Scale(int64(s.faces[f].Width('?')), 1000)
		}
	}
	return w
}

// set puts text on p with its baseline's left end at (x, y) and returns
// its width.
func (s setter) set(p *layout.Page, text string, size, x, y units.Length, color layout.CMYK) units.Length {
	start, pen := x, x
	font := -1
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			p.Runs = append(p.Runs, layout.GlyphRun{Font: font, Size: size, X: start, Y: y, Text: cur.String(), Color: color})
			cur.Reset()
		}
	}
	for _, r := range text {
		f := s.face(r)
		if f < 0 {
			if r, f = '?', s.face('?'); f < 0 {
				continue
			}
		}
		if f != font {
			flush()
			font, start = f, pen
		}
		cur.WriteRune(r)
		pen += size.Scale(int64(s.faces[f].Width(r)), 1000)
	}
	flush()
	return pen - x
}

// fit returns the size at which text fits in avail (at most size, at
// least minSize), and text cut with "…" when it does not fit even then.
func (s setter) fit(text string, size, avail units.Length) (string, units.Length) {
	w := s.width(text, size)
	if w <= avail {
		return text, size
	}
	if sz := size.Scale(int64(avail), int64(w)); sz >= minSize {
		return text, sz
	}
	rs := []rune(text)
	for n := len(rs) - 1; n > 0; n-- {
		t := string(rs[:n]) + "…"
		if s.width(t, minSize) <= avail {
			return t, minSize
		}
	}
	return "", minSize
}

// sheets draws the flat plan of cells as pages of w × h: the labels,
// states and legend as layout data, and where each thumbnail goes.
func sheets(in Input, cells []Cell, spreads [][2]int, w, h units.Length, ts setter) ([]*layout.Page, [][]place) {
	doc := in.Document
	trimW, trimH := in.Issue.Paper.TrimW, in.Issue.Paper.TrimH
	if doc != nil {
		trimW, trimH = doc.TrimW, doc.TrimH
	}
	availW, availH := w-2*margin, h-2*margin-headerH-legendH
	g := chooseGrid(len(spreads), availW, availH, trimW, trimH)
	if g.perRow == 0 { // no room at all (cannot happen on A4 with 999 pages): labels only
		g = grid{perRow: len(spreads), perSheet: len(spreads), sheets: 1}
	}
	rowW := units.Length(g.perRow)*2*g.tw + units.Length(g.perRow-1)*gapX
	left := margin + (availW-rowW)/2
	var pages []*layout.Page
	var places [][]place
	for sh := 0; sh < g.sheets; sh++ {
		p := &layout.Page{Slot: "版面总览", Label: "版面总览"}
		if g.sheets > 1 {
			p.Slot = fmt.Sprintf("版面总览 %d", sh+1)
			p.Label = p.Slot
		}
		header(p, in, cells, sh, g.sheets, w, ts)
		var pl []place
		from := sh * g.perSheet
		for k, sp := range spreads[from:min(len(spreads), from+g.perSheet)] {
			x := left + units.Length(k%g.perRow)*(2*g.tw+gapX)
			y := margin + headerH + units.Length(k/g.perRow)*(labelH+g.th+bandH+gapY)
			for side, i := range sp {
				if i < 0 {
					continue
				}
				cx := x + units.Length(side)*g.tw
				if t := cell(p, cells[i], cx, y, g.tw, g.th, ts); t.W > 0 {
					pl = append(pl, t)
				}
			}
		}
		legend(p, in, cells, w, h, ts)
		pages = append(pages, p)
		places = append(places, pl)
	}
	return pages, places
}

// header sets the title line: 版面总览, the magazine and issue, and at the
// right the date, the page count and the binding.
func header(p *layout.Page, in Input, cells []Cell, sheet, sheets int, w units.Length, ts setter) {
	iss := in.Issue
	base := margin + units.FromMM(6)
	x := margin + ts.set(p, "版面总览", titleSize, margin, base, layout.Black)
	x += units.FromMM(5)
	ts.set(p, strings.TrimSpace(iss.Title+" "+iss.Number), headSize*3/2, x, base, layout.Black)
	binding := "骑马钉"
	if iss.Paper.Binding == "perfect" {
		binding = "胶装"
	}
	parts := []string{}
	if iss.Date != "" {
		parts = append(parts, iss.Date)
	}
	parts = append(parts, fmt.Sprintf("%d 页", len(cells)), binding)
	if sheets > 1 {
		parts = append(parts, fmt.Sprintf("第 %d/%d 张", sheet+1, sheets))
	}
	right := strings.Join(parts, " · ")
	ts.set(p, right, headSize, w-margin-ts.width(right, headSize), base, layout.Black)
	p.Lines = append(p.Lines, layout.Line{X1: margin, Y1: base + units.FromMM(3), X2: w - margin, Y2: base + units.FromMM(3), Width: frameWidth, Color: frameColor})
}

// cell draws one slot at (x, y): its slot and section above the thumbnail
// box, the box, and the state band below; it returns the thumbnail to
// place (W = 0 for none).
func cell(p *layout.Page, c Cell, x, y, tw, th units.Length, ts setter) place {
	// slot and section
	base := y + labelH - units.FromMM(0.9)
	sw := ts.set(p, c.Slot, slotSize, x, base, layout.Black)
	if c.Section != "" {
		gap := units.FromMM(1)
		// clear of the next cell's slot by a gap too
		if text, size := ts.fit(c.Section, sectionSize, tw-sw-2*gap); text != "" {
			ts.set(p, text, size, x+sw+gap, base, greyText)
		}
	}
	// the box: a thumbnail, or a tint for a pending section
	by := y + labelH
	var t place
	switch {
	case c.Page >= 0:
		t = place{Page: c.Page, X: x, Y: by, W: tw, H: th}
	case c.State == Pending:
		p.Rects = append(p.Rects, layout.Rect{X: x, Y: by, W: tw, H: th, Fill: pendingFill})
	}
	frame(p, x, by, tw, th, frameWidth, frameColor)
	// the state band
	band := by + th
	p.Rects = append(p.Rects, layout.Rect{X: x, Y: band, W: tw, H: bandH, Fill: stateColor[c.State]})
	wbase := band + bandH - units.FromMM(1)
	avail, cw := tw-2*pad, units.Length(0)
	if c.Changed {
		cw = ts.width(ChangedWord, wordSize) + 2*pad
		avail -= cw
	}
	if text, size := ts.fit(c.Word(), wordSize, avail); text != "" {
		ts.set(p, text, size, x+pad, wbase, layout.Black)
	}
	if c.Changed {
		p.Rects = append(p.Rects, layout.Rect{X: x + tw - cw, Y: band, W: cw, H: bandH, Fill: changedColor})
		ts.set(p, ChangedWord, wordSize, x+tw-cw+pad, wbase, white)
		half := markWidth / 2
		frame(p, x+half, by+half, tw-markWidth, th-markWidth, markWidth, changedColor)
	}
	return t
}

// frame strokes the outline of a box.
func frame(p *layout.Page, x, y, w, h, width units.Length, color layout.CMYK) {
	for _, l := range [][4]units.Length{{x, y, x + w, y}, {x + w, y, x + w, y + h}, {x + w, y + h, x, y + h}, {x, y + h, x, y}} {
		p.Lines = append(p.Lines, layout.Line{X1: l[0], Y1: l[1], X2: l[2], Y2: l[3], Width: width, Color: color})
	}
}

// legend sets, at the foot of the sheet, a swatch for each state with its
// words and how many pages are in it.
func legend(p *layout.Page, in Input, cells []Cell, w, h units.Length, ts setter) {
	counts, changed := Count(cells)
	base := h - margin - units.FromMM(2)
	sw, sh := units.FromMM(5), units.FromMM(3)
	x := margin
	entry := func(color layout.CMYK, text string) {
		p.Rects = append(p.Rects, layout.Rect{X: x, Y: base - sh + units.FromMM(0.5), W: sw, H: sh, Fill: color})
		x += sw + units.FromMM(1.5)
		x += ts.set(p, text, legendSize, x, base, layout.Black) + units.FromMM(6)
	}
	for s := Set; s <= Blank; s++ {
		entry(stateColor[s], fmt.Sprintf("%s %s %d", s.Word(), s.English(), counts[s]))
	}
	if in.Changed != nil {
		entry(changedColor, fmt.Sprintf("%s changed %d", ChangedWord, changed))
	}
	note := fmt.Sprintf("不满: 栏目填充低于 %d%%　溢出: 排不下的行数", report.UnderfullBelow)
	ts.set(p, note, legendSize*5/6, w-margin-ts.width(note, legendSize*5/6), base, greyText)
}
