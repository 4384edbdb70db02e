package raster

import (
	"crypto/sha256"
	"image/color"
	"sync"
)

// Tone is the mean colour, in CMYK percent, of the rows of an image from
// top to bottom (fractions of its height, 0 at the top), across its whole
// width, sampled every few pixels. A grey image is its K. Results are cached
// by content and band for the life of the process (a --watch rebuild does
// not decode the cover again).
func Tone(data []byte, top, bottom float64) ([4]float64, error) {
	key := toneKey{sum: sha256.Sum256(data), top: top, bottom: bottom}
	tones.Lock()
	if t, ok := tones.m[key]; ok {
		tones.Unlock()
		return t, nil
	}
	tones.Unlock()
	// a mean needs no detail: a JPEG is decoded reduced (⅛ where it can)
	img, err := decodeUpright(data, 64, 64)
	if err != nil {
		return [4]float64{}, err
	}
	b := img.Bounds()
	y0 := b.Min.Y + int(top*float64(b.Dy()))
	y1 := max(y0+1, min(b.Max.Y, b.Min.Y+int(bottom*float64(b.Dy()))))
	step := max(1, b.Dx()/400)
	var sum [4]float64
	n := 0.0
	for y := y0; y < y1; y += step {
		for x := b.Min.X; x < b.Max.X; x += step {
			c := color.CMYKModel.Convert(img.At(x, y)).(color.CMYK)
			sum[0] += float64(c.C)
			sum[1] += float64(c.M)
			sum[2] += float64(c.Y)
			sum[3] += float64(c.K)
			n++
		}
	}
	var t [4]float64
	for i := range t {
		t[i] = sum[i] / n * 100 / 255
	}
	tones.Lock()
	tones.m[key] = t
	tones.Unlock()
	return t, nil
}

type toneKey struct {
	sum         [32]byte
	top, bottom float64
}

var tones = struct {
	sync.Mutex
	m map[toneKey][4]float64
}{m: map[toneKey][4]float64{}}
