package layout

import (
	"testing"

	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// A closing mark before an opening mark is compressed only where the opening
// mark is full width: in 开明 the full-width 。？！ keep their blank half
// before a half-width “ or （, so that 。“ does not set the quote's ink
// against the stop's; before a closing mark they are compressed (。” is
// 1 em, the quote hugging the stop); in 全角 every pair is 1.5 em.
func TestPairCompressionByStyle(t *testing.T) {
	cases := []struct {
		st   issue.PunctStyle
		text string
		want units.Length // width of the two marks together
	}{
		{issue.Quanjiao, "。“", em * 3 / 2},
		{issue.Quanjiao, "，“", em * 3 / 2},
		{issue.Kaiming, "。“", em * 3 / 2},
		{issue.Kaiming, "？“", em * 3 / 2},
		{issue.Kaiming, "。”", em},
		{issue.Kaiming, "！（", em * 3 / 2},
		{issue.Kaiming, "，“", em},
		{issue.Kaiming, "”，", em},
		{issue.Banjiao, "。“", em},
	}
	for _, c := range cases {
		it := itemizer{}
		_, p := it.itemize([]rune("字"+c.text+"字"), styleWith(c.st, false))
		if got := p.Boxes[1].W + p.Boxes[2].W; got != c.want {
			t.Errorf("style %d, %s: pair width %v, want %v", c.st, c.text, got, c.want)
		}
	}
}
