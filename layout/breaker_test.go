package layout

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// fakeFace has made-up widths: every non-ASCII character one em, ASCII
// letters and digits half an em, the space a quarter em.
type fakeFace struct{ missing string }

func (f fakeFace) Has(r rune) bool { return !strings.ContainsRune(f.missing, r) }
func (f fakeFace) Width(r rune) int {
	switch {
	case r == ' ':
		return 250
	case r < 0x80:
		return 500
	}
	return 1000
}

const em = 10 * units.Pt

func fakeStyle() style {
	return style{chain: &faceChain{faces: []metrics{fakeFace{}}, ids: []int{0}, cache: map[rune]int{}}, size: em, color: Black}
}

// breakText itemizes text with made-up widths, breaks it into lines of
// widthEm ems as a body paragraph (2 em indent, justified, no 孤字) and
// returns each line's text and the x where its last glyph's advance ends.
func breakText(t *testing.T, text string, widthEm int, indent bool) (lines []string, ends []units.Length) {
	t.Helper()
	it := itemizer{}
	atoms, p := it.itemize([]rune(text), fakeStyle())
	p.Justify = true
	p.MinLastWeight = 2
	if indent {
		p.Indent = 2 * em
	}
	width := units.Length(widthEm) * em
	bl, ok := Break(p, width)
	if !ok {
		t.Fatalf("no feasible breaks for %q", text)
	}
	for _, l := range bl {
		gs := setLine(atoms, p, l, width, fakeStyle())
		var sb strings.Builder
		for _, g := range gs {
			sb.WriteRune(g.r)
		}
		lines = append(lines, sb.String())
		last := gs[len(gs)-1]
		end := last.x + last.adv
		if l.Fit.EndShrink > 0 {
			end -= l.Fit.EndShrink
		}
		ends = append(ends, end)
		if end > width {
			t.Errorf("overfull line %q: ends at %v > %v", sb.String(), end, width)
		}
		if !l.Last && p.Justify && width-end > 30 {
			t.Errorf("line %q not justified: ends at %v, measure %v", sb.String(), end, width)
		}
	}
	return lines, ends
}

func TestBreakAbstractEqualBoxes(t *testing.T) {
	// ten boxes of 10, no natural space, stretch 2 per joint: lines of 4
	p := Paragraph{Justify: true}
	for i := 0; i < 10; i++ {
		p.Boxes = append(p.Boxes, Box{W: 10, Weight: 1})
		if i > 0 {
			p.Joints = append(p.Joints, Joint{Stretch: 2, Break: CanBreak})
		}
	}
	lines, ok := Break(p, 40)
	if !ok || len(lines) != 3 {
		t.Fatalf("got %v ok=%v", lines, ok)
	}
	if lines[0].To != 4 || lines[1].To != 8 || lines[2].To != 10 {
		t.Errorf("breaks %v", lines)
	}
	for _, l := range lines[:2] {
		if l.Fit.Ratio != 0 {
			t.Errorf("exact lines need no stretch: %+v", l)
		}
	}
}

func TestBreakNoOrphanCharacter(t *testing.T) {
	// nine boxes on lines of four: first fit would leave one box (孤字) on the
	// last line; the breaker pushes a box down and stretches instead.
	p := Paragraph{Justify: true, MinLastWeight: 2}
	for i := 0; i < 9; i++ {
		p.Boxes = append(p.Boxes, Box{W: 10, Weight: 1})
		if i > 0 {
			p.Joints = append(p.Joints, Joint{Stretch: 5, Break: CanBreak})
		}
	}
	lines, _ := Break(p, 40)
	last := lines[len(lines)-1]
	if last.To-last.From < 2 {
		t.Fatalf("孤字 left: %+v", lines)
	}
}

// A short paragraph whose only other solution is a line stretched past any
// stretch limit (seed 875: 老师备份组织明显。② in a column of 11: 明显 down
// leaves 老师备份组织 spaced 0.6 em) ended in a 孤字 (显。②): a loose line
// is the lesser evil; a 孤字 only when nothing else sets it.
func TestBreakLooseRatherThanOrphanCharacter(t *testing.T) {
	lines, _ := breakText(t, "一二三四。", 5, true)
	if len(lines) != 2 || len([]rune(lines[1])) < 3 {
		t.Errorf("lines %q: want the last line with two hanzi", lines)
	}
	// (a two-character paragraph in a column of one character: nothing
	// but a 孤字 sets it)
	if lines, _ := breakText(t, "明显", 1, false); len(lines) != 2 {
		t.Errorf("lines %q", lines)
	}
}

