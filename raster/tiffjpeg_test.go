package raster

import (
	"image/color"
	"os"
	"path/filepath"
	"testing"
)

// JPEG-compressed TIFFs (Photoshop's and libtiff's "JPEG" option) decode to
// the pictures they were made from, within JPEG's loss. The files in
// testdata/tiffjpeg were written by libtiff's tiffcp from the
// uncompressed rgb.tif, gray.tif and cmyk.tif beside them: "-c jpeg:90
// -r 16" (YCbCr, strips of 16 rows, the last one short), "-c jpeg:90:r"
// (RGB stored as it is), "-t -w 32 -l 16" (tiles, the right and bottom
// ones partly outside the picture), grey and CMYK.
func TestTIFFJPEG(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "tiffjpeg", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, c := range []struct{ file, from, color string }{
		{"rgb-ycbcr.tif", "rgb.tif", "rgb"},
		{"rgb-rgbjpeg.tif", "rgb.tif", "rgb"},
		{"rgb-tiled.tif", "rgb.tif", "rgb"},
		{"gray-jpeg.tif", "gray.tif", "gray"},
		{"cmyk-jpeg.tif", "cmyk.tif", "cmyk"},
	} {
		data := read(c.file)
		inf, err := Classify(data)
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		if inf.Color != c.color || inf.Width != 72 || inf.Height != 40 {
			t.Errorf("%s: classified %s %d×%d", c.file, inf.Color, inf.Width, inf.Height)
		}
		got, err := decodeTIFF(data)
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		want, err := decodeTIFF(read(c.from))
		if err != nil {
			t.Fatal(err)
		}
		if got.Bounds() != want.Bounds() {
			t.Errorf("%s: %v, want %v", c.file, got.Bounds(), want.Bounds())
			continue
		}
		var sum, worst float64
		n := 0
		for y := range 40 {
			for x := range 72 {
				a, b := colourSamples(got.At(x, y)), colourSamples(want.At(x, y))
				for k := range a {
					d := float64(a[k]) - float64(b[k])
					if d < 0 {
						d = -d
					}
					sum += d
					worst = max(worst, d)
					n++
				}
			}
		}
		if mean := sum / float64(n); mean > 3 || worst > 40 {
			t.Errorf("%s: differs from %s by %.2f on average, %.0f at most", c.file, c.from, mean, worst)
		}
	}
}

// colourSamples are a colour's 8-bit samples in its own model.
func colourSamples(c color.Color) []uint8 {
	switch v := c.(type) {
	case color.CMYK:
		return []uint8{v.C, v.M, v.Y, v.K}
	case color.Gray:
		return []uint8{v.Y}
	}
	r, g, b, _ := c.RGBA()
	return []uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}
}

// A damaged JPEG strip is an error, never a panic or a blank picture.
func TestTIFFJPEGDamaged(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "tiffjpeg", "rgb-ycbcr.tif"))
	if err != nil {
		t.Fatal(err)
	}
	for n := 8; n < len(good); n += 7 {
		bad := append([]byte(nil), good...)
		bad[n] ^= 0xA5
		if _, err := Classify(bad); err != nil {
			continue
		}
		decodeTIFF(bad) // must not panic; an error or a (garbled) picture
	}
	cut := good[:len(good)-40]
	if _, err := Classify(cut); err == nil {
		if _, err := decodeTIFF(cut); err == nil {
			t.Error("a JPEG TIFF cut short decodes")
		}
	}
}
