package layout

import (
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// Footnotes. A reference is set where it is cited as a superscript mark
// (1 2 3, or ①②③ with [text] footnote_style = "circled"), glued to the
// character before it; the note goes to the foot of the column where the
// line citing it is placed, below a short rule, on the grid, in a smaller
// size. pour reserves the note's lines when it places the citing line: a
// line whose notes no longer fit the column moves on to the next column
// with them, so no note is ever parted from its reference. With [text]
// footnotes = "endnotes" the notes are set at the article's end under a
// subheading 注释 instead.

// PartNotes is the Src.Part of the 注释 subheading over endnotes.
const PartNotes = -5

// runeSrc is the text of a block as the layout sets it, rune by rune.
type runeSrc struct {
	text []rune
	src  []int // index of the rune in the block's Text; -1 for what the layout adds
	ref  []int // > 0: a rune of the mark of that note's reference; -1: a note's own mark
}

// blockRunes is block bi of a as set: a list item's marker, the text with
// the marks of its footnote references, the end mark; a note starts with
// its own mark and a space.
func blockRunes(iss *issue.Issue, a *issue.Article, bi int) runeSrc {
	return refRunes(iss, &a.Blocks[bi], endMarkOf(iss, a, bi))
}

// refRunes is b as set, end (an end mark, or "") after it.
func refRunes(iss *issue.Issue, b *issue.Block, end string) runeSrc {
	text := []rune(b.Text)
	n := len(text) + 8*len(b.Refs) + 8 // room for the marks: no growing
	rs := runeSrc{text: make([]rune, 0, n), src: make([]int, 0, n), ref: make([]int, 0, n)}
	addAll := func(s string, ref int) {
		for _, r := range s {
			rs.text = append(rs.text, r)
			rs.src = append(rs.src, -1)
			rs.ref = append(rs.ref, ref)
		}
	}
	style := iss.Text.FootnoteStyle
	if b.Kind == issue.Note {
		mark := -1
		if style == "circled" {
			mark = 0 // set full size at the head of the note
		}
		addAll(issue.NoteMark(style, b.Level), mark)
		addAll(" ", 0)
	} else if b.Kind == issue.ListItem && b.Marker != "" {
		addAll(b.Marker, 0)
	}
	k := 0
	for i := 0; i <= len(text); i++ {
		for k < len(b.Refs) && b.Refs[k].At == i {
			addAll(issue.NoteMark(style, b.Refs[k].N), b.Refs[k].N)
			k++
		}
		if i < len(text) {
			rs.text = append(rs.text, text[i])
			rs.src = append(rs.src, i)
			rs.ref = append(rs.ref, 0)
		}
	}
	if b.Kind != issue.Note {
		addAll(end, 0)
	}
	return rs
}

// cellRunes is a table cell as set: its text with its references' marks.
func cellRunes(iss *issue.Issue, c issue.Cell) runeSrc {
	return refRunes(iss, &issue.Block{Kind: issue.Para, Text: c.Text, Refs: c.Refs}, "")
}

// noteSize is the size of footnotes and table text: a step below the body.
func (e *engine) noteSize() units.Length { return e.S * 85 / 100 }

// setSpec is how setRunes sets a text.
type setSpec struct {
	st            style
	width, x0     units.Length
	indent        units.Length
	justify       bool
	spans         func(i int) issue.Style // the style of rune i of the source text
	lineOf        func(i int) int         // its source line
	file          string
	part          Src // Part (and Cell) of every line's Src
	emphasisChain *faceChain
}

// setRunes breaks and sets a text (a paragraph, a note, a table cell) as
// lines of sp.width; each line's notes are the numbers of the notes cited
// on it.
func (e *engine) setRunes(rs runeSrc, sp setSpec) []setText {
	srcAt := func(i int) int {
		if i < 0 || i >= len(rs.src) {
			return -1
		}
		return rs.src[i]
	}
	it := itemizer{missing: func(i int, r rune) {
		line := 0
		if sp.lineOf != nil {
			line = sp.lineOf(max(0, srcAt(i)))
		}
		e.noteMissing(sp.file, line, r)
	}}
	var emph func(int32) bool
	if sp.spans != nil {
		// bold in the bold face: the heading font (the body fonts have no
		// bold); emphasis as 着重号 under the characters, or in the 楷体
		// face ([text] emphasis = "kai")
		bold := e.heading
		kai := e.iss.Text.EmphasisKai && e.quote != nil
		it.chainAt = func(i int) *faceChain {
			switch s := srcAt(i); {
			case s < 0:
			case sp.spans(s) == issue.Bold:
				return bold
			case kai && sp.spans(s) == issue.Emphasis:
				return e.quote
			}
			return nil
		}
		if !kai {
			emph = func(src int32) bool { s := srcAt(int(src)); return s >= 0 && sp.spans(s) == issue.Emphasis }
		}
	}
	hasRef := false
	for _, r := range rs.ref {
		hasRef = hasRef || r != 0
	}
	if hasRef {
		it.refAt = func(i int) bool { return rs.ref[i] != 0 }
	}
	atoms, p := it.itemize(rs.text, sp.st)
	if len(atoms) == 0 {
		return nil
	}
	p.Justify, p.MinLastWeight, p.Indent = sp.justify, 2, sp.indent
	if sp.justify {
		p.LastShortBy = 2*e.S + e.S/10
	}
	lines, _ := Break(p, sp.width)
	out := make([]setText, len(lines))
	for i, l := range lines {
		out[i].frag, out[i].text = e.lineFrag(atoms, p, l, sp.width, sp.x0, sp.st, e.bo, emph)
		src := sp.part
		src.Seq, src.Last = i, i == len(lines)-1
		out[i].frag.placed[0].Src = src
		if hasRef {
			for k := l.From; k < l.To; k++ {
				if n := rs.ref[atoms[k].src]; atoms[k].ref && n > 0 {
					out[i].notes = append(out[i].notes, n)
				}
			}
		}
	}
	return out
}

// notesOf sets the notes cited in lines (each once in the article: done
// records those set) as the foot block of their column: the notes stacked
// on grid lines, relative to the first note line's top.
func (e *engine) notesOf(a *issue.Article, notes []int, done map[int]bool, colW units.Length) (fragment, int) {
	var fr fragment
	n := 0
	if e.iss.Text.Endnotes {
		return fr, 0
	}
	byNum := a.Notes()
	for _, num := range notes {
		b := byNum[num]
		if b == nil || done[num] {
			continue
		}
		done[num] = true
		lines := e.noteLines(a, b, colW)
		if most := e.typeLines() - 3; len(lines) > most {
			// with its rule and the line citing it, it fits no column
			e.diags.Errorf(a.File, b.Line, "footnote %d takes %d lines at the foot of a column, which holds %d with the rule and the line citing it: shorten it, or set the notes as endnotes ([text] footnotes = \"endnotes\")", num, len(lines), most)
		}
		for _, l := range lines {
			l.frag.drawInto(&fr, 0, units.Length(n)*e.L)
			n++
		}
	}
	return fr, n
}

// citedIn lists the notes cited on lines.
func citedIn(lines []setText) []int {
	var out []int
	for _, l := range lines {
		out = append(out, l.notes...)
	}
	return out
}

// noteLines sets a note: smaller than the body, justified, the lines after
// the first flush left.
func (e *engine) noteLines(a *issue.Article, b *issue.Block, colW units.Length) []setText {
	bi := blockIndex(a, b)
	st := e.st(e.body, e.noteSize(), Black)
	return e.setRunes(blockRunes(e.iss, a, bi), setSpec{st: st, width: colW, justify: true, spans: b.StyleAt, lineOf: b.LineOf, file: a.File, part: Src{Part: bi}})
}

// endnoteItems sets an article's notes at its end (footnotes = "endnotes"):
// a subheading 注释 and the notes as paragraphs.
func (e *engine) endnoteItems(a *issue.Article, colW units.Length, serial *int) []item {
	if !e.iss.Text.Endnotes {
		return nil
	}
	var items []item
	for bi := range a.Blocks {
		b := &a.Blocks[bi]
		if b.Kind != issue.Note {
			continue
		}
		if len(items) == 0 {
			st := e.headStyle()
			st.size = e.noteSize()
			rs := runeSrc{}
			for _, r := range issue.EndnotesHeading {
				rs.text, rs.src, rs.ref = append(rs.text, r), append(rs.src, -1), append(rs.ref, 0)
			}
			lines := e.setRunes(rs, setSpec{st: st, width: colW, file: a.File, part: Src{Part: PartNotes}})
			fr, txt := stack(lines, e.L)
			items = append(items, item{kind: kSpace, lines: 1}, item{kind: kBlock, lines: len(lines), keep: 2, frag: fr, text: txt})
		}
		*serial++
		lines := e.noteLines(a, b, colW)
		for li, l := range lines {
			items = append(items, item{kind: kLine, lines: 1, frag: l.frag, paraFirst: li == 0, paraLast: li == len(lines)-1, para: *serial, text: l.text})
		}
	}
	return items
}

// footRule is the rule over a column's notes: a quarter of the column,
// on the blank grid line above them.
func footRule(colW, L units.Length) Line {
	y := L * 6 / 10
	return Line{X1: 0, Y1: y, X2: colW / 4, Y2: y, Width: units.FromPt(0.5), Color: Black}
}

// placeFoot places the notes of the lines placed in column col of page pg
// (the placements after from) at the foot of the column, base its last
// line, and moves the figures at its foot above them.
func placeFoot(items []item, pl []placement, from, pg, col, base int, footFigs []int) []placement {
	total, first := 0, -1
	for k := from; k < len(pl); k++ {
		p := pl[k]
		if p.page == pg && p.col == col && !p.span && !p.note && !p.rule && items[p.item].noteLines > 0 {
			total += items[p.item].noteLines
			if first < 0 {
				first = p.item
			}
		}
	}
	if total == 0 {
		return pl
	}
	at := base - total - 1
	// figures at the foot go above the notes
	cursor := at
	for k := len(footFigs) - 1; k >= 0; k-- {
		if f := footFigs[k]; f < len(pl) && items[pl[f].item].figure {
			pl[f].line = cursor - items[pl[f].item].lines
			cursor = pl[f].line - 1
		}
	}
	pl = append(pl, placement{item: first, page: pg, col: col, line: at, rule: true})
	at++
	n := len(pl)
	for k := from; k < n; k++ {
		p := pl[k]
		if p.page == pg && p.col == col && !p.span && !p.note && !p.rule && items[p.item].noteLines > 0 {
			pl = append(pl, placement{item: p.item, page: pg, col: col, line: at, note: true})
			at += items[p.item].noteLines
		}
	}
	return pl
}
