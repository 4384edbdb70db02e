package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// The Compact Font Format (Adobe Technical Note #5176) and Type 2
// charstrings (#5177), as far as subsetting needs them: the CFF table of a
// CFF-outlined OpenType face is read (header, Name, Top DICT, String and
// Global Subr INDEXes, CharStrings, FDSelect and FDArray with their Private
// DICTs and local Subrs, or the one Private DICT of a name-keyed font), and
// a subset is written as a CID-keyed CFF whose charset is the identity (CID
// = glyph index) — what a PDF embeds as FontFile3 /CIDFontType0C. Every
// offset read is bounds-checked: a hostile table is an error, never a panic.

// CFF is a parsed CFF table.
type CFF struct {
	data     []byte
	name     []byte   // the font's name (Name INDEX, first entry)
	top      []dictOp // Top DICT
	strings  [][]byte // String INDEX
	gsubrs   [][]byte // Global Subr INDEX
	glyphs   [][]byte // CharStrings INDEX
	cid      bool     // CID-keyed (Top DICT has ROS)
	fdSelect []uint8  // per glyph: its Font DICT (CID-keyed), else nil
	charset  []uint16 // per glyph: its CID (CID-keyed) or SID; nil for a predefined charset
	fds      []cffFD  // Font DICTs (one, from the Top DICT, when name-keyed)
}

// cffFD is one Font DICT with its Private DICT and local subroutines.
type cffFD struct {
	dict    []dictOp // Font DICT (nil for a name-keyed font)
	private []dictOp
	subrs   [][]byte
}

// dictOp is one DICT entry: operator (12 x is 1200+x) and its operands,
// raw (to copy) and as numbers.
type dictOp struct {
	op   int
	raw  []byte
	nums []float64
}

// Bounds on hostile CFF data.
const (
	maxCFFGlyphs   = 65535
	maxSubrDepth   = 10
	maxFDs         = 256
	maxScanOps     = 1 << 16 // operators interpreted per glyph (subroutines included)
	cffOffsetBytes = 4
)

var errCFF = errors.New("damaged CFF table")

