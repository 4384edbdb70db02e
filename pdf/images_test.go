package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/paiban/paiban/finish"
	"github.com/paiban/paiban/layout"
)

// convertDoc places every kind of image that needs converting, next to the
// pass-through kinds: an RGB PNG, an RGBA PNG, an interlaced 16-bit RGBA
// PNG, a CMYK JPEG and a grey PNG (one of them twice).
func convertDoc(t testing.TB) *layout.Document {
	t.Helper()
	rgba := image.NewNRGBA(image.Rect(0, 0, 20, 20))
	for y := 0; y < 20; y++ {
		for x := 0; x < 20; x++ {
			a := uint8(255)
			if x >= 10 {
				a = 0 // right half transparent
			}
			rgba.SetNRGBA(x, y, color.NRGBA{0, 0, 255, a})
		}
	}
	path := filepath.Join(t.TempDir(), "alpha.png")
	var b bytes.Buffer
	png.Encode(&b, rgba)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := sampleDoc(t)
	doc.Pages[1].Images = []layout.Image{
		{Path: "testdata/rgb.png", X: mm(10), Y: mm(10), W: mm(40), H: mm(40)},
		{Path: path, X: mm(60), Y: mm(10), W: mm(40), H: mm(40)},
		{Path: "../raster/testdata/interlaced16.png", X: mm(110), Y: mm(10), W: mm(26), H: mm(18)},
		{Path: "testdata/cmyk.jpg", X: mm(10), Y: mm(60), W: mm(40), H: mm(40)},
		{Path: "testdata/gray.png", X: mm(60), Y: mm(60), W: mm(20), H: mm(20)},
		{Path: "testdata/rgb.png", X: mm(110), Y: mm(60), W: mm(10), H: mm(10)},
	}
	return doc
}

func TestConvertedImages(t *testing.T) {
	doc := convertDoc(t)
	b, err := Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("/Subtype /Image")); n != 5 {
		t.Errorf("%d image XObjects, want 5 (one per file)", n)
	}
	for _, bad := range []string{"/DeviceRGB", "/SMask", "/Indexed", "/Mask"} {
		if bytes.Contains(b, []byte(bad)) {
			t.Errorf("output has %s", bad)
		}
	}
	// Three converted images: DeviceCMYK, 8 bits, Flate with predictors,
	// and the samples are all there.
	re := regexp.MustCompile(`/Width (\d+) /Height (\d+) /ColorSpace /DeviceCMYK /BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 4 /BitsPerComponent 8 /Columns (\d+) >>`)
	if n := len(re.FindAll(b, -1)); n != 3 {
		t.Errorf("%d converted CMYK images, want 3", n)
	}
	for _, body := range objects(b) {
		m := re.FindSubmatch(body)
		if m == nil {
			continue
		}
		var w, h int
		fmt.Sscan(string(m[1]), &w)
		fmt.Sscan(string(m[2]), &h)
		if data := streamOf(t, body); len(data) != h*(1+4*w) {
			t.Errorf("%d×%d image: %d bytes of samples, want %d", w, h, len(data), h*(1+4*w))
		}
	}
	// The pass-through kinds stay as they were.
	jpg, _ := os.ReadFile("testdata/cmyk.jpg")
	if !bytes.Contains(b, jpg) {
		t.Error("CMYK JPEG not passed through byte for byte")
	}
	if !bytes.Contains(b, []byte("/ColorSpace /DeviceGray")) {
		t.Error("grey PNG lost")
	}
	// The finishing pass, which refuses RGB images, accepts the file.
	if _, err := finish.Finish(b, finish.Options{Bleed: doc.Bleed}); err != nil {
		t.Errorf("finish: %v", err)
	}
	// The same bytes every time.
	again, _ := Bytes(convertDoc(t))
	if !bytes.Equal(b, again) {
		t.Error("two writes differ")
	}
}

// The converted images render with their colours: red → M+Y, blue over
// white → C+M, the transparent half → no ink.
func TestConvertedImageColours(t *testing.T) {
	needTool(t, "mutool")
	doc := convertDoc(t)
	doc.Pages = doc.Pages[1:]
	at := renderCMYK(t, doc)
	b3 := pt(mm(3))
	cases := []struct {
		name string
		x, y float64 // mm from the trim corner
		want [4]byte
	}{
		{"red RGB", 30, 30, [4]byte{0, 255, 255, 0}},
		{"opaque blue", 65, 30, [4]byte{255, 255, 0, 0}},
		{"transparent", 95, 30, [4]byte{0, 0, 0, 0}},
	}
	for _, c := range cases {
		got := at(b3+pt(mm(c.x)), b3+pt(mm(c.y)))
		for k := range 4 {
			if d := int(got[k]) - int(c.want[k]); d < -3 || d > 3 {
				t.Errorf("%s: CMYK %v, want %v", c.name, got, c.want)
				break
			}
		}
	}
}

func TestUndecodableImage(t *testing.T) {
	good, _ := os.ReadFile("testdata/rgb.png")
	path := filepath.Join(t.TempDir(), "cut.png")
	os.WriteFile(path, good[:len(good)-20], 0o644)
	doc := sampleDoc(t)
	doc.Pages[0].Images = []layout.Image{{Path: path, W: mm(10), H: mm(10)}}
	if _, err := Bytes(doc); err == nil {
		t.Error("a damaged PNG was accepted")
	} else {
		t.Log(err)
	}
}

// A photo from an RGB JPEG with 4:2:0 chroma goes in as a YCCK JPEG
// (raster: Image.YCCK) whose dictionary says /ColorTransform 1, and renders
// with its colours: red → M+Y, blue → C+M (mutool; ghostscript and poppler
// were compared by hand: README, Speed).
func TestYCCKPhoto(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 64, 32))
	for y := range 32 {
		for x := range 64 {
			c := color.RGBA{255, 0, 0, 255}
			if x >= 32 {
				c = color.RGBA{0, 0, 255, 255}
			}
			m.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 95}); err != nil { // 4:2:0
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "photo.jpg")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := sampleDoc(t)
	doc.Pages = doc.Pages[1:2]
	doc.Pages[0].Images = []layout.Image{{Path: path, X: mm(10), Y: mm(10), W: mm(80), H: mm(40)}}
	out, err := Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`/ColorSpace /DeviceCMYK /BitsPerComponent 8 /Filter /DCTDecode /Decode \[1 0 1 0 1 0 1 0\] /DecodeParms << /ColorTransform 1 >>`).Match(out) {
		t.Fatal("no YCCK image dictionary")
	}
	needTool(t, "mutool")
	at := renderCMYK(t, doc)
	b3 := pt(mm(3))
	for _, c := range []struct {
		name string
		x    float64
		want [4]byte
	}{{"red", 30, [4]byte{0, 255, 255, 0}}, {"blue", 70, [4]byte{255, 255, 0, 0}}} {
		got := at(b3+pt(mm(c.x)), b3+pt(mm(30)))
		for k := range 4 {
			if d := int(got[k]) - int(c.want[k]); d < -8 || d > 8 {
				t.Errorf("%s: CMYK %v, want about %v", c.name, got, c.want)
				break
			}
		}
	}
}
