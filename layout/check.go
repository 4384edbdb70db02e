package layout

import (
	"fmt"
	"sort"
	"strings"

	"github.com/paiban/paiban/units"
)

// Violation is a typographic rule broken on a page.
type Violation struct {
	Page string
	Rule string
	Line string
}

func (v Violation) String() string { return fmt.Sprintf("%s: %s: %q", v.Page, v.Rule, v.Line) }

// LooseEm is the most a justified line may add between two hanzi, in
// thousandths of an em (0.15 em: more reads as letter-spaced).
const LooseEm = 150

// flushTolerance is how far a justified line may end from its measure.
const flushTolerance = 30 // thousandths of a point

// CheckTypography checks the body lines of the document against the rules
// the layout promises (clreq §3.1.4, §3.1.5.1, §3.4.4): no prohibited line
// start or end, ——/…… never split, justified lines flush with the measure,
// no line past its measure, no 孤字, and baselines on the grid of their
// column. It is the layout's own referee; pdfaudit is the independent one.
func (d *Document) CheckTypography() []Violation {
	var out []Violation
	for _, p := range d.Pages {
		add := func(rule, text string) { out = append(out, Violation{p.Slot, rule, text}) }
		// 孤行: a paragraph's last line alone at the top of a column
		top := map[units.Length]int{}    // column right edge → index of its top line
		bottom := map[units.Length]int{} // … and of its foot line
		for i, l := range p.TextLines {
			if l.Cell {
				continue // a table's cells are no column of text
			}
			k := l.X + l.Measure
			if j, ok := top[k]; !ok || l.Y < p.TextLines[j].Y {
				top[k] = i
			}
			if j, ok := bottom[k]; !ok || l.Y > p.TextLines[j].Y {
				bottom[k] = i
			}
		}
		feet := make([]int, 0, len(bottom))
		for _, i := range bottom {
			feet = append(feet, i)
		}
		sort.Ints(feet)
		for _, i := range feet {
			if l := p.TextLines[i]; l.Heading {
				add("subheading at the foot of a column", l.Text)
			} else if l.First && l.Justified {
				add("orphan (a paragraph's first line alone at the foot of a column)", l.Text)
			}
		}
		// letter-spacing: no more than 0.15 em between hanzi (a run's
		// spacing applies between each pair of its glyphs)
		for _, r := range p.Runs {
			if r.Spacing <= r.Size*LooseEm/1000+flushTolerance/3 || !onBodyLine(p, r, false) {
				continue
			}
			prev := false
			for _, c := range r.Text {
				han := classOf(c) == clHan
				if han && prev {
					add(fmt.Sprintf("letter-spaced: hanzi %.2f em apart", float64(r.Spacing)/float64(r.Size)), r.Text)
					break
				}
				prev = han
			}
		}
		tops := make([]int, 0, len(top))
		for _, i := range top {
			tops = append(tops, i)
		}
		sort.Ints(tops)
		for _, i := range tops {
			if l := p.TextLines[i]; !l.Justified && !l.First {
				add("孤行 (a paragraph's last line alone at the top of a column)", l.Text)
			}
		}
		// figures: inside the trim (unless full-bleed) and clear of text
		placedAt := map[[2]units.Length]bool{}
		for _, l := range p.Placed {
			placedAt[[2]units.Length{l.X, l.Y}] = true
		}
		for _, im := range p.Images {
			fullBleed := im.ClipX <= -d.Bleed && im.ClipY <= -d.Bleed && im.ClipX+im.ClipW >= d.TrimW+d.Bleed
			if fullBleed {
				continue
			}
			if im.ClipX < 0 || im.ClipY < 0 || im.ClipX+im.ClipW > d.TrimW || im.ClipY+im.ClipH > d.TrimH {
				add("figure crosses the trim", im.Path)
			}
			// every line of article text (body, titles, captions, boxes)
			// and every other line of text set in the columns
			for _, l := range p.Placed {
				if overlaps(im, l.X, l.Y, l.W, l.Size) {
					add("figure overlaps text: "+im.Path, l.Text)
				}
			}
			for _, l := range p.TextLines {
				if !placedAt[[2]units.Length{l.X, l.Y}] && overlaps(im, l.X, l.Y, l.Measure, l.Size) {
					add("figure overlaps text: "+im.Path, l.Text)
				}
			}
		}
		// text over text: no two lines of article text (body, titles,
		// captions, boxes, partial spans) share any part of their boxes
		for _, pair := range overlapping(p.Placed) {
			add("text overlaps text: "+pair[0].Text, pair[1].Text)
		}
		for i, l := range p.TextLines {
			r := []rune(l.Text)
			if len(r) == 0 {
				continue
			}
			if isNoLineStart(r[0]) {
				add("line starts with "+string(r[0]), l.Text)
			}
			if isNoLineEnd(r[len(r)-1]) {
				add("line ends with "+string(r[len(r)-1]), l.Text)
			}
			if i+1 < len(p.TextLines) {
				next := []rune(p.TextLines[i+1].Text)
				for _, c := range []rune{'—', '…'} {
					if r[len(r)-1] == c && len(next) > 0 && next[0] == c && countSuffix(r, c)%2 == 1 {
						add("splits "+string([]rune{c, c}), l.Text)
					}
				}
			}
			if l.End > l.X+l.Measure+flushTolerance/3 {
				add(fmt.Sprintf("overfull by %s", units.Length(l.End-l.X-l.Measure)), l.Text)
			}
			if l.Justified && l.X+l.Measure-l.End > flushTolerance {
				add(fmt.Sprintf("not justified: %s short", units.Length(l.X+l.Measure-l.End)), l.Text)
			}
			if !l.Justified && !l.Cell && weight(r) == 1 && len(r) <= 3 {
				add("孤字 (one character on a paragraph's last line)", l.Text)
			}
		}
	}
	return out
}

