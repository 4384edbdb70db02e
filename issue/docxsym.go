package issue

import (
	"fmt"
	"strconv"
	"strings"
)

// Symbol fonts in Word documents: text typed in the font Symbol (or
// inserted with Insert ▸ Symbol, a w:sym) is stored as the font's own codes
// — "a" or U+F061 for α — which another font prints as the Latin letter or
// not at all. The reader writes the Unicode characters they show.

// symbolFont is the Unicode of the codes 0x20–0xFF of the Symbol font
// (Unicode's SYMBOL.TXT; 0xA0 is Windows' €); 0 for a bracket piece or an
// unassigned code.
var symbolFont = func() [256]rune {
	var t [256]rune
	const lo = " !∀#∃%&∋()∗+,−./0123456789:;<=>?≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_‾αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼"
	const hi = "€ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…⏐⎯↵ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓◊〈®©™∑"
	for i, r := range []rune(lo) {
		t[0x20+i] = r
	}
	for i, r := range []rune(hi) {
		t[0xA0+i] = r
	}
	t[0xF1], t[0xF2] = '〉', '∫'
	return t
}()

// wingdings is what a Wingdings code shows, for the codes Word's bullets
// and check boxes use; others are not printed (with a warning).
var wingdings = map[rune]rune{
	0x4A: '☺', 0x4B: '😐', 0x4C: '☹', 0x6C: '●', 0x6E: '■', 0x6F: '□', 0x71: '❑', 0x75: '◆', 0x76: '❖',
	0xA7: '▪', 0xA8: '◻', 0xD8: '➢', 0xE0: '➡', 0xE8: '➔', 0xFB: '✗', 0xFC: '✓', 0xFD: '☒', 0xFE: '☑',
}

// symbolFontKind says which symbol font name is: "symbol", "wingdings" or
// "" for a font of ordinary characters.
func symbolFontKind(name string) string {
	switch n := strings.ToLower(strings.TrimSpace(name)); {
	case n == "symbol":
		return "symbol"
	case n == "wingdings":
		return "wingdings"
	case strings.HasPrefix(n, "wingdings") || n == "webdings" || n == "zapf dingbats" || n == "zapfdingbats" || n == "marlett":
		return "dingbats"
	}
	return ""
}

// symbolChar is the Unicode character code c of a symbol font of kind
// shows (codes 0x20–0xFF, or the same in U+F020–F0FF), and false when
// paiban does not know it.
func symbolChar(kind string, c rune) (rune, bool) {
	if c >= 0xF020 && c <= 0xF0FF {
		c -= 0xF000
	}
	if c < 0x20 || c > 0xFF {
		return 0, false
	}
	switch kind {
	case "symbol":
		if r := symbolFont[c]; r != 0 {
			return r, true
		}
	case "wingdings":
		if r, ok := wingdings[c]; ok {
			return r, true
		}
	}
	return 0, false
}

// runSymbolFont is the kind of symbol font a run is set in (its w:rFonts
// for Latin text), "" for none.
func runSymbolFont(rpr *xnode) string {
	f := rpr.kid("rFonts")
	if f == nil {
		return ""
	}
	for _, a := range []string{"ascii", "hAnsi"} {
		if k := symbolFontKind(f.attr1(a)); k != "" {
			return k
		}
	}
	return ""
}

// symbolText writes text of a run in a symbol font of kind as the
// characters it shows; what is not known is left out and named in the
// warning.
func (r *docxReader) symbolText(dp *docxPara, kind, font, text string) string {
	var b strings.Builder
	for _, c := range text {
		if c == ' ' {
			b.WriteRune(c)
			continue
		}
		if u, ok := symbolChar(kind, c); ok {
			b.WriteRune(u)
			continue
		}
		r.warnOnce(dp.line, fmt.Sprintf("a symbol of the font %s (%s) is not printed: type the character itself", font, strconv.QuoteRune(c)))
	}
	return b.String()
}

// sym reads a w:sym (Insert ▸ Symbol): the character it shows, or a
// warning.
func (r *docxReader) sym(dp *docxPara, k *xnode) {
	font := k.attr1("font")
	c, err := strconv.ParseUint(k.attr1("char"), 16, 32)
	if err == nil {
		if u, ok := symbolChar(symbolFontKind(font), rune(c)); ok {
			dp.add(string(u))
			return
		}
	}
	r.warnOnce(dp.line, fmt.Sprintf("a symbol of the font %s (%s) is not printed: type the character itself", font, k.attr1("char")))
}

// ruby reads a w:ruby (Word's phonetic guide, 注音 or 拼音 over
// characters): its base text, then the guide in brackets — a line of
// ruby above the characters is not set.
func (r *docxReader) ruby(dp *docxPara, k *xnode) {
	if base := k.kid("rubyBase"); base != nil {
		r.inline(dp, base)
	}
	var rt strings.Builder
	if n := k.kid("rt"); n != nil {
		for _, t := range n.findAll("t", nil) {
			rt.Write(t.text)
		}
	}
	if s := strings.TrimSpace(rt.String()); s != "" {
		dp.add("（" + s + "）")
		r.warnOnce(dp.line, "ruby (a phonetic guide) is not set above its characters: it is printed after them in brackets")
	}
}
