package raster

import (
	"image"
	"os"
	"path/filepath"
	"testing"

	"github.com/paiban/paiban/raster/icc"
)

// noLimit converts with the device formula and lets any CMYK through.
var noLimit = func() *Colour {
	c, err := NewColour("", nil, icc.Perceptual, 400)
	if err != nil {
		panic(err)
	}
	return c
}()

// The coverage of a CMYK JPEG read from its DC coefficients is that of
// the decoded image's 8×8 blocks (within rounding).
func TestJPEGCoverageFromDC(t *testing.T) {
	files, _ := filepath.Glob("../sample/files/images/*.jpg")
	files = append(files, "testdata/cmyk-over.jpg", "../pdf/testdata/cmyk.jpg")
	n := 0
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fast, ok, err := jpegCoverage(d)
		if err != nil {
			t.Fatal(err)
		}
		img, err := decode(d, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		cm, isCMYK := img.(*image.CMYK)
		if ok != isCMYK {
			t.Errorf("%s: read from DC %v, CMYK %v", f, ok, isCMYK)
			continue
		}
		if !ok {
			continue
		}
		n++
		if full := maxCoverage(cm); fast < full-2 || fast > full+2 {
			t.Errorf("%s: coverage %d from DC, %d decoded", f, fast, full)
		}
	}
	if n < 3 {
		t.Fatalf("only %d CMYK JPEGs checked", n)
	}
}
