package raster

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"maps"
	"math"
	"slices"
	"sync"

	"github.com/paiban/paiban/raster/icc"
)

// Colour says how images are made printable for one output condition: the
// press's ICC profile and rendering intent for RGB images, and the ink
// limit (total area coverage) for every CMYK image, converted or supplied.
// Make one with NewColour; the zero value is not usable.
type Colour struct {
	name     string       // the condition: "FOGRA39"
	out      *icc.Profile // the output profile; nil: the device formula (CMYK)
	outName  string       // its description, for the report
	intent   icc.Intent
	inkLimit int // percent
	key      [32]byte
}

// NewColour prepares the conversions for the condition called name:
// profile is its ICC output profile (CMYK, with B2A tables), or nil for
// the device formula (see CMYK); intent is icc.Perceptual or icc.Relative
// (then with black-point compensation); inkLimit is the highest total
// area coverage in percent (100 … 400).
func NewColour(name string, profile []byte, intent icc.Intent, inkLimit int) (*Colour, error) {
	if inkLimit < 100 || inkLimit > 400 {
		return nil, fmt.Errorf("ink limit %d %% is out of range (100 … 400)", inkLimit)
	}
	if intent != icc.Perceptual && intent != icc.Relative {
		return nil, fmt.Errorf("rendering intent %v is not supported", intent)
	}
	c := &Colour{name: name, intent: intent, inkLimit: inkLimit}
	h := sha256.New()
	fmt.Fprintf(h, "%d %d\x00", intent, inkLimit)
	if profile != nil {
		p, err := icc.Parse(profile)
		if err != nil {
			return nil, err
		}
		if err := checkOutput(p); err != nil {
			return nil, err
		}
		c.out, c.outName = p, p.Desc
		if c.outName == "" {
			c.outName = name
		}
		h.Write(profile)
	}
	copy(c.key[:], h.Sum(nil))
	return c, nil
}

// checkOutput accepts a CMYK output profile a transform can write with.
func checkOutput(p *icc.Profile) error {
	if p.Space != "CMYK" {
		return fmt.Errorf("the profile's colour space is %s, not CMYK", p.Space)
	}
	if !p.CanOutput() || !p.CanInput() {
		return errors.New("the profile has no B2A (PCS to CMYK) and A2B tables: it cannot be converted to")
	}
	return nil
}

// Device is the conversion without a profile: the device formula (CMYK)
// and a 300 % ink limit. Convert and Fit use it.
var Device = func() *Colour {
	c, err := NewColour("", nil, icc.Perceptual, 300)
	if err != nil {
		panic(err)
	}
	return c
}()

// InkLimit is the total area coverage limit in percent.
func (c *Colour) InkLimit() int { return c.inkLimit }

// Describe says, for the build report, how RGB images are converted.
func (c *Colour) Describe() string {
	if c.out == nil {
		return fmt.Sprintf("by the device formula (grey component replacement; no ICC output profile), ink limit %d %%", min(c.inkLimit, InkLimit*100/255))
	}
	return fmt.Sprintf("with the ICC profile %q, %s, ink limit %d %%", c.outName, c.intentName(), c.inkLimit)
}

func (c *Colour) intentName() string {
	if c.intent == icc.Relative {
		return "relative colorimetric with black-point compensation"
	}
	return "perceptual"
}

// Fit is the package's Fit with this conversion: the image converted to
// CMYK (RGB through the profiles; CMYK limited to the ink limit) or grey,
// resampled to fit w×h when larger (w, h = 0: its own size). Cached by
// content, size and conversion.
func (c *Colour) Fit(data []byte, w, h int) (*Image, error) {
	return c.FitWith(data, Options{W: w, H: h})
}

// Embed says how the file goes into the PDF: nil when it is embedded as it
// is (Classify says PassThrough, it is not to be fitted, and a CMYK image is
// within the ink limit), else the converted image (Fit).
func (c *Colour) Embed(data []byte, w, h int) (*Image, error) {
	return c.EmbedWith(data, Options{W: w, H: h})
}

// EmbedWith is Embed with the options of FitWith (the size to fit in, how
// photos are compressed).
func (c *Colour) EmbedWith(data []byte, o Options) (*Image, error) {
	w, h := o.W, o.H
	inf, err := Classify(data)
	if err != nil {
		return nil, err
	}
	fit := w > 0 && h > 0
	if !inf.PassThrough || fit {
		return c.FitWith(data, o)
	}
	if inf.Color == "cmyk" {
		sum := o.Sum
		if sum == ([32]byte{}) {
			sum = sha256.Sum256(data)
		}
		tac, err := c.CoverageSum(data, sum)
		if err != nil {
			return nil, err
		}
		if tac > c.inkLimit {
			o.W, o.H = 0, 0
			return c.FitWith(data, o)
		}
	}
	return nil, nil
}

