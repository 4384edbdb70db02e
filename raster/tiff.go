package raster

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"io"

	"golang.org/x/image/tiff"
	"golang.org/x/image/tiff/lzw"

	"github.com/paiban/paiban/raster/internal/jpeg"
)

// TIFF, the print trade's image format: RGB, grey and palette files are
// decoded by golang.org/x/image/tiff; CMYK files, planar RGB and grey ones
// and JPEG-compressed ones (which it does not read) by decodeSamplesTIFF
// here: 8 or 16 bits per sample (16 kept to their top 8), chunky or planar,
// in strips or tiles, either byte order, compressed with none, LZW,
// Deflate or PackBits, with or without the horizontal predictor, an alpha
// extra sample flattened onto paper; or compressed with JPEG (TIFF
// Technical Note 2, what Photoshop's and libtiff's "JPEG" option write:
// 8-bit chunky YCbCr, RGB, grey or CMYK, each strip or tile a JPEG stream
// whose tables may be in the JPEGTables field). Everything else is an
// error naming what is not supported.

// TIFF tags and values (TIFF 6.0).
const (
	tImageWidth      = 256
	tImageLength     = 257
	tBitsPerSample   = 258
	tCompression     = 259
	tPhotometric     = 262
	tStripOffsets    = 273
	tSamplesPerPixel = 277
	tRowsPerStrip    = 278
	tStripByteCounts = 279
	tPlanarConfig    = 284
	tPredictor       = 317
	tTileWidth       = 322
	tTileLength      = 323
	tTileOffsets     = 324
	tTileByteCounts  = 325
	tInkSet          = 332
	tOrientation     = 274
	tExtraSamples    = 338
	tJPEGTables      = 347

	cNone     = 1
	cLZW      = 5
	cDeflate  = 8
	cDeflate2 = 32946
	cPackBits = 32773
	cOldJPEG  = 6
	cJPEG     = 7

	pWhiteIsZero = 0
	pBlackIsZero = 1
	pRGB         = 2
	pPaletted    = 3
	pSeparated   = 5 // CMYK
	pYCbCr       = 6 // with JPEG compression only
)

type tiffIFD struct {
	order  binary.ByteOrder
	fields map[uint16][]uint32
}

func (f tiffIFD) first(tag uint16, def uint32) uint32 {
	if v := f.fields[tag]; len(v) > 0 {
		return v[0]
	}
	return def
}

func isTIFF(data []byte) bool {
	return bytes.HasPrefix(data, []byte("II*\x00")) || bytes.HasPrefix(data, []byte("MM\x00*"))
}

// readIFD reads the first image file directory.
func readIFD(data []byte) (tiffIFD, error) {
	if len(data) < 8 || !isTIFF(data) {
		return tiffIFD{}, errors.New("not a TIFF file")
	}
	var order binary.ByteOrder = binary.LittleEndian
	if data[0] == 'M' {
		order = binary.BigEndian
	}
	off := int64(order.Uint32(data[4:]))
	if off < 8 || off+2 > int64(len(data)) {
		return tiffIFD{}, errors.New("damaged TIFF: the first directory is outside the file")
	}
	n := int64(order.Uint16(data[off:]))
	if n == 0 || n > 1000 || off+2+12*n > int64(len(data)) {
		return tiffIFD{}, errors.New("damaged TIFF: implausible directory")
	}
	ifd := tiffIFD{order: order, fields: map[uint16][]uint32{}}
	sizes := map[uint16]int64{1: 1, 2: 1, 3: 2, 4: 4, 6: 1, 7: 1, 8: 2, 9: 4}
	for i := int64(0); i < n; i++ {
		e := data[off+2+12*i:]
		tag, typ, count := order.Uint16(e), order.Uint16(e[2:]), int64(order.Uint32(e[4:]))
		size, ok := sizes[typ]
		if !ok || count <= 0 || count > 1<<24 {
			continue // a type we do not need (rationals, ASCII beyond 1 byte …)
		}
		var raw []byte
		if size*count <= 4 {
			raw = e[8 : 8+size*count]
		} else {
			vo := int64(order.Uint32(e[8:]))
			if vo < 0 || vo+size*count > int64(len(data)) {
				return tiffIFD{}, fmt.Errorf("damaged TIFF: tag %d points outside the file", tag)
			}
			raw = data[vo : vo+size*count]
		}
		vals := make([]uint32, count)
		for k := range vals {
			switch size {
			case 1:
				vals[k] = uint32(raw[k])
			case 2:
				vals[k] = uint32(order.Uint16(raw[2*k:]))
			case 4:
				vals[k] = order.Uint32(raw[4*k:])
			}
		}
		ifd.fields[tag] = vals
	}
	return ifd, nil
}

