package jpeg

import (
	"bytes"
	"fmt"
	"image"
	stdjpeg "image/jpeg"
	"io"
	"math"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// smooth is a w×h image of nc components with gentle gradients, which
// JPEG keeps within a few levels.
func smooth(w, h, nc int) []byte {
	pix := make([]byte, w*h*nc)
	for y := range h {
		for x := range w {
			for c := range nc {
				pix[(y*w+x)*nc+c] = uint8((x*255/w*(c+1)/4 + y*255/h*(4-c)/4) / 2)
			}
		}
	}
	return pix
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// The encoder's CMYK and grey JPEGs decode, with the standard library, to
// the samples given (Adobe inversion understood), in bands with restart
// markers (a height over bandRows blocks) and at an odd size.
func TestEncodeRoundTrip(t *testing.T) {
	for _, nc := range []int{1, 4} {
		w, h := 301, 517
		pix := smooth(w, h, nc)
		data, err := Encode(pix, w*nc, w, h, nc, 95)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte{0xff, 0xdd}) || !bytes.Contains(data, []byte{0xff, 0xd0}) {
			t.Errorf("nc=%d: no restart interval or marker", nc)
		}
		if nc == 4 && !bytes.Contains(data, []byte("Adobe\x00\x64\x00\x00\x00\x00\x00")) {
			t.Error("CMYK without an Adobe APP14 marker of transform 0")
		}
		img, err := stdjpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("nc=%d: %v", nc, err)
		}
		if img.Bounds() != image.Rect(0, 0, w, h) {
			t.Fatalf("nc=%d: size %v", nc, img.Bounds())
		}
		worst := 0
		for y := range h {
			for x := range w {
				var got []byte
				switch m := img.(type) {
				case *image.Gray:
					got = m.Pix[m.PixOffset(x, y):][:1]
				case *image.CMYK:
					got = m.Pix[m.PixOffset(x, y):][:4]
				default:
					t.Fatalf("nc=%d: decoded as %T", nc, img)
				}
				for c := range nc {
					worst = max(worst, absDiff(got[c], pix[(y*w+x)*nc+c]))
				}
			}
		}
		if worst > 6 {
			t.Errorf("nc=%d: a sample is off by %d", nc, worst)
		}
	}
}

// A scaled decode gives the image's size divided (rounded up) and, per
// pixel, about the mean of the full decode's pixels it stands for.
func TestDecodeScaled(t *testing.T) {
	w, h := 203, 150
	buf, full := photo420(t, w, h, func(x, y int) uint8 { return uint8(x/2 + y/2 + (x/9%2)*12) }, func(x, y int) (uint8, uint8) {
		i := y*((w+1)/2) + x
		return uint8(100 + i%50), uint8(150 - i%40)
	})
	ref, _ := stdjpeg.Decode(bytes.NewReader(buf.Bytes()))
	if !bytes.Equal(full.Y, ref.(*image.YCbCr).Y) {
		t.Error("the full-size decode differs from image/jpeg's")
	}
	fy := full
	for shift := 1; shift <= 3; shift++ {
		img, err := Decode(bytes.NewReader(buf.Bytes()), shift)
		if err != nil {
			t.Fatal(err)
		}
		s := 1 << shift
		if want := image.Rect(0, 0, (w+s-1)/s, (h+s-1)/s); img.Bounds() != want {
			t.Fatalf("1/%d: size %v, want %v", s, img.Bounds(), want)
		}
		m := img.(*image.YCbCr)
		worst := 0
		for y := range h / s {
			for x := range w / s {
				sum := 0
				for j := range s {
					for i := range s {
						sum += int(fy.Y[(y*s+j)*fy.YStride+x*s+i])
					}
				}
				mean := uint8((sum + s*s/2) / (s * s))
				worst = max(worst, absDiff(m.Y[y*m.YStride+x], mean))
			}
		}
		if worst > 3 {
			t.Errorf("1/%d: a pixel is %d off the mean of its block", s, worst)
		}
	}
}

