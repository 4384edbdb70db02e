package layout

import (
	"strings"
	"testing"

	"github.com/paiban/paiban/units"
)

// Boxes are set whole, on the grid, their text smaller than the body (a pull
// quote's larger), a tinted one on a tint, a ruled one between rules, a wide
// one across the columns — every character proved set (the layout runs the
// conservation check), the typography intact.
func TestBoxes(t *testing.T) {
	para := strings.Repeat("这是一段足够长的文字，用来填满栏目。", 8) + "\n\n"
	md := "# 标题\n\n::: 编者按\n" + strings.Repeat("编者按的文字。", 12) + "\n:::\n\n" + strings.Repeat(para, 2) +
		"::: 资料链接\n" + strings.Repeat("资料的文字。", 15) + "\n:::\n\n" + strings.Repeat(para, 3) +
		"::: pullquote\n很多时候，群众不是不讲理，而是心里的顾虑没人听。\n:::\n\n" + strings.Repeat(para, 2) +
		"::: box 小贴士 {width=page}\n" + strings.Repeat("贴士的文字。", 30) + "\n:::\n\n" + strings.Repeat(para, 2)
	doc, msgs := layoutFiles(t, map[string][]byte{"plan.toml": []byte(designPlan), "a.md": []byte(md)}, false)
	if msgs != "" {
		t.Fatal(msgs)
	}
	S, L := units.FromPt(10), units.FromPt(17)
	sizes := map[string]units.Length{}
	tints, wideTint := 0, false
	for _, p := range doc.Pages[2:4] {
		for _, l := range p.Placed {
			for _, key := range []string{"编者按的文字", "资料的文字", "很多时候", "贴士的文字"} {
				if strings.HasPrefix(l.Text, key) {
					sizes[key] = l.Size
				}
			}
			if (l.Y-p.Frame.Top-units.FromPt(3.5)-S*88/100)%L != 0 && l.Size != S*26/10 && l.Size != S*22/10 {
				t.Errorf("page %s: %q off the grid (%v)", p.Slot, l.Text, l.Y-p.Frame.Top)
			}
		}
		for _, r := range p.Rects {
			if r.Fill == BoxTint {
				tints++
				wideTint = wideTint || r.W == p.Frame.W
			}
		}
	}
	for key, want := range map[string]units.Length{"编者按的文字": S * 9 / 10, "资料的文字": S * 9 / 10, "很多时候": S * 14 / 10, "贴士的文字": S * 9 / 10} {
		if sizes[key] != want {
			t.Errorf("%s set at %v, want %v", key, sizes[key], want)
		}
	}
	if tints != 2 || !wideTint {
		t.Errorf("%d tinted grounds (want 2: 资料链接 and the sidebar), one across the type area: %v", tints, wideTint)
	}
	if v := doc.CheckTypography(); len(v) > 0 {
		t.Errorf("typography: %v", v)
	}
}

// A box that has no room where it is written goes to the next paragraph
// boundary with room: the text above it ends a paragraph, the text below
// it starts one (never a paragraph broken around a box).
func TestBoxAtParagraphBoundary(t *testing.T) {
	// paragraphs of 2 to 7 lines, so that columns end inside paragraphs
	paras := func(from, n int) string {
		var b strings.Builder
		for i := from; i < from+n; i++ {
			b.WriteString(strings.Repeat("这是一段足够长的文字，用来填满栏目。", 2+i*7%9) + "\n\n")
		}
		return b.String()
	}
	for before := 0; before < 24; before++ {
		md := "# 标题\n\n" + paras(0, before) + "::: 资料链接\n" + strings.Repeat("资料的文字。", 40) + "\n:::\n\n" + paras(before, 26-before)
		doc, msgs := layoutFiles(t, map[string][]byte{"plan.toml": []byte(designPlan), "a.md": []byte(md)}, false)
		if msgs != "" {
			t.Fatalf("%d paragraphs before: %s", before, msgs)
		}
		for _, p := range doc.Pages[2:4] {
			for _, r := range p.Rects {
				if r.Fill != BoxTint {
					continue
				}
				var above, below *TextLine
				for i, l := range p.TextLines {
					if l.X < r.X || l.X >= r.X+r.W || l.Size != units.FromPt(10) {
						continue // another column, or the box's own text
					}
					if l.Y < r.Y && (above == nil || l.Y > above.Y) {
						above = &p.TextLines[i]
					}
					if l.Y > r.Y+r.H && (below == nil || l.Y < below.Y) {
						below = &p.TextLines[i]
					}
				}
				if above != nil && above.Justified {
					t.Errorf("%d paragraphs before: page %s: a paragraph goes on under the box: %q above it", before, p.Slot, above.Text)
				}
				if below != nil && !below.First {
					t.Errorf("%d paragraphs before: page %s: a paragraph goes on under the box: %q below it", before, p.Slot, below.Text)
				}
			}
		}
	}
}
