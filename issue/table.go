package issue

import (
	"bytes"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// table reads a GFM pipe table into a TableBlock: its head row, its body
// rows, the columns' alignment; a "表1 …" paragraph just above it is its
// caption.
func (p *mdParser) table(n *east.Table) {
	line := p.blockLine(n)
	tb := &Table{}
	for _, a := range n.Alignments {
		tb.Align = append(tb.Align, mdAlign[a]) // AlignNone: AlignAuto
	}
	for row := n.FirstChild(); row != nil; row = row.NextSibling() {
		rl := p.blockLine(row)
		if rl == 0 {
			rl = line
		}
		var cells []Cell
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			var t textBuf
			p.inline(&t, cell)
			cells = append(cells, p.cell(&t, rl))
		}
		if src := p.sourceLine(row); src != nil {
			// GFM drops the cells past the head's: say so (a | in a code
			// span divides cells too)
			if k := rowCells(src); k > len(n.Alignments) {
				p.d.Errorf(p.file, rl, "a row of the table has %d cells, its head %d: the cells past column %d would be lost; write \\| for a | in a cell (in `code` too)", k, len(n.Alignments), len(n.Alignments))
			}
		}
		if _, head := row.(*east.TableHeader); head {
			tb.Head = 1
		}
		tb.Rows = append(tb.Rows, cells)
	}
	if line == 0 && len(tb.Rows) > 0 && len(tb.Rows[0]) > 0 {
		line = tb.Rows[0][0].Line
	}
	var caption string
	caption, p.a.Blocks = takeCaption(p.a.Blocks, line)
	p.a.Blocks = append(p.a.Blocks, Block{Kind: TableBlock, Text: caption, Line: line, Table: tb})
}

// sourceLine is the source line of the first text in n (a table row's),
// nil when it has none.
func (p *mdParser) sourceLine(n ast.Node) []byte {
	at := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering && at < 0 {
			at = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if at < 0 || at > len(p.src) {
		return nil
	}
	from := bytes.LastIndexByte(p.src[:at], '\n') + 1
	to := bytes.IndexByte(p.src[at:], '\n')
	if to < 0 {
		return p.src[from:]
	}
	return p.src[from : at+to]
}

// rowCells counts the cells of a table row's source line: its unescaped |
// dividers, a leading and a trailing one aside.
func rowCells(line []byte) int {
	line = bytes.TrimSpace(line)
	n := 1
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			if i > 0 && i < len(line)-1 {
				n++
			}
		}
	}
	return n
}

var mdAlign = map[east.Alignment]Align{east.AlignLeft: AlignLeft, east.AlignCenter: AlignCenter, east.AlignRight: AlignRight}

// cell finishes a table cell's text: white space trimmed, references taken,
// punctuation fixed.
func (p *mdParser) cell(t *textBuf, line int) Cell {
	trimSpace(t)
	refs := takeRefs(t)
	p.a.Fixes = append(p.a.Fixes, fixPunct(t)...)
	return Cell{Text: t.String(), Line: t.firstLine(line), Spans: t.spans(), Refs: refs}
}

// footnotes reads the notes of an article as Note blocks, by number; a note
// cited nowhere is left out with a warning.
func (p *mdParser) footnotes(n *east.FootnoteList) {
	var notes []Block
	for fn := n.FirstChild(); fn != nil; fn = fn.NextSibling() {
		f, ok := fn.(*east.Footnote)
		if !ok {
			continue
		}
		line := p.blockLine(f)
		if f.Index <= 0 {
			p.d.Warnf(p.file, line, "footnote [^%s] is cited nowhere: it is left out", string(f.Ref))
			continue
		}
		var t textBuf
		for c := f.FirstChild(); c != nil; c = c.NextSibling() {
			if c.Type() != ast.TypeBlock {
				continue
			}
			var pt textBuf
			p.inline(&pt, c)
			appendJoin(&t, pt)
		}
		trimSpace(&t)
		takeRefs(&t) // a reference inside a note is not a note of its own
		p.a.Fixes = append(p.a.Fixes, fixPunct(&t)...)
		if len(t.r) == 0 {
			p.d.Warnf(p.file, line, "footnote [^%s] has no text", string(f.Ref))
			continue
		}
		notes = append(notes, Block{Kind: Note, Text: t.String(), Line: t.firstLine(line), Level: f.Index, Spans: t.spans(), LineStarts: t.lineStarts(t.firstLine(line))})
	}
	sort.SliceStable(notes, func(i, j int) bool { return notes[i].Level < notes[j].Level })
	p.a.Blocks = append(p.a.Blocks, notes...)
}

// CellText is the text of a cell as set: its footnote marks inserted.
func (c Cell) SetText(style string) string { return TextWithRefs(c.Text, c.Refs, style) }

// tableText is the text of a table for plain-text exports: the caption,
// then every row, its cells apart by an ideographic space.
func tableText(b Block, style string) []string {
	var out []string
	if b.Text != "" {
		out = append(out, b.Text)
	}
	for _, row := range b.Table.Rows {
		var cs []string
		for _, c := range row {
			cs = append(cs, c.SetText(style))
		}
		out = append(out, strings.Join(cs, "\u3000"))
	}
	return out
}