// overlapping finds the pairs of lines of different parts (a part's own
// lines may be set tighter than its size, as a pull quote's are) whose
// boxes (the measure's width, from the ascent to the descent) intersect.
func overlapping(ls []Placed) [][2]Placed {
	box := func(l Placed) (x0, y0, x1, y1 units.Length) {
		return l.X, l.Y - l.Size*88/100, l.X + l.W, l.Y + l.Size*12/100
	}
	idx := make([]int, len(ls))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		_, ya, _, _ := box(ls[idx[a]])
		_, yb, _, _ := box(ls[idx[b]])
		return ya < yb
	})
	var out [][2]Placed
	for a, i := range idx {
		ax0, _, ax1, ay1 := box(ls[i])
		for _, j := range idx[a+1:] {
			bx0, by0, bx1, _ := box(ls[j])
			if by0 >= ay1 {
				break
			}
			if ax0 < bx1 && bx0 < ax1 && (ls[i].Src.Content != ls[j].Src.Content || ls[i].Src.Part != ls[j].Src.Part || ls[i].Src.Cell != ls[j].Src.Cell) {
				out = append(out, [2]Placed{ls[i], ls[j]})
			}
		}
	}
	return out
}

// overlaps reports whether image im covers part of a line of text at x,
// baseline y, w wide, of size (from its ascent to its descent).
func overlaps(im Image, x, y, w, size units.Length) bool {
	top, bottom := y-size*88/100, y+size*12/100
	return x < im.ClipX+im.ClipW && im.ClipX < x+w && top < im.ClipY+im.ClipH && im.ClipY < bottom
}

func countSuffix(r []rune, c rune) int {
	n := 0
	for i := len(r) - 1; i >= 0 && r[i] == c; i-- {
		n++
	}
	return n
}

func weight(r []rune) int {
	n := 0
	for _, c := range r {
		if k := classOf(c); k == clHan || k == clLatin {
			n++
		}
	}
	return n
}

// String lists violations one per line.
func violationsString(vs []Violation) string {
	var b strings.Builder
	for _, v := range vs {
		b.WriteString(v.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// onBodyLine: the run is part of a line of body text (not display type: an
// overlay's slogan may be spaced as designed).
// With loose, lines the breaker could set no tighter (TextLine.Loose) count;
// without, they do not.
func onBodyLine(p *Page, r GlyphRun, loose bool) bool {
	for _, l := range p.TextLines {
		if l.Y == r.Y && r.X >= l.X && r.X < l.X+l.Measure && (loose || !l.Loose) {
			return true
		}
	}
	return false
}