// classifyTIFF reads the first directory's size and colour.
func classifyTIFF(data []byte) (Info, error) {
	ifd, err := readIFD(data)
	if err != nil {
		return Info{}, err
	}
	inf := Info{Format: "tiff", Width: int(ifd.first(tImageWidth, 0)), Height: int(ifd.first(tImageLength, 0)), Orientation: int(ifd.first(tOrientation, 0))}
	if inf.Orientation > 8 {
		inf.Orientation = 0
	}
	comp := ifd.first(tCompression, cNone)
	if comp == cOldJPEG {
		return inf, errors.New("TIFF with old-style JPEG compression (TIFF 6.0, compression 6) is not supported: save it again with LZW, ZIP or JPEG compression (or as a JPEG file)")
	}
	if inf.Width <= 0 || inf.Height <= 0 {
		return inf, errors.New("TIFF without a width or height")
	}
	switch ifd.first(tPhotometric, 99) {
	case pSeparated:
		inf.Color, inf.Why = "cmyk", "CMYK TIFF"
	case pRGB, pPaletted:
		inf.Color, inf.Why = "rgb", "RGB TIFF"
	case pYCbCr:
		if comp != cJPEG {
			return inf, errors.New("YCbCr TIFF without JPEG compression is not supported: save it as RGB")
		}
		inf.Color, inf.Why = "rgb", "RGB TIFF"
	case pWhiteIsZero, pBlackIsZero:
		inf.Color, inf.Why = "gray", "grey TIFF"
	default:
		return inf, fmt.Errorf("TIFF photometric interpretation %d is not supported (CMYK, RGB, grey and palette are)", ifd.first(tPhotometric, 99))
	}
	return inf, nil
}

// decodeTIFF decodes a TIFF file: CMYK here, everything else with x/image.
func decodeTIFF(data []byte) (image.Image, error) {
	ifd, err := readIFD(data)
	if err != nil {
		return nil, err
	}
	ph := ifd.first(tPhotometric, 99)
	planarRGB := ifd.first(tPlanarConfig, 1) == 2 && (ph == pRGB || ph == pBlackIsZero || ph == pWhiteIsZero)
	jpegged := ifd.first(tCompression, cNone) == cJPEG
	if ph != pSeparated && !planarRGB && !jpegged {
		return tiff.Decode(bytes.NewReader(data))
	}
	// CMYK, planar RGB and grey, and JPEG-compressed files, which
	// golang.org/x/image does not read
	nc, what := 4, "CMYK"
	switch ph {
	case pRGB, pYCbCr:
		nc, what = 3, "RGB"
	case pBlackIsZero, pWhiteIsZero:
		nc, what = 1, "grey"
	}
	return decodeSamplesTIFF(data, ifd, nc, what)
}