// The encoder's quantisation by multiplication is the division by
// 8 × quant × the transform's scale (aanScale), rounded to the nearest, for
// every quantiser and every coefficient an 8-bit block gives; quantise, a
// whole block without branches, is quantiseOne per coefficient, into
// zig-zag order with the mask of the non-zero ones.
func TestQuantiseByMultiplication(t *testing.T) {
	var e encoder
	for j := range blockSize {
		e.quant[0][j] = uint8(j*4 + 1)
		e.quant[1][j] = uint8(255 - j)
	}
	e.initRecip()
	want := func(a int32, q quantIndex, zig int) (int32, bool) {
		k := unzig[zig]
		d := float64(8<<fdctFrac*int(e.quant[q][zig])) * aanScale[k/8] * aanScale[k%8]
		f := float64(a) / d
		r := math.Round(f) // halves away from zero
		return int32(r), math.Abs(math.Abs(f-math.Trunc(f))-0.5) < 1e-6
	}
	for q := range e.quant {
		for zig := range blockSize {
			for a := int32(-1 << 23); a <= 1<<23; a += 61 {
				got, _ := quantiseOne(a, e.recip[q][zig], 0, 0)
				if w, tie := want(a, quantIndex(q), zig); got != w && !tie {
					t.Fatalf("%d quantised by %d at %d: %d, want %d", a, e.quant[q][zig], zig, got, w)
				}
			}
		}
	}
	s := uint32(5)
	for range 20000 {
		var blk block
		for i := range blk {
			s = s*1664525 + 1013904223
			blk[i] = int32(s>>8)%(1<<23) - 1<<22
			if s>>12&3 != 0 {
				blk[i] >>= 8 + s>>8&15 // many small values and zeros
			}
		}
		for q := range e.quant {
			var z [blockSize]int32
			nz := e.quantise(&blk, quantIndex(q), &z)
			for zig := range blockSize {
				w, _ := quantiseOne(blk[unzig[zig]], e.recip[q][zig], 0, 0)
				if z[zig] != w || (nz>>zig&1 == 1) != (w != 0) {
					t.Fatalf("quantise: coefficient %d is %d (mask %v), want %d", zig, z[zig], nz>>zig&1 == 1, w)
				}
			}
		}
	}
}

// fdct, its scale taken out, is the float transform (8 × the JPEG
// coefficients, libjpeg's convention) within ±1 (in fact within a small
// fraction) for random blocks, blocks of extremes and flat blocks.
func TestFDCTAgainstFloat(t *testing.T) {
	var cos [8][8]float64
	for x := range 8 {
		for u := range 8 {
			cos[x][u] = math.Cos(float64((2*x+1)*u) * math.Pi / 16)
		}
	}
	worst := 0.0
	s := uint32(9)
	for n := range 30000 {
		var blk block
		for i := range blk {
			s = s*1664525 + 1013904223
			switch n % 3 {
			case 0:
				blk[i] = int32(s >> 24)
			case 1:
				blk[i] = int32(s>>31) * 255 // 0 or 255
			default:
				blk[i] = int32(n % 256)
			}
		}
		in := blk
		fdct(&blk)
		for v := range 8 {
			for u := range 8 {
				sum := 0.0
				for y := range 8 {
					for x := range 8 {
						sum += float64(in[8*y+x]-128) * cos[y][v] * cos[x][u]
					}
				}
				cu, cv := 1.0, 1.0
				if u == 0 {
					cu = math.Sqrt2 / 2
				}
				if v == 0 {
					cv = math.Sqrt2 / 2
				}
				ref := 2 * cu * cv * sum // 8 × ¼ C(u) C(v) Σ
				got := float64(blk[8*v+u]) / (aanScale[v] * aanScale[u] * (1 << fdctFrac))
				if d := math.Abs(got - ref); d > worst {
					worst = d
				}
				if d := math.Abs(got - ref); d > 1 {
					t.Fatalf("block %d coefficient (%d,%d): %.3f, want %.3f", n, v, u, got, ref)
				}
			}
		}
	}
	t.Logf("largest error %.4f (units of 1/8 of a JPEG coefficient)", worst)
}

