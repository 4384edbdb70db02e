package raster

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // the decoders Validate falls back on
	_ "image/png"
	"slices"
	"strings"

	"github.com/paiban/paiban/raster/internal/jpeg"
)

// Validate reports whether an image file that goes into the PDF as it is
// can be decoded, so that a damaged file is refused instead of printing as
// a blank or garbled page. A baseline JPEG (nearly every print JPEG) is
// checked by walking its entropy-coded data, which costs a fraction of a
// full decode (no inverse DCT, no colour conversion) and is stricter than
// image/jpeg: every scan must hold exactly the blocks the frame header
// asks for, so a patched frame header (a size smaller than the data) and
// corrupt scan data are both caught. Other files (progressive JPEG, PNG)
// are decoded in full with the standard library.
func Validate(data []byte) error {
	if bytes.HasPrefix(data, []byte{0xFF, 0xD8}) {
		err := checkBaseline(data, nil)
		if err != errNotBaseline {
			return err
		}
	}
	_, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		err = errors.New(strings.TrimPrefix(strings.TrimPrefix(err.Error(), "jpeg: "), "png: "))
	}
	return err
}

// errNotBaseline: checkBaseline does not read this kind of JPEG.
var errNotBaseline = errors.New("not a baseline JPEG")

type jpegComponent struct {
	id, h, v, tq int
	scanned      bool
}

// huffTable is a canonical Huffman table (ITU T.81 F.2.2.3) with a lookup
// of the codes of up to lookBits bits.
type huffTable struct {
	defined bool
	maxCode [17]int32 // largest code of each length, -1 for none
	valPtr  [17]int32 // index in vals of the first code of each length
	minCode [17]int32
	vals    []byte
	look    [1 << lookBits]uint16 // len<<8 | value; 0 when longer
	fast    jpeg.FastTable        // the decoder's: code and extra bits at once
	skip    jpeg.SkipTable        // an AC table's, for skipAC
}

const lookBits = 9

func (t *huffTable) build(counts []byte, vals []byte, ac bool) error {
	t.defined = true
	t.vals = append(t.vals[:0], vals...)
	for i := range t.look {
		t.look[i] = 0
	}
	code, k := int32(0), int32(0)
	for l := 1; l <= 16; l++ {
		n := int32(counts[l-1])
		if code+n > 1<<l { // more codes than bits: not a prefix code
			return errors.New("bad Huffman table")
		}
		t.valPtr[l] = k
		t.minCode[l] = code
		if n == 0 {
			t.maxCode[l] = -1
		} else {
			t.maxCode[l] = code + n - 1
			if l <= lookBits {
				for c := code; c < code+n; c++ {
					v := t.vals[k+c-code]
					shift := lookBits - l
					for x := int32(0); x < 1<<shift; x++ {
						t.look[c<<shift|x] = uint16(l)<<8 | uint16(v)
					}
				}
			}
		}
		k += n
		code += n
		code <<= 1
	}
	var n [16]int32
	for i, c := range counts[:16] {
		n[i] = int32(c)
	}
	t.fast.Init(&n, t.vals, ac)
	if ac {
		t.fast.Skip(&t.skip)
	}
	return nil
}

// bitReader reads the entropy-coded data of a scan: it removes stuffed
// zero bytes and stops at a marker, after which it supplies zero bits and
// counts them, so that reading past the end of the data is detected.
type bitReader struct {
	data   []byte
	pos    int    // next byte to load
	acc    uint64 // bits loaded, the next one highest of the n
	n      int    // number of bits in acc
	fake   int    // zero bits supplied after the marker (the last fake of n)
	marker bool   // pos is at a marker (0xFF, then not 0x00)
}

func (r *bitReader) fill() {
	// four bytes at once when none is 0xFF (a stuffed byte or a marker)
	if r.n <= 32 && !r.marker && r.pos+4 <= len(r.data) {
		w := binary.BigEndian.Uint32(r.data[r.pos:])
		if x := ^w; (x-0x01010101)&^x&0x80808080 == 0 {
			r.acc |= uint64(w) << (32 - r.n)
			r.n += 32
			r.pos += 4
		}
	}
	for r.n <= 56 {
		if !r.marker {
			if r.pos >= len(r.data) {
				r.marker = true // the file ends: treat as a marker
				continue
			}
			b := r.data[r.pos]
			if b == 0xFF {
				if r.pos+1 < len(r.data) && r.data[r.pos+1] == 0x00 {
					r.pos += 2
				} else {
					r.marker = true
					continue
				}
			} else {
				r.pos++
			}
			r.acc |= uint64(b) << (56 - r.n)
			r.n += 8
			continue
		}
		r.n += 8 // zeros
		r.fake += 8
	}
}

