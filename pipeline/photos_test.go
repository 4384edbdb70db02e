package pipeline

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/raster"
)

// rgbJPEG is a w×h RGB camera-style JPEG: the left half a flat colour c,
// the right half a ramp.
func rgbJPEG(t testing.TB, w, h int, c color.RGBA) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			p := c
			if x >= w/2 {
				p = color.RGBA{uint8(255 * x / w), uint8(255 * y / h), 90, 255}
			}
			m.SetRGBA(x, y, p)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 92}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// photoImages are the image XObjects of a PDF.
func photoImages(t *testing.T, pdf []byte) []*cos.Stream {
	t.Helper()
	d, err := cos.Read(pdf)
	if err != nil {
		t.Fatal(err)
	}
	var out []*cos.Stream
	d.Each(func(_ cos.Ref, v cos.Object) {
		if s, ok := v.(*cos.Stream); ok && s.Dict.Get("Subtype") == cos.Name("Image") {
			out = append(out, s)
		}
	})
	return out
}

// Large RGB photos become CMYK JPEGs (DCTDecode, inverted as Adobe writes
// them and as CMYK JPEGs passed through are) at no more than max_ppi: the
// figure (2400 px in a 84.7 mm column: 720 ppi) is downsampled to 300 ppi,
// the cover (2000 px over 216 mm: 235 ppi) only converted. pdfimages sees
// every image as a CMYK JPEG at most 450 ppi; qpdf finds nothing wrong; the
// colours are the plan's separation's (the condition's profile); two builds, each converting afresh, give
// the same bytes.
func TestPhotosAsCMYKJPEG(t *testing.T) {
	grey := color.RGBA{128, 128, 128, 255}
	red := color.RGBA{200, 30, 40, 255}
	plan, _ := printDirImages(t, "[print]\nmin_ppi_warn = 0\nmin_ppi_error = 0\n", map[string][]byte{
		"cover.png": rgbJPEG(t, 2000, 2700, grey), // a JPEG named .png: the header decides
		"fig.png":   rgbJPEG(t, 2400, 1800, red),
	})
	res, diags := Run(plan, Options{WritePDF: true})
	if diags.HasErrors() {
		t.Fatalf("errors:\n%v", diags.Err())
	}
	if !find(diags, diag.Note, 5, "fig.png: RGB converted to CMYK; downsampled from 2400×1800 to 1000×750 px") || !find(diags, diag.Note, 5, "; JPEG quality 90") {
		t.Errorf("no note for the figure:\n%s", listOf(diags))
	}
	col, err := colourOf(res.Issue) // the separation the plan asks for
	if err != nil {
		t.Fatal(err)
	}
	ims := photoImages(t, res.PDF)
	if len(ims) != 2 {
		t.Fatalf("%d images", len(ims))
	}
	for _, s := range ims {
		if s.Dict.Get("Filter") != cos.Name("DCTDecode") || s.Dict.Get("ColorSpace") != cos.Name("DeviceCMYK") {
			t.Errorf("image %v %v, want a DCTDecode DeviceCMYK", s.Dict.Get("Filter"), s.Dict.Get("ColorSpace"))
		}
		if d, ok := s.Dict.Get("Decode").(cos.Array); !ok || len(d) != 8 {
			t.Errorf("a CMYK JPEG without /Decode [1 0 …]: %v", s.Dict.Get("Decode"))
		}
		img, err := jpeg.Decode(bytes.NewReader(s.Data))
		if err != nil {
			t.Fatalf("the embedded JPEG: %v", err)
		}
		cm, ok := img.(*image.CMYK)
		if !ok {
			t.Fatalf("the embedded JPEG is %T", img)
		}
		// the flat left half: the separation of its colour, within JPEG's error
		w, _ := cos.Float(s.Dict.Get("Width"))
		src := red
		if w != 1000 {
			src = grey
		}
		c, m, y, k := col.RGB(src.R, src.G, src.B)
		got := cm.CMYKAt(cm.Rect.Dx()/4, cm.Rect.Dy()/2)
		for i, pair := range [][2]uint8{{got.C, c}, {got.M, m}, {got.Y, y}, {got.K, k}} {
			if d := int(pair[0]) - int(pair[1]); d > 4 || d < -4 {
				t.Errorf("width %v, channel %d: %d, want %d (the separation of %v)", w, i, pair[0], pair[1], src)
			}
		}
	}
	t.Run("pdfimages", func(t *testing.T) {
		testtool.Need(t, "pdfimages", "qpdf")
		path := filepath.Join(t.TempDir(), "p.pdf")
		os.WriteFile(path, res.PDF, 0o644)
		out, err := exec.Command("pdfimages", "-list", path).Output()
		if err != nil {
			t.Fatal(err)
		}
		rows := 0
		for _, l := range strings.Split(string(out), "\n")[2:] {
			f := strings.Fields(l)
			if len(f) < 14 {
				continue
			}
			rows++
			xppi, _ := strconv.Atoi(f[12])
			yppi, _ := strconv.Atoi(f[13])
			if f[5] != "cmyk" || f[8] != "jpeg" || xppi > 450 || yppi > 450 || xppi == 0 {
				t.Errorf("pdfimages: %s", l)
			}
		}
		if rows != 2 {
			t.Errorf("pdfimages listed %d images:\n%s", rows, out)
		}
		if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check: %v\n%s", err, out)
		}
		// MuPDF decodes the photos (paiban's JPEG encoder) without a
		// complaint
		testtool.Need(t, "mutool")
		out, err = exec.Command("mutool", "draw", "-q", "-r", "36", "-F", "pam", "-o", filepath.Join(t.TempDir(), "p%d.pam"), path).CombinedOutput()
		if err != nil {
			t.Errorf("mutool draw: %v\n%s", err, out)
		}
		for _, l := range strings.Split(string(out), "\n") {
			if l != "" && !strings.Contains(l, "ICC support") { // a build without colour management says so
				t.Errorf("mutool draw: %s", l)
			}
		}
	})
	pdfauditPrint(t, res.PDF, 8)

	raster.ClearCache()
	again, _ := Run(plan, Options{WritePDF: true})
	if !bytes.Equal(res.PDF, again.PDF) {
		t.Error("two builds differ")
	}
}

