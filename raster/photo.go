package raster

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"image"
	"strings"

	"github.com/paiban/paiban/raster/internal/jpeg"
)

// Photos: a JPEG is decoded reduced in the DCT domain to the smallest size
// n/8 still at least the size it is fitted to (a 33-megapixel photo for a
// column is decoded at ¼ of its width, skipping most of the inverse
// transform), then resampled to that size; photos are written as baseline
// JPEG (DCTDecode) rather than Flate.

// DefaultQuality is the JPEG quality of re-encoded photos ([print]
// jpeg_quality): 90 keeps no visible artefact at 300 ppi.
const DefaultQuality = 90

// Options say how FitWith makes an image printable.
type Options struct {
	W, H int // fit in W×H pixels when larger; 0 keeps the size
	// Crop, when set, is the part of the (upright, fitted) picture that
	// shows where it is placed, in ten-thousandths of its width and
	// height: x0, y0, x1, y1 (a landscape photo filling a portrait page
	// shows less than half of itself). Only that part is embedded: its
	// pixels from floor(x0·w) to ceil(x1·w). A file that goes into the PDF
	// as it is (Classify's PassThrough, not fitted) is not cropped.
	Crop     [4]int
	Quality  int  // JPEG quality of photos, 1 … 100; 0 is DefaultQuality
	Lossless bool // Flate for every image, photos too
	// Sum is the SHA-256 of the file when the caller has it (the zero
	// value: FitWith computes it), so each file is hashed once.
	Sum [32]byte
	// Store, when set, keeps conversions beyond the process (store.go);
	// it is not part of the key.
	Store Store
}

func (o Options) quality() int {
	if o.Quality <= 0 {
		return DefaultQuality
	}
	return min(o.Quality, 100)
}

// photo says whether the image is written as JPEG: a JPEG file, or any
// image downsampled (a photo larger than its place), but a palette image
// (a diagram, a screenshot) never, and nothing when Lossless.
func (o Options) photo(inf Info, resampled bool) bool {
	if o.Lossless {
		return false
	}
	return inf.Format == "jpeg" || resampled && !strings.Contains(inf.Why, "palette")
}

// FitWith is Fit with the options, converting for the device (Device).
func FitWith(data []byte, o Options) (*Image, error) { return Device.FitWith(data, o) }

// FitWith is Fit with the options: the image decoded, flattened, fitted
// to o.W×o.H when larger, separated for print with c, and compressed (JPEG
// for photos, else Flate). Cached by content, colour and options.
func (c *Colour) FitWith(data []byte, o Options) (*Image, error) {
	sum := o.Sum
	if sum == ([32]byte{}) {
		sum = sha256.Sum256(data)
	}
	k := append(sum[:], c.key[:]...)
	k = binary.BigEndian.AppendUint32(k, uint32(max(0, o.W)))
	k = binary.BigEndian.AppendUint32(k, uint32(max(0, o.H)))
	k = append(k, byte(o.quality()))
	if o.Crop != ([4]int{}) {
		for _, v := range o.Crop {
			k = binary.BigEndian.AppendUint32(k, uint32(max(0, v)))
		}
	}
	if o.Lossless {
		k = append(k, 1)
	}
	key := sha256.Sum256(k)
	e := cache.entry(key)
	e.once.Do(func() {
		if o.Store != nil {
			if b := o.Store.Load(key); b != nil {
				if im, err := UnmarshalImage(b); err == nil {
					e.img = im
					cache.done(key, e)
					return
				}
			}
		}
		e.img, e.err = convert(data, o, c)
		conversions.Add(1)
		if e.err == nil && o.Store != nil {
			o.Store.Save(key, MarshalImage(e.img))
		}
		cache.done(key, e)
	})
	return e.img, e.err
}

// Sum is the SHA-256 FitWith keys its cache by (Options.Sum).
func Sum(data []byte) [32]byte { return sha256.Sum256(data) }

// fitSize is the size an image of inf's pixels is fitted to in fitW×fitH
// (its proportions kept); ok is false when it fits already.
func fitSize(inf Info, fitW, fitH int) (w, h int, ok bool) {
	if fitW <= 0 || fitH <= 0 || inf.Width <= fitW && inf.Height <= fitH {
		return inf.Width, inf.Height, false
	}
	s := min(float64(fitW)/float64(inf.Width), float64(fitH)/float64(inf.Height))
	return max(1, int(float64(inf.Width)*s+0.5)), max(1, int(float64(inf.Height)*s+0.5)), true
}

// reduction is the scale n/8 (n = 1 … 8) a JPEG is decoded at: the
// smallest that leaves at least the fitted size, so that resampling has
// the least to do (n = 7 is skipped: its transform costs more than the
// full one).
func reduction(inf Info, fitW, fitH int) int {
	if inf.Format != "jpeg" {
		return 8
	}
	w, h, ok := fitSize(inf, fitW, fitH)
	if !ok {
		return 8
	}
	for n := 1; n < 7; n++ {
		if jpeg.ScaledSize(inf.Width, n) >= w && jpeg.ScaledSize(inf.Height, n) >= h {
			return n
		}
	}
	return 8
}

// decodeJPEG decodes a JPEG reduced for a fit in fitW×fitH.
func decodeJPEG(data []byte, inf Info, fitW, fitH int) (image.Image, error) {
	return jpeg.DecodeScaled(bytes.NewReader(data), reduction(inf, fitW, fitH))
}

// encodeDCT separates img for print (grey or CMYK, as encode) and writes it
// as a baseline JPEG, CMYK as YCCK with ycck; the rows are separated in
// parallel.
func encodeDCT(img image.Image, gray bool, quality int, ycck bool) ([]byte, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	// the samples as they are when they are the printed ones (what
	// Colour.separate gives): no copy
	if m, ok := img.(*image.CMYK); ok && !gray {
		if ycck {
			return jpeg.EncodeYCCK(m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, quality)
		}
		return jpeg.Encode(m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 4, quality)
	}
	if m, ok := img.(*image.Gray); ok && gray {
		return jpeg.Encode(m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 1, quality)
	}
	nc := 4
	if gray {
		nc = 1
	}
	pix := make([]byte, w*h*nc)
	inBands(h, func(y0, y1 int) {
		rgb := make([]byte, 3*w)
		for y := y0; y < y1; y++ {
			printableRow(img, b.Min.Y+y, gray, rgb, pix[y*w*nc:][:w*nc])
		}
	})
	if ycck && !gray {
		return jpeg.EncodeYCCK(pix, w*nc, w, h, quality)
	}
	return jpeg.Encode(pix, w*nc, w, h, nc, quality)
}

// ClearCache forgets every conversion (benchmarks that convert afresh).
func ClearCache() {
	cache.mu.Lock()
	defer cache.mu.Unlock()
	cache.m, cache.order, cache.bytes = map[[32]byte]*entry{}, nil, 0
}