func TestBreakNeverOverfull(t *testing.T) {
	p := Paragraph{Justify: true}
	for i := 0; i < 7; i++ {
		p.Boxes = append(p.Boxes, Box{W: 13, Weight: 1})
		if i > 0 {
			p.Joints = append(p.Joints, Joint{Stretch: 1, Break: CanBreak})
		}
	}
	lines, _ := Break(p, 40)
	s := makeSums(p)
	for _, l := range lines {
		w, _, sh, _ := s.measure(p, l.From, l.To)
		if w-sh > 40 {
			t.Errorf("overfull %+v", l)
		}
	}
}

func TestBreakPushInAtLineEnd(t *testing.T) {
	// boxes of 10 with a final mark whose right half (5) may be dropped at
	// the line end: "AAA。" is 40 wide and fits a 35 measure by compression.
	p := Paragraph{Justify: true}
	for i := 0; i < 4; i++ {
		b := Box{W: 10, Weight: 1}
		if i == 3 {
			b = Box{W: 10, EndShrink: 5}
		}
		p.Boxes = append(p.Boxes, b)
		if i > 0 {
			p.Joints = append(p.Joints, Joint{Stretch: 3, Break: CanBreak})
		}
	}
	p.Joints[2].Break = NoBreak // a closing mark may not start a line
	p.Boxes = append(p.Boxes, Box{W: 10, Weight: 1}, Box{W: 10, Weight: 1})
	p.Joints = append(p.Joints, Joint{Stretch: 3, Break: CanBreak}, Joint{Stretch: 3, Break: CanBreak})
	lines, _ := Break(p, 35)
	if lines[0].To != 4 || lines[0].Fit.EndShrink != 5 {
		t.Fatalf("expected push-in of the mark on line 1: %+v", lines)
	}
}

func TestKinsokuLineStart(t *testing.T) {
	// a closing mark falls exactly at the start of line 2 by first fit
	for _, mark := range strings.Split("、 ， 。 ． ： ； ！ ？ ” ’ ） 》 〉 】 〗 〕 ］ ｝ 」 』 · ～", " ") {
		text := strings.Repeat("汉", 8) + mark + strings.Repeat("字", 12)
		lines, _ := breakText(t, text, 8, false)
		for i, l := range lines {
			if i > 0 && isNoLineStart([]rune(l)[0]) {
				t.Errorf("mark %s: line %d starts with %q: %q", mark, i+1, string([]rune(l)[0]), lines)
			}
		}
	}
}

func TestKinsokuLineEnd(t *testing.T) {
	for _, mark := range strings.Split("“ ‘ （ 《 〈 【 〖 〔 ［ ｛ 「 『", " ") {
		text := strings.Repeat("汉", 7) + mark + strings.Repeat("字", 12)
		lines, _ := breakText(t, text, 8, false)
		for _, l := range lines[:len(lines)-1] {
			r := []rune(l)
			if isNoLineEnd(r[len(r)-1]) {
				t.Errorf("mark %s: a line ends with it: %q", mark, lines)
			}
		}
	}
}

func TestDashAndEllipsisNeverSplit(t *testing.T) {
	for _, pair := range []string{"——", "……"} {
		for pos := 5; pos <= 9; pos++ {
			text := strings.Repeat("汉", pos) + pair + strings.Repeat("字", 14)
			lines, _ := breakText(t, text, 8, false)
			for _, l := range lines {
				if strings.HasSuffix(l, pair[:3]) && !strings.HasSuffix(l, pair) || strings.HasPrefix(l, pair[:3]) && !strings.HasPrefix(l, pair) {
					t.Errorf("%s split at %d: %q", pair, pos, lines)
				}
			}
		}
	}
}

// A run of dashes or ellipses longer than a line was one box: the line ran
// off the page. Now the run breaks between its pairs, when it must.
func TestLongDashRunBreaksBetweenPairs(t *testing.T) {
	for _, mark := range []string{"—", "…"} {
		text := "他说" + strings.Repeat(mark, 41) + "。"
		lines, _ := breakText(t, text, 8, false) // fails on overfull lines
		if len(lines) < 5 {
			t.Errorf("%s: %d lines for 45 ems of 8: %q", mark, len(lines), lines)
		}
		n := 0
		for i, l := range lines {
			k := strings.Count(l, mark)
			n += k
			if i > 0 && strings.HasPrefix(l, mark) && k%2 != 0 && i < len(lines)-1 {
				t.Errorf("%s: a pair split at line %d: %q", mark, i, lines)
			}
		}
		if n != 41 {
			t.Errorf("%s: %d of 41 marks set: %q", mark, n, lines)
		}
	}
}

func TestLatinWordsNotSplit(t *testing.T) {
	text := "今年我们在GDP统计中使用了2025年的数据和APP平台的记录，总计12345678条。"
	lines, _ := breakText(t, text, 9, false)
	joined := strings.Join(lines, "|")
	for _, w := range []string{"GDP", "2025", "APP", "12345678"} {
		if !strings.Contains(joined, w) {
			t.Errorf("word %s split: %q", w, lines)
		}
	}
}

