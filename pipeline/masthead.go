package pipeline

import (
	"fmt"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/raster"
	"github.com/paiban/paiban/units"
)

// pickMasthead sets the default masthead's colour, when the plan sets
// neither a [cover] nor [issue] masthead, to contrast with the band of the
// cover image behind it (issue.PickMasthead), and notes the choice at the
// line that places the cover image. An image that cannot be read is left
// to the checks that report it; the masthead keeps its default colour. hs
// is the run's hasher.
func pickMasthead(iss *issue.Issue, hs *manifest.Hasher) diag.List {
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
	// the band, as a share of the image: it covers trim and bleed
	b, h := iss.Paper.Bleed, iss.Paper.TrimH
	full := float64(h + 2*b)
	top := float64(units.FromMM(issue.MastheadBandTop)+b) / full
	bottom := float64(units.FromMM(issue.MastheadBandBottom)+b) / full
	// a cover whose content is known (the hasher's stamps) and whose tone
	// is (the disk cache) is not read again
	sum, known := hs.Lookup(im.Path)
	tone, ok := raster.ToneCached(sum, top, bottom)
	if !known || !ok {
		data, sum, err := hs.Read(im.Path)
		if err != nil {
			return nil
		}
		if tone, err = raster.ToneSum(data, sum, top, bottom); err != nil {
			return nil
		}
	}
	iss.Masthead, iss.MastheadSet = issue.PickMasthead(tone), true
	var d diag.List
	d.Notef(at.File, at.Line, "%s", fmt.Sprintf("masthead colour C%d M%d Y%d K%d, picked to stand out from the cover image behind it (C%.0f M%.0f Y%.0f K%.0f there); [issue] masthead = [C, M, Y, K] sets it",
		iss.Masthead[0], iss.Masthead[1], iss.Masthead[2], iss.Masthead[3], tone[0], tone[1], tone[2], tone[3]))
	return d
}
