package jpeg

// This file is paiban's, not the Go authors': the reduced inverse DCTs of a
// scaled decode (see Decode).

import (
	"encoding/binary"
	"math"
)

// idctTables[n][x][u] is C(u)/2 · cos((2x+1)uπ / 2n) in units of 2^-idctBits
// (C(0) = 1/√2, else 1), for n = 2 … 7: the n-point inverse DCT of the
// n lowest frequencies of an 8-point DCT samples the band-limited signal
// at the centres of n equal parts of the block (libjpeg's jidctred.c and
// its scaled jidctint.c do the same with other arithmetic).
var idctTables [8][8][8]int64

const idctBits = 13

// lowZigs[n] are the zig-zag indexes of the coefficients a block reduced
// to n×n pixels uses: those of row and column below n; lastZig[n] is the
// largest of them (the coefficients after it are decoded only to be
// skipped: acFast).
var (
	lowZigs [9][]int
	lastZig [9]int32
)

// ones is the table acFast multiplies a progressive scan's coefficients
// by.
var ones = func() (b block) {
	for i := range b {
		b[i] = 1
	}
	return b
}()

// skipUnused lets tests compare decoding with the unused coefficients
// skipped and stored.
var skipUnused = true

// skipAfter is the last coefficient of a block the decoder stores: for a
// reduced sequential decode, the last the reduced transform uses; else all
// (a progressive scan's refinements need to know every coefficient that is
// not 0).
func (d *decoder) skipAfter() int32 {
	if d.progressive || d.scale < 1 || d.scale > 8 || !skipUnused {
		return blockSize - 1
	}
	return lastZig[d.scale]
}

func init() {
	for n := 1; n <= 8; n++ {
		for zig, nat := range unzig {
			if nat%8 < n && nat/8 < n {
				lowZigs[n] = append(lowZigs[n], zig)
				lastZig[n] = int32(zig)
			}
		}
	}
	for n := 2; n < 8; n++ {
		for x := range n {
			for u := range n {
				c := 0.5
				if u == 0 {
					c = 0.5 / math.Sqrt2
				}
				v := c * math.Cos(float64(2*x+1)*float64(u)*math.Pi/float64(2*n))
				idctTables[n][x][u] = int64(math.Round(v * (1 << idctBits)))
			}
		}
	}
}

// idctN is the inverse DCT of a block reduced to n×n pixels (n = 2 … 7)
// from its n×n lowest frequencies: rows then columns with idctTables[n],
// the result (level-shifted by −128 like idct's) in b[8y+x] for x, y < n.
// Samples x and n−1−x share the products of each frequency (the cosines
// of even frequencies are equal there, those of odd ones opposite, in the
// rounded table too), so half the multiplications give the same sums as
// the plain loops (tested). Integer arithmetic only, so the pixels are the
// same on every machine; idct2 … idct6 are it unrolled (7/8 is never chosen
// for a photo: raster.reduction).
func idctN(b *block, n int) {
	n &= 7
	t := &idctTables[n]
	var tmp [8][8]int64 // [v][x]: rows transformed
	for v := range n {
		r := b[8*v : 8*v+8 : 8*v+8]
		for x := range (n + 1) / 2 {
			tx := &t[x]
			var e, o int64
			for u := 0; u < n; u += 2 {
				e += tx[u] * int64(r[u])
			}
			for u := 1; u < n; u += 2 {
				o += tx[u] * int64(r[u])
			}
			tmp[v][x], tmp[v][(n-1-x)&7] = e+o, e-o
		}
	}
	const round = 1 << (2*idctBits - 1)
	for x := range n {
		for y := range (n + 1) / 2 {
			ty := &t[y]
			var e, o int64
			for v := 0; v < n; v += 2 {
				e += ty[v] * tmp[v][x]
			}
			for v := 1; v < n; v += 2 {
				o += ty[v] * tmp[v][x]
			}
			b[8*y+x] = int32((e + o + round) >> (2 * idctBits))
			b[(8*(n-1-y)+x)&63] = int32((e - o + round) >> (2 * idctBits))
		}
	}
}

// fastBits is the number of bits huffman.fast is indexed by.
const fastBits = 10

// The kinds of huffman.fast entries (bits 5 and 6).
const (
	fastMiss  = 0 // a code longer than fastBits: decodeHuffman
	fastValue = 1 // the value in bits 16 and up (signed), zero run in 8 … 11
	fastExtra = 2 // the code only: zero run in 8 … 11, size of the extra bits in 12 … 15
	fastEnd   = 3 // end of block (zero run 0) or 16 zeros (zero run 15)
)

