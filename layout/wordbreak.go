package layout

import (
	"unicode"

	"github.com/paiban/paiban/layout/hyphen"
)

// Where a Latin word (a run of letters, digits and the ASCII punctuation
// glued to them: a package name, an identifier, a path, a URL, an English
// word) may break when it meets the end of a narrow Chinese column. Without
// these, such a word is unbreakable, and the line before it is letter-spaced
// or left with a single hanzi. Common practice (Chicago Manual of Style
// §6.17 and §7.42 for URLs; clreq leaves Latin text to Latin rules):
//
//   - after / (never between the two slashes of https://), after - and _
//     between letters or digits, after . before a letter (not in 3.14), after
//     ? & = and @ in URLs and addresses, before ( — with no hyphen added;
//   - between the letters of an English word at the points of the TeX
//     hyphenation patterns (package hyphen), with a hyphen added; never in a
//     URL, a path or an address, where a hyphen would change it;
//   - before a capital that follows a lower-case letter (camelCase), with
//     no hyphen.
//
// Everything else inside a word breaks only in an emergency (a word longer
// than the line).

// wordBreak is how a line may end before an atom inside a word.
type wordBreak uint8

const (
	wbEmergency wordBreak = iota // only when the word is longer than the line
	wbNever                      // never (between the slashes of //)
	wbSoft                       // a break, no hyphen
	wbHyphen                     // a break with a hyphen added at the line end
)

// Penalties (demerits are squared penalties; the line badness of a full
// stretch is 100): a separator break is cheap, a hyphen dearer.
const (
	penaltySeparator = 50
	penaltyDot       = 150
	penaltyCamel     = 150
	penaltyHyphen    = 120
)

// wordBreaks returns, for each rune of word after the first, how a line may
// end before it, with the penalty.
func wordBreaks(word []rune, url bool) ([]wordBreak, []int) {
	n := len(word)
	kinds, pens := make([]wordBreak, n), make([]int, n)
	alnum := func(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
	letter := func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }
	for k := 1; k < n; k++ {
		a, b := word[k-1], word[k]
		switch {
		case a == '/' && b == '/':
			kinds[k] = wbNever
		case a == ':' && b == '/':
			kinds[k] = wbNever // https:/ /…
		case a == '/':
			kinds[k], pens[k] = wbSoft, penaltySeparator
		case (a == '-' || a == '_') && k >= 2 && alnum(word[k-2]) && alnum(b):
			kinds[k], pens[k] = wbSoft, penaltySeparator
		case a == '.' && k >= 2 && alnum(word[k-2]) && letter(b):
			kinds[k], pens[k] = wbSoft, penaltyDot
		case url && (a == '?' || a == '&' || a == '=' || a == '@' || a == '#'):
			kinds[k], pens[k] = wbSoft, penaltySeparator
		case b == '(' && alnum(a):
			kinds[k], pens[k] = wbSoft, penaltySeparator
		case !url && unicode.IsLower(a) && unicode.IsUpper(b) && a < 0x80 && b < 0x80 && k >= 2:
			kinds[k], pens[k] = wbSoft, penaltyCamel
		}
	}
	if url {
		return kinds, pens
	}
	// hyphenation points of each run of letters: all lower case or
	// capitalised (not an acronym, not camelCase inside)
	for i := 0; i < n; {
		if !letter(word[i]) {
			i++
			continue
		}
		j := i
		for j < n && letter(word[j]) && !(j > i && unicode.IsLower(word[j-1]) && unicode.IsUpper(word[j])) {
			j++
		}
		run := string(word[i:j])
		if isWordCase(run) && (i == 0 || !alnum(word[i-1]) || unicode.IsLower(word[i-1])) && (j == n || !alnum(word[j])) {
			for _, p := range hyphen.Points(run) {
				if kinds[i+p] == wbEmergency {
					kinds[i+p], pens[i+p] = wbHyphen, penaltyHyphen
				}
			}
		}
		i = j
	}
	return kinds, pens
}

// isWordCase: "word" or "Word", not "WORD" or "woRD".
func isWordCase(s string) bool {
	for i, r := range s {
		if i > 0 && unicode.IsUpper(r) {
			return false
		}
	}
	return true
}
