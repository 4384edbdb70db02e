package raster

import (
	"image"
	"runtime"
	"sync"
	"sync/atomic"
)

// resample scales img to w×h pixels with the Catmull-Rom filter, widened by
// the reduction when downsampling (every source pixel counts, as in an
// area filter, with the cubic's sharpness): a separable filter in integer
// arithmetic, columns then rows, in parallel bands of rows. The samples are
// resampled as they are held: a JPEG's Y, Cb and Cr planes each at its own
// size (the result is YCbCr 4:4:4, separated for print afterwards, so only
// the result's pixels are converted), CMYK channel by channel (never
// through RGB), grey as grey; anything else first as RGB flattened onto
// white (paper). Besides the source and the result it holds a few rows per
// band (x/image/draw's kernel scaler holds the result's width × the
// source's height in float64 quadruples: 550 MB for a 33-megapixel photo
// on a page).
func resample(img image.Image, w, h int, gray bool) image.Image {
	b := img.Bounds()
	sw, sh := b.Dx(), b.Dy()
	rect := image.Rect(0, 0, w, h)
	switch m := img.(type) {
	case *image.Gray:
		o := image.NewGray(rect)
		resamplePlane(m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, sw, sh, 1, o.Pix, o.Stride, w, h, 1)
		return o
	case *image.YCbCr:
		if gray {
			break
		}
		o := image.NewYCbCr(rect, image.YCbCrSubsampleRatio444)
		resamplePlane(m.Y[m.YOffset(b.Min.X, b.Min.Y):], m.YStride, sw, sh, 1, o.Y, o.YStride, w, h, 1)
		cw, ch := chromaSize(m.SubsampleRatio, b)
		c0 := m.COffset(b.Min.X, b.Min.Y)
		resamplePlane(m.Cb[c0:], m.CStride, cw, ch, 1, o.Cb, o.CStride, w, h, 1)
		resamplePlane(m.Cr[c0:], m.CStride, cw, ch, 1, o.Cr, o.CStride, w, h, 1)
		return o
	case *image.CMYK:
		if gray {
			break
		}
		o := image.NewCMYK(rect)
		resamplePlane(m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, sw, sh, 4, o.Pix, o.Stride, w, h, 4)
		return o
	}
	// other images: their rows as printed before separation, then scaled
	nc, row := 3, rgbRow
	if gray {
		nc, row = 1, grayRow
	}
	src := make([]byte, sw*sh*nc)
	inBands(sh, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			row(img, b.Min.Y+y, src[y*sw*nc:][:sw*nc])
		}
	})
	if gray {
		o := image.NewGray(rect)
		resamplePlane(src, sw, sw, sh, 1, o.Pix, o.Stride, w, h, 1)
		return o
	}
	o := image.NewRGBA(rect)
	for i := 3; i < len(o.Pix); i += 4 {
		o.Pix[i] = 255
	}
	resamplePlane(src, sw*3, sw, sh, 3, o.Pix, o.Stride, w, h, 4)
	return o
}

// chromaSize is the size of the chroma planes of a YCbCr image of bounds b.
func chromaSize(r image.YCbCrSubsampleRatio, b image.Rectangle) (w, h int) {
	w, h = b.Dx(), b.Dy()
	switch r {
	case image.YCbCrSubsampleRatio422:
		return (b.Max.X+1)/2 - b.Min.X/2, h
	case image.YCbCrSubsampleRatio420:
		return (b.Max.X+1)/2 - b.Min.X/2, (b.Max.Y+1)/2 - b.Min.Y/2
	case image.YCbCrSubsampleRatio440:
		return w, (b.Max.Y+1)/2 - b.Min.Y/2
	case image.YCbCrSubsampleRatio411:
		return (b.Max.X+3)/4 - b.Min.X/4, h
	case image.YCbCrSubsampleRatio410:
		return (b.Max.X+3)/4 - b.Min.X/4, (b.Max.Y+1)/2 - b.Min.Y/2
	}
	return w, h
}

