package layout

import (
	"fmt"
	"strings"

	"github.com/paiban/paiban/units"
)

// Trace is a rounded text trace of a page's positioned content, one line per
// glyph run, rule and image, for golden tests: it changes only when what is
// printed moves by more than a hundredth of a point.
func (p *Page) Trace() string {
	var b strings.Builder
	fmt.Fprintf(&b, "page %s\n", p.Slot)
	for _, im := range p.Images {
		fmt.Fprintf(&b, "image %s box %s %s %s %s clip %s %s %s %s\n", im.Path[strings.LastIndex(im.Path, "/")+1:], pt(im.X), pt(im.Y), pt(im.W), pt(im.H), pt(im.ClipX), pt(im.ClipY), pt(im.ClipW), pt(im.ClipH))
	}
	for _, r := range p.Rects {
		fmt.Fprintf(&b, "rect %s %s %s %s cmyk %d %d %d %d\n", pt(r.X), pt(r.Y), pt(r.W), pt(r.H), r.Fill.C, r.Fill.M, r.Fill.Y, r.Fill.K)
	}
	for _, l := range p.Lines {
		fmt.Fprintf(&b, "line %s %s %s %s w %s\n", pt(l.X1), pt(l.Y1), pt(l.X2), pt(l.Y2), pt(l.Width))
	}
	for _, r := range p.Runs {
		fmt.Fprintf(&b, "run f%d %s at %s %s sp %s %q\n", r.Font, pt(r.Size), pt(r.X), pt(r.Y), pt(r.Spacing), r.Text)
	}
	return b.String()
}

func pt(l units.Length) string { return fmt.Sprintf("%.2f", l.Points()) }
