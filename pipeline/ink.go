package pipeline

import (
	"fmt"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/units"
)

// Ink checks of the colours the layout sets (text, rules, fills; images are
// the raster package's): 100 % K overprints (package pdf), so
//   - text in rich black (K 90 % or more with C, M or Y) is a warning: on
//     small type the four plates never register exactly and the letters
//     get coloured fringes; set it in 100 % K;
//   - a fill over the printing condition's total ink limit is a warning:
//     it will not dry, and set-off marks the facing page;
//   - a 100 % K fill larger than richBlackArea is a note: it overprints, so
//     what lies beneath shows through and the black looks grey beside
//     photos; a rich black (C 40 M 30 Y 30 K 100) prints deep.
//
// Each is reported once per colour and kind, at the [[page]] entry of the
// first page it is on.

// richBlackArea is the smallest solid black area worth a note: 4 cm².
var richBlackArea = float64(units.FromMM(20)) * float64(units.FromMM(20))

func inkDiag(iss *issue.Issue, doc *layout.Document) diag.List {
	var d diag.List
	spec := map[string]issue.Pos{} // slot code → its [[page]] entry
	for _, ps := range iss.Pages {
		for _, s := range ps.Slots {
			if s >= 0 && s < len(iss.Slots) {
				spec[iss.Slots[s].Code] = ps.Pos
			}
		}
	}
	limit := inkLimit(iss.Print)
	seen := map[string]bool{}
	once := func(key string) bool {
		if seen[key] {
			return false
		}
		seen[key] = true
		return true
	}
	for _, p := range doc.Pages {
		at, ok := spec[p.Code]
		if !ok {
			at = issue.Pos{File: iss.PlanFile}
		}
		for _, r := range p.Runs {
			c := r.Color
			if r.Text != "" && c.K >= 90 && c.C+c.M+c.Y > 0 && once(fmt.Sprint("text", c)) {
				d.Warnf(at.File, at.Line, "text on %s is in rich black (C %d M %d Y %d K %d): small type will not register; set black text in 100 %% K", p.Label, c.C, c.M, c.Y, c.K)
			}
		}
		for _, r := range p.Rects {
			c := r.Fill
			ink := int(c.C) + int(c.M) + int(c.Y) + int(c.K)
			area := float64(r.W) * float64(r.H)
			switch {
			case limit > 0 && ink > limit && once(fmt.Sprint("ink", c)):
				d.Warnf(at.File, at.Line, "a fill on %s has %d %% total ink (C %d M %d Y %d K %d), over the %d %% the printing condition takes: it will not dry well; lower it", p.Label, ink, c.C, c.M, c.Y, c.K, limit)
			case c == layout.Black && area >= richBlackArea && once("solid"):
				d.Notef(at.File, at.Line, "a 100 %% K area of %.0f cm² on %s overprints: what lies beneath shows through; for a deep solid black use a rich black such as C 40 M 30 Y 30 K 100", area/float64(units.FromMM(10))/float64(units.FromMM(10)), p.Label)
			}
		}
	}
	return d
}

// inkLimit is the total area coverage the printing condition takes, in
// percent: [print] ink_limit, else the condition's (issue.Conditions), the
// limit images are held to too (package raster).
func inkLimit(pr issue.Print) int {
	if pr.InkLimit > 0 {
		return pr.InkLimit
	}
	return issue.DefaultInkLimit
}
