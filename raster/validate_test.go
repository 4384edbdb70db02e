package raster

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
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

// The walk through the fast Huffman tables finds what the walk code by
// code finds — the same verdict and the same block means — on good JPEGs
// (grey, 4:2:0 colour, CMYK from our encoder, with restart markers) and
// on thousands of damaged copies of them (bytes changed, cut, a Huffman
// count changed).
func TestFastWalk(t *testing.T) {
	cm := image.NewCMYK(image.Rect(0, 0, 90, 70))
	for i := range cm.Pix {
		cm.Pix[i] = uint8(i*i>>5) ^ uint8(i/280)
	}
	var ycc bytes.Buffer
	jpeg.Encode(&ycc, cm, &jpeg.Options{Quality: 97}) // image/jpeg writes YCbCr
	restarts, err := os.ReadFile("internal/jpeg/testdata/video-001.restart2.jpeg")
	if err != nil {
		t.Fatal(err)
	}
	files := [][]byte{testJPEG(t, 200, 120), benchPhoto(t, 160, 96), cmykJPEG(t, cm), ycc.Bytes(), restarts}
	walk := func(b []byte, fast bool) (string, jpegDC) {
		fastWalk = fast
		defer func() { fastWalk = true }()
		var dcs jpegDC
		err := checkBaseline(b, &dcs)
		return fmt.Sprint(err), dcs
	}
	s, bad := uint32(3), 0
	for fi, good := range files {
		for n := range 700 {
			b := append([]byte(nil), good...)
			if n > 0 {
				s = s*1664525 + 1013904223
				sos := bytes.LastIndex(b, []byte{0xFF, 0xDA})
				at := sos + int(s>>8)%(len(b)-sos)
				switch n % 4 {
				case 0:
					b = b[:at]
				case 1, 2:
					b[at] ^= byte(1 << (s >> 4 & 7))
				case 3:
					b[at] = byte(s >> 16)
					if dht := bytes.Index(b, []byte{0xFF, 0xC4}); dht > 0 && n%8 == 3 {
						b[dht+5+int(s>>12)%16]++
					}
				}
			}
			e1, d1 := walk(b, true)
			e2, d2 := walk(b, false)
			if e1 != "<nil>" {
				bad++
			}
			if e1 != e2 || d1.best != d2.best || d1.streamed != d2.streamed || fmt.Sprint(d1.means) != fmt.Sprint(d2.means) {
				t.Fatalf("file %d, copy %d: fast walk %s (best %v), code by code %s (best %v)", fi, n, e1, d1.best, e2, d2.best)
			}
			if n == 0 && (e1 != "<nil>" || len(d1.comps) == 0) {
				t.Fatalf("file %d: %s", fi, e1)
			}
		}
	}
	if bad < 1000 {
		t.Errorf("only %d damaged copies refused", bad)
	}
}

// BenchmarkJPEGCoverage: the walk of a 1.3-megapixel CMYK photo's scan
// data for its ink coverage (the sample's pass-through CMYK JPEGs).
func BenchmarkJPEGCoverage(b *testing.B) {
	img, err := decode(benchPhoto(b, 1400, 950), 0, 0)
	if err != nil {
		b.Fatal(err)
	}
	cm, _, _ := Device.separate(img, Info{Color: "rgb"}, nil)
	data, err := encodeDCT(cm, false, 92, false)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, ok, err := jpegCoverage(data); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
