package issue

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // registers the JPEG header reader
	_ "image/png"  // registers the PNG header reader
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/internal/input"
	"github.com/paiban/paiban/pdf/supplied"
	"github.com/paiban/paiban/raster"
)

// Content file types by extension (compared in lower case).
var (
	articleExts = map[string]bool{".txt": true, ".md": true, ".docx": true}
	imageExts   = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".tif": true, ".tiff": true}
	// image formats that are recognised only to say they are not supported
	unsupportedImageExts = map[string]string{
		".gif": "GIF", ".bmp": "BMP", ".webp": "WebP",
		".heic": "HEIC", ".heif": "HEIF", ".avif": "AVIF", ".svg": "SVG", ".eps": "EPS",
		".psd": "PSD", ".jp2": "JPEG 2000",
	}
)

// MaxImagePixels is the largest image paiban decodes, in pixels (a double
// page with bleed at 300 ppi is under 20 million); the cap on the file
// size is input.Image.
const MaxImagePixels = 100_000_000

const supportedImages = "supported images are JPEG (.jpg, .jpeg), PNG (.png), TIFF (.tif, .tiff) and PDF pages (.pdf, .pdf#2 for page 2)"

// pdfPageRe splits "ads/tea.pdf#2" into the file and its page number.
var pdfPageRe = regexp.MustCompile(`(?i)^(.+\.pdf)#([0-9]{1,6})$`)

// SplitPDFPage splits a content path naming a page of a PDF ("ad.pdf#2")
// into the file and the page (from 1); a plain path is page 1 of a PDF or
// an image file (page 0).
func SplitPDFPage(p string) (file string, page int) {
	if m := pdfPageRe.FindStringSubmatch(p); m != nil {
		n, _ := strconv.Atoi(m[2])
		return m[1], n
	}
	if strings.EqualFold(filepath.Ext(p), ".pdf") {
		return p, 1
	}
	return p, 0
}

// loadImage reads the header of the image file path (pixels are not
// decoded) and reports problems at pos.
func loadImage(path string, pos Pos, d *diag.List) *Image {
	if file, page := SplitPDFPage(path); page > 0 {
		return loadPDF(file, page, pos, d)
	}
	ext := strings.ToLower(filepath.Ext(path))
	if f, ok := unsupportedImageExts[ext]; ok {
		d.Errorf(pos.File, pos.Line, "%s: %s images are not supported; %s", path, f, supportedImages)
		return nil
	}
	if !imageExts[ext] {
		d.Errorf(pos.File, pos.Line, "%s: not an image file name; %s", path, supportedImages)
		return nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		d.Errorf(pos.File, pos.Line, "%s is a directory, not an image", path)
		return nil
	}
	f, err := input.Open(path, input.Image)
	if err != nil {
		d.Errorf(pos.File, pos.Line, "%s", fileError(path, err))
		return nil
	}
	defer f.Close()
	return checkImage(path, ext, input.Limit(f, input.Image), pos, d)
}

