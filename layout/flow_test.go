package layout

import (
	"testing"

	"github.com/paiban/paiban/issue"
)

// paraItems is a paragraph of n lines as flow items.
func paraItems(n, serial int) []item {
	out := make([]item, n)
	for k := range out {
		out[k] = item{kind: kLine, lines: 1, paraFirst: k == 0, paraLast: k == n-1, para: serial}
	}
	return out
}

// A figure that leaves the text — to the foot of its column, to the top of
// the next, or (a "wide" one) to the top of the next page — takes its blank
// line along: the text goes on without an empty line where the figure was
// written.
func TestFloatedFigureLeavesNoBlankLine(t *testing.T) {
	fig := item{kind: kBlock, lines: 4, figure: true}
	wide := item{kind: kBlock, lines: 4, wide: true}
	wide.span, wide.spanLines = &wide.frag, 4
	for _, c := range []struct {
		name  string
		fig   item
		first int // lines of the first paragraph
		want  int // the column line of the second paragraph's first line
	}{
		{"foot of the column", fig, 3, 3},
		{"top of the next column", fig, 8, 8},
		{"wide, top of the next page", wide, 3, 3},
	} {
		var items []item
		items = append(items, paraItems(c.first, 1)...)
		items = append(items, c.fig, item{kind: kSpace, lines: 1})
		second := len(items)
		items = append(items, paraItems(4, 2)...)
		frames := []frame{{cols: 2, lines: 10}, {cols: 2, lines: 10}}
		pl, next, left := pour(items, frames, 0, -1)
		if next != len(items) || len(left) != 0 {
			t.Errorf("%s: not everything placed (next %d of %d, left %v)", c.name, next, len(items), left)
			continue
		}
		for _, p := range pl {
			if p.item == second && (p.page != 0 || p.col != 0 || p.line != c.want) {
				t.Errorf("%s: the next paragraph starts at page %d column %d line %d, want page 0 column 0 line %d", c.name, p.page, p.col, p.line, c.want)
			}
		}
	}
}

// An article that starts in mid-page gets its title across the columns, below
// the text above it balanced into equal columns (with midSpans); without
// them, the title stays in its column.
func TestMidPageTitleSpans(t *testing.T) {
	title := item{kind: kBlock, lines: 3, keep: 2}
	title.span, title.spanLines = &title.frag, 4
	var items []item
	items = append(items, paraItems(9, 1)...) // 9 lines above: 5 + 4 in two columns
	items = append(items, item{kind: kSpace, lines: 1})
	at := len(items)
	items = append(items, title)
	items = append(items, paraItems(12, 2)...)
	frames := []frame{{cols: 2, lines: 30}}
	pl, next, left := pourWith(items, frames, 0, -1, true)
	if next != len(items) || len(left) != 0 {
		t.Fatalf("not everything placed: next %d of %d", next, len(items))
	}
	foot := map[int]int{} // column → lines above the title
	for _, p := range pl {
		switch {
		case p.item == at:
			if !p.span || p.line != 6 {
				t.Errorf("title: span %v at line %d, want a span at line 6 (5 balanced lines and a blank)", p.span, p.line)
			}
		case p.item < at && items[p.item].kind == kLine:
			foot[p.col] = max(foot[p.col], p.line+1)
		case p.item > at:
			if p.line < 10 {
				t.Errorf("text of the new article at line %d, above the title's foot", p.line)
			}
		}
	}
	if foot[0] != 5 || foot[1] != 4 {
		t.Errorf("the text above is not balanced: columns end at lines %d and %d, want 5 and 4", foot[0], foot[1])
	}
	// without mid-page spans the title is set in its column
	pl, _, _ = pour(items, frames, 0, -1)
	for _, p := range pl {
		if p.item == at && p.span {
			t.Error("a span without midSpans")
		}
	}
}

// On a balanced last page a column's footnotes go below its own text: the
// limit is the text's height, so a column citing a long note ends its text
// level with the others (seed 936 with every element: the height set by
// the column with the note left the last column empty).
func TestBalancedNotesBelowText(t *testing.T) {
	var items []item
	items = append(items, paraItems(2, 1)...)
	items[1].noteLines = 4 // the paragraph's last line cites a note of 4 lines
	items = append(items, paraItems(6, 2)...)
	fr := frame{cols: 3, lines: 40}
	// one height for the text and the notes: the column with the note
	// needs 2 + 1 (rule) + 4 lines
	if _, next, _ := pour(items, []frame{fr}, 6, 0); next == len(items) {
		t.Errorf("6 lines hold the note's column with notes in the limit")
	}
	fr.notesBelow = true
	pl, next, left := pour(items, []frame{fr}, 3, 0)
	if next != len(items) || len(left) > 0 {
		t.Fatalf("3 lines of text a column do not hold 8 lines and a note below the text: next %d of %d", next, len(items))
	}
	ends := map[int]int{}
	for _, p := range pl {
		switch {
		case p.rule:
			if p.col != 0 || p.line != 3 {
				t.Errorf("the rule at column %d line %d, want column 0 line 3 (below the text)", p.col, p.line)
			}
		case p.note:
			if p.line != 4 {
				t.Errorf("the note at line %d, want 4", p.line)
			}
		default:
			ends[p.col] = max(ends[p.col], p.line+1)
		}
	}
	if ends[0] < 2 || ends[1] != 3 || ends[2] < 2 {
		t.Errorf("the text of the columns ends at lines %v, want level within a line at 3", ends)
	}
}