// overrun reports whether bits supplied after the marker were consumed.
func (r *bitReader) overrun() bool { return r.fake > r.n }

func (r *bitReader) bits(k int) {
	if r.n < k {
		r.fill()
	}
	r.acc <<= k
	r.n -= k
}

// receive reads k bits as a signed coefficient (ITU T.81 F.2.2.1,
// RECEIVE and EXTEND).
func (r *bitReader) receive(k int) int {
	if k == 0 {
		return 0
	}
	if r.n < k {
		r.fill()
	}
	v := int(r.acc >> (64 - k))
	r.acc <<= k
	r.n -= k
	if v < 1<<(k-1) {
		v += -1<<k + 1
	}
	return v
}

func (r *bitReader) decode(t *huffTable) (byte, error) {
	if r.n < 16 {
		r.fill()
	}
	if e := t.look[r.acc>>(64-lookBits)]; e != 0 {
		l := int(e >> 8)
		r.acc <<= l
		r.n -= l
		return byte(e), nil
	}
	code := int32(0)
	for l := 1; l <= 16; l++ {
		code = code<<1 | int32(r.acc>>63)
		r.acc <<= 1
		r.n--
		if t.maxCode[l] >= 0 && code <= t.maxCode[l] && code >= t.minCode[l] {
			return t.vals[t.valPtr[l]+code-t.minCode[l]], nil
		}
	}
	return 0, errors.New("bad Huffman code in the scan data")
}

// skipAC walks a block's AC codes from coefficient k on while they are in
// the skip table t (jpeg.SkipTable), each code with its extra bits at
// once, the bits in locals, with no branch on what a code is; it returns
// the next coefficient, 64 or more when the block is done, or −1 for a
// coefficient past the block's end. It stops short at a code not in the
// table.
func (r *bitReader) skipAC(t *jpeg.SkipTable, k int) int {
	acc, n := r.acc, r.n
	for k < 64 {
		if n < 26 { // the longest code with its extra bits the table takes
			r.acc, r.n = acc, n
			r.fill()
			acc, n = r.acc, r.n
		}
		e := t[acc>>(64-jpeg.FastBits)]
		if e == 0 {
			break
		}
		acc <<= e & 31
		n -= int(e & 31)
		k += int(e >> 5 & 127)
		if k > 64 && e&jpeg.SkipValue != 0 {
			return -1
		}
	}
	r.acc, r.n = acc, n
	return k
}

// end checks that the data ends at a whole byte (at most 7 padding bits
// left) followed by a marker, and returns the position of the marker.
func (r *bitReader) end() (int, error) {
	if !r.marker {
		r.fill() // up to the marker, if it is near
	}
	if r.overrun() {
		return 0, errors.New("the scan data ends early (a frame header larger than the data, or corrupt data)")
	}
	real := r.n - r.fake
	pos := r.pos
	if !r.marker || real >= 8 {
		return 0, errors.New("extra data after the scan (a frame header smaller than the data, or corrupt data)")
	}
	return pos, nil
}

// jpegDC collects, while checkBaseline walks a JPEG, the mean of every
// 8×8 block of each component (its DC coefficient), in 8-bit sample units:
// block means per component, in the order of the component's blocks. A
// four-component image without subsampling in one interleaved scan (how
// CMYK photos are written) keeps no means: its blocks come as the four
// components of one position at a time, and only the highest ink (inkSum)
// over the positions is kept (streamed), which is what Coverage needs —
// megabytes less for a full-page photo.
type jpegDC struct {
	comps         []jpegComponent
	q0            [4]int       // the DC quantizer of each table
	means         [4][]float32 // by component index
	width, height int

	streamed bool    // means are not kept; best is
	best     float64 // the highest inkSum of a block position
}

// streamDC lets tests compare the streamed coverage with the kept means.
var streamDC = true

// fastWalk lets tests compare the walk through the fast Huffman tables
// (jpeg.FastTable) with the walk code by code.
var fastWalk = true

// inkSum is the ink of one block position of an Adobe CMYK JPEG, whose
// samples are stored inverted (ink = 255 − sample), from the block means
// of its four components.
func inkSum(means [4]float32) float64 {
	sum := 0.0
	for c := range 4 {
		sum += 255 - min(255, max(0, float64(means[c])))
	}
	return sum
}