// Coverage is the highest total area coverage (C+M+Y+K) in percent of a
// CMYK JPEG or TIFF file over any 8×8-pixel block (0.7 mm at 300 ppi: ink
// limits are about areas, and a JPEG's block means are its DC
// coefficients, read without decoding the image), less the slack allowed
// for rounding (inkSlack), rounded down; 0 for other files. Cached by
// content. It decodes the file (or walks a baseline JPEG's scan data as
// Validate does): an error means the file is damaged.
func (c *Colour) Coverage(data []byte) (int, error) {
	return c.CoverageSum(data, sha256.Sum256(data))
}

// CoverageSum is Coverage of data whose SHA-256 is sum (Options.Sum).
func (c *Colour) CoverageSum(data []byte, sum [32]byte) (int, error) {
	coverageCache.Lock()
	v, ok := coverageCache.m[sum]
	coverageCache.Unlock()
	if ok {
		return v, nil
	}
	v = 0
	if max8, ok, err := jpegCoverage(data); err != nil {
		return 0, err
	} else if ok {
		v = percent(max8)
	} else {
		img, err := decode(data, 0, 0)
		if err != nil {
			return 0, err
		}
		if cm, ok := img.(*image.CMYK); ok {
			v = percent(maxCoverage(cm))
		}
	}
	coverageCache.Lock()
	if coverageCache.m == nil {
		coverageCache.m = map[[32]byte]int{}
	}
	coverageCache.m[sum] = v
	coverageCache.Unlock()
	return v, nil
}

var coverageCache struct {
	sync.Mutex
	m map[[32]byte]int
}

// inkSlack is how far, in 8-bit units of C+M+Y+K, a supplied CMYK image
// may go over the limit and still count as within it: the rounding of its
// own separation and JPEG's ringing at edges (3 units ≈ 1.2 %).
const inkSlack = 3

// percent is the total area coverage in percent of a highest C+M+Y+K in
// 8-bit units, less inkSlack, rounded down.
func percent(max8 int) int { return max(0, max8-inkSlack) * 100 / 255 }

// maxCoverage is the highest mean C+M+Y+K of the image's 8×8-pixel
// blocks (from its top left corner; partial blocks at the edges) in 8-bit
// units (1020 is 400 %).
func maxCoverage(m *image.CMYK) int {
	b := m.Bounds()
	w := b.Dx()
	nbx := (w + 7) / 8
	sums := make([]int, nbx)
	counts := make([]int, nbx)
	best := 0
	flush := func() {
		for i := range sums {
			if counts[i] > 0 {
				best = max(best, (sums[i]+counts[i]/2)/counts[i])
			}
			sums[i], counts[i] = 0, 0
		}
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		p := m.Pix[m.PixOffset(b.Min.X, y):][:4*w]
		for x := 0; x < w; x++ {
			q := p[4*x : 4*x+4 : 4*x+4]
			sums[x/8] += int(q[0]) + int(q[1]) + int(q[2]) + int(q[3])
			counts[x/8]++
		}
		if (y-b.Min.Y)%8 == 7 {
			flush()
		}
	}
	flush()
	return best
}

// jpegCoverage is maxCoverage of a baseline CMYK JPEG (Adobe, not YCCK,
// no subsampling) from its DC coefficients; false for other files. Its
// walk of the scan data is Validate's: a damaged baseline JPEG is an
// error.
func jpegCoverage(data []byte) (int, bool, error) {
	if !bytes.HasPrefix(data, []byte{0xFF, 0xD8}) || adobeTransform(data) != 0 {
		return 0, false, nil
	}
	var dcs jpegDC
	if err := checkBaseline(data, &dcs); err == errNotBaseline {
		return 0, false, nil
	} else if err != nil {
		return 0, false, fmt.Errorf("damaged JPEG: %v; export it again", err)
	}
	if len(dcs.comps) != 4 {
		return 0, false, nil
	}
	if dcs.streamed {
		return int(math.Round(dcs.best)), true, nil
	}
	n := len(dcs.means[0])
	for i, c := range dcs.comps {
		if c.h != 1 || c.v != 1 || len(dcs.means[i]) != n {
			return 0, false, nil
		}
	}
	best := 0.0
	for k := range n {
		best = max(best, inkSum([4]float32{dcs.means[0][k], dcs.means[1][k], dcs.means[2][k], dcs.means[3][k]}))
	}
	return int(math.Round(best)), true, nil
}

