package layout

import (
	"strings"
	"testing"

	"github.com/paiban/paiban/units"
)

// The self-check finds what it promises to find (a referee that cannot
// fail proves nothing).
func TestCheckTypographyFindsViolations(t *testing.T) {
	pt := units.Pt
	line := func(text string, y units.Length, justified, first bool, end units.Length) TextLine {
		return TextLine{X: 50 * pt, Y: y, Measure: 100 * pt, End: 50*pt + end, Text: text, Size: 10 * pt, Justified: justified, First: first}
	}
	doc := &Document{TrimW: 500 * pt, TrimH: 700 * pt, Bleed: 8 * pt, Pages: []*Page{{
		Slot: "01",
		TextLines: []TextLine{
			line("末行", 100*pt, false, false, 20*pt),     // 孤行 at the column top
			line("，不能在行首", 117*pt, true, false, 100*pt), // line start
			line("不能在行末“", 134*pt, true, false, 100*pt), // line end
			line("没有排满的行", 151*pt, true, false, 90*pt),  // not justified
			line("太长的一行字", 168*pt, true, false, 103*pt), // overfull
			line("字。", 185*pt, false, false, 20*pt),     // 孤字
			line("被图压住的一行", 202*pt, true, true, 100*pt), // under the figure
			{X: 50 * pt, Y: 219 * pt, Measure: 100 * pt, End: 80 * pt, Text: "小标题", Size: 10 * pt, Heading: true},
		},
		Images: []Image{{Path: "fig.jpg", X: 40 * pt, Y: 195 * pt, W: 50 * pt, H: 50 * pt, ClipX: 40 * pt, ClipY: 195 * pt, ClipW: 50 * pt, ClipH: 50 * pt},
			{Path: "out.jpg", ClipX: 480 * pt, ClipY: 10 * pt, ClipW: 50 * pt, ClipH: 50 * pt},
			{Path: "span.jpg", ClipX: 200 * pt, ClipY: 300 * pt, ClipW: 200 * pt, ClipH: 50 * pt}},
		Placed: []Placed{
			// a caption under a span, and a line of another column's text across it
			{Src: Src{Part: 1}, Text: "图片说明", X: 200 * pt, Y: 400 * pt, W: 200 * pt, Size: 9 * pt, Span: true},
			{Src: Src{Part: 2}, Text: "压在说明上的一行", X: 300 * pt, Y: 404 * pt, W: 100 * pt, Size: 10 * pt},
			{Src: Src{Part: 3}, Text: "压在跨栏图上的一行", X: 300 * pt, Y: 320 * pt, W: 100 * pt, Size: 10 * pt},
		},
	}}}
	got := violationsString(doc.CheckTypography())
	for _, want := range []string{"孤行", "line starts with ，", "line ends with “", "not justified", "overfull", "孤字", "figure overlaps text: fig.jpg", "figure crosses the trim", "subheading at the foot", "text overlaps text: 图片说明", "figure overlaps text: span.jpg"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}
