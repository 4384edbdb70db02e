package build

import (
	"bytes"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/finish"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/raster"
	"github.com/paiban/paiban/units"
)

// printOptions are the finishing options of the plan's [print] table.
func printOptions(iss *issue.Issue, labels []string) finish.Options {
	p := iss.Print
	return finish.Options{
		Title: iss.Title, Number: iss.Number, Date: iss.Date,
		Labels: labels, Bleed: iss.Paper.Bleed,
		Condition: p.Condition, Profile: p.Profile, Marks: p.Marks,
	}
}

// checkImages reports, for every image the layout placed, its effective
// resolution (a note; a warning below [print] min_ppi_warn, an error below
// min_ppi_error) and, for every image file that cannot go into the PDF as it
// is, its conversion (a note; an error for RGB with convert_rgb = false and
// for files that cannot be decoded). Diagnostics are at the plan or article
// line that placed the image. Conversions are cached (package raster), so
// the PDF writer reuses them.
func checkImages(iss *issue.Issue, doc *layout.Document, h *manifest.Hasher) diag.List {
	var d diag.List
	where := imagePositions(iss)
	seen := map[string]bool{}
	var paths []string // distinct, in document order
	var pos []issue.Pos
	for _, p := range doc.Pages {
		for _, im := range p.Images {
			at := where.find(p.Code, im.Path)
			ppiDiag(&d, iss.Print, im, at, where.pixels[im.Path])
			if !seen[im.Path] {
				seen[im.Path] = true
				paths = append(paths, im.Path)
				pos = append(pos, at)
			}
		}
	}
	fits := fitTargets(iss, doc)
	// Conversions, in parallel (each is also parallel inside); the
	// diagnostics keep the document order.
	out := make([]diag.List, len(paths))
	var wg sync.WaitGroup
	work := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(paths)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte // one per worker: the files are read into it in turn
			for i := range work {
				fit := fits[paths[i]]
				out[i], buf = convertDiag(paths[i], pos[i], iss.Print.ConvertRGB, fit, h, buf)
			}
		}()
	}
	for i := range paths {
		work <- i
	}
	close(work)
	wg.Wait()
	for _, l := range out {
		d.Add(l...)
	}
	return dedupe(d)
}

// convertDiag checks one image file and converts it when it must be. The
// file is read into buf, which it returns for the next file (a file that
// is converted gets a copy of its own: the conversion cache may keep it).
func convertDiag(path string, at issue.Pos, convertRGB bool, fit [2]int, h *manifest.Hasher, buf []byte) (d diag.List, _ []byte) {
	data, sum, err := h.ReadInto(path, buf) // hashed once, for the manifest and the PDF cache too
	if err != nil {
		d.Errorf(at.File, at.Line, "%s: %v", path, err)
		return d, buf
	}
	buf = data
	inf, err := raster.Classify(data)
	if err != nil {
		d.Errorf(at.File, at.Line, "%s: %v", path, err)
		return d, buf
	}
	if inf.PassThrough && fit[0] == 0 {
		// embedded as it is: check that it decodes, so that a damaged
		// file (a patched frame header, corrupt scan data) is an error
		// here, not a blank or garbled page in print; converted images
		// are decoded by the conversion
		if err := validate(sum, data); err != nil {
			d.Errorf(at.File, at.Line, "%s: damaged %s: %v; export it again", path, strings.ToUpper(inf.Format), err)
		}
		return d, buf
	}
	data = bytes.Clone(data) // the conversion cache may keep it
	if inf.Color == "rgb" && !convertRGB {
		d.Errorf(at.File, at.Line, "%s: %s image: a print file needs CMYK or grey images, and [print] convert_rgb = false; convert it to CMYK, or let paiban do it (convert_rgb = true)", path, inf.Why)
		return d, buf
	}
	im, err := raster.Fit(data, fit[0], fit[1])
	if err != nil {
		d.Errorf(at.File, at.Line, "%s: %v", path, err)
		return d, buf
	}
	d.Notef(at.File, at.Line, "%s: %s", path, im.Note)
	return d, buf
}