// decodeSamplesTIFF decodes a TIFF of nc colour samples a pixel (CMYK 4,
// RGB 3, grey 1) and up to 4 extra ones, 8 or 16 bits each, chunky or
// planar, in strips or tiles: a CMYK image, RGB flattened onto white (an
// *image.RGBA) or grey.
func decodeSamplesTIFF(data []byte, ifd tiffIFD, nc int, what string) (image.Image, error) {
	w, h := int(ifd.first(tImageWidth, 0)), int(ifd.first(tImageLength, 0))
	spp := int(ifd.first(tSamplesPerPixel, 1))
	planar := ifd.first(tPlanarConfig, 1) == 2
	tiled := ifd.fields[tTileWidth] != nil
	switch {
	case nc == 4 && ifd.first(tInkSet, 1) != 1:
		return nil, errors.New("TIFF with an ink set other than CMYK is not supported")
	case spp < nc || spp > nc+4:
		return nil, fmt.Errorf("%s TIFF with %d samples per pixel is not supported (%d, and up to 4 extra samples)", what, spp, nc)
	case ifd.first(tPlanarConfig, 1) > 2:
		return nil, errors.New("damaged TIFF: unknown planar configuration")
	}
	bits := ifd.fields[tBitsPerSample]
	if len(bits) == 0 {
		bits = []uint32{1}
	}
	for _, b := range bits {
		if b != bits[0] || b != 8 && b != 16 {
			return nil, fmt.Errorf("%s TIFF with %d bits per sample is not supported (8 and 16 are)", what, b)
		}
	}
	bps := int(bits[0]) / 8
	comp, pred := ifd.first(tCompression, cNone), ifd.first(tPredictor, 1)
	if pred != 1 && pred != 2 {
		return nil, fmt.Errorf("TIFF predictor %d is not supported (none and horizontal differencing are)", pred)
	}
	var tables []byte // of a JPEG-compressed file
	if comp == cJPEG {
		switch {
		case bps != 1 || planar || spp != nc || pred != 1:
			return nil, fmt.Errorf("JPEG-compressed %s TIFF with %d bits and %d samples per pixel%s is not supported (8-bit chunky files are)", what, 8*bps, spp, map[bool]string{true: ", planar", false: ""}[planar])
		}
		for _, v := range ifd.fields[tJPEGTables] {
			tables = append(tables, byte(v))
		}
	}
	// the image is cut into chunks: strips (the whole width, RowsPerStrip
	// rows) or tiles; planar files hold each sample's chunks after the
	// previous sample's
	cw, ch := w, int(ifd.first(tRowsPerStrip, uint32(h)))
	offs, counts := ifd.fields[tStripOffsets], ifd.fields[tStripByteCounts]
	if tiled {
		cw, ch = int(ifd.first(tTileWidth, 0)), int(ifd.first(tTileLength, 0))
		offs, counts = ifd.fields[tTileOffsets], ifd.fields[tTileByteCounts]
		if cw <= 0 || ch <= 0 || cw > 1<<16 || ch > 1<<16 {
			return nil, errors.New("damaged TIFF: implausible tile size")
		}
	}
	if ch <= 0 || ch > h {
		ch = h
	}
	across, down := (w+cw-1)/cw, (h+ch-1)/ch
	planes, cspp := 1, spp // chunks per position, samples per pixel in a chunk
	if planar {
		planes, cspp = spp, 1
	}
	if len(offs) < across*down*planes || len(offs) != len(counts) {
		return nil, errors.New("damaged TIFF: strip or tile offsets and byte counts do not match the image")
	}
	alpha := -1 // the extra sample that is alpha, to flatten onto paper
	if ex := ifd.fields[tExtraSamples]; len(ex) > 0 && (ex[0] == 1 || ex[0] == 2) {
		alpha = nc
	}
	premultiplied := len(ifd.fields[tExtraSamples]) > 0 && ifd.fields[tExtraSamples][0] == 1
	rowBytes := cw * cspp * bps
	pix := make([]byte, nc*w*h) // the colour samples, nc a pixel
	var alphas []byte
	if alpha >= 0 && (!premultiplied || nc != 4) {
		alphas = make([]byte, w*h)
	}
	hi := 0 // the byte of a 16-bit sample that holds its top 8 bits
	if bps == 2 && ifd.order == binary.LittleEndian {
		hi = 1
	}
	for p := range planes {
		for cy := range down {
			for cx := range across {
				i := (p*down+cy)*across + cx
				o, n := int64(offs[i]), int64(counts[i])
				if o < 0 || o+n > int64(len(data)) {
					return nil, errors.New("damaged TIFF: a strip or tile lies outside the file")
				}
				rows := ch // a tile is always whole; the last strip may be short
				if !tiled {
					rows = min(ch, h-cy*ch)
				}
				want := rows * rowBytes
				var raw []byte
				var err error
				if comp == cJPEG {
					raw, err = jpegChunk(tables, data[o:o+n], ifd.first(tPhotometric, 99), nc, cw, rows)
				} else {
					raw, err = inflateStrip(data[o:o+n], comp, want)
				}
				if err != nil {
					return nil, err
				}
				if len(raw) < want {
					return nil, errors.New("damaged TIFF: a strip or tile is short")
				}
				for r := 0; r < rows && cy*ch+r < h; r++ {
					line := raw[r*rowBytes : (r+1)*rowBytes]
					if pred == 2 {
						undoPredictor(line, cspp, bps, ifd.order)
					}
					y := cy*ch + r
					x0 := cx * cw
					nx := min(cw, w-x0)
					dst := pix[nc*(y*w+x0):]
					if !planar && bps == 1 && alphas == nil {
						for x := range nx {
							copy(dst[nc*x:nc*x+nc], line[spp*x:spp*x+nc])
						}
						continue
					}
					for x := range nx {
						for c := range cspp {
							sample := c
							if planar {
								sample = p
							}
							v := line[(x*cspp+c)*bps+hi*(bps-1)]
							switch {
							case sample < nc:
								dst[nc*x+sample] = v
							case sample == alpha && alphas != nil:
								alphas[y*w+x0+x] = v
							}
						}
					}
				}
			}
		}
	}
	if ifd.first(tPhotometric, 99) == pWhiteIsZero {
		for i := range pix {
			pix[i] = 255 - pix[i]
		}
	}
	if alphas != nil { // flattened onto paper: no ink, white
		for i, a := range alphas {
			if a == 255 {
				continue
			}
			for c := range nc {
				v := uint32(pix[nc*i+c])
				switch {
				case nc == 4: // ink, unassociated alpha
					pix[nc*i+c] = uint8((v*uint32(a) + 127) / 255)
				case premultiplied:
					pix[nc*i+c] = uint8(min(255, v+255-uint32(a)))
				default:
					pix[nc*i+c] = uint8((v*uint32(a) + 255*(255-uint32(a)) + 127) / 255)
				}
			}
		}
	}
	r := image.Rect(0, 0, w, h)
	switch nc {
	case 4:
		return &image.CMYK{Pix: pix, Stride: 4 * w, Rect: r}, nil
	case 1:
		return &image.Gray{Pix: pix, Stride: w, Rect: r}, nil
	}
	m := image.NewRGBA(r)
	for i := range w * h {
		m.Pix[4*i], m.Pix[4*i+1], m.Pix[4*i+2], m.Pix[4*i+3] = pix[3*i], pix[3*i+1], pix[3*i+2], 255
	}
	return m, nil
}