// ParseCFF reads a CFF table (version 1).
func ParseCFF(data []byte) (*CFF, error) {
	if len(data) < 4 || data[0] != 1 {
		return nil, fmt.Errorf("%w: not CFF version 1", errCFF)
	}
	c := &CFF{data: data}
	pos := int(data[2]) // hdrSize
	names, pos, err := readIndex(data, pos)
	if err != nil {
		return nil, fmt.Errorf("%w: Name INDEX: %v", errCFF, err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%w: no font in the Name INDEX", errCFF)
	}
	c.name = names[0]
	tops, pos, err := readIndex(data, pos)
	if err != nil || len(tops) == 0 {
		return nil, fmt.Errorf("%w: Top DICT INDEX: %v", errCFF, err)
	}
	if c.top, err = readDict(tops[0]); err != nil {
		return nil, fmt.Errorf("%w: Top DICT: %v", errCFF, err)
	}
	if c.strings, pos, err = readIndex(data, pos); err != nil {
		return nil, fmt.Errorf("%w: String INDEX: %v", errCFF, err)
	}
	if c.gsubrs, _, err = readIndex(data, pos); err != nil {
		return nil, fmt.Errorf("%w: Global Subr INDEX: %v", errCFF, err)
	}
	if t, ok := findOp(c.top, 1206); ok && (len(t.nums) != 1 || t.nums[0] != 2) {
		return nil, fmt.Errorf("%w: CharstringType %v (only Type 2 is supported)", errCFF, t.nums)
	}
	off, err := offsetOp(c.top, 17, len(data))
	if err != nil {
		return nil, fmt.Errorf("%w: CharStrings: %v", errCFF, err)
	}
	if c.glyphs, _, err = readIndex(data, off); err != nil {
		return nil, fmt.Errorf("%w: CharStrings INDEX: %v", errCFF, err)
	}
	n := len(c.glyphs)
	if n == 0 || n > maxCFFGlyphs {
		return nil, fmt.Errorf("%w: %d glyphs", errCFF, n)
	}
	_, c.cid = findOp(c.top, 1230)
	if e, ok := findOp(c.top, 15); ok && len(e.nums) == 1 && e.nums[0] > 2 {
		off, err := offsetOp(c.top, 15, len(data))
		if err != nil {
			return nil, fmt.Errorf("%w: charset: %v", errCFF, err)
		}
		if c.charset, err = readCharset(data[off:], n); err != nil {
			return nil, fmt.Errorf("%w: charset: %v", errCFF, err)
		}
	}
	if !c.cid {
		fd, err := c.readPrivate(c.top)
		if err != nil {
			return nil, err
		}
		c.fds = []cffFD{fd}
		return c, nil
	}
	// CID-keyed: FDArray and FDSelect.
	off, err = offsetOp(c.top, 1236, len(data))
	if err != nil {
		return nil, fmt.Errorf("%w: FDArray: %v", errCFF, err)
	}
	fdDicts, _, err := readIndex(data, off)
	if err != nil || len(fdDicts) == 0 || len(fdDicts) > maxFDs {
		return nil, fmt.Errorf("%w: FDArray INDEX (%d Font DICTs): %v", errCFF, len(fdDicts), err)
	}
	for i, raw := range fdDicts {
		d, err := readDict(raw)
		if err != nil {
			return nil, fmt.Errorf("%w: Font DICT %d: %v", errCFF, i, err)
		}
		fd, err := c.readPrivate(d)
		if err != nil {
			return nil, err
		}
		fd.dict = d
		c.fds = append(c.fds, fd)
	}
	off, err = offsetOp(c.top, 1237, len(data))
	if err != nil {
		return nil, fmt.Errorf("%w: FDSelect: %v", errCFF, err)
	}
	if c.fdSelect, err = readFDSelect(data[off:], n, len(c.fds)); err != nil {
		return nil, fmt.Errorf("%w: FDSelect: %v", errCFF, err)
	}
	return c, nil
}

// CheckGlyph verifies that glyph g's charstring can be subset: its
// subroutine calls are valid and it is not an accented glyph made with
// seac.
func (c *CFF) CheckGlyph(g int) error {
	if g < 0 || g >= len(c.glyphs) {
		return fmt.Errorf("glyph %d out of range (%d glyphs)", g, len(c.glyphs))
	}
	s := &csScan{c: c}
	if err := s.glyph(g); err != nil {
		return fmt.Errorf("glyph %d: %w", g, err)
	}
	return nil
}

// NumGlyphs is the number of charstrings.
func (c *CFF) NumGlyphs() int { return len(c.glyphs) }

// CharString is glyph g's charstring (nil if out of range).
func (c *CFF) CharString(g int) []byte {
	if g < 0 || g >= len(c.glyphs) {
		return nil
	}
	return c.glyphs[g]
}

// GlyphOfCID is the glyph of CID cid in a CID-keyed font (through the
// charset), -1 if none.
func (c *CFF) GlyphOfCID(cid int) int {
	if !c.cid {
		return -1
	}
	if cid == 0 {
		return 0
	}
	if c.charset == nil { // predefined: identity
		if cid < len(c.glyphs) {
			return cid
		}
		return -1
	}
	for g, v := range c.charset {
		if int(v) == cid && g > 0 {
			return g
		}
	}
	return -1
}

// CIDKeyed reports whether the font is CID-keyed (Top DICT ROS).
func (c *CFF) CIDKeyed() bool { return c.cid }

// FontName is the font's name in the Name INDEX.
func (c *CFF) FontName() string { return string(c.name) }

// readPrivate reads the Private DICT and local Subrs named by d's Private
// operator (18: size offset).
func (c *CFF) readPrivate(d []dictOp) (cffFD, error) {
	var fd cffFD
	p, ok := findOp(d, 18)
	if !ok {
		return fd, nil // no Private DICT: defaults, no local subrs
	}
	if len(p.nums) != 2 || !isCount(p.nums[0]) || !isCount(p.nums[1]) ||
		p.nums[0]+p.nums[1] > float64(len(c.data)) {
		return fd, fmt.Errorf("%w: Private DICT %v outside the table", errCFF, p.nums)
	}
	start, size := int(p.nums[1]), int(p.nums[0])
	var err error
	if fd.private, err = readDict(c.data[start : start+size]); err != nil {
		return fd, fmt.Errorf("%w: Private DICT: %v", errCFF, err)
	}
	if s, ok := findOp(fd.private, 19); ok {
		if len(s.nums) != 1 || !isCount(s.nums[0]) || float64(start)+s.nums[0] >= float64(len(c.data)) {
			return fd, fmt.Errorf("%w: Subrs offset %v outside the table", errCFF, s.nums)
		}
		if fd.subrs, _, err = readIndex(c.data, start+int(s.nums[0])); err != nil {
			return fd, fmt.Errorf("%w: local Subrs INDEX: %v", errCFF, err)
		}
	}
	return fd, nil
}

func isCount(v float64) bool { return v >= 0 && v <= math.MaxInt32 && v == math.Trunc(v) }

// offsetOp is the single offset operand of op in d, within a table of n bytes.
func offsetOp(d []dictOp, op, n int) (int, error) {
	e, ok := findOp(d, op)
	if !ok {
		return 0, errors.New("missing")
	}
	if len(e.nums) != 1 || !isCount(e.nums[0]) || e.nums[0] >= float64(n) {
		return 0, fmt.Errorf("offset %v outside the table", e.nums)
	}
	return int(e.nums[0]), nil
}

func findOp(d []dictOp, op int) (dictOp, bool) {
	for _, e := range d {
		if e.op == op {
			return e, true
		}
	}
	return dictOp{}, false
}

// readIndex reads the INDEX at data[pos:]: its entries and the position
// after it.
func readIndex(data []byte, pos int) ([][]byte, int, error) {
	if pos < 0 || pos+2 > len(data) {
		return nil, 0, errors.New("truncated")
	}
	count := int(binary.BigEndian.Uint16(data[pos:]))
	if count == 0 {
		return nil, pos + 2, nil
	}
	if pos+3 > len(data) {
		return nil, 0, errors.New("truncated")
	}
	offSize := int(data[pos+2])
	if offSize < 1 || offSize > 4 {
		return nil, 0, fmt.Errorf("offSize %d", offSize)
	}
	offs := pos + 3
	base := offs + (count+1)*offSize - 1 // offsets count from 1
	if base+1 > len(data) {
		return nil, 0, errors.New("offset array truncated")
	}
	read := func(i int) int {
		v := 0
		for _, b := range data[offs+i*offSize : offs+(i+1)*offSize] {
			v = v<<8 | int(b)
		}
		return v
	}
	items := make([][]byte, count)
	prev := read(0)
	if prev != 1 {
		return nil, 0, fmt.Errorf("first offset %d", prev)
	}
	for i := range count {
		next := read(i + 1)
		if next < prev || base+next > len(data) {
			return nil, 0, fmt.Errorf("entry %d: offset %d outside the data", i, next)
		}
		items[i] = data[base+prev : base+next : base+next]
		prev = next
	}
	return items, base + prev, nil
}

// readDict reads a DICT's entries.
func readDict(b []byte) ([]dictOp, error) {
	var out []dictOp
	start := 0
	var nums []float64
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c <= 21: // operator
			op := int(c)
			i++
			if c == 12 {
				if i >= len(b) {
					return nil, errors.New("truncated operator")
				}
				op = 1200 + int(b[i])
				i++
			}
			out = append(out, dictOp{op: op, raw: b[start:i], nums: nums})
			nums, start = nil, i
			continue
		case c == 28:
			if i+3 > len(b) {
				return nil, errors.New("truncated number")
			}
			nums = append(nums, float64(int16(binary.BigEndian.Uint16(b[i+1:]))))
			i += 3
		case c == 29:
			if i+5 > len(b) {
				return nil, errors.New("truncated number")
			}
			nums = append(nums, float64(int32(binary.BigEndian.Uint32(b[i+1:]))))
			i += 5
		case c == 30:
			v, n, err := readReal(b[i+1:])
			if err != nil {
				return nil, err
			}
			nums = append(nums, v)
			i += 1 + n
		case c >= 32 && c <= 246:
			nums = append(nums, float64(int(c)-139))
			i++
		case c >= 247 && c <= 254:
			if i+2 > len(b) {
				return nil, errors.New("truncated number")
			}
			if c <= 250 {
				nums = append(nums, float64((int(c)-247)*256+int(b[i+1])+108))
			} else {
				nums = append(nums, float64(-(int(c)-251)*256-int(b[i+1])-108))
			}
			i += 2
		default:
			return nil, fmt.Errorf("reserved byte %d", c)
		}
		if len(nums) > 48 {
			return nil, errors.New("too many operands")
		}
	}
	if len(nums) > 0 {
		return nil, errors.New("operands without an operator")
	}
	return out, nil
}

