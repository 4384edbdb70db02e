package issue

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/paiban/paiban/internal/input"
	"github.com/paiban/paiban/raster/icc"
	"github.com/paiban/paiban/units"
)

// Print holds the [print] table: how the print file is made for the press.
type Print struct {
	// Condition is the OutputConditionIdentifier of the output intent:
	// "FOGRA39" by default, one of Conditions, or another name when a
	// profile describes it.
	Condition string

	ProfilePath string // the ICC output profile as resolved, or ""
	Profile     []byte // its bytes (validated: class prtr, colour space CMYK); nil = PDF/X-1a

	// Intent is how RGB images are converted to the press's CMYK:
	// "perceptual" (default) or "relative" (relative colorimetric with
	// black-point compensation).
	Intent string
	// InkLimit is the highest total area coverage (C+M+Y+K) in percent of
	// every CMYK image, converted or supplied: [print] ink_limit, else the
	// condition's entry in Conditions. InkLimitFrom says which, for the
	// report.
	InkLimit     int
	InkLimitFrom string

	Marks      bool // crop marks and registration targets outside the bleed
	ConvertRGB bool // RGB images are converted to CMYK (default); false makes them errors

	// Effective resolution thresholds in pixels per inch; 0 turns a check off.
	MinPPIWarn  int
	MinPPIError int
	// An image placed at more than MaxPPI is downsampled to TargetPPI (a
	// 30-megapixel photo in a column prints no better, and weighs 10 times
	// more); MaxPPI 0 never downsamples.
	MaxPPI    int
	TargetPPI int
	// Photos (JPEG files, and images downsampled) are written as JPEG of
	// this quality (1 … 100); Lossless keeps every image Flate-compressed.
	JPEGQuality int
	Lossless    bool

	Pos Pos // the [print] table (the plan file, line 0 when absent)
}

// OutputCondition is a printing condition of the ICC Characterization Data
// Registry (http://www.color.org) that paiban knows by name. The finishing
// pass writes its description (package finish).
type OutputCondition struct {
	ID      string   // OutputConditionIdentifier, as registered
	Aliases []string // other names accepted in the plan
	// InkLimit is the total area coverage, in percent, images are held to
	// on this condition unless [print] ink_limit says otherwise; Source
	// says where the figure comes from.
	InkLimit int
	Source   string
}

// Conditions are the registered printing conditions the plan may name. Ask
// the printer (印厂) which one their press is run to.
//
// The ink limits: coated stock 300–330 %, uncoated 260–280 %, newsprint
// 240 % (issue 13's table; ask the 印厂 for theirs and set ink_limit).
// Where the condition's reference profile or standard states a total area
// coverage, Source names it; the others are within the range for the
// stock.
var Conditions = []OutputCondition{
	{ID: "FOGRA39", Aliases: []string{"FOGRA39L", "ISO Coated v2"}, InkLimit: 330,
		Source: "ECI ISO Coated v2 (FOGRA39) profile: 330 %"},
	{ID: "FOGRA51", Aliases: []string{"PSO Coated v3"}, InkLimit: 300,
		Source: "ECI PSO Coated v3 (FOGRA51) profile: 300 %"},
	{ID: "FOGRA52", Aliases: []string{"PSO Uncoated v3"}, InkLimit: 280,
		Source: "uncoated stock (the ECI profile allows 300 %; presses on 胶版纸 ask 260–280 %)"},
	{ID: "FOGRA47", InkLimit: 260,
		Source: "uncoated stock, ISO 12647-2:2004 paper type 4 (presses on 胶版纸 ask 260–280 %)"},
	{ID: "JC200103", Aliases: []string{"Japan Color 2001 Coated", "JapanColor2001Coated"}, InkLimit: 330,
		Source: "coated stock (sheet-fed, 300–330 %)"},
	{ID: "CGATS21_CRPC6", Aliases: []string{"GRACoL", "GRACoL2013", "CGATS21", "CRPC6", "CGATS21-2-CRPC6"}, InkLimit: 320,
		Source: "coated stock, GRACoL (300–330 %)"},
	{ID: "CGATS TR 006", Aliases: []string{"GRACoL2006"}, InkLimit: 320,
		Source: "coated stock, GRACoL (300–330 %)"},
	{ID: "CGATS TR 001", Aliases: []string{"SWOP"}, InkLimit: 300,
		Source: "SWOP specification: 300 % total area coverage"},
	{ID: "IFRA26", Aliases: []string{"ISOnewspaper26", "ISO Newspaper 26", "newsprint"}, InkLimit: 240,
		Source: "ISO 12647-3 coldset newsprint: 240 %"},
}

// DefaultInkLimit is the ink limit of a condition that is not registered
// (one described by its profile) when the plan gives none.
const DefaultInkLimit = 300

