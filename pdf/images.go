package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"strconv"

	"github.com/signintech/gopdf"

	"github.com/paiban/paiban/raster"
)

// Images go into the PDF in one of two ways:
//
//   - CMYK and grey JPEGs and plain 8-bit grey PNGs are handed to gopdf as
//     they are (raster.Classify says PassThrough): JPEGs are embedded byte
//     for byte.
//   - Everything else (RGB or palette, alpha, 16-bit, interlaced) is made
//     printable by raster.Convert: DeviceCMYK (or DeviceGray) samples,
//     Flate-compressed. gopdf cannot embed such an image, so it is given a
//     placeholder, a tiny grey PNG, to place; the fix-up pass then replaces
//     the placeholder's image XObject with the converted image.
//
// gopdf writes one image XObject per distinct image, in the order images are
// first placed, and nothing else with /Subtype /Image (no soft masks or
// palettes: neither kind of image has any). So the n-th image XObject in the
// file is the n-th entry of writer.imageOrder.

// placedImage is one distinct image file as the writer embeds it.
type placedImage struct {
	path string
	conv *raster.Image // nil when passed through
	ph   int           // placeholder width: 1 + the index among converted images
}

// imageHolder returns gopdf's holder for the image file at path (its bytes
// are data) and records it in wr.imageOrder.
func (wr *writer) imageHolder(path string, data []byte) (gopdf.ImageHolder, error) {
	inf, err := raster.Classify(data)
	if err != nil {
		return nil, err
	}
	pi := placedImage{path: path}
	id := "file:" + path
	if !inf.PassThrough {
		if pi.conv, err = raster.Convert(data); err != nil {
			return nil, err
		}
		wr.nconverted++
		pi.ph = wr.nconverted
		if data, err = placeholder(pi.ph); err != nil {
			return nil, err
		}
		id = "converted:" + path
	}
	wr.imageOrder = append(wr.imageOrder, pi)
	return &imageHolder{id: id, Reader: bytes.NewReader(data)}, nil
}

// placeholder is an 8-bit grey PNG w pixels wide and 1 high.
func placeholder(w int) ([]byte, error) {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, 1))); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// swapImages puts the converted images in place of their placeholders:
// objs are gopdf's objects, out their replacement bodies (nil = unchanged).
func (wr *writer) swapImages(objs []gobj, out [][]byte) error {
	n := 0
	for k := range objs {
		o := &objs[k]
		if !bytes.HasPrefix(o.body, []byte("<<\n\t/Type /XObject\n\t/Subtype /Image\n")) {
			continue
		}
		if n >= len(wr.imageOrder) {
			return errors.New("pdf: gopdf output has more images than were placed")
		}
		pi := wr.imageOrder[n]
		n++
		if pi.conv == nil {
			continue
		}
		want := fmt.Sprintf("\t/Width %d\n\t/Height 1\n", pi.ph)
		if !bytes.Contains(o.body, []byte(want)) || !bytes.Contains(o.body, []byte("/ColorSpace /DeviceGray")) {
			return fmt.Errorf("pdf: gopdf output: image object %d is not the placeholder of %s", o.num, pi.path)
		}
		out[k] = imageXObject(pi.conv)
	}
	if n != len(wr.imageOrder) {
		return fmt.Errorf("pdf: gopdf output has %d images, expected %d", n, len(wr.imageOrder))
	}
	return nil
}

// imageXObject is the body of an image XObject holding a converted image.
func imageXObject(im *raster.Image) []byte {
	w := strconv.Itoa(im.Width)
	b := make([]byte, 0, len(im.Data)+320)
	b = append(b, "<< /Type /XObject /Subtype /Image /Width "+w+" /Height "+strconv.Itoa(im.Height)+
		" /ColorSpace /"+im.ColorSpace()+" /BitsPerComponent 8 /Filter /FlateDecode"+
		" /DecodeParms << /Predictor 15 /Colors "+strconv.Itoa(im.Components())+" /BitsPerComponent 8 /Columns "+w+" >>"+
		" /Length "+strconv.Itoa(len(im.Data))+" >>\nstream\n"...)
	b = append(b, im.Data...)
	return append(b, "\nendstream\n"...)
}