// FastTable is a Huffman table's fast look-up (huffman.fast), indexed by
// the next FastBits bits of a scan: an entry's kind in bits 5 and 6
// (FastMiss, FastValue, FastExtra, FastEnd, see fastMiss …), the bits it
// takes in bits 0 … 4. The validator (raster/validate.go) walks scans with
// the decoder's table.
type FastTable [1 << fastBits]int32

// The fast table's index size and kinds, for the validator.
const (
	FastBits  = fastBits
	FastMiss  = fastMiss
	FastValue = fastValue
	FastExtra = fastExtra
	FastEnd   = fastEnd
)

// Init sets the table: for every code no longer than fastBits, the
// entries starting with it say what it decodes to (its kind, see above)
// and, in bits 0 … 4, the bits it takes (with its extra bits for
// fastValue). A DC table's codes are all fastValue (their extra bits
// fitting) or fastMiss; an AC table's end-of-band runs of progressive
// scans are fastMiss. nCodes[i] is the number of codes of length i+1,
// vals their values in code order.
func (t *FastTable) Init(nCodes *[maxCodeLength]int32, vals []uint8, ac bool) {
	clear(t[:])
	code, x := int32(0), int32(0)
	for i := range maxCodeLength {
		length := int32(i + 1)
		for range nCodes[i] {
			v := vals[x]
			run, size := int32(v>>4), int32(v&15)
			if !ac {
				run = 0
			}
			fill := func(prefix, bits, f int32) {
				prefix <<= fastBits - bits
				for k := range int32(1) << (fastBits - bits) {
					t[prefix|k] = f
				}
			}
			switch {
			case code >= 1<<length || length > fastBits:
			case size == 0 && !ac:
				fill(code, length, fastValue<<5|length) // a DC difference of 0
			case size == 0 && (run == 0 || run == 15):
				fill(code, length, run<<8|fastEnd<<5|length)
			case size == 0: // progressive EOBn
			case length+size <= fastBits:
				for extra := range int32(1) << size {
					val := extra
					if extra < 1<<(size-1) {
						val += -1<<size + 1
					}
					fill(code<<size|extra, length+size, val<<16|run<<8|fastValue<<5|(length+size))
				}
			case ac:
				fill(code, length, size<<12|run<<8|fastExtra<<5|length)
			}
			code++
			x++
		}
		code <<= 1
	}
}

// SkipTable is what skipping an AC code needs of each FastTable entry,
// without telling the kinds apart: the bits the code takes with its extra
// bits (bits 0 … 4), how many coefficients it moves on (bits 5 … 11: the
// zero run and the coefficient, 16 for a run of 16 zeros, 64 for the end
// of the block), SkipValue when it places a coefficient, SkipEnd for the
// end of the block; 0 for a code left to the slow path. The decoder skips
// the coefficients a reduced block does not use with it (acFast), the
// validator (raster/validate.go) walks the whole scan with it.
type SkipTable [1 << fastBits]uint16

// The flags of a SkipTable entry.
const (
	SkipValue = 1 << 12
	SkipEnd   = 1 << 13
)

// Skip sets s from the AC table t.
func (t *FastTable) Skip(s *SkipTable) {
	for i, f := range t {
		l, run := uint16(f&31), uint16(f>>8&15)
		switch f >> 5 & 3 {
		case fastValue:
			s[i] = l | (run+1)<<5 | SkipValue
		case fastExtra:
			if size := uint16(f >> 12 & 15); size <= 10 { // longer: the slow path says it is bad
				s[i] = (l + size) | (run+1)<<5 | SkipValue
			}
		case fastEnd:
			if run == 0 {
				s[i] = l | 64<<5 | SkipEnd
			} else {
				s[i] = l | 16<<5
			}
		default:
			s[i] = 0
		}
	}
}

