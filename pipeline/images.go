package pipeline

import (
	"crypto/sha256"
	"fmt"
	"math"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/finish"
	"github.com/paiban/paiban/internal/input"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/pdf"
	"github.com/paiban/paiban/raster"
	"github.com/paiban/paiban/raster/icc"
	"github.com/paiban/paiban/units"
)

// printOptions are the finishing options of the plan's [print] table. A
// supplied page with transparency makes the file PDF/X-4 (which keeps it)
// with the condition's bundled profile when the plan gives none
// (x4Profile).
func printOptions(iss *issue.Issue, labels []string) finish.Options {
	p := iss.Print
	return finish.Options{
		Title: iss.Title, Number: iss.Number, Date: iss.Date,
		Labels: labels, Bleed: iss.Paper.Bleed,
		Condition: p.Condition, Profile: x4Profile(iss), Marks: p.Marks,
	}
}

// x4Profile is the output profile of the print file: [print] profile, else,
// when a supplied page uses transparency (which PDF/X-1a forbids), the
// profile paiban bundles for the condition (the one RGB is converted with),
// making the file PDF/X-4; else nil (PDF/X-1a).
func x4Profile(iss *issue.Issue) []byte {
	p := iss.Print
	if len(p.Profile) > 0 {
		return p.Profile
	}
	for _, im := range imagePositions(iss).supplied {
		if im.Supplied != nil && len(im.Supplied.Transparency) > 0 {
			return raster.ConditionProfile(p.Condition)
		}
	}
	return nil
}

// checkImages reports, for every image the layout placed, its effective
// resolution (a note; a warning below [print] min_ppi_warn, an error below
// min_ppi_error) and, for every image file that cannot go into the PDF as it
// is, its conversion (a note; an error for RGB with convert_rgb = false and
// at the line that placed the image). Each file is read and hashed once
// here, its hash given to h for the manifest.
//
// It returns when it is known which files go in as they are (read,
// classified, validated, and for CMYK ink-checked); the conversions of the
// others then run on until imageRun.wait, at most GOMAXPROCS at a time, the
// largest first (so at most that many decoded photos are held at once and
// the last to finish are small), with a progress line on a terminal
// (progress.go). They are not run while gopdf draws the pages: both
// processors of a build machine are busy converting, and a decoded photo
// beside the drawn document took the sample's build from 56 to 80–106 MiB.
func checkImages(iss *issue.Issue, doc *layout.Document, h *manifest.Hasher, prog *progress, store raster.Store) *imageRun {
	r := &imageRun{prog: prog}
	where := imagePositions(iss)
	fits := fitTargets(iss, doc)
	fitPlacements(iss, doc, fits, where.pixels)
	cropPlacements(doc)
	seen := map[string]bool{}
	var jobs []*imageJob // distinct images (layout.Image.Key), in document order
	for _, p := range doc.Pages {
		for _, im := range p.Images {
			at := where.find(p.Code, im.Path)
			if im.Page > 0 {
				key := fmt.Sprintf("%s#%d", im.Path, im.Page)
				if !seen[key] {
					seen[key] = true
					preflightDiag(&r.d, iss.Print, where.supplied[key], at)
				}
				continue
			}
			ppiDiag(&r.d, iss.Print, im, at, where.pixels[im.Path])
			if k := im.Key(); !seen[k] {
				seen[k] = true
				f := fits[im.Path]
				if im.Fit != [2]int{} {
					f = im.Fit
				}
				jobs = append(jobs, &imageJob{key: k, path: im.Path, at: at, fit: f, crop: im.Crop, pixels: where.pixels[im.Path]})
			}
		}
	}
	col, err := colourOf(iss)
	if err != nil {
		r.d.Errorf(iss.Print.Pos.File, iss.Print.Pos.Line, "[print]: %v", err)
		return r
	}
	if len(jobs) > 0 {
		pr := iss.Print
		r.d.Notef(pr.Pos.File, pr.Pos.Line, "colour: RGB images are converted to CMYK %s (%s); CMYK images are held to it; grey images stay grey", col.Describe(), pr.InkLimitFrom)
	}
	r.jobs = jobs
	prog.total(len(jobs))
	// First what goes in as it is, in parallel (each file read once;
	// the ones to convert are read again by their conversion, unless
	// their bytes cannot be stated again, as a .docx's pictures).
	inParallel(len(jobs), func(i int) {
		j := jobs[i]
		j.d, j.conv = safeInspect(j, iss.Print, col, h)
		if j.conv == nil {
			prog.step()
		}
	})
	uncropped := map[string]bool{} // files that go in as they are: not cropped
	var todo []*imageJob
	for _, j := range jobs {
		switch {
		case j.conv != nil:
			todo = append(todo, j)
		case j.crop != [4]int{}:
			uncropped[j.key] = true
		}
	}
	for _, p := range doc.Pages {
		for i := range p.Images {
			if uncropped[p.Images[i].Key()] {
				p.Images[i].Crop = [4]int{}
			}
		}
	}
	// Then the conversions, the largest first, in the background.
	sort.SliceStable(todo, func(a, b int) bool {
		pa, pb := todo[a].pixels, todo[b].pixels
		return pa[0]*pa[1] > pb[0]*pb[1]
	})
	r.all.Go(func() {
		inParallel(len(todo), func(i int) {
			j := todo[i]
			j.d2, j.image = safeConvert(j, iss.Print, col, h, store)
			prog.step()
		})
	})
	return r
}