// adobeTransform is the colour transform of a JPEG's Adobe APP14 marker
// (0: none, CMYK as it is; 2: YCCK), or −1 without one.
func adobeTransform(data []byte) int {
	for i := 2; i+4 <= len(data) && data[i] == 0xFF; {
		m := data[i+1]
		n := int(data[i+2])<<8 | int(data[i+3])
		if m == 0xDA || n < 2 || i+2+n > len(data) {
			break
		}
		seg := data[i+4 : i+2+n]
		if m == 0xEE && len(seg) >= 12 && string(seg[:5]) == "Adobe" {
			return int(seg[11])
		}
		i += 2 + n
	}
	return -1
}

// separate makes a decoded image ready for encode: an RGB image becomes
// CMYK through the profiles (its embedded one, else sRGB, to the output
// profile) or the device formula, within the ink limit; a CMYK image over
// the ink limit is brought down to it; grey stays as it is. It returns the
// image, what was done (for the report) and a warning when a supplied
// image had to be changed.
func (c *Colour) separate(img image.Image, inf Info, data []byte) (image.Image, string, string) {
	switch inf.Color {
	case "gray":
		return img, "", ""
	case "cmyk":
		cm, ok := img.(*image.CMYK)
		if !ok {
			return img, "", ""
		}
		tac := maxCoverage(cm)
		lim := c.limit8()
		if percent(tac) <= c.inkLimit {
			return img, fmt.Sprintf("ink %d %%, within the limit of %d %%", percent(tac), c.inkLimit), ""
		}
		out := image.NewCMYK(cm.Bounds())
		copy(out.Pix, cm.Pix)
		inBands(out.Bounds().Dy(), func(y0, y1 int) {
			var memo inkMemo
			w := out.Bounds().Dx()
			for y := y0; y < y1; y++ {
				row := out.Pix[y*out.Stride:][:4*w]
				limitRow(row, lim, &memo)
			}
		})
		what := fmt.Sprintf("total ink %d %% is over the limit of %d %%", percent(tac), c.inkLimit)
		if c.name != "" {
			what += " of " + c.name
		}
		return out, "ink brought down to " + fmt.Sprint(c.inkLimit) + " % (grey component replaced by K)", what + ": converted down"
	}
	b := img.Bounds()
	how, rows := c.separator(b.Dx(), b.Min.Y, func(int, int) image.Image { return img }, data)
	out := image.NewCMYK(image.Rect(0, 0, b.Dx(), b.Dy()))
	inBands(b.Dy(), func(y0, y1 int) {
		rows(y0, y1, out.Pix[y0*out.Stride:y1*out.Stride])
	})
	return out, how, ""
}

// separator is how separate converts an RGB image (its note for the
// report, and rows, which separates the rows y0 … y1−1 of the image, w
// pixels wide, counted from its top, into dst, 4·w bytes a row, within the
// ink limit); rows may be called for different rows at once. band(y0, y1)
// is an image that holds those rows, the first at y = minY + y0 (the whole
// image, or the band of a photo resampled as it is encoded). A photo's
// rows are separated band by band as the JPEG encoder takes them
// (convert), never held whole.
func (c *Colour) separator(w, minY int, band func(y0, y1 int) image.Image, data []byte) (string, func(y0, y1 int, dst []byte)) {
	var g *icc.Grid
	how := c.Describe()
	if c.out != nil {
		src, srcKey, srcNote := c.source(data)
		g = c.grid(src, srcKey)
		how = srcNote + " " + how
	}
	lim := c.limit8()
	return how, func(y0, y1 int, dst []byte) {
		img := band(y0, y1)
		rgb := make([]byte, 3*w)
		var memo inkMemo
		for y := y0; y < y1; y++ {
			rgbRow(img, minY+y, rgb)
			row := dst[(y-y0)*4*w:][:4*w]
			if g != nil {
				g.Row(rgb, row)
			} else {
				cmykRow(rgb, row)
			}
			limitRow(row, lim, &memo)
		}
	}
}

// limit8 is the ink limit in 8-bit units of C+M+Y+K.
func (c *Colour) limit8() int { return c.inkLimit * 255 / 100 }

