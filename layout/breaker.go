package layout

import (
	"math"

	"github.com/paiban/paiban/units"
)

// The line breaker works on an abstract paragraph: boxes (unbreakable
// content: a hanzi, a Latin word, a ——) separated by joints (the space
// between two boxes: natural width, stretch, shrink, and whether a line may
// end there). It knows nothing about characters or fonts, so it is tested
// with made-up widths. Punctuation compression enters as data: a box's
// EndShrink/StartShrink is the blank half of a full-width mark that may be
// removed when the mark ends or starts a line (push-in, 挤进), and joints
// carry the stretch used to expand a line (which is what push-out, 推出,
// leaves behind). The optimum over the whole paragraph is found as in Knuth
// and Plass (1981): minimal total demerits over all feasible break sequences.

// BreakKind says whether a line may end at a joint.
type BreakKind uint8

const (
	NoBreak        BreakKind = iota // kinsoku, inside a word, inside ——/……
	CanBreak                        // an ordinary break opportunity
	EmergencyBreak                  // only when no other solution exists (inside an over-long word)
)

// Box is unbreakable content.
type Box struct {
	W           units.Length // natural width
	StartShrink units.Length // removable blank at the left when the box starts a line
	EndShrink   units.Length // removable blank at the right when the box ends a line
	Hang        bool         // EndShrink is the whole mark hanging past the edge (、，。 with hanging on)
	Weight      int          // counts toward the 孤字 rule: 1 for a hanzi, letter or digit word, 0 for punctuation
}

// Joint sits between box i and box i+1.
type Joint struct {
	W       units.Length // natural width (0 between hanzi; ¼ em between hanzi and Latin; a word space)
	Stretch units.Length
	Shrink  units.Length
	Break   BreakKind
	Penalty int // extra demerits for breaking here
	// Stretch2 is letter-spacing (inside Latin words): used only when the
	// line's ordinary stretch at tightRatio does not reach the measure, so
	// that a line short of breaks (a long package name in a narrow column)
	// spaces its letters rather than its hanzi.
	Stretch2 units.Length
	// Hyphen is the width of a hyphen added at the line end when the line
	// ends here (a word hyphenated); 0 for breaks that add nothing.
	Hyphen units.Length
}

// Paragraph is the breaker's input. len(Joints) == len(Boxes)-1.
type Paragraph struct {
	Boxes  []Box
	Joints []Joint
	Indent units.Length // first-line indent
	// Justify all lines but the last, which is set at natural width, flush
	// left. When false, lines are ragged (natural width).
	Justify bool // justify all lines but the last; when false lines are ragged (natural width)
	// TrimEnd always removes the last box's EndShrink (行末半角: a mark at
	// a line end is always half width).
	TrimEnd bool
	// LastShortBy: a last line shorter than the measure by no more than
	// this is discouraged (a soft demerit), so that last lines are either
	// full or visibly short.
	LastShortBy units.Length
	// MinLastWeight is the least weight the last line must carry (2 for body
	// text: no 孤字). Ignored when the paragraph's total weight is smaller.
	MinLastWeight int
}

const (
	// tightRatio: the first pass stretches joints to at most 0.56 of their
	// stretch: 0.14 em between hanzi (under the 0.15 em a justified line may add
	// between hanzi before it reads letter-spaced), ¼ + 0.14 em between
	// hanzi and Latin (under the ½ em limit of clreq §3.2.2's practice)
	tightRatio = 0.56
	// maxLetterRatio: letter-spacing (Stretch2) goes at most this far
	maxLetterRatio = 4.0
	// maxStretchRatio: the second pass, when a paragraph has no solution
	// that tight: joints may stretch to twice their stretch
	maxStretchRatio = 2.0
	linePenalty     = 10
)

type bnode struct {
	pos      int // the line after this break starts at box pos
	demerits float64
	prev     int // index into nodes
}

