package finish

import (
	"bytes"
	"fmt"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/pdf/cos"
)

// The slug line and the colour bar, printed with the marks outside the
// bleed (marks.go).
//
// The slug line names the issue, the page and the plan's date
// ("之江月刊 2026年第1期 · 05 · 2026-01-05"), so a loose plate or sheet is
// identified at the press. It is drawn as the outlines of the embedded
// sans face's glyphs (no font resource: nothing for a preflight to find
// unembedded, no text to extract outside the page), filled in registration
// colour so it shows on every plate.
//
// The colour bar is a row of patches for the press operator's densitometer:
// the solids C, M, Y, K; the two-colour overprints C+M, M+Y, C+Y; tints of
// 75, 50 and 25 % of each process colour; a three-colour grey (C 50 M 40
// Y 40) beside K 50 for grey balance.

// barPatches are the colour bar's patches, CMYK fractions.
var barPatches = [][4]float64{
	{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1},
	{1, 1, 0, 0}, {0, 1, 1, 0}, {1, 0, 1, 0},
	{.75, 0, 0, 0}, {.5, 0, 0, 0}, {.25, 0, 0, 0},
	{0, .75, 0, 0}, {0, .5, 0, 0}, {0, .25, 0, 0},
	{0, 0, .75, 0}, {0, 0, .5, 0}, {0, 0, .25, 0},
	{0, 0, 0, .75}, {0, 0, 0, .5}, {0, 0, 0, .25},
	{.5, .4, .4, 0}, {0, 0, 0, .5},
}

// slugFace is the embedded sans face as x/image/font/sfnt reads it (for
// its outlines), parsed once per process.
var slugFace = sync.OnceValues(func() (*sfnt.Font, error) {
	face, err := fonts.Builtin("sans")
	if err != nil {
		return nil, err
	}
	return sfnt.Parse(face.Data)
})

// colourBar draws the patches in the box x0…x1 (as many as fit, at most
// 5 mm wide), from y, h high.
func colourBar(b *bytes.Buffer, x0, x1, y, h float64) {
	n := cos.FormatNum
	w := min(h, (x1-x0)/float64(len(barPatches)))
	if w < 2 { // under 0.7 mm a patch cannot be measured
		return
	}
	for i, c := range barPatches {
		fmt.Fprintf(b, "%s %s %s %s k %s %s %s %s re f\n", n(c[0]), n(c[1]), n(c[2]), n(c[3]), n(x0+float64(i)*w), n(y), n(w), n(h))
	}
}

// slugText draws s from (x, y) (baseline), size pt high, in glyph outlines
// of the embedded sans face, at most maxW wide (smaller if it must be).
// Characters the face lacks are left out.
func slugText(b *bytes.Buffer, s string, x, y, size, maxW float64) error {
	f, err := slugFace()
	if err != nil {
		return err
	}
	var buf sfnt.Buffer
	const upm = 1000 // outlines at 1000 ppem: coordinates in thousandths of an em
	ppem := fixed.I(upm)
	type glyph struct {
		segs sfnt.Segments
		adv  float64
	}
	var gs []glyph
	total := 0.0
	for _, r := range s {
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			continue
		}
		adv, err := f.GlyphAdvance(&buf, gi, ppem, font.HintingNone)
		if err != nil {
			continue
		}
		segs, err := f.LoadGlyph(&buf, gi, ppem, nil)
		if err != nil {
			continue
		}
		g := glyph{segs: append(sfnt.Segments(nil), segs...), adv: float64(adv) / 64}
		gs = append(gs, g)
		total += g.adv
	}
	if total == 0 {
		return nil
	}
	k := size / upm
	if total*k > maxW {
		k = maxW / total
	}
	n := cos.FormatNum
	pt := func(p fixed.Point26_6, ox float64) (float64, float64) {
		return ox + float64(p.X)/64*k, y - float64(p.Y)/64*k // sfnt's y grows downwards
	}
	ox := x
	for _, g := range gs {
		var cx, cy float64
		open := false
		for _, sg := range g.segs {
			switch sg.Op {
			case sfnt.SegmentOpMoveTo:
				if open {
					b.WriteString("h\n")
				}
				cx, cy = pt(sg.Args[0], ox)
				fmt.Fprintf(b, "%s %s m\n", n(cx), n(cy))
				open = true
			case sfnt.SegmentOpLineTo:
				cx, cy = pt(sg.Args[0], ox)
				fmt.Fprintf(b, "%s %s l\n", n(cx), n(cy))
			case sfnt.SegmentOpQuadTo:
				qx, qy := pt(sg.Args[0], ox)
				ex, ey := pt(sg.Args[1], ox)
				fmt.Fprintf(b, "%s %s %s %s %s %s c\n", n(cx+2*(qx-cx)/3), n(cy+2*(qy-cy)/3), n(ex+2*(qx-ex)/3), n(ey+2*(qy-ey)/3), n(ex), n(ey))
				cx, cy = ex, ey
			case sfnt.SegmentOpCubeTo:
				ax, ay := pt(sg.Args[0], ox)
				bx, by := pt(sg.Args[1], ox)
				cx, cy = pt(sg.Args[2], ox)
				fmt.Fprintf(b, "%s %s %s %s %s %s c\n", n(ax), n(ay), n(bx), n(by), n(cx), n(cy))
			}
		}
		if open {
			b.WriteString("h\n")
		}
		ox += g.adv * k
	}
	b.WriteString("f\n")
	return nil
}
