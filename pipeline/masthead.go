package pipeline

import (
	"fmt"
	"sync"

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
//
// The cover image is read and measured in the background (a camera photo
// takes a tenth of a second): pickMasthead returns at once, and the
// function it returns waits for the measure and sets the colour — the
// layout calls it before it sets the cover (layout.Options.Cover).
func pickMasthead(iss *issue.Issue, hs *manifest.Hasher) func() diag.List {
	if iss.Cover != nil || iss.MastheadSet || len(iss.Slots) == 0 {
		return func() diag.List { return nil }
	}
	type picked struct {
		d     diag.List
		color [4]uint8
		ok    bool
	}
	ch := make(chan picked, 1)
	go func() {
		d, color, ok := measureCover(iss, hs)
		ch <- picked{d, color, ok}
	}()
	var once sync.Once
	var d diag.List
	return func() diag.List {
		once.Do(func() {
			p := <-ch
			if p.ok {
				iss.Masthead, iss.MastheadSet = p.color, true
			}
			d = p.d
		})
		return d
	}
}

// measureCover is pickMasthead's work: the colour, and the note of it.
func measureCover(iss *issue.Issue, hs *manifest.Hasher) (d diag.List, color [4]uint8, ok bool) {
	defer func() {
		if recover() != nil { // a damaged cover: the checks report it
			d, ok = nil, false
		}
	}()
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
		return nil, color, false
	}
	// the band, as a share of the image: it covers trim and bleed
	b, h := iss.Paper.Bleed, iss.Paper.TrimH
	full := float64(h + 2*b)
	top := float64(units.FromMM(issue.MastheadBandTop)+b) / full
	bottom := float64(units.FromMM(issue.MastheadBandBottom)+b) / full
	// a cover whose content is known (the hasher's stamps) and whose tone
	// is (the disk cache) is not read again
	sum, known := hs.Lookup(im.Path)
	tone, cached := raster.ToneCached(sum, top, bottom)
	if !known || !cached {
		data, sum, err := hs.Read(im.Path)
		if err != nil {
			return nil, color, false
		}
		if tone, err = raster.ToneSum(data, sum, top, bottom); err != nil {
			return nil, color, false
		}
	}
	color = issue.PickMasthead(tone)
	d.Notef(at.File, at.Line, "%s", fmt.Sprintf("masthead colour C%d M%d Y%d K%d, picked to stand out from the cover image behind it (C%.0f M%.0f Y%.0f K%.0f there); [issue] masthead = [C, M, Y, K] sets it",
		color[0], color[1], color[2], color[3], tone[0], tone[1], tone[2], tone[3]))
	return d, color, true
}
