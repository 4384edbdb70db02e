package layout

import (
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// furniture adds the running head (section name), the folio at the outside
// corner and the issue's title and number in the footer. Covers get none.
func (e *engine) furniture(p *Page, s issue.Slot, section string, fr frame) {
	if s.Cover {
		return
	}
	m := e.iss.Paper.Margins
	left, right := m.Outside, e.doc.TrimW-m.Inside
	if s.Recto() {
		left, right = m.Inside, e.doc.TrimW-m.Outside
	}
	// sizes relative to the body size and never equal to it, so no reader
	// (or referee) takes furniture for text
	headSt := style{chain: e.heading, size: e.S * 9 / 10, color: Black}
	footSt := style{chain: e.body, size: e.S * 8 / 10, color: Black}
	folioSt := style{chain: e.heading, size: e.S * 11 / 10, color: Black}
	ruleY := m.Top - units.FromMM(4)
	headBase := ruleY - units.FromMM(1.8)
	footBase := e.doc.TrimH - m.Bottom + units.FromMM(9)
	if section != "" {
		e.oneLine(p, section, headSt, left, right, headBase, !s.Recto(), "")
	}
	p.Lines = append(p.Lines, Line{X1: left, Y1: ruleY, X2: right, Y2: ruleY, Width: units.FromPt(0.4), Color: Black})
	// folio at the outside corner, the issue's title and number beside it
	info := e.iss.Title + "　" + e.iss.Number
	if s.Recto() {
		x := e.oneLine(p, s.Name, folioSt, left, right, footBase, false, "")
		e.oneLine(p, info, footSt, left, x-folioSt.size, footBase, false, "")
	} else {
		x := e.oneLine(p, s.Name, folioSt, left, right, footBase, true, "")
		e.oneLine(p, info, footSt, x+folioSt.size, right, footBase, true, "")
	}
}

// oneLine sets text on one line between left and right, flush left (atLeft)
// or flush right, and returns the far edge of the text (its right end when
// flush left, its left start when flush right).
func (e *engine) oneLine(p *Page, text string, st style, left, right, baseline units.Length, atLeft bool, file string) units.Length {
	lines := e.textLines(text, st, 1<<40, file, 0)
	if len(lines) == 0 {
		return left
	}
	gs := lines[0]
	end := gs[len(gs)-1].x + gs[len(gs)-1].adv
	x0 := left
	if !atLeft {
		x0 = right - end
	}
	p.Runs = append(p.Runs, runsOf(gs, x0, baseline, st.size, st.color)...)
	if atLeft {
		return x0 + end
	}
	return x0
}
