package issue

import (
	"sort"
	"strings"
	"unicode"
)

// textBuf is text under construction with the source line of every rune, so
// that edits (joining lines, removing markup, fixing punctuation) keep the
// mapping back to the source.
type textBuf struct {
	r    []rune
	line []int
	keep []bool // when not nil: runes that must not be changed (escaped in Markdown)

	pendingJoin bool // Markdown: the next text continues after a line break (join)

	// style (when not nil) is the Style of each rune; cur is the style of
	// runes added now (Markdown: inside ** or *)
	style []Style
	cur   Style
}

func (b *textBuf) add(s string, line int) {
	for _, r := range s {
		b.r = append(b.r, r)
		b.line = append(b.line, line)
		if b.keep != nil {
			b.keep = append(b.keep, false)
		}
		b.addStyle()
	}
}

// addStyle records the style of the rune just appended.
func (b *textBuf) addStyle() {
	if b.style == nil && b.cur != Plain {
		b.style = make([]Style, len(b.r)-1, cap(b.r))
	}
	if b.style != nil {
		b.style = append(b.style, b.cur)
	}
}

// spans turns the per-rune styles into spans over the text's runes.
func (b *textBuf) spans() []Span {
	var out []Span
	for i := 0; i < len(b.style); {
		j := i
		for j < len(b.style) && b.style[j] == b.style[i] {
			j++
		}
		if b.style[i] != Plain {
			out = append(out, Span{From: i, To: j, Style: b.style[i]})
		}
		i = j
	}
	return out
}

// join appends a further source line: directly after CJK text, or after one
// space (counted to the previous line) between two pieces of Latin text.
func (b *textBuf) join(s string, line int) {
	if len(b.r) > 0 && s != "" {
		last := b.r[len(b.r)-1]
		first, _ := firstRune(s)
		if !isCJK(last) && !isCJK(first) && !isSpace(last) && !isSpace(first) {
			b.r = append(b.r, ' ')
			b.line = append(b.line, b.line[len(b.line)-1])
			if b.keep != nil {
				b.keep = append(b.keep, false)
			}
			b.addStyle()
		}
	}
	b.add(s, line)
}

// remove deletes the runes whose del flag is set.
func (b *textBuf) remove(del []bool) {
	k := 0
	for i := range b.r {
		if !del[i] {
			b.r[k], b.line[k] = b.r[i], b.line[i]
			if b.keep != nil {
				b.keep[k] = b.keep[i]
			}
			if b.style != nil {
				b.style[k] = b.style[i]
			}
			k++
		}
	}
	b.r, b.line = b.r[:k], b.line[:k]
	if b.keep != nil {
		b.keep = b.keep[:k]
	}
	if b.style != nil {
		b.style = b.style[:k]
	}
}

func (b *textBuf) String() string { return string(b.r) }

// lineStarts returns Block.LineStarts for a block starting at line first:
// for every line after first up to the last line with text, the index of its
// first rune (lines without text share the index of the next one).
func (b *textBuf) lineStarts(first int) []int {
	if len(b.line) == 0 {
		return nil
	}
	last := b.line[len(b.line)-1]
	var out []int
	i := 0
	for l := first + 1; l <= last; l++ {
		for i < len(b.line) && b.line[i] < l {
			i++
		}
		out = append(out, i)
	}
	return out
}

// firstLine returns the line of the first rune, or def for empty text.
func (b *textBuf) firstLine(def int) int {
	if len(b.line) == 0 {
		return def
	}
	return b.line[0]
}

// isSpace reports the white space that may indent a line or separate words:
// ASCII space and tab, U+3000 IDEOGRAPHIC SPACE and U+00A0 NO-BREAK SPACE.
func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\u3000' || r == '\u00a0' }

// isCJK reports "strong" CJK characters: Han, kana, Hangul, Bopomofo, CJK
// symbols and punctuation (U+3000–303F), full-width and half-width forms
// (U+FF00–FFEF) and the CJK compatibility forms (U+FE30–FE4F).
func isCJK(r rune) bool {
	switch {
	case r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFFEF, r >= 0xFE30 && r <= 0xFE4F,
		r >= 0x3200 && r <= 0x33FF: // enclosed CJK, compatibility
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo)
}

