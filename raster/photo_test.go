package raster

import (
	"bytes"
	"image"
	"image/jpeg"
	"os"
	"strings"
	"testing"

	"github.com/paiban/paiban/raster/icc"
)

// A JPEG is decoded at the smallest DCT scale n/8 that still leaves the
// fitted size: 7000 px for 1000 at 2/8 (1750; 1/8 would be 875), for
// 3000 at 4/8, for 4000 at 5/8, for 4600 at 6/8, for 5300 at full size
// (7/8 is skipped), never for a PNG.
func TestReduction(t *testing.T) {
	for _, c := range []struct {
		w, h, fw, fh, want int
		format             string
	}{
		{7000, 4700, 1000, 1000, 2, "jpeg"},
		{7000, 4700, 2100, 2100, 3, "jpeg"},
		{7000, 4700, 3000, 3000, 4, "jpeg"},
		{7000, 4700, 4000, 4000, 5, "jpeg"},
		{7000, 4700, 4600, 4600, 6, "jpeg"},
		{7000, 4700, 5300, 5300, 8, "jpeg"},
		{7000, 4700, 6000, 6000, 8, "jpeg"},
		{7000, 4700, 875, 875, 1, "jpeg"},
		{7000, 4700, 876, 876, 2, "jpeg"},
		{7000, 4700, 0, 0, 8, "jpeg"},
		{7000, 4700, 875, 875, 8, "png"},
	} {
		inf := Info{Format: c.format, Width: c.w, Height: c.h}
		if got := reduction(inf, c.fw, c.fh); got != c.want {
			t.Errorf("%d×%d in %d×%d (%s): %d/8, want %d/8", c.w, c.h, c.fw, c.fh, c.format, got, c.want)
		}
	}
}

// The resampler keeps a flat image flat, its weights sum to one, and CMYK
// is scaled channel by channel.
func TestResample(t *testing.T) {
	for _, c := range [][2]int{{100, 37}, {37, 100}, {5, 5}, {1000, 3}, {3, 1}} {
		for _, f := range filterWeights(c[0], c[1]) {
			sum := int32(0)
			for _, w := range f.w {
				sum += w
			}
			if sum != 1<<weightBits || f.start < 0 || f.start+len(f.w) > c[0] {
				t.Fatalf("%d → %d: weights %+v", c[0], c[1], f)
			}
		}
	}
	src := image.NewCMYK(image.Rect(0, 0, 301, 207))
	for i := 0; i < len(src.Pix); i += 4 {
		src.Pix[i], src.Pix[i+1], src.Pix[i+2], src.Pix[i+3] = 10, 200, 0, 255
	}
	out := resample(src, 97, 66, false).(*image.CMYK)
	for i := 0; i < len(out.Pix); i += 4 {
		if [4]byte(out.Pix[i:]) != [4]byte{10, 200, 0, 255} {
			t.Fatalf("pixel %d: %v", i/4, out.Pix[i:i+4])
		}
	}
	// a YCbCr photo: Y, Cb and Cr planes each scaled; flat stays flat
	y := image.NewYCbCr(image.Rect(0, 0, 333, 250), image.YCbCrSubsampleRatio420)
	for i := range y.Y {
		y.Y[i] = 90
	}
	for i := range y.Cb {
		y.Cb[i], y.Cr[i] = 100, 160
	}
	o := resample(y, 100, 75, false).(*image.YCbCr)
	if o.Rect.Dx() != 100 || o.Rect.Dy() != 75 || o.Y[o.YOffset(50, 40)] != 90 || o.Cb[o.COffset(99, 74)] != 100 || o.Cr[o.COffset(0, 0)] != 160 {
		t.Errorf("YCbCr resampled: %v %d %d %d", o.Rect, o.Y[o.YOffset(50, 40)], o.Cb[o.COffset(99, 74)], o.Cr[o.COffset(0, 0)])
	}
}