// LineFit is how a line of boxes [From, To) is set to the measure.
type LineFit struct {
	Natural     units.Length // width at natural spacing, indent included
	StartShrink units.Length // taken from the first box's left blank
	EndShrink   units.Length // taken from the last box's right blank
	Ratio       float64      // applied to every joint: >0 stretch, <0 shrink
	Ratio2      float64      // applied to every joint's Stretch2 (letter-spacing)
}

// Fit computes how boxes [a,b) fill width: line-edge compression first
// (push-in), then joint shrink; or joint stretch when the line is short and
// justified. ok is false when the line cannot reach the measure within
// maxRatio or cannot be made narrow enough.
func (p Paragraph) Fit(a, b int, width units.Length, last bool, maxRatio float64) (f LineFit, ok bool) {
	s := makeSums(p)
	return p.fit(s, a, b, width, last, maxRatio)
}

func (p Paragraph) fit(s sums, a, b int, width units.Length, last bool, maxRatio float64) (f LineFit, ok bool) {
	w, st, sh, st2 := s.measure(p, a, b)
	if a == 0 {
		w += p.Indent
	}
	if b < len(p.Boxes) {
		w += p.Joints[b-1].Hyphen
	}
	end := p.Boxes[b-1]
	if p.TrimEnd && !end.Hang && end.EndShrink > 0 {
		f.EndShrink = end.EndShrink // 行末半角: always
	}
	f.Natural = w
	if w-f.EndShrink > width && f.EndShrink == 0 && end.EndShrink > 0 {
		// push in at the line end: the mark's whole blank half (or the whole
		// mark when it may hang), never part of it, so the mark's ink still
		// meets the edge; what is left over is spread over the line
		f.EndShrink = end.EndShrink
	}
	eff := w - f.EndShrink
	if eff > width && a > 0 && p.Boxes[a].StartShrink > 0 {
		f.StartShrink = p.Boxes[a].StartShrink
		eff -= f.StartShrink
	}
	switch {
	case eff > width:
		if eff-width > sh {
			return f, false
		}
		f.Ratio = -float64(eff-width) / float64(sh)
	case eff < width && (p.Justify && !last || f.EndShrink > 0 || f.StartShrink > 0):
		need := float64(width - eff)
		if st2 > 0 && need > tightRatio*float64(st) {
			// ordinary stretch to tightRatio, then letter-spacing, then
			// (when that is not enough) ordinary stretch again
			f.Ratio = tightRatio
			if st == 0 {
				f.Ratio = 0
			}
			rest := need - f.Ratio*float64(st)
			f.Ratio2 = rest / float64(st2)
			if f.Ratio2 <= maxLetterRatio {
				return f, f.Ratio <= maxRatio
			}
			if st == 0 {
				// letters only (a line of one long word): spaced as far
				// as it takes, in the passes that allow any stretch
				return f, !(maxRatio < math.Inf(1))
			}
			f.Ratio2 = maxLetterRatio
			rest -= maxLetterRatio * float64(st2)
			if st == 0 {
				f.Ratio = math.Inf(1)
				return f, !(maxRatio < math.Inf(1))
			}
			f.Ratio += rest / float64(st)
			return f, f.Ratio <= maxRatio
		}
		if st == 0 {
			f.Ratio = math.Inf(1)
			return f, !(maxRatio < math.Inf(1))
		}
		f.Ratio = float64(width-eff) / float64(st)
		return f, f.Ratio <= maxRatio
	}
	return f, true
}

// Break finds the optimal line breaks of p for lines of the given width.
// It never returns an overfull line when any solution exists; ok is false
// only when a single box is wider than the line, in which case lines are
// filled greedily.
func Break(p Paragraph, width units.Length) (lines []BrokenLine, ok bool) {
	if len(p.Boxes) == 0 {
		return nil, true
	}
	s := makeSums(p)
	for pass := 0; pass < 5; pass++ {
		if lines, ok := breakPass(p, s, width, pass); ok {
			if pass > 0 {
				for i := range lines {
					lines[i].Loose = lines[i].Fit.Ratio > tightRatio
				}
			}
			return lines, true
		}
	}
	return firstFit(p, s, width), false
}