// pixels returns an image's samples as bytes, channel planes one after
// another, for comparing two decodes.
func pixels(t *testing.T, img image.Image) []byte {
	switch m := img.(type) {
	case *image.Gray:
		return m.Pix
	case *image.CMYK:
		return m.Pix
	case *image.RGBA:
		return m.Pix
	case *image.YCbCr:
		b := m.Bounds()
		var out []byte
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				out = append(out, m.Y[m.YOffset(x, y)], m.Cb[m.COffset(x, y)], m.Cr[m.COffset(x, y)])
			}
		}
		return out
	}
	t.Fatalf("unexpected %T", img)
	return nil
}

// Every JPEG of the standard library's test data (baseline and
// progressive, every subsampling, restart intervals, grey, CMYK, RGB)
// decodes at full size exactly as image/jpeg decodes it, and scaled by
// n/8 to the right size with the mean of its full decode.
func TestDecodeLikeStandardLibrary(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.jpeg")
	if len(files) < 20 {
		t.Fatalf("%d test files", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := stdjpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: image/jpeg: %v", f, err)
		}
		got, err := Decode(bytes.NewReader(data), 0)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if got.Bounds() != want.Bounds() || fmt.Sprintf("%T", got) != fmt.Sprintf("%T", want) || !bytes.Equal(pixels(t, got), pixels(t, want)) {
			t.Errorf("%s: decoded differently from image/jpeg (%T %v)", f, got, got.Bounds())
			continue
		}
		w, h := want.Bounds().Dx(), want.Bounds().Dy()
		for n := 1; n < 8; n++ {
			img, err := DecodeScaled(bytes.NewReader(data), n)
			if err != nil {
				t.Fatalf("%s %d/8: %v", f, n, err)
			}
			if img.Bounds() != image.Rect(0, 0, (w*n+7)/8, (h*n+7)/8) {
				t.Errorf("%s %d/8: %v", f, n, img.Bounds())
			}
			if d := meanOf(t, img) - meanOf(t, want); d > 1.5 || d < -1.5 {
				t.Errorf("%s %d/8: mean sample %.1f levels off the full decode's", f, n, d)
			}
		}
	}
}

// meanOf is the mean of an image's samples (every channel).
func meanOf(t *testing.T, img image.Image) float64 {
	sum := 0
	p := pixels(t, img)
	for _, v := range p {
		sum += int(v)
	}
	return float64(sum) / float64(len(p))
}

func TestOverfullHuffmanTable(t *testing.T) {
	good, err := os.ReadFile("testdata/video-001.jpeg")
	if err != nil {
		t.Fatal(err)
	}
	dht := []byte{0xFF, 0xC4, 0x00, 0x19, 0x10, 0x02, 0x04}
	dht = append(dht, make([]byte, 14)...)
	dht = append(dht, 1, 1, 1, 1, 1, 1)
	bad := append(append(append([]byte(nil), good[:2]...), dht...), good[2:]...)
	for shift := range 4 {
		if _, err := Decode(bytes.NewReader(bad), shift); err == nil {
			t.Errorf("shift %d: an over-full Huffman table was accepted", shift)
		}
	}
}

// photoCMYK is a w×h CMYK image with the detail of a photo: gradients,
// waves and grain.
func photoCMYK(w, h int) []byte {
	pix := make([]byte, w*h*4)
	s := uint32(1)
	for y := range h {
		for x := range w {
			for c := range 4 {
				s = s*1664525 + 1013904223
				v := (x*(c+1)+y*(4-c))*200/(w+h)/4 + int(s>>29) + (x/5+y/7+c*3)%23
				pix[(y*w+x)*4+c] = uint8(min(255, max(0, v)))
			}
		}
	}
	return pix
}

