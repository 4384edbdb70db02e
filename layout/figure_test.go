package layout

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paiban/paiban/units"
)

// figurePlan is designPlan with an article of text, a figure with the
// attributes attr after its fourth paragraph, and more text.
func figurePlan(attr string) map[string][]byte {
	para := strings.Repeat("这是一段足够长的文字，用来填满栏目。", 8) + "\n\n"
	md := "# 标题\n\n" + strings.Repeat(para, 2) + "![图片说明](fig0.png)" + attr + "\n\n" + strings.Repeat(para, 10)
	plan := designPlan + "[print]\nmin_ppi_warn = 0\nmin_ppi_error = 0\n"
	return map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte(md), "fig0.png": genFigureFiles["fig0.png"]}
}

// figureOn finds the figure's image and the page it is on.
func figureOn(t *testing.T, doc *Document) (*Page, Image) {
	t.Helper()
	for _, p := range doc.Pages {
		for _, im := range p.Images {
			return p, im
		}
	}
	t.Fatal("no figure placed")
	return nil, Image{}
}

// Each width and place puts the figure where it says, its caption (with
// the credit) right below it, the typography intact.
func TestFigureWidthsAndPlaces(t *testing.T) {
	L := units.FromPt(17)
	for _, c := range []struct {
		attr  string
		check func(doc *Document, p *Page, im Image) string
	}{
		{"{place=here credit=\"摄影 李明\"}", func(doc *Document, p *Page, im Image) string {
			// mid-column: text of its column above and below it
			above, below := false, false
			for _, l := range p.TextLines {
				if l.X >= im.ClipX-1 && l.X < im.ClipX+im.ClipW {
					above = above || l.Y < im.ClipY
					below = below || l.Y > im.ClipY+im.ClipH+L
				}
			}
			if !above || !below || im.ClipW != p.Frame.ColW {
				return "not mid-column at column width"
			}
			return ""
		}},
		{"{place=top}", func(doc *Document, p *Page, im Image) string {
			// no text above it in its column
			for _, l := range p.TextLines {
				if l.X >= im.ClipX-1 && l.X < im.ClipX+im.ClipW && l.Y < im.ClipY {
					return "not at a column top"
				}
			}
			return ""
		}},
		{"{width=page}", func(doc *Document, p *Page, im Image) string {
			// across the type area, on a grid line: in mid-page below the
			// text before it, balanced (a line beside every line)
			if im.ClipW != p.Frame.W || im.ClipX != p.Frame.X || (im.ClipY-p.Frame.Top)%L != 0 {
				return "not across the type area on a grid line"
			}
			var left, right int
			for _, l := range p.TextLines {
				if l.Y < im.ClipY {
					if l.X < p.Frame.ColX(1) {
						left++
					} else {
						right++
					}
				}
			}
			if left-right > 1 || right > left {
				return fmt.Sprintf("the text above it is not balanced: %d lines and %d", left, right)
			}
			return ""
		}},
		{"{width=bleed}", func(doc *Document, p *Page, im Image) string {
			if im.ClipX != -doc.Bleed || im.ClipY != -doc.Bleed || im.ClipW != doc.TrimW+2*doc.Bleed {
				return "not across the page to the bleed from its top"
			}
			if headOn(doc, p) {
				return "a running head over the bleed figure"
			}
			if (im.ClipY+im.ClipH-p.Frame.Top+units.FromPt(5))%L != 0 {
				return "not ending on a grid line"
			}
			return ""
		}},
	} {
		doc, msgs := layoutFiles(t, figurePlan(c.attr), false)
		if msgs != "" {
			t.Fatalf("%s: %s", c.attr, msgs)
		}
		p, im := figureOn(t, doc)
		if msg := c.check(doc, p, im); msg != "" {
			t.Errorf("%s: %s (image clip %v,%v %v×%v; frame %+v)", c.attr, msg, im.ClipX, im.ClipY, im.ClipW, im.ClipH, p.Frame)
		}
		// the caption right below the image, across its width
		found := false
		for _, l := range p.Placed {
			if strings.HasPrefix(l.Text, "图片说明") {
				found = true
				if l.Y < im.ClipY+im.ClipH || l.Y > im.ClipY+im.ClipH+2*L {
					t.Errorf("%s: caption at %v, the image ends at %v", c.attr, l.Y, im.ClipY+im.ClipH)
				}
				if strings.Contains(c.attr, "credit") && !strings.Contains(l.Text, "摄影李明") && !strings.Contains(l.Text, "摄影 李明") {
					t.Errorf("%s: no credit in the caption %q", c.attr, l.Text)
				}
			}
		}
		if !found {
			t.Errorf("%s: no caption on the figure's page", c.attr)
		}
		if v := doc.CheckTypography(); len(v) > 0 {
			t.Errorf("%s: typography: %v", c.attr, v)
		}
	}
}
