// Package fonts loads the font faces the typesetter measures text with and the
// PDF writer (github.com/signintech/gopdf v0.37.0) embeds.
//
// gopdf embeds only TrueType-outline (glyf) fonts in a standalone sfnt file
// (version 0x00010000). This package accepts:
//
//   - .ttf: used as is;
//   - .ttc collections: one face is extracted into a standalone sfnt
//     (Face.Data), which gopdf then loads;
//   - CFF-outline OpenType (.otf, faces of .otc/.ttc with a "CFF " table):
//     Face.Data is a TrueType synthesised from the face's tables without
//     outlines, for gopdf to code text and write widths with, and Face.CFF
//     the parsed CFF table, whose subset (CFF.Subset, cff.go) the PDF
//     writer embeds in its place;
//
// and refuses, with the reason and a remedy: CFF2 (variable) outlines, WOFF
// and WOFF2, Type 1 and anything else, and fonts whose OS/2 fsType forbids
// embedding them in a PDF.
//
// Character coverage follows gopdf's own lookup: characters of the Basic
// Multilingual Plane through the Windows Unicode BMP cmap subtable (platform
// 3, encoding 1, format 4), characters above U+FFFF through the Windows
// Unicode full-repertoire subtable (3, 10, format 12). gopdf v0.37.0 does set
// supplementary-plane characters (e.g. U+20087 𠂇) when the font maps them in
// a (3,10) format-12 subtable, so Has reports them; but gopdf writes their
// ToUnicode entries wrongly, so they print correctly yet copy/extract from
// the PDF as garbage. A font without a (3,10) subtable has no characters
// above U+FFFF as far as gopdf (and Has) is concerned.
package fonts

import (
	"errors"
	"fmt"
	"sync"

	"github.com/paiban/paiban/internal/input"
)

// Face is one loaded font face.
//
// A Face is immutable after loading and safe for concurrent use. Data must
// not be modified; for Parse it aliases the caller's slice when no rewriting
// was needed.
type Face struct {
	Name string // "builtin:serif", "builtin:sans", or the file path ("path#1" for collection face 1)
	// Data is a standalone TrueType (glyf) sfnt: what the PDF writer gives
	// gopdf (for a .ttc: the extracted face). For a CFF face it is a
	// TrueType synthesised with the face's tables and no outlines (empty
	// glyf and loca): gopdf codes text and writes widths with it, and the
	// PDF writer embeds a subset of the CFF outlines (CFF) in its place.
	Data       []byte
	UnitsPerEm int
	Ascender   int // font units, positive (OS/2 sTypoAscender, else hhea)
	Descender  int // font units, negative

	bmp        *[0x10000]uint16 // glyph ID per BMP code point, from cmap (3,1) format 4; 0 = none
	supp       []group          // cmap (3,10) format 12 groups reaching above U+FFFF, in table order
	suppSorted bool             // supp is sorted and non-overlapping: binary search
	advances   []uint16         // advance width per glyph ID, from hmtx
	empty      []bool           // per glyph ID: no outline (only blank characters are mapped to these)
	numGlyphs  int
	glyf       []byte   // the glyf table
	loca       []uint32 // outline offsets into glyf, numGlyphs+1
	psName     string   // name ID 6
	padded     bool     // every table gopdf copies ends within Data when padded to 4 bytes
	bareSpans  [][2]int // spans of Data that WithoutOutlines clears

	cff *CFF // the CFF outlines of a CFF face, else nil

	bare     sync.Once
	bareData []byte // WithoutOutlines
}

// group is a cmap format 12 group: start..end map to g0, g0+1, ...
type group struct{ start, end, g0 uint32 }

// Errors returned by Load and Parse wrap one of these (test with errors.Is);
// the message itself names the font and says why and what to use instead.
var (
	ErrNotFont     = errors.New("not a font file")
	ErrCFF         = errors.New("unsupported CFF outlines (CFF2, or a CFF table in a TrueType font)")
	ErrWOFF        = errors.New("WOFF/WOFF2 web font")
	ErrFaceIndex   = errors.New("font face index out of range")
	ErrNoEmbedding = errors.New("font licence forbids embedding")
	ErrUnsupported = errors.New("font not usable by the PDF writer")
	ErrUnknownFont = errors.New("unknown builtin font")
)