// BrokenLine is one line of the result: boxes [From, To) set with Fit.
type BrokenLine struct {
	From, To int
	Fit      LineFit
	Last     bool
	// Loose: spaced wider than tightRatio because the paragraph has no
	// tighter solution (a short paragraph in a narrow column, where the
	// only alternative is a 孤字): forced, not chosen.
	Loose bool
}

// prefix sums over boxes and joints
type sums struct {
	w, stretch, shrink []units.Length // w[i] = box widths [0,i) + joint widths [0,i-1)
	stretch2           []units.Length
	weight             []int
}

func makeSums(p Paragraph) sums {
	n := len(p.Boxes)
	s := sums{
		w:        make([]units.Length, n+1),
		stretch:  make([]units.Length, n+1),
		shrink:   make([]units.Length, n+1),
		stretch2: make([]units.Length, n+1),
		weight:   make([]int, n+1),
	}
	for i := 0; i < n; i++ {
		s.w[i+1] = s.w[i] + p.Boxes[i].W
		s.stretch[i+1] = s.stretch[i]
		s.shrink[i+1] = s.shrink[i]
		s.stretch2[i+1] = s.stretch2[i]
		if i > 0 {
			j := p.Joints[i-1]
			s.w[i+1] += j.W
			s.stretch[i+1] += j.Stretch
			s.shrink[i+1] += j.Shrink
			s.stretch2[i+1] += j.Stretch2
		}
		s.weight[i+1] = s.weight[i] + p.Boxes[i].Weight
	}
	return s
}

// measure returns the natural width, stretch, shrink and letter-spacing
// stretch of the line holding boxes [a,b): the joints strictly inside the
// line only.
func (s sums) measure(p Paragraph, a, b int) (w, st, sh, st2 units.Length) {
	w = s.w[b] - s.w[a]
	st = s.stretch[b] - s.stretch[a]
	sh = s.shrink[b] - s.shrink[a]
	st2 = s.stretch2[b] - s.stretch2[a]
	if a > 0 {
		j := p.Joints[a-1]
		w -= j.W
		st -= j.Stretch
		sh -= j.Shrink
		st2 -= j.Stretch2
	}
	return
}

