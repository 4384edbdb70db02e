package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// Low-level sfnt handling: the table directory, .ttc face extraction and the
// few tables this package reads (head, hhea, maxp, hmtx, loca, cmap, OS/2,
// name).
//
// All of it is hand-written. golang.org/x/image/font/sfnt (v0.48.0) would
// parse collections and validate faces, but it exposes neither table offsets
// nor a choice of cmap subtable (gopdf's choice is what matters here), cannot
// write a collection face out on its own (Font.WriteSourceTo refuses
// collections), and importing it pulls in golang.org/x/text, which this
// module does not require.

func u16(b []byte) uint16 { return binary.BigEndian.Uint16(b) }
func u32(b []byte) uint32 { return binary.BigEndian.Uint32(b) }

type tableRecord struct {
	tag      string
	checksum uint32
	offset   uint32
	length   uint32
}

// Bounds on hostile input (golang.org/x/image/font/sfnt uses the same).
const (
	maxTables = 256
	maxFaces  = 256
)

// readDirectory reads the table directory of the sfnt starting at off and
// checks that every table lies inside data.
func readDirectory(data []byte, off int) ([]tableRecord, error) {
	if off < 0 || off+12 > len(data) {
		return nil, errors.New("table directory out of bounds")
	}
	n := int(u16(data[off+4:]))
	if n == 0 || n > maxTables {
		return nil, fmt.Errorf("implausible table count %d", n)
	}
	if off+12+16*n > len(data) {
		return nil, errors.New("table directory truncated")
	}
	recs := make([]tableRecord, n)
	for i := range recs {
		r := data[off+12+16*i:]
		recs[i] = tableRecord{tag: string(r[:4]), checksum: u32(r[4:]), offset: u32(r[8:]), length: u32(r[12:])}
		if uint64(recs[i].offset)+uint64(recs[i].length) > uint64(len(data)) {
			return nil, fmt.Errorf("table %q (offset %d, length %d) extends past the end of the file (%d bytes)",
				recs[i].tag, recs[i].offset, recs[i].length, len(data))
		}
	}
	return recs, nil
}

// collectionFace returns the number of faces of the .ttc in data and, if
// index is in range, the offset of face index's table directory.
func collectionFace(data []byte, index int) (n int, offset uint32, err error) {
	// TTCHeader: "ttcf", version, numFonts, offsetTable[numFonts] (, DSIG fields).
	if len(data) < 12 {
		return 0, 0, errors.New("collection header truncated")
	}
	if v := u32(data[4:]); v != 0x00010000 && v != 0x00020000 {
		return 0, 0, fmt.Errorf("unknown collection version 0x%08X", v)
	}
	if nf := u32(data[8:]); nf == 0 || nf > maxFaces {
		return 0, 0, fmt.Errorf("implausible face count %d", nf)
	}
	n = int(u32(data[8:]))
	if 12+4*n > len(data) {
		return 0, 0, errors.New("collection header truncated")
	}
	if index >= n {
		return n, 0, nil
	}
	return n, u32(data[12+4*index:]), nil
}

// extractFace copies the face whose table directory starts at off (in a .ttc)
// into a standalone sfnt: the same header and table records (sorted by tag),
// table data laid out one after another on 4-byte boundaries with the
// offsets rewritten. Checksums and table contents are copied unchanged
// (head.checkSumAdjustment is not recomputed; nothing reads it).
func extractFace(data []byte, off uint32) ([]byte, error) {
	return rebuild(data, off, func(r tableRecord) (uint32, bool) { return r.length, true })
}

// rebuild writes the face whose table directory starts at off as a
// standalone sfnt, as extractFace says; keep gives each table's new length
// and whether its bytes are copied (else it is zeros).
func rebuild(data []byte, off uint32, keep func(r tableRecord) (length uint32, copied bool)) ([]byte, error) {
	if uint64(off) > uint64(len(data)) {
		return nil, errors.New("face offset past the end of the file")
	}
	recs, err := readDirectory(data, int(off))
	if err != nil {
		return nil, err
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].tag < recs[j].tag })
	size := uint64(12 + 16*len(recs))
	for i, r := range recs {
		recs[i].length, _ = keep(r)
		size += (uint64(recs[i].length) + 3) &^ 3
	}
	if size > 1<<31 {
		return nil, errors.New("face too large")
	}
	out := make([]byte, size)
	copy(out, data[off:off+12]) // sfntVersion, numTables, searchRange, entrySelector, rangeShift
	if string(out[:4]) == "true" {
		copy(out, "\x00\x01\x00\x00")
	}
	pos := uint32(12 + 16*len(recs))
	for i, r := range recs {
		rec := out[12+16*i:]
		copy(rec, r.tag)
		binary.BigEndian.PutUint32(rec[4:], r.checksum)
		binary.BigEndian.PutUint32(rec[8:], pos)
		binary.BigEndian.PutUint32(rec[12:], r.length)
		if _, copied := keep(r); copied {
			copy(out[pos:], data[r.offset:r.offset+r.length])
		}
		pos += (r.length + 3) &^ 3 // padding stays zero
	}
	return out, nil
}