// undoPredictor undoes horizontal differencing (TIFF predictor 2) on one
// row of samples of bps bytes, spp to a pixel, in byte order o.
func undoPredictor(line []byte, spp, bps int, o binary.ByteOrder) {
	if bps == 1 {
		for x := spp; x < len(line); x++ {
			line[x] += line[x-spp]
		}
		return
	}
	for k := spp; 2*k+1 < len(line); k++ {
		o.PutUint16(line[2*k:], o.Uint16(line[2*k:])+o.Uint16(line[2*(k-spp):]))
	}
}

// jpegChunk decodes one strip or tile of a JPEG-compressed TIFF (TIFF
// Technical Note 2): a JPEG stream, abbreviated when the file keeps its
// tables in JPEGTables (a stream of its own: SOI, the tables, EOI). It
// returns its first rows rows of w pixels, nc 8-bit samples each, as the
// TIFF's photometric interpretation ph says (YCbCr turned into RGB).
func jpegChunk(tables, b []byte, ph uint32, nc, w, rows int) ([]byte, error) {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return nil, errors.New("damaged TIFF: a JPEG strip or tile does not start as a JPEG stream")
	}
	// SOI; the colour of the samples, as an Adobe segment says it to the
	// decoder (RGB and CMYK stored as they are: transform 0; YCbCr: 1);
	// the tables; the chunk's own segments
	transform := byte(0)
	if ph == pYCbCr {
		transform = 1
	}
	s := make([]byte, 0, len(tables)+len(b)+16)
	s = append(s, 0xFF, 0xD8, 0xFF, 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, transform)
	if len(tables) >= 4 && tables[0] == 0xFF && tables[1] == 0xD8 {
		t := tables[2:]
		if n := len(t); n >= 2 && t[n-2] == 0xFF && t[n-1] == 0xD9 {
			t = t[:n-2]
		}
		s = append(s, t...)
	}
	s = append(s, b[2:]...)
	img, err := jpeg.Decode(bytes.NewReader(s), 0)
	if err != nil {
		return nil, fmt.Errorf("damaged TIFF: a JPEG strip or tile: %v", err)
	}
	r := img.Bounds()
	if r.Dx() < w || r.Dy() < rows {
		return nil, fmt.Errorf("damaged TIFF: a JPEG strip or tile of %d×%d pixels, expected %d×%d", r.Dx(), r.Dy(), w, rows)
	}
	out := make([]byte, 0, nc*w*rows)
	for y := r.Min.Y; y < r.Min.Y+rows; y++ {
		switch m := img.(type) {
		case *image.Gray:
			if nc == 1 {
				out = append(out, m.Pix[m.PixOffset(r.Min.X, y):][:w]...)
				continue
			}
		case *image.RGBA:
			if nc == 3 {
				p := m.Pix[m.PixOffset(r.Min.X, y):]
				for x := range w {
					out = append(out, p[4*x], p[4*x+1], p[4*x+2])
				}
				continue
			}
		case *image.YCbCr:
			if nc == 3 {
				for x := range w {
					yi, ci := m.YOffset(r.Min.X+x, y), m.COffset(r.Min.X+x, y)
					cr, cg, cb := yCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
					out = append(out, cr, cg, cb)
				}
				continue
			}
		case *image.CMYK:
			if nc == 4 {
				// the decoder takes an Adobe CMYK stream as inverted
				// (255: no ink); a TIFF's is not
				for _, v := range m.Pix[m.PixOffset(r.Min.X, y):][:4*w] {
					out = append(out, 255-v)
				}
				continue
			}
		}
		return nil, fmt.Errorf("a JPEG strip or tile of %d components in a TIFF of %d samples per pixel is not supported", componentsOf(img), nc)
	}
	return out, nil
}