// Encoding a CMYK photo of 2000×1500 pixels (a page's photo at 300 ppi),
// as CMYK and as YCCK.
func BenchmarkEncodeCMYK(b *testing.B) {
	w, h := 2000, 1500
	pix := photoCMYK(w, h)
	b.SetBytes(int64(len(pix)))
	for b.Loop() {
		if _, err := Encode(pix, 4*w, w, h, 4, 90); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeYCCK(b *testing.B) {
	w, h := 2000, 1500
	pix := photoCMYK(w, h)
	b.SetBytes(int64(len(pix)))
	for b.Loop() {
		if _, err := EncodeYCCK(pix, 4*w, w, h, 90); err != nil {
			b.Fatal(err)
		}
	}
}

// smoothCMYK is w×h CMYK ink with colour at half resolution (C, M and Y
// change every 2 pixels, smoothly) and K with detail in every pixel, as
// a photo from a 4:2:0 JPEG separated.
func smoothCMYK(w, h int) []byte {
	pix := make([]byte, w*h*4)
	s := uint32(5)
	for y := range h {
		for x := range w {
			p := pix[(y*w+x)*4:]
			X, Y := float64(x/2*2), float64(y/2*2)
			p[0] = uint8(110 + 100*math.Sin(X/37+Y/53))
			p[1] = uint8(120 + 90*math.Cos(X/29-Y/41))
			p[2] = uint8(100 + 80*math.Sin((X+Y)/61))
			s = s*1664525 + 1013904223
			p[3] = uint8(min(255, max(0, 40+int(40*math.Sin(float64(x)/3))+int(s>>28))))
		}
	}
	return pix
}

// EncodeYCCK writes a YCCK JPEG (Y and K 2×2, Cb and Cr 1×1, Adobe
// transform 2) that decodes — with this package and with image/jpeg —
// to the CMYK it was given within the transform's rounding, smaller than
// Encode's; EncodeRowsYCCK writes the same bytes, band by band (sizes not
// multiples of 16, one band and several).
func TestEncodeYCCK(t *testing.T) {
	for _, c := range [][2]int{{300, 200}, {77, 301}, {17, 33}, {5, 3}} {
		w, h := c[0], c[1]
		pix := smoothCMYK(w, h)
		data, err := EncodeYCCK(pix, 4*w, w, h, 95)
		if err != nil {
			t.Fatal(err)
		}
		got, err := EncodeRowsYCCK(w, h, 95, func(y0, y1 int, dst []byte) {
			if y0%16 != 0 || len(dst) != (y1-y0)*w*4 {
				t.Errorf("rows %d … %d: %d bytes", y0, y1, len(dst))
			}
			copy(dst, pix[y0*w*4:y1*w*4])
		})
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("%d×%d: EncodeRowsYCCK differs from EncodeYCCK (%v)", w, h, err)
		}
		plain, _ := Encode(pix, 4*w, w, h, 4, 95)
		if w >= 64 && len(data) >= len(plain)*3/4 {
			t.Errorf("%d×%d: YCCK %d bytes, CMYK %d", w, h, len(data), len(plain))
		}
		// the mean error of each channel, against Encode's + 2 (Y, Cb
		// and Cr rounded to 8 bits each, and 2×2 chroma at a tiny size)
		meanErr := func(data []byte, decode func(io.Reader) (image.Image, error)) (e [4]float64) {
			m, err := decode(bytes.NewReader(data))
			cm, ok := m.(*image.CMYK)
			if err != nil || !ok || cm.Rect != image.Rect(0, 0, w, h) {
				t.Fatalf("%d×%d: %T %v %v", w, h, m, m.Bounds(), err)
			}
			for y := range h {
				for x := range w {
					for k := range 4 {
						d := float64(cm.Pix[y*cm.Stride+4*x+k]) - float64(pix[(y*w+x)*4+k])
						e[k] += math.Abs(d) / float64(w*h)
					}
				}
			}
			return e
		}
		ours := func(r io.Reader) (image.Image, error) { return Decode(r, 0) }
		base := meanErr(plain, ours)
		for name, dec := range map[string]func(io.Reader) (image.Image, error){"ours": ours, "image/jpeg": stdjpeg.Decode} {
			e := meanErr(data, dec)
			for k := range 4 {
				if e[k] > base[k]+2 {
					t.Errorf("%d×%d, %s: channel %d off by %.2f on average, as CMYK %.2f", w, h, name, k, e[k], base[k])
				}
			}
		}
	}
}

// A photo's grain makes bytes 0xff in the entropy-coded data, which the
// encoder stuffs (0xff 0x00): the standard library decodes it to about
// the samples given.
func TestEncodeGrainRoundTrip(t *testing.T) {
	w, h := 403, 301
	pix := photoCMYK(w, h)
	data, err := Encode(pix, 4*w, w, h, 4, 90)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte{0xff, 0x00}) {
		t.Error("no stuffed 0xff byte: the test does not test stuffing")
	}
	img, err := stdjpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	m, ok := img.(*image.CMYK)
	if !ok || m.Bounds() != image.Rect(0, 0, w, h) {
		t.Fatalf("decoded as %T %v", img, img.Bounds())
	}
	sum := 0
	for i, v := range m.Pix {
		sum += absDiff(v, pix[i])
	}
	if mean := float64(sum) / float64(len(pix)); mean > 2 {
		t.Errorf("samples off by %.2f on average", mean)
	}
}