// ppiDiag reports the effective resolution of one placed image: its pixels
// over the size it is placed at (the whole image, cropped or not), the
// lower of the two directions.
func ppiDiag(d *diag.List, pr issue.Print, im layout.Image, at issue.Pos, px [2]int) {
	n := issue.EffectivePPI(px[0], px[1], im.W, im.H)
	if n == 0 {
		return
	}
	size := fmt.Sprintf("%d×%d px at %.1f×%.1f mm", px[0], px[1], im.W.MM(), im.H.MM())
	switch {
	// compared as the whole number reported: 299.96 ppi (a 300 ppi page
	// image scaled by a hair to cover the bleed) is 300 ppi
	case pr.MinPPIError > 0 && n < pr.MinPPIError:
		d.Errorf(at.File, at.Line, "%s: effective resolution %d ppi (%s) is below the minimum of %d ppi ([print] min_ppi_error): it would print blurred; use a larger image or place it smaller", im.Path, n, size, pr.MinPPIError)
	case pr.MinPPIWarn > 0 && n < pr.MinPPIWarn:
		d.Warnf(at.File, at.Line, "%s: effective resolution %d ppi (%s) is below %d ppi ([print] min_ppi_warn): it may print soft", im.Path, n, size, pr.MinPPIWarn)
	default:
		d.Notef(at.File, at.Line, "%s: %d ppi (%s)", im.Path, n, size)
	}
}

// positions maps placed images back to where the plan or an article names
// them: layout.Image carries only the path.
type positions struct {
	bySlot map[string]map[string]issue.Pos // slot code → path → position
	any    map[string]issue.Pos            // path → first position
	pixels map[string][2]int               // path → width, height
}

func imagePositions(iss *issue.Issue) *positions {
	w := &positions{bySlot: map[string]map[string]issue.Pos{}, any: map[string]issue.Pos{}, pixels: map[string][2]int{}}
	for _, ps := range iss.Pages {
		here := map[string]issue.Pos{}
		add := func(im *issue.Image) {
			if im == nil {
				return
			}
			at := im.Pos // where the plan or the article names it
			if _, ok := here[im.Path]; !ok {
				here[im.Path] = at
			}
			if _, ok := w.any[im.Path]; !ok {
				w.any[im.Path] = at
			}
			w.pixels[im.Path] = [2]int{im.Width, im.Height}
		}
		for _, c := range ps.Content {
			add(c.Image)
			if c.Article != nil {
				for _, b := range c.Article.Blocks {
					add(b.Image)
				}
			}
		}
		for _, s := range ps.Slots {
			if s >= 0 && s < len(iss.Slots) {
				w.bySlot[iss.Slots[s].Code] = here
			}
		}
	}
	return w
}

// find returns where the image at path on the page of slot code was placed.
func (w *positions) find(code, path string) issue.Pos {
	if at, ok := w.bySlot[code][path]; ok {
		return at
	}
	return w.any[path]
}

// dedupe drops repeated diagnostics (an image placed twice at one size).
func dedupe(l diag.List) diag.List {
	seen := map[diag.Diagnostic]bool{}
	var out diag.List
	for _, d := range l {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}

// Validated images, by the SHA-256 of their bytes: nil for a good one,
// else why it cannot be decoded. Reruns in the same process (--watch, the
// benchmarks) decode only new or changed files.
var decoded struct {
	sync.Mutex
	m map[[32]byte]error
}

// validate is raster.Validate, once per content (sum: the SHA-256 of data).
func validate(sum [32]byte, data []byte) error {
	decoded.Lock()
	err, ok := decoded.m[sum]
	decoded.Unlock()
	if ok {
		return err
	}
	err = raster.Validate(data)
	decoded.Lock()
	if decoded.m == nil {
		decoded.m = map[[32]byte]error{}
	}
	decoded.m[sum] = err
	decoded.Unlock()
	return err
}

// fitTargets gives, for each image placed at more than [print] max_ppi
// where it is largest, the pixels that make it target_ppi there: the PDF
// writer and the report downsample it to that (pdf.Options.Fit). A photo of
// 30 megapixels in one column of a magazine prints no better than one of 3.
func fitTargets(iss *issue.Issue, doc *layout.Document) map[string][2]int {
	pr := iss.Print
	if pr.MaxPPI <= 0 || pr.TargetPPI <= 0 {
		return nil
	}
	px := imagePositions(iss).pixels
	largest := map[string][2]units.Length{}
	for _, p := range doc.Pages {
		for _, im := range p.Images {
			l := largest[im.Path]
			largest[im.Path] = [2]units.Length{max(l[0], im.W), max(l[1], im.H)}
		}
	}
	out := map[string][2]int{}
	for path, size := range largest {
		n := px[path]
		if n[0] == 0 || size[0] <= 0 || size[1] <= 0 {
			continue
		}
		inches := size[0].Points() / 72
		if float64(n[0])/inches <= float64(pr.MaxPPI) {
			continue
		}
		w := int(math.Ceil(inches * float64(pr.TargetPPI)))
		h := int(math.Ceil(size[1].Points() / 72 * float64(pr.TargetPPI)))
		if w < n[0] && h < n[1] {
			out[path] = [2]int{w, h}
		}
	}
	return out
}
