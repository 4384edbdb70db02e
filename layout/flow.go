package layout

import (
	"fmt"
	"math"
	"strings"

	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// fragment is content positioned relative to a column's left edge and the
// top of the grid line where its item starts.
type fragment struct {
	runs   []GlyphRun
	images []Image
	lines  []Line
	rects  []Rect
	text   []TextLine
	placed []Placed // every line of article text, for the conservation check
}

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

type itemKind uint8

const (
	kLine  itemKind = iota // one line of a paragraph
	kSpace                 // blank grid lines, dropped at the top and foot of a column
	kBlock                 // a title block, heading or figure: never split
)

// item is one unit of the flow, occupying whole grid lines (占行).
type item struct {
	kind   itemKind
	lines  int
	keep   int  // lines of following content that must share the column
	figure bool // may float to the top of the next column
	frag   fragment

	// a title block may instead span all columns when it opens a page
	span      *fragment
	spanLines int
	wide      bool // only the spanning version exists: wait for a page top

	paraFirst, paraLast bool // first/last line of a paragraph
	para                int  // paragraph serial, to keep 孤行 control within one paragraph
	startOf             *issue.Article
	text                string // the characters of the item, for the overset report
	src                 int    // the content entry (Src.Content) the item belongs to
}

// lineFrag sets one broken line as a fragment whose baseline sits on the
// item's first grid line.
func (e *engine) lineFrag(atoms []atom, p Paragraph, l BrokenLine, width, x0 units.Length, st style, baseline units.Length, emph func(src int32) bool) (fragment, string) {
	gs, boxEnd := setLineEnd(atoms, p, l, width, st)
	var dots []Rect
	if emph != nil {
		// 着重号 (GB/T 15834 §4.15): a dot under each emphasised hanzi,
		// centred, never under punctuation
		d := st.size * 15 / 100
		for _, g := range gs {
			if classOf(g.r) == clHan && emph(g.src) {
				dots = append(dots, Rect{X: x0 + g.x + g.adv/2 - d/2, Y: baseline + st.size*18/100, W: d, H: d, Fill: st.color})
			}
		}
	}
	var sb strings.Builder
	for _, g := range gs {
		sb.WriteRune(g.r)
	}
	end := x0 + boxEnd
	tl := TextLine{X: x0, Y: baseline, Measure: width, End: end, Text: sb.String(), Size: st.size, Justified: p.Justify && !l.Last, First: l.From == 0, Loose: l.Loose}
	pl := Placed{Text: tl.Text, X: x0, Y: baseline, W: width, End: end, Size: st.size, Hyphen: l.To < len(p.Boxes) && p.Joints[l.To-1].Hyphen > 0}
	return fragment{runs: runsOf(gs, x0, baseline, st.size, st.color), text: []TextLine{tl}, placed: []Placed{pl}, rects: dots}, sb.String()
}

// placedLine records a ragged line of article text set at x0 in a measure
// of width, for the conservation check.
func placedLine(gs []placed, x0, baseline, width, size units.Length, src Src) Placed {
	var sb strings.Builder
	end := x0
	for _, g := range gs {
		sb.WriteRune(g.r)
		end = max(end, x0+g.x+g.adv)
	}
	return Placed{Src: src, Text: sb.String(), X: x0, Y: baseline, W: width, End: end, Size: size, Hyphen: len(gs) > 0 && gs[len(gs)-1].hyph}
}

// blockIndex is the index of b in a's blocks, or -9 for a block that is not
// one of them (an image placed by the plan, whose caption is empty).
func blockIndex(a *issue.Article, b *issue.Block) int {
	for i := range a.Blocks {
		if &a.Blocks[i] == b {
			return i
		}
	}
	return -9
}

// textWidth is the natural width of a short text in style st.
func (e *engine) textWidth(text string, st style) units.Length {
	if text == "" {
		return 0
	}
	lines := e.textLines(text, st, 1<<40, "", 0)
	if len(lines) == 0 || len(lines[0]) == 0 {
		return 0
	}
	gs := lines[0]
	return gs[len(gs)-1].x + gs[len(gs)-1].adv
}

// centre shifts a ragged line's glyphs to centre them in width.
func centre(gs []placed, width units.Length) {
	if len(gs) == 0 {
		return
	}
	end := gs[len(gs)-1].x + gs[len(gs)-1].adv
	d := (width - end) / 2
	for i := range gs {
		gs[i].x += d
	}
}

// textLines breaks a short text (caption, label, running head) ragged and
// returns its lines as glyph sets.
func (e *engine) textLines(text string, st style, width units.Length, file string, line int) [][]placed {
	return e.shortLines(text, st, width, file, line, false)
}

// headlineLines breaks a title or subtitle, ragged, preferring phrase
// boundaries: a break between two hanzi, which may split a word (新｜年第一播),
// costs more than one after punctuation, at a space, before an opening
// quote or bracket, or between hanzi and Latin.
func (e *engine) headlineLines(text string, st style, width units.Length, file string, line int) [][]placed {
	return e.shortLines(text, st, width, file, line, true)
}

func (e *engine) shortLines(text string, st style, width units.Length, file string, line int, phrases bool) [][]placed {
	it := itemizer{missing: func(_ int, r rune) { e.noteMissing(file, line, r) }}
	atoms, p := it.itemize([]rune(text), st)
	if len(atoms) == 0 {
		return nil
	}
	if phrases {
		for i := range p.Joints {
			if p.Joints[i].Break == CanBreak && p.Joints[i].W == 0 && atoms[i].class == clHan && atoms[i+1].class == clHan {
				p.Joints[i].Penalty += 300
			}
		}
	}
	lines, _ := Break(p, width)
	out := make([][]placed, len(lines))
	for i, l := range lines {
		out[i] = setLine(atoms, p, l, width, st)
	}
	return out
}

// articleItems turns one article into flow items for columns of width colW.
func (e *engine) articleItems(a *issue.Article, fr0 frame, pages int, fit string, serial *int) []item {
	colW, fullW := fr0.colW, fr0.w
	var items []item
	// a picture article (mostly figures) lays its figures out as a grid:
	// rows of equal cells down each column
	figs, paras := 0, 0
	for _, b := range a.Blocks {
		if b.Kind == issue.Figure && b.Image != nil && b.Image.Width > 0 {
			figs++
		} else if b.Kind == issue.Para {
			paras++
		}
	}
	cellLines, rows := 0, 0
	if figs >= 3 && figs >= paras {
		// as many rows per column as spread the figures over the range's
		// pages, but no more than 4:3 images want
		natural := int(colW*3/4/e.L) + 3 // a 4:3 image, a caption line, a blank
		maxRows := max(1, int(math.Round(float64(fr0.lines)/float64(natural))))
		rows = min(maxRows, (figs+pages*fr0.cols-1)/(pages*fr0.cols))
	}
	L := e.L
	// title block: title, subtitle, byline, a rule; kept with two lines of
	// text. A second version spans all columns, used when the article opens
	// a page.
	if tb, n, txt := e.titleBlock(a, colW, e.fitTitle(a, colW, e.titleStyle())); n > 0 {
		it := item{kind: kBlock, lines: n, keep: 2, frag: tb, startOf: a, text: txt}
		if fullW > colW {
			st := e.titleStyle()
			st.size = e.S * 26 / 10
			sp, sn, _ := e.titleBlock(a, fullW, e.fitTitle(a, fullW, st))
			it.span, it.spanLines = &sp, sn
		}
		items = append(items, it)
	}
	body := e.bodyStyle()
	for bi := range a.Blocks {
		b := &a.Blocks[bi]
		switch b.Kind {
		case issue.Para, issue.Quote, issue.ListItem:
			*serial++
			width, x0, indent := colW, units.Length(0), 2*e.S
			switch b.Kind {
			case issue.Quote:
				width, x0, indent = colW-2*e.S, 2*e.S, 0
			case issue.ListItem:
				// a hanging indent: the marker at 2 em, like a paragraph's
				// first line, at every level (as Chinese documents set 一、
				// （一） 1. （1）; the marker tells the level), the lines after
				// the first aligned with the text after the marker
				start := 2 * e.S
				hang := start + e.textWidth(b.Marker, body)
				if hang > colW/2 {
					hang = start // a marker too wide for a narrow column: no hang
				}
				width, x0, indent = colW-hang, hang, start-hang
			}
			lines := e.paragraph(a, bi, body, width, x0, indent)
			if rows > 0 {
				// in a picture article a paragraph is kept whole: a few
				// lines stranded between pictures read as captions
				fr, txt := stack(lines, L)
				items = append(items, item{kind: kBlock, lines: len(lines), frag: fr, text: txt})
				continue
			}
			for li, l := range lines {
				items = append(items, item{kind: kLine, lines: 1, frag: l.frag, paraFirst: li == 0, paraLast: li == len(lines)-1, para: *serial, text: l.text})
			}
		case issue.Heading:
			// subheadings (小标题) in the heading face at body size, indented
			// and justified like a paragraph, so they sit in the text's line
			// grid; a blank line above sets off the first level (##), the
			// second (###) follows the text directly
			lines := e.paragraph(a, bi, e.headStyle(), colW, 0, 2*e.S)
			for _, l := range lines {
				for k := range l.frag.text {
					l.frag.text[k].Heading = true
				}
			}
			if len(lines) == 0 {
				continue
			}
			fr, txt := stack(lines, L)
			if b.Level <= 2 {
				items = append(items, item{kind: kSpace, lines: 1})
			}
			items = append(items, item{kind: kBlock, lines: len(lines), keep: 2, frag: fr, text: txt})
		case issue.Figure:
			if b.Image == nil || b.Image.Width == 0 {
				continue
			}
			if rows > 0 && cellLines == 0 {
				// the first column also holds the title block and the
				// introduction set so far: the cells share what is left
				used := 0
				for _, it := range items {
					if it.span != nil {
						used += it.spanLines
					} else {
						used += it.lines
					}
				}
				// no taller than square: a cover-fitted landscape image
				// would otherwise be cropped to a sliver and enlarged
				// past print resolution
				cellLines = max(3, min((fr0.lines-used-1)/rows-1, int(colW/e.L)+2))
			}
			switch {
			case cellLines > 0:
				items = append(items, e.figureCell(a, b, colW, cellLines, fit))
			case b.Wide && fullW > colW:
				// across all columns, at the top of a page
				it := e.figureItem(a, b, fullW)
				it.span, it.spanLines, it.wide, it.figure = &it.frag, it.lines, true, false
				items = append(items, it)
			default:
				items = append(items, e.figureItem(a, b, colW))
			}
			items = append(items, item{kind: kSpace, lines: 1})
		}
	}
	return items
}

// setText is one set line: its fragment (baseline on the line's grid line)
// and its characters.
type setText struct {
	frag fragment
	text string
}

// paragraph sets a block's text as a justified paragraph (no 孤字, last lines
// full or clearly short) in lines of width, starting at x0, the first line
// indented.
func (e *engine) paragraph(a *issue.Article, bi int, st style, width, x0, indent units.Length) []setText {
	b := &a.Blocks[bi]
	text := []rune(b.SetText() + e.endMark(a, bi))
	shift := len([]rune(b.SetText())) - len([]rune(b.Text)) // a list item's marker comes first
	it := itemizer{missing: func(i int, r rune) { e.noteMissing(a.File, b.LineOf(max(0, i-shift)), r) }}
	var emph func(int32) bool
	if len(b.Spans) > 0 {
		// bold in the bold face: the heading font (the body fonts have no
		// bold); emphasis as 着重号 under the characters
		bold := e.heading
		it.chainAt = func(i int) *faceChain {
			if i >= shift && b.StyleAt(i-shift) == issue.Bold {
				return bold
			}
			return nil
		}
		emph = func(src int32) bool { return int(src) >= shift && b.StyleAt(int(src)-shift) == issue.Emphasis }
	}
	atoms, p := it.itemize(text, st)
	if len(atoms) == 0 {
		return nil
	}
	p.Justify, p.MinLastWeight, p.Indent = true, 2, indent
	p.LastShortBy = 2*e.S + e.S/10
	lines, _ := Break(p, width)
	out := make([]setText, len(lines))
	for i, l := range lines {
		out[i].frag, out[i].text = e.lineFrag(atoms, p, l, width, x0, st, e.bo, emph)
		out[i].frag.placed[0].Src = Src{Part: bi, Seq: i, Last: i == len(lines)-1}
	}
	return out
}

// stack puts set lines on successive grid lines of one fragment.
func stack(lines []setText, leading units.Length) (fragment, string) {
	var fr fragment
	var sb strings.Builder
	for i, l := range lines {
		l.frag.drawInto(&fr, 0, units.Length(i)*leading)
		sb.WriteString(l.text)
	}
	return fr, sb.String()
}

// maxTitleLines is the most lines a title takes: a longer one in a narrow
// column is set smaller (down to minTitleScale × the body size).
const (
	maxTitleLines = 3
	minTitleScale = 14 // tenths of the body size
)

// fitTitle is st, made smaller in steps of a tenth of the body size when
// the title takes more than maxTitleLines lines in width (a long title in a
// column of 13 characters), but never below minTitleScale: a title too long
// even then keeps that size (across the columns it has the room).
func (e *engine) fitTitle(a *issue.Article, width units.Length, st style) style {
	if a.Title == "" {
		return st
	}
	for st.size > e.S*minTitleScale/10 {
		lines := e.headlineLines(a.Title, st, width, a.File, a.TitlePos.Line)
		if len(lines) <= maxTitleLines {
			break
		}
		st.size = max(e.S*minTitleScale/10, st.size-e.S/10)
	}
	return st
}

// titleBlock sets an article's title, subtitle and byline on whole grid
// lines, with a rule on the blank line below; n is the number of lines used.
func (e *engine) titleBlock(a *issue.Article, width units.Length, titleSt style) (tb fragment, n int, text string) {
	L, bo := e.L, e.bo
	var sb strings.Builder
	addLines := func(lines [][]placed, st style, per, part int) {
		for k, gs := range lines {
			base := units.Length(n+per-1)*L + bo
			tb.runs = append(tb.runs, runsOf(gs, 0, base, st.size, st.color)...)
			tb.placed = append(tb.placed, placedLine(gs, 0, base, width, st.size, Src{Part: part, Seq: k, Last: k == len(lines)-1}))
			for _, g := range gs {
				sb.WriteRune(g.r)
			}
			n += per
		}
	}
	if a.Kicker != "" {
		// 引题: the line over the title, smaller, in the body face
		st := e.subStyle()
		per := int((st.size*12/10 + L - 1) / L)
		addLines(e.headlineLines(a.Kicker, st, width, a.File, a.TitlePos.Line), st, per, PartKicker)
	}
	if a.Title != "" {
		per := int((titleSt.size*13/10 + L - 1) / L)
		addLines(e.headlineLines(a.Title, titleSt, width, a.File, a.TitlePos.Line), titleSt, per, PartTitle)
	}
	if a.Subtitle != "" {
		st := e.subStyle()
		per := int((st.size*12/10 + L - 1) / L)
		addLines(e.headlineLines(a.Subtitle, st, width, a.File, a.TitlePos.Line), st, per, PartSubtitle)
	}
	if a.Byline != "" {
		st := e.bylineStyle()
		addLines(e.textLines(a.Byline, st, width, a.File, a.TitlePos.Line), st, 1, PartByline)
	}
	if n == 0 {
		return tb, 0, ""
	}
	y := units.Length(n)*L + L/2
	tb.lines = append(tb.lines, Line{X1: 0, Y1: y, X2: width, Y2: y, Width: units.FromPt(0.5), Color: Black})
	return tb, n + 1, sb.String()
}

// figureItem places an image at column width with its caption below, on
// whole grid lines.
func (e *engine) figureItem(a *issue.Article, b *issue.Block, colW units.Length) item {
	return e.figureCell(a, b, colW, 0, "")
}

// figureCell sets an image with its caption below, on whole grid lines. With
// cellLines > 0 the figure is a cell of a picture grid of that many lines:
// the image is scaled to fill the cell, cropped centred (fit "cover"), or
// to fit inside it whole (fit "contain").
func (e *engine) figureCell(a *issue.Article, b *issue.Block, colW units.Length, cellLines int, fit string) item {
	L, bo := e.L, e.bo
	im := b.Image
	st := e.captionStyle()
	caps := e.textLines(b.Text, st, colW, a.File, b.Line)
	h := colW.Scale(int64(im.Height), int64(im.Width))
	n := int((h + e.S/2 + L - 1) / L) // image lines, with half an em below
	var fr fragment
	if cellLines > 0 {
		n = max(1, cellLines-len(caps))
		// the cell: the column's width and the grid lines given (an image
		// too coarse for it is reported by its effective resolution, at
		// [print] min_ppi_warn and min_ppi_error, never silently shrunk)
		cellW, cellH := colW, units.Length(n)*L-e.S/2
		cx := (colW - cellW) / 2
		w, hh := cellW, cellW.Scale(int64(im.Height), int64(im.Width))
		if (fit == "contain") == (hh > cellH) {
			// contain: too tall → fit the height; cover: too short → fill the height
			w, hh = cellH.Scale(int64(im.Width), int64(im.Height)), cellH
		}
		fr.images = append(fr.images, Image{Path: im.Path, Page: im.Page, X: cx + (cellW-w)/2, Y: (cellH - hh) / 2, W: w, H: hh, ClipX: cx, ClipY: 0, ClipW: cellW, ClipH: cellH})
	} else {
		// at column width, as documented: an image too coarse for it is
		// reported by its effective resolution ([print] min_ppi_warn, a
		// warning; min_ppi_error, an error), never silently shrunk
		w, x := colW, units.Length(0)
		// never taller than a column: an image too tall for it at that
		// width (it could be placed nowhere) is scaled to the column's
		// height, centred
		if most := e.typeLines() - len(caps); n > most && most > 0 {
			n = most
			h = units.Length(n)*L - e.S/2
			w = h.Scale(int64(im.Width), int64(im.Height))
			x = (colW - w) / 2
		}
		fr.images = append(fr.images, Image{Path: im.Path, Page: im.Page, X: x, Y: 0, W: w, H: h, ClipX: x, ClipY: 0, ClipW: w, ClipH: h})
	}
	var txt strings.Builder
	for k, gs := range caps {
		centre(gs, colW)
		fr.runs = append(fr.runs, runsOf(gs, 0, units.Length(n)*L+bo, st.size, st.color)...)
		fr.placed = append(fr.placed, placedLine(gs, 0, units.Length(n)*L+bo, colW, st.size, Src{Part: blockIndex(a, b), Seq: k, Last: k == len(caps)-1}))
		for _, g := range gs {
			txt.WriteRune(g.r)
		}
		n++
	}
	return item{kind: kBlock, lines: n, figure: cellLines == 0, frag: fr, text: txt.String()}
}

// placement is where an item went.
type placement struct {
	item      int
	page, col int
	line      int
	span      bool // the item's spanning version, across all columns
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
	var pending, pendingWide []int
	for pg := 0; pg < len(frames); pg++ {
		fr := frames[pg]
		top := 0 // lines taken in every column by a spanning title
		for len(pendingWide) > 0 && top+items[pendingWide[0]].spanLines <= fr.lines {
			pl = append(pl, placement{item: pendingWide[0], page: pg, line: top, span: true})
			top += items[pendingWide[0]].spanLines + 1 // and a blank line below it
			pendingWide = pendingWide[1:]
		}
		// a band is the part of the page below the last spanning title:
		// its items are bandItem… and its placements pl[bandPl:]
		bandItem, bandPl := i, len(pl)
		for col := 0; col < fr.cols; col++ {
			capLines := fr.lines
			if lastLimit > 0 && pg == lastPage {
				capLines = min(fr.lines, top+lastLimit)
			}
			line := top
			for len(pending) > 0 && items[pending[0]].lines <= capLines-line {
				pl = append(pl, placement{item: pending[0], page: pg, col: col, line: line})
				line += items[pending[0]].lines + 1 // and a blank line below it
				pending = pending[1:]
			}
			footFigure := false
			for i < len(items) {
				it := items[i]
				if it.startOf != nil && line > top && (footFigure || len(pending) > 0) {
					// the previous article's figures come before the next title
					break
				}
				if it.kind == kSpace && (line == top || line+it.lines >= capLines) {
					i++
					continue
				}
				if it.wide && !(col == 0 && line == top) {
					pendingWide = append(pendingWide, i)
					i = afterFloat(items, i+1)
					continue
				}
				// (against the page's lines, not the balancing limit: that
				// counts the lines below the title)
				if it.span != nil && col == 0 && line == top && fr.cols > 1 && line+it.spanLines+keepLines(items, i) <= fr.lines {
					pl = append(pl, placement{item: i, page: pg, col: col, line: line, span: true})
					top += it.spanLines
					line = top
					if lastLimit > 0 && pg == lastPage {
						capLines = min(fr.lines, top+lastLimit)
					}
					i++
					bandItem, bandPl = i, len(pl)
					continue
				}
				if midSpans && it.span != nil && fr.cols > 1 && (col > 0 || line > top) && len(pending) == 0 && len(pendingWide) == 0 && bandOwn(pl[bandPl:], bandItem, i) {
					// an article that starts in mid-page: what is above it
					// is balanced into equal columns and its title spans
					// them all below, as magazines set it; every body line
					// keeps a partner in the next column
					if bal, h, ok := balanceBand(items, bandItem, i, fr, top, capLines-top); ok {
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
							bandItem, bandPl = i, len(pl)
							col = -1 // the columns start again below the title
							break
						}
					}
				}
				if it.figure && line > top {
					// figures go to the foot of the column when they fit
					// there, else to the top of the next: never between
					// lines of text, so the columns' baselines stay paired
					if line+it.lines+1 <= capLines {
						// with a blank line above it
						pl = append(pl, placement{item: i, page: pg, col: col, line: capLines - it.lines})
						capLines -= it.lines + 1
						footFigure = true
					} else {
						pending = append(pending, i)
					}
					i = afterFloat(items, i+1)
					continue
				}
				need := it.lines + keepLines(items, i)
				if it.kind == kLine && it.paraFirst && !it.paraLast {
					// no orphan: a paragraph's first line does not stand
					// alone at the foot of a column; it goes with the next
					need++
				}
				if line+need > capLines {
					if line > top {
						// 孤行: never leave a paragraph's last line alone at the top of the next column
						// (the line before it goes along; a heading left at
						// the foot by that goes too)
						if it.kind == kLine && it.paraLast && !it.paraFirst && len(pl) > 0 {
							prev := pl[len(pl)-1]
							if prev.item == i-1 && prev.page == pg && prev.col == col && items[i-1].kind == kLine && items[i-1].para == it.para {
								pl = pl[:len(pl)-1]
								i--
								if len(pl) > 0 && pl[len(pl)-1].item == i-1 && pl[len(pl)-1].page == pg && pl[len(pl)-1].col == col && items[i-1].kind == kLine && items[i-1].para == it.para && items[i-1].paraFirst {
									// … and no orphan left behind: a
									// three-line paragraph moves whole
									pl = pl[:len(pl)-1]
									i--
								}
							}
						}
						// a subheading (or its blank line) left at the foot
						// by the move goes along to the next column
						for len(pl) > 0 {
							q := pl[len(pl)-1]
							if q.item != i-1 || q.page != pg || q.col != col || q.span || items[q.item].keep == 0 && items[q.item].kind != kSpace {
								break
							}
							pl = pl[:len(pl)-1]
							i--
						}
						break
					}
					if line+it.lines > capLines || top > 0 && it.keep > 0 && line+it.lines+keptText(items, i) > capLines {
						// (below a spanning title a subheading without the
						// room for the text it keeps goes on, too)
						if top > 0 {
							// no room below the page's spanning title:
							// the next column, and so the next page
							break
						}
						// cannot fit even an empty column: leave it for the overset report
						return pl, i, pending
					}
				}
				pl = append(pl, placement{item: i, page: pg, col: col, line: line})
				line += it.lines
				i++
			}
		}
	}
	return pl, i, append(pending, pendingWide...)
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

// keptText counts the lines of text (not floating figures) that item i
// keeps with it.
func keptText(items []item, i int) int {
	n, k := 0, items[i].keep
	for j := i + 1; j < len(items) && k > 0; j++ {
		if items[j].kind == kSpace || items[j].figure {
			continue
		}
		n += items[j].lines
		k -= items[j].lines
	}
	return n
}

// keepLines counts the lines that must follow item i in its column.
func keepLines(items []item, i int) int {
	k := items[i].keep
	n := 0
	for j := i + 1; j < len(items) && k > 0; j++ {
		if items[j].kind == kSpace {
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
	}
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
	// titles across the columns in mid-page when the range has the room for
	// them (they take more space than a title in one column); else not
	midSpans := true
	pl, next, left := pourWith(items, frames, 0, -1, true)
	if next < len(items) || len(left) > 0 {
		midSpans = false
		pl, next, left = pour(items, frames, 0, -1)
	}
	// balance the columns of the last page used: lowest column height that
	// still holds everything on the same pages
	if next == len(items) && len(left) == 0 && cols > 1 && len(pl) > 0 {
		lastPage := pl[len(pl)-1].page
		// the lowest height, searched by halves from one line up (below
		// a spanning title on the last page the columns hold far fewer
		// lines than the page does)
		fits := func(h int) []placement {
			pl2, next2, left2 := pourWith(items, frames, h, lastPage, midSpans)
			if next2 == len(items) && len(left2) == 0 && pl2[len(pl2)-1].page == lastPage {
				return pl2
			}
			return nil
		}
		lo, hi := 1, frames[lastPage].lines-1
		if best := fits(hi); best != nil {
			for lo < hi {
				mid := (lo + hi) / 2
				if pl2 := fits(mid); pl2 != nil {
					hi, best = mid, pl2
				} else {
					lo = mid + 1
				}
			}
			pl = best
		}
	}
	fill := e.draw(ps, items, pl, frames, func(k int) *Page { return e.doc.Pages[slots[k]] })
	for _, p := range pl {
		if it := items[p.item]; it.startOf != nil {
			e.starts = append(e.starts, articleStart{page: ps, article: it.startOf, slot: slots[p.page]})
		}
	}
	for k, si := range slots {
		e.furniture(e.doc.Pages[si], iss.Slots[si], ps, frames[k])
	}
	// pages of the range that nothing reached: room to spare is fine, but an
	// empty page in the middle of a magazine is not, so say which
	used := make([]bool, len(slots))
	for _, p := range pl {
		used[p.page] = true
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
		e.overset(ps, items, next, left, &fill)
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
		if p.span {
			it.span.drawOn(pg, fr.colX(0), y)
			fill.UsedLines += it.spanLines * fr.cols
		} else {
			it.frag.drawOn(pg, fr.colX(p.col), y)
			fill.UsedLines += it.lines
		}
		for k := from; k < len(pg.Placed); k++ {
			pg.Placed[k].Src.Content = it.src
			pg.Placed[k].Span = p.span
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
	p.Images = append(p.Images, Image{Path: im.Path, X: -b - (w-bw)/2, Y: -b - (h-bh)/2, W: w, H: h, ClipX: -b, ClipY: -b, ClipW: bw, ClipH: bh})
	switch {
	case w-bw > w/200:
		e.diags.Notef(pos.File, pos.Line, "%s: cropped %.1f %% of its width (left and right equally) to fill %s to the bleed", im.Path, 100*float64(w-bw)/float64(w), slot)
	case h-bh > h/200:
		e.diags.Notef(pos.File, pos.Line, "%s: cropped %.1f %% of its height (top and bottom equally) to fill %s to the bleed", im.Path, 100*float64(h-bh)/float64(h), slot)
	}
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
			e.furniture(p, slot, ps, fr)
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

// endMark is what follows block bi of a: the end mark of [text] end_mark
// after the article's last paragraph, else "".
func (e *engine) endMark(a *issue.Article, bi int) string {
	return endMarkOf(e.iss, a, bi)
}

func endMarkOf(iss *issue.Issue, a *issue.Article, bi int) string {
	if iss.Text.EndMark != "" && bi == a.LastTextBlock() {
		return iss.Text.EndMark
	}
	return ""
}