// readReal reads a DICT real (nibbles after byte 30); n bytes consumed.
func readReal(b []byte) (float64, int, error) {
	s := make([]byte, 0, 16)
	for n := 0; n < len(b) && n < 64; n++ {
		for _, nib := range []byte{b[n] >> 4, b[n] & 15} {
			switch {
			case nib <= 9:
				s = append(s, '0'+nib)
			case nib == 0xa:
				s = append(s, '.')
			case nib == 0xb:
				s = append(s, 'E')
			case nib == 0xc:
				s = append(s, 'E', '-')
			case nib == 0xe:
				s = append(s, '-')
			case nib == 0xf:
				var v float64
				if _, err := fmt.Sscan(string(s), &v); err != nil && len(s) > 0 {
					return 0, 0, fmt.Errorf("bad real %q", s)
				}
				return v, n + 1, nil
			default:
				return 0, 0, errors.New("bad real nibble")
			}
		}
	}
	return 0, 0, errors.New("unterminated real")
}

// readCharset reads charset format 0, 1 or 2 for n glyphs: per glyph its
// SID or CID (.notdef 0).
func readCharset(b []byte, n int) ([]uint16, error) {
	if len(b) < 1 {
		return nil, errors.New("truncated")
	}
	cs := make([]uint16, 1, n)
	format, p := b[0], 1
	for len(cs) < n {
		switch format {
		case 0:
			if p+2 > len(b) {
				return nil, errors.New("truncated")
			}
			cs = append(cs, binary.BigEndian.Uint16(b[p:]))
			p += 2
		case 1, 2:
			size := 3
			if format == 2 {
				size = 4
			}
			if p+size > len(b) {
				return nil, errors.New("truncated")
			}
			first := int(binary.BigEndian.Uint16(b[p:]))
			left := int(b[p+2])
			if format == 2 {
				left = int(binary.BigEndian.Uint16(b[p+2:]))
			}
			p += size
			for v := first; v <= first+left && len(cs) < n; v++ {
				cs = append(cs, uint16(v))
			}
		default:
			return nil, fmt.Errorf("format %d", format)
		}
	}
	return cs, nil
}