// imageRun is checkImages's work: what it found, and the conversions it
// runs on.
type imageRun struct {
	d    diag.List // what is known at once (resolution, supplied pages)
	jobs []*imageJob
	all  sync.WaitGroup
	prog *progress
}

// imageJob is one distinct image (a file, or a file at a fit or crop of
// its own).
type imageJob struct {
	key, path string
	at        issue.Pos
	fit       [2]int
	crop      [4]int
	pixels    [2]int // the file's size, to convert the largest first

	d     diag.List     // its diagnostics, from inspect
	d2    diag.List     // and from its conversion
	conv  *convInput    // set when it is to be converted
	image *raster.Image // the conversion, when done
}

// convInput is what a conversion starts from: the file's hash (and its
// bytes when they are not read again) and what it is.
type convInput struct {
	sum  [32]byte
	data []byte // nil: read the file again (its stamp must still be sum's)
	inf  raster.Info
}

// wait waits for the conversions and returns the diagnostics of all
// images, in document order, and the conversions by key.
func (r *imageRun) wait() (diag.List, map[string]*raster.Image) {
	r.all.Wait()
	r.prog.done()
	d := r.d
	converted := map[string]*raster.Image{}
	for _, j := range r.jobs {
		d.Add(j.d...)
		d.Add(j.d2...)
		if j.image != nil {
			converted[j.key] = j.image
		}
	}
	return dedupe(d), converted
}

// inParallel calls f(0) … f(n−1), GOMAXPROCS at a time.
func inParallel(n int, f func(i int)) { inParallelN(runtime.GOMAXPROCS(0), n, f) }

