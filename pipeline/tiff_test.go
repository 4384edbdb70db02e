package pipeline

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/internal/testtool"
)

// TIFF, the print trade's format, is placed (issue 13): a CMYK TIFF as the
// cover and as a figure, as Ghostscript writes them (LZW), keep their CMYK
// samples; the build says so at the lines that place them.
func TestTIFFPlaced(t *testing.T) {
	testtool.Need(t, "gs")
	dir := t.TempDir()
	ps := filepath.Join(dir, "t.ps")
	os.WriteFile(ps, []byte("%!PS\n0.2 0.5 0.1 0.05 setcmykcolor 0 0 1000 1000 rectfill showpage\n"), 0o644)
	tif := func(name string, w, h int) []byte {
		out := filepath.Join(dir, name)
		cmd := exec.Command("gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=tiff32nc", "-sCompression=lzw", "-r300",
			"-g"+strconv.Itoa(w)+"x"+strconv.Itoa(h), "-sOutputFile="+out, ps)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("gs: %v\n%s", err, b)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	plan := tiffDir(t, "", tif("cover.tif", 2551, 3437), tif("fig.tif", 1000, 750))
	res, diags := Run(plan, Options{WritePDF: true})
	if diags.HasErrors() || res.PDF == nil {
		t.Fatalf("errors:\n%v", diags.Err())
	}
	for _, n := range []string{"cover.tif", "fig.tif"} {
		if !find(diags, diag.Note, 0, n+": CMYK TIFF embedded with its CMYK samples unchanged") {
			t.Errorf("no note for %s:\n%s", n, listOf(diags))
		}
	}
	if !bytes.Contains(res.PDF, []byte("/DeviceCMYK")) {
		t.Error("no CMYK image in the PDF")
	}
	if strings.Contains(string(res.PDF), "/DeviceRGB") {
		t.Error("an RGB image in the PDF")
	}
}

// JPEG-compressed TIFFs (Photoshop's "JPEG" option; libtiff's tiffcp
// wrote these): a YCbCr one as the cover and a CMYK one as a figure are
// placed, converted and held to the ink limit as the others are.
func TestTIFFJPEGPlaced(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "raster", "testdata", "tiffjpeg", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	plan := tiffDir(t, noPPI, read("rgb-tiled.tif"), read("cmyk-jpeg.tif")) // small test pictures
	res, diags := Run(plan, Options{WritePDF: true})
	if diags.HasErrors() || res.PDF == nil {
		t.Fatalf("errors:\n%v", diags.Err())
	}
	if !find(diags, diag.Note, 0, "cover.tif: RGB TIFF converted to CMYK") || !find(diags, diag.Note, 0, "fig.tif: CMYK TIFF") {
		t.Errorf("notes:\n%s", listOf(diags))
	}
	if strings.Contains(string(res.PDF), "/DeviceRGB") {
		t.Error("an RGB image in the PDF")
	}
}

// tiffDir is printDir with TIFF files as the cover and the figure: the
// plan names .png files, renamed .tif as a user would have them.
func tiffDir(t *testing.T, pt string, cover, fig []byte) string {
	t.Helper()
	plan, _ := printDir(t, pt, cover, fig)
	pd := filepath.Dir(plan)
	for _, n := range []string{"cover", "fig"} {
		os.Rename(filepath.Join(pd, n+".png"), filepath.Join(pd, n+".tif"))
	}
	for _, f := range []string{plan, filepath.Join(pd, "a.md")} {
		b, _ := os.ReadFile(f)
		os.WriteFile(f, bytes.ReplaceAll(b, []byte(".png"), []byte(".tif")), 0o644)
	}
	return plan
}