func breakPass(p Paragraph, s sums, width units.Length, pass int) ([]BrokenLine, bool) {
	n := len(p.Boxes)
	// pass 0: ordinary breaks, tight stretch; pass 1: moderate stretch;
	// pass 2: moderate stretch with emergency breaks inside words (a long
	// identifier broken anywhere reads better than hanzi 1 em apart);
	// pass 3: any stretch, emergency breaks; pass 4: the same, a 孤字
	// allowed
	maxRatio := tightRatio
	if pass == 1 || pass == 2 {
		maxRatio = maxStretchRatio
	}
	if pass >= 3 {
		maxRatio = math.Inf(1)
	}
	total := s.weight[n]
	nodes := make([]bnode, 1, n/2+2)
	active := make([]int, 1, 64)
	for pos := 1; pos <= n; pos++ {
		last := pos == n
		penalty := 0
		if !last {
			j := p.Joints[pos-1]
			switch {
			case j.Break == CanBreak:
				penalty = j.Penalty
			case j.Break == EmergencyBreak && pass >= 2:
				penalty = j.Penalty + 1000
			default:
				continue
			}
			// no 孤字: the last line must carry enough weight
			// (kept with any stretch: a loose line is better than a
			// 孤字; given up only when nothing else sets the paragraph)
			if p.MinLastWeight > 0 && total >= p.MinLastWeight && total-s.weight[pos] < p.MinLastWeight && pass < 4 {
				continue
			}
		}
		bestIdx, bestD := -1, 0.0
		keep := active[:0]
		for _, ai := range active {
			a := nodes[ai]
			if !last && p.Justify && maxRatio < math.Inf(1) {
				// a quick bound before the full fit: a line that cannot
				// reach the measure even fully stretched stays active but
				// is no candidate (most active nodes, most of the time)
				w, st, _, st2 := s.measure(p, a.pos, pos)
				if a.pos == 0 {
					w += p.Indent
				}
				w += p.Joints[pos-1].Hyphen
				if float64(w)+maxRatio*float64(st)+maxLetterRatio*float64(st2) < float64(width) {
					keep = append(keep, ai)
					continue
				}
			}
			f, ok := p.fit(s, a.pos, pos, width, last, maxRatio)
			if !ok && f.Natural > width {
				continue // too long: this node can reach no further break
			}
			keep = append(keep, ai)
			if !ok {
				continue
			}
			bad := badness(f.Ratio) + badness(f.Ratio2)
			if !p.Justify && !last {
				bad = 100 * float64(width-f.Natural) / float64(width)
			}
			d := (linePenalty+bad)*(linePenalty+bad) + float64(penalty)*math.Abs(float64(penalty))
			if f.EndShrink > 0 {
				d += 50 // push-in at the line end is cheap but not free
			}
			if f.StartShrink > 0 {
				d += 400
			}
			if last && p.LastShortBy > 0 {
				// a last line that stops just short of the measure reads as a
				// line that failed to justify: prefer full or clearly short
				if short := width - (f.Natural - f.EndShrink); short > 0 && short <= p.LastShortBy {
					d += 5000
				}
			}
			d += a.demerits
			if bestIdx < 0 || d < bestD {
				bestIdx, bestD = ai, d
			}
		}
		active = keep
		if bestIdx >= 0 {
			nodes = append(nodes, bnode{pos: pos, demerits: bestD, prev: bestIdx})
			if last {
				return collect(p, s, nodes, width), true
			}
			active = append(active, len(nodes)-1)
		}
		if len(active) == 0 {
			return nil, false
		}
	}
	return nil, false
}

// badness grows with the stretch ratio r; a line that cannot stretch at
// all (r infinite: one letter alone after an emergency break) is worse than
// any line that can, however far it is spaced (it was 1e5, below a word
// letter-spaced at a ratio over 10: "www.example.org" was broken as w|ww…).
func badness(r float64) float64 {
	const most = 1e14
	if math.IsInf(r, 1) {
		return 10 * most
	}
	if r < 0 {
		return min(most, 50*-r*r*r)
	}
	return min(most, 100*r*r*r)
}

func collect(p Paragraph, s sums, nodes []bnode, width units.Length) []BrokenLine {
	n := len(p.Boxes)
	var rev []BrokenLine
	for idx := len(nodes) - 1; idx != 0; idx = nodes[idx].prev {
		from, to := nodes[nodes[idx].prev].pos, nodes[idx].pos
		f, _ := p.fit(s, from, to, width, to == n, math.Inf(1))
		rev = append(rev, BrokenLine{From: from, To: to, Fit: f, Last: to == n})
	}
	lines := make([]BrokenLine, len(rev))
	for i := range rev {
		lines[i] = rev[len(rev)-1-i]
	}
	return lines
}

// firstFit is the last resort when a box is wider than the line: lines are
// filled greedily, breaking only where breaks are permitted, and the
// over-wide box stands alone.
func firstFit(p Paragraph, s sums, width units.Length) []BrokenLine {
	var lines []BrokenLine
	n := len(p.Boxes)
	for start := 0; start < n; {
		end := start + 1
		for end < n {
			if f, ok := p.fit(s, start, end+1, width, end+1 == n, math.Inf(1)); !ok && f.Natural > width {
				break
			}
			end++
		}
		for e := end; e > start+1 && e < n; e-- {
			if p.Joints[e-1].Break != NoBreak {
				end = e
				break
			}
		}
		f, _ := p.fit(s, start, end, width, end == n, math.Inf(1))
		lines = append(lines, BrokenLine{From: start, To: end, Fit: f, Last: end == n})
		start = end
	}
	return lines
}
