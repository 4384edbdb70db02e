// Package units holds the integer fixed-point length used by every stage of
// paiban, so that layout results never drift between platforms and golden
// traces stay stable.
package units

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Length is a distance in thousandths of a PostScript point (1/72 in).
type Length int64

// Common lengths.
const (
	Pt Length = 1000
	In Length = 72 * Pt
)

// FromPt converts points to a Length, rounding to the nearest unit.
func FromPt(pt float64) Length { return Length(math.Round(pt * float64(Pt))) }

// FromMM converts millimetres to a Length, rounding to the nearest unit.
func FromMM(mm float64) Length { return FromPt(mm * 72 / 25.4) }

// Points returns the length in points.
func (l Length) Points() float64 { return float64(l) / float64(Pt) }

// MM returns the length in millimetres.
func (l Length) MM() float64 { return l.Points() * 25.4 / 72 }

// String formats the length in points with at most three decimals.
func (l Length) String() string {
	return strconv.FormatFloat(l.Points(), 'f', -1, 64) + "pt"
}

// Scale returns l*num/den rounded to the nearest unit.
func (l Length) Scale(num, den int64) Length {
	if den == 0 {
		return 0
	}
	p := int64(l) * num
	if (p < 0) != (den < 0) {
		return Length((p - den/2) / den)
	}
	return Length((p + den/2) / den)
}

// Parse reads a length such as "210mm", "2.5cm", "10pt", "1in" or "2em".
// em is the length of one em, used for the "em" unit; pass 0 to forbid it.
func Parse(s string, em Length) (Length, error) {
	t := strings.TrimSpace(s)
	var unit string
	for _, u := range []string{"mm", "cm", "pt", "in", "em"} {
		if strings.HasSuffix(t, u) {
			unit = u
			t = strings.TrimSpace(strings.TrimSuffix(t, u))
			break
		}
	}
	if unit == "" {
		return 0, fmt.Errorf("length %q has no unit (use mm, cm, pt, in or em)", s)
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("length %q is not a number followed by a unit", s)
	}
	if v < 0 {
		return 0, fmt.Errorf("length %q is negative", s)
	}
	if v > 1e7 {
		// beyond any page (and past what a Length holds for large values)
		return 0, fmt.Errorf("length %q is too large", s)
	}
	switch unit {
	case "mm":
		return FromMM(v), nil
	case "cm":
		return FromMM(v * 10), nil
	case "pt":
		return FromPt(v), nil
	case "in":
		return FromPt(v * 72), nil
	default: // em
		if em == 0 {
			return 0, fmt.Errorf("length %q: em is not allowed here", s)
		}
		return Length(math.Round(v * float64(em))), nil
	}
}

// ParseSize reads a size such as "210x285mm" (one unit for both) or
// "210mm x 285mm".
func ParseSize(s string) (w, h Length, err error) {
	parts := strings.Split(strings.ReplaceAll(s, "×", "x"), "x")
	if len(parts) != 2 {
		return 0, 0, fmt.Errorf("size %q is not WIDTHxHEIGHT with a unit, e.g. \"210x285mm\"", s)
	}
	a, b := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1])
	if _, err := strconv.ParseFloat(a, 64); err == nil {
		// unit given once at the end: "210x285mm"
		unit := strings.TrimLeft(b, "0123456789.")
		a += unit
	}
	if w, err = Parse(a, 0); err != nil {
		return 0, 0, err
	}
	if h, err = Parse(b, 0); err != nil {
		return 0, 0, err
	}
	if w <= 0 || h <= 0 {
		return 0, 0, fmt.Errorf("size %q must be positive", s)
	}
	return w, h, nil
}
