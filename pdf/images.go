package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"sync"

	"github.com/signintech/gopdf"

	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/pdf/supplied"
	"github.com/paiban/paiban/raster"
)

// Images go into the PDF in one of two ways:
//
//   - CMYK and grey JPEGs within the ink limit are embedded byte for byte
//     (raster.Colour.Embed says nil): gopdf is given a placeholder, and the
//     object pass puts an image XObject with the file's bytes (DCTDecode)
//     in its place, with the dictionary gopdf would write — gopdf would copy
//     each file several times over (io.ReadAll, twice, then its output).
//     Plain 8-bit grey PNGs are handed to gopdf as they are.
//   - Everything else (RGB or palette, alpha, 16-bit, interlaced; CMYK over
//     the ink limit; images to be downsampled) is made printable by
//     raster.Colour.Embed: DeviceCMYK (or DeviceGray) samples, JPEG or
//     Flate-compressed. gopdf cannot embed such an image, so it is given a
//     placeholder, a tiny grey PNG, to place; the object pass then replaces
//     the placeholder's image XObject with the converted image.
//
// gopdf writes one image XObject per distinct image, in the order images are
// first placed, and nothing else with /Subtype /Image (no soft masks or
// palettes: neither kind of image has any). So the n-th image XObject in the
// file is the n-th entry of writer.imageOrder.

// placedImage is one distinct image as the writer embeds it.
type placedImage struct {
	path string        // the image's key (layout.Image.Key): its path, or path and fit
	conv *raster.Image // nil when passed through
	jpeg *jpegImage    // a JPEG embedded as it is, in place of a placeholder
	ph   int           // placeholder width: 1 + the index among placeholders
}

// jpegImage is a CMYK or grey JPEG file embedded as it is.
type jpegImage struct {
	data []byte
	w, h int
	cmyk bool
}

// prepared is an image file read and made printable, before it is placed.
type prepared struct {
	data []byte        // the file (nil when the pipeline converted it)
	conv *raster.Image // nil when passed through
	jpeg *jpegImage
	err  error
}

// prepare reads the image file im places and makes it printable:
// conversion (raster.Colour.EmbedWith) unless the pipeline did it, or the
// JPEG passed through as it is.
func (wr *writer) prepare(im layout.Image) prepared {
	path := im.Key()
	p := prepared{conv: wr.converted[path]}
	if p.conv != nil {
		return p
	}
	if p.data, p.err = readFile(im.Path); p.err != nil {
		return p
	}
	fit := wr.fit[im.Path]
	if im.Fit != [2]int{} {
		fit = im.Fit
	}
	o := wr.photo
	o.W, o.H, o.Crop = fit[0], fit[1], im.Crop
	if wr.sum != nil {
		// the build hashed the file (Options.FileSum): the conversions
		// and the ink coverage are cached by it (on an error raster
		// hashes data itself)
		if sum, err := wr.sum(path); err == nil {
			o.Sum = sum
		}
	}
	if p.conv, p.err = wr.colour.EmbedWith(p.data, o); p.err != nil || p.conv != nil {
		return p
	}
	inf, err := raster.Classify(p.data)
	if err != nil {
		p.err = err
	} else if inf.Format == "jpeg" {
		p.jpeg = &jpegImage{data: p.data, w: inf.Width, h: inf.Height, cmyk: inf.Color == "cmyk"}
	}
	return p
}

// prefetch prepares, one after another in the order they are first
// placed, the image files of the document while gopdf draws the text
// (Text calls are most of a page's time); image waits for each.
func (wr *writer) prefetch() {
	wr.prepared = map[string]chan prepared{}
	var order []layout.Image
	for _, p := range wr.doc.Pages {
		for _, im := range p.Images {
			if k := im.Key(); im.Page == 0 && wr.prepared[k] == nil {
				wr.prepared[k] = make(chan prepared, 1)
				order = append(order, im)
			}
		}
	}
	go func() {
		for _, im := range order {
			wr.prepared[im.Key()] <- wr.prepare(im)
		}
	}()
}

