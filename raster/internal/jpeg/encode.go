package jpeg

// This file is paiban's, not the Go authors': a baseline encoder for grey and
// CMYK samples, in bands encoded in parallel between restart markers.

import (
	"errors"
	"math"
	"runtime"
	"sync"
)

// bandRows is the height, in rows of 8-pixel blocks, of the bands encoded
// in parallel: each is one restart interval (at most; fewer for very wide
// images, whose interval must fit 16 bits). Fixed, so the bytes do not
// depend on the number of processors.
const bandRows = 16

// Encode writes a baseline JPEG of w×h pixels of nc = 1 (grey) or 4 (CMYK)
// 8-bit components, interleaved, row y at pix[y*stride:]. Every component
// is sampled 1×1 and quantised with the luminance table scaled to quality
// (1 … 100, libjpeg's scale). CMYK is written as Photoshop writes it: an
// Adobe APP14 marker with transform 0 (no colour transform) and the samples
// inverted (255 = no ink), so a PDF reader needs /Decode [1 0 1 0 1 0 1 0]
// for DeviceCMYK, and Go's image/jpeg decodes it back to the given ink.
func Encode(pix []byte, stride, w, h, nc, quality int) ([]byte, error) {
	return encode(pix, stride, nil, w, h, nc, quality, false)
}

// EncodeYCCK is Encode of CMYK samples (nc = 4) written as libjpeg writes
// CMYK by default (jpeg_default_colorspace): YCCK, an Adobe APP14 marker
// with transform 2, the inks of C, M and Y taken as R, G and B and turned
// into YCbCr (JFIF's matrix, in integers), Cb and Cr sampled 2×2 (the mean
// of each 2×2 pixels) and quantised with the chrominance table, K inverted
// as Encode writes it. A reader that honours the marker (libjpeg, Go's
// image/jpeg, PDF readers for a DCTDecode image, /ColorTransform 1) gets
// Encode's inverted CMYK back, within the rounding of the transform and
// what the chroma subsampling leaves out. It has 10 blocks for every 16
// of Encode's: for photos whose colour detail is already at half
// resolution (from a 4:2:0 JPEG).
func EncodeYCCK(pix []byte, stride, w, h, quality int) ([]byte, error) {
	return encode(pix, stride, nil, w, h, 4, quality, true)
}

// EncodeRowsYCCK is EncodeYCCK for samples made as they are encoded, as
// EncodeRows is Encode's.
func EncodeRowsYCCK(w, h, quality int, rows func(y0, y1 int, dst []byte)) ([]byte, error) {
	return encode(nil, w*4, rows, w, h, 4, quality, true)
}

// EncodeRows is Encode for samples made as they are encoded: rows(y0, y1,
// dst) writes the rows y0 … y1−1 into dst, row y at dst[(y−y0)·w·nc:], for
// each band of rows the encoder takes (in parallel: rows must be safe to
// call from several goroutines at once, for different rows). Only a band
// of rows a processor is held, never the whole image; the bytes are
// Encode's of the same samples.
func EncodeRows(w, h, nc, quality int, rows func(y0, y1 int, dst []byte)) ([]byte, error) {
	return encode(nil, w*nc, rows, w, h, nc, quality, false)
}