// idct2 … idct6 and idctN (with its shared products) give what the plain
// reduced transform gives.
func TestIDCTUnrolled(t *testing.T) {
	for _, n := range []int{2, 3, 4, 5, 6, 7} {
		fast := map[int]func(*block){2: idct2, 3: idct3, 4: idct4, 5: idct5, 6: idct6}[n]
		if fast == nil {
			fast = func(b *block) { idctN(b, n) }
		}
		for k := range 2000 {
			var a block
			for i := range a {
				a[i] = int32((k*7919+i*104729)%4001 - 2000)
			}
			b := a
			fast(&a)
			tt := &idctTables[n]
			var tmp [8][8]int64
			for v := range n {
				for x := range n {
					for u := range n {
						tmp[v][x] += tt[x][u] * int64(b[8*v+u])
					}
				}
			}
			for y := range n {
				for x := range n {
					var s int64
					for v := range n {
						s += tt[y][v] * tmp[v][x]
					}
					if want := int32((s + 1<<(2*idctBits-1)) >> (2 * idctBits)); a[8*y+x] != want {
						t.Fatalf("n=%d block %d (%d,%d): %d, want %d", n, k, x, y, a[8*y+x], want)
					}
				}
			}
		}
	}
}

// A block of one value but for one sample, wherever it is, is not taken
// for a flat block (writeFlat), in each component of CMYK and grey; the
// odd sample's bits (as stored: CMYK inverted) are a subset of the
// others', which a wrong test of sameness might miss.
func TestNearlyFlatBlocks(t *testing.T) {
	for _, nc := range []int{1, 4} {
		w, h := 64, 64+8 // 64 blocks with the odd sample at each position, and a row more
		pix := make([]byte, w*h*nc)
		for i := range pix {
			pix[i] = 100
		}
		odd := byte(36) // 100 is 0b01100100, 36 0b00100100
		if nc == 4 {
			odd = 228 // inverted: 155 is 0b10011011, 27 0b00011011
		}
		for k := range 64 {
			bx, by := k%8, k/8
			x, y := bx*8+k%8, by*8+k/8
			for c := range nc {
				if c == k%nc {
					pix[(y*w+x)*nc+c] = odd
				}
			}
		}
		data, err := Encode(pix, w*nc, w, h, nc, 90)
		if err != nil {
			t.Fatal(err)
		}
		img, err := stdjpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		got := pixels(t, img)
		for k := range 64 {
			x, y := k%8*8+k%8, k/8*8+k/8
			if v := got[(y*w+x)*nc+k%nc]; absDiff(v, odd) > 30 {
				t.Errorf("nc=%d: block %d: the odd sample decodes to %d, not about %d", nc, k, v, odd)
			}
		}
	}
}

