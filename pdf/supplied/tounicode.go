package supplied

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/encoding/charmap"

	"github.com/paiban/paiban/pdf/cos"
)

// A supplied page's simple fonts (Type 1, Type 1C, TrueType) often come
// without a ToUnicode map: their text is found through the encoding's glyph
// names, which not every extractor or preflight accepts. ToUnicode makes
// the map from the font's /Encoding — a base encoding and /Differences —
// and the Adobe Glyph List (glyphlist.txt, BSD licence in its header).

//go:embed glyphlist.txt
var glyphList string

var agl = sync.OnceValue(func() map[string][]rune {
	m := make(map[string][]rune, 4300)
	for _, line := range strings.Split(glyphList, "\n") {
		name, codes, ok := strings.Cut(strings.TrimSpace(line), ";")
		if !ok || strings.HasPrefix(name, "#") {
			continue
		}
		var rs []rune
		for _, h := range strings.Fields(codes) {
			if v, err := strconv.ParseUint(h, 16, 32); err == nil {
				rs = append(rs, rune(v))
			}
		}
		m[name] = rs
	}
	return m
})

// GlyphRunes is the text of a glyph name: by the Adobe Glyph List, or
// uniXXXX(XXXX…) / uXXXX[XX] names, ligatures a_b, suffixes .sc dropped.
func GlyphRunes(name string) []rune {
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	if strings.Contains(name, "_") {
		var out []rune
		for _, part := range strings.Split(name, "_") {
			r := GlyphRunes(part)
			if r == nil {
				return nil
			}
			out = append(out, r...)
		}
		return out
	}
	if r, ok := agl()[name]; ok {
		return r
	}
	if h, ok := strings.CutPrefix(name, "uni"); ok && len(h) >= 4 && len(h)%4 == 0 {
		var out []rune
		for i := 0; i < len(h); i += 4 {
			v, err := strconv.ParseUint(h[i:i+4], 16, 16)
			if err != nil || v >= 0xD800 && v <= 0xDFFF {
				return nil
			}
			out = append(out, rune(v))
		}
		return out
	}
	if h, ok := strings.CutPrefix(name, "u"); ok && len(h) >= 4 && len(h) <= 6 {
		if v, err := strconv.ParseUint(h, 16, 32); err == nil && v <= 0x10FFFF && (v < 0xD800 || v > 0xDFFF) {
			return []rune{rune(v)}
		}
	}
	return nil
}

// standard is Adobe StandardEncoding where it differs from ASCII, and its
// upper half (PDF 32000-1, Annex D).
var standard = map[byte]string{
	0x27: "quoteright", 0x60: "quoteleft",
	0xA1: "exclamdown", 0xA2: "cent", 0xA3: "sterling", 0xA4: "fraction", 0xA5: "yen", 0xA6: "florin",
	0xA7: "section", 0xA8: "currency", 0xA9: "quotesingle", 0xAA: "quotedblleft", 0xAB: "guillemotleft",
	0xAC: "guilsinglleft", 0xAD: "guilsinglright", 0xAE: "fi", 0xAF: "fl", 0xB1: "endash", 0xB2: "dagger",
	0xB3: "daggerdbl", 0xB4: "periodcentered", 0xB6: "paragraph", 0xB7: "bullet", 0xB8: "quotesinglbase",
	0xB9: "quotedblbase", 0xBA: "quotedblright", 0xBB: "guillemotright", 0xBC: "ellipsis", 0xBD: "perthousand",
	0xBF: "questiondown", 0xC1: "grave", 0xC2: "acute", 0xC3: "circumflex", 0xC4: "tilde", 0xC5: "macron",
	0xC6: "breve", 0xC7: "dotaccent", 0xC8: "dieresis", 0xCA: "ring", 0xCB: "cedilla", 0xCD: "hungarumlaut",
	0xCE: "ogonek", 0xCF: "caron", 0xD0: "emdash", 0xE1: "AE", 0xE3: "ordfeminine", 0xE8: "Lslash",
	0xE9: "Oslash", 0xEA: "OE", 0xEB: "ordmasculine", 0xF1: "ae", 0xF5: "dotlessi", 0xF8: "lslash",
	0xF9: "oslash", 0xFA: "oe", 0xFB: "germandbls",
}

// baseText is the text of code c in a base encoding.
func baseText(enc cos.Name, c byte) []rune {
	switch enc {
	case "WinAnsiEncoding":
		if r := charmap.Windows1252.DecodeByte(c); r != '\uFFFD' && c >= 0x20 {
			return []rune{r}
		}
	case "MacRomanEncoding":
		if r := charmap.Macintosh.DecodeByte(c); r != '\uFFFD' && c >= 0x20 {
			return []rune{r}
		}
	default: // StandardEncoding
		if n, ok := standard[c]; ok {
			return GlyphRunes(n)
		}
		if c >= 0x20 && c < 0x7F {
			return []rune{rune(c)}
		}
	}
	return nil
}

// ToUnicode returns a ToUnicode CMap for the simple font f of d, made from
// its encoding, or nil when the font is not simple, has one, or has no
// encoding to go by (a symbolic font with its built-in encoding).
func ToUnicode(d *cos.Doc, f *cos.Dict) []byte {
	switch f.Get("Subtype") {
	case cos.Name("Type1"), cos.Name("MMType1"), cos.Name("TrueType"):
	default:
		return nil
	}
	if f.Get("ToUnicode") != nil {
		return nil
	}
	base := cos.Name("StandardEncoding")
	var diffs cos.Array
	symbolic := false
	if fd := d.Dict(f.Get("FontDescriptor")); fd != nil {
		if flags, ok := cos.Float(d.Get(fd.Get("Flags"))); ok {
			symbolic = int(flags)&4 != 0
		}
	}
	switch e := d.Get(f.Get("Encoding")).(type) {
	case cos.Name:
		base = e
	case *cos.Dict:
		if b, ok := d.Get(e.Get("BaseEncoding")).(cos.Name); ok {
			base = b
		} else if symbolic {
			base = ""
		}
		diffs, _ = d.Get(e.Get("Differences")).(cos.Array)
	case nil:
		if symbolic {
			return nil
		}
	}
	var text [256][]rune
	if base != "" {
		for c := range 256 {
			text[c] = baseText(base, byte(c))
		}
	}
	code := -1
	for _, v := range diffs {
		switch x := d.Get(v).(type) {
		case cos.Number:
			if n, ok := cos.Float(x); ok {
				code = int(n)
			}
		case cos.Name:
			if code >= 0 && code < 256 {
				text[code] = GlyphRunes(string(x))
				code++
			}
		}
	}
	some := false
	for _, t := range text {
		some = some || len(t) > 0
	}
	if !some {
		return nil
	}
	return cos.UnicodeCMap(1, 256, func(c int) (uint32, []rune) { return uint32(c), text[c] })
}