// encode is Encode (rows nil) and EncodeRows (pix nil), and their YCCK
// forms (ycck).
func encode(pix []byte, stride int, fill func(y0, y1 int, dst []byte), w, h, nc, quality int, ycck bool) ([]byte, error) {
	if w <= 0 || h <= 0 || w >= 1<<16 || h >= 1<<16 {
		return nil, errors.New("jpeg: image size out of range")
	}
	if nc != 1 && nc != 4 {
		return nil, errors.New("jpeg: 1 or 4 components")
	}
	quality = min(100, max(1, quality))
	var q [nQuantIndex][blockSize]byte
	scale := 200 - quality*2
	if quality < 50 {
		scale = 5000 / quality
	}
	for i := range q {
		for j := range q[i] {
			q[i][j] = uint8(min(255, max(1, (int(unscaledQuant[i][j])*scale+50)/100)))
		}
	}
	bw, bh := (w+7)/8, (h+7)/8 // blocks across and down
	rows := max(1, min(bandRows, 0xffff/bw))
	interval := rows * bw // MCUs between restart markers
	if ycck {             // MCUs of 16×16 pixels: bands of whole ones
		mw := (w + 15) / 16
		rows = 2 * max(1, min(bandRows/2, 0xffff/mw))
		interval = rows / 2 * mw
	}
	nb := (bh + rows - 1) / rows
	bands := make([][]byte, nb)
	var wg sync.WaitGroup
	work := make(chan int)
	for range min(runtime.GOMAXPROCS(0), nb) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte // the band's rows, when made by fill
			if fill != nil {
				buf = make([]byte, rows*8*stride)
			}
			for k := range work {
				e := encoder{w: &sink{b: make([]byte, 0, rows*8*w*nc/4)}, quant: q}
				e.initRecip()
				y0, y1 := k*rows*8, min(h, (k+1)*rows*8)
				p, base := pix, 0
				if fill != nil {
					fill(y0, y1, buf[:(y1-y0)*stride])
					p, base = buf, y0
				}
				if ycck {
					e.bandYCCK(p, stride, base, w, h, y0, y1)
				} else {
					e.band(p, stride, base, w, h, nc, y0, y1)
				}
				bands[k] = e.w.b
			}
		}()
	}
	for k := range nb {
		work <- k
	}
	close(work)
	wg.Wait()

	size := 1024
	for _, b := range bands {
		size += len(b) + 2
	}
	e := encoder{w: &sink{b: make([]byte, 0, size)}, quant: q}
	e.write([]byte{0xff, 0xd8})
	// components 1…nc: each 1×1 with quantisation and Huffman tables 0,
	// or for YCCK Y and K 2×2 with tables 0, Cb and Cr 1×1 with tables 1
	sampling, tables := [4]byte{0x11, 0x11, 0x11, 0x11}, [4]byte{}
	transform := byte(0)
	if ycck {
		sampling, tables, transform = [4]byte{0x22, 0x11, 0x11, 0x22}, [4]byte{0, 1, 1, 0}, 2
	}
	if nc == 4 {
		// APP14 "Adobe", version 100, flags 0 0, the transform
		e.writeMarkerHeader(0xee, 14)
		e.write([]byte{'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, transform})
	}
	e.writeDQT()
	// SOF0: 8-bit, size, the components
	e.writeMarkerHeader(sof0Marker, 8+3*nc)
	e.write([]byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), byte(nc)})
	for i := range nc {
		e.write([]byte{byte(i + 1), sampling[i], tables[i]})
	}
	if ycck {
		e.writeDHT(nc)
	} else {
		e.writeDHT(1)
	}
	if nb > 1 {
		e.writeMarkerHeader(driMarker, 4)
		e.write([]byte{byte(interval >> 8), byte(interval)})
	}
	// SOS: every component with its DC and AC tables
	e.writeMarkerHeader(sosMarker, 6+2*nc)
	e.writeByte(byte(nc))
	for i := range nc {
		e.write([]byte{byte(i + 1), tables[i]<<4 | tables[i]})
	}
	e.write([]byte{0, 63, 0})
	for k, b := range bands {
		if k > 0 {
			e.write([]byte{0xff, rst0Marker + byte((k-1)%8)})
		}
		e.write(b)
	}
	e.write([]byte{0xff, 0xd9})
	return e.w.b, e.err
}

// band encodes the rows y0 … y1−1 (y0 a multiple of 8; row y at
// pix[(y−base)·stride:]): one restart interval, DC predictions from 0, the
// last byte padded with 1s. A block of one value (K in the light parts of
// a photo, paper white) is written without its transform: the same bytes
// (flatDC).
func (e *encoder) band(pix []byte, stride, base, w, h, nc, y0, y1 int) {
	var bs [4]block
	var prev [4]int32
	inv := int32(0)
	if nc == 4 {
		inv = 255 // Adobe CMYK is stored inverted
	}
	for y := y0; y < y1; y += 8 {
		for x := 0; x < w; x += 8 {
			var diff [4]int32 // not 0 when a block is not flat
			if x+8 <= w && y+8 <= h {
				// the components of 8×8 pixels in one pass, each
				// compared with its first sample
				first := pix[(y-base)*stride+x*nc:][:nc]
				if nc == 4 {
					f0, f1, f2, f3 := int32(first[0])^255, int32(first[1])^255, int32(first[2])^255, int32(first[3])^255
					var d0, d1, d2, d3 int32
					for j := range 8 {
						row := pix[(y-base+j)*stride+x*4:][:32]
						for i := range 8 {
							p := row[4*i : 4*i+4 : 4*i+4]
							v0, v1, v2, v3 := int32(p[0])^255, int32(p[1])^255, int32(p[2])^255, int32(p[3])^255
							bs[0][8*j+i], bs[1][8*j+i], bs[2][8*j+i], bs[3][8*j+i] = v0, v1, v2, v3
							d0, d1, d2, d3 = d0|(v0^f0), d1|(v1^f1), d2|(v2^f2), d3|(v3^f3)
						}
					}
					diff = [4]int32{d0, d1, d2, d3}
				} else {
					f0, d0 := int32(first[0]), int32(0)
					for j := range 8 {
						for i, v := range pix[(y-base+j)*stride+x:][:8] {
							bs[0][8*j+i] = int32(v)
							d0 |= int32(v) ^ f0
						}
					}
					diff[0] = d0
				}
			} else {
				for c := range nc {
					for j := range 8 {
						row := pix[(min(y+j, h-1)-base)*stride:]
						for i := range 8 {
							v := int32(row[min(x+i, w-1)*nc+c]) ^ inv
							bs[c][8*j+i] = v
							diff[c] |= v ^ bs[c][0]
						}
					}
				}
			}
			for c := range nc {
				if v0 := bs[c][0]; diff[c] == 0 && flatDC[v0] != noFlat {
					prev[c] = e.writeFlat(v0, 0, prev[c])
				} else {
					prev[c] = e.writeBlock(&bs[c], 0, prev[c])
				}
			}
		}
	}
	e.emit(0x7f, 7)
	e.flushBits()
}

