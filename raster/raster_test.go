package raster

import (
	"bytes"
	"compress/zlib"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
)

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// rgbaPNG is a w×h RGBA PNG: the top half opaque red, the bottom-left
// quarter half-transparent blue, the bottom-right fully transparent.
func rgbaImage(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			switch {
			case y < h/2:
				m.SetNRGBA(x, y, color.NRGBA{255, 0, 0, 255})
			case x < w/2:
				m.SetNRGBA(x, y, color.NRGBA{0, 0, 255, 128})
			default:
				m.SetNRGBA(x, y, color.NRGBA{0, 0, 0, 0})
			}
		}
	}
	return m
}

// samples inflates a converted image and undoes the PNG filters, or
// decodes its JPEG (CMYK as ink, the Adobe inversion undone).
func samples(t testing.TB, im *Image) []byte {
	t.Helper()
	if im.DCT {
		img, err := jpeg.Decode(bytes.NewReader(im.Data))
		if err != nil {
			t.Fatalf("JPEG: %v", err)
		}
		switch m := img.(type) {
		case *image.CMYK:
			if !im.Gray && m.Rect.Dx() == im.Width && m.Rect.Dy() == im.Height {
				return m.Pix
			}
		case *image.Gray:
			if im.Gray && m.Rect.Dx() == im.Width && m.Rect.Dy() == im.Height {
				return m.Pix
			}
		}
		t.Fatalf("JPEG of %T %v for a %d×%d image (grey %v)", img, img.Bounds(), im.Width, im.Height, im.Gray)
	}
	zr, err := zlib.NewReader(bytes.NewReader(im.Data))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("inflate: %v", err) // also checks the combined Adler-32
	}
	n := im.Components() * im.Width
	if len(raw) != (n+1)*im.Height {
		t.Fatalf("%d bytes, want %d", len(raw), (n+1)*im.Height)
	}
	out := make([]byte, 0, n*im.Height)
	prev := make([]byte, n)
	for y := 0; y < im.Height; y++ {
		row := raw[y*(n+1):][:n+1]
		cur := make([]byte, n)
		switch row[0] {
		case 0:
			copy(cur, row[1:])
		case 2:
			for i := range cur {
				cur[i] = row[1+i] + prev[i]
			}
		default:
			t.Fatalf("row %d: filter %d", y, row[0])
		}
		out = append(out, cur...)
		prev = cur
	}
	return out
}

