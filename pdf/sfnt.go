package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
)

// ttf is the little the writer needs to know about a TrueType font besides
// what gopdf knows: glyph lookup (to refuse missing glyphs before gopdf
// silently substitutes them), exact advances (gopdf truncates /W to whole
// thousandths of an em) and the PostScript name. It reads the tables in
// place, without copying the font data.
type ttf struct {
	upem      int
	numGlyphs int
	hmtx      []byte // numberOfHMetrics × (advance, lsb)
	nhm       int
	cmap4     []byte // format 4 subtable (BMP), or nil
	cmap12    []byte // format 12 subtable, or nil
	psName    string
	glyf      []byte
	loca      []uint32 // glyph offsets into glyf, numGlyphs+1 entries
	padded    bool     // every table gopdf copies ends within the data when padded to 4 bytes
}

var errNotTrueType = errors.New("not a TrueType (glyf) font: gopdf reads only single TrueType-outline files (no .ttc collections, no CFF .otf)")

func parseTTF(data []byte) (*ttf, error) {
	if len(data) < 12 {
		return nil, errors.New("font file too short")
	}
	switch binary.BigEndian.Uint32(data) {
	case 0x00010000:
	case 0x74746366: // 'ttcf'
		return nil, errors.New("font collections (.ttc) are not supported: extract one face first")
	default:
		return nil, errNotTrueType
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if 12+16*n > len(data) {
		return nil, errors.New("font table directory is truncated")
	}
	tables := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		tag := string(rec[:4])
		off := int64(binary.BigEndian.Uint32(rec[8:]))
		ln := int64(binary.BigEndian.Uint32(rec[12:]))
		if off+ln > int64(len(data)) {
			return nil, fmt.Errorf("font table %q lies outside the file", tag)
		}
		tables[tag] = data[off : off+ln]
	}
	for _, tag := range []string{"head", "hhea", "hmtx", "maxp", "cmap", "glyf", "loca"} {
		if tables[tag] == nil {
			if tag == "glyf" || tag == "loca" {
				return nil, errNotTrueType
			}
			return nil, fmt.Errorf("font has no %q table", tag)
		}
	}
	f := &ttf{}
	head, hhea, maxp := tables["head"], tables["hhea"], tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, errors.New("font head/hhea/maxp table truncated")
	}
	f.upem = int(binary.BigEndian.Uint16(head[18:]))
	if f.upem < 16 || f.upem > 16384 {
		return nil, fmt.Errorf("font unitsPerEm %d out of range", f.upem)
	}
	f.numGlyphs = int(binary.BigEndian.Uint16(maxp[4:]))
	f.nhm = int(binary.BigEndian.Uint16(hhea[34:]))
	if f.nhm == 0 || f.nhm > f.numGlyphs || 4*f.nhm > len(tables["hmtx"]) {
		return nil, errors.New("font hmtx table inconsistent with hhea/maxp")
	}
	f.hmtx = tables["hmtx"][:4*f.nhm]
	if err := f.readCmap(tables["cmap"]); err != nil {
		return nil, err
	}
	f.psName = postScriptName(tables["name"])
	if err := f.readLoca(tables["loca"], tables["glyf"], int16(binary.BigEndian.Uint16(head[50:]))); err != nil {
		return nil, err
	}
	// gopdf copies these tables with their length padded to 4 bytes.
	f.padded = true
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		switch string(rec[:4]) {
		case "cvt ", "fpgm", "head", "hhea", "hmtx", "maxp", "prep":
			off := int64(binary.BigEndian.Uint32(rec[8:]))
			ln := int64(binary.BigEndian.Uint32(rec[12:]))
			if off+(ln+3)&^3 > int64(len(data)) {
				f.padded = false
			}
		}
	}
	return f, nil
}

func (f *ttf) readLoca(loca, glyf []byte, format int16) error {
	n := f.numGlyphs + 1
	f.glyf = glyf
	f.loca = make([]uint32, n)
	switch format {
	case 0:
		if len(loca) < 2*n {
			return errors.New("font loca table too short")
		}
		for i := range f.loca {
			f.loca[i] = 2 * uint32(binary.BigEndian.Uint16(loca[2*i:]))
		}
	case 1:
		if len(loca) < 4*n {
			return errors.New("font loca table too short")
		}
		for i := range f.loca {
			f.loca[i] = binary.BigEndian.Uint32(loca[4*i:])
		}
	default:
		return errors.New("font head.indexToLocFormat is invalid")
	}
	for i := 1; i < n; i++ {
		if f.loca[i] < f.loca[i-1] {
			return fmt.Errorf("font loca table is not ascending at glyph %d", i)
		}
	}
	if int64(f.loca[n-1]) > int64(len(glyf)) {
		return errors.New("font loca table points past the glyf table")
	}
	return nil
}

