package layout

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// Tables (三线表). A table is set a step below the body size, on the line
// grid: every row takes whole grid lines (its tallest cell's), the caption
// (表1 …) centred above, a heavier rule above the head row and below the
// last row, a thinner one under the head row, no vertical rules. Cell text
// is broken by the same breaker as paragraphs, ragged right (a narrow
// cell justified would space its hanzi apart); the head row is in the heading face, centred; numeric columns
// are set right, their decimal points aligned (as a block centred under
// the head). A table whose natural width needs more than a column spans all
// columns (at a page top, like a wide figure, or below the last page's text
// when it ends the text); one taller than a column is split between rows,
// the head row repeated under a caption 表1（续） (续表 without a caption).
// A table that fits no frame — its columns too many for the type area, a
// row taller than a column — is an error naming the article and the table.
// Notes cited in its cells are set under it (表注).

const (
	tableRuleHeavy = 1000 // thousandths of a point: top and bottom rules
	tableRuleLight = 500  // under the head row
)

// numericRe: a cell that is a number (a sign, digits with separators, a
// decimal part, a per cent or per mille sign, a unit-less figure).
var numericRe = regexp.MustCompile(`^[-+−±]?[0-9][0-9,，]*(\.[0-9]+)?[%‰]?$`)

// tableCell is one set cell.
type tableCell struct {
	lines []setText
	w     units.Length // natural width of its longest line (for alignment)
}