// readFDSelect reads FDSelect format 0 or 3 for n glyphs and nfd Font DICTs.
func readFDSelect(b []byte, n, nfd int) ([]uint8, error) {
	if len(b) < 1 {
		return nil, errors.New("truncated")
	}
	sel := make([]uint8, n)
	switch b[0] {
	case 0:
		if len(b) < 1+n {
			return nil, errors.New("truncated")
		}
		copy(sel, b[1:1+n])
	case 3:
		if len(b) < 3 {
			return nil, errors.New("truncated")
		}
		nr := int(binary.BigEndian.Uint16(b[1:]))
		if nr == 0 || len(b) < 3+3*nr+2 {
			return nil, errors.New("truncated ranges")
		}
		for i := range nr {
			r := b[3+3*i:]
			first, fd := int(binary.BigEndian.Uint16(r)), r[2]
			end := int(binary.BigEndian.Uint16(r[3:])) // next range's first, or the sentinel
			if i == 0 && first != 0 || end < first || end > n {
				return nil, fmt.Errorf("range %d: glyphs %d–%d of %d", i, first, end, n)
			}
			for g := first; g < end; g++ {
				sel[g] = fd
			}
		}
		if int(binary.BigEndian.Uint16(b[3+3*nr:])) != n {
			return nil, errors.New("sentinel is not the glyph count")
		}
	default:
		return nil, fmt.Errorf("format %d", b[0])
	}
	for g, fd := range sel {
		if int(fd) >= nfd {
			return nil, fmt.Errorf("glyph %d: Font DICT %d of %d", g, fd, nfd)
		}
	}
	return sel, nil
}

func subrBias(n int) int {
	switch {
	case n < 1240:
		return 107
	case n < 33900:
		return 1131
	}
	return 32768
}

// csScan interprets Type 2 charstrings far enough to find the subroutines
// they call (which needs the operand stack, and the stem count to skip
// hintmask bytes) and whether they draw.
type csScan struct {
	c      *CFF
	local  [][]byte
	fd     int // the glyph's Font DICT
	gUsed  []bool
	lUsed  []bool
	stack  []float64
	nStems int
	ops    int
	draws  bool
	done   bool // endchar

	// Where each subroutine call takes its number from, per charstring or
	// subroutine, for renumbering the kept subroutines; fixed false when
	// some call's number is not a literal right before it.
	patches   map[body]map[int]callSite
	literalOK bool
	numStart  int // the last number's bytes in the current charstring
	numEnd    int
}

// body names a charstring: glyph idx ('c'), global subroutine idx ('g'),
// or local subroutine idx of Font DICT fd ('l').
type body struct {
	kind    byte
	fd, idx int
}

// callSite is the number operand (bytes start..end) of a subroutine call.
type callSite struct {
	start, end int
	global     bool
	subr       int // the called subroutine's index (bias added)
}

