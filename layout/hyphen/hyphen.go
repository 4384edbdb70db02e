// Package hyphen finds where an English word may be hyphenated, with Liang's
// algorithm (Frank M. Liang, "Word Hy-phen-a-tion by Com-put-er", 1983) and
// the American English patterns TeX uses (hyph-utf8's hyph-en-us: Knuth and
// Liang's hyphen.tex with Kuiken's additions; see LICENSE.txt). Chinese text
// never needs it; Latin words in narrow Chinese columns (package names,
// long English words) do, so that they break instead of letter-spacing the
// hanzi around them.
package hyphen

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
)

//go:embed hyph-en-us.pat.txt
var patternText string

//go:embed hyph-en-us.hyp.txt
var exceptionText string

// LeftMin and RightMin are the fewest letters kept before and after a
// hyphen (the patterns' hyphenmins: 2 and 3).
const (
	LeftMin  = 2
	RightMin = 3
)

type table struct {
	patterns   map[string][]uint8 // letters → the levels between them (len(letters)+1)
	maxLen     int
	exceptions map[string][]int
}

var (
	once sync.Once
	tab  table
)

func load() {
	tab.patterns = map[string][]uint8{}
	for _, p := range strings.Fields(patternText) {
		var letters []byte
		levels := []uint8{0}
		for i := 0; i < len(p); i++ {
			c := p[i]
			if c >= '0' && c <= '9' {
				levels[len(levels)-1] = c - '0'
				continue
			}
			letters = append(letters, c)
			levels = append(levels, 0)
		}
		tab.patterns[string(letters)] = levels
		tab.maxLen = max(tab.maxLen, len(letters))
	}
	tab.exceptions = map[string][]int{}
	for _, w := range strings.Fields(exceptionText) {
		var pts []int
		n := 0
		for _, c := range w {
			if c == '-' {
				pts = append(pts, n)
				continue
			}
			n++
		}
		tab.exceptions[strings.ReplaceAll(w, "-", "")] = pts
	}
}

// Points returns the positions where word may be hyphenated: i means
// between word[i-1] and word[i] (byte offsets; the word must be ASCII
// letters, else there are none). Case is ignored.
func Points(word string) []int {
	n := len(word)
	if n < LeftMin+RightMin {
		return nil
	}
	for i := 0; i < n; i++ {
		if c := word[i]; c >= 0x80 || !unicode.IsLetter(rune(c)) {
			return nil
		}
	}
	once.Do(load)
	w := strings.ToLower(word)
	if pts, ok := tab.exceptions[w]; ok {
		return pts
	}
	dotted := "." + w + "."
	levels := make([]uint8, len(dotted)+1)
	for i := 0; i < len(dotted); i++ {
		for j := i + 1; j <= len(dotted) && j-i <= tab.maxLen; j++ {
			if lv, ok := tab.patterns[dotted[i:j]]; ok {
				for k, v := range lv {
					if v > levels[i+k] {
						levels[i+k] = v
					}
				}
			}
		}
	}
	var pts []int
	// levels[k] sits before dotted[k]; word position p is dotted position p+1
	for p := LeftMin; p <= n-RightMin; p++ {
		if levels[p+1]%2 == 1 {
			pts = append(pts, p)
		}
	}
	return pts
}

// Hyphenate is word with its hyphenation points shown as sep (for tests and
// messages): Hyphenate("hyphenation", "-") = "hy-phen-ation".
func Hyphenate(word, sep string) string {
	var b strings.Builder
	last := 0
	for _, p := range Points(word) {
		b.WriteString(word[last:p])
		b.WriteString(sep)
		last = p
	}
	b.WriteString(word[last:])
	return b.String()
}