// acFast decodes a block's AC coefficients from zig on while the codes are
// in the fast table and the bits in the buffer; it returns the next
// coefficient, or zigEnd+1 when the block is done (end of block, or its
// last coefficient). Where it stops short, one code is left to
// decodeHuffman (a long code, an end-of-band run, a marker near). The bits
// are held in a local, left-aligned (the next bit is the top one: a table
// index is one shift, a code taken one more), and refilled from the byte
// buffer as fillBits does; d.bits is right-aligned again on return.
//
// Called with zig 0, it first decodes the DC difference with dcTab, adding
// it to *pred; it returns 0 when that code is not in dcTab's fast table.
// Each coefficient is stored multiplied by q's (zig-zag order): the
// quantisation table of a sequential scan (dequantised as decoded, so
// only the coefficients there are cost a multiplication), ones for a
// progressive one (refined later, dequantised by reconstructBlock).
func (d *decoder) acFast(b *block, q *block, dcTab *huffman, pred *int32, h *huffman, zig, zigEnd int32, al uint32) int32 {
	n := d.bits.n
	acc := d.bits.a << uint32(64-n) // 0 when n is 0
	buf := &d.bytes.buf
	i, j, last := d.bytes.i, d.bytes.j, 0
	skipAfter := d.skip
	for zig <= zigEnd {
		if n < 32 {
			// four bytes at once when none is 0xff (a stuffed byte or a
			// marker), else one at a time
			if i+4 <= j {
				w := binary.BigEndian.Uint32(buf[i:j])
				if x := ^w; (x-0x01010101)&^x&0x80808080 == 0 {
					acc |= uint64(w) << uint32(32-n)
					n += 32
					i += 4
					last = 1
				}
			}
			for n <= 56 && i+2 <= j {
				c := buf[i&(len(buf)-1)]
				if c != 0xff {
					i++
					last = 1
				} else if buf[(i+1)&(len(buf)-1)] == 0x00 {
					i += 2
					last = 2
				} else {
					break // a marker
				}
				acc |= uint64(c) << uint32(56-n)
				n += 8
			}
			if n < 26 { // the longest code and extra bits fastExtra takes
				break
			}
		}
		if zig == 0 {
			f := dcTab.fast[acc>>(64-fastBits)]
			if f>>5&3 != fastValue {
				break
			}
			acc <<= uint32(f & 31)
			n -= f & 31
			*pred += f >> 16
			b[0] = (*pred << al) * q[0]
			zig = 1
			continue
		}
		if zig > skipAfter {
			// a coefficient the reduced block does not use: its code and
			// extra bits skipped, with no branch on what the code is
			e := int32(h.skip[acc>>(64-fastBits)])
			if e == 0 || e&SkipEnd == 0 && zig+e>>5&127 > zigEnd+1 {
				break // the slow path: a long code, or damaged data
			}
			acc <<= uint32(e & 31)
			n -= e & 31
			zig = min(zig+e>>5&127, zigEnd+1)
			continue
		}
		f := h.fast[acc>>(64-fastBits)]
		z := zig + (f>>8)&15
		if z > zigEnd {
			break // damaged data: as decodeHuffman's path does
		}
		l := uint32(f & 31)
		acc <<= l
		n -= int32(l)
		switch f >> 5 & 3 {
		case fastValue:
			b[unzig[z&63]&63] = ((f >> 16) << al) * q[z&63]
			zig = z + 1
			continue
		case fastExtra:
			size := uint32(f>>12) & 15
			v := int32(acc >> (64 - size))
			acc <<= size
			n -= int32(size)
			v += (v - 1<<(size-1)) >> 31 & (-1<<size + 1) // extended without a branch
			b[unzig[z&63]&63] = (v << al) * q[z&63]
			zig = z + 1
			continue
		case fastEnd:
			if z == zig { // end of block
				zig = zigEnd + 1
			} else {
				zig = z + 1
			}
			continue
		}
		// not in the table: undo the shift (l is 0 for fastMiss)
		break
	}
	if last != 0 {
		d.bytes.i, d.bytes.nUnreadable = i, last
	}
	d.bits.a, d.bits.n, d.bits.m = acc>>uint32(64-n), n, 0
	if n > 0 {
		d.bits.m = 1 << (n - 1)
	}
	return zig
}

// fillBits puts whole bytes into d.bits, up to 56 bits, while the buffer
// holds them before a marker: ensureNBits's fast path, which reads nothing
// else and never fails (the slow path reads the rest and reports errors).
func (d *decoder) fillBits() {
	i, j := d.bytes.i, d.bytes.j
	buf := &d.bytes.buf
	a, nb := d.bits.a, d.bits.n
	last := 0
	for nb <= 56 && i+2 <= j {
		c := buf[i]
		if c != 0xff {
			i++
			last = 1
		} else if buf[i+1] == 0x00 {
			i += 2
			last = 2
		} else {
			break // a marker
		}
		a = a<<8 | uint64(c)
		nb += 8
	}
	if last != 0 {
		d.bytes.i, d.bytes.nUnreadable = i, last
		d.bits.a, d.bits.n, d.bits.m = a, nb, 1<<(nb-1)
	}
}