// fontError is a refusal: Error() is "<font>: <detail>", Unwrap() the sentinel.
type fontError struct {
	font   string
	kind   error
	detail string
}

func (e *fontError) Error() string { return e.font + ": " + e.detail }
func (e *fontError) Unwrap() error { return e.kind }

func refuse(font string, kind error, format string, args ...any) error {
	return &fontError{font: font, kind: kind, detail: fmt.Sprintf(format, args...)}
}

const (
	trueTypeFonts = "such as Noto Serif SC or Noto Sans SC from the npm packages " +
		"@expo-google-fonts/noto-serif-sc and @expo-google-fonts/noto-sans-sc"
	useInstead = "use a TrueType (.ttf) build instead, " + trueTypeFonts + ", or convert this font with fontTools' " +
		"otf2ttf (Snippets/otf2ttf.py in github.com/fonttools/fonttools)"
)

// Load reads a font file: a .ttf (index must be 0), or face index of a .ttc
// collection (Name becomes "path#index"). Other formats are refused with the
// reason; see the package documentation.
func Load(path string, index int) (*Face, error) {
	data, err := input.ReadFile(path, input.Font)
	if err != nil {
		var ie *input.Error
		if errors.As(err, &ie) {
			return nil, fmt.Errorf("%s %s", path, ie.Msg)
		}
		return nil, err
	}
	return Parse(path, data, index)
}

// Parse is Load for font bytes already in memory; name stands for the path in
// Face.Name and in error messages. The returned Face may alias data.
func Parse(name string, data []byte, index int) (*Face, error) {
	if index < 0 {
		return nil, refuse(name, ErrFaceIndex, "face index %d is negative", index)
	}
	if len(data) < 12 {
		return nil, refuse(name, ErrNotFont, "not a font file (only %d bytes); expected a TrueType .ttf or .ttc", len(data))
	}
	faceName := name
	switch tag := string(data[:4]); tag {
	case "wOFF", "wOF2":
		kind := "WOFF"
		if tag == "wOF2" {
			kind = "WOFF2"
		}
		return nil, refuse(name, ErrWOFF, "is a %s web font (compressed); the PDF writer (gopdf) reads only uncompressed "+
			"TrueType .ttf/.ttc files. Use the font's TrueType original (for example Noto Serif SC or Noto Sans SC from the npm "+
			"packages @expo-google-fonts/noto-serif-sc and @expo-google-fonts/noto-sans-sc), or decompress it with fontTools: "+
			"python3 -c \"from fontTools.ttLib import TTFont; f=TTFont('in.woff2'); f.flavor=None; f.save('out.ttf')\" "+
			"(if that gives CFF outlines, convert them with fontTools' otf2ttf)", kind)
	case "OTTO":
		if index != 0 {
			return nil, refuse(name, ErrFaceIndex, "face index %d given, but this is a single font, not a collection (.otc/.ttc); use index 0", index)
		}
		return parseCFFFace(name, data, 0)
	case "\x00\x01\x00\x00", "true":
		if index != 0 {
			return nil, refuse(name, ErrFaceIndex, "face index %d given, but this is a single font, not a collection (.ttc); use index 0", index)
		}
		if tag == "true" {
			// Apple's TrueType signature: gopdf accepts only 0x00010000.
			d := make([]byte, len(data))
			copy(d, data)
			copy(d, "\x00\x01\x00\x00")
			data = d
		}
	case "ttcf":
		n, offset, err := collectionFace(data, index)
		if err != nil {
			return nil, refuse(name, ErrNotFont, "damaged font collection: %v", err)
		}
		if index >= n {
			return nil, refuse(name, ErrFaceIndex, "face index %d out of range: the collection has %d face%s (0–%d)",
				index, n, plural(n), n-1)
		}
		faceName = fmt.Sprintf("%s#%d", name, index)
		if uint64(offset)+4 <= uint64(len(data)) && string(data[offset:offset+4]) == "OTTO" {
			return parseCFFFace(faceName, data, offset)
		}
		data, err = extractFace(data, offset)
		if err != nil {
			return nil, refuse(faceName, ErrNotFont, "damaged font collection face %d: %v", index, err)
		}
	default:
		return nil, refuse(name, ErrNotFont, "not a font file (%s); expected a TrueType .ttf or .ttc%s",
			describeSignature(data), typeOneHint(data))
	}
	return parseFace(faceName, data, nil)
}