// glyph scans glyph g's charstring.
func (s *csScan) glyph(g int) error {
	s.stack, s.nStems, s.ops, s.draws, s.done = s.stack[:0], 0, 0, false, false
	s.local, s.fd = nil, 0
	if s.c.fdSelect != nil {
		s.fd = int(s.c.fdSelect[g])
	}
	if s.fd < len(s.c.fds) {
		s.local = s.c.fds[s.fd].subrs
	}
	return s.run(s.c.glyphs[g], 0, body{'c', 0, g})
}

func (s *csScan) run(cs []byte, depth int, key body) error {
	if depth > maxSubrDepth {
		return errors.New("subroutines nested too deep")
	}
	s.numStart, s.numEnd = -1, -1
	for i := 0; i < len(cs) && !s.done; {
		b := cs[i]
		if b >= 28 && b != 29 && b != 30 && b != 31 {
			s.numStart = i
		}
		switch {
		case b == 28:
			if i+3 > len(cs) {
				return errors.New("truncated number")
			}
			s.push(float64(int16(binary.BigEndian.Uint16(cs[i+1:]))))
			i += 3
			continue
		case b >= 32 && b <= 246:
			s.push(float64(int(b) - 139))
			i++
			continue
		case b >= 247 && b <= 250:
			if i+2 > len(cs) {
				return errors.New("truncated number")
			}
			s.push(float64((int(b)-247)*256 + int(cs[i+1]) + 108))
			i += 2
			continue
		case b >= 251 && b <= 254:
			if i+2 > len(cs) {
				return errors.New("truncated number")
			}
			s.push(float64(-(int(b)-251)*256 - int(cs[i+1]) - 108))
			i += 2
			continue
		case b == 255:
			if i+5 > len(cs) {
				return errors.New("truncated number")
			}
			s.push(float64(int32(binary.BigEndian.Uint32(cs[i+1:]))) / 65536)
			i += 5
			continue
		}
		// An operator.
		if s.ops++; s.ops > maxScanOps {
			return errors.New("charstring too long")
		}
		opAt := i
		i++
		switch b {
		case 1, 3, 18, 23: // hstem, vstem, hstemhm, vstemhm
			s.nStems += len(s.stack) / 2
		case 19, 20: // hintmask, cntrmask: implicit vstem operands first
			s.nStems += len(s.stack) / 2
			i += (s.nStems + 7) / 8
		case 10, 29: // callsubr, callgsubr
			if len(s.stack) == 0 {
				return errors.New("subroutine call without an index")
			}
			subrs, used := s.local, s.lUsed
			if b == 29 {
				subrs, used = s.c.gsubrs, s.gUsed
			}
			v := s.stack[len(s.stack)-1]
			s.stack = s.stack[:len(s.stack)-1]
			k := int(v) + subrBias(len(subrs))
			if v != math.Trunc(v) || k < 0 || k >= len(subrs) {
				return fmt.Errorf("subroutine %v of %d", v, len(subrs))
			}
			if used != nil {
				used[k] = true
			}
			if s.patches != nil {
				if s.numStart >= 0 && s.numStart < opAt && literalLen(cs[s.numStart]) == opAt-s.numStart {
					m := s.patches[key]
					if m == nil {
						m = map[int]callSite{}
						s.patches[key] = m
					}
					m[s.numStart] = callSite{s.numStart, opAt, b == 29, k}
				} else {
					s.literalOK = false
				}
			}
			callee := body{'g', 0, k}
			if b == 10 {
				callee = body{'l', s.fd, k}
			}
			if err := s.run(subrs[k], depth+1, callee); err != nil {
				return err
			}
			s.numStart = -1
			continue // the stack carries over
		case 11: // return
			return nil
		case 14: // endchar
			s.done = true
			if len(s.stack) >= 4 {
				return errors.New("an accented glyph built with seac (endchar with 4 operands), which a CID-keyed CFF cannot hold")
			}
		case 4, 21, 22: // moveto
		case 12:
			if i >= len(cs) {
				return errors.New("truncated operator")
			}
			if e := cs[i]; e >= 34 && e <= 37 { // flex
				s.draws = true
			}
			i++
		default:
			if b == 5 || b == 6 || b == 7 || b == 8 || b == 24 || b == 25 || b == 26 || b == 27 || b == 30 || b == 31 {
				s.draws = true
			}
		}
		s.stack = s.stack[:0]
	}
	return nil
}

// literalLen is the length of the number whose first byte is b.
func literalLen(b byte) int {
	switch {
	case b == 28:
		return 3
	case b >= 32 && b <= 246:
		return 1
	case b >= 247 && b <= 254:
		return 2
	case b == 255:
		return 5
	}
	return 0
}