// lossless = true keeps every converted image Flate-compressed; a lower
// jpeg_quality gives a smaller photo.
func TestPhotoCompressionKeys(t *testing.T) {
	fig := rgbJPEG(t, 2400, 1800, color.RGBA{20, 120, 200, 255})
	size := func(pt string) (filter cos.Object, n int) {
		plan, _ := printDirImages(t, "[print]\nmin_ppi_warn = 0\nmin_ppi_error = 0\n"+pt, map[string][]byte{"cover.png": grayPNG(t, 300, 400), "fig.png": fig})
		res, diags := Run(plan, Options{WritePDF: true})
		if diags.HasErrors() {
			t.Fatalf("%s: errors:\n%v", pt, diags.Err())
		}
		for _, s := range photoImages(t, res.PDF) {
			if w, _ := cos.Float(s.Dict.Get("Width")); w == 1000 {
				return s.Dict.Get("Filter"), len(s.Data)
			}
		}
		t.Fatalf("%s: no 1000 px figure", pt)
		return nil, 0
	}
	f90, n90 := size("")
	f50, n50 := size("jpeg_quality = 50\n")
	fl, _ := size("lossless = true\n")
	if f90 != cos.Name("DCTDecode") || f50 != cos.Name("DCTDecode") || fl != cos.Name("FlateDecode") {
		t.Errorf("filters %v %v %v, want DCTDecode DCTDecode FlateDecode", f90, f50, fl)
	}
	if n50 >= n90 {
		t.Errorf("quality 50: %d bytes, quality 90: %d", n50, n90)
	}
}

// printDirImages is printDir with the images given by name.
func printDirImages(t *testing.T, pt string, images map[string][]byte) (string, int) {
	t.Helper()
	plan, line := printDir(t, pt, images["cover.png"], images["fig.png"])
	return plan, line
}