// CFF is the face's CFF table, parsed, or nil for a TrueType face.
func (f *Face) CFF() *CFF { return f.cff }

// Loaded reports whether f was made by Load or Parse (a Face built by hand
// has no character map, metrics or outlines to use).
func (f *Face) Loaded() bool { return f != nil && f.bmp != nil }

// GlyphCount is the number of glyphs in the face (maxp numGlyphs).
func (f *Face) GlyphCount() int { return f.numGlyphs }

// Has reports whether the face maps r to a real glyph (not .notdef) in a
// cmap subtable gopdf reads: (3,1) format 4 for the BMP (a table lookup),
// (3,10) format 12 above it (a binary search over the groups).
func (f *Face) Has(r rune) bool {
	if c := uint32(r); c <= 0xFFFF {
		return f.bmp[c] != 0
	}
	return f.suppGlyph(uint32(r)) != 0
}

// Advance is r's advance width in font units (hmtx), or 0 if !f.Has(r).
func (f *Face) Advance(r rune) int {
	g := f.Glyph(r)
	if g == 0 {
		return 0
	}
	return int(f.advances[g])
}

// Glyph is the glyph ID of r as gopdf looks it up, 0 if the face has none.
func (f *Face) Glyph(r rune) int {
	if c := uint32(r); c <= 0xFFFF {
		return int(f.bmp[c])
	}
	return int(f.suppGlyph(uint32(r)))
}

// Width is r's advance in thousandths of an em, truncated: the one width
// model of paiban. The layout sets glyphs with these advances and the PDF
// writer gives them as the fonts' /W widths, so every viewer places each
// glyph where the layout did. 0 if !f.Has(r).
func (f *Face) Width(r rune) int { return f.GlyphWidth(f.Glyph(r)) }

// GlyphWidth is Width by glyph ID (0 for IDs out of range).
func (f *Face) GlyphWidth(g int) int {
	if g <= 0 || g >= f.numGlyphs {
		return 0
	}
	return int(f.advances[g]) * 1000 / f.UnitsPerEm
}

// PostScriptName is the face's name ID 6 (every accepted face has one).
func (f *Face) PostScriptName() string { return f.psName }

// WithoutOutlines is Data with every glyph's outline empty (loca all
// zeros, glyf empty) and the tables gopdf copies into a subset but never
// reads (hmtx, hinting) cleared: the same character map, so gopdf codes
// text with it exactly as with Data, but a subset of it costs next to
// nothing to build and compress, and it is a fraction of Data's size. For
// drawing pages whose content streams alone are wanted.
func (f *Face) WithoutOutlines() []byte {
	f.bare.Do(func() {
		var err error
		if f.bareData, err = bareFont(f.Data); err == nil {
			return
		}
		// cannot happen for a parsed face: Data's tables as they are
		f.bareData = append([]byte(nil), f.Data...)
		for _, s := range f.bareSpans {
			clear(f.bareData[s[0]:s[1]])
		}
	})
	return f.bareData
}

// Padded reports whether every table gopdf copies (it copies them with their
// length rounded up to 4 bytes) lies within Data with that padding; when
// not, the writer gives gopdf the data with 4 zero bytes appended.
func (f *Face) Padded() bool { return f.padded }