// appendT2Int appends v as a Type 2 charstring integer.
func appendT2Int(b []byte, v int) []byte {
	switch {
	case v >= -107 && v <= 107:
		return append(b, byte(v+139))
	case v >= 108 && v <= 1131:
		v -= 108
		return append(b, byte(v>>8+247), byte(v))
	case v >= -1131 && v <= -108:
		v = -v - 108
		return append(b, byte(v>>8+251), byte(v))
	}
	return append(b, 28, byte(v>>8), byte(v))
}

// patch returns cs with each call's number replaced by the new number of
// the subroutine it calls (gNew, lNew: old index → new, with the new
// INDEXes' biases gBias, lBias).
func patch(cs []byte, sites map[int]callSite, gNew, lNew []int, gBias, lBias int) []byte {
	if len(sites) == 0 {
		return cs
	}
	starts := make([]int, 0, len(sites))
	for k := range sites {
		starts = append(starts, k)
	}
	slices.Sort(starts)
	out := make([]byte, 0, len(cs)+2*len(sites))
	pos := 0
	for _, st := range starts {
		c := sites[st]
		out = append(out, cs[pos:c.start]...)
		if c.global {
			out = appendT2Int(out, gNew[c.subr]-gBias)
		} else {
			out = appendT2Int(out, lNew[c.subr]-lBias)
		}
		pos = c.end
	}
	return append(out, cs[pos:]...)
}

func (s *csScan) push(v float64) {
	if len(s.stack) < 513 {
		s.stack = append(s.stack, v)
	}
}

// blankGlyphs reports per glyph whether its charstring draws nothing,
// looking at the charstring alone: a glyph that calls a subroutine counts
// as drawing (a cheap test, for every glyph of a face when it is loaded).
func (c *CFF) blankGlyphs() []bool {
	blank := make([]bool, len(c.glyphs))
	for g, cs := range c.glyphs {
		blank[g] = !drawsOrCalls(cs)
	}
	return blank
}

func drawsOrCalls(cs []byte) bool {
	for i := 0; i < len(cs); {
		b := cs[i]
		switch {
		case b == 28:
			i += 3
		case b >= 32 && b <= 254:
			if b >= 247 {
				i += 2
			} else {
				i++
			}
		case b == 255:
			i += 5
		case b == 14 || b == 11:
			return false
		case b == 19 || b == 20:
			return true // hint masks: their length needs the stem count; a glyph with hints has an outline
		case b == 1 || b == 3 || b == 18 || b == 23 || b == 4 || b == 21 || b == 22:
			i++
		default:
			return true
		}
	}
	return false
}

// Subset writes a CID-keyed CFF of the glyphs use gives: CID k is drawn
// with glyph use[k]'s charstring (and Font DICT). Its glyphs are .notdef
// then the CIDs in ascending order, and its charset maps each to its CID,
// so a PDF that codes text by CID (Identity-H) reaches each glyph while the
// subset holds nothing else: the CIDs are the codes gopdf wrote (the
// glyph indexes of this font), the ROS Adobe-Identity-0, CIDCount the
// highest CID + 1. Subroutines no kept glyph calls are emptied (their
// numbers kept), unused Font DICTs dropped. Every offset is written as a
// 5-byte integer.
func (c *CFF) Subset(use map[int]int) ([]byte, error) { return c.subset(use, true) }