// resamplePlane scales sw×sh pixels of nc interleaved 8-bit channels (row
// y at src[y*sstride:]) to dw×dh into dst (row y at dst[y*dstride:], dnc
// bytes a pixel, the channels first): for each result row, the source rows
// under the filter summed with their weights (a loop over whole rows), then
// that row filtered across.
func resamplePlane(src []byte, sstride, sw, sh, nc int, dst []byte, dstride, dw, dh, dnc int) {
	hw, vw := across(filterWeights(sw, dw)), filterWeights(sh, dh)
	inBands(dh, func(y0, y1 int) {
		acc := make([]int32, sw*nc)
		col := make([]byte, (sw+slack)*nc) // the rows under the filter, summed (and slack)
		for y := y0; y < y1; y++ {
			scaleRow(src, sstride, nc, vw[y], hw, acc, col, dst[y*dstride:], dnc)
		}
	})
}

// scaleRow is resamplePlane's work for one result row: the source rows
// under the filter f summed with their weights into col (len(acc) of its
// bytes, the source's width × nc; acc holds the sums of more than four
// rows; col has slack pixels after them), then filtered across
// by hw into out (dnc bytes a pixel; hw may be a part of the row's
// filters, for a crop). The layouts are a plane (nc = dnc = 1), CMYK
// (4, 4) and RGB into RGBA (3, 4).
func scaleRow(src []byte, sstride, nc int, f filter, hw hfilters, acc []int32, col []byte, out []byte, dnc int) {
	sumRows(src, sstride, f, acc, col[:len(acc)])
	switch {
	case nc == 1 && dnc == 1 && hw.w != nil: // a plane, four taps: unrolled
		out = out[:len(hw.start)]
		for x, s := range hw.start {
			w, p := hw.w[4*x:4*x+4:4*x+4], col[s:s+4:s+4]
			out[x] = clamp8(w[0]*int32(p[0]) + w[1]*int32(p[1]) + w[2]*int32(p[2]) + w[3]*int32(p[3]))
		}
	case nc == 1 && dnc == 1: // a plane
		out = out[:len(hw.fs)]
		for x := range hw.fs {
			// dot, inlined by hand (a call a pixel is dear)
			w := hw.fs[x].w
			p := col[hw.fs[x].start:][:len(w)]
			var a int32
			k := 0
			for ; k+3 < len(w); k += 4 {
				w4, p4 := w[k:k+4:k+4], p[k:k+4:k+4]
				a += w4[0]*int32(p4[0]) + w4[1]*int32(p4[1]) + w4[2]*int32(p4[2]) + w4[3]*int32(p4[3])
			}
			for ; k < len(w); k++ {
				a += w[k] * int32(p[k])
			}
			out[x] = clamp8(a)
		}
	case nc == 4 && dnc == 4: // CMYK: four sums a tap
		out = out[:len(hw.fs)*4]
		for x := range hw.fs {
			w := hw.fs[x].w
			p := col[hw.fs[x].start*4:][:len(w)*4]
			var a0, a1, a2, a3 int32
			for k, wt := range w {
				q := p[k*4 : k*4+4 : k*4+4]
				a0 += wt * int32(q[0])
				a1 += wt * int32(q[1])
				a2 += wt * int32(q[2])
				a3 += wt * int32(q[3])
			}
			o := out[x*4 : x*4+4 : x*4+4]
			o[0], o[1], o[2], o[3] = clamp8(a0), clamp8(a1), clamp8(a2), clamp8(a3)
		}
	case nc == 3 && dnc == 4: // RGB into RGBA, its alpha left alone
		out = out[:len(hw.fs)*4]
		for x := range hw.fs {
			w := hw.fs[x].w
			p := col[hw.fs[x].start*3:][:len(w)*3]
			var a0, a1, a2 int32
			for k, wt := range w {
				q := p[k*3 : k*3+3 : k*3+3]
				a0 += wt * int32(q[0])
				a1 += wt * int32(q[1])
				a2 += wt * int32(q[2])
			}
			o := out[x*4 : x*4+3 : x*4+3]
			o[0], o[1], o[2] = clamp8(a0), clamp8(a1), clamp8(a2)
		}
	default:
		panic("raster: scaleRow: no such layout")
	}
}

// hfilters are a row's filters across (fs) and, when none has more than
// four taps (upsampling, and reductions up to about 1.05), the same
// padded with weights 0 to four taps each in flat arrays: filter x weighs
// the pixels start[x] … start[x]+3 with w[4x:][:4] — the same sums in one
// unrolled step a pixel; a pixel past the row's end is read (weighed 0),
// so the row summed needs four pixels of slack.
type hfilters struct {
	fs    []filter
	start []int
	w     []int32
}

