package layout

import (
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// ComfortableMeasure is the most characters a line of a one-column page
// sets unless its [[page]] says otherwise (measure = N): a line of the whole
// type area (some 50 characters on A4) is hard to read; 30–40 characters is
// the usual measure of Chinese magazine text (issue 15 item 6).
const ComfortableMeasure = 40

// measureFrame narrows the column of a one-column range to its measure —
// [[page]] measure, else ComfortableMeasure characters, never more than the
// type area holds — centred in the type area: the frame (and so the
// titles, the text and the figures) takes that width.
func (e *engine) measureFrame(ps *issue.PageSpec, fr *frame) {
	if fr.cols != 1 {
		return
	}
	chars := ps.Measure
	if chars == 0 {
		chars = ComfortableMeasure
	}
	w := units.Length(chars) * e.S
	if w >= fr.colW {
		return
	}
	fr.x += (fr.colW - w) / 2 / e.S * e.S // on whole ems, so the measure stays centred on the grid of the type area
	fr.colW, fr.w = w, w
}