// tableItems sets table block bi of a as items: one, or several when it is
// taller than a column.
func (e *engine) tableItems(a *issue.Article, bi int, fr0 frame, noted map[int]bool) []item {
	// (noted: the notes set already; those cited in the table are set under it)
	b := &a.Blocks[bi]
	t := b.Table
	if t == nil || t.Cols() == 0 {
		return nil
	}
	ncol := t.Cols()
	name := tableName(b)
	ts := e.st(e.body, e.noteSize(), Black)
	hs := e.st(e.heading, e.noteSize(), Black)
	pad := ts.size // half an em each side of a cell
	// natural and least widths of each column
	nat := make([]units.Length, ncol)
	least := make([]units.Length, ncol)
	numeric := make([]bool, ncol)
	for c := 0; c < ncol; c++ {
		numeric[c] = true
		any := false
		for r, row := range t.Rows {
			st := ts
			if r < t.Head {
				st = hs
			}
			if c >= len(row) {
				continue
			}
			txt := string(cellRunes(e.iss, row[c]).text)
			nat[c] = max(nat[c], e.textWidth(txt, st)+pad)
			least[c] = max(least[c], e.widestPiece(txt, st)+pad, 2*st.size+pad)
			if r >= t.Head && strings.TrimSpace(row[c].Text) != "" {
				any = true
				numeric[c] = numeric[c] && numericRe.MatchString(strings.TrimSpace(row[c].Text))
			}
		}
		numeric[c] = numeric[c] && any
	}
	sum := func(ws []units.Length) units.Length {
		var s units.Length
		for _, w := range ws {
			s += w
		}
		return s
	}
	width, wide := fr0.colW, false
	// across the columns when one is too narrow; a one-column frame's
	// measure is its text's (a whole number of ems: the type area may be a
	// little wider, and a table there would stand out past the text)
	if sum(nat) > fr0.colW && fr0.cols > 1 && fr0.w > fr0.colW {
		width, wide = fr0.w, true
	}
	if sum(least) > width {
		e.diags.Errorf(a.File, b.Line, "%s has %d columns, too many for the type area: they need at least %.0f mm, the %s is %.0f mm wide; split the table, or shorten its cells", name, ncol, sum(least).MM(), map[bool]string{true: "type area", false: "column"}[wide || fr0.cols == 1], width.MM())
		return nil
	}
	// the column widths: the natural ones with the room left shared in
	// proportion; when they do not fit, the least ones plus what is left
	// shared by what each lacks
	cw := make([]units.Length, ncol)
	if sum(nat) <= width {
		extra := width - sum(nat)
		for c := range cw {
			cw[c] = nat[c] + extra.Scale(int64(nat[c]), int64(sum(nat)))
		}
	} else {
		lack := sum(nat) - sum(least)
		extra := width - sum(least)
		for c := range cw {
			cw[c] = least[c] + extra.Scale(int64(nat[c]-least[c]), int64(max(1, lack)))
		}
	}
	// set the cells
	cells := make([][]tableCell, len(t.Rows))
	rowLines := make([]int, len(t.Rows))
	var cited [][]int
	k := 0 // cell serial, for Src.Cell
	for r, row := range t.Rows {
		cells[r] = make([]tableCell, ncol)
		var notes []int
		x := units.Length(0)
		for c := 0; c < ncol; c++ {
			if c < len(row) {
				cell := row[c]
				st := ts
				if r < t.Head {
					st = hs
				}
				k++
				var spans func(int) issue.Style
				if len(cell.Spans) > 0 {
					spans = cell.StyleAt
				}
				line := cell.Line
				lines := e.setRunes(cellRunes(e.iss, cell), setSpec{st: st, width: cw[c] - pad, x0: x + pad/2, spans: spans, lineOf: func(int) int { return line }, file: a.File, part: Src{Part: bi, Cell: k}})
				tc := tableCell{lines: lines}
				for _, l := range lines {
					notes = append(notes, l.notes...)
					for i := range l.frag.text {
						tc.w = max(tc.w, l.frag.text[i].End-l.frag.text[i].X)
						l.frag.text[i].Cell = true
					}
				}
				cells[r][c] = tc
				rowLines[r] = max(rowLines[r], len(lines))
			}
			x += cw[c]
		}
		rowLines[r] = max(1, rowLines[r])
		cited = append(cited, notes)
	}
	// alignment: head cells centred; numeric columns right, on the decimal
	// point; centred columns (the source's) centred
	x := units.Length(0)
	for c := 0; c < ncol; c++ {
		var frac units.Length
		if numeric[c] {
			for r := t.Head; r < len(t.Rows); r++ {
				if c < len(t.Rows[r]) {
					frac = max(frac, e.fracWidth(t.Rows[r][c].Text, ts))
				}
			}
		}
		// the block of figures: the widest integer part and decimal part
		var block units.Length
		if numeric[c] {
			for r := t.Head; r < len(t.Rows); r++ {
				for _, l := range cells[r][c].lines {
					block = max(block, lineEnd(l)-e.fracWidth(l.text, ts)+frac)
				}
			}
		}
		for r := range t.Rows {
			for _, l := range cells[r][c].lines {
				var dx units.Length
				end := lineEnd(l)
				inner := cw[c] - pad
				align := issue.AlignAuto
				if c < len(t.Align) {
					align = t.Align[c]
				}
				switch {
				case r < t.Head || align == issue.AlignCenter:
					dx = (inner - end) / 2
				case numeric[c] && align == issue.AlignRight:
					dx = inner - end - (frac - e.fracWidth(l.text, ts))
				case numeric[c]:
					// on the decimal point, the figures as a block centred
					// under the head
					dx = (inner-block)/2 + block - end - (frac - e.fracWidth(l.text, ts))
				case align == issue.AlignRight:
					dx = inner - end
				}
				if dx = min(dx, inner-end); dx > 0 {
					shiftFrag(&l.frag, dx)
				}
			}
		}
		x += cw[c]
	}
	// rows into pieces no taller than a column: caption (or 续表) lines,
	// the head, the body rows
	capSt := e.st(e.heading, e.noteSize(), Black)
	caption := func(text string, part Src) ([][]placed, []Placed) {
		if text == "" {
			return nil, nil
		}
		lines := e.textLines(text, capSt, width, a.File, b.Line)
		var pls []Placed
		for i, gs := range lines {
			centre(gs, width)
			s := part
			s.Seq, s.Last = i, i == len(lines)-1
			pls = append(pls, placedLine(gs, 0, e.bo, width, capSt.size, s))
		}
		return lines, pls
	}
	headLines := 0
	for r := 0; r < t.Head; r++ {
		headLines += rowLines[r]
	}
	most := e.typeLines()
	var items []item
	r := t.Head
	for piece := 0; r < len(t.Rows) || piece == 0; piece++ {
		var fr fragment
		var sb strings.Builder
		n := 0
		capText, capSrc := b.Text, Src{Part: bi}
		if piece > 0 {
			capText = "续表"
			if b.Text != "" {
				capText = tableNumber(b.Text) + "（续）"
			}
		}
		caps, pls := caption(capText, capSrc)
		for i, gs := range caps {
			y := units.Length(n) * e.L
			fr.runs = append(fr.runs, runsOf(gs, 0, y+e.bo, capSt.size, capSt.color)...)
			pl := pls[i]
			pl.Y += y
			pl.Repeat = piece > 0
			fr.placed = append(fr.placed, pl)
			for _, g := range gs {
				sb.WriteRune(g.r)
			}
			n++
		}
		top := units.Length(n) * e.L
		rule := func(y units.Length, w units.Length) {
			fr.lines = append(fr.lines, Line{X1: 0, Y1: y, X2: width, Y2: y, Width: w, Color: Black})
		}
		rule(top, tableRuleHeavy)
		addRow := func(r int, repeat bool) {
			for c := range cells[r] {
				for i, l := range cells[r][c].lines {
					f := l.frag
					if repeat {
						f.placed = append([]Placed(nil), f.placed...)
						for k := range f.placed {
							f.placed[k].Repeat = true
						}
						f.text = nil // the head's lines are checked once
					}
					f.drawInto(&fr, 0, units.Length(n+i)*e.L)
					sb.WriteString(l.text)
				}
			}
			n += rowLines[r]
		}
		for h := 0; h < t.Head; h++ {
			addRow(h, piece > 0)
		}
		if t.Head > 0 {
			rule(units.Length(n)*e.L, tableRuleLight)
		}
		body := 0
		var notes []int
		for r < len(t.Rows) && (body == 0 || n+rowLines[r] <= most) {
			if n+rowLines[r] > most {
				e.diags.Errorf(a.File, t.Rows[r][0].Line, "%s: row %d takes %d lines, more than a column holds (%d with the head row): shorten its cells", name, r+1, rowLines[r], most-headLines)
				return nil
			}
			addRow(r, false)
			notes = append(notes, cited[r]...)
			r++
			body++
		}
		rule(units.Length(n)*e.L, tableRuleHeavy)
		if piece == 0 {
			for h := 0; h < t.Head; h++ {
				notes = append(notes, cited[h]...)
			}
		}
		// notes cited in the table's cells go right under it (表注), at
		// the table's width
		if !e.iss.Text.Endnotes {
			byNum := a.Notes()
			for _, num := range notes {
				if nb := byNum[num]; nb != nil && !noted[num] {
					noted[num] = true
					for _, l := range e.noteLines(a, nb, width) {
						l.frag.drawInto(&fr, 0, units.Length(n)*e.L)
						n++
					}
				}
			}
		}
		it := item{kind: kBlock, lines: n, frag: fr, text: sb.String(), table: true}
		if wide {
			// across the columns, at the top of a page
			it.span, it.spanLines, it.wide = &it.frag, n, true
		}
		// a table in a column stays where the text puts it, after the
		// paragraph or heading that introduces it: its rows are on the
		// grid, so the columns' baselines stay paired; one that does not
		// fit the rest of the column goes to the next (with the heading
		// before it, which keeps with what follows)
		items = append(items, it, item{kind: kSpace, lines: 1})
		if len(t.Rows) == t.Head {
			break
		}
	}
	return items
}