// inParallelN calls f(0) … f(n−1), workers at a time.
func inParallelN(workers, n int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// photoOptions are the [print] settings of how photos are compressed.
func photoOptions(pr issue.Print) raster.Options {
	return raster.Options{Quality: pr.JPEGQuality, Lossless: pr.Lossless}
}

// safeInspect is inspect, and safeConvert convert, with a panic on a
// damaged file (a decoder bug it reaches) turned into an error at the line
// that places the image: never a crash of the whole build.
func safeInspect(j *imageJob, pr issue.Print, col *raster.Colour, h *manifest.Hasher) (d diag.List, in *convInput) {
	defer damaged(j, &d, func() { in = nil })
	return inspect(j.path, j.at, pr, j.fit, col, h)
}

func safeConvert(j *imageJob, pr issue.Print, col *raster.Colour, h *manifest.Hasher, store raster.Store) (d diag.List, im *raster.Image) {
	defer damaged(j, &d, func() { im = nil })
	return convert(j.path, j.at, pr, j.fit, j.crop, j.conv, col, h, store)
}

// damaged turns a panic into an error at j's line (deferred).
func damaged(j *imageJob, d *diag.List, clear func()) {
	if r := recover(); r != nil {
		*d = nil
		clear()
		d.Errorf(j.at.File, j.at.Line, "%s: cannot decode the image (damaged: %v); export it again", j.path, r)
	}
}

// inspect checks one image file: one that goes into the PDF as it is is
// validated (and, for CMYK, ink-checked: one over the limit is converted
// down, with a warning — an error with --strict); for one that must be
// converted it returns what the conversion starts from. h gets the file's
// hash.
func inspect(path string, at issue.Pos, pr issue.Print, fit [2]int, col *raster.Colour, h *manifest.Hasher) (diag.List, *convInput) {
	var d diag.List
	st, statErr := os.Stat(path) // the version hashed (a .docx picture has none)
	var sum [32]byte
	known := false
	if statErr == nil && h != nil {
		// a file whose stamp is unchanged since it was hashed, and that
		// was checked in that version, is not read again
		if sum, known = h.Cached(path, st); known && passedBefore(&d, path, at, sum, fit, col) {
			return d, nil
		}
		if in := toConvert(sum, known, fit, pr); in != nil {
			return d, in // known to need converting: read by the conversion
		}
	}
	data, sum, err := readHashed(path, st, sum, known, h) // st is nil when statErr is set
	if err != nil {
		d.Errorf(at.File, at.Line, "%s: %v", path, err)
		return d, nil
	}
	inf, err := raster.Classify(data)
	if err != nil {
		d.Errorf(at.File, at.Line, "%s: %v", path, err)
		return d, nil
	}
	classified.Store(sum, inf)
	if inf.PassThrough && fit[0] == 0 {
		// embedded as it is: check that it decodes, so that a damaged
		// file (a patched frame header, corrupt scan data) is an error
		// here, not a blank or garbled page in print; converted images
		// are decoded by the conversion. A CMYK file's ink check decodes
		// it (a baseline JPEG: the same walk of its scan data).
		if inf.Color != "cmyk" {
			decodeDiag(&d, path, at, inf, validate(data, sum))
			return d, nil
		}
		tac, err := col.CoverageSum(data, sum)
		if err != nil {
			d.Errorf(at.File, at.Line, "%s: %v", path, err)
			return d, nil
		}
		if withinLimit(&d, path, at, inf, tac, col) {
			return d, nil
		}
	}
	if inf.Color == "rgb" && !pr.ConvertRGB {
		d.Errorf(at.File, at.Line, "%s: %s image: a print file needs CMYK or grey images, and [print] convert_rgb = false; convert it to CMYK, or let paiban do it (convert_rgb = true)", path, inf.Why)
		return d, nil
	}
	in := &convInput{sum: sum, inf: inf}
	if statErr != nil || h == nil || !unchanged(h, path, sum) {
		in.data = data // cannot be read again and known the same
	}
	return d, in
}

// toConvert is what a conversion starts from for a file whose content
// (sum) is known and was classified (in this process, by warmImages, or
// through the disk cache) as one to convert; nil otherwise.
func toConvert(sum [32]byte, known bool, fit [2]int, pr issue.Print) *convInput {
	if !known {
		return nil
	}
	v, ok := classified.Load(sum)
	if !ok {
		return nil
	}
	inf := v.(raster.Info)
	if inf.PassThrough && fit[0] == 0 || inf.Color == "rgb" && !pr.ConvertRGB {
		return nil // inspect reports it
	}
	return &convInput{sum: sum, inf: inf}
}

// warmImages does, in the background while the fonts are loaded and the
// layout runs, what checkImages needs of every image file the plan names
// that does not depend on where the layout puts it: each file is read,
// hashed (h), classified and, when it may go in as it is, validated or
// ink-checked — all kept by content, so checkImages finds them known.
// Files that cannot be stated (a .docx's pictures) and anything that goes
// wrong are left to checkImages, which reports them at their lines. The
// returned function waits for it to end.
func warmImages(iss *issue.Issue, h *manifest.Hasher) func() {
	col, err := colourOf(iss)
	if err != nil || h == nil {
		return func() {}
	}
	var paths []string
	for p := range imagePositions(iss).pixels {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	done := make(chan struct{})
	go func() {
		defer close(done)
		// one processor is the layout's
		inParallelN(max(1, runtime.GOMAXPROCS(0)-1), len(paths), func(i int) { warmImage(paths[i], h, col) })
	}()
	return func() { <-done }
}

// warmImage is warmImages's work for one file.
func warmImage(path string, h *manifest.Hasher, col *raster.Colour) {
	defer func() { recover() }() // a damaged file: checkImages reports it
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return
	}
	sum, known := h.Cached(path, st)
	if known {
		if _, ok := classified.Load(sum); ok {
			return
		}
	}
	data, sum, err := readHashed(path, st, sum, known, h)
	if err != nil {
		return
	}
	inf, err := raster.Classify(data)
	if err != nil {
		return
	}
	if inf.PassThrough {
		if inf.Color == "cmyk" {
			col.CoverageSum(data, sum)
		} else {
			validate(data, sum)
		}
	}
	classified.Store(sum, inf)
}

// readHashed reads the image file at path and returns its bytes and their
// SHA-256: sum when the hasher knew it (known) and the file still has that
// stamp, else computed and given to h with st, the file's stamp from before
// the read (a file changed since is hashed again); st is nil for a file
// without one (a .docx's picture), h may be nil.
func readHashed(path string, st os.FileInfo, sum [32]byte, known bool, h *manifest.Hasher) ([]byte, [32]byte, error) {
	data, err := readImage(path)
	if err != nil {
		return nil, sum, err
	}
	if !known || !unchanged(h, path, sum) {
		sum = raster.Sum(data)
		if st != nil && h != nil {
			h.Known(path, st, sum)
		}
	}
	return data, sum, nil
}

// convert converts one image file that inspect found must be (in).
func convert(path string, at issue.Pos, pr issue.Print, fit [2]int, crop [4]int, in *convInput, col *raster.Colour, h *manifest.Hasher, store raster.Store) (diag.List, *raster.Image) {
	var d diag.List
	data := in.data
	if data == nil {
		var err error
		if data, err = readImage(path); err != nil {
			d.Errorf(at.File, at.Line, "%s: %v", path, err)
			return d, nil
		}
		if !unchanged(h, path, in.sum) {
			d.Errorf(at.File, at.Line, "%s: changed while paiban was building; build again", path)
			return d, nil
		}
	}
	o := photoOptions(pr)
	o.W, o.H, o.Sum, o.Store, o.Crop = fit[0], fit[1], in.sum, store, crop
	im, err := col.FitWith(data, o)
	if err != nil {
		d.Errorf(at.File, at.Line, "%s: %v", path, err)
		return d, nil
	}
	if im.Warning != "" {
		d.Warnf(at.File, at.Line, "%s: %s", path, im.Warning)
	}
	d.Notef(at.File, at.Line, "%s: %s", path, im.Note)
	return d, im
}

// colourOf is how the images of iss are converted: [print] profile (else
// the condition's bundled one, else the device formula), intent and ink
// limit.
func colourOf(iss *issue.Issue) (*raster.Colour, error) {
	p := iss.Print
	intent := icc.Perceptual
	if p.Intent == "relative" {
		intent = icc.Relative
	}
	profile := p.Profile
	if profile == nil {
		// the plan names a registered condition only: its bundled profile,
		// when paiban has one (raster/profiles), converts; the file stays
		// PDF/X-1a with the condition's identifier
		profile = raster.ConditionProfile(p.Condition)
	}
	key := fmt.Sprintf("%q %d %d %x", p.Condition, intent, p.InkLimit, sha256.Sum256(profile))
	if c, ok := colours.Load(key); ok {
		return c.(*raster.Colour), nil
	}
	c, err := raster.NewColour(p.Condition, profile, intent, p.InkLimit)
	if err == nil {
		colours.Store(key, c)
	}
	return c, err
}

// colours are the conversions made, by condition, intent, ink limit and
// profile: a Colour is never changed once made, and a build (the image
// checks, then the writer) or a --watch session asks for the same one
// again — its profile is parsed once.
var colours sync.Map

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
	bySlot   map[string]map[string]issue.Pos // slot code → path → position
	any      map[string]issue.Pos            // path → first position
	pixels   map[string][2]int               // path → width, height
	supplied map[string]*issue.Image         // "path#page" → a supplied PDF page
}