// idct2 is the inverse DCT of a block reduced to 2×2 pixels: its 2×2
// lowest frequencies, rows then columns with idctTables[2], the result
// (level-shifted by −128 like idct's) in b[0], b[1], b[8], b[9]. Integer
// arithmetic only, so the pixels are the same on every machine.
func idct2(b *block) {
	t := &idctTables[2]
	c00, c01, c10, c11 := t[0][0], t[0][1], t[1][0], t[1][1]
	b0, b1, b8, b9 := int64(b[0]), int64(b[1]), int64(b[8]), int64(b[9])
	r00, r01 := c00*b0+c01*b1, c10*b0+c11*b1 // row 0 across
	r10, r11 := c00*b8+c01*b9, c10*b8+c11*b9 // row 1 across
	const round = 1 << (2*idctBits - 1)
	b[0] = int32((c00*r00 + c01*r10 + round) >> (2 * idctBits))
	b[1] = int32((c00*r01 + c01*r11 + round) >> (2 * idctBits))
	b[8] = int32((c10*r00 + c11*r10 + round) >> (2 * idctBits))
	b[9] = int32((c10*r01 + c11*r11 + round) >> (2 * idctBits))
}

// idct4 is idct2 for 4×4 pixels, with the symmetry of the cosines
// (x and 3−x: even frequencies equal, odd ones opposite) halving the
// multiplications; the same results as the general loop (tested).
func idct4(b *block) {
	t := &idctTables[4]
	c00, c01, c02, c03 := t[0][0], t[0][1], t[0][2], t[0][3]
	c11, c13 := t[1][1], t[1][3]
	c12 := t[1][2]
	var tmp [4][4]int64
	for v := range 4 {
		r := b[8*v:]
		b0, b1, b2, b3 := int64(r[0]), int64(r[1]), int64(r[2]), int64(r[3])
		e0, e1 := c00*b0+c02*b2, c00*b0+c12*b2
		o0, o1 := c01*b1+c03*b3, c11*b1+c13*b3
		tmp[v] = [4]int64{e0 + o0, e1 + o1, e1 - o1, e0 - o0}
	}
	const round = 1 << (2*idctBits - 1)
	for x := range 4 {
		b0, b1, b2, b3 := tmp[0][x], tmp[1][x], tmp[2][x], tmp[3][x]
		e0, e1 := c00*b0+c02*b2, c00*b0+c12*b2
		o0, o1 := c01*b1+c03*b3, c11*b1+c13*b3
		b[x] = int32((e0 + o0 + round) >> (2 * idctBits))
		b[8+x] = int32((e1 + o1 + round) >> (2 * idctBits))
		b[16+x] = int32((e1 - o1 + round) >> (2 * idctBits))
		b[24+x] = int32((e0 - o0 + round) >> (2 * idctBits))
	}
}

// idct3 is idctN for 3×3 pixels, unrolled: samples 0 and 2 share the
// products (as idct4's), and the middle one has no odd frequencies (their
// cosines are 0 there, in the rounded table too); the same results as the
// general loop (tested).
func idct3(b *block) {
	t := &idctTables[3]
	c00, c01, c02 := t[0][0], t[0][1], t[0][2]
	c12 := t[1][2]
	var tmp [3][3]int64
	for v := range 3 {
		r := b[8*v : 8*v+3 : 8*v+3]
		b0, b1, b2 := int64(r[0]), int64(r[1]), int64(r[2])
		e0, o0 := c00*b0+c02*b2, c01*b1
		tmp[v] = [3]int64{e0 + o0, c00*b0 + c12*b2, e0 - o0}
	}
	const round = 1 << (2*idctBits - 1)
	for x := range 3 {
		b0, b1, b2 := tmp[0][x], tmp[1][x], tmp[2][x]
		e0, o0 := c00*b0+c02*b2, c01*b1
		b[x] = int32((e0 + o0 + round) >> (2 * idctBits))
		b[8+x] = int32((c00*b0 + c12*b2 + round) >> (2 * idctBits))
		b[16+x] = int32((e0 - o0 + round) >> (2 * idctBits))
	}
}