// source is the profile RGB pixels of the file are in: its embedded one
// when that is a usable RGB profile, else sRGB; with the SHA-256 of its
// bytes and a note saying which.
func (c *Colour) source(data []byte) (*icc.Profile, [32]byte, string) {
	srgb := func(why string) (*icc.Profile, [32]byte, string) {
		return icc.SRGBProfile(), sha256.Sum256(icc.SRGB()), "from sRGB (" + why + ")"
	}
	b := EmbeddedProfile(data)
	if b == nil {
		return srgb("no embedded profile")
	}
	p, err := icc.Parse(b)
	switch {
	case err != nil:
		return srgb(fmt.Sprintf("its embedded profile is unreadable: %v", err))
	case p.Space != "RGB" || !p.CanInput():
		return srgb(fmt.Sprintf("its embedded profile is for %s, not RGB", p.Space))
	}
	desc := p.Desc
	if desc == "" {
		desc = "unnamed"
	}
	return p, sha256.Sum256(b), fmt.Sprintf("from its embedded profile %q", desc)
}

// grid is the RGB → CMYK grid from src to the output profile, with the
// ink limit applied at its nodes; nil for the device formula. Grids are
// kept for the life of the process, by profiles, intent and limit.
func (c *Colour) grid(src *icc.Profile, srcKey [32]byte) *icc.Grid {
	if c.out == nil {
		return nil
	}
	k := gridKey{c.key, srcKey}
	grids.Lock()
	e := grids.m[k]
	if e == nil {
		e = &gridEntry{}
		if grids.m == nil {
			grids.m = map[gridKey]*gridEntry{}
		}
		grids.m[k] = e
	}
	grids.Unlock()
	e.once.Do(func() {
		t, err := icc.NewTransform(src, c.out, c.intent, c.intent == icc.Relative)
		if err != nil { // not expected: source and output were checked
			t, err = icc.NewTransform(icc.SRGBProfile(), c.out, c.intent, c.intent == icc.Relative)
		}
		if err != nil {
			return // the device formula
		}
		limit := float64(c.inkLimit) / 100
		e.g = icc.NewGrid(t, icc.GridPoints, func(cmyk []float64) { limitInk(cmyk, limit) })
	})
	return e.g
}

type gridKey struct {
	colour [32]byte
	src    [32]byte
}

type gridEntry struct {
	once sync.Once
	g    *icc.Grid
}

var grids struct {
	sync.Mutex
	m map[gridKey]*gridEntry
}

// Key identifies the conversion (profile, intent, ink limit): a cache of
// converted images must include it.
func (c *Colour) Key() [32]byte { return c.key }

// RGB separates one sRGB colour (the colours of a supplied PDF page's
// vector content, which carry no profile of their own) as images are:
// through the output profile with the intent, or the device formula, and
// within the ink limit. The values are 8-bit.
func (c *Colour) RGB(r, g, b uint8) (cc, m, y, k uint8) {
	rgb := []byte{r, g, b}
	out := make([]byte, 4)
	if gr := c.grid(icc.SRGBProfile(), sha256.Sum256(icc.SRGB())); gr != nil {
		gr.Row(rgb, out)
	} else {
		cmykRow(rgb, out)
	}
	var memo inkMemo
	limitRow(out, c.limit8(), &memo)
	return out[0], out[1], out[2], out[3]
}

// ExportCoverage encodes the coverage found for each CMYK file content so
// far (Coverage), in content order: the build's disk cache keeps it, so a
// fresh process does not walk every CMYK JPEG's scan data again.
func ExportCoverage() []byte {
	coverageCache.Lock()
	sums := make([][32]byte, 0, len(coverageCache.m))
	for s := range coverageCache.m {
		sums = append(sums, s)
	}
	slices.SortFunc(sums, func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) })
	var out []byte
	for _, s := range sums {
		out = append(out, s[:]...)
		out = binary.AppendUvarint(out, uint64(coverageCache.m[s]))
	}
	coverageCache.Unlock()
	return out
}

// ImportCoverage primes Coverage from what ExportCoverage wrote; a damaged
// encoding is an error and primes nothing.
func ImportCoverage(b []byte) error {
	m := map[[32]byte]int{}
	for len(b) > 0 {
		if len(b) < 33 {
			return errors.New("coverage: truncated")
		}
		s := [32]byte(b[:32])
		v, k := binary.Uvarint(b[32:])
		if k <= 0 || v > 400 {
			return errors.New("coverage: damaged")
		}
		m[s] = int(v)
		b = b[32+k:]
	}
	coverageCache.Lock()
	if coverageCache.m == nil {
		coverageCache.m = map[[32]byte]int{}
	}
	maps.Copy(coverageCache.m, m)
	coverageCache.Unlock()
	return nil
}