// LookupCondition finds a registered condition by its identifier or an
// alias, ignoring case, spaces, '-' and '_'.
func LookupCondition(name string) (OutputCondition, bool) {
	key := func(s string) string {
		s = strings.ToLower(s)
		return strings.NewReplacer(" ", "", "-", "", "_", "").Replace(s)
	}
	k := key(name)
	for _, c := range Conditions {
		if key(c.ID) == k {
			return c, true
		}
		for _, a := range c.Aliases {
			if key(a) == k {
				return c, true
			}
		}
	}
	return OutputCondition{}, false
}

// Defaults of [print].
const (
	DefaultCondition   = "FOGRA39"
	DefaultMinPPIWarn  = 300
	DefaultMinPPIError = 150
	DefaultMaxPPI      = 450
	DefaultTargetPPI   = 300
	DefaultJPEGQuality = 90
	maxPPI             = 100000
)

// printKeys are the keys of [print].
var printKeys = []string{"condition", "profile", "intent", "ink_limit", "marks", "convert_rgb", "min_ppi_warn", "min_ppi_error", "max_ppi", "target_ppi", "jpeg_quality", "lossless"}

// readPrint reads [print]:
//
//	[print]
//	condition     = "FOGRA39"     OutputConditionIdentifier (see Conditions); another
//	                               name needs a profile
//	profile       = "press.icc"   an ICC output profile (class prtr, CMYK): RGB images
//	                               are converted with it, it is embedded, and the file
//	                               becomes PDF/X-4
//	intent        = "perceptual"  or "relative" (relative colorimetric with black-point
//	                               compensation): how RGB images are converted
//	ink_limit     = 300           total area coverage in percent of every CMYK image
//	                               (default: the condition's, see Conditions)
//	marks         = false         crop marks and registration targets
//	convert_rgb   = true          RGB images are converted to CMYK; false: an error
//	min_ppi_warn  = 300           effective resolution below which an image is a warning
//	min_ppi_error = 150           … and an error (0 turns a check off)
//	max_ppi       = 450           an image placed above it is downsampled …
//	target_ppi    = 300           … to this (max_ppi = 0: never)
//	jpeg_quality  = 90            photos are written as JPEG of this quality (1 … 100)
//	lossless      = false         true: every image Flate-compressed, photos too
func (r *planReader) readPrint(is *Issue, m map[string]any) {
	p := &is.Print
	p.Condition = DefaultCondition
	p.ConvertRGB = true
	p.MinPPIWarn, p.MinPPIError = DefaultMinPPIWarn, DefaultMinPPIError
	p.MaxPPI, p.TargetPPI = DefaultMaxPPI, DefaultTargetPPI
	p.JPEGQuality = DefaultJPEGQuality
	p.Pos = Pos{File: r.file}
	p.Intent = "perceptual"
	p.setInkLimit()
	t := r.topTable(m, "print")
	if t == nil {
		return
	}
	p.Pos.Line = t.self()
	t.check(printKeys...)

	if t.has("profile") {
		if s, ok := t.str("profile"); ok {
			s = strings.TrimSpace(s)
			if s == "" {
				t.errf("profile", "profile is empty (leave it out for PDF/X-1a with a registered condition)")
			} else {
				path := r.resolve(s)
				data, err := input.ReadFile(path, input.Profile)
				switch {
				case err != nil:
					t.errf("profile", "profile: %s", fileError(path, err))
				default:
					if err := CheckOutputProfile(data); err != nil {
						t.errf("profile", "profile %s: %v", path, err)
					} else {
						p.ProfilePath, p.Profile = path, data
					}
				}
			}
		}
	}
	if s, ok := t.str("condition"); ok {
		s = strings.TrimSpace(s)
		switch c, known := LookupCondition(s); {
		case s == "":
			t.errf("condition", "condition is empty (the default is %q)", DefaultCondition)
		case !printableASCII(s):
			t.errf("condition", "condition %q must be printable ASCII (an identifier such as %q)", s, DefaultCondition)
		case known:
			p.Condition = c.ID
		case t.has("profile"):
			p.Condition = s // a custom condition: described by the embedded profile
		default:
			t.errf("condition", "unknown output condition %q: known conditions are %s; for another press give its ICC profile too (profile = \"press.icc\")", s, conditionNames())
		}
	}
	if s, ok := t.str("intent"); ok {
		switch s = strings.TrimSpace(s); s {
		case "perceptual", "relative":
			p.Intent = s
		default:
			t.errf("intent", "intent %q is not known: \"perceptual\" (the default) or \"relative\" (relative colorimetric with black-point compensation)", s)
		}
	}
	p.setInkLimit()
	if t.has("ink_limit") {
		if n, ok := t.integer("ink_limit"); ok {
			if n < minInkLimit || n > 400 {
				t.errf("ink_limit", "ink_limit = %d is out of range (%d … 400, in percent of total area coverage)", n, minInkLimit)
			} else {
				p.InkLimit, p.InkLimitFrom = n, "[print] ink_limit"
			}
		}
	}
	p.Marks, _ = t.boolean("marks")
	if v, ok := t.boolean("convert_rgb"); ok {
		p.ConvertRGB = v
	}
	p.Lossless, _ = t.boolean("lossless")
	if n, ok := t.integer("jpeg_quality"); ok {
		if n < 1 || n > 100 {
			t.errf("jpeg_quality", "jpeg_quality = %d is out of range (1 … 100; 90 is usual for print, lossless = true keeps photos lossless)", n)
		} else {
			p.JPEGQuality = n
		}
	}
	warnOK, errOK := true, true
	for _, f := range []struct {
		k  string
		v  *int
		ok *bool
	}{{"min_ppi_warn", &p.MinPPIWarn, &warnOK}, {"min_ppi_error", &p.MinPPIError, &errOK}, {"max_ppi", &p.MaxPPI, &warnOK}, {"target_ppi", &p.TargetPPI, &warnOK}} {
		if !t.has(f.k) {
			continue
		}
		n, ok := t.integer(f.k)
		switch {
		case !ok:
			*f.ok = false
		case n < 0 || n > maxPPI:
			t.errf(f.k, "%s = %d is out of range (0 … %d; 0 turns the check off)", f.k, n, maxPPI)
			*f.ok = false
		default:
			*f.v = n
		}
	}
	if p.MaxPPI > 0 && (p.TargetPPI == 0 || p.TargetPPI > p.MaxPPI) {
		k := "target_ppi"
		if !t.has(k) {
			k = "max_ppi"
		}
		t.errf(k, "target_ppi = %d must be between 1 and max_ppi = %d", p.TargetPPI, p.MaxPPI)
	}
	if warnOK && errOK && p.MinPPIWarn > 0 && p.MinPPIError > p.MinPPIWarn {
		k := "min_ppi_error"
		if !t.has(k) {
			k = "min_ppi_warn"
		}
		t.errf(k, "min_ppi_error = %d is more than min_ppi_warn = %d", p.MinPPIError, p.MinPPIWarn)
	}
}

