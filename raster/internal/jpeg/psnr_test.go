package jpeg

import (
	"bytes"
	"image"
	stdjpeg "image/jpeg"
	"math"
	"os"
	"testing"
)

// psnr is the peak signal-to-noise ratio, in dB, of the CMYK or grey
// samples pix (w×h, nc components) encoded at quality q and decoded again
// by the standard library.
func psnr(t *testing.T, pix []byte, w, h, nc, q int) float64 {
	t.Helper()
	data, err := Encode(pix, nc*w, w, h, nc, q)
	if err != nil {
		t.Fatal(err)
	}
	img, err := stdjpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var got []byte
	stride := 0
	switch m := img.(type) {
	case *image.CMYK:
		got, stride = m.Pix, m.Stride
	case *image.Gray:
		got, stride = m.Pix, m.Stride
	default:
		t.Fatalf("decoded as %T", img)
	}
	var se float64
	for y := range h {
		for i, v := range pix[y*nc*w : (y+1)*nc*w] {
			d := float64(v) - float64(got[y*stride+i])
			se += d * d
		}
	}
	return 10 * math.Log10(255*255/(se/float64(len(pix))))
}

// The encoder's quality at 90: the PSNR of a photo (the standard library's
// CMYK test photo, and its grey version) and of a synthetic grainy CMYK
// image, decoded again, is within 0.1 dB of what the encoder gave with
// Loeffler's integer transform (the figures before the AAN transform).
func TestEncodePSNR(t *testing.T) {
	f, err := os.ReadFile("testdata/video-001.cmyk.jpeg")
	if err != nil {
		t.Fatal(err)
	}
	img, err := stdjpeg.Decode(bytes.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	m := img.(*image.CMYK)
	w, h := m.Bounds().Dx(), m.Bounds().Dy()
	grey := make([]byte, w*h)
	for i := range grey {
		grey[i] = m.Pix[4*i+3]/2 + m.Pix[4*i]/2
	}
	sw, sh := 640, 480
	for _, c := range []struct {
		name   string
		pix    []byte
		w, h   int
		nc     int
		before float64 // dB
	}{
		{"photo CMYK", m.Pix, w, h, 4, 43.418},
		{"photo grey", grey, w, h, 1, 41.062},
		{"synthetic CMYK", photoCMYK(sw, sh), sw, sh, 4, 41.974},
	} {
		p := psnr(t, c.pix, c.w, c.h, c.nc, 90)
		t.Logf("%s: %.3f dB (%.3f before)", c.name, p, c.before)
		if p < c.before-0.1 {
			t.Errorf("%s: PSNR %.3f dB, was %.3f", c.name, p, c.before)
		}
	}
}
