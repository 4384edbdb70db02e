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
	hw, vw := filterWeights(sw, dw), filterWeights(sh, dh)
	inBands(dh, func(y0, y1 int) {
		acc := make([]int32, sw*nc)
		col := make([]byte, sw*nc) // the rows under the filter, summed
		for y := y0; y < y1; y++ {
			scaleRow(src, sstride, nc, vw[y], hw, acc, col, dst[y*dstride:], dnc)
		}
	})
}

// scaleRow is resamplePlane's work for one result row: the source rows
// under the filter f summed with their weights into acc and col (the
// source's width × nc), then filtered across by hw into out (dnc bytes a
// pixel; hw may be a part of the row's filters, for a crop).
func scaleRow(src []byte, sstride, nc int, f filter, hw []filter, acc []int32, col []byte, out []byte, dnc int) {
	// four source rows at a time, then two, then one: few passes over acc
	clear(acc)
	k := 0
	for ; k+3 < len(f.w); k += 4 {
		r0 := src[(f.start+k)*sstride:][:len(acc)]
		r1 := src[(f.start+k+1)*sstride:][:len(acc)]
		r2 := src[(f.start+k+2)*sstride:][:len(acc)]
		r3 := src[(f.start+k+3)*sstride:][:len(acc)]
		w0, w1, w2, w3 := f.w[k], f.w[k+1], f.w[k+2], f.w[k+3]
		for i := range acc {
			acc[i] += w0*int32(r0[i]) + w1*int32(r1[i]) + w2*int32(r2[i]) + w3*int32(r3[i])
		}
	}
	if k+1 < len(f.w) {
		r0 := src[(f.start+k)*sstride:][:len(acc)]
		r1 := src[(f.start+k+1)*sstride:][:len(acc)]
		w0, w1 := f.w[k], f.w[k+1]
		for i := range acc {
			acc[i] += w0*int32(r0[i]) + w1*int32(r1[i])
		}
		k += 2
	}
	if k < len(f.w) {
		r := src[(f.start+k)*sstride:][:len(acc)]
		wt := f.w[k]
		for i := range acc {
			acc[i] += wt * int32(r[i])
		}
	}
	col = col[:len(acc)]
	for i, a := range acc {
		col[i] = clamp8(a)
	}
	if nc == 1 && dnc == 1 { // a plane: the common case, simpler
		out = out[:len(hw)]
		for x := range hw {
			// dot, inlined by hand (a call a pixel is dear)
			w := hw[x].w
			p := col[hw[x].start:][:len(w)]
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
		return
	}
	for x, f := range hw {
		p := col[f.start*nc:]
		for c := range nc {
			var a int32
			for k, wt := range f.w {
				a += wt * int32(p[k*nc+c])
			}
			out[x*dnc+c] = clamp8(a)
		}
	}
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
	yh, yv := filterWeights(sw, w), filterWeights(sh, h)
	chw, cv := filterWeights(cw, w), filterWeights(ch, h)
	yh, chw = yh[r.Min.X:r.Max.X], chw[r.Min.X:r.Max.X]
	ys := m.Y[m.YOffset(b.Min.X, b.Min.Y):]
	c0 := m.COffset(b.Min.X, b.Min.Y)
	cbs, crs := m.Cb[c0:], m.Cr[c0:]
	return func(y0, y1 int) image.Image {
		o := image.NewYCbCr(image.Rect(0, y0, r.Dx(), y1), image.YCbCrSubsampleRatio444)
		acc, col := make([]int32, max(sw, cw)), make([]byte, max(sw, cw))
		for y := y0; y < y1; y++ {
			v, i := r.Min.Y+y, (y-y0)*o.YStride
			scaleRow(ys, m.YStride, 1, yv[v], yh, acc[:sw], col, o.Y[i:], 1)
			scaleRow(cbs, m.CStride, 1, cv[v], chw, acc[:cw], col, o.Cb[i:], 1)
			scaleRow(crs, m.CStride, 1, cv[v], chw, acc[:cw], col, o.Cr[i:], 1)
		}
		return o
	}
}
