package issue

import (
	"math"
	"path/filepath"
	"strings"
)

// The page-design keys of a [[page]] (issue 15): running heads by section,
// the opening layout of a range's first page, the cover story of the 目录.

// Opening layouts of a range's first page.
const (
	OpenTitle = "title" // a large title area across the page, no running head
	OpenImage = "image" // an image across the top of the page to the bleed, the title below it, no running head
)

// designKeys are the [[page]] keys read by readDesign.
var designKeys = []string{"running_head", "accent", "opening", "opening_image", "feature", "measure", "crop"}

// DefaultCrop is how much of an image's width or height a picture page may
// crop away to fill its page, in percent ([[page]] crop).
const DefaultCrop = 35

// CropPercent is the crop tolerance of ps's picture pages, in percent.
func (ps *PageSpec) CropPercent() int {
	if ps.Crop > 0 {
		return ps.Crop
	}
	return DefaultCrop
}

// readDesign reads the page-design keys of one [[page]].
func (r *planReader) readDesign(ps *PageSpec, t *table) {
	ps.RunningHead = ps.Section
	if s, ok := t.str("running_head"); ok {
		ps.RunningHead = strings.TrimSpace(s)
	}
	if t.has("accent") {
		if c, ok := t.cmyk("accent"); ok {
			ps.Accent, ps.HasAccent = c, true
		}
	}
	if s, ok := t.str("opening"); ok {
		switch s {
		case OpenTitle, OpenImage:
			ps.Opening = s
		default:
			t.errf("opening", "opening = %q: use %q (a large title area) or %q (an opening image, with opening_image = \"images/….jpg\")", s, OpenTitle, OpenImage)
		}
	}
	if p, ok := t.str("opening_image"); ok {
		pos := Pos{File: r.file, Line: t.line("opening_image")}
		ext := strings.ToLower(filepath.Ext(p))
		switch {
		case strings.TrimSpace(p) == "":
			t.errf("opening_image", "opening_image is empty")
		case badPathChar(p) != "":
			t.errf("opening_image", "opening_image %s", badPathChar(p))
		case !imageExts[ext] && unsupportedImageExts[ext] == "":
			t.errf("opening_image", "opening_image %s is not an image (.jpg, .png, .tif)", p)
		default:
			ps.OpeningImage = loadImage(r.resolve(strings.TrimSpace(p)), pos, r.d)
			if ps.Opening == "" {
				ps.Opening = OpenImage
			}
		}
	}
	if ps.Opening == OpenImage && ps.OpeningImage == nil && !t.has("opening_image") {
		t.errf("opening", "opening = %q needs the image: opening_image = \"images/….jpg\"", OpenImage)
	}
	ps.Feature, _ = t.boolean("feature")
	if n, ok := t.integer("crop"); ok {
		if n < 1 || n > 60 {
			t.errf("crop", "crop = %d is out of range (1 … 60 %% of an image's width or height)", n)
		} else {
			ps.Crop = n
		}
	}
	if n, ok := t.integer("measure"); ok {
		if n < MinColumnChars || n > 200 {
			t.errf("measure", "measure = %d is out of range (%d … 200 characters a line)", n, MinColumnChars)
		} else {
			ps.Measure = n
		}
	}
}

// cmyk reads four CMYK percentages.
func (t *table) cmyk(k string) ([4]uint8, bool) {
	var c [4]uint8
	arr, ok := t.m[k].([]any)
	good := ok && len(arr) == 4
	for i := 0; good && i < 4; i++ {
		v, isInt := arr[i].(int64)
		good = isInt && v >= 0 && v <= 100
		if good {
			c[i] = uint8(v)
		}
	}
	if !good {
		t.errf(k, "%s must be four CMYK percentages, e.g. %s = [0, 100, 100, 0]", k, k)
	}
	return c, good
}

// OpeningPage reports whether the page of slot index si opens ps with an
// opening layout (no running head).
func (ps *PageSpec) OpeningPage(si int) bool {
	return ps.Opening != "" && len(ps.Slots) > 0 && ps.Slots[0] == si
}

// The default masthead's colours (CMYK percent): the first of Mastheads
// that stands out from the cover image behind it is taken.
var (
	DefaultMasthead = [4]uint8{100, 80, 0, 20} // a deep blue
	Mastheads       = [][4]uint8{
		DefaultMasthead,
		{0, 100, 100, 20}, // a deep red
		{90, 30, 100, 25}, // a deep green
		{0, 0, 0, 0},      // paper white (the ink knocked out)
		{0, 0, 0, 100},    // black
	}
)

// MastheadBand is the part of the cover, from the top of the trim, where the
// default masthead stands (its tone decides the masthead's colour).
const MastheadBandTop, MastheadBandBottom = 25.0, 66.0 // mm

// PickMasthead chooses the masthead's colour for a cover whose masthead band
// has the mean colour tone (CMYK percent): the first of Mastheads (on a dark
// picture, paper white first) that
// contrasts with it — a luminance contrast of at least 3 (WCAG, for large type), and a
// hue apart from a coloured background — else the one of most contrast.
func PickMasthead(tone [4]float64) [4]uint8 {
	bg := rgbOf(tone)
	order := Mastheads
	if luminance(bg) < 0.18 {
		// a dark picture: white type first (a colour dark enough to be a
		// colour would be dull on it)
		order = append([][4]uint8{{0, 0, 0, 0}}, Mastheads...)
	}
	best, bestRatio := order[0], 0.0
	for _, c := range order {
		fg := rgbOf([4]float64{float64(c[0]), float64(c[1]), float64(c[2]), float64(c[3])})
		ratio := contrast(luminance(fg), luminance(bg))
		if ratio >= 3 && !sameHue(fg, bg) {
			return c
		}
		if ratio > bestRatio {
			best, bestRatio = c, ratio
		}
	}
	return best
}

// rgbOf approximates a CMYK colour (percent) as linear RGB (0…1).
func rgbOf(c [4]float64) [3]float64 {
	k := 1 - c[3]/100
	var out [3]float64
	for i := range out {
		v := (1 - c[i]/100) * k
		out[i] = math.Pow(v, 2.2) // the device value is gamma-encoded
	}
	return out
}

func luminance(rgb [3]float64) float64 { return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2] }

func contrast(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	return (a + 0.05) / (b + 0.05)
}

// sameHue reports whether two colours, both clearly coloured, have hues
// within 40° of each other (a blue title on a blue sky reads poorly even at
// a good luminance contrast).
func sameHue(a, b [3]float64) bool {
	ha, sa := hue(a)
	hb, sb := hue(b)
	if sa < 0.25 || sb < 0.25 {
		return false
	}
	d := math.Abs(ha - hb)
	return math.Min(d, 360-d) < 40
}

// hue is the HSV hue (degrees) and saturation of a linear RGB colour.
func hue(c [3]float64) (h, s float64) {
	mx := math.Max(c[0], math.Max(c[1], c[2]))
	mn := math.Min(c[0], math.Min(c[1], c[2]))
	if mx <= 0 || mx == mn {
		return 0, 0
	}
	d := mx - mn
	switch mx {
	case c[0]:
		h = math.Mod((c[1]-c[2])/d, 6)
	case c[1]:
		h = (c[2]-c[0])/d + 2
	default:
		h = (c[0]-c[1])/d + 4
	}
	h *= 60
	if h < 0 {
		h += 360
	}
	return h, d / mx
}