// componentsOf is the number of colour components of a decoded JPEG.
func componentsOf(img image.Image) int {
	switch img.(type) {
	case *image.Gray:
		return 1
	case *image.CMYK:
		return 4
	}
	return 3
}

// inflateStrip decompresses one strip to at most want bytes.
func inflateStrip(b []byte, comp uint32, want int) ([]byte, error) {
	var r io.Reader
	switch comp {
	case cNone:
		return b, nil
	case cLZW:
		r = lzw.NewReader(bytes.NewReader(b), lzw.MSB, 8)
	case cDeflate, cDeflate2:
		z, err := zlib.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("damaged TIFF: %v", err)
		}
		r = z
	case cPackBits:
		return unpackBits(b, want)
	default:
		return nil, fmt.Errorf("TIFF compression %d is not supported (none, LZW, Deflate and PackBits are)", comp)
	}
	out := make([]byte, want)
	n, err := io.ReadFull(r, out)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("damaged TIFF strip: %v", err)
	}
	return out[:n], nil
}

// unpackBits decodes PackBits (TIFF 6.0 section 9) up to want bytes.
func unpackBits(b []byte, want int) ([]byte, error) {
	out := make([]byte, 0, want)
	for i := 0; i < len(b) && len(out) < want; {
		n := int(int8(b[i]))
		i++
		switch {
		case n >= 0:
			if i+n+1 > len(b) {
				return nil, errors.New("damaged TIFF: PackBits run past the strip")
			}
			out = append(out, b[i:i+n+1]...)
			i += n + 1
		case n != -128:
			if i >= len(b) {
				return nil, errors.New("damaged TIFF: PackBits run past the strip")
			}
			for k := 0; k < 1-n; k++ {
				out = append(out, b[i])
			}
			i++
		}
	}
	return out, nil
}
