package layout

// The items of the flow: an article becomes items that occupy whole grid
// lines (占行) — one per body line, blocks that never split (title blocks,
// subheadings, figures, tables, boxes), blank lines — each with a fragment
// of positioned glyph runs, rules and images (flow.go pours them; pour.go
// places them on the grid).

import (
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

	place string // a figure's place: issue.PlaceAuto, PlaceTop, PlaceFoot or PlaceHere (figure.go)
	box   bool   // a box (box.go): where written, else at the next paragraph boundary with room
	bleed bool   // a figure to the bleed: only at the top of a page
	// a figure or box across cols adjacent columns (2 or 3, fewer than the
	// grid's), at a column top or foot (pour.go); 0: none
	cols    int
	srcLine int // a figure's or box's line in its article, for diagnostics

	// a title block may instead span all columns when it opens a page
	span      *fragment
	spanLines int
	wide      bool // only the spanning version exists: wait for a page top

	paraFirst, paraLast bool // first/last line of a paragraph
	para                int  // paragraph serial, to keep 孤行 control within one paragraph
	startOf             *issue.Article
	text                string // the characters of the item, for the overset report
	src                 int    // the content entry (Src.Content) the item belongs to

	// the footnotes cited in the item, set at the foot of its column
	// (footnote.go): noteLines grid lines
	notes     fragment
	noteLines int
	table     bool // a table (table.go)
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
	lines := e.shortLines(text, st, 1<<40, "", 0, false)
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
	it := itemizer{}
	if file != "" {
		// (textWidth only measures: the text is reported where it is set,
		// at its file and line, not as a character of no file)
		it.missing = func(_ int, r rune) { e.noteMissing(file, line, r) }
	}
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
			sp, sn, _ := e.titleBlock(a, fullW, e.fitTitle(a, fullW, e.titleSpanStyle()))
			it.span, it.spanLines = &sp, sn
		}
		items = append(items, it)
	}
	body := e.bodyStyle()
	noted := map[int]bool{} // notes set at the foot of a column already
	for bi := range a.Blocks {
		b := &a.Blocks[bi]
		if b.Box != 0 {
			// a box: one block of all its blocks (box.go)
			if bi == 0 || a.Blocks[bi-1].Box != b.Box {
				items = append(items, e.boxItems(a, bi, fr0)...)
			}
			continue
		}
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
			st := body
			if b.Kind == issue.Quote && e.quote != nil {
				st.chain = e.quote // 楷体 for quotations ([fonts] quote)
			}
			lines := e.paragraph(a, bi, st, width, x0, indent)
			if rows > 0 {
				// in a picture article a paragraph is kept whole: a few
				// lines stranded between pictures read as captions
				fr, txt := stack(lines, L)
				it := item{kind: kBlock, lines: len(lines), frag: fr, text: txt}
				it.notes, it.noteLines = e.notesOf(a, citedIn(lines), noted, colW)
				items = append(items, it)
				continue
			}
			for li, l := range lines {
				it := item{kind: kLine, lines: 1, frag: l.frag, paraFirst: li == 0, paraLast: li == len(lines)-1, para: *serial, text: l.text}
				it.notes, it.noteLines = e.notesOf(a, l.notes, noted, colW)
				items = append(items, it)
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
			it := item{kind: kBlock, lines: len(lines), keep: 2, frag: fr, text: txt}
			it.notes, it.noteLines = e.notesOf(a, citedIn(lines), noted, colW)
			items = append(items, it)
		case issue.TableBlock:
			items = append(items, e.tableItems(a, bi, fr0, noted)...)
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
			default:
				// its width and place (figure.go)
				items = append(items, e.figureFlowItem(a, b, fr0))
			}
			items = append(items, item{kind: kSpace, lines: 1})
		}
	}
	notes := e.endnoteItems(a, colW, serial)
	if len(notes) > 0 {
		// the 注释 keeps the article's last line of text with it: the
		// notes never stand alone on a page of their own (and the 孤行
		// rule takes the line before along)
		for k := len(items) - 1; k >= 0; k-- {
			if items[k].kind == kSpace {
				continue
			}
			if items[k].kind == kLine && items[k].keep == 0 {
				items[k].keep = 1
			}
			break
		}
	}
	return append(items, notes...)
}

// setText is one set line: its fragment (baseline on the line's grid line)
// and its characters.
type setText struct {
	frag  fragment
	text  string
	notes []int // the footnotes cited on the line
}

// paragraph sets a block's text as a justified paragraph (no 孤字, last lines
// full or clearly short) in lines of width, starting at x0, the first line
// indented.
func (e *engine) paragraph(a *issue.Article, bi int, st style, width, x0, indent units.Length) []setText {
	b := &a.Blocks[bi]
	var spans func(int) issue.Style
	if len(b.Spans) > 0 {
		spans = b.StyleAt
	}
	return e.setRunes(blockRunes(e.iss, a, bi), setSpec{st: st, width: width, x0: x0, indent: indent, justify: true, spans: spans, lineOf: b.LineOf, file: a.File, part: Src{Part: bi}})
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
	L := e.L
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
	it := e.captionBelow(a, b, fr, caps, st, colW, n) // figure.go
	it.figure = cellLines == 0
	return it
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
