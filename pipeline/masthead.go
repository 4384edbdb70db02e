package pipeline

import (
	"fmt"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/internal/input"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/raster"
	"github.com/paiban/paiban/units"
)

// pickMasthead sets the default masthead's colour, when the plan sets
// neither a [cover] nor [issue] masthead, to contrast with the band of the
// cover image behind it (issue.PickMasthead), and notes the choice at the
// line that places the cover image. An image that cannot be read is left
// to the checks that report it; the masthead keeps its default colour.
func pickMasthead(iss *issue.Issue) diag.List {
	if iss.Cover != nil || iss.MastheadSet || len(iss.Slots) == 0 {
		return nil
	}
	var im *issue.Image
	var at issue.Pos
	for _, ps := range iss.Pages {
		if len(ps.Slots) == 1 && ps.Slots[0] == 0 {
			if im = ps.FullPageImage(); im != nil {
				at = ps.Content[0].Pos
			}
		}
	}
	if im == nil {
		return nil
	}
	data, err := input.ReadFile(im.Path, input.Image)
	if err != nil {
		return nil
	}
	// the band, as a share of the image: it covers trim and bleed
	b, h := iss.Paper.Bleed, iss.Paper.TrimH
	full := float64(h + 2*b)
	top := float64(units.FromMM(issue.MastheadBandTop)+b) / full
	bottom := float64(units.FromMM(issue.MastheadBandBottom)+b) / full
	tone, err := raster.Tone(data, top, bottom)
	if err != nil {
		return nil
	}
	iss.Masthead, iss.MastheadSet = issue.PickMasthead(tone), true
	var d diag.List
	d.Notef(at.File, at.Line, "%s", fmt.Sprintf("masthead colour C%d M%d Y%d K%d, picked to stand out from the cover image behind it (C%.0f M%.0f Y%.0f K%.0f there); [issue] masthead = [C, M, Y, K] sets it",
		iss.Masthead[0], iss.Masthead[1], iss.Masthead[2], iss.Masthead[3], tone[0], tone[1], tone[2], tone[3]))
	return d
}