// isCJKWeak reports punctuation shared by Chinese and Western text: curly
// quotes, dashes, the ellipsis and the middle dot. Next to it, a mark counts
// as being in CJK context when the text beyond it is CJK.
func isCJKWeak(r rune) bool {
	switch r {
	case '“', '”', '‘', '’', '—', '–', '…', '·', '⋯':
		return true
	}
	return false
}

// Punctuation fixing.
//
// An ASCII , ; : ? ! is typeset as ， ； ： ？ ！ when it stands in Chinese
// text: one of its nearest neighbours (ASCII spaces skipped) is a strong CJK
// character (see isCJK) and the other is one too, or is an ASCII digit or %,
// or is the start or end of the paragraph. Curly quotes, dashes and ellipses
// next to the mark are looked through: "“被动性”,强调" is Chinese context,
// "said “yes”, then" is not. Other marks of the same set next to it are looked
// through as well, so "真的?!" becomes "真的？！". Anything next to a Latin
// letter is left alone ("Hello, world", "a, b", "使用Go,效率" too), so are
// marks between digits ("3:00", "1,000") and everything inside a URL
// (http://, https://, ftp:// or www. up to the next space or CJK character,
// without trailing , ; : ! ? . or ), which belong to the sentence).
//
// Parentheses are decided in pairs, innermost first: "(…)" becomes "（…）"
// when the text inside has a CJK character ("Windows(视窗)", "活动(试点)中"),
// or when the pair stands in Chinese context by the rule above
// ("组织部(2014)", "Go语言(Golang)很好"), but never after a Latin letter with
// only non-CJK inside ("f(x)的值"). An unpaired ( or ) follows the rule for , ; :.
//
// ASCII spaces between a fixed mark and its neighbours are removed: full-width
// punctuation carries its own space ("今年, 党的" → "今年，党的"). In Markdown,
// a mark escaped with a backslash ("今年\,党的") is kept as it is.

var fullWidth = map[rune]rune{',': '，', ';': '；', ':': '：', '?': '？', '!': '！', '(': '（', ')': '）'}

// maxLook bounds how far the context of a mark is looked for through
// spaces, quotes and other marks, so that pathological text stays linear.
const maxLook = 16

type ctxClass int

const (
	ctxOther ctxClass = iota
	ctxCJK
	ctxWeak
	ctxDigit
	ctxNone // start or end of the text
)

