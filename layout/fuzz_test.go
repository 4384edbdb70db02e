package layout

import (
	"testing"

	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// FuzzBreak: any text, any measure, any punctuation style: the breaker never
// panics, never loses a character, and never sets a line past its measure
// unless a single box is wider than the measure.
func FuzzBreak(f *testing.F) {
	f.Add("今年，党的群众路线教育实践活动将在县级层面全面开展。", 8, 0, false)
	f.Add("“被动性”——开展……强调2025年APP https://a.b/c?d=1 （试点）。", 5, 3, true)
	f.Add("，，，。。。“““”””", 2, 2, false)
	f.Fuzz(func(t *testing.T, text string, widthEm int, punct int, hanging bool) {
		if widthEm < 1 || widthEm > 60 || len(text) > 2000 {
			return
		}
		st := styleWith(issue.PunctStyle(((punct%4)+4)%4), hanging)
		it := itemizer{}
		atoms, p := it.itemize([]rune(text), st)
		if len(atoms) == 0 {
			return
		}
		p.Justify, p.MinLastWeight, p.Indent = true, 2, 2*em
		width := units.Length(widthEm) * em
		lines, ok := Break(p, width)
		n := 0
		for i, l := range lines {
			if l.From != n || l.To <= l.From {
				t.Fatalf("line %d covers [%d,%d) after %d", i, l.From, l.To, n)
			}
			n = l.To
			gs, end := setLineEnd(atoms, p, l, width, st)
			if ok && end > width+flushTolerance && !(l.To-l.From == 1) {
				t.Fatalf("line %d of %q overfull: %v > %v", i, text, end, width)
			}
			_ = gs
		}
		if n != len(atoms) {
			t.Fatalf("lines cover %d of %d atoms", n, len(atoms))
		}
	})
}