// setInkLimit sets the ink limit of the condition.
func (p *Print) setInkLimit() {
	p.InkLimit, p.InkLimitFrom = DefaultInkLimit, "default for a condition paiban does not know"
	if c, ok := LookupCondition(p.Condition); ok {
		p.InkLimit, p.InkLimitFrom = c.InkLimit, c.ID+": "+c.Source
	}
}

// CheckOutputProfile accepts an ICC profile that describes a CMYK press:
// the header's signature 'acsp', its size, device class 'prtr' (output) and
// colour space 'CMYK'.
func CheckOutputProfile(b []byte) error {
	if len(b) < 132 || string(b[36:40]) != "acsp" {
		return fmt.Errorf("not an ICC profile (no 'acsp' signature in the header)")
	}
	if size := binary.BigEndian.Uint32(b); int64(size) != int64(len(b)) {
		return fmt.Errorf("the ICC header says %d bytes, the file has %d (truncated?)", size, len(b))
	}
	if cs := string(b[16:20]); cs != "CMYK" {
		return fmt.Errorf("the profile's colour space is %q, not CMYK: an output profile for a four-colour press is needed", strings.TrimSpace(cs))
	}
	if class := string(b[12:16]); class != "prtr" {
		return fmt.Errorf("the profile's class is %q, not 'prtr' (an output profile)", strings.TrimSpace(class))
	}
	p, err := icc.Parse(b)
	if err != nil {
		return fmt.Errorf("%v: images cannot be converted with it", err)
	}
	if !p.CanOutput() || !p.CanInput() {
		return fmt.Errorf("the profile has no A2B and B2A tables: images cannot be converted with it")
	}
	return nil
}

// minInkLimit is the lowest ink_limit accepted: below it a four-colour
// black cannot be printed dark.
const minInkLimit = 180

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

func conditionNames() string {
	var names []string
	for _, c := range Conditions {
		names = append(names, fmt.Sprintf("%q", c.ID))
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// EffectivePPI is the resolution of an image of px×py pixels placed at w×h:
// pixels per inch of the placed size, the lower of the two directions,
// rounded to a whole number (the figure reported and compared with
// min_ppi_warn / min_ppi_error, so that 299.96 counts as 300), and at least
// 1: it is 0 only when a size is unknown (a 1×1 image over a page is 1 ppi,
// not unknown).
func EffectivePPI(px, py int, w, h units.Length) int {
	if px <= 0 || py <= 0 || w <= 0 || h <= 0 {
		return 0
	}
	ppi := math.Min(float64(px)/(w.Points()/72), float64(py)/(h.Points()/72))
	return max(1, int(math.Floor(ppi+0.5)))
}