// subset is Subset; without renumber, unused subroutines are always
// emptied in place (what Subset falls back to).
func (c *CFF) subset(use map[int]int, renumberOK bool) ([]byte, error) {
	cids := make([]int, 0, len(use)+1)
	cids = append(cids, 0)
	for k, g := range use {
		if k < 0 || k > maxCFFGlyphs-1 || g < 0 || g >= len(c.glyphs) {
			return nil, fmt.Errorf("glyph %d for CID %d out of range (%d glyphs)", g, k, len(c.glyphs))
		}
		if k != 0 {
			cids = append(cids, k)
		}
	}
	slices.Sort(cids[1:])
	src := func(i int) int { // source glyph of subset glyph i
		if i == 0 {
			return 0
		}
		return use[cids[i]]
	}
	n := len(cids)
	// Font DICTs in order of first use; the subroutines the glyphs call.
	fdOf := func(g int) int {
		if c.fdSelect != nil {
			return int(c.fdSelect[g])
		}
		return 0
	}
	newFD := make([]int, len(c.fds))
	for i := range newFD {
		newFD[i] = -1
	}
	var fdOrder []int
	s := &csScan{c: c, gUsed: make([]bool, len(c.gsubrs)), patches: map[body]map[int]callSite{}, literalOK: true}
	lUsed := make([][]bool, len(c.fds))
	glyphs := make([][]byte, n)
	fdSel := make([]uint8, n)
	for i := range n {
		g := src(i)
		fd := fdOf(g)
		if newFD[fd] < 0 {
			newFD[fd] = len(fdOrder)
			fdOrder = append(fdOrder, fd)
			lUsed[fd] = make([]bool, len(c.fds[fd].subrs))
		}
		s.lUsed = lUsed[fd]
		if err := s.glyph(g); err != nil {
			return nil, fmt.Errorf("glyph %d: %w", g, err)
		}
		glyphs[i] = c.glyphs[g]
		fdSel[i] = uint8(newFD[fd])
	}
	// The kept subroutines are renumbered when every call takes its number
	// from a literal right before it (and no global subroutine calls a
	// local one for glyphs of several Font DICTs): the INDEXes hold only
	// them. Else unused subroutines are emptied in place.
	renumber := s.literalOK && renumberOK
	if renumber && len(fdOrder) > 1 {
		for k, sites := range s.patches {
			for _, c := range sites {
				if k.kind == 'g' && !c.global {
					renumber = false
				}
			}
		}
	}
	newIndex := func(used []bool) ([]int, int) {
		m, n := make([]int, len(used)), 0
		for i, u := range used {
			m[i] = -1
			if u {
				m[i], n = n, n+1
			}
		}
		return m, subrBias(n)
	}
	gNew, gBias := newIndex(s.gUsed)
	lNew := make([][]int, len(c.fds))
	lBias := make([]int, len(c.fds))
	for _, fd := range fdOrder {
		lNew[fd], lBias[fd] = newIndex(lUsed[fd])
	}
	if renumber {
		for i := range glyphs {
			fd := fdOf(src(i))
			glyphs[i] = patch(glyphs[i], s.patches[body{'c', 0, src(i)}], gNew, lNew[fd], gBias, lBias[fd])
		}
	}
	ret := []byte{11}
	// keep returns the subroutines INDEX entries: kind 'g' or 'l' of fd.
	keep := func(subrs [][]byte, used []bool, kind byte, fd int) [][]byte {
		var out [][]byte
		for i := range subrs {
			switch {
			case !renumber && used[i]:
				out = append(out, subrs[i])
			case !renumber:
				out = append(out, ret)
			case used[i]:
				lm, lb := lNew[fd], lBias[fd]
				if kind == 'g' && len(fdOrder) > 0 {
					lm, lb = lNew[fdOrder[0]], lBias[fdOrder[0]] // only when no global calls a local subroutine, or one Font DICT
				}
				out = append(out, patch(subrs[i], s.patches[body{kind, fd, i}], gNew, lm, gBias, lb))
			}
		}
		return out
	}

	// Layout: header, Name, Top DICT, String, Global Subr INDEXes, then
	// charset, FDSelect, CharStrings, FDArray, and the Private DICTs each
	// followed by its Subrs. The Top DICT's size is fixed (5-byte offsets).
	strs := [][]byte{[]byte("Adobe"), []byte("Identity")}
	var top []byte
	top = appendInt(top, 391) // SIDs of strs
	top = appendInt(top, 392)
	top = appendInt(top, 0)
	top = append(top, 12, 30) // ROS
	for _, e := range c.top {
		switch e.op {
		case 5, 1201, 1202, 1203, 1204, 1205, 1207, 1208, 13: // FontBBox, isFixedPitch, ItalicAngle, Underline…, PaintType, FontMatrix, StrokeWidth, UniqueID
			top = append(top, e.raw...)
		}
	}
	top = appendInt(top, cids[n-1]+1)
	top = append(top, 12, 34)                          // CIDCount
	topLen := len(top) + 5 + 1 + 5 + 2 + 5 + 1 + 5 + 2 // charset, FDSelect, CharStrings, FDArray

	out := []byte{1, 0, 4, cffOffsetBytes}
	out = appendIndex(out, [][]byte{c.name})
	out = appendIndex(out, [][]byte{make([]byte, topLen)}) // placeholder
	topAt := len(out) - topLen
	out = appendIndex(out, strs)
	out = appendIndex(out, keep(c.gsubrs, s.gUsed, 'g', 0))

	charsetAt := len(out)
	out = append(out, 0) // format 0: the CID of each glyph after .notdef
	for _, cid := range cids[1:] {
		out = binary.BigEndian.AppendUint16(out, uint16(cid))
	}
	fdSelectAt := len(out)
	out = appendFDSelect(out, fdSel)
	charStringsAt := len(out)
	out = appendIndex(out, glyphs)

	// The Font DICTs (each with a fixed-size Private operator) and their
	// Private DICTs with Subrs right after each.
	fdDicts := make([][]byte, len(fdOrder))
	privs := make([][]byte, len(fdOrder))
	privSizes := make([]int, len(fdOrder))
	for i, old := range fdOrder {
		fd := c.fds[old]
		var priv []byte
		for _, e := range fd.private {
			if e.op != 19 {
				priv = append(priv, e.raw...)
			}
		}
		subrs := keep(fd.subrs, lUsed[old], 'l', old)
		if len(subrs) > 0 {
			priv = appendInt5(priv, len(priv)+6) // Subrs right after this DICT
			priv = append(priv, 19)
		}
		privSizes[i] = len(priv)
		if len(subrs) > 0 {
			priv = appendIndex(priv, subrs)
		}
		privs[i] = priv
		var d []byte
		for _, e := range fd.dict {
			switch e.op {
			case 18, 1238, 0, 1, 2, 3, 4, 1200: // Private (rewritten), FontName and other SIDs
			default:
				d = append(d, e.raw...)
			}
		}
		fdDicts[i] = append(d, make([]byte, 11)...) // Private: two 5-byte integers and operator 18
	}
	fdArrayAt := len(out)
	privAt := fdArrayAt + len(appendIndex(nil, fdDicts))
	for i, d := range fdDicts {
		p := d[:len(d)-11]
		p = appendInt5(p, privSizes[i])
		p = appendInt5(p, privAt)
		fdDicts[i] = append(p, 18)
		privAt += len(privs[i])
	}
	out = appendIndex(out, fdDicts)
	for _, p := range privs {
		out = append(out, p...)
	}

	top = appendInt5(top, charsetAt)
	top = append(top, 15)
	top = appendInt5(top, fdSelectAt)
	top = append(top, 12, 37)
	top = appendInt5(top, charStringsAt)
	top = append(top, 17)
	top = appendInt5(top, fdArrayAt)
	top = append(top, 12, 36)
	if len(top) != topLen {
		return nil, fmt.Errorf("internal error: Top DICT is %d bytes, reserved %d", len(top), topLen)
	}
	copy(out[topAt:], top)
	return out, nil
}