// A smooth photo (4:2:0) decoded at every scale n/8: each pixel is about
// the full decode's value at the pixel's centre, in luma and chroma.
func TestDecodeScaledSmooth(t *testing.T) {
	w, h := 203, 150
	buf, fy := photo420(t, w, h, func(x, y int) uint8 { return uint8(40 + x*150/w + y*50/h) }, func(x, y int) (uint8, uint8) {
		return uint8(90 + x*60/w), uint8(160 - y*80/h)
	})
	for n := 1; n < 8; n++ {
		img, err := DecodeScaled(bytes.NewReader(buf.Bytes()), n)
		if err != nil {
			t.Fatal(err)
		}
		m := img.(*image.YCbCr)
		worst := 0
		for y := range m.Bounds().Dy() - 1 {
			for x := range m.Bounds().Dx() - 1 {
				// the centre of pixel (x, y) in full-size pixels
				fx := min(w-1, (2*x+1)*8/(2*n))
				fyy := min(h-1, (2*y+1)*8/(2*n))
				c := m.YCbCrAt(x, y)
				r := fy.YCbCrAt(fx, fyy)
				worst = max(worst, absDiff(c.Y, r.Y), absDiff(c.Cb, r.Cb), absDiff(c.Cr, r.Cr))
			}
		}
		if worst > 4 {
			t.Errorf("%d/8: a sample is %d off the full decode at its centre", n, worst)
		}
	}
}

// photo420 is a w×h 4:2:0 JPEG (quality 95, the standard library's) of the
// luma and chroma (at chroma sample x, y) given, and its full decode.
func photo420(t *testing.T, w, h int, luma func(x, y int) uint8, chroma func(x, y int) (uint8, uint8)) (*bytes.Buffer, *image.YCbCr) {
	src := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for y := range h {
		for x := range w {
			src.Y[y*src.YStride+x] = luma(x, y)
		}
	}
	for y := range (h + 1) / 2 {
		for x := range (w + 1) / 2 {
			src.Cb[y*src.CStride+x], src.Cr[y*src.CStride+x] = chroma(x, y)
		}
	}
	var buf bytes.Buffer
	if err := stdjpeg.Encode(&buf, src, &stdjpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	full, err := Decode(bytes.NewReader(buf.Bytes()), 0)
	if err != nil {
		t.Fatal(err)
	}
	return &buf, full.(*image.YCbCr)
}

// EncodeRows, the rows made band by band, writes Encode's bytes, for grey
// and CMYK, sizes not multiples of 8 and of several bands.
func TestEncodeRowsLikeEncode(t *testing.T) {
	for _, c := range []struct{ w, h, nc int }{{300, 200, 4}, {77, 301, 4}, {129, 260, 1}, {5, 3, 1}} {
		pix := photoCMYK(c.w, c.h)
		if c.nc == 1 {
			pix = pix[:c.w*c.h]
		}
		want, err := Encode(pix, c.w*c.nc, c.w, c.h, c.nc, 90)
		if err != nil {
			t.Fatal(err)
		}
		var calls atomic.Int32
		got, err := EncodeRows(c.w, c.h, c.nc, 90, func(y0, y1 int, dst []byte) {
			calls.Add(1)
			if len(dst) != (y1-y0)*c.w*c.nc {
				t.Errorf("rows %d … %d: %d bytes", y0, y1, len(dst))
			}
			copy(dst, pix[y0*c.w*c.nc:y1*c.w*c.nc])
		})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%d×%d×%d: EncodeRows differs from Encode", c.w, c.h, c.nc)
		}
		if n := int(calls.Load()); n != (c.h+8*bandRows-1)/(8*bandRows) {
			t.Errorf("%d×%d×%d: %d bands", c.w, c.h, c.nc, n)
		}
	}
}

