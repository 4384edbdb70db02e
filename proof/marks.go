package proof

import (
	"fmt"
	"strings"

	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/units"
)

// Change marks drawn on the proof's pages (layout data, like the stamp):
// a bar in the margin beside every changed line — thick magenta where its
// words changed, thin cyan where it only moved — and, first, pages listing
// every edited line: page, article file:line, old → new. The highlights
// over the changed characters are annotations (annots.go).

// ListSlot is the slot name of the pages listing the changes.
const ListSlot = "改动"

var (
	editedBar = layout.CMYK{M: 100}
	movedBar  = layout.CMYK{C: 100}
)

// changeBars draws the bars of page i's changed lines on q.
func changeBars(q *layout.Page, i int, opt Options) {
	m := opt.Manifest
	if m == nil || m.Geometry == nil || i >= len(m.Pages) {
		return
	}
	g, f := *m.Geometry, q.Frame
	for _, c := range opt.Changes {
		l, ok := lineOf(m, c)
		if c.Page != i || !ok {
			continue
		}
		box := l.Box
		x0, x1 := g.LayoutX(box[0]), g.LayoutX(box[2])
		top, foot := g.LayoutY(box[3]), g.LayoutY(box[1])
		w := units.FromMM(0.8)
		color := editedBar
		if c.Kind == Moved {
			w, color = units.FromMM(0.3), movedBar
		}
		// in the margin on the side of the type area the line is on
		x := x0 - units.FromMM(2.5)
		if f.W > 0 {
			x = f.X - units.FromMM(2.5)
			if f.Cols > 1 && (x0+x1)/2 > f.X+f.W/2 {
				x = f.X + f.W + units.FromMM(2.5) - w
			}
		}
		q.Rects = append(q.Rects, layout.Rect{X: x, Y: top, W: w, H: foot - top, Fill: color})
	}
}

// Counts returns how many lines were edited and how many only moved.
func Counts(changes []Change) (edited, moved int) {
	for _, c := range changes {
		if c.Kind == Edited {
			edited++
		} else {
			moved++
		}
	}
	return edited, moved
}

// Report is the text listing of the changes (`paiban proof --changes`):
// a head line, then one line per edited line.
func Report(changes []Change, round int) string {
	var b strings.Builder
	b.WriteString(listHead(changes, round) + "\n")
	for _, c := range changes {
		if c.Kind == Edited {
			b.WriteString(c.Describe() + "\n")
		}
	}
	return b.String()
}

func listHead(changes []Change, round int) string {
	e, m := Counts(changes)
	return fmt.Sprintf("第%d校 改动 changes since the earlier proof: %d line%s edited, %d moved by reflow", max(round, 1), e, plural(e), m)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// changeList puts the pages listing the changes before doc's pages, when
// a line was edited.
func (ts typesetter) changeList(doc *layout.Document, opt Options) {
	if e, _ := Counts(opt.Changes); e == 0 {
		return
	}
	margin := units.FromMM(15)
	size, lead := units.FromPt(9), units.FromPt(14)
	width := doc.TrimW - 2*margin
	var pages []*layout.Page
	var p *layout.Page
	y := units.Length(0)
	newPage := func() {
		p = &layout.Page{Slot: ListSlot, Label: ListSlot}
		pages = append(pages, p)
		y = margin + units.FromPt(12)
	}
	put := func(text string, sz units.Length, indent units.Length, color layout.CMYK) {
		for i, l := range ts.wrap(text, sz, width-indent) {
			if p == nil || y > doc.TrimH-margin {
				newPage()
			}
			x := margin
			if i > 0 {
				x += indent
			}
			runs, _ := ts.runs(l, sz, x, y, color)
			p.Runs = append(p.Runs, runs...)
			y += lead * sz / size
		}
	}
	put(listHead(opt.Changes, opt.Round), units.FromPt(12), 0, stampColor)
	put("黄色高亮：改动的字（注释里是原文）；品红粗线：改动的行；青色细线：只是移位的行（重排）", size, 0, stampColor)
	y += lead / 2
	for _, c := range opt.Changes {
		if c.Kind == Edited {
			put(c.Describe(), size, units.FromMM(8), stampColor)
		}
	}
	doc.Pages = append(pages, doc.Pages...)
}

// wrap breaks text into lines no wider than width, at any character.
func (ts typesetter) wrap(text string, size, width units.Length) []string {
	var out []string
	var cur []rune
	for _, r := range text {
		cur = append(cur, r)
		if _, w := ts.runs(string(cur), size, 0, 0, stampColor); w > width && len(cur) > 1 {
			out = append(out, string(cur[:len(cur)-1]))
			cur = cur[len(cur)-1:]
		}
	}
	if len(cur) > 0 {
		out = append(out, string(cur))
	}
	return out
}

// Placement is where a page of the document is in the proof: the index of
// its sheet (not counting the list of changes) and how far right it is
// shifted on it (the right page of a spread).
type Placement struct {
	Sheet int
	DX    units.Length
}

// Placements returns the placement of every page of doc.
func Placements(doc *layout.Document, spreads bool) []Placement {
	out := make([]Placement, len(doc.Pages))
	if !spreads {
		for i := range out {
			out[i].Sheet = i
		}
		return out
	}
	index := map[*layout.Page]int{}
	for i, p := range doc.Pages {
		index[p] = i
	}
	for k, s := range sheets(doc.Pages) {
		if s.left != nil {
			out[index[s.left]] = Placement{Sheet: k}
		}
		if s.right != nil {
			out[index[s.right]] = Placement{Sheet: k, DX: doc.TrimW}
		}
	}
	return out
}

// lineOf returns the record of change c in m, or false.
func lineOf(m *manifest.Manifest, c Change) (manifest.Line, bool) {
	if m == nil || c.Page < 0 || c.Page >= len(m.Pages) || c.Line < 0 || c.Line >= len(m.Pages[c.Page].Lines) {
		return manifest.Line{}, false
	}
	return m.Pages[c.Page].Lines[c.Line], true
}