// appendIndex appends an INDEX of items with 4-byte offsets (0-count: 2 bytes).
func appendIndex(b []byte, items [][]byte) []byte {
	b = binary.BigEndian.AppendUint16(b, uint16(len(items)))
	if len(items) == 0 {
		return b
	}
	b = append(b, cffOffsetBytes)
	off := uint32(1)
	b = binary.BigEndian.AppendUint32(b, off)
	for _, it := range items {
		off += uint32(len(it))
		b = binary.BigEndian.AppendUint32(b, off)
	}
	for _, it := range items {
		b = append(b, it...)
	}
	return b
}

// appendFDSelect appends FDSelect format 3.
func appendFDSelect(b []byte, sel []uint8) []byte {
	type rng struct {
		first int
		fd    uint8
	}
	var rs []rng
	for g, fd := range sel {
		if len(rs) == 0 || rs[len(rs)-1].fd != fd {
			rs = append(rs, rng{g, fd})
		}
	}
	b = append(b, 3)
	b = binary.BigEndian.AppendUint16(b, uint16(len(rs)))
	for _, r := range rs {
		b = binary.BigEndian.AppendUint16(b, uint16(r.first))
		b = append(b, r.fd)
	}
	return binary.BigEndian.AppendUint16(b, uint16(len(sel)))
}

// appendInt appends a DICT integer in its shortest form.
func appendInt(b []byte, v int) []byte {
	switch {
	case v >= -107 && v <= 107:
		return append(b, byte(v+139))
	case v >= 108 && v <= 1131:
		v -= 108
		return append(b, byte(v>>8+247), byte(v))
	case v >= -1131 && v <= -108:
		v = -v - 108
		return append(b, byte(v>>8+251), byte(v))
	case v >= -32768 && v <= 32767:
		return append(b, 28, byte(v>>8), byte(v))
	}
	return appendInt5(b, v)
}

// appendInt5 appends a DICT integer as 5 bytes (operator 29).
func appendInt5(b []byte, v int) []byte {
	return binary.BigEndian.AppendUint32(append(b, 29), uint32(int32(v)))
}