func imagePositions(iss *issue.Issue) *positions {
	w := &positions{bySlot: map[string]map[string]issue.Pos{}, any: map[string]issue.Pos{}, pixels: map[string][2]int{}, supplied: map[string]*issue.Image{}}
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
			if im.Vector() {
				w.supplied[fmt.Sprintf("%s#%d", im.Path, im.Page)] = im
				return
			}
			w.pixels[im.Path] = [2]int{im.Width, im.Height}
		}
		add(ps.OpeningImage)
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

// passedBefore adds the diagnostics of an image file embedded as it is
// whose content (sum) was classified, validated and, for CMYK, measured
// before — in this process or, through the disk cache, by the last build —
// and reports whether it did; false sends the file through the checks.
func passedBefore(d *diag.List, path string, at issue.Pos, sum [32]byte, fit [2]int, col *raster.Colour) bool {
	v, ok := classified.Load(sum)
	if !ok {
		return false
	}
	inf := v.(raster.Info)
	if !inf.PassThrough || fit[0] != 0 {
		return false
	}
	if inf.Color != "cmyk" {
		decoded.Lock()
		err, ok := decoded.m[sum]
		decoded.Unlock()
		if ok {
			decodeDiag(d, path, at, inf, err)
		}
		return ok
	}
	tac, ok := raster.CoverageCached(sum)
	return ok && withinLimit(d, path, at, inf, tac, col)
}