// checkGlyph verifies what gopdf's subsetter reads of glyph g: its outline
// lies in glyf and a composite's components are real glyphs (gopdf indexes
// without bounds checks and would panic).
func (f *ttf) checkGlyph(g int) error {
	start, end := int(f.loca[g]), int(f.loca[g+1])
	if start == end {
		return nil
	}
	if end-start < 10 {
		return fmt.Errorf("glyph %d outline is truncated", g)
	}
	if int16(binary.BigEndian.Uint16(f.glyf[start:])) >= 0 {
		return nil
	}
	off := start + 10
	for {
		if off+4 > end {
			return fmt.Errorf("composite glyph %d is truncated", g)
		}
		flags := binary.BigEndian.Uint16(f.glyf[off:])
		c := int(binary.BigEndian.Uint16(f.glyf[off+2:]))
		if c >= f.numGlyphs {
			return fmt.Errorf("composite glyph %d refers to glyph %d of %d", g, c, f.numGlyphs)
		}
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

func (f *ttf) readCmap(c []byte) error {
	if len(c) < 4 {
		return errors.New("font cmap table truncated")
	}
	n := int(binary.BigEndian.Uint16(c[2:]))
	if 4+8*n > len(c) {
		return errors.New("font cmap table truncated")
	}
	for i := 0; i < n; i++ {
		rec := c[4+8*i:]
		pid, eid := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:])
		off := int(binary.BigEndian.Uint32(rec[4:]))
		if off+8 > len(c) {
			continue
		}
		sub := c[off:]
		switch binary.BigEndian.Uint16(sub) {
		case 4:
			// gopdf reads the last (3,1) subtable and insists on format 4.
			if pid == 3 && eid == 1 {
				ln := int(binary.BigEndian.Uint16(sub[2:]))
				if ln < 14 || ln > len(sub) {
					ln = len(sub) // some fonts overflow the 16-bit length
				}
				f.cmap4 = sub[:ln]
			}
		case 12:
			// gopdf reads the first (3,10) subtable for characters beyond the BMP.
			if f.cmap12 == nil && pid == 3 && eid == 10 {
				if len(sub) < 16 {
					continue
				}
				ng := int(binary.BigEndian.Uint32(sub[12:]))
				if 16+12*int64(ng) > int64(len(sub)) {
					return errors.New("font cmap format 12 subtable truncated")
				}
				f.cmap12 = sub[:16+12*ng]
			}
		}
	}
	if f.cmap4 == nil {
		return errors.New("font has no Windows Unicode BMP (3,1) format 4 cmap subtable")
	}
	return nil
}

// glyph returns the glyph index of r, or 0 when the font has no glyph.
// It follows gopdf: format 4 for the BMP, format 12 beyond it.
func (f *ttf) glyph(r rune) int {
	if r < 0 {
		return 0
	}
	if r <= 0xFFFF {
		return f.glyph4(uint16(r))
	}
	return f.glyph12(uint32(r))
}

func (f *ttf) glyph4(c uint16) int {
	t := f.cmap4
	if len(t) < 14 {
		return 0
	}
	segX2 := int(binary.BigEndian.Uint16(t[6:]))
	if segX2 == 0 || 16+4*segX2 > len(t) {
		return 0
	}
	ends := t[14:]
	starts := t[16+segX2:]
	deltas := starts[segX2:]
	ranges := deltas[segX2:]
	// binary search for the first segment whose end ≥ c
	lo, hi := 0, segX2/2
	for lo < hi {
		m := (lo + hi) / 2
		if binary.BigEndian.Uint16(ends[2*m:]) < c {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo >= segX2/2 {
		return 0
	}
	s := lo
	start := binary.BigEndian.Uint16(starts[2*s:])
	if c < start {
		return 0
	}
	delta := binary.BigEndian.Uint16(deltas[2*s:])
	ro := int(binary.BigEndian.Uint16(ranges[2*s:]))
	if ro == 0 {
		return int((c + delta) & 0xFFFF)
	}
	pos := (16 + 3*segX2 + 2*s) + ro + 2*int(c-start)
	if pos+2 > len(t) {
		return 0
	}
	g := binary.BigEndian.Uint16(t[pos:])
	if g == 0 {
		return 0
	}
	return int((g + delta) & 0xFFFF)
}

func (f *ttf) glyph12(c uint32) int {
	t := f.cmap12
	if t == nil {
		return 0
	}
	ng := int(binary.BigEndian.Uint32(t[12:]))
	lo, hi := 0, ng
	for lo < hi {
		m := (lo + hi) / 2
		g := t[16+12*m:]
		if binary.BigEndian.Uint32(g[4:]) < c {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo >= ng {
		return 0
	}
	g := t[16+12*lo:]
	start := binary.BigEndian.Uint32(g)
	if c < start {
		return 0
	}
	return int(binary.BigEndian.Uint32(g[8:]) + c - start)
}

// advance returns the advance width of glyph g in font units.
func (f *ttf) advance(g int) int {
	if g >= f.nhm {
		g = f.nhm - 1
	}
	return int(binary.BigEndian.Uint16(f.hmtx[4*g:]))
}

// postScriptName reads name ID 6, or "" when absent.
func postScriptName(t []byte) string {
	if len(t) < 6 {
		return ""
	}
	n := int(binary.BigEndian.Uint16(t[2:]))
	strOff := int(binary.BigEndian.Uint16(t[4:]))
	if 6+12*n > len(t) {
		return ""
	}
	var mac string
	for i := 0; i < n; i++ {
		rec := t[6+12*i:]
		pid, eid := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:])
		id := binary.BigEndian.Uint16(rec[6:])
		ln, off := int(binary.BigEndian.Uint16(rec[8:])), int(binary.BigEndian.Uint16(rec[10:]))
		if id != 6 || strOff+off+ln > len(t) {
			continue
		}
		s := t[strOff+off : strOff+off+ln]
		if pid == 3 && (eid == 1 || eid == 0) {
			u := make([]uint16, len(s)/2)
			for j := range u {
				u[j] = binary.BigEndian.Uint16(s[2*j:])
			}
			return string(utf16.Decode(u))
		}
		if pid == 1 && eid == 0 && mac == "" {
			mac = string(s)
		}
	}
	return mac
}