// fixPunct replaces ASCII punctuation in Chinese context in b and returns
// the changes.
func fixPunct(b *textBuf) []Fix {
	orig := append([]rune(nil), b.r...)
	n := len(b.r)
	prot := urlSpans(b.r)
	for i := range b.keep {
		prot[i] = prot[i] || b.keep[i]
	}
	fixed := make([]bool, n)
	del := make([]bool, n)

	isCand := func(i int) bool {
		switch b.r[i] {
		case ',', ';', ':', '?', '!':
			return !prot[i] && !fixed[i]
		}
		return false
	}
	// classify looks from i in direction dir (±1) for the context of a mark.
	classify := func(i, dir int, skipCand bool) ctxClass {
		weak := false
		for j, steps := i, 0; j >= 0 && j < n; j, steps = j+dir, steps+1 {
			if steps > maxLook {
				return ctxOther
			}
			r := b.r[j]
			switch {
			case r == ' ' || r == '\t':
				continue
			case skipCand && isCand(j):
				continue
			case isCJKWeak(r):
				weak = true
				continue
			case isCJK(r):
				return ctxCJK
			case weak:
				if r >= '0' && r <= '9' {
					return ctxWeak
				}
				return ctxOther
			case r >= '0' && r <= '9' || r == '%':
				return ctxDigit
			default:
				return ctxOther
			}
		}
		if weak {
			return ctxWeak
		}
		return ctxNone
	}
	chinese := func(l, r ctxClass) bool {
		ok := func(c ctxClass) bool { return c != ctxOther }
		return l == ctxCJK && ok(r) || r == ctxCJK && ok(l)
	}
	markSpaces := func(i, dir int) {
		for j := i + dir; j >= 0 && j < n && (b.r[j] == ' ' || b.r[j] == '\t'); j += dir {
			del[j] = true
		}
	}
	var fixes []Fix
	var at []int
	fix := func(i int) {
		at = append(at, i)
		fixes = append(fixes, Fix{Line: b.line[i], From: orig[i], To: fullWidth[orig[i]], Context: context(orig, i)})
		b.r[i] = fullWidth[orig[i]]
		fixed[i] = true
		markSpaces(i, -1)
		markSpaces(i, +1)
	}

	cjkBefore := make([]int, n+1) // number of CJK runes before each index
	for i, r := range b.r {
		cjkBefore[i+1] = cjkBefore[i]
		if isCJK(r) {
			cjkBefore[i+1]++
		}
	}

	// Parentheses, in pairs, innermost first.
	var stack []int
	var single []int
	for i, r := range b.r {
		if prot[i] {
			continue
		}
		switch r {
		case '(':
			stack = append(stack, i)
		case ')':
			if len(stack) == 0 {
				single = append(single, i)
				continue
			}
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			inside := cjkBefore[i] > cjkBefore[o+1]
			if inside || chinese(classify(o-1, -1, true), classify(i+1, +1, true)) {
				fix(o)
				fix(i)
			}
		}
	}
	single = append(single, stack...)
	for _, i := range single {
		if chinese(classify(i-1, -1, true), classify(i+1, +1, true)) {
			fix(i)
		}
	}

	// , ; : ? !
	for i := range b.r {
		if !isCand(i) {
			continue
		}
		if chinese(classify(i-1, -1, true), classify(i+1, +1, true)) {
			fix(i)
		}
	}
	if len(fixes) > 0 {
		b.remove(del)
	}
	// two passes found them: report in text order
	order := make([]int, len(fixes))
	for k := range order {
		order[k] = k
	}
	sort.Slice(order, func(x, y int) bool { return at[order[x]] < at[order[y]] })
	out := make([]Fix, len(fixes))
	for k, o := range order {
		out[k] = fixes[o]
	}
	return out
}

// context returns up to 6 characters either side of index i, on one line.
func context(r []rune, i int) string {
	a, z := max(0, i-6), min(len(r), i+7)
	s := string(r[a:z])
	return strings.Map(func(c rune) rune {
		if c == '\n' || c == '\r' || c == '\t' {
			return ' '
		}
		return c
	}, s)
}

// urlSpans marks the runes of URLs: http://, https://, ftp:// or www. up to
// the next white space or CJK character, less trailing punctuation.
func urlSpans(r []rune) []bool {
	prot := make([]bool, len(r))
	s := strings.ToLower(string(r))
	rs := []rune(s)
	if len(rs) != len(r) { // lower-casing changed the length: compare rune by rune
		rs = make([]rune, len(r))
		for i, c := range r {
			rs[i] = unicode.ToLower(c)
		}
	}
	starts := []string{"http://", "https://", "ftp://", "www."}
	for i := 0; i < len(rs); i++ {
		for _, p := range starts {
			if !hasRunePrefix(rs[i:], p) {
				continue
			}
			j := i
			for j < len(r) && !isSpace(r[j]) && !isCJK(r[j]) && !isCJKWeak(r[j]) {
				j++
			}
			// trailing punctuation belongs to the sentence, not the URL
			end := j
			for end > i && strings.ContainsRune(",;:!?.)", r[end-1]) {
				end--
			}
			for k := i; k < end; k++ {
				prot[k] = true
			}
			i = j
			break
		}
	}
	return prot
}

func hasRunePrefix(r []rune, p string) bool {
	k := 0
	for _, c := range p {
		if k >= len(r) || r[k] != c {
			return false
		}
		k++
	}
	return true
}