// slack is the pixels after a row summed that scaleRow may read.
const slack = 4

// across makes fs hfilters.
func across(fs []filter) hfilters {
	h := hfilters{fs: fs}
	for _, f := range fs {
		if len(f.w) > 4 {
			return h
		}
	}
	h.start, h.w = make([]int, len(fs)), make([]int32, 4*len(fs))
	for x, f := range fs {
		h.start[x] = f.start
		copy(h.w[4*x:], f.w)
	}
	return h
}

// part is the filters of result pixels x0 … x1−1 (a crop).
func (h hfilters) part(x0, x1 int) hfilters {
	p := hfilters{fs: h.fs[x0:x1]}
	if h.w != nil {
		p.start, p.w = h.start[x0:x1], h.w[4*x0:4*x1]
	}
	return p
}

// sumRows sets col to the source rows under f (from row f.start, len(col)
// bytes each) summed with their weights: four or two rows a pass (an odd
// count made even by the last row again with weight 0, which adds
// nothing), the first pass setting acc and the last one adding acc and
// rounding into col, so one or two rows of weights take one pass, with
// nothing cleared first.
func sumRows(src []byte, sstride int, f filter, acc []int32, col []byte) {
	n := len(col)
	acc = acc[:n]
	t := len(f.w)
	if t <= 2 {
		r, w := taps(src, sstride, f, 0, n)
		r0, r1 := r[0][:n], r[1][:n]
		for i := range col {
			col[i] = clamp8(w[0]*int32(r0[i]) + w[1]*int32(r1[i]))
		}
		return
	}
	r, w := taps(src, sstride, f, 0, n)
	r0, r1, r2, r3 := r[0][:n], r[1][:n], r[2][:n], r[3][:n]
	if t <= 4 {
		for i := range col {
			col[i] = clamp8(w[0]*int32(r0[i]) + w[1]*int32(r1[i]) + w[2]*int32(r2[i]) + w[3]*int32(r3[i]))
		}
		return
	}
	for i := range acc {
		acc[i] = w[0]*int32(r0[i]) + w[1]*int32(r1[i]) + w[2]*int32(r2[i]) + w[3]*int32(r3[i])
	}
	k := 4
	for ; t-k > 4; k += 4 {
		r, w := taps(src, sstride, f, k, n)
		r0, r1, r2, r3 := r[0][:n], r[1][:n], r[2][:n], r[3][:n]
		for i := range acc {
			acc[i] += w[0]*int32(r0[i]) + w[1]*int32(r1[i]) + w[2]*int32(r2[i]) + w[3]*int32(r3[i])
		}
	}
	r, w = taps(src, sstride, f, k, n)
	if t-k <= 2 {
		r0, r1 := r[0][:n], r[1][:n]
		for i, a := range acc {
			col[i] = clamp8(a + w[0]*int32(r0[i]) + w[1]*int32(r1[i]))
		}
		return
	}
	r0, r1, r2, r3 = r[0][:n], r[1][:n], r[2][:n], r[3][:n]
	for i, a := range acc {
		col[i] = clamp8(a + w[0]*int32(r0[i]) + w[1]*int32(r1[i]) + w[2]*int32(r2[i]) + w[3]*int32(r3[i]))
	}
}

// taps are the rows (n bytes each) and weights of f's taps k … k+3; taps
// beyond the last are the last row with weight 0.
func taps(src []byte, sstride int, f filter, k, n int) (r [4][]byte, w [4]int32) {
	for j := range 4 {
		if k+j < len(f.w) {
			r[j], w[j] = src[(f.start+k+j)*sstride:][:n], f.w[k+j]
		} else {
			r[j] = src[(f.start+len(f.w)-1)*sstride:][:n]
		}
	}
	return r, w
}

// weightBits is the precision of the filter weights: they sum to 1<<weightBits.
const weightBits = 14

func clamp8(acc int32) uint8 {
	v := (acc + 1<<(weightBits-1)) >> weightBits
	return uint8(min(255, max(0, v)))
}

// filter is one result pixel's weights over source pixels start, start+1, ….
type filter struct {
	start int
	w     []int32
}

