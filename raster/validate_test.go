package raster

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"
)

// testJPEG encodes a grey gradient with image/jpeg (baseline).
func testJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetGray(x, y, color.Gray{uint8((x*7 + y*13) % 256)})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func frameHeader(t testing.TB, b []byte) int {
	for i := 2; i+9 < len(b); {
		if b[i+1] == 0xC0 {
			return i
		}
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
	}
	t.Fatal("no SOF0")
	return 0
}

// Validate accepts good files and refuses damaged ones — also those the
// standard decoder accepts: a frame header patched smaller than the data
// (image/jpeg skips the data left over) and scan data cut short.
func TestValidate(t *testing.T) {
	good := testJPEG(t, 200, 120)
	if err := Validate(good); err != nil {
		t.Fatalf("good JPEG: %v", err)
	}
	patched := func(f func(b []byte)) []byte {
		b := append([]byte(nil), good...)
		f(b)
		return b
	}
	sof := frameHeader(t, good)
	sos := bytes.Index(good, []byte{0xFF, 0xDA})
	for name, c := range map[string]struct {
		data   []byte
		want   string
		stdlib bool // image/jpeg refuses it too
	}{
		"taller":      {patched(func(b []byte) { binary.BigEndian.PutUint16(b[sof+5:], 240) }), "ends early", true},
		"shorter":     {patched(func(b []byte) { binary.BigEndian.PutUint16(b[sof+5:], 60) }), "extra data after the scan", false},
		"narrower":    {patched(func(b []byte) { binary.BigEndian.PutUint16(b[sof+7:], 184) }), "extra data after the scan", false},
		"truncated":   {append(append([]byte(nil), good[:len(good)-200]...), 0xFF, 0xD9), "ends early", true},
		"components":  {patched(func(b []byte) { b[sof+9] = 3 }), "frame header is damaged", true},
		"no EOI":      {good[:len(good)-2], "no marker", true},
		"scan header": {patched(func(b []byte) { b[sos+6] = 0x33 }), "not defined", true},
	} {
		err := Validate(c.data)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
		if _, _, err := image.Decode(bytes.NewReader(c.data)); (err != nil) != c.stdlib {
			t.Errorf("%s: image/jpeg says %v", name, err)
		}
	}
}

// Restart markers are followed and checked.
func TestValidateRestarts(t *testing.T) {
	// insert DRI = 1 MCU would need re-encoding; instead check that a
	// scan of a file with a stray RST in its data is refused
	good := testJPEG(t, 64, 64)
	sos := bytes.Index(good, []byte{0xFF, 0xDA})
	n := int(binary.BigEndian.Uint16(good[sos+2:]))
	at := sos + 2 + n + 10
	bad := append(append(append([]byte(nil), good[:at]...), 0xFF, 0xD0), good[at:]...)
	if err := Validate(bad); err == nil {
		t.Error("a stray restart marker in the scan data is accepted")
	}
}

// Validate never panics or loops, whatever it is given.
func FuzzValidate(f *testing.F) {
	f.Add(testJPEG(f, 40, 24))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xD9})
	f.Fuzz(func(t *testing.T, b []byte) {
		checkBaseline(b, nil)
	})
}