func TestClassify(t *testing.T) {
	gray := image.NewGray(image.Rect(0, 0, 4, 3))
	gray16 := image.NewGray16(image.Rect(0, 0, 4, 3))
	pal := image.NewPaletted(image.Rect(0, 0, 4, 3), color.Palette{color.White, color.Black})
	rgb := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for i := range rgb.Pix {
		rgb.Pix[i] = 255
	}
	interlaced, err := os.ReadFile("testdata/interlaced16.png")
	if err != nil {
		t.Fatal(err)
	}
	cmyk, err := os.ReadFile("../pdf/testdata/cmyk.jpg")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		data []byte
		want Info
	}{
		{"grey PNG", encodePNG(t, gray), Info{Format: "png", Width: 4, Height: 3, Color: "gray", PassThrough: true}},
		{"16-bit grey PNG", encodePNG(t, gray16), Info{Format: "png", Width: 4, Height: 3, Color: "gray", Why: "16-bit grey"}},
		{"RGB PNG", encodePNG(t, rgb), Info{Format: "png", Width: 4, Height: 3, Color: "rgb", Why: "RGB"}},
		{"RGBA PNG", encodePNG(t, rgbaImage(4, 4)), Info{Format: "png", Width: 4, Height: 4, Color: "rgb", Why: "RGB with alpha"}},
		{"palette PNG", encodePNG(t, pal), Info{Format: "png", Width: 4, Height: 3, Color: "rgb", Why: "1-bit palette"}},
		{"interlaced", interlaced, Info{Format: "png", Width: 13, Height: 9, Color: "rgb", Why: "interlaced 16-bit RGB with alpha"}},
		{"grey JPEG", encodeJPEG(t, gray), Info{Format: "jpeg", Width: 4, Height: 3, Color: "gray", PassThrough: true}},
		{"RGB JPEG", encodeJPEG(t, rgb), Info{Format: "jpeg", Width: 4, Height: 3, Color: "rgb", Why: "RGB"}},
		{"CMYK JPEG", cmyk, Info{Format: "jpeg", Width: 32, Height: 32, Color: "cmyk", PassThrough: true}},
	}
	for _, c := range cases {
		got, err := Classify(c.data)
		if err != nil || got != c.want {
			t.Errorf("%s: %+v, %v; want %+v", c.name, got, err, c.want)
		}
	}
	bad := map[string][]byte{
		"not an image":   []byte("GIF89a......"),
		"truncated JPEG": encodeJPEG(t, rgb)[:200],
		"empty":          nil,
	}
	for name, data := range bad {
		if _, err := Classify(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestConvertRGBAToCMYK(t *testing.T) {
	im, err := Convert(encodePNG(t, rgbaImage(10, 10)))
	if err != nil {
		t.Fatal(err)
	}
	if im.Gray || im.Width != 10 || im.Height != 10 || im.ColorSpace() != "DeviceCMYK" {
		t.Fatalf("%+v", im)
	}
	if im.Note != "RGB with alpha converted to CMYK (transparency flattened onto white); by the device formula (grey component replacement; no ICC output profile), ink limit 300 %" {
		t.Errorf("note %q", im.Note)
	}
	s := samples(t, im)
	at := func(x, y int) [4]byte { return [4]byte(s[4*(y*10+x):]) }
	// opaque red: M and Y, no C, no K
	if got := at(3, 2); got != [4]byte{0, 255, 255, 0} {
		t.Errorf("red → %v", got)
	}
	// 50 % blue over white: (127, 127, 255) → C and M about half
	if got := at(2, 7); got != [4]byte{128, 128, 0, 0} {
		t.Errorf("half-transparent blue → %v", got)
	}
	// transparent → paper white: no ink
	if got := at(8, 8); got != [4]byte{} {
		t.Errorf("transparent → %v", got)
	}
}

func TestCMYKFormula(t *testing.T) {
	cases := []struct {
		r, g, b uint8
		want    [4]uint8
	}{
		{255, 255, 255, [4]uint8{0, 0, 0, 0}},
		{0, 0, 0, [4]uint8{0, 0, 0, 255}},         // black is 100 % K only
		{191, 191, 191, [4]uint8{64, 64, 64, 0}},  // 25 % grey: no black yet
		{128, 128, 128, [4]uint8{64, 64, 64, 84}}, // 50 % grey: a third of it black
		{0, 255, 255, [4]uint8{255, 0, 0, 0}},     // cyan
		{255, 0, 0, [4]uint8{0, 255, 255, 0}},     // red
	}
	for _, c := range cases {
		cc, m, y, k := CMYK(c.r, c.g, c.b)
		if got := [4]uint8{cc, m, y, k}; got != c.want {
			t.Errorf("CMYK(%d,%d,%d) = %v, want %v", c.r, c.g, c.b, got, c.want)
		}
	}
	// No colour exceeds the ink limit, and below it (1−C)(1−K) keeps the
	// complement of every channel.
	worst := 0
	for r := 0; r < 256; r += 3 {
		for g := 0; g < 256; g += 3 {
			for b := 0; b < 256; b += 3 {
				c, m, y, k := CMYK(uint8(r), uint8(g), uint8(b))
				s := int(c) + int(m) + int(y) + int(k)
				worst = max(worst, s)
				if s > InkLimit {
					t.Fatalf("CMYK(%d,%d,%d) = %d %d %d %d: %d %% ink", r, g, b, c, m, y, k, s*100/255)
				}
				if s < InkLimit-3 && k < 255 { // (rounding may stop just short of the limit)
					got := (255 - float64(c)) * (255 - float64(k)) / 255
					if d := got - float64(r); d > 1.5 || d < -1.5 {
						t.Fatalf("CMYK(%d,%d,%d): (1−C)(1−K) = %.1f", r, g, b, got)
					}
				}
			}
		}
	}
	if worst != InkLimit {
		t.Errorf("the darkest colours reach %d, want the limit %d", worst, InkLimit)
	}
}

func TestConvertGray(t *testing.T) {
	g16 := image.NewGray16(image.Rect(0, 0, 2, 2))
	g16.SetGray16(1, 1, color.Gray16{0xFFFF})
	im, err := Convert(encodePNG(t, g16))
	if err != nil {
		t.Fatal(err)
	}
	if !im.Gray || im.Note != "16-bit grey converted to 8-bit grey" {
		t.Errorf("%+v", im)
	}
	if s := samples(t, im); !bytes.Equal(s, []byte{0, 0, 0, 255}) {
		t.Errorf("16-bit grey samples %v", s)
	}
	// grey with alpha (colour type 4; Go cannot write it): grey 90 at alpha
	// 200 over white is 126, and stays grey
	data, err := os.ReadFile("../issue/testdata/images/graya.png")
	if err != nil {
		t.Fatal(err)
	}
	im, err = Convert(data)
	if err != nil {
		t.Fatal(err)
	}
	if !im.Gray || im.Note != "grey with alpha converted to 8-bit grey (transparency flattened onto white)" {
		t.Errorf("%+v", im)
	}
	if s := samples(t, im); len(s) != 20 || s[0] != 126 || s[19] != 126 {
		t.Errorf("grey+alpha samples %v", s)
	}
	// an RGB file stays a colour image even when its pixels are grey
	rgb := image.NewRGBA(image.Rect(0, 0, 2, 2))
	for i := range rgb.Pix {
		rgb.Pix[i] = 128
	}
	if im, err = Convert(encodePNG(t, rgb)); err != nil || im.Gray {
		t.Errorf("%+v %v", im, err)
	}
}

func TestConvertInterlaced16(t *testing.T) {
	data, err := os.ReadFile("testdata/interlaced16.png")
	if err != nil {
		t.Fatal(err)
	}
	im, err := Convert(data)
	if err != nil {
		t.Fatal(err)
	}
	s := samples(t, im)
	if len(s) != 13*9*4 {
		t.Fatalf("%d samples", len(s))
	}
	for y := 0; y < 9; y++ {
		if got := [4]byte(s[4*13*y:]); got != [4]byte{} {
			t.Errorf("row %d: transparent pixel → %v, want paper white", y, got)
		}
	}
	// top right: pure red (255, 0, 0)
	if got := [4]byte(s[4*12:]); got != [4]byte{0, 255, 255, 0} {
		t.Errorf("top right → %v", got)
	}
}

func TestConvertRGBJPEGAndBands(t *testing.T) {
	// taller than several bands, odd width: checks the band seams and the
	// combined checksum
	m := image.NewRGBA(image.Rect(0, 0, 37, 3*bandRows+5))
	for y := 0; y < m.Bounds().Dy(); y++ {
		for x := 0; x < 37; x++ {
			m.SetRGBA(x, y, color.RGBA{uint8(x * 7), uint8(y), 200, 255})
		}
	}
	data := encodeJPEG(t, m)
	im, err := FitWith(data, Options{Lossless: true})
	if err != nil {
		t.Fatal(err)
	}
	if im.Note != "RGB converted to CMYK; by the device formula (grey component replacement; no ICC output profile), ink limit 300 %" {
		t.Errorf("note %q", im.Note)
	}
	s := samples(t, im)
	// compare with a direct conversion of the decoded pixels
	dec, _ := jpeg.Decode(bytes.NewReader(data))
	for y := 0; y < m.Bounds().Dy(); y += 13 {
		for x := 0; x < 37; x += 5 {
			r, g, b, _ := dec.At(x, y).RGBA()
			c, mm, yy, k := CMYK(uint8(r>>8), uint8(g>>8), uint8(b>>8))
			if got := [4]byte(s[4*(y*37+x):]); got != [4]byte{c, mm, yy, k} {
				t.Fatalf("(%d,%d): %v, want %v", x, y, got, [4]byte{c, mm, yy, k})
			}
		}
	}
}

func TestConvertErrorsAndCache(t *testing.T) {
	good := encodePNG(t, rgbaImage(6, 6))
	broken := append([]byte(nil), good[:len(good)-30]...)
	if _, err := Convert(broken); err == nil || !strings.Contains(err.Error(), "decode") {
		t.Errorf("broken PNG: %v", err)
	}
	if _, err := Convert([]byte("hello")); err == nil {
		t.Error("garbage accepted")
	}
	before := conversions.Load()
	a, err := Convert(good)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Convert(append([]byte(nil), good...))
	if a != b || conversions.Load() != before+1 {
		t.Errorf("the same content was converted %d times", conversions.Load()-before)
	}
}

// The output does not depend on the number of processors.
func TestConvertDeterministic(t *testing.T) {
	m := rgbaImage(300, 700)
	data := encodePNG(t, m)
	a, err := convert(data, Options{}, Device)
	if err != nil {
		t.Fatal(err)
	}
	old := runtimeProcs(1)
	b, _ := convert(data, Options{}, Device)
	runtimeProcs(old)
	if !bytes.Equal(a.Data, b.Data) {
		t.Error("output differs with GOMAXPROCS")
	}
}

func runtimeProcs(n int) int { return runtime.GOMAXPROCS(n) }

func BenchmarkConvert(b *testing.B) {
	// a full A4 page with bleed at 300 ppi: 2552 × 3437, as an RGB JPEG
	m := image.NewRGBA(image.Rect(0, 0, 2552, 3437))
	for y := 0; y < 3437; y++ {
		for x := 0; x < 2552; x++ {
			i := m.PixOffset(x, y)
			m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = uint8(x/10+y/20), uint8(y/14), uint8((x*y)>>12), 255
		}
	}
	data := encodeJPEG(b, m)
	b.SetBytes(int64(2552 * 3437 * 4))
	b.ResetTimer()
	var out *Image
	for b.Loop() {
		var err error
		if out, err = convert(data, Options{}, Device); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(out.Data))/(2552*3437*4)*100, "%size")
}

// yCbCrToRGB is the standard library's conversion for every colour.
func TestYCbCrToRGB(t *testing.T) {
	for v := range 1 << 24 {
		y, cb, cr := uint8(v>>16), uint8(v>>8), uint8(v)
		r, g, b := yCbCrToRGB(y, cb, cr)
		if r2, g2, b2 := color.YCbCrToRGB(y, cb, cr); r != r2 || g != g2 || b != b2 {
			t.Fatalf("%d %d %d: %d %d %d, want %d %d %d", y, cb, cr, r, g, b, r2, g2, b2)
		}
	}
}

// rgbRow's fast paths for YCbCr images give, for every subsampling, odd
// sizes and sub-images, the colours image/color gives pixel by pixel.
func TestRGBRowYCbCr(t *testing.T) {
	for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411} {
		m := image.NewYCbCr(image.Rect(0, 0, 37, 9), ratio)
		for i := range m.Y {
			m.Y[i] = uint8(i * 37)
		}
		for i := range m.Cb {
			m.Cb[i], m.Cr[i] = uint8(i*53), uint8(255-i*29)
		}
		for _, sub := range []image.Rectangle{m.Bounds(), image.Rect(2, 1, 35, 8), image.Rect(3, 2, 30, 9)} {
			img := m.SubImage(sub).(*image.YCbCr)
			dst := make([]byte, 3*sub.Dx())
			for y := sub.Min.Y; y < sub.Max.Y; y++ {
				rgbRow(img, y, dst)
				for x := sub.Min.X; x < sub.Max.X; x++ {
					c := img.YCbCrAt(x, y)
					r, g, b := color.YCbCrToRGB(c.Y, c.Cb, c.Cr)
					if got := dst[3*(x-sub.Min.X):][:3]; got[0] != r || got[1] != g || got[2] != b {
						t.Fatalf("%v %v (%d,%d): %v, want %d %d %d", ratio, sub, x, y, got, r, g, b)
					}
				}
			}
		}
	}
}
