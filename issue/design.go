package issue

import (
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