// A CMYK JPEG too large for its place is decoded, downsampled and written
// again as a CMYK JPEG (not Flate), its samples kept; a grey JPEG stays
// grey; lossless keeps Flate.
func TestFitJPEGs(t *testing.T) {
	cm := image.NewCMYK(image.Rect(0, 0, 640, 480))
	for i := 0; i < len(cm.Pix); i += 4 {
		cm.Pix[i], cm.Pix[i+1], cm.Pix[i+2], cm.Pix[i+3] = 30, 60, 90, 120
	}
	// image/jpeg writes CMYK as YCbCr: an Adobe CMYK file from the
	// package's own encoder
	data := cmykJPEG(t, cm)
	im, err := FitWith(data, Options{W: 160, H: 160})
	if err != nil {
		t.Fatal(err)
	}
	if !im.DCT || im.Gray || im.Width != 160 || im.Height != 120 || !strings.Contains(im.Note, "decoded to be downsampled") {
		t.Fatalf("%+v", *im)
	}
	s := samples(t, im)
	for c, want := range []int{30, 60, 90, 120} {
		if d := int(s[4*(60*160+80)+c]) - want; d > 3 || d < -3 {
			t.Errorf("channel %d: %d, want %d", c, s[4*(60*160+80)+c], want)
		}
	}
	g := image.NewGray(image.Rect(0, 0, 800, 600))
	for i := range g.Pix {
		g.Pix[i] = uint8(i % 200)
	}
	var b bytes.Buffer
	jpeg.Encode(&b, g, nil)
	gi, err := FitWith(b.Bytes(), Options{W: 200, H: 200})
	if err != nil || !gi.DCT || !gi.Gray || gi.Width != 200 || gi.Height != 150 {
		t.Fatalf("grey: %+v %v", gi, err)
	}
	li, err := FitWith(b.Bytes(), Options{W: 200, H: 200, Lossless: true})
	if err != nil || li.DCT || li.Width != 200 {
		t.Fatalf("lossless: %+v %v", li, err)
	}
	samples(t, li) // a zlib stream of filtered rows
}

// cmykJPEG writes m as an Adobe CMYK JPEG with the package's encoder.
func cmykJPEG(t *testing.T, m *image.CMYK) []byte {
	t.Helper()
	data, err := encodeDCT(m, false, 95, false)
	if err != nil {
		t.Fatal(err)
	}
	if inf, err := Classify(data); err != nil || inf.Color != "cmyk" || !inf.PassThrough {
		t.Fatalf("the encoder's CMYK JPEG: %+v %v", inf, err)
	}
	return data
}

// A photo's conversion (scaled decode, resampling and JPEG bands in
// parallel) does not depend on the number of processors.
func TestPhotoDeterministic(t *testing.T) {
	data := benchPhoto(t, 900, 700)
	a, err := convert(data, Options{W: 300, H: 300}, Device)
	if err != nil {
		t.Fatal(err)
	}
	old := runtimeProcs(1)
	b, _ := convert(data, Options{W: 300, H: 300}, Device)
	runtimeProcs(old)
	if !a.DCT || !bytes.Equal(a.Data, b.Data) {
		t.Error("output differs with GOMAXPROCS")
	}
}

// A photo separated band by band as the encoder takes its rows writes the
// bytes of separating it whole first: resampled or not, cropped, with the
// device formula and with an ICC profile.
func TestSeparateWhileEncoding(t *testing.T) {
	data := benchPhoto(t, 700, 469)
	fogra := mustColour(t, ConditionProfile("FOGRA39"), icc.Perceptual, 300)
	for _, col := range []*Colour{Device, fogra} {
		for _, o := range []Options{{}, {W: 300, H: 300}, {W: 699, H: 699}, {W: 500, H: 500, Crop: [4]int{1000, 0, 9000, 8000}}, {W: 100, H: 100, Crop: [4]int{0, 3333, 5000, 10000}}} {
			fused, err := convert(data, o, col)
			if err != nil {
				t.Fatal(err)
			}
			separateWhileEncoding = false
			whole, err := convert(data, o, col)
			separateWhileEncoding = true
			if err != nil {
				t.Fatal(err)
			}
			if !fused.DCT || !bytes.Equal(fused.Data, whole.Data) || fused.Note != whole.Note || fused.Width != whole.Width || fused.Height != whole.Height {
				t.Errorf("%v: separated while encoding: %d bytes %q, separated first: %d bytes %q", o, len(fused.Data), fused.Note, len(whole.Data), whole.Note)
			}
		}
	}
}

// A photo converted from an RGB JPEG whose chroma is 4:2:0 is written as
// YCCK (its chroma 2×2 again); from 4:4:4 or 4:2:2 colour, CMYK or grey as
// plain CMYK or grey. Either decodes to the same size.
func TestYCCKOnlyFrom420(t *testing.T) {
	for name, want := range map[string]bool{
		"video-001.q50.420.jpeg": true, "video-001.q50.444.jpeg": false, "video-001.q50.422.jpeg": false,
		"video-001.cmyk.jpeg": false, "video-005.gray.q50.jpeg": false, "video-001.q50.420.progressive.jpeg": true,
	} {
		data, err := os.ReadFile("internal/jpeg/testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range []Options{{}, {W: 80, H: 80}} {
			im, err := FitWith(data, o)
			if err != nil {
				t.Fatal(err)
			}
			if im.YCCK() != want || !im.DCT {
				t.Errorf("%s %v: YCCK %v, want %v", name, o, im.YCCK(), want)
			}
			m, err := jpeg.Decode(bytes.NewReader(im.Data))
			if err != nil || m.Bounds().Dx() != im.Width || m.Bounds().Dy() != im.Height {
				t.Errorf("%s %v: %v %v", name, o, m.Bounds(), err)
			}
		}
	}
}