// unchanged reports whether the file at path, stated again after it was
// read, still has the stamp under which the hasher knows its hash is sum.
func unchanged(h *manifest.Hasher, path string, sum [32]byte) bool {
	s, ok := h.Lookup(path)
	return ok && s == sum
}

// decodeDiag reports a file embedded as it is that does not decode (err).
func decodeDiag(d *diag.List, path string, at issue.Pos, inf raster.Info, err error) {
	if err != nil {
		d.Errorf(at.File, at.Line, "%s: damaged %s: %v; export it again", path, strings.ToUpper(inf.Format), err)
	}
}

// withinLimit notes a CMYK file whose total ink tac is within the limit
// (embedded as it is) and reports whether it is.
func withinLimit(d *diag.List, path string, at issue.Pos, inf raster.Info, tac int, col *raster.Colour) bool {
	if tac > col.InkLimit() {
		return false
	}
	d.Notef(at.File, at.Line, "%s: CMYK %s, total ink at most %d %% (limit %d %%): embedded as it is", path, strings.ToUpper(inf.Format), tac, col.InkLimit())
	return true
}

// readImage reads an image file for the checks (tests count the reads).
var readImage = func(path string) ([]byte, error) { return input.ReadFile(path, input.Image) }

// classified holds what raster.Classify said of each image content, by
// its SHA-256 (raster.Info values); the disk cache keeps it.
var classified sync.Map