func TestLongURLBreaksAfterSlash(t *testing.T) {
	text := "详见https://example.org/very/long/path/to/some/document/index.html说明。"
	lines, _ := breakText(t, text, 8, false)
	for i, l := range lines[:len(lines)-1] {
		r := []rune(l)
		last := r[len(r)-1]
		next := []rune(lines[i+1])[0]
		if classOf(last) == clLatin && classOf(next) == clLatin {
			t.Errorf("URL split between letters %q|%q", l, lines[i+1])
		}
	}
}

func TestHanLatinSpacing(t *testing.T) {
	it := itemizer{}
	atoms, p := it.itemize([]rune("在2025年 APP 里"), fakeStyle())
	if len(atoms) != 10 {
		t.Fatalf("atoms %d", len(atoms))
	}
	for i, j := range p.Joints {
		a, b := atoms[i].class, atoms[i+1].class
		if !atoms[i+1].wordCont && (a == clLatin) != (b == clLatin) && j.W != em/4 {
			t.Errorf("joint %d between %v and %v: %v, want ¼ em (source space not doubled)", i, a, b, j.W)
		}
	}
}

func TestPunctuationPairCompression(t *testing.T) {
	cases := []struct {
		text string
		want units.Length // width of the two marks together
	}{
		{"。”", 15 * units.Pt},
		{"，“", 15 * units.Pt},
		{"）、", 15 * units.Pt},
		{"“《", 15 * units.Pt},
		{"」。", 15 * units.Pt},
	}
	for _, c := range cases {
		it := itemizer{}
		_, p := it.itemize([]rune("字"+c.text+"字"), fakeStyle())
		got := p.Boxes[1].W + p.Boxes[2].W
		if got != c.want {
			t.Errorf("%s: pair width %v, want %v", c.text, got, c.want)
		}
	}
}

func TestIndentAndJustifiedParagraph(t *testing.T) {
	text := strings.Repeat("汉字排版，", 12) + "完。"
	lines, _ := breakText(t, text, 10, true)
	if utf8.RuneCountInString(lines[0]) != 8 {
		t.Errorf("first line should hold 8 characters after a 2 em indent: %q", lines[0])
	}
}

func TestMissingCharacterReported(t *testing.T) {
	var got []rune
	it := itemizer{missing: func(_ int, r rune) { got = append(got, r) }}
	st := fakeStyle()
	st.chain.faces[0] = fakeFace{missing: "𠮷"}
	it.itemize([]rune("吉𠮷吉"), st)
	if len(got) != 1 || got[0] != '𠮷' {
		t.Errorf("missing %q", string(got))
	}
}

func styleWith(punct issue.PunctStyle, hanging bool) style {
	st := fakeStyle()
	st.punct, st.hanging = punct, hanging
	return st
}

// breakStyled breaks text in style st at widthEm and returns the lines and fits.
func breakStyled(t *testing.T, text string, widthEm int, st style) ([]string, []BrokenLine) {
	t.Helper()
	it := itemizer{}
	atoms, p := it.itemize([]rune(text), st)
	p.Justify, p.MinLastWeight = true, 2
	bl, ok := Break(p, units.Length(widthEm)*em)
	if !ok {
		t.Fatalf("no breaks for %q", text)
	}
	var lines []string
	for _, l := range bl {
		var sb strings.Builder
		for _, g := range setLine(atoms, p, l, units.Length(widthEm)*em, st) {
			sb.WriteRune(g.r)
		}
		lines = append(lines, sb.String())
	}
	return lines, bl
}

// Each punctuation style (xeCJK names) gives marks their widths: 全角 full
// width except adjacent pairs, 开明 half width but 。？！, 半角 all half.
func TestPunctuationStyles(t *testing.T) {
	text := "甲，乙“丙”。丁！"
	marks := map[rune]bool{'，': true, '“': true, '”': true, '。': true, '！': true}
	cases := []struct {
		st   issue.PunctStyle
		want map[int]units.Length // box index → width
	}{
		{issue.Quanjiao, map[int]units.Length{1: em, 3: em, 5: em / 2, 6: em, 8: em}},
		{issue.Kaiming, map[int]units.Length{1: em / 2, 3: em / 2, 5: em / 2, 6: em, 8: em}},
		{issue.Banjiao, map[int]units.Length{1: em / 2, 3: em / 2, 5: em / 2, 6: em / 2, 8: em / 2}},
	}
	for _, c := range cases {
		it := itemizer{}
		atoms, p := it.itemize([]rune(text), styleWith(c.st, false))
		for i, a := range atoms {
			if !marks[a.first()] {
				continue
			}
			if got := p.Boxes[i].W; got != c.want[i] {
				t.Errorf("style %d: %c is %v wide, want %v", c.st, a.first(), got, c.want[i])
			}
		}
	}
}