// imageHolder returns gopdf's holder for the image file im places, made
// printable (p), and records it in wr.imageOrder.
func (wr *writer) imageHolder(im layout.Image, p prepared) (gopdf.ImageHolder, error) {
	if p.err != nil {
		return nil, p.err
	}
	path := im.Key()
	pi := placedImage{path: path, conv: p.conv, jpeg: p.jpeg}
	id, data := "file:"+path, p.data
	switch {
	case pi.conv != nil:
		id = "converted:" + path
	case pi.jpeg != nil:
		id = "jpeg:" + path
	}
	if pi.conv != nil || pi.jpeg != nil {
		wr.nplaceholders++
		pi.ph = wr.nplaceholders
		var err error
		if data, err = placeholder(pi.ph); err != nil {
			return nil, err
		}
	}
	wr.imageOrder = append(wr.imageOrder, pi)
	return &imageHolder{id: id, Reader: bytes.NewReader(data)}, nil
}

// placeholder is an 8-bit grey PNG w pixels wide and 1 high. Each width
// is encoded once per process (an encoder allocates a megabyte of
// compressor; a build places dozens); the bytes are never changed.
func placeholder(w int) ([]byte, error) {
	if b, ok := placeholders.Load(w); ok {
		return b.([]byte), nil
	}
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, 1))); err != nil {
		return nil, err
	}
	placeholders.Store(w, b.Bytes())
	return b.Bytes(), nil
}

var placeholders sync.Map // width → PNG

// jpegXObject is the image XObject of a JPEG embedded as it is: the
// dictionary gopdf writes for one (a CMYK JPEG inverted, as Adobe's are).
func jpegXObject(j *jpegImage) *cos.Stream {
	d := cos.NewDict("Type", cos.Name("XObject"), "Subtype", cos.Name("Image"), "Width", j.w, "Height", j.h)
	if j.cmyk {
		d.Set("ColorSpace", cos.Name("DeviceCMYK"))
		d.Set("Decode", cos.Nums(1, 0, 1, 0, 1, 0, 1, 0))
	} else {
		d.Set("ColorSpace", cos.Name("DeviceGray"))
	}
	d.Set("BitsPerComponent", 8)
	d.Set("Filter", cos.Name("DCTDecode"))
	return cos.NewStream(d, j.data)
}

// swapImages puts the converted images and the JPEGs in place of their
// placeholders: the
// n-th image XObject of gopdf's output (in object order) is imageOrder[n].
// It returns each image's object, by path.
func (wr *writer) swapImages(d *cos.Doc) (map[string]cos.Ref, error) {
	refs := make(map[string]cos.Ref, len(wr.imageOrder))
	var err error
	d.Each(func(r cos.Ref, v cos.Object) {
		s, ok := v.(*cos.Stream)
		if err != nil || !ok || wr.imported[r.Num] || s.Dict.Get("Subtype") != cos.Name("Image") {
			return
		}
		n := len(refs)
		if n >= len(wr.imageOrder) {
			err = errors.New("pdf: gopdf output has more images than were placed")
			return
		}
		pi := wr.imageOrder[n]
		refs[pi.path] = r
		if pi.conv == nil && pi.jpeg == nil {
			return
		}
		w, _ := cos.Float(s.Dict.Get("Width"))
		h, _ := cos.Float(s.Dict.Get("Height"))
		if int(w) != pi.ph || h != 1 || s.Dict.Get("ColorSpace") != cos.Name("DeviceGray") {
			err = fmt.Errorf("pdf: gopdf output: image object %d is not the placeholder of %s", r.Num, pi.path)
			return
		}
		if pi.jpeg != nil {
			d.Set(r, jpegXObject(pi.jpeg))
		} else {
			d.Set(r, imageXObject(pi.conv))
		}
	})
	if err == nil && len(refs) != len(wr.imageOrder) {
		err = fmt.Errorf("pdf: gopdf output has %d images, expected %d", len(refs), len(wr.imageOrder))
	}
	return refs, err
}

// imageXObject is an image XObject holding a converted image (its
// dictionary as supplied.SetImage makes it).
func imageXObject(im *raster.Image) *cos.Stream {
	d := cos.NewDict("Type", cos.Name("XObject"), "Subtype", cos.Name("Image"))
	supplied.SetImage(d, im)
	return &cos.Stream{Dict: d, Data: im.Data}
}