// checkImage reads the header of the image path from r (pixels are not
// decoded) and reports problems at pos; ext is the extension of its name,
// in lower case. A .docx article's pictures are checked here too.
func checkImage(path, ext string, r io.Reader, pos Pos, d *diag.List) *Image {
	// the first 64 KB: a JPEG's Exif segment (its orientation) is there
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(64 << 10)
	head = append([]byte(nil), head...)
	if bytes.HasPrefix(head, []byte("II*\x00")) || bytes.HasPrefix(head, []byte("MM\x00*")) {
		// TIFF: its directory may be anywhere in the file (raster reads it)
		data, err := io.ReadAll(br)
		if err != nil {
			d.Errorf(pos.File, pos.Line, "%s", fileError(path, err))
			return nil
		}
		inf, err := raster.Classify(data)
		if err != nil {
			d.Errorf(pos.File, pos.Line, "%s: %v", path, err)
			return nil
		}
		if px := int64(inf.Width) * int64(inf.Height); px > MaxImagePixels {
			d.Errorf(pos.File, pos.Line, "%s is %d×%d pixels (%d megapixels): larger than the %d megapixels an image may be", path, inf.Width, inf.Height, px/1_000_000, MaxImagePixels/1_000_000)
			return nil
		}
		w, h := inf.Upright()
		return &Image{Path: path, Format: "tiff", Width: w, Height: h, Color: inf.Color, Pos: pos}
	}
	cfg, format, err := image.DecodeConfig(br)
	if err == nil && format != "jpeg" && format != "png" {
		// a format whose reader another package registered (gopdf: GIF)
		err = image.ErrFormat
	}
	if err != nil {
		if what := sniffNotImage(head); what != "" {
			d.Errorf(pos.File, pos.Line, "%s is %s, not an image: %s", path, what, supportedImages)
		} else if name := sniffImage(head); name != "" {
			d.Errorf(pos.File, pos.Line, "%s is a %s image; %s", path, name, supportedImages)
		} else {
			d.Errorf(pos.File, pos.Line, "%s: cannot read the image (%v); %s", path, cleanImageErr(err), supportedImages)
		}
		return nil
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		d.Errorf(pos.File, pos.Line, "%s: image has no pixels (%dx%d)", path, cfg.Width, cfg.Height)
		return nil
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > MaxImagePixels {
		d.Errorf(pos.File, pos.Line, "%s is %d×%d pixels (%d megapixels): larger than the %d megapixels an image may be", path, cfg.Width, cfg.Height, px/1_000_000, MaxImagePixels/1_000_000)
		return nil
	}
	img := &Image{Path: path, Format: format, Width: cfg.Width, Height: cfg.Height, Pos: pos}
	if format == "jpeg" && raster.JPEGOrientation(head) >= 5 {
		// EXIF orientation 5 … 8: the picture shows turned a quarter
		img.Width, img.Height = cfg.Height, cfg.Width
	}
	switch format {
	case "jpeg":
		switch cfg.ColorModel {
		case color.CMYKModel: // Adobe CMYK and YCCK
			img.Color = "cmyk"
		case color.GrayModel:
			img.Color = "gray"
		default:
			img.Color = "rgb"
		}
		if ext == ".png" {
			d.Warnf(pos.File, pos.Line, "%s is a JPEG file despite its .png name", path)
		}
	case "png":
		img.Color = "rgb"
		// IHDR colour type: 0 grey, 4 grey with alpha (the decoder reports
		// the latter as NRGBA, so read it from the header)
		if len(head) >= 26 && (head[25] == 0 || head[25] == 4) {
			img.Color = "gray"
		}
		if ext != ".png" {
			d.Warnf(pos.File, pos.Line, "%s is a PNG file despite its %s name", path, ext)
		}
	}
	return img
}

// sniffImage names image formats paiban does not read, by their magic bytes.
func sniffImage(h []byte) string {
	switch {
	case bytes.HasPrefix(h, []byte("GIF87a")), bytes.HasPrefix(h, []byte("GIF89a")):
		return "GIF"
	case bytes.HasPrefix(h, []byte("BM")):
		return "BMP"
	case bytes.HasPrefix(h, []byte("II*\x00")), bytes.HasPrefix(h, []byte("MM\x00*")):
		return "TIFF"
	case len(h) >= 12 && bytes.HasPrefix(h, []byte("RIFF")) && string(h[8:12]) == "WEBP":
		return "WebP"
	case bytes.HasPrefix(h, []byte("%PDF")):
		return "PDF"
	case bytes.HasPrefix(h, []byte("8BPS")):
		return "PSD"
	case len(h) >= 12 && string(h[4:8]) == "ftyp" && (string(h[8:12]) == "heic" || string(h[8:12]) == "heix" || string(h[8:12]) == "mif1" || string(h[8:12]) == "msf1"):
		return "HEIC (a phone's photo format: export it as JPEG)"
	case len(h) >= 12 && string(h[4:8]) == "ftyp" && (string(h[8:12]) == "avif" || string(h[8:12]) == "avis"):
		return "AVIF"
	case bytes.HasPrefix(h, []byte("\x00\x00\x00\x0cjP  ")), bytes.HasPrefix(h, []byte("\xff\x4f\xff\x51")):
		return "JPEG 2000"
	case bytes.HasPrefix(h, []byte("%!PS")), bytes.HasPrefix(h, []byte("\xc5\xd0\xd3\xc6")):
		return "EPS (PostScript)"
	}
	return ""
}

// sniffNotImage says what a file named as an image is when it is text: a
// web page (an image saved from a browser as the page around it, or a
// download that failed), an SVG drawing, or other text; "" when it is not
// text.
func sniffNotImage(h []byte) string {
	t := bytes.TrimLeft(bytes.TrimPrefix(h, []byte("\xef\xbb\xbf")), " \t\r\n")
	low := bytes.ToLower(t[:min(len(t), 1024)])
	switch {
	case len(h) == 0:
		return "empty (0 bytes: a copy or download that did not finish)"
	case len(t) == 0:
		return ""
	case bytes.Contains(low, []byte("<svg")):
		return "an SVG drawing (export it as PNG, or as PDF to keep it vector)"
	case bytes.HasPrefix(low, []byte("<!doctype html")), bytes.HasPrefix(low, []byte("<html")), bytes.HasPrefix(low, []byte("<head")),
		bytes.HasPrefix(low, []byte("<!--")) && bytes.Contains(low, []byte("<html")):
		return "a web page (HTML: a download that failed, or a page saved instead of its picture)"
	}
	if utf8.Valid(t[:min(len(t), 512)]) && bytes.IndexFunc(t[:min(len(t), 512)], func(r rune) bool { return r < 0x20 && r != '\n' && r != '\r' && r != '\t' }) < 0 {
		return "a text file"
	}
	return ""
}

func cleanImageErr(err error) string {
	s := err.Error()
	if errors.Is(err, image.ErrFormat) {
		return "not a JPEG or PNG file"
	}
	return strings.TrimPrefix(strings.TrimPrefix(s, "png: "), "jpeg: ")
}

// notFoundHint says what a path that names no file was probably meant to
// be: a file whose name differs only in case (a plan written on Windows or
// a Mac, built on Linux), a Windows path, a web address.
func notFoundHint(path string) string {
	switch {
	case strings.Contains(path, "http:/") || strings.Contains(path, "https:/") || strings.Contains(path, "ftp:/"):
		return " (a web address: paiban reads files beside the plan; download it first)"
	case strings.Contains(path, `\`):
		return ` (write / between folders, not \)`
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if es, err := os.ReadDir(dir); err == nil {
		for _, e := range es {
			if e.Name() != base && strings.EqualFold(e.Name(), base) {
				return fmt.Sprintf(" (there is %s: names are case-sensitive)", e.Name())
			}
		}
	}
	return ""
}

// fileError words an error opening a file named in the input.
func fileError(path string, err error) string {
	var ie *input.Error
	if errors.As(err, &ie) {
		return path + " " + ie.Msg
	}
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Sprintf("file not found: %s%s", path, notFoundHint(path))
	}
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Sprintf("cannot read %s: permission denied", path)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Sprintf("cannot read %s: %v", path, pe.Err)
	}
	return fmt.Sprintf("cannot read %s: %v", path, err)
}

// checkFontFile verifies that the font file path exists and is a file. The
// format and the face index are checked where the font is read (package
// fonts), which knows the formats and words their problems best.
func checkFontFile(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return errors.New(fileError(path, err))
	}
	if st.IsDir() {
		return fmt.Errorf("%s is a directory, not a font file", path)
	}
	if _, err := input.Stat(path, input.Font); err != nil {
		return errors.New(fileError(path, err))
	}
	return nil
}

// loadPDF reads a supplied PDF (an advertisement, a page made elsewhere) and
// preflights the page placed (package supplied): a PDF that cannot be read
// or has no such page is an error here (a rotated page is turned upright); what it holds that a
// print file cannot take is reported by the build, which knows the output
// standard. Its Width and Height are the page's trim box in thousandths of
// a point (vector: no pixels).
func loadPDF(path string, page int, pos Pos, d *diag.List) *Image {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		d.Errorf(pos.File, pos.Line, "%s is a directory, not a PDF", path)
		return nil
	}
	data, err := input.ReadFile(path, input.PDF)
	if err != nil {
		d.Errorf(pos.File, pos.Line, "%s", fileError(path, err))
		return nil
	}
	pg, err := supplied.Inspect(data, page)
	if err != nil {
		d.Errorf(pos.File, pos.Line, "%s: cannot place this PDF: %v", path, err)
		return nil
	}
	w, h := pg.TrimSize()
	return &Image{Path: path, Format: "pdf", Page: page, Supplied: pg,
		Width: int(math.Round(w * 1000)), Height: int(math.Round(h * 1000)), Color: "cmyk", Pos: pos}
}