// idct5 is idct3 for 5×5 pixels: samples 0 and 4, 1 and 3 share the
// products, the middle one has no odd frequencies.
func idct5(b *block) {
	t := &idctTables[5]
	c00, c01, c02, c03, c04 := t[0][0], t[0][1], t[0][2], t[0][3], t[0][4]
	c11, c12, c13, c14 := t[1][1], t[1][2], t[1][3], t[1][4]
	c22, c24 := t[2][2], t[2][4]
	var tmp [5][5]int64
	for v := range 5 {
		r := b[8*v : 8*v+5 : 8*v+5]
		b0, b1, b2, b3, b4 := int64(r[0]), int64(r[1]), int64(r[2]), int64(r[3]), int64(r[4])
		d := c00 * b0
		e0, o0 := d+c02*b2+c04*b4, c01*b1+c03*b3
		e1, o1 := d+c12*b2+c14*b4, c11*b1+c13*b3
		tmp[v] = [5]int64{e0 + o0, e1 + o1, d + c22*b2 + c24*b4, e1 - o1, e0 - o0}
	}
	const round = 1 << (2*idctBits - 1)
	for x := range 5 {
		b0, b1, b2, b3, b4 := tmp[0][x], tmp[1][x], tmp[2][x], tmp[3][x], tmp[4][x]
		d := c00 * b0
		e0, o0 := d+c02*b2+c04*b4, c01*b1+c03*b3
		e1, o1 := d+c12*b2+c14*b4, c11*b1+c13*b3
		b[x] = int32((e0 + o0 + round) >> (2 * idctBits))
		b[8+x] = int32((e1 + o1 + round) >> (2 * idctBits))
		b[16+x] = int32((d + c22*b2 + c24*b4 + round) >> (2 * idctBits))
		b[24+x] = int32((e1 - o1 + round) >> (2 * idctBits))
		b[32+x] = int32((e0 - o0 + round) >> (2 * idctBits))
	}
}

// idct6 is idct4 for 6×6 pixels: samples x and 5−x share the products.
func idct6(b *block) {
	t := &idctTables[6]
	c00, c01, c02, c03, c04, c05 := t[0][0], t[0][1], t[0][2], t[0][3], t[0][4], t[0][5]
	c11, c12, c13, c14, c15 := t[1][1], t[1][2], t[1][3], t[1][4], t[1][5]
	c21, c22, c23, c24, c25 := t[2][1], t[2][2], t[2][3], t[2][4], t[2][5]
	var tmp [6][6]int64
	for v := range 6 {
		r := b[8*v : 8*v+6 : 8*v+6]
		b0, b1, b2, b3, b4, b5 := int64(r[0]), int64(r[1]), int64(r[2]), int64(r[3]), int64(r[4]), int64(r[5])
		d := c00 * b0
		e0, o0 := d+c02*b2+c04*b4, c01*b1+c03*b3+c05*b5
		e1, o1 := d+c12*b2+c14*b4, c11*b1+c13*b3+c15*b5
		e2, o2 := d+c22*b2+c24*b4, c21*b1+c23*b3+c25*b5
		tmp[v] = [6]int64{e0 + o0, e1 + o1, e2 + o2, e2 - o2, e1 - o1, e0 - o0}
	}
	const round = 1 << (2*idctBits - 1)
	for x := range 6 {
		b0, b1, b2, b3, b4, b5 := tmp[0][x], tmp[1][x], tmp[2][x], tmp[3][x], tmp[4][x], tmp[5][x]
		d := c00 * b0
		e0, o0 := d+c02*b2+c04*b4, c01*b1+c03*b3+c05*b5
		e1, o1 := d+c12*b2+c14*b4, c11*b1+c13*b3+c15*b5
		e2, o2 := d+c22*b2+c24*b4, c21*b1+c23*b3+c25*b5
		b[x] = int32((e0 + o0 + round) >> (2 * idctBits))
		b[8+x] = int32((e1 + o1 + round) >> (2 * idctBits))
		b[16+x] = int32((e2 + o2 + round) >> (2 * idctBits))
		b[24+x] = int32((e2 - o2 + round) >> (2 * idctBits))
		b[32+x] = int32((e1 - o1 + round) >> (2 * idctBits))
		b[40+x] = int32((e0 - o0 + round) >> (2 * idctBits))
	}
}
