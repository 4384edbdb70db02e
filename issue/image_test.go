package issue

import (
	_ "image/gif" // as the PDF writer registers it in the binary
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
)

func TestLoadImage(t *testing.T) {
	for _, c := range []struct {
		file   string
		format string
		w, h   int
		color  string
		warn   string
	}{
		{"gray.jpg", "jpeg", 8, 6, "gray", ""},
		{"cmyk.jpg", "jpeg", 8, 6, "cmyk", ""},
		{"rgb.jpg", "jpeg", 8, 6, "rgb", ""},
		{"gray.png", "png", 5, 4, "gray", ""},
		{"graya.png", "png", 5, 4, "gray", ""},
		{"rgb.png", "png", 5, 4, "rgb", ""},
		{"rgba.png", "png", 5, 4, "rgb", ""},
		{"pal.png", "png", 5, 4, "rgb", ""},
		{"isreallypng.jpg", "png", 5, 4, "rgb", "is a PNG file despite its .jpg name"},
	} {
		var d diag.List
		path := "testdata/images/" + c.file
		pos := Pos{File: "plan.toml", Line: 3}
		img := loadImage(path, pos, &d)
		if img == nil {
			t.Errorf("%s: %s", c.file, listString(d))
			continue
		}
		want := Image{Path: path, Format: c.format, Width: c.w, Height: c.h, Color: c.color, Pos: pos}
		if *img != want {
			t.Errorf("%s = %+v, want %+v", c.file, *img, want)
		}
		if c.warn == "" && len(d) > 0 || c.warn != "" && (len(d) != 1 || d[0].Severity != diag.Warning || !strings.Contains(d[0].Message, c.warn)) {
			t.Errorf("%s: diagnostics\n%s", c.file, listString(d))
		}
	}
}

func TestLoadImageErrors(t *testing.T) {
	for _, c := range []struct{ file, msg string }{
		{"corrupt.jpg", "plan.toml:3: testdata/images/corrupt.jpg: cannot read the image (unexpected EOF); supported images are JPEG (.jpg, .jpeg), PNG (.png), TIFF (.tif, .tiff) and PDF pages (.pdf, .pdf#2 for page 2)"},
		{"text.png", "plan.toml:3: testdata/images/text.png is a text file, not an image: supported images are JPEG (.jpg, .jpeg), PNG (.png), TIFF (.tif, .tiff) and PDF pages (.pdf, .pdf#2 for page 2)"},
		{"pic.gif", "plan.toml:3: testdata/images/pic.gif: GIF images are not supported; supported images are JPEG (.jpg, .jpeg), PNG (.png), TIFF (.tif, .tiff) and PDF pages (.pdf, .pdf#2 for page 2)"},
		{"pic.bmp", "plan.toml:3: testdata/images/pic.bmp: BMP images are not supported; supported images are JPEG (.jpg, .jpeg), PNG (.png), TIFF (.tif, .tiff) and PDF pages (.pdf, .pdf#2 for page 2)"},
		{"missing.png", "plan.toml:3: file not found: testdata/images/missing.png"},
	} {
		var d diag.List
		img := loadImage("testdata/images/"+c.file, Pos{File: "plan.toml", Line: 3}, &d)
		if img != nil || len(d) != 1 || d[0].String() != c.msg {
			t.Errorf("%s:\n%s\nwant %s", c.file, listString(d), c.msg)
		}
	}
}

func TestCheckFontFile(t *testing.T) {
	for _, c := range []struct{ path, err string }{
		{"testdata/good/fonts/one.ttf", ""},
		{"testdata/good/fonts", "is a directory, not a font file"},
		{"testdata/good/fonts/none.otf", "file not found: testdata/good/fonts/none.otf"},
	} {
		err := checkFontFile(c.path)
		if c.err == "" && err != nil || c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%s: %v, want %q", c.path, err, c.err)
		}
	}
}

// The PDF writer (gopdf) registers a GIF reader with package image, so in
// the paiban binary a GIF named .jpg passed the header check and failed
// later, with no name for the format. The test registers it too.
func TestLoadImageRegisteredOtherFormat(t *testing.T) {
	path := filepath.Join(t.TempDir(), "photo.jpg")
	copyFile(t, "testdata/images/pic.gif", path)
	var d diag.List
	img := loadImage(path, Pos{File: "plan.toml", Line: 3}, &d)
	want := "plan.toml:3: " + path + " is a GIF image; supported images are JPEG (.jpg, .jpeg), PNG (.png), TIFF (.tif, .tiff) and PDF pages (.pdf, .pdf#2 for page 2)"
	if img != nil || len(d) != 1 || d[0].String() != want {
		t.Errorf("got %v\n%s\nwant %s", img, listString(d), want)
	}
}

// A picture that is really a web page (a download that failed, a page saved
// instead of its picture), an SVG, text, or an iPhone's HEIC is named so at
// the plan's line; it was "cannot read the image (not a JPEG or PNG file)".
func TestLoadImageNotAnImage(t *testing.T) {
	for _, c := range []struct{ data, want string }{
		{"\ufeff\n<!DOCTYPE html><html><head><title>404 Not Found</title>", "is a web page (HTML: a download that failed"},
		{"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "is an SVG drawing (export it as PNG"},
		{"图片稍后发来\r\n", "is a text file, not an image"},
		{"", "is empty (0 bytes: a copy or download that did not finish), not an image"},
		{"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "is a HEIC (a phone's photo format: export it as JPEG) image"},
	} {
		path := filepath.Join(t.TempDir(), "photo.jpg")
		if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		var d diag.List
		if img := loadImage(path, Pos{File: "plan.toml", Line: 3}, &d); img != nil || len(d) != 1 || d[0].Line != 3 || !strings.Contains(d[0].Message, c.want) {
			t.Errorf("%q: %s, want %q", c.data, listString(d), c.want)
		}
	}
}
