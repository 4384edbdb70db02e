package layout

import "testing"

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
