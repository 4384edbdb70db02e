package raster

import (
	"bytes"
	"crypto/sha256"
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

// The tones kept by the disk cache come back exactly, keyed by content
// and band, in a fresh process (the process-wide table emptied here); a
// damaged encoding primes nothing.
func TestToneExportImport(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 30, 60))
	for x := range 30 {
		img.SetGray(x, 10, color.Gray{40})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b.Bytes())
	want, err := ToneSum(b.Bytes(), sum, 0.1, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	enc := ExportTones()
	tones.Lock()
	saved := tones.m
	tones.m = map[toneKey][4]float64{}
	tones.Unlock()
	defer func() {
		tones.Lock()
		tones.m = saved
		tones.Unlock()
	}()
	if _, ok := ToneCached(sum, 0.1, 0.3); ok {
		t.Fatal("the table was not emptied")
	}
	for _, bad := range [][]byte{enc[:len(enc)-1], append(bytes.Repeat([]byte{0}, 32), bytes.Repeat([]byte{0xff}, 48)...)} {
		if ImportTones(bad) == nil {
			t.Errorf("damaged tones (%d bytes) accepted", len(bad))
		}
	}
	if _, ok := ToneCached(sum, 0.1, 0.3); ok {
		t.Fatal("a damaged encoding primed the table")
	}
	if err := ImportTones(enc); err != nil {
		t.Fatal(err)
	}
	if got, ok := ToneCached(sum, 0.1, 0.3); !ok || got != want {
		t.Fatalf("imported tone %v %v, want %v", got, ok, want)
	}
	if _, ok := ToneCached(sum, 0.1, 0.4); ok {
		t.Error("another band found")
	}
}
