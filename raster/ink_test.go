package raster

import (
	"image"
	"iter"
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

// coverageFiles yields the JPEGs the coverage tests read: the sample's and
// two made to test the ink limit.
func coverageFiles(t *testing.T) iter.Seq2[string, []byte] {
	files, _ := filepath.Glob("../sample/files/images/*.jpg")
	files = append(files, "testdata/cmyk-over.jpg", "../pdf/testdata/cmyk.jpg")
	return func(yield func(string, []byte) bool) {
		for _, f := range files {
			d, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if !yield(f, d) {
				return
			}
		}
	}
}

// The coverage of a CMYK JPEG read from its DC coefficients is that of
// the decoded image's 8×8 blocks (within rounding).
func TestJPEGCoverageFromDC(t *testing.T) {
	n := 0
	for f, d := range coverageFiles(t) {
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

// The coverage of an interleaved CMYK JPEG found block position by block
// position, keeping no means (jpegDC.streamed), is exactly the one found
// from every block's mean kept.
func TestJPEGCoverageStreamed(t *testing.T) {
	n := 0
	for f, d := range coverageFiles(t) {
		var dcs jpegDC
		if adobeTransform(d) != 0 || checkBaseline(d, &dcs) != nil || !dcs.streamed {
			continue
		}
		n++
		streamed, _, _ := jpegCoverage(d)
		streamDC = false
		kept, ok, err := jpegCoverage(d)
		streamDC = true
		if !ok || err != nil || kept != streamed {
			t.Errorf("%s: coverage %d streamed, %d (%v, %v) from the kept means", f, streamed, kept, ok, err)
		}
	}
	if n < 3 {
		t.Fatalf("only %d streamed CMYK JPEGs checked", n)
	}
}
