package raster

import (
	"encoding/binary"
	"fmt"
	"image"
)

// EXIF orientation: a phone held upright stores its landscape sensor's
// pixels as they are and says, in the Exif tag Orientation (0x0112), how to
// turn them to show the picture as taken: 6 turns it a quarter clockwise,
// 8 anticlockwise, 3 a half turn (2, 4, 5 and 7 mirror as well). Viewers
// honour it, so the photographer saw the picture upright: paiban does too.
// Info.Width and Height are the file's stored pixels; Upright gives the
// picture's, and images are decoded, resampled in the stored orientation
// (cheaper, and the JPEG reduction applies) and then turned (orient).

// Upright is the picture's size as shown: Width and Height swapped for
// orientations 5 to 8.
func (inf Info) Upright() (w, h int) {
	if inf.swaps() {
		return inf.Height, inf.Width
	}
	return inf.Width, inf.Height
}

// swaps reports whether the orientation turns the picture a quarter.
func (inf Info) swaps() bool { return inf.Orientation >= 5 && inf.Orientation <= 8 }

// turned reports whether the picture must be turned or mirrored to show.
func (inf Info) turned() bool { return inf.Orientation >= 2 && inf.Orientation <= 8 }

// orientationNames say what an orientation does, for the report.
var orientationNames = [9]string{2: "mirrored", 3: "turned a half turn", 4: "flipped", 5: "mirrored and turned",
	6: "turned a quarter clockwise", 7: "mirrored and turned", 8: "turned a quarter anticlockwise"}

// JPEGOrientation reads the EXIF orientation (1 … 8; 0 when there is none)
// from the markers of a JPEG file up to its first scan; head may be only
// the file's beginning (the Exif segment comes first).
func JPEGOrientation(head []byte) int {
	for i := 2; i+4 <= len(head); {
		if head[i] != 0xFF {
			return 0
		}
		m := head[i+1]
		if m == 0xFF {
			i++
			continue
		}
		if m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01 {
			i += 2
			continue
		}
		if m == 0xDA || m == 0xD9 {
			return 0
		}
		n := int(head[i+2])<<8 | int(head[i+3])
		if n < 2 || i+2+n > len(head) {
			return 0
		}
		if seg := head[i+4 : i+2+n]; m == 0xE1 && len(seg) > 6 && string(seg[:6]) == "Exif\x00\x00" {
			return exifOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 0
}

// exifOrientation reads tag 0x0112 of IFD0 of an Exif TIFF structure.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var o binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		o = binary.LittleEndian
	case "MM\x00*":
		o = binary.BigEndian
	default:
		return 0
	}
	off := int64(o.Uint32(t[4:]))
	if off < 8 || off+2 > int64(len(t)) {
		return 0
	}
	n := int64(o.Uint16(t[off:]))
	for k := int64(0); k < n; k++ {
		e := off + 2 + 12*k
		if e+12 > int64(len(t)) {
			return 0
		}
		if o.Uint16(t[e:]) == 0x0112 && o.Uint16(t[e+2:]) == 3 {
			if v := int(o.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 0
		}
	}
	return 0
}

// decodeUpright is decode, the picture turned to show upright; the fit is
// the upright picture's.
func decodeUpright(data []byte, fitW, fitH int) (image.Image, error) {
	inf, err := Classify(data)
	if err != nil {
		return nil, err
	}
	if inf.swaps() {
		fitW, fitH = fitH, fitW
	}
	img, err := decode(data, fitW, fitH)
	if err != nil {
		return nil, err
	}
	return orient(img, inf.Orientation), nil
}

// crop keeps the part c (x0, y0, x1, y1 in ten-thousandths) of img, its
// edges rounded outwards to whole pixels, and says so for the report; the
// whole image when c is zero or keeps nearly all of it.
func crop(img image.Image, c [4]int) (image.Image, string) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	cr, note := cropRect(w, h, c)
	if note == "" {
		return img, ""
	}
	x0, y0, x1, y1 := cr.Min.X, cr.Min.Y, cr.Max.X, cr.Max.Y
	r := cr.Add(b.Min)
	var out image.Image
	switch m := img.(type) {
	case *image.CMYK:
		o := image.NewCMYK(image.Rect(0, 0, x1-x0, y1-y0))
		for y := range y1 - y0 {
			copy(o.Pix[y*o.Stride:][:4*(x1-x0)], m.Pix[m.PixOffset(r.Min.X, r.Min.Y+y):])
		}
		out = o
	case *image.Gray:
		o := image.NewGray(image.Rect(0, 0, x1-x0, y1-y0))
		for y := range y1 - y0 {
			copy(o.Pix[y*o.Stride:][:x1-x0], m.Pix[m.PixOffset(r.Min.X, r.Min.Y+y):])
		}
		out = o
	default:
		// RGB: its rows as printed (opaque, on white)
		o := image.NewRGBA(image.Rect(0, 0, x1-x0, y1-y0))
		row := make([]byte, 3*w)
		for y := range y1 - y0 {
			rgbRow(img, r.Min.Y+y, row)
			d := o.Pix[y*o.Stride:]
			for x := range x1 - x0 {
				s := row[3*(x0+x):]
				d[4*x], d[4*x+1], d[4*x+2], d[4*x+3] = s[0], s[1], s[2], 255
			}
		}
		out = o
	}
	return out, note
}