// checkBaseline walks a baseline JPEG; errNotBaseline for other kinds.
// With dcs, it also records every block's mean (jpegDC).
func checkBaseline(d []byte, dcs *jpegDC) error {
	var (
		comps           []jpegComponent
		width, height   int
		hmax, vmax      int
		dc, ac          [4]huffTable
		quant           [4]bool
		restart         int
		sawFrame, sawEO bool
	)
	p := 2
	for !sawEO {
		// a marker, after any fill bytes
		if p >= len(d) || d[p] != 0xFF {
			return errors.New("no marker where one must be: the file is damaged")
		}
		for p < len(d) && d[p] == 0xFF {
			p++
		}
		if p >= len(d) {
			return errors.New("the file ends early")
		}
		m := d[p]
		p++
		switch {
		case m == 0xD9: // EOI
			sawEO = true
			continue
		case m >= 0xD0 && m <= 0xD7, m == 0x01:
			continue // stray RST or TEM: no segment
		}
		if p+2 > len(d) {
			return errors.New("the file ends early")
		}
		n := int(binary.BigEndian.Uint16(d[p:]))
		if n < 2 || p+n > len(d) {
			return errors.New("a marker segment runs past the end of the file")
		}
		seg := d[p+2 : p+n]
		p += n
		switch m {
		case 0xC0, 0xC1: // baseline, extended sequential Huffman
			if sawFrame {
				return errors.New("two frame headers")
			}
			sawFrame = true
			if len(seg) < 6 || seg[0] != 8 {
				return errNotBaseline // 12-bit: let the decoder say
			}
			height, width = int(binary.BigEndian.Uint16(seg[1:])), int(binary.BigEndian.Uint16(seg[3:]))
			nc := int(seg[5])
			if width == 0 || height == 0 {
				return errNotBaseline // a DNL height, or none: let the decoder say
			}
			if nc != 1 && nc != 3 && nc != 4 || len(seg) != 6+3*nc {
				return fmt.Errorf("the frame header is damaged (%d components in %d bytes)", nc, len(seg))
			}
			for i := range nc {
				c := jpegComponent{id: int(seg[6+3*i]), h: int(seg[7+3*i] >> 4), v: int(seg[7+3*i] & 15), tq: int(seg[8+3*i])}
				if c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4 || c.tq > 3 {
					return errors.New("the frame header is damaged (sampling factors or table)")
				}
				for _, o := range comps {
					if o.id == c.id {
						return errors.New("the frame header is damaged (a component twice)")
					}
				}
				comps = append(comps, c)
				hmax, vmax = max(hmax, c.h), max(vmax, c.v)
			}
		case 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF:
			return errNotBaseline // progressive, lossless, arithmetic: decode in full
		case 0xC4: // DHT
			for len(seg) > 0 {
				if len(seg) < 17 || seg[0]>>4 > 1 || seg[0]&15 > 3 {
					return errors.New("bad Huffman table segment")
				}
				total := 0
				for _, c := range seg[1:17] {
					total += int(c)
				}
				if total > 256 || len(seg) < 17+total {
					return errors.New("bad Huffman table segment")
				}
				t := &dc[seg[0]&15]
				if seg[0]>>4 == 1 {
					t = &ac[seg[0]&15]
				}
				if err := t.build(seg[1:17], seg[17:17+total], seg[0]>>4 == 1); err != nil {
					return err
				}
				seg = seg[17+total:]
			}
		case 0xDB: // DQT
			for len(seg) > 0 {
				size := 65
				if seg[0]>>4 == 1 {
					size = 129
				}
				if seg[0]&15 > 3 || len(seg) < size {
					return errors.New("bad quantization table segment")
				}
				quant[seg[0]&15] = true
				if dcs != nil {
					dcs.q0[seg[0]&15] = int(seg[1])
					if size == 129 {
						dcs.q0[seg[0]&15] = int(binary.BigEndian.Uint16(seg[1:]))
					}
				}
				seg = seg[size:]
			}
		case 0xDD: // DRI
			if len(seg) != 2 {
				return errors.New("bad restart interval segment")
			}
			restart = int(binary.BigEndian.Uint16(seg))
		case 0xDA: // SOS: the scan follows
			if !sawFrame {
				return errors.New("scan data before the frame header")
			}
			if len(seg) < 1 || len(seg) != 4+2*int(seg[0]) || seg[0] < 1 || seg[0] > 4 {
				return errors.New("the scan header is damaged")
			}
			ns := int(seg[0])
			if ss, se, a := seg[1+2*ns], seg[2+2*ns], seg[3+2*ns]; ss != 0 || se != 63 || a != 0 {
				return errors.New("the scan header is damaged (spectral selection of a baseline scan)")
			}
			type sc struct {
				c      *jpegComponent
				dc, ac *huffTable
				ci     int // the component's index in the frame
				pred   int // the DC predictor
			}
			var scan []sc
			for i := range ns {
				id, tables := int(seg[1+2*i]), seg[2+2*i]
				var c *jpegComponent
				for k := range comps {
					if comps[k].id == id {
						c = &comps[k]
					}
				}
				if c == nil || c.scanned || tables>>4 > 3 || tables&15 > 3 {
					return errors.New("the scan header is damaged (an unknown component or table)")
				}
				c.scanned = true
				s := sc{c: c, dc: &dc[tables>>4], ac: &ac[tables&15]}
				for k := range comps {
					if &comps[k] == c {
						s.ci = k
					}
				}
				if !s.dc.defined || !s.ac.defined || !quant[c.tq] {
					return errors.New("a scan uses a Huffman or quantization table that is not defined")
				}
				scan = append(scan, s)
			}
			// how many MCUs, and the blocks of each component in one
			var mcus int
			if ns == 1 {
				c := scan[0].c
				cw := (width*c.h + hmax - 1) / hmax
				ch := (height*c.v + vmax - 1) / vmax
				mcus = ((cw + 7) / 8) * ((ch + 7) / 8)
			} else {
				mcus = ((width + 8*hmax - 1) / (8 * hmax)) * ((height + 8*vmax - 1) / (8 * vmax))
			}
			// the block means of one position at a time (jpegDC), else
			// of every block, kept in arrays of the size needed
			stream := dcs != nil && ns == 4 && hmax == 1 && vmax == 1 && streamDC
			var at [4]float32
			if dcs != nil && !stream {
				for _, s := range scan {
					n := mcus * s.c.h * s.c.v
					if ns == 1 {
						n = mcus
					}
					dcs.means[s.ci] = slices.Grow(dcs.means[s.ci], n)
				}
			}
			r := &bitReader{data: d, pos: p}
			rst := 0
			for mcu := 0; mcu < mcus; mcu++ {
				if restart > 0 && mcu > 0 && mcu%restart == 0 {
					q, err := r.end()
					if err != nil {
						return err
					}
					for q < len(d) && d[q] == 0xFF && q+1 < len(d) && d[q+1] == 0xFF {
						q++
					}
					if q+1 >= len(d) || d[q+1] != 0xD0+byte(rst) {
						return errors.New("a restart marker is missing or out of order: the scan data is damaged")
					}
					rst = (rst + 1) % 8
					*r = bitReader{data: d, pos: q + 2}
					for i := range scan {
						scan[i].pred = 0
					}
				}
				for si := range scan {
					s := &scan[si]
					blocks := s.c.h * s.c.v
					if ns == 1 {
						blocks = 1
					}
					for range blocks {
						// DC: a size category, then that many bits; most
						// codes and their bits at once from the fast table
						if r.n < 26 {
							r.fill()
						}
						if f := s.dc.fast[r.acc>>(64-jpeg.FastBits)]; f>>5&3 == jpeg.FastValue && fastWalk {
							r.acc <<= f & 31
							r.n -= int(f & 31)
							s.pred += int(f >> 16)
						} else if t, err := r.decode(s.dc); err != nil {
							return err
						} else if t > 11 {
							return errors.New("bad DC coefficient in the scan data")
						} else {
							s.pred += r.receive(int(t))
						}
						if dcs != nil {
							mean := float32(s.pred*dcs.q0[s.c.tq])/8 + 128
							if stream {
								at[s.ci] = mean
							} else {
								dcs.means[s.ci] = append(dcs.means[s.ci], mean)
							}
						}
						// AC: run/size pairs up to the end of the block,
						// most from the fast table (skipAC)
						for k := 1; k < 64; {
							if fastWalk {
								if k = r.skipAC(&s.ac.skip, k); k < 0 {
									return errors.New("bad AC coefficient in the scan data")
								} else if k >= 64 {
									break
								}
							}
							rs, err := r.decode(s.ac)
							if err != nil {
								return err
							}
							run, size := int(rs>>4), int(rs&15)
							if size == 0 {
								if run != 15 {
									break // end of block
								}
								k += 16
								continue
							}
							if k += run; k > 63 || size > 10 {
								return errors.New("bad AC coefficient in the scan data")
							}
							r.bits(size)
							k++
						}
						if r.overrun() {
							return errors.New("the scan data ends early (a frame header larger than the data, or corrupt data)")
						}
					}
				}
				if stream {
					dcs.best = max(dcs.best, inkSum(at))
				}
			}
			if stream {
				dcs.streamed = true
			}
			q, err := r.end()
			if err != nil {
				return err
			}
			p = q
		default: // APPn, COM, DNL … : skipped
		}
	}
	if !sawFrame {
		return errors.New("no frame header")
	}
	if dcs != nil {
		dcs.comps, dcs.width, dcs.height = comps, width, height
	}
	for _, c := range comps {
		if !c.scanned {
			return errors.New("a colour component has no scan data")
		}
	}
	return nil
}

// CoverageCached is Coverage of the content whose SHA-256 is sum when it
// was found before (or imported: ImportCoverage), without the content.
func CoverageCached(sum [32]byte) (int, bool) {
	coverageCache.Lock()
	defer coverageCache.Unlock()
	v, ok := coverageCache.m[sum]
	return v, ok
}
