package layout

import (
	"strings"

	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// Boxes (issue 15 item 1): 编者按, 资料链接 and sidebars set as one block in a
// column (or across the columns, width=page, at the top of a page): a tinted
// ground (a light CMYK tint) with the text inset by an em, or a rule above
// (heavy) and below; the title in the heading face, the text smaller than
// the body, every line on the body's grid. A pull quote is its sentence
// repeated large, in the heading face, between two rules. A box goes where
// it is written when the column has the room, else to the top of the next
// column (like a figure with place=here), and is never split; its text is
// proved set like every line of the article.

// BoxTint is the ground of a tinted box.
var BoxTint = CMYK{C: 8, Y: 4, K: 3}

// boxItems sets the box whose first block is a.Blocks[bi] (its title, when
// it has one, or its first paragraph), followed by a blank line.
func (e *engine) boxItems(a *issue.Article, bi int, fr frame) []item {
	bx := a.Boxes[a.Blocks[bi].Box-1]
	w, part := fr.colW, 0
	if bx.Wide {
		// across the type area (width=page), or across 2 or 3 of more
		// columns at a column top or foot (a partial span, like a figure's)
		w = fr.w
		if n := spanCols(bx.Width, fr.cols); n > 1 && n < fr.cols {
			w, part = spanWidth(fr, n), n
		}
	}
	var f fragment
	var txt strings.Builder
	n := 1 // the line above the text: the ground's (or the rule's) half line and the text's top
	if bx.Kind == issue.BoxPullQuote {
		st := e.st(e.heading, e.S*14/10, Black)
		for k := bi; k < len(a.Blocks) && a.Blocks[k].Box == a.Blocks[bi].Box; k++ {
			b := &a.Blocks[k]
			lines := e.textLines(b.Text, st, w-e.S, a.File, b.Line)
			for i, gs := range lines {
				base := units.Length(n)*e.L + e.bo
				f.runs = append(f.runs, runsOf(gs, e.S/2, base, st.size, st.color)...)
				f.placed = append(f.placed, placedLine(gs, e.S/2, base, w-e.S, st.size, Src{Part: k, Seq: i, Last: i == len(lines)-1}))
				for _, g := range gs {
					txt.WriteRune(g.r)
				}
				n++
			}
		}
		top, bottom := e.L/2, units.Length(n)*e.L+e.L/2
		f.lines = append(f.lines, Line{X1: 0, Y1: top, X2: w, Y2: top, Width: units.FromPt(1.5), Color: Black},
			Line{X1: 0, Y1: bottom, X2: w, Y2: bottom, Width: units.FromPt(1.5), Color: Black})
		return e.boxDone(f, n+1, bx, part, txt.String())
	}
	inset := units.Length(0)
	if bx.Style == issue.BoxTint {
		inset = e.S
	}
	body := e.st(e.body, e.S*9/10, Black)
	for k := bi; k < len(a.Blocks) && a.Blocks[k].Box == a.Blocks[bi].Box; k++ {
		b := &a.Blocks[k]
		var lines []setText
		switch {
		case b.Kind == issue.Heading:
			lines = e.paragraph(a, k, e.st(e.heading, e.S*9/10, Black), w-2*inset, inset, 0)
			for _, l := range lines {
				for i := range l.frag.text {
					l.frag.text[i].Heading = true
				}
			}
		case b.Kind == issue.ListItem:
			hang := 2*body.size + e.textWidth(b.Marker, body)
			lines = e.paragraph(a, k, body, w-2*inset-hang, inset+hang, 2*body.size-hang)
		default:
			lines = e.paragraph(a, k, body, w-2*inset, inset, 2*body.size)
		}
		fr, t := stack(lines, e.L)
		fr.drawInto(&f, 0, units.Length(n)*e.L)
		txt.WriteString(t)
		n += len(lines)
	}
	top, bottom := e.L/2-e.S/4, units.Length(n)*e.L+e.L/4
	if bx.Style == issue.BoxTint {
		f.rects = append(f.rects, Rect{X: 0, Y: top, W: w, H: bottom - top, Fill: BoxTint})
	} else {
		f.lines = append(f.lines, Line{X1: 0, Y1: top, X2: w, Y2: top, Width: units.FromPt(1.5), Color: Black},
			Line{X1: 0, Y1: bottom, X2: w, Y2: bottom, Width: units.FromPt(0.5), Color: Black})
	}
	return e.boxDone(f, n+1, bx, part, txt.String())
}

// boxDone is the box's item — in the column where it is written when there
// is room, else at the next paragraph boundary that has it (never between
// two lines of a paragraph, so the text around it reads on); across the
// columns at the top of a page when wide, at a column top or foot across
// part columns when partial — and the blank line after it.
func (e *engine) boxDone(f fragment, lines int, bx issue.Box, part int, text string) []item {
	it := item{kind: kBlock, lines: lines, figure: true, place: issue.PlaceHere, box: true, frag: f, text: text, srcLine: bx.Line}
	switch {
	case part > 0:
		it.cols, it.place = part, issue.PlaceAuto
	case bx.Wide:
		it.span, it.spanLines, it.wide, it.figure = &it.frag, lines, true, false
	}
	return []item{it, {kind: kSpace, lines: 1}}
}

// boxLine is the grid line a box goes to at line of a column whose text
// starts at top: the top itself, else below a blank line.
func boxLine(line, top int) int {
	if line == top {
		return line
	}
	return line + 1
}
