package raster

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"testing"

	ijpeg "github.com/paiban/paiban/raster/internal/jpeg"
)

// benchPhoto is a w×h RGB JPEG with the detail of a photo.
func benchPhoto(tb testing.TB, w, h int) []byte {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	s := uint32(7)
	for y := range h {
		for x := range w {
			s = s*1664525 + 1013904223
			v := 70 + x*90/w + y*60/h + int(40*math.Sin(float64(x/7+y/11)/9)) + int(s>>28) - 8
			m.Y[y*m.YStride+x] = uint8(min(255, max(0, v)))
		}
	}
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = uint8(110+i%31), uint8(140-i%17)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 92}); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// A 33-megapixel camera photo: decoded at each DCT reduction, and fitted
// (decode, resample, separate, JPEG) for a column (1000 px wide) and for a
// page (2552 px wide).
func BenchmarkPhoto33MP(b *testing.B) {
	data := benchPhoto(b, 7000, 4715)
	b.Run("decode-image/jpeg", func(b *testing.B) {
		for b.Loop() {
			if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
	})
	for shift := range 4 {
		b.Run(fmt.Sprintf("decode-1:%d", 1<<shift), func(b *testing.B) {
			for b.Loop() {
				if _, err := ijpeg.Decode(bytes.NewReader(data), shift); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, w := range []int{1000, 2552} {
		b.Run(fmt.Sprintf("fit-%d", w), func(b *testing.B) {
			for b.Loop() {
				if _, err := convert(data, Options{W: w, H: w}, Device); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