// CheckGlyph verifies what gopdf's subsetter reads of glyph g: its outline
// lies in glyf and a composite's components are real glyphs (gopdf indexes
// without bounds checks and would panic); for a CFF face, that its
// charstring can be subset (CFF.CheckGlyph).
func (f *Face) CheckGlyph(g int) error {
	if g <= 0 || g >= f.numGlyphs {
		return fmt.Errorf("glyph %d out of range (%d glyphs)", g, f.numGlyphs)
	}
	if f.cff != nil {
		return f.cff.CheckGlyph(g)
	}
	return f.components(g, func(int) {})
}

// components calls use with each component glyph of glyph g when g is a
// composite (none for a simple or empty glyph), after checking that g's
// outline lies in glyf and its components are real glyphs.
func (f *Face) components(g int, use func(c int)) error {
	start, end := int(f.loca[g]), int(f.loca[g+1])
	if start == end {
		return nil
	}
	if end-start < 10 {
		return fmt.Errorf("glyph %d outline is truncated", g)
	}
	if int16(u16(f.glyf[start:])) >= 0 {
		return nil
	}
	for off := start + 10; ; {
		if off+4 > end {
			return fmt.Errorf("composite glyph %d is truncated", g)
		}
		flags := u16(f.glyf[off:])
		c := int(u16(f.glyf[off+2:]))
		if c >= f.numGlyphs {
			return fmt.Errorf("composite glyph %d refers to glyph %d of %d", g, c, f.numGlyphs)
		}
		use(c)
		if flags&32 == 0 {
			return nil
		}
		step := 4 + 4
		if flags&1 == 0 {
			step = 4 + 2
		}
		if flags&8 != 0 {
			step += 2
		} else if flags&64 != 0 {
			step += 4
		}
		if flags&128 != 0 {
			step += 8
		}
		off += step
	}
}

// suppGlyph is the glyph ID of c > U+FFFF as gopdf looks it up, 0 if none.
func (f *Face) suppGlyph(c uint32) uint16 {
	if len(f.supp) == 0 || c > 0x10FFFF {
		return 0
	}
	i := -1
	if f.suppSorted {
		lo, hi := 0, len(f.supp) // first group with end >= c
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if f.supp[m].end < c {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo < len(f.supp) && f.supp[lo].start <= c {
			i = lo
		}
	} else { // damaged order: gopdf takes the first group that contains c
		for j := range f.supp {
			if f.supp[j].start <= c && c <= f.supp[j].end {
				i = j
				break
			}
		}
	}
	if i < 0 {
		return 0
	}
	g := uint64(f.supp[i].g0) + uint64(c-f.supp[i].start)
	if g >= uint64(f.numGlyphs) || f.empty != nil && f.empty[g] && !blankChar(rune(c)) {
		return 0
	}
	return uint16(g)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func describeSignature(data []byte) string {
	switch {
	case len(data) >= 4 && string(data[:4]) == "%PDF":
		return "it is a PDF file"
	case len(data) >= 4 && string(data[:4]) == "PK\x03\x04":
		return "it is a ZIP archive; unpack it first"
	case len(data) >= 6 && string(data[:6]) == "<?xml ":
		return "it is an XML file"
	}
	sig := data[:4]
	printable := true
	for _, b := range sig {
		if b < 0x20 || b > 0x7e {
			printable = false
		}
	}
	if printable {
		return fmt.Sprintf("it starts with %q", sig)
	}
	return fmt.Sprintf("it starts with bytes % x", sig)
}

func typeOneHint(data []byte) string {
	if (len(data) >= 2 && data[0] == 0x80 && data[1] == 0x01) ||
		(len(data) >= 14 && string(data[:14]) == "%!PS-AdobeFont") || (len(data) >= 10 && string(data[:10]) == "%!FontType") {
		return "; this is a PostScript Type 1 font, which the PDF writer (gopdf) cannot embed: use a TrueType (.ttf) font " +
			"instead, " + trueTypeFonts
	}
	return ""
}
