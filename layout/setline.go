package layout

import (
	"math"

	"github.com/paiban/paiban/units"
)

// placed is one glyph at its final position.
type placed struct {
	r    rune
	font int
	adv  units.Length
	x    units.Length
	hyph bool  // a hyphen the layout added at a line end
	src  int32 // source index of the character (the atom's first plus its place in the atom)
	sup  bool  // a footnote reference mark: smaller, raised
}

// supScale is the size of a footnote reference mark, in percent of the
// text's; supRise raises its baseline, in percent of the text size.
const (
	supScale = 60
	supRise  = 36
)

func supSize(size units.Length) units.Length { return size * supScale / 100 }

// setLine positions the glyphs of one broken line. x0 is the left edge of
// the line (indent excluded) and width the measure the line was broken for.
func setLine(atoms []atom, p Paragraph, l BrokenLine, width units.Length, st style) []placed {
	gs, _ := setLineEnd(atoms, p, l, width, st)
	return gs
}

// setLineEnd is setLine that also returns where the line's boxes end (after
// line-end compression): the edge the line is justified to.
func setLineEnd(atoms []atom, p Paragraph, l BrokenLine, width units.Length, st style) ([]placed, units.Length) {
	f := l.Fit
	x := units.Length(0)
	if l.From == 0 {
		x = p.Indent
	}
	extras := make([]units.Length, 0, l.To-l.From)
	var total units.Length
	for i := l.From; i+1 < l.To; i++ {
		j := p.Joints[i]
		e := units.Length(0)
		switch {
		case f.Ratio > 0 && !math.IsInf(f.Ratio, 1):
			e = units.Length(math.Floor(f.Ratio * float64(j.Stretch)))
		case f.Ratio < 0:
			e = units.Length(math.Floor(f.Ratio * float64(j.Shrink)))
		}
		if f.Ratio2 > 0 {
			e += units.Length(math.Floor(f.Ratio2 * float64(j.Stretch2)))
		}
		extras = append(extras, j.W+e)
		total += j.W + e
	}
	// Justified lines end exactly at the measure: the rounding remainder
	// (a few thousandths of a point) goes to the last stretchable joint.
	justified := p.Justify && !l.Last || f.Ratio < 0 || f.EndShrink > 0 || f.StartShrink > 0
	if justified && len(extras) > 0 {
		end := x - f.StartShrink + total
		for i := l.From; i < l.To; i++ {
			end += p.Boxes[i].W
		}
		if l.To < len(p.Boxes) {
			end += p.Joints[l.To-1].Hyphen
		}
		end -= f.EndShrink
		// below 0.03 pt the remainder is left alone: no viewer or
		// referee sees it, and equal gaps keep the line in one run
		if diff := width - end; absL(diff) > 30 && absL(diff) < 100 {
			for k := len(extras) - 1; k >= 0; k-- {
				if p.Joints[l.From+k].Stretch > 0 || p.Joints[l.From+k].Shrink > 0 || p.Joints[l.From+k].Stretch2 > 0 {
					extras[k] += diff
					break
				}
			}
		}
	}
	x -= f.StartShrink
	n := 0
	for i := l.From; i < l.To; i++ {
		n += len(atoms[i].glyphs())
	}
	out := make([]placed, 0, n+1) // and a hyphen
	for i := l.From; i < l.To; i++ {
		for k, g := range atoms[i].glyphs() {
			out = append(out, placed{r: g.r, font: g.font, adv: g.adv, x: x + g.dx, src: atoms[i].src + int32(k), sup: g.sup})
		}
		x += p.Boxes[i].W
		if i+1 < l.To {
			x += extras[i-l.From]
		}
	}
	if l.To < len(p.Boxes) && p.Joints[l.To-1].Hyphen > 0 {
		// a hyphenated word: the hyphen ends the line
		g, _ := hyphenGlyph(st)
		out = append(out, placed{r: g.r, font: g.font, adv: g.adv, x: x, hyph: true})
		x += g.adv
	}
	return out, x - f.EndShrink
}

func absL(l units.Length) units.Length {
	if l < 0 {
		return -l
	}
	return l
}

// runsOf merges placed glyphs into runs with uniform spacing.
//
// A glyph whose successor starts inside its advance (a compressed
// full-width mark: 。” or ，“ set in 1.5 em, a mark pushed in at a line
// edge) ends a run of its own whose spacing is that overlap: the PDF's Tc
// then makes the mark's displacement end where the next glyph starts, so
// text extractors (poppler, mupdf) read one line instead of seeing the next
// glyph go back over the mark and starting a new line there.
func runsOf(gs []placed, x0, baseline, size units.Length, color CMYK) []GlyphRun {
	var runs []GlyphRun
	var cur *GlyphRun
	var buf []rune
	var lastEnd units.Length // origin + advance of the previous glyph
	var lastG placed
	n := 0
	sizeOf := func(g placed) (units.Length, units.Length) {
		if g.sup {
			return supSize(size), baseline - size*supRise/100
		}
		return size, baseline
	}
	flush := func() {
		if cur != nil {
			cur.Text = string(buf)
			runs = append(runs, *cur)
			cur, buf, n = nil, buf[:0], 0
		}
	}
	for _, g := range gs {
		if cur != nil {
			if gap := g.x + x0 - lastEnd; gap < 0 && !(g.font == cur.Font && (n == 1 || gap == cur.Spacing)) {
				// the previous glyph overlaps this one: it becomes a run
				// of its own with the overlap as its spacing
				if n > 1 {
					buf = buf[:len(buf)-1]
					flush()
					sz, y := sizeOf(lastG)
					cur = &GlyphRun{Font: lastG.font, Size: sz, X: x0 + lastG.x, Y: y, Color: color}
					buf = append(buf, lastG.r)
					n = 1
				}
				cur.Spacing = gap
				flush()
			}
		}
		if cur != nil && g.font == cur.Font && g.sup == lastG.sup {
			sp := g.x + x0 - lastEnd
			if n == 1 || sp == cur.Spacing {
				if n == 1 {
					cur.Spacing = sp
				}
				buf = append(buf, g.r)
				n++
				lastEnd = g.x + x0 + g.adv
				lastG = g
				continue
			}
		}
		flush()
		sz, y := sizeOf(g)
		cur = &GlyphRun{Font: g.font, Size: sz, X: x0 + g.x, Y: y, Color: color}
		buf = append(buf[:0], g.r)
		n = 1
		lastEnd = g.x + x0 + g.adv
		lastG = g
	}
	flush()
	return runs
}