// Validated images, by the SHA-256 of their bytes: nil for a good one,
// else why it cannot be decoded. Reruns in the same process (--watch, the
// benchmarks) decode only new or changed files.
var decoded struct {
	sync.Mutex
	m map[[32]byte]error
}

// validate is raster.Validate, once per content (sum is data's SHA-256).
func validate(data []byte, sum [32]byte) error {
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
			if im.Page > 0 {
				continue // vector: a supplied PDF page
			}
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

// fitPlacements gives each placement of an image that the file's fit (fits,
// for where it is largest; else its own pixels) would leave above [print]
// max_ppi its own fit, layout.Image.Fit: the pixels that make it
// target_ppi there. A photo set as the cover at 349 ppi and again in a
// column at 860 ppi is embedded twice, as it is for the cover and
// downsampled for the column: no placement prints above max_ppi. px gives
// the files' pixels, upright.
func fitPlacements(iss *issue.Issue, doc *layout.Document, fits map[string][2]int, px map[string][2]int) {
	pr := iss.Print
	for _, p := range doc.Pages {
		for i := range p.Images {
			im := &p.Images[i]
			im.Fit = [2]int{}
			n := px[im.Path]
			if pr.MaxPPI <= 0 || pr.TargetPPI <= 0 || im.Page > 0 || n[0] <= 0 || n[1] <= 0 || im.W <= 0 || im.H <= 0 {
				continue
			}
			w := float64(n[0]) // the pixels across as embedded for the largest placement
			if f, ok := fits[im.Path]; ok {
				w = math.Floor(float64(n[0])*min(float64(f[0])/float64(n[0]), float64(f[1])/float64(n[1])) + 0.5)
			}
			inches := im.W.Points() / 72
			if w/inches <= float64(pr.MaxPPI) {
				continue
			}
			fw := int(math.Ceil(inches * float64(pr.TargetPPI)))
			fh := int(math.Ceil(im.H.Points() / 72 * float64(pr.TargetPPI)))
			if float64(fw) < w {
				im.Fit = [2]int{fw, fh}
			}
		}
	}
}

// cropPlacements gives each placement of an image file that shows less than
// four fifths of it (a landscape photo filling a portrait page, a picture
// cropped to fill its place) a crop, layout.Image.Crop: only the part in
// the frame is embedded (a converted image; one that goes in as it is is
// not cropped, checkImages takes the crop off again).
func cropPlacements(doc *layout.Document) {
	for _, p := range doc.Pages {
		for i := range p.Images {
			im := &p.Images[i]
			im.Crop = [4]int{}
			if im.Page > 0 || im.W <= 0 || im.H <= 0 || im.ClipW <= 0 || im.ClipH <= 0 {
				continue
			}
			frac := func(v, o, size units.Length) float64 { return min(1, max(0, float64(v-o)/float64(size))) }
			x0, x1 := frac(im.ClipX, im.X, im.W), frac(im.ClipX+im.ClipW, im.X, im.W)
			y0, y1 := frac(im.ClipY, im.Y, im.H), frac(im.ClipY+im.ClipH, im.Y, im.H)
			if (x1-x0)*(y1-y0) >= 0.8 {
				continue
			}
			im.Crop = [4]int{int(math.Floor(x0 * 10000)), int(math.Floor(y0 * 10000)), int(math.Ceil(x1 * 10000)), int(math.Ceil(y1 * 10000))}
		}
	}
}

// preflightDiag reports what the preflight of a supplied PDF page found
// (package supplied), at the line that places it: fonts not embedded and
// RGB (or Lab) colour are errors — a print file needs every font and CMYK
// only, and paiban does not convert the colours of supplied pages;
// transparency is an error for PDF/X-1a (the default) and allowed in
// PDF/X-4 ([print] profile); spot colours are a warning (an extra plate;
// an error with --strict). A clean page gets a note.
func preflightDiag(d *diag.List, pr issue.Print, im *issue.Image, at issue.Pos) {
	if im == nil || im.Supplied == nil {
		return
	}
	pg := im.Supplied
	name := fmt.Sprintf("%s page %d", im.Path, im.Page)
	// the import the writer will do, tried here so that a file gopdf's
	// importer cannot read is an error at this line
	if data, err := input.ReadFile(im.Path, input.PDF); err != nil {
		d.Errorf(at.File, at.Line, "%s", err)
		return
	} else if err := pdf.CheckImport(data, im.Page); err != nil {
		d.Errorf(at.File, at.Line, "%s cannot be imported: %v; save it again as PDF/X-1a (or print it to a new PDF)", name, err)
		return
	}
	ok := true
	if len(pg.NotEmbedded) > 0 {
		ok = false
		d.Errorf(at.File, at.Line, "%s: fonts not embedded: %s; a print file needs every font embedded: ask for a PDF/X-1a file", name, strings.Join(pg.NotEmbedded, ", "))
	}
	switch {
	case len(pg.RGB) > 0 && pg.Unconvertible != "":
		ok = false
		d.Errorf(at.File, at.Line, "%s is not CMYK (%s) and cannot be converted: %s; ask for a PDF/X-1a (CMYK) file", name, strings.Join(firstFew(pg.RGB, 3), "; "), pg.Unconvertible)
	case len(pg.RGB) > 0:
		ok = false
		d.Warnf(at.File, at.Line, "%s is not CMYK (%s): converted to CMYK; check the colours on a proof, or ask for a PDF/X-1a file (--strict refuses it)", name, strings.Join(firstFew(pg.RGB, 3), "; "))
	}
	if len(pg.Transparency) > 0 {
		switch {
		case len(pr.Profile) == 0 && raster.ConditionProfile(pr.Condition) == nil:
			ok = false
			d.Errorf(at.File, at.Line, "%s uses transparency (%s), which PDF/X-1a forbids: ask for a flattened PDF/X-1a file, or make a PDF/X-4 print file ([print] profile)", name, strings.Join(firstFew(pg.Transparency, 3), "; "))
		case len(pr.Profile) == 0:
			ok = false
			d.Warnf(at.File, at.Line, "%s uses transparency (%s), which PDF/X-1a forbids: the print file is made PDF/X-4, which keeps it, with the profile paiban bundles for %s as its output intent; ask the 印厂 whether their RIP takes PDF/X-4, or ask for a flattened PDF/X-1a file (--strict refuses it)", name, strings.Join(firstFew(pg.Transparency, 3), "; "), pr.Condition)
		default:
			d.Notef(at.File, at.Line, "%s uses transparency (%s): allowed in PDF/X-4", name, strings.Join(firstFew(pg.Transparency, 3), "; "))
		}
	}
	if len(pg.Spot) > 0 {
		ok = false
		d.Warnf(at.File, at.Line, "%s uses spot colours (%s): each prints on a plate of its own; ask for CMYK unless the job has those inks", name, strings.Join(pg.Spot, ", "))
	}
	if ok {
		w, h := pg.TrimSize()
		turned := ""
		if pg.Rotate != 0 {
			turned = fmt.Sprintf(" (its /Rotate %d made part of the page: placed as it is seen)", pg.Rotate)
		}
		d.Notef(at.File, at.Line, "%s: supplied page %.1f×%.1f mm, fonts embedded, CMYK%s", name, w*25.4/72, h*25.4/72, turned)
	}
}

// firstFew is the first n entries of l, and how many more.
func firstFew(l []string, n int) []string {
	if len(l) <= n {
		return l
	}
	return append(l[:n:n], fmt.Sprintf("and %d more", len(l)-n))
}