// flatDC[v] is the DC coefficient fdct gives a block of 64 samples v, all
// its AC coefficients being 0 (noFlat if some were not: never, as the
// transform's only multiplications are of differences).
var flatDC [256]int32

const noFlat = -1 << 30

func init() {
	for v := range flatDC {
		var b block
		for i := range b {
			b[i] = int32(v)
		}
		fdct(&b)
		flatDC[v] = b[0]
		for _, ac := range b[1:] {
			if ac != 0 {
				flatDC[v] = noFlat
			}
		}
	}
}

// writeFlat is writeBlock for a block of samples all v (quantisation and
// Huffman tables q): its DC, then end of block.
func (e *encoder) writeFlat(v int32, q quantIndex, prevDC int32) int32 {
	dc, _ := quantiseOne(flatDC[v], e.recip[q&1][0], 0, 0)
	e.emitHuffRLE(huffIndex(2*q), 0, dc-prevDC)
	e.emitHuff(huffIndex(2*q+1), 0x00)
	return dc
}

// bandYCCK is band for EncodeYCCK: MCUs of 16×16 pixels (y0 a multiple of
// 16), each four Y blocks, a Cb and a Cr block (the sums of 2×2 pixels'
// chroma, rounded once) and four K blocks; pixels beyond the image's edges
// repeat the last column and row.
func (e *encoder) bandYCCK(pix []byte, stride, base, w, h, y0, y1 int) {
	var ys, ks [4]block
	var cb, cr block
	var prev [4]int32 // Y, Cb, Cr, K
	var px [64]byte   // 16 pixels of a row at the image's right edge
	for y := y0; y < y1; y += 16 {
		for x := 0; x < w; x += 16 {
			var flat [8]int32 // Y, K blocks: not 0 when not flat
			for j := range 16 {
				row := pix[(min(y+j, h-1)-base)*stride:]
				var p []byte
				if x+16 <= w {
					p = row[4*x:][:64]
				} else {
					for i := range 16 {
						copy(px[4*i:4*i+4], row[4*min(x+i, w-1):])
					}
					p = px[:]
				}
				c := cb[(j>>1)*8:][:8]
				d := cr[(j>>1)*8:][:8]
				if j&1 == 0 {
					clear(c)
					clear(d)
				}
				for half := range 2 {
					bi := j>>3<<1 | half
					yb, kb := &ys[bi], &ks[bi]
					q := p[32*half:][:32]
					for i := range 4 { // two pixels: one chroma sample
						p0, p1 := q[8*i:8*i+4:8*i+4], q[8*i+4:8*i+8:8*i+8]
						r0, g0, b0 := int32(p0[0]), int32(p0[1]), int32(p0[2]) // inks as R, G, B
						r1, g1, b1 := int32(p1[0]), int32(p1[1]), int32(p1[2])
						k := (j&7)*8 + 2*i
						yb[k&63] = (19595*r0 + 38470*g0 + 7471*b0 + 1<<15) >> 16
						yb[(k+1)&63] = (19595*r1 + 38470*g1 + 7471*b1 + 1<<15) >> 16
						kb[k&63], kb[(k+1)&63] = int32(p0[3])^255, int32(p1[3])^255
						// compared with the block's first sample (stored first)
						flat[bi] |= yb[k&63] ^ yb[0] | yb[(k+1)&63] ^ yb[0]
						flat[4+bi] |= kb[k&63] ^ kb[0] | kb[(k+1)&63] ^ kb[0]
						r, g, b := r0+r1, g0+g1, b0+b1
						c[4*half+i] += -11059*r - 21709*g + 32768*b
						d[4*half+i] += 32768*r - 27439*g - 5329*b
					}
				}
			}
			for i := range cb {
				// four pixels' ×2^16 sums, +128, rounded
				cb[i] = min(255, (cb[i]+128<<18+1<<17)>>18)
				cr[i] = min(255, (cr[i]+128<<18+1<<17)>>18)
			}
			for b := range 4 {
				prev[0] = e.writeFlatOr(&ys[b], flat[b], 0, prev[0])
			}
			prev[1] = e.writeAny(&cb, 1, prev[1])
			prev[2] = e.writeAny(&cr, 1, prev[2])
			for b := range 4 {
				prev[3] = e.writeFlatOr(&ks[b], flat[4+b], 0, prev[3])
			}
		}
	}
	e.emit(0x7f, 7)
	e.flushBits()
}

