package layout

import (
	"strings"
	"testing"

	"github.com/paiban/paiban/units"
)

// A one-column page sets at most ComfortableMeasure characters a line,
// centred in the type area, unless its [[page]] sets measure; two columns
// are as they were.
func TestOneColumnMeasure(t *testing.T) {
	md := "# 标题\n\n" + strings.Repeat("这是一段足够长的文字，用来看一行排多少个字。", 120) + "\n"
	S := units.FromPt(10)
	typeW := units.FromMM(210 - 18 - 15)
	for _, c := range []struct {
		key  string
		want int // characters a line
	}{
		{"columns = 1\n", ComfortableMeasure},
		{"columns = 1\nmeasure = 46\n", 46},
		{"columns = 1\nmeasure = 80\n", int(typeW / S)}, // more than the type area holds: the type area
		{"columns = 1\nmeasure = 36\n", 36},
	} {
		plan := strings.Replace(designPlan, "section = \"栏目\"\n", "section = \"栏目\"\n"+c.key, 1)
		doc, msgs := layoutFiles(t, map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte(md)}, false)
		if msgs != "" {
			t.Fatalf("%q: %s", c.key, msgs)
		}
		p := doc.Pages[2]
		if len(p.TextLines) == 0 {
			t.Fatalf("%q: no text", c.key)
		}
		for _, l := range p.TextLines {
			if l.Measure != units.Length(c.want)*S {
				t.Fatalf("%q: a line set to %v, want %d characters (%v)", c.key, l.Measure, c.want, units.Length(c.want)*S)
			}
		}
		left := p.Frame.X - units.FromMM(18) // 01 is a recto: the inside margin is on the left
		right := units.FromMM(18) + typeW - (p.Frame.X + p.Frame.W)
		if d := left - right; d < -S || d > S {
			t.Errorf("%q: the measure is not centred: %v left, %v right", c.key, left, right)
		}
	}
}
