// Package raster makes image files printable on a four-colour press. It
// tells the files that can go into the PDF byte for byte (CMYK and grey
// JPEGs, plain 8-bit grey PNGs) from those that must be converted (RGB JPEGs
// and PNGs, palette PNGs, PNGs with alpha, 16-bit or interlaced PNGs), and
// converts the latter: decode, flatten alpha onto white, RGB → CMYK (grey
// stays grey), compress. A Colour says how: with the press's ICC profile
// (package icc; the image's embedded profile or sRGB as the source) or by
// the device formula (CMYK), and every CMYK image, converted or supplied,
// within the condition's ink limit. See docs/print.md.
//
// It imports no PDF code: the pdf writer embeds what Convert returns.
package raster

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// Info is what the file's header says.
type Info struct {
	Format        string // "jpeg" or "png"
	Width, Height int
	Color         string // "cmyk", "gray" or "rgb" (palette PNGs are "rgb")
	// PassThrough: the file is embedded as it is (CMYK or grey JPEG, 8-bit
	// non-interlaced grey PNG without transparency).
	PassThrough bool
	// Why, when not PassThrough: what makes the file need converting, e.g.
	// "RGB", "RGB with alpha", "16-bit grey", "interlaced grey".
	Why string
	// Orientation is the EXIF orientation (JPEG) or TIFF Orientation tag:
	// 1 … 8, 0 when the file has none; Width and Height are the stored
	// pixels, Upright the picture's (orient.go). A turned CMYK or grey
	// JPEG is not passed through: it is decoded and turned.
	Orientation int
}

// Classify reads the header of a JPEG or PNG file (the pixels are not
// decoded) and says whether it can be embedded as it is.
func Classify(data []byte) (Info, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return classifyJPEG(data)
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return classifyPNG(data)
	case isTIFF(data):
		return classifyTIFF(data) // tiff.go
	}
	return Info{}, errors.New("not a JPEG, PNG or TIFF file")
}

// classifyJPEG walks the markers up to the first scan.
func classifyJPEG(data []byte) (Info, error) {
	inf := Info{Format: "jpeg"}
	adobe, comps := false, 0
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return inf, errors.New("malformed JPEG")
		}
		m := data[i+1]
		if m == 0xFF { // fill byte
			i++
			continue
		}
		if m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01 {
			i += 2
			continue
		}
		n := int(data[i+2])<<8 | int(data[i+3])
		if n < 2 || i+2+n > len(data) {
			return inf, errors.New("malformed JPEG (truncated header)")
		}
		seg := data[i+4 : i+2+n]
		switch {
		case m == 0xEE && bytes.HasPrefix(seg, []byte("Adobe")):
			adobe = true
		case m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC:
			if len(seg) < 6 {
				return inf, errors.New("malformed JPEG frame header")
			}
			inf.Height = int(binary.BigEndian.Uint16(seg[1:]))
			inf.Width = int(binary.BigEndian.Uint16(seg[3:]))
			comps = int(seg[5])
		case m == 0xDA:
			i = len(data)
			continue
		}
		i += 2 + n
	}
	if !jpegEnds(data) {
		return inf, errors.New("truncated JPEG (no end-of-image marker)")
	}
	if inf.Width == 0 || inf.Height == 0 {
		return inf, errors.New("JPEG without image size")
	}
	switch comps {
	case 1:
		inf.Color, inf.PassThrough = "gray", true
	case 3:
		inf.Color, inf.Why = "rgb", "RGB"
	case 4:
		if !adobe {
			return inf, errors.New("CMYK JPEG without an Adobe APP14 marker: its inversion is ambiguous; re-save it from an image editor")
		}
		inf.Color, inf.PassThrough = "cmyk", true
	default:
		return inf, errors.New("JPEG has no frame header with 1, 3 or 4 components")
	}
	if inf.Orientation = JPEGOrientation(data); inf.turned() && inf.PassThrough {
		inf.PassThrough = false
		inf.Why = map[string]string{"cmyk": "CMYK", "gray": "grey"}[inf.Color] + " JPEG"
	}
	return inf, nil
}

// jpegEnds reports whether an end-of-image marker closes the data (some
// writers pad the file after it).
func jpegEnds(data []byte) bool {
	tail := data[max(0, len(data)-4096):]
	i := bytes.LastIndex(tail, []byte{0xFF, 0xD9})
	if i < 0 {
		return false
	}
	for _, c := range tail[i+2:] {
		if c != 0 && c != 0xFF && c != '\n' && c != '\r' && c != ' ' {
			return false
		}
	}
	return true
}

// classifyPNG reads IHDR and looks for tRNS before the image data.
func classifyPNG(data []byte) (Info, error) {
	inf := Info{Format: "png"}
	if len(data) < 33 || string(data[12:16]) != "IHDR" {
		return inf, errors.New("PNG without IHDR")
	}
	inf.Width = int(binary.BigEndian.Uint32(data[16:]))
	inf.Height = int(binary.BigEndian.Uint32(data[20:]))
	depth, ctype, interlace := data[24], data[25], data[28]
	if inf.Width <= 0 || inf.Height <= 0 || inf.Width > 1<<20 || inf.Height > 1<<20 {
		return inf, fmt.Errorf("PNG size %d×%d is out of range", inf.Width, inf.Height)
	}
	trns := false
	for i := 8; i+8 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[i:]))
		typ := string(data[i+4 : i+8])
		if typ == "tRNS" {
			trns = true
		}
		if typ == "IDAT" || typ == "IEND" || n < 0 || i+12+n > len(data) {
			break
		}
		i += 12 + n
	}
	var what string
	switch ctype {
	case 0:
		inf.Color, what = "gray", "grey"
	case 4:
		inf.Color, what = "gray", "grey with alpha"
	case 2:
		inf.Color, what = "rgb", "RGB"
	case 6:
		inf.Color, what = "rgb", "RGB with alpha"
	case 3:
		inf.Color, what = "rgb", "palette"
	default:
		return inf, fmt.Errorf("PNG colour type %d is not valid", ctype)
	}
	if trns {
		what += " with transparency"
	}
	if depth != 8 {
		what = fmt.Sprintf("%d-bit %s", depth, what)
	}
	if interlace != 0 {
		what = "interlaced " + what
	}
	if ctype == 0 && depth == 8 && interlace == 0 && !trns {
		inf.PassThrough = true
		return inf, nil
	}
	inf.Why = what
	return inf, nil
}