// 先挤进: a mark that may not start the next line is pushed in, set half
// width at the end of this one, when that makes room: 6 hanzi + ”， (1.5 em
// after pair compression) = 7.5 em on a 7 em measure.
func TestPushInHalfEm(t *testing.T) {
	text := strings.Repeat("汉", 6) + "”，" + strings.Repeat("字", 10)
	// ”， is 1.5 em (” compressed); 6 + 1.5 = 7.5 em; the ， may lose ½ em at the
	// line end: exactly 7 em.
	lines, bl := breakStyled(t, text, 7, styleWith(issue.Quanjiao, false))
	if lines[0] != strings.Repeat("汉", 6)+"”，" {
		t.Fatalf("want push-in of ， onto line 1: %q", lines)
	}
	if bl[0].Fit.EndShrink != em/2 || bl[0].Fit.Ratio != 0 {
		t.Errorf("push-in should use the line-end half em only: %+v", bl[0].Fit)
	}
}

// 后推出: when compression cannot make room, the last hanzi moves to the next
// line with the mark and the shortened line is expanded evenly.
func TestPushOut(t *testing.T) {
	text := strings.Repeat("汉", 8) + "。" + strings.Repeat("字", 10)
	lines, bl := breakStyled(t, text, 8, styleWith(issue.Quanjiao, false))
	if lines[0] != strings.Repeat("汉", 7) {
		t.Fatalf("want push-out (7 hanzi on line 1): %q", lines)
	}
	if !strings.HasPrefix(lines[1], "汉。") {
		t.Errorf("the pushed hanzi leads line 2 with the mark: %q", lines)
	}
	if bl[0].Fit.Ratio <= 0 {
		t.Errorf("line 1 must be expanded: %+v", bl[0].Fit)
	}
}

// Hanging: with hanging on, ， may stand past the edge instead.
func TestHanging(t *testing.T) {
	text := strings.Repeat("汉", 8) + "，" + strings.Repeat("字", 10)
	lines, bl := breakStyled(t, text, 8, styleWith(issue.Quanjiao, true))
	if lines[0] != strings.Repeat("汉", 8)+"，" || bl[0].Fit.EndShrink != em {
		t.Errorf("want ， hanging on line 1: %q %+v", lines, bl[0].Fit)
	}
	// without hanging it is pushed out
	lines, _ = breakStyled(t, text, 8, styleWith(issue.Quanjiao, false))
	if lines[0] != strings.Repeat("汉", 7) {
		t.Errorf("without hanging, push-out: %q", lines)
	}
}

// 行末半角: a closing mark at a line end is always half width, and the line
// is justified to the measure without it.
func TestLineEndHalfWidth(t *testing.T) {
	text := strings.Repeat("汉", 6) + "。" + strings.Repeat("字", 12)
	_, bl := breakStyled(t, text, 7, styleWith(issue.Hangmobanjiao, false))
	if bl[0].To != 7 || bl[0].Fit.EndShrink != em/2 {
		t.Errorf("want 。 half width at the line end: %+v", bl[0])
	}
}

// A paragraph of only an address a little longer than the line, indented
// (a newsroom's "www.example.org"): it breaks after "www." and that line is
// letter-spaced to the measure. It broke after the first "w", a line that
// cannot be spaced at all, because such a line's badness (1e5) was below
// that of a word letter-spaced at a ratio over 10.
func TestAddressAloneBreaksAtItsDot(t *testing.T) {
	lines, _ := breakText(t, "www.example.org", 9, true)
	if len(lines) != 2 || lines[0] != "www." {
		t.Errorf("lines %q, want www. | example.org", lines)
	}
}

// An ideographic or no-break space the author typed beside Latin is the
// gap itself: no ¼ em is added to it ("表3　显著" had 1¼ em between 3 and
// 显, "100 km" with a no-break space a space and a half), and no line
// breaks beside a no-break space.
func TestNoQuarterEmBesideTypedSpace(t *testing.T) {
	for _, text := range []string{"表3\u3000显著", "长100\u00a0km路", "A\u3000B"} {
		it := itemizer{}
		atoms, p := it.itemize([]rune(text), fakeStyle())
		for i, j := range p.Joints {
			if blank(atoms[i].last()) || blank(atoms[i+1].first()) {
				if j.W != 0 {
					t.Errorf("%q: joint %d beside the space: %v, want none", text, i, j.W)
				}
				if noBreakSpace(atoms[i].last()) || noBreakSpace(atoms[i+1].first()) {
					if j.Break != NoBreak {
						t.Errorf("%q: joint %d beside the no-break space may break", text, i)
					}
				}
			}
		}
	}
}