// bareFont is the face data without outlines (Face.WithoutOutlines): the
// same tables, but glyf empty, and loca (every glyph at offset 0, so
// empty), hmtx and the hinting tables zeros of their lengths.
func bareFont(data []byte) ([]byte, error) {
	return rebuild(data, 0, func(r tableRecord) (uint32, bool) {
		switch r.tag {
		case "glyf":
			return 0, false
		case "loca", "hmtx", "cvt ", "fpgm", "prep":
			return r.length, false
		}
		return r.length, true
	})
}

// required lists the tables gopdf v0.37.0 reads when loading a TrueType font
// (fontmaker/core/ttfparser.go ParseFontData) and when subsetting it.
var required = []string{"head", "hhea", "maxp", "hmtx", "cmap", "name", "OS/2", "post", "loca", "glyf"}

// parseFace builds a Face from a standalone TrueType sfnt (version
// 0x00010000); cff is the CFF table when data was synthesised from a CFF
// face (synthTrueType).
func parseFace(name string, data []byte, cff *CFF) (*Face, error) {
	recs, err := readDirectory(data, 0)
	if err != nil {
		return nil, refuse(name, ErrNotFont, "damaged font: %v", err)
	}
	tables := make(map[string][]byte, len(recs))
	for _, r := range recs {
		tables[r.tag] = data[r.offset : r.offset+r.length]
	}
	for _, tag := range []string{"CFF ", "CFF2"} {
		if _, ok := tables[tag]; ok && cff == nil {
			return nil, refuse(name, ErrCFF, "has CFF (PostScript) outlines (a %q table); the PDF writer (gopdf) can embed only "+
				"TrueType glyf outlines: %s", tag, useInstead)
		}
	}
	for _, tag := range required {
		if _, ok := tables[tag]; ok {
			continue
		}
		if tag == "glyf" || tag == "loca" {
			return nil, refuse(name, ErrUnsupported, "has no TrueType glyf outlines (no %q table; a bitmap or SVG-only font?); "+
				"the PDF writer (gopdf) embeds only TrueType glyf outlines: %s", tag, useInstead)
		}
		return nil, refuse(name, ErrUnsupported, "lacks the %q table, which the PDF writer (gopdf) needs", tag)
	}
	head, hhea, maxp, os2 := tables["head"], tables["hhea"], tables["maxp"], tables["OS/2"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 || len(os2) < 10 {
		return nil, refuse(name, ErrNotFont, "damaged font: truncated head, hhea, maxp or OS/2 table")
	}
	if u32(head[12:]) != 0x5F0F3CF5 {
		return nil, refuse(name, ErrNotFont, "damaged font: bad head table magic number")
	}

	// Embedding permission (OS/2 fsType): a PDF embeds the font, as a subset.
	fsType := u16(os2[8:])
	switch {
	case fsType&0x000E == 0x0002:
		return nil, refuse(name, ErrNoEmbedding, "the font's licence forbids embedding it (OS/2 fsType 0x%04X: Restricted License "+
			"embedding), and a print PDF must embed its fonts; use a font that permits embedding, such as Noto Serif SC or "+
			"Noto Sans SC (SIL OFL)", fsType)
	case fsType&0x0200 != 0:
		return nil, refuse(name, ErrNoEmbedding, "the font's licence allows embedding only its bitmaps, not its outlines (OS/2 "+
			"fsType 0x%04X: Bitmap Embedding Only), and the PDF writer embeds outlines; use a font that permits embedding, "+
			"such as Noto Serif SC or Noto Sans SC (SIL OFL)", fsType)
	case fsType&0x0100 != 0:
		return nil, refuse(name, ErrNoEmbedding, "the font's licence forbids subsetting it (OS/2 fsType 0x%04X: No Subsetting), "+
			"and the PDF writer (gopdf) always embeds a subset; use a font that permits it, such as Noto Serif SC or "+
			"Noto Sans SC (SIL OFL)", fsType)
	}

	f := &Face{Name: name, Data: data}
	f.UnitsPerEm = int(u16(head[18:]))
	if f.UnitsPerEm < 16 || f.UnitsPerEm > 16384 {
		return nil, refuse(name, ErrNotFont, "damaged font: unitsPerEm %d", f.UnitsPerEm)
	}
	f.numGlyphs = int(u16(maxp[4:]))
	if f.numGlyphs == 0 {
		return nil, refuse(name, ErrNotFont, "damaged font: no glyphs")
	}
	f.Ascender, f.Descender = int(int16(u16(hhea[4:]))), int(int16(u16(hhea[6:])))
	if len(os2) >= 72 {
		if a, d := int(int16(u16(os2[68:]))), int(int16(u16(os2[70:]))); a != 0 || d != 0 {
			f.Ascender, f.Descender = a, d
		}
	}
	if f.Ascender < 0 {
		f.Ascender = -f.Ascender
	}
	if f.Descender > 0 {
		f.Descender = -f.Descender
	}

	// hmtx: numberOfHMetrics full records, then the last advance repeats.
	nhm := int(u16(hhea[34:]))
	hmtx := tables["hmtx"]
	if nhm == 0 || len(hmtx) < 4*min(nhm, f.numGlyphs) {
		return nil, refuse(name, ErrNotFont, "damaged font: hmtx table too short for %d metrics", nhm)
	}
	f.advances = make([]uint16, f.numGlyphs)
	for g := range f.advances {
		if g < nhm {
			f.advances[g] = u16(hmtx[4*g:])
		} else {
			f.advances[g] = f.advances[g-1]
		}
	}

	empty, loca, err := checkLoca(int(int16(u16(head[50:]))), tables["loca"], len(tables["glyf"]), f.numGlyphs)
	if err != nil {
		return nil, refuse(name, ErrNotFont, "damaged font: %v", err)
	}
	f.glyf, f.loca = tables["glyf"], loca
	if cff != nil {
		f.cff = cff
		if f.cff.NumGlyphs() != f.numGlyphs {
			return nil, refuse(name, ErrNotFont, "damaged font: the CFF table has %d glyphs, maxp says %d", f.cff.NumGlyphs(), f.numGlyphs)
		}
		empty = f.cff.blankGlyphs()
	}
	for _, r := range recs {
		switch r.tag {
		case "loca", "hmtx", "cvt ", "fpgm", "prep":
			f.bareSpans = append(f.bareSpans, [2]int{int(r.offset), int(r.offset + r.length)})
		}
	}
	if !hasPostScriptName(tables["name"]) {
		return nil, refuse(name, ErrUnsupported, "has no PostScript name (name table ID 6), which the PDF writer (gopdf) needs")
	}
	f.psName = postScriptName(tables["name"])
	// gopdf copies these tables with their length padded to 4 bytes.
	f.padded = true
	for _, r := range recs {
		switch r.tag {
		case "cvt ", "fpgm", "head", "hhea", "hmtx", "maxp", "prep":
			if uint64(r.offset)+(uint64(r.length)+3)&^3 > uint64(len(data)) {
				f.padded = false
			}
		}
	}
	if err := f.parseCmap(tables["cmap"]); err != nil {
		return nil, err
	}
	// A glyph without an outline prints as nothing: a font that maps a
	// visible character to one does not have that character (the next
	// font is tried, or it is reported), so that no character is ever
	// printed as a blank.
	for c, g := range f.bmp {
		if g != 0 && empty[g] && !blankChar(rune(c)) {
			f.bmp[c] = 0
		}
	}
	f.empty = empty
	return f, nil
}

// blankChar: characters whose glyph is meant to have no outline (spaces,
// invisible controls and format characters, the Hangul fillers).
func blankChar(r rune) bool {
	return unicode.IsSpace(r) || unicode.In(r, unicode.Zs, unicode.Cc, unicode.Cf) ||
		r == 0x115F || r == 0x1160 || r == 0x3164 || r == 0xFFA0 || r == 0x2800
}

// checkLoca checks that every glyph's outline lies inside glyf: gopdf slices
// glyf at the loca offsets when it subsets the font. It returns which glyphs
// have no outline (zero length) and the offsets.
func checkLoca(format int, loca []byte, glyfLen, numGlyphs int) ([]bool, []uint32, error) {
	size := 2
	if format == 1 {
		size = 4
	} else if format != 0 {
		return nil, nil, fmt.Errorf("unknown indexToLocFormat %d", format)
	}
	if len(loca) < size*(numGlyphs+1) {
		return nil, nil, fmt.Errorf("loca table has %d bytes, %d glyphs need %d", len(loca), numGlyphs, size*(numGlyphs+1))
	}
	empty := make([]bool, numGlyphs)
	offs := make([]uint32, numGlyphs+1)
	prev := 0
	for g := 0; g <= numGlyphs; g++ {
		var o int
		if size == 2 {
			o = 2 * int(u16(loca[2*g:]))
		} else {
			o = int(u32(loca[4*g:]))
		}
		if o < prev || o > glyfLen {
			return nil, nil, fmt.Errorf("glyph %d: loca offset %d outside glyf (%d bytes) or decreasing", g, o, glyfLen)
		}
		offs[g] = uint32(o)
		if g > 0 {
			empty[g-1] = o == prev
		}
		prev = o
	}
	return empty, offs, nil
}

// postScriptName reads name ID 6 (Windows Unicode, else Macintosh Roman),
// or "" when there is none in those encodings.
func postScriptName(t []byte) string { return nameString(t, 6) }

func hasPostScriptName(t []byte) bool {
	if len(t) < 6 {
		return false
	}
	count := int(u16(t[2:]))
	for i := 0; i < count && 6+12*i+12 <= len(t); i++ {
		r := t[6+12*i:]
		if u16(r[6:]) == 6 && u16(r[8:]) > 0 {
			return true
		}
	}
	return false
}

// parseCmap reads the two subtables gopdf v0.37.0 uses
// (fontmaker/core/ttfparser.go ParseCmap, ttfparser_cmap_other_format.go):
// the last (3,1) record, which must be format 4 (BMP), and the first (3,10)
// record, which must be format 12 (supplementary planes; gopdf fails to load
// the font otherwise). Glyph 0 and IDs past numGlyphs count as absent.
func (f *Face) parseCmap(cmap []byte) error {
	if len(cmap) < 4 {
		return refuse(f.Name, ErrNotFont, "damaged font: cmap table truncated")
	}
	n := int(u16(cmap[2:]))
	off31, off310, symbol := -1, -1, false
	for i := 0; i < n && 4+8*i+8 <= len(cmap); i++ {
		r := cmap[4+8*i:]
		pid, eid, off := u16(r), u16(r[2:]), int(u32(r[4:]))
		switch {
		case pid == 3 && eid == 1:
			off31 = off
		case pid == 3 && eid == 10 && off310 < 0:
			off310 = off
		case pid == 3 && eid == 0:
			symbol = true
		}
	}
	if off31 < 0 {
		if symbol {
			return refuse(f.Name, ErrUnsupported, "is a symbol font (cmap platform 3, encoding 0) without a Unicode character map; "+
				"the PDF writer (gopdf) needs a Windows Unicode BMP cmap (platform 3, encoding 1, format 4)")
		}
		return refuse(f.Name, ErrUnsupported, "has no Windows Unicode BMP character map (cmap platform 3, encoding 1, format 4), "+
			"which the PDF writer (gopdf) needs")
	}
	if off31+2 > len(cmap) || u16(cmap[off31:]) != 4 {
		format := -1
		if off31+2 <= len(cmap) {
			format = int(u16(cmap[off31:]))
		}
		return refuse(f.Name, ErrUnsupported, "its Windows Unicode BMP character map (cmap 3,1) is format %d; "+
			"the PDF writer (gopdf) reads only format 4", format)
	}
	f.bmp = new([0x10000]uint16)
	if err := f.parseFormat4(cmap[off31:]); err != nil {
		return refuse(f.Name, ErrNotFont, "damaged font: cmap (3,1) format 4: %v", err)
	}
	if off310 >= 0 {
		if off310+4 > len(cmap) || u16(cmap[off310:]) != 12 || u16(cmap[off310+2:]) != 0 {
			return refuse(f.Name, ErrUnsupported, "its Windows Unicode full-repertoire character map (cmap 3,10) is not "+
				"format 12, which the PDF writer (gopdf) cannot load")
		}
		if err := f.parseFormat12(cmap[off310:]); err != nil {
			return refuse(f.Name, ErrNotFont, "damaged font: cmap (3,10) format 12: %v", err)
		}
	}
	return nil
}

// parseFormat4 fills f.bmp the way gopdf's lookup (SubsetFontObj
// charCodeToGlyphIndexFormat4) resolves each code point: the first segment
// whose endCode is >= c governs c, and c is unmapped if it lies below that
// segment's startCode. Each code point is visited once.
func (f *Face) parseFormat4(t []byte) error {
	if len(t) < 14 {
		return errors.New("truncated header")
	}
	length := int(u16(t[2:]))
	segCount := int(u16(t[6:])) / 2
	if 16+8*segCount > len(t) || 16+8*segCount > length {
		return errors.New("truncated segment arrays")
	}
	ends := t[14:]
	starts := t[16+2*segCount:]
	deltas := t[16+4*segCount:]
	ranges := t[16+6*segCount:] // idRangeOffset[i] is relative to its own position
	// gopdf reads glyphIdArray only up to the subtable's length field.
	limit := min(length, len(t))
	next := 0 // lowest code point not yet governed by an earlier segment
	for s := 0; s < segCount && next < 0xFFFF; s++ {
		end, start := int(u16(ends[2*s:])), int(u16(starts[2*s:]))
		delta, ro := int(u16(deltas[2*s:])), int(u16(ranges[2*s:]))
		lo := max(start, next)
		if end >= next {
			next = end + 1
		}
		for c := lo; c <= end && c < 0xFFFF; c++ {
			var g int
			if ro == 0 {
				g = (c + delta) & 0xFFFF
			} else {
				p := 16 + 6*segCount + 2*s + ro + 2*(c-start)
				if p+2 > limit {
					continue
				}
				if g = int(u16(t[p:])); g != 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			if g < f.numGlyphs {
				f.bmp[c] = uint16(g)
			}
		}
	}
	return nil
}

// parseFormat12 keeps the groups that reach above U+FFFF (BMP characters go
// through format 4 in gopdf), in table order.
func (f *Face) parseFormat12(t []byte) error {
	if len(t) < 16 {
		return errors.New("truncated header")
	}
	nGroups := int(u32(t[12:]))
	if nGroups > (len(t)-16)/12 {
		return errors.New("truncated groups")
	}
	f.suppSorted = true
	for i := 0; i < nGroups; i++ {
		gr := t[16+12*i:]
		g := group{start: u32(gr), end: u32(gr[4:]), g0: u32(gr[8:])}
		if g.end < 0x10000 || g.start > g.end || g.start > 0x10FFFF {
			continue
		}
		if n := len(f.supp); n > 0 && f.supp[n-1].end >= g.start {
			f.suppSorted = false
		}
		f.supp = append(f.supp, g)
	}
	return nil
}

// parseCFFFace loads the CFF-outlined face whose table directory starts at
// off: its tables as a TrueType without outlines (synthTrueType) and its
// CFF table.
func parseCFFFace(name string, data []byte, off uint32) (*Face, error) {
	if uint64(off) > uint64(len(data)) {
		return nil, refuse(name, ErrNotFont, "damaged font: face offset past the end of the file")
	}
	recs, err := readDirectory(data, int(off))
	if err != nil {
		return nil, refuse(name, ErrNotFont, "damaged font: %v", err)
	}
	tables := make(map[string][]byte, len(recs))
	for _, r := range recs {
		tables[r.tag] = data[r.offset : r.offset+r.length]
	}
	cff, ok := tables["CFF "]
	if !ok {
		if _, ok := tables["CFF2"]; ok {
			return nil, refuse(name, ErrCFF, "has CFF2 (variable PostScript) outlines, which the PDF writer cannot embed; "+
				"use a static instance of the font (a .otf with a \"CFF \" table) or a TrueType (.ttf) build")
		}
		return nil, refuse(name, ErrUnsupported, "is an OpenType font with PostScript outlines but no \"CFF \" table")
	}
	c, err := ParseCFF(cff)
	if err != nil {
		return nil, refuse(name, ErrNotFont, "damaged font: %v", err)
	}
	synth, err := synthTrueType(tables, c.FontName())
	if err != nil {
		return nil, refuse(name, ErrUnsupported, "%v", err)
	}
	return parseFace(name, synth, c)
}

// synthTrueType builds, from a CFF face's tables, the TrueType sfnt gopdf
// loads in its place: the tables gopdf reads (head, hhea, maxp, hmtx,
// cmap, name, OS/2, post) copied, an empty glyf and a loca of zeros (short
// format): the same character map and metrics, no outlines. A name table
// without a PostScript name (ID 6) gets one: psName, the CFF font's name.
func synthTrueType(tables map[string][]byte, psName string) ([]byte, error) {
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "cmap", "name", "OS/2", "post"} {
		if _, ok := tables[tag]; !ok {
			return nil, fmt.Errorf("lacks the %q table, which the PDF writer (gopdf) needs", tag)
		}
	}
	maxp, head := tables["maxp"], tables["head"]
	if len(maxp) < 6 || len(head) < 54 {
		return nil, errors.New("damaged font: truncated head or maxp table")
	}
	n := int(u16(maxp[4:]))
	t := map[string][]byte{
		"glyf": make([]byte, 4),
		"loca": make([]byte, 2*(n+1)),
		"head": append([]byte(nil), head...),
	}
	binary.BigEndian.PutUint16(t["head"][50:], 0) // indexToLocFormat: short
	for _, tag := range []string{"hhea", "maxp", "hmtx", "cmap", "name", "OS/2", "post"} {
		t[tag] = tables[tag]
	}
	if !hasPostScriptName(t["name"]) {
		nt, err := addPostScriptName(t["name"], psName)
		if err != nil {
			return nil, err
		}
		t["name"] = nt
	}
	return writeSfnt(t), nil
}

// writeSfnt lays the tables t out as a TrueType sfnt: the table records
// sorted by tag, each table on a 4-byte boundary, with its checksum.
func writeSfnt(t map[string][]byte) []byte {
	tags := make([]string, 0, len(t))
	for tag := range t {
		tags = append(tags, tag)
	}
	sort.Strings(tags)
	size := 12 + 16*len(tags)
	for _, tag := range tags {
		size += (len(t[tag]) + 3) &^ 3
	}
	out := make([]byte, size)
	copy(out, "\x00\x01\x00\x00")
	binary.BigEndian.PutUint16(out[4:], uint16(len(tags)))
	sr, es := 1, 0
	for sr*2 <= len(tags) {
		sr, es = sr*2, es+1
	}
	binary.BigEndian.PutUint16(out[6:], uint16(16*sr))
	binary.BigEndian.PutUint16(out[8:], uint16(es))
	binary.BigEndian.PutUint16(out[10:], uint16(16*(len(tags)-sr)))
	pos := 12 + 16*len(tags)
	for i, tag := range tags {
		rec := out[12+16*i:]
		copy(rec, tag)
		binary.BigEndian.PutUint32(rec[4:], tableChecksum(t[tag]))
		binary.BigEndian.PutUint32(rec[8:], uint32(pos))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(t[tag])))
		copy(out[pos:], t[tag])
		pos += (len(t[tag]) + 3) &^ 3
	}
	return out
}

func tableChecksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

// addPostScriptName returns the name table with a Windows Unicode record
// for name ID 6 added (the PostScript name rules allow printable ASCII
// without spaces and delimiters; others are dropped).
func addPostScriptName(t []byte, ps string) ([]byte, error) {
	var clean []uint16
	for _, r := range ps {
		if r > 32 && r < 127 && !strings.ContainsRune("[](){}<>/%", r) && len(clean) < 63 {
			clean = append(clean, uint16(r))
		}
	}
	if len(clean) == 0 {
		return nil, errors.New("has no PostScript name (name table ID 6, or the CFF font name), which the PDF writer (gopdf) needs")
	}
	count, strOff := 0, 6
	if len(t) >= 6 {
		count, strOff = int(u16(t[2:])), int(u16(t[4:]))
	}
	if 6+12*count > len(t) || strOff > len(t) || strOff < 6+12*count {
		count, strOff = 0, 6 // damaged: replace it
		t = make([]byte, 6)
	}
	storage := t[strOff:]
	out := make([]byte, 0, len(t)+12+2*len(clean))
	out = binary.BigEndian.AppendUint16(out, 0)
	out = binary.BigEndian.AppendUint16(out, uint16(count+1))
	out = binary.BigEndian.AppendUint16(out, uint16(6+12*(count+1)))
	out = append(out, t[6:6+12*count]...)
	for _, v := range []int{3, 1, 0x409, 6, 2 * len(clean), len(storage)} {
		out = binary.BigEndian.AppendUint16(out, uint16(v))
	}
	out = append(out, storage...)
	for _, c := range clean {
		out = binary.BigEndian.AppendUint16(out, c)
	}
	if len(storage) > 0xFFFF-2*len(clean) {
		return nil, errors.New("name table too large")
	}
	return out, nil
}