// The last line of an article kept with its endnotes (the 注释 after it):
// moved on with them, it takes the line before along (no 孤行), and the
// notes never stand alone on a page (seeds 855 and 1659: a page of 注释).
func TestEndnotesKeepLastLines(t *testing.T) {
	var items []item
	items = append(items, paraItems(5, 1)...)
	items[4].keep = 1
	items = append(items, item{kind: kSpace, lines: 1}, item{kind: kBlock, lines: 1, keep: 2})
	items = append(items, paraItems(3, 2)...)
	// a column of 8 lines: the 5 lines, the blank and 注释 fit, not the
	// 注释's note
	fr := frame{cols: 1, lines: 8}
	pl, next, _ := pour(items, []frame{fr, fr}, 0, -1)
	if next != len(items) {
		t.Fatalf("not everything placed: next %d of %d", next, len(items))
	}
	for _, p := range pl {
		if p.item == 3 && p.page != 1 || p.item == 4 && (p.page != 1 || p.line != 1) {
			t.Errorf("line %d of the paragraph on page %d line %d: the last two go to the next page with the notes", p.item, p.page, p.line)
		}
	}
}

// A subheading met just before a figure across the columns keeps with its
// text: the text above is not balanced above the figure with the
// subheading at its foot (seed 1626 with every element).
func TestHeadingNotAloneAboveWideFigure(t *testing.T) {
	wide := item{kind: kBlock, lines: 4, wide: true, figure: true}
	wide.span, wide.spanLines = &wide.frag, 4
	var items []item
	items = append(items, paraItems(4, 1)...)
	head := len(items)
	items = append(items, item{kind: kBlock, lines: 1, keep: 2}, wide, item{kind: kSpace, lines: 1})
	text := len(items)
	items = append(items, paraItems(6, 2)...)
	fr := frame{cols: 2, lines: 12}
	pl, next, left := pourWith(items, []frame{fr, fr}, 0, -1, true)
	if next != len(items) || len(left) > 0 {
		t.Fatalf("not everything placed: next %d of %d, left %v", next, len(items), left)
	}
	var h, x placement
	for _, p := range pl {
		switch p.item {
		case head:
			h = p
		case text:
			x = p
		}
	}
	if x.page != h.page || x.col != h.col || x.line != h.line+1 {
		t.Errorf("the subheading at page %d column %d line %d, its text at page %d column %d line %d: parted", h.page, h.col, h.line, x.page, x.col, x.line)
	}
}

// An article's end on a page whose columns cannot take the next title (it
// opens the next page) is balanced: no empty column beside its text below
// an item across the columns (seed 1007 with every element).
func TestArticleEndBalancedBeforeNextPage(t *testing.T) {
	wide := item{kind: kBlock, lines: 3, wide: true, figure: true}
	wide.span, wide.spanLines = &wide.frag, 3
	title := item{kind: kBlock, lines: 6, keep: 2, startOf: &issue.Article{}}
	var items []item
	items = append(items, wide, item{kind: kSpace, lines: 1})
	items = append(items, paraItems(10, 1)...)
	items = append(items, item{kind: kSpace, lines: 1})
	at := len(items)
	items = append(items, title)
	items = append(items, paraItems(4, 2)...)
	fr := frame{cols: 3, lines: 10}
	pl, next, left := pour(items, []frame{fr, fr}, 0, -1)
	if next != len(items) || len(left) > 0 {
		t.Fatalf("not everything placed: next %d of %d, left %v", next, len(items), left)
	}
	lines := map[int]int{}
	for _, p := range pl {
		if p.item == at && p.page != 1 {
			t.Errorf("the title on page %d, want the next", p.page)
		}
		if p.page == 0 && !p.span && items[p.item].kind == kLine {
			lines[p.col]++
		}
	}
	if lines[2] == 0 || lines[0]-lines[2] > 2 {
		t.Errorf("the article's end is not balanced: lines per column %v", lines)
	}
}