// filterWeights gives, for each of n result pixels across m source pixels,
// the Catmull-Rom weights, the kernel stretched by m/n when downsampling;
// taps beyond the edges go to the edge pixel. The weights of a pixel sum
// to exactly 1<<weightBits.
func filterWeights(m, n int) []filter {
	scale := float64(m) / float64(n)
	support := 2.0
	if scale > 1 {
		support *= scale
	} else {
		scale = 1
	}
	out := make([]filter, n)
	for x := range out {
		c := (float64(x)+0.5)*float64(m)/float64(n) - 0.5
		lo, hi := int(c-support)+1, int(c+support)
		lo, hi = max(lo, -m), min(hi, 2*m)
		ws := make([]float64, hi-lo+1)
		sum := 0.0
		for i := lo; i <= hi; i++ {
			ws[i-lo] = catmullRom((float64(i) - c) / scale)
			sum += ws[i-lo]
		}
		// fold taps beyond the edges onto the edge pixels
		start, end := max(lo, 0), min(hi, m-1)
		if start > end { // cannot happen for m ≥ 1; keep the centre pixel
			start, end = min(max(int(c+0.5), 0), m-1), min(max(int(c+0.5), 0), m-1)
		}
		w := make([]int32, end-start+1)
		total, big := int32(0), 0
		acc := make([]float64, len(w))
		for i := lo; i <= hi; i++ {
			j := min(max(i, start), end) - start
			acc[j] += ws[i-lo]
		}
		for j, a := range acc {
			w[j] = int32(a / sum * (1 << weightBits))
			total += w[j]
			if acc[j] > acc[big] {
				big = j
			}
		}
		w[big] += 1<<weightBits - total
		out[x] = filter{start: start, w: w}
	}
	return out
}

// catmullRom is the Catmull-Rom cubic (Keys, a = −½) at t.
func catmullRom(t float64) float64 {
	if t < 0 {
		t = -t
	}
	switch {
	case t < 1:
		return (1.5*t-2.5)*t*t + 1
	case t < 2:
		return ((-0.5*t+2.5)*t-4)*t + 2
	}
	return 0
}

// inBands calls f on bands of the rows 0 … n−1, in parallel (GOMAXPROCS
// workers); which worker does a band changes nothing in the result.
func inBands(n int, f func(y0, y1 int)) {
	const rows = bandRows
	nb := (n + rows - 1) / rows
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), nb) {
		wg.Go(func() {
			for k := int(next.Add(1) - 1); k < nb; k = int(next.Add(1) - 1) {
				f(k*rows, min(n, (k+1)*rows))
			}
		})
	}
	wg.Wait()
}

// resampleBands is resample of a colour YCbCr image to w×h, the part r of
// the result only (a crop), made band by band as it is used: band(y0, y1)
// is a 4:4:4 image whose rows y0 … y1−1 (x from 0) are the result's rows
// r.Min.Y+y0 … r.Min.Y+y1−1, columns r.Min.X … r.Max.X−1, the samples
// resample gives. Each call makes its own image, so calls may run at once;
// the whole result is never held.
func resampleBands(m *image.YCbCr, w, h int, r image.Rectangle) func(y0, y1 int) image.Image {
	b := m.Bounds()
	sw, sh := b.Dx(), b.Dy()
	cw, ch := chromaSize(m.SubsampleRatio, b)
	yh, yv := across(filterWeights(sw, w)).part(r.Min.X, r.Max.X), filterWeights(sh, h)
	chw, cv := across(filterWeights(cw, w)).part(r.Min.X, r.Max.X), filterWeights(ch, h)
	ys := m.Y[m.YOffset(b.Min.X, b.Min.Y):]
	c0 := m.COffset(b.Min.X, b.Min.Y)
	cbs, crs := m.Cb[c0:], m.Cr[c0:]
	return func(y0, y1 int) image.Image {
		o := image.NewYCbCr(image.Rect(0, y0, r.Dx(), y1), image.YCbCrSubsampleRatio444)
		acc, col := make([]int32, max(sw, cw)), make([]byte, max(sw, cw)+slack)
		for y := y0; y < y1; y++ {
			v, i := r.Min.Y+y, (y-y0)*o.YStride
			scaleRow(ys, m.YStride, 1, yv[v], yh, acc[:sw], col, o.Y[i:], 1)
			scaleRow(cbs, m.CStride, 1, cv[v], chw, acc[:cw], col, o.Cb[i:], 1)
			scaleRow(crs, m.CStride, 1, cv[v], chw, acc[:cw], col, o.Cr[i:], 1)
		}
		return o
	}
}