// writeAny is writeFlatOr for a block not yet compared.
func (e *encoder) writeAny(b *block, q quantIndex, prevDC int32) int32 {
	v0, diff := b[0], int32(0)
	for _, v := range b {
		diff |= v ^ v0
	}
	return e.writeFlatOr(b, diff, q, prevDC)
}

// writeFlatOr is writeFlat for a block of one value (diff 0), else
// writeBlock.
func (e *encoder) writeFlatOr(b *block, diff int32, q quantIndex, prevDC int32) int32 {
	if v0 := b[0]; diff == 0 && flatDC[v0&255] != noFlat {
		return e.writeFlat(v0, q, prevDC)
	}
	return e.writeBlock(b, q, prevDC)
}

// recipBits is the precision of the quantisers' reciprocals.
const recipBits = 48

// initRecip sets the reciprocals of the quantisers, fdct's scale folded in:
// 2^recipBits / (8 × quant × aanScale[u] × aanScale[v] × 2^fdctFrac),
// rounded (products and a quotient of float64s: the same on every
// processor).
func (e *encoder) initRecip() {
	for i := range e.quant {
		for zig, v := range e.quant[i] {
			k := unzig[zig]
			d := float64(8<<fdctFrac*int(v)) * aanScale[k/8] * aanScale[k%8]
			e.recip[i][zig] = uint64(math.Round(float64(uint64(1)<<recipBits) / d))
		}
	}
}

// quantise quantises every coefficient of b (natural order, fdct's) into z
// (zig-zag order), rounded to the nearest, without branches; the result
// has bit i set when z[i] is not 0. Four coefficients a step (quantiseOne,
// inlined).
func (e *encoder) quantise(b *block, q quantIndex, z *[blockSize]int32) uint64 {
	recip := &e.recip[q]
	var nz uint64
	for zig := 0; zig < blockSize; zig += 4 {
		r4 := recip[zig : zig+4 : zig+4]
		u4, z4 := unzig8[zig:zig+4:zig+4], z[zig:zig+4:zig+4]
		var m uint64
		z4[0], m = quantiseOne(b[u4[0]&63], r4[0], m, 0)
		z4[1], m = quantiseOne(b[u4[1]&63], r4[1], m, 1)
		z4[2], m = quantiseOne(b[u4[2]&63], r4[2], m, 2)
		z4[3], m = quantiseOne(b[u4[3]&63], r4[3], m, 3)
		nz |= m << zig
	}
	return nz
}

// quantiseOne is a × recip / 2^recipBits rounded to the nearest (halves
// away from zero), and m with bit k set when the result is not 0.
func quantiseOne(a int32, recip uint64, m uint64, k uint) (int32, uint64) {
	s := a >> 31                       // 0 or −1
	abs := uint64(uint32((a ^ s) - s)) // |a|
	x := int32((abs*recip + 1<<(recipBits-1)) >> recipBits)
	return (x ^ s) - s, m | uint64(min(x, 1))<<k
}

// unzig8 is unzig in bytes.
var unzig8 = func() (u [blockSize]uint8) {
	for i, v := range unzig {
		u[i] = uint8(v)
	}
	return u
}()

// sink holds the encoder's bytes.
type sink struct{ b []byte }
