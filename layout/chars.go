package layout

import "unicode"

// Character classes for Chinese line layout. The sets follow clreq
// (https://www.w3.org/TR/clreq/) §3.1.4 and table 5.5 ("basic" level of
// prohibition rules) and GB/T 15834—2011 §5.1: marks that may not start a
// line, marks that may not end one, and the inseparable ——/…… of §3.1.5.1.
// Compression follows clreq §3.1.6: a full-width mark is one em wide but its
// ink fills only one half (closing marks: the left half; opening marks: the
// right half, in the GB style of mainland China), so the blank half may be
// removed where two marks meet or at a line edge.

type charClass uint8

const (
	clOther      charClass = iota // symbols set as they are
	clHan                         // hanzi, kana, full-width letters: one em, break on both sides
	clLatin                       // Latin letters and digits: part of a word
	clOpen                        // opening brackets and quotes: ink in the right half; no line end
	clClose                       // closing brackets and quotes, 、，。．：；！？: ink in the left half; no line start
	clMiddle                      // ·／ and similar: no line start, not compressed
	clDash                        // — and ⸺: inseparable when doubled
	clEllipsis                    // …: inseparable when doubled
	clSpace                       // ASCII space
	clLatinPunct                  // ASCII punctuation inside Latin text
)

// noLineStart: clreq §3.1.4 (basic), GB/T 15834 §5.1.1–5.1.3; also the marks
// pdfaudit and InDesign's strict set reject at a line start (ー〜～).
const closeMarks = "、，。．：；！？”’）》〉】〗〕］｝」』〙〛｠"
const openMarks = "“‘（《〈【〖〔［｛「『〘〚｟"
const middleMarks = "·・‧ー〜～／"

var classTable = func() map[rune]charClass {
	m := map[rune]charClass{}
	for _, r := range closeMarks {
		m[r] = clClose
	}
	for _, r := range openMarks {
		m[r] = clOpen
	}
	for _, r := range middleMarks {
		m[r] = clMiddle
	}
	m['—'] = clDash
	m['⸺'] = clDash
	m['…'] = clEllipsis
	m[' '] = clSpace
	m['%'] = clLatinPunct
	return m
}()

// bmpClass caches classOf for the Basic Multilingual Plane. It is built
// from the Unicode range tables, in the order of computeClass's cases
// (later steps override earlier ones), not by calling computeClass 65536
// times: that took 10 ms of every process's start (TestBMPClass checks
// that the two agree).
var bmpClass = func() []charClass {
	t := make([]charClass, 0x10000)
	fill := func(tab *unicode.RangeTable, c charClass) {
		for _, r := range tab.R16 {
			for x := int(r.Lo); x <= int(r.Hi); x += int(r.Stride) {
				t[x] = c
			}
		}
	}
	fill(unicode.Letter, clLatin)
	fill(unicode.Digit, clLatin)
	fill(unicode.Mn, clLatin)
	fill(unicode.Han, clHan)
	fill(unicode.Hiragana, clHan)
	fill(unicode.Katakana, clHan)
	for r := 0xFF01; r <= 0xFF5E; r++ {
		t[r] = clHan
	}
	for r := 0x3200; r <= 0x33FF; r++ {
		t[r] = clHan
	}
	t[0x3007] = clHan
	for r := range 0x80 {
		t[r] = computeClass(rune(r))
	}
	for r, c := range classTable {
		if r < 0x10000 {
			t[r] = c
		}
	}
	return t
}()

func classOf(r rune) charClass {
	if r >= 0 && r < 0x10000 {
		return bmpClass[r]
	}
	return computeClass(r)
}

func computeClass(r rune) charClass {
	if c, ok := classTable[r]; ok {
		return c
	}
	switch {
	case r < 0x80:
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
			return clLatin
		case r == ' ' || r == '\t':
			return clSpace
		}
		return clLatinPunct
	case unicode.Is(unicode.Han, r), unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r),
		r >= 0xFF01 && r <= 0xFF5E, r == 0x3007, r >= 0x3200 && r <= 0x33FF:
		return clHan
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
		return clLatin
	}
	return clOther
}

// latinNoBreakBefore / latinNoBreakAfter: ASCII punctuation glued to the
// preceding or following word (so "2025." or "(a)" never split).
func latinGluesToPrev(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', ')', ']', '}', '%', '\'', '"':
		return true
	}
	return false
}

func latinGluesToNext(r rune) bool {
	switch r {
	case '(', '[', '{', '$', '#', '@', '¥', '￥':
		return true
	}
	return false
}

// isNoLineStart reports whether r may not begin a line.
func isNoLineStart(r rune) bool {
	c := classOf(r)
	return c == clClose || c == clMiddle
}

// isNoLineEnd reports whether r may not end a line.
func isNoLineEnd(r rune) bool { return classOf(r) == clOpen }