// Plain CMYK (Adobe transform 0, no component subsampled) decoded straight
// into the CMYK image gives the pixels of decoding the planes and then
// interleaving them, at every scale: the test files and one of this
// encoder's of a size not a multiple of 8.
func TestDirectCMYK(t *testing.T) {
	var files [][]byte
	for _, f := range []string{"testdata/video-001.cmyk.jpeg", "../../testdata/cmyk-over.jpg"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, data)
	}
	enc, err := Encode(photoCMYK(203, 77), 4*203, 203, 77, 4, 85)
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, enc)
	for i, data := range files {
		for n := 1; n <= 8; n++ {
			direct, err := DecodeScaled(bytes.NewReader(data), n)
			if err != nil {
				t.Fatal(err)
			}
			directCMYK = false
			planes, err := DecodeScaled(bytes.NewReader(data), n)
			directCMYK = true
			if err != nil {
				t.Fatal(err)
			}
			a, ok := direct.(*image.CMYK)
			b := planes.(*image.CMYK)
			if !ok || a.Rect != b.Rect || a.Stride != b.Stride || !bytes.Equal(a.Pix, b.Pix) {
				t.Errorf("file %d at %d/8: decoded straight %T %v, through planes %v: not the same pixels", i, n, direct, direct.Bounds(), b.Rect)
			}
		}
	}
}

// A reduced decode that skips the coefficients its transform does not use
// gives the pixels, and the errors, of storing them: the test files (4:2:0
// to 4:4:4, grey, CMYK, restart markers, progressive) at every scale, and
// damaged copies of them.
func TestSkipUnused(t *testing.T) {
	names, _ := filepath.Glob("testdata/*.jpeg")
	if len(names) < 10 {
		t.Fatalf("%d test files", len(names))
	}
	decode := func(data []byte, n int, skip bool) (image.Image, string) {
		skipUnused = skip
		defer func() { skipUnused = true }()
		m, err := DecodeScaled(bytes.NewReader(data), n)
		return m, fmt.Sprint(err)
	}
	s := uint32(9)
	for _, name := range names {
		good, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for k := range 12 {
			data := append([]byte(nil), good...)
			if k > 0 { // a byte of the scan data changed
				s = s*1664525 + 1013904223
				at := len(data)/3 + int(s>>8)%(len(data)*2/3-2)
				data[at] ^= byte(s>>24) | 1
			}
			for n := 1; n < 8; n++ {
				a, ea := decode(data, n, true)
				b, eb := decode(data, n, false)
				if ea != eb || (a == nil) != (b == nil) || a != nil && !samePixels(a, b) {
					t.Fatalf("%s, copy %d, at %d/8: skipping %s, storing %s, or other pixels", name, k, n, ea, eb)
				}
			}
		}
	}
}

// samePixels reports whether two decoded images are the same.
func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	switch a := a.(type) {
	case *image.Gray:
		return bytes.Equal(a.Pix, b.(*image.Gray).Pix)
	case *image.CMYK:
		return bytes.Equal(a.Pix, b.(*image.CMYK).Pix)
	case *image.YCbCr:
		c := b.(*image.YCbCr)
		return bytes.Equal(a.Y, c.Y) && bytes.Equal(a.Cb, c.Cb) && bytes.Equal(a.Cr, c.Cr)
	case *image.RGBA:
		return bytes.Equal(a.Pix, b.(*image.RGBA).Pix)
	}
	return false
}

// Decoding a 12-megapixel 4:2:0 photo (grain in every pixel) reduced to
// 2/8 and 5/8, skipping the coefficients the reduced transforms do not use
// and storing them.
func BenchmarkDecodeScaled(b *testing.B) {
	w, h := 4000, 3000
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	s := uint32(3)
	for i := range m.Y {
		s = s*1664525 + 1013904223
		x, y := i%w, i/w
		m.Y[i] = uint8(60 + (x*90/w + y*60/h) + int(30*math.Sin(float64(x/9+y/13)/5)) + int(s>>28))
	}
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = uint8(110+i%31), uint8(140-i%17)
	}
	var buf bytes.Buffer
	if err := stdjpeg.Encode(&buf, m, &stdjpeg.Options{Quality: 92}); err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{2, 5} {
		for _, skip := range []bool{true, false} {
			b.Run(fmt.Sprintf("%d-skip-%v", n, skip), func(b *testing.B) {
				skipUnused = skip
				defer func() { skipUnused = true }()
				for b.Loop() {
					if _, err := DecodeScaled(bytes.NewReader(buf.Bytes()), n); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
