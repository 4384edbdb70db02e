package raster

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"image"
	"image/color"
	"strings"
	"testing"

	"golang.org/x/image/tiff"
)

// cmykTIFF writes a w×h CMYK TIFF in one strip with compression comp
// (1 none, 8 Deflate, 32773 PackBits) and the horizontal predictor when pred.
func cmykTIFF(t *testing.T, img *image.CMYK, comp uint16, pred bool) []byte {
	t.Helper()
	w, h := img.Rect.Dx(), img.Rect.Dy()
	raw := make([]byte, 0, 4*w*h)
	for y := 0; y < h; y++ {
		row := append([]byte(nil), img.Pix[y*img.Stride:y*img.Stride+4*w]...)
		if pred {
			for x := 4*w - 1; x >= 4; x-- {
				row[x] -= row[x-4]
			}
		}
		raw = append(raw, row...)
	}
	var strip []byte
	switch comp {
	case 1:
		strip = raw
	case 8:
		var b bytes.Buffer
		z := zlib.NewWriter(&b)
		z.Write(raw)
		z.Close()
		strip = b.Bytes()
	case 32773: // literal runs of up to 128 bytes
		for i := 0; i < len(raw); i += 128 {
			n := min(128, len(raw)-i)
			strip = append(strip, byte(n-1))
			strip = append(strip, raw[i:i+n]...)
		}
	}
	le := binary.LittleEndian
	var b bytes.Buffer
	b.WriteString("II*\x00")
	binary.Write(&b, le, uint32(8+len(strip)))
	b.Write(strip)
	type entry struct {
		tag, typ uint16
		count    uint32
		value    uint32
	}
	predictor := uint32(1)
	if pred {
		predictor = 2
	}
	entries := []entry{
		{256, 4, 1, uint32(w)}, {257, 4, 1, uint32(h)}, {258, 3, 1, 8}, {259, 3, 1, uint32(comp)},
		{262, 3, 1, 5}, {273, 4, 1, 8}, {277, 3, 1, 4}, {278, 4, 1, uint32(h)}, {279, 4, 1, uint32(len(strip))},
		{284, 3, 1, 1}, {317, 3, 1, predictor},
	}
	binary.Write(&b, le, uint16(len(entries)))
	for _, e := range entries {
		binary.Write(&b, le, e.tag)
		binary.Write(&b, le, e.typ)
		binary.Write(&b, le, e.count)
		if e.typ == 3 {
			binary.Write(&b, le, uint16(e.value))
			binary.Write(&b, le, uint16(0))
		} else {
			binary.Write(&b, le, e.value)
		}
	}
	binary.Write(&b, le, uint32(0))
	return b.Bytes()
}

// TIFF, the print trade's format: CMYK TIFFs (which golang.org/x/image does
// not read) keep their samples; RGB and grey ones are converted as other
// images are.
func TestTIFF(t *testing.T) {
	src := image.NewCMYK(image.Rect(0, 0, 37, 5))
	for i := range src.Pix {
		src.Pix[i] = uint8(i * 7)
	}
	for _, c := range []struct {
		name string
		comp uint16
		pred bool
	}{{"none", 1, false}, {"deflate+predictor", 8, true}, {"packbits", 32773, false}} {
		data := cmykTIFF(t, src, c.comp, c.pred)
		inf, err := Classify(data)
		if err != nil || inf.Format != "tiff" || inf.Color != "cmyk" || inf.Width != 37 || inf.Height != 5 || inf.PassThrough {
			t.Fatalf("%s: Classify = %+v, %v", c.name, inf, err)
		}
		img, err := decodeTIFF(data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := img.(*image.CMYK); !bytes.Equal(got.Pix, src.Pix) {
			t.Errorf("%s: samples differ", c.name)
		}
		// samples up to 400 %: within a 400 % limit, they go through
		// unchanged (ink_test.go has CMYK over the limit)
		conv, err := convert(data, Options{}, noLimit)
		if err != nil || conv.Gray || conv.Components() != 4 {
			t.Fatalf("%s: convert: %+v %v", c.name, conv, err)
		}
		if got := samples(t, conv); !bytes.Equal(got, src.Pix) {
			t.Errorf("%s: the embedded samples are not the file's", c.name)
		}
	}
	// RGB through x/image/tiff, converted to CMYK
	rgb := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range rgb.Pix {
		rgb.Pix[i] = 200
	}
	var b bytes.Buffer
	if err := tiff.Encode(&b, rgb, &tiff.Options{Compression: tiff.Deflate}); err != nil {
		t.Fatal(err)
	}
	if inf, err := Classify(b.Bytes()); err != nil || inf.Color != "rgb" {
		t.Fatalf("RGB TIFF: %+v %v", inf, err)
	}
	if conv, err := convert(b.Bytes(), Options{}, Device); err != nil || conv.Components() != 4 {
		t.Fatalf("RGB TIFF convert: %v", err)
	}
	// grey
	b.Reset()
	tiff.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4)), nil)
	if conv, err := convert(b.Bytes(), Options{}, Device); err != nil || !conv.Gray {
		t.Fatalf("grey TIFF: %v", err)
	}
	_ = color.CMYK{}
}

// Damaged and unsupported TIFFs are errors, never a panic.
func TestTIFFErrors(t *testing.T) {
	good := cmykTIFF(t, image.NewCMYK(image.Rect(0, 0, 4, 4)), 1, false)
	for n := 0; n < len(good); n += 3 {
		cut := good[:n]
		if _, err := Classify(cut); err == nil {
			if _, err := decodeTIFF(cut); err == nil && n < len(good)-20 {
				t.Errorf("a TIFF cut at %d bytes decodes", n)
			}
		}
	}
	bad := append([]byte(nil), good...)
	bad[8+64+2+12*4+8] = 9 // photometric 9 (CIELab)
	if _, err := Classify(bad); err == nil {
		t.Error("an unsupported photometric interpretation is accepted")
	}
	bad = append([]byte(nil), good...)
	bad[8+64+2+12*3+8] = 6 // compression 6 (old-style JPEG)
	if _, err := Classify(bad); err == nil || !strings.Contains(err.Error(), "old-style JPEG compression (TIFF 6.0, compression 6) is not supported") {
		t.Errorf("an old-style JPEG TIFF: %v", err)
	}
	bad[8+64+2+12*3+8] = 7 // compression 7 (JPEG), but the strip is not a JPEG stream
	if _, err := decodeTIFF(bad); err == nil || !strings.Contains(err.Error(), "does not start as a JPEG stream") {
		t.Errorf("a JPEG TIFF whose strip is not JPEG: %v", err)
	}
}
