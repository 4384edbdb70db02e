package jpeg

import (
	"bytes"
	"image"
	stdjpeg "image/jpeg"
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
	src := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for y := range h {
		for x := range w {
			src.Y[y*src.YStride+x] = uint8(x/2 + y/2 + (x/9%2)*12)
		}
	}
	for i := range src.Cb {
		src.Cb[i], src.Cr[i] = uint8(100+i%50), uint8(150-i%40)
	}
	var buf bytes.Buffer
	if err := stdjpeg.Encode(&buf, src, &stdjpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	full, err := Decode(bytes.NewReader(buf.Bytes()), 0)
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := stdjpeg.Decode(bytes.NewReader(buf.Bytes()))
	if !bytes.Equal(full.(*image.YCbCr).Y, ref.(*image.YCbCr).Y) {
		t.Error("the full-size decode differs from image/jpeg's")
	}
	fy := full.(*image.YCbCr)
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