// tableName names a table in messages: its caption's number, else its line.
func tableName(b *issue.Block) string {
	if b.Text != "" {
		return fmt.Sprintf("table %q", tableNumber(b.Text))
	}
	return fmt.Sprintf("the table at line %d", b.Line)
}

var tableNumRe = regexp.MustCompile(`^(续)?表\s*[0-9０-９一二三四五六七八九十]+`)

// tableNumber is the "表1" of a caption "表1 各地数据", or the caption.
func tableNumber(caption string) string {
	if m := tableNumRe.FindString(caption); m != "" {
		return m
	}
	return caption
}

// widestPiece is the width of the widest piece of text that cannot be
// broken (a Latin word, a number, a character with the marks glued to it).
func (e *engine) widestPiece(text string, st style) units.Length {
	it := itemizer{}
	atoms, p := it.itemize([]rune(text), st)
	var best, cur units.Length
	for i := range atoms {
		cur += p.Boxes[i].W
		if i+1 < len(atoms) && p.Joints[i].Break != CanBreak {
			cur += p.Joints[i].W // no break here: the piece goes on
			continue
		}
		best = max(best, cur)
		cur = 0
	}
	return best
}

// fracWidth is the width of a number's decimal part (from its point) and
// what follows it (%): what decimal alignment sets right of the point.
func (e *engine) fracWidth(text string, st style) units.Length {
	text = strings.TrimSpace(text)
	i := strings.IndexByte(text, '.')
	if i < 0 {
		// an integer: its point would stand after it, and the % after that
		j := strings.IndexAny(text, "%‰")
		if j < 0 {
			return 0
		}
		return e.textWidth(text[j:], st)
	}
	return e.textWidth(text[i:], st)
}

// lineEnd is where a set line's glyphs end, from the measure's start.
func lineEnd(l setText) units.Length {
	if len(l.frag.text) == 0 {
		return 0
	}
	t := l.frag.text[0]
	return t.End - t.X
}

// shiftFrag moves a set line right by dx inside its measure.
func shiftFrag(f *fragment, dx units.Length) {
	for i := range f.runs {
		f.runs[i].X += dx
	}
	for i := range f.rects {
		f.rects[i].X += dx
	}
	for i := range f.text {
		f.text[i].End += dx
	}
	for i := range f.placed {
		f.placed[i].End += dx
	}
}