// cropRect is the part of a w×h picture crop keeps (c as for crop) and
// the note for the report: the whole picture and "" when c is zero or
// keeps nearly all of it.
func cropRect(w, h int, c [4]int) (image.Rectangle, string) {
	all := image.Rect(0, 0, w, h)
	if c == ([4]int{}) {
		return all, ""
	}
	x0, y0 := max(0, c[0]*w/10000), max(0, c[1]*h/10000)
	x1, y1 := min(w, (c[2]*w+9999)/10000), min(h, (c[3]*h+9999)/10000)
	if x1-x0 < 1 || y1-y0 < 1 || (x1-x0)*(y1-y0) >= w*h {
		return all, ""
	}
	return image.Rect(x0, y0, x1, y1), fmt.Sprintf("; cropped to the %d×%d px that show where it is placed", x1-x0, y1-y0)
}

// orient turns (and mirrors) a decoded image, held in the file's
// orientation, to show upright. Grey stays grey and CMYK CMYK; other images
// become RGBA (flattened onto white, as they would be printed).
func orient(img image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	var src []byte
	var stride, bpp int
	var dst image.Image
	var dpix []byte
	var dstride int
	switch m := img.(type) {
	case *image.Gray:
		src, stride, bpp = m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, 1
		g := image.NewGray(image.Rect(0, 0, dw, dh))
		dst, dpix, dstride = g, g.Pix, g.Stride
	case *image.CMYK:
		src, stride, bpp = m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, 4
		c := image.NewCMYK(image.Rect(0, 0, dw, dh))
		dst, dpix, dstride = c, c.Pix, c.Stride
	default:
		// RGB: its rows as printed (opaque, on white), then turned
		bpp, stride = 4, 4*w
		src = make([]byte, 4*w*h)
		inBands(h, func(y0, y1 int) {
			row := make([]byte, 3*w)
			for y := y0; y < y1; y++ {
				rgbRow(img, b.Min.Y+y, row)
				d := src[y*stride:]
				for x := 0; x < w; x++ {
					d[4*x], d[4*x+1], d[4*x+2], d[4*x+3] = row[3*x], row[3*x+1], row[3*x+2], 255
				}
			}
		})
		r := image.NewRGBA(image.Rect(0, 0, dw, dh))
		dst, dpix, dstride = r, r.Pix, r.Stride
	}
	inBands(dh, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			d := dpix[y*dstride:]
			for x := 0; x < dw; x++ {
				var sx, sy int
				switch o {
				case 2:
					sx, sy = w-1-x, y
				case 3:
					sx, sy = w-1-x, h-1-y
				case 4:
					sx, sy = x, h-1-y
				case 5:
					sx, sy = y, x
				case 6:
					sx, sy = y, h-1-x
				case 7:
					sx, sy = w-1-y, h-1-x
				case 8:
					sx, sy = w-1-y, x
				}
				copy(d[bpp*x:bpp*x+bpp], src[sy*stride+bpp*sx:])
			}
		}
	})
	return dst
}
