package raster

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"
)

// Tone is the mean colour of a band of rows: a picture black above and white
// below is all black in its top half and without ink in its bottom half.
func TestTone(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 40, 100))
	for y := 50; y < 100; y++ {
		for x := 0; x < 40; x++ {
			img.SetGray(x, y, color.Gray{255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		top, bottom, k float64
	}{{0, 0.5, 100}, {0.5, 1, 0}, {0.25, 0.75, 50}} {
		tone, err := Tone(b.Bytes(), c.top, c.bottom)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(tone[3]-c.k) > 3 || tone[0]+tone[1]+tone[2] > 1 {
			t.Errorf("rows %.2f–%.2f: tone %v, want K %.0f", c.top, c.bottom, tone, c.k)
		}
	}
	if _, err := Tone([]byte("not an image"), 0, 1); err == nil {
		t.Error("no error for a file that is no image")
	}
}
