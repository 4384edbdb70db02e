package raster

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"image"
	"image/color"
	_ "image/jpeg" // decoders for image.Decode
	_ "image/png"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/flate"
	"github.com/paiban/paiban/raster/internal/jpeg"
)

// Image is a converted image: 8-bit DeviceCMYK or DeviceGray samples,
// compressed for a PDF image XObject with
//
//	/Filter /FlateDecode
//	/DecodeParms << /Predictor 15 /Colors N /BitsPerComponent 8 /Columns Width >>
//
// (every row starts with its PNG filter byte), or, when DCT, a baseline
// JPEG for /Filter /DCTDecode (CMYK inverted with an Adobe marker, so
// /Decode [1 0 1 0 1 0 1 0]; see photo.go).
type Image struct {
	Width, Height int
	Gray          bool   // DeviceGray (1 component); otherwise DeviceCMYK (4)
	DCT           bool   // Data is a JPEG file, not a zlib stream
	Data          []byte // zlib stream of the filtered rows, or the JPEG
	Note          string // what was done, for the build report: "RGB converted to CMYK"
	// Warning, when not "": a supplied image had to be changed (a CMYK
	// image over the ink limit): a warning in the report, an error with
	// --strict.
	Warning string
}

// Components is the number of colour components per pixel (1 or 4).
func (im *Image) Components() int {
	if im.Gray {
		return 1
	}
	return 4
}

// YCCK says whether the image is a JPEG written as YCCK (Adobe transform
// 2, jpeg.EncodeYCCK): its PDF image needs /ColorTransform 1.
func (im *Image) YCCK() bool { return im.DCT && !im.Gray && adobeTransform(im.Data) == 2 }

// ColorSpace is the PDF colour space name of the samples.
func (im *Image) ColorSpace() string {
	if im.Gray {
		return "DeviceGray"
	}
	return "DeviceCMYK"
}

// MaxPixels bounds the images Convert decodes (a 60 cm × 60 cm picture at
// 400 ppi is about 89 million pixels).
const MaxPixels = 150_000_000

// Convert decodes a file that Classify does not pass through and returns it
// printable. RGB (and palette) images become CMYK; grey images stay grey;
// transparency is flattened onto white (paper). Results are cached by the
// SHA-256 of data for the life of the process, so a file placed twice or
// checked by the build and then embedded by the writer is converted once.
// The result must not be modified.
func Convert(data []byte) (*Image, error) { return Fit(data, 0, 0) }

// Fit is Convert for an image that is resampled (Catmull-Rom) to fit in
// w×h pixels when it is larger: a photo of far more pixels than its place
// on the page can print. w, h = 0 keeps the image's size. Any image may be
// fitted, a CMYK JPEG too (which Classify would pass through); cached by
// content and size.
func Fit(data []byte, w, h int) (*Image, error) { return Device.Fit(data, w, h) }

// decode decodes a JPEG, PNG or TIFF file of at most MaxPixels; a JPEG to
// be fitted in fitW×fitH is decoded reduced (photo.go).
func decode(data []byte, fitW, fitH int) (image.Image, error) {
	inf, err := Classify(data)
	if err != nil {
		return nil, err
	}
	if int64(inf.Width)*int64(inf.Height) > MaxPixels {
		return nil, fmt.Errorf("%d×%d pixels is too large to convert (at most %d million pixels)", inf.Width, inf.Height, MaxPixels/1_000_000)
	}
	var img image.Image
	switch inf.Format {
	case "tiff":
		img, err = decodeTIFF(data)
	case "jpeg":
		img, err = decodeJPEG(data, inf, fitW, fitH) // photo.go: reduced while decoded
	default:
		img, _, err = image.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, fmt.Errorf("cannot decode the image: %s", strings.TrimPrefix(strings.TrimPrefix(err.Error(), "png: "), "jpeg: "))
	}
	b := img.Bounds()
	if n := reduction(inf, fitW, fitH); b.Dx() != jpeg.ScaledSize(inf.Width, n) || b.Dy() != jpeg.ScaledSize(inf.Height, n) {
		return nil, fmt.Errorf("decoded size %d×%d differs from the header's %d×%d", b.Dx(), b.Dy(), inf.Width, inf.Height)
	}
	return img, nil
}

// convert converts with col (see Colour.FitWith).
func convert(data []byte, o Options, col *Colour) (*Image, error) {
	fitW, fitH := o.W, o.H
	inf, err := Classify(data)
	if err != nil {
		return nil, err
	}
	if inf.swaps() { // the fit is the upright picture's; decoded and resampled as stored
		fitW, fitH = fitH, fitW
	}
	img, err := decode(data, fitW, fitH)
	if err != nil {
		return nil, err
	}
	// a photo from an RGB JPEG whose colour is at half resolution (4:2:0)
	// is written as YCCK with its chroma 2×2 too (jpeg.EncodeYCCK)
	yc, _ := img.(*image.YCbCr)
	ycck := yc != nil && inf.Color == "rgb" && yc.SubsampleRatio == image.YCbCrSubsampleRatio420
	gray := inf.Color == "gray"
	why := inf.Why
	if why == "" {
		why = map[string]string{"cmyk": "CMYK", "gray": "grey", "rgb": "RGB"}[inf.Color] + " " + strings.ToUpper(inf.Format)
	}
	// A photo converted from RGB is separated band by band as the JPEG
	// encoder takes the rows, and a colour JPEG that is resampled and not
	// turned is resampled band by band too (the bytes are the same): no
	// whole resampled, cropped or CMYK image is made.
	fuse := separateWhileEncoding && !gray && inf.Color != "cmyk"
	var band func(y0, y1 int) image.Image // the result, when made band by band
	size := img.Bounds().Size()
	resampled, cropped := "", ""
	if w, h, ok := fitSize(inf, fitW, fitH); ok {
		if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
			if m, isYCbCr := img.(*image.YCbCr); isYCbCr && fuse && !inf.turned() && o.photo(inf, true) {
				var r image.Rectangle
				r, cropped = cropRect(w, h, o.Crop)
				band, size = resampleBands(m, w, h, r), r.Size()
			} else {
				img = resample(img, w, h, gray)
			}
		}
		uw, uh := inf.Upright()
		if inf.swaps() {
			w, h = h, w
		}
		resampled = fmt.Sprintf("; downsampled from %d×%d to %d×%d px", uw, uh, w, h)
	}
	if band != nil {
		resampled += cropped
	} else {
		if inf.turned() {
			img = orient(img, inf.Orientation)
			resampled = fmt.Sprintf("; EXIF orientation %d: %s", inf.Orientation, orientationNames[inf.Orientation]) + resampled
		}
		img, cropped = crop(img, o.Crop)
		resampled += cropped
		size = img.Bounds().Size()
	}
	var how, warn string
	var rows func(y0, y1 int, dst []byte)
	switch {
	case band != nil:
		how, rows = col.separator(size.X, 0, band, data)
	case fuse && o.photo(inf, resampled != ""):
		whole := img
		how, rows = col.separator(size.X, img.Bounds().Min.Y, func(int, int) image.Image { return whole }, data)
	default:
		img, how, warn = col.separate(img, inf, data)
	}
	if rows == nil {
		size = img.Bounds().Size()
	}
	out := &Image{Width: size.X, Height: size.Y, Gray: gray, Warning: warn}
	switch {
	case gray:
		out.Note = why + " converted to 8-bit grey"
	case inf.Color == "cmyk" && warn != "":
		out.Note, how = why+": "+how, ""
	case inf.Color == "cmyk":
		out.Note = why + " embedded with its CMYK samples unchanged"
	default:
		out.Note = why + " converted to CMYK"
	}
	if strings.Contains(why, "alpha") || strings.Contains(why, "transparency") {
		out.Note += " (transparency flattened onto white)"
	}
	if inf.PassThrough && resampled != "" {
		out.Note = why + " decoded to be downsampled"
	}
	out.Note += resampled
	if how != "" {
		out.Note += "; " + how
	}
	if o.photo(inf, resampled != "") {
		out.DCT = true
		out.Note += fmt.Sprintf("; JPEG quality %d", o.quality())
		switch {
		case rows != nil && ycck:
			out.Data, err = jpeg.EncodeRowsYCCK(out.Width, out.Height, o.quality(), rows)
		case rows != nil:
			out.Data, err = jpeg.EncodeRows(out.Width, out.Height, 4, o.quality(), rows)
		default:
			out.Data, err = encodeDCT(img, gray, o.quality(), ycck)
		}
		return out, err
	}
	out.Data = encode(img, gray)
	return out, nil
}

// separateWhileEncoding says whether a photo's rows are separated as the
// JPEG encoder takes them (convert); false only in the test that compares
// the bytes with separating first.
var separateWhileEncoding = true

// bandRows is the height of the bands converted and compressed in parallel.
// It is fixed, so the output does not depend on the number of processors.
const bandRows = 64

// flateLevel trades speed for size; see BenchmarkConvert.
var flateLevel = flate.BestSpeed

// encode converts img to 8-bit CMYK (or grey) rows, filters them (PNG Up
// filter, None for the first row of a band) and compresses them band by
// band in parallel into one zlib stream: each band is a run of deflate
// blocks ending in a sync flush, the last one in the final block; the
// Adler-32 checksums of the bands are combined.
func encode(img image.Image, gray bool) []byte {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	nc := 4
	if gray {
		nc = 1
	}
	nb := (h + bandRows - 1) / bandRows
	type band struct {
		data  []byte
		adler uint32
		n     int64 // uncompressed bytes
	}
	bands := make([]band, nb)
	var wg sync.WaitGroup
	work := make(chan int)
	for range min(runtime.GOMAXPROCS(0), nb) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var zbuf bytes.Buffer
			zw, _ := flate.NewWriter(&zbuf, flateLevel)
			rgb := make([]byte, 3*w)
			prev := make([]byte, nc*w)
			cur := make([]byte, nc*w)
			row := make([]byte, 1+nc*w)
			for k := range work {
				zbuf.Reset()
				zw.Reset(&zbuf)
				ad := adler32.New()
				y0, y1 := k*bandRows, min(h, (k+1)*bandRows)
				for y := y0; y < y1; y++ {
					printableRow(img, b.Min.Y+y, gray, rgb, cur)
					if y == y0 {
						row[0] = 0 // None
						copy(row[1:], cur)
					} else {
						row[0] = 2 // Up
						for i := range cur {
							row[1+i] = cur[i] - prev[i]
						}
					}
					zw.Write(row)
					ad.Write(row)
					prev, cur = cur, prev
				}
				if k == nb-1 {
					zw.Close()
				} else {
					zw.Flush()
				}
				bands[k] = band{data: bytes.Clone(zbuf.Bytes()), adler: ad.Sum32(), n: int64(y1-y0) * int64(1+nc*w)}
			}
		}()
	}
	for k := range nb {
		work <- k
	}
	close(work)
	wg.Wait()

	size := 6
	for _, bd := range bands {
		size += len(bd.data)
	}
	out := make([]byte, 0, size)
	out = append(out, 0x78, 0x01) // zlib header: deflate, 32K window, fastest
	sum := uint32(1)
	for _, bd := range bands {
		out = append(out, bd.data...)
		sum = adler32Combine(sum, bd.adler, bd.n)
	}
	return binary.BigEndian.AppendUint32(out, sum)
}

// printableRow writes row y of img as the samples printed: 8-bit grey
// when gray, else CMYK (as it is; anything else separated per pixel, the
// fallback of images Colour.separate has not made CMYK); rgb is scratch
// space of 3 bytes a pixel.
func printableRow(img image.Image, y int, gray bool, rgb, dst []byte) {
	b := img.Bounds()
	if cm, ok := img.(*image.CMYK); ok && !gray {
		copy(dst, cm.Pix[cm.PixOffset(b.Min.X, y):][:4*b.Dx()])
	} else if gray {
		grayRow(img, y, dst)
	} else {
		rgbRow(img, y, rgb)
		cmykRow(rgb, dst)
	}
}

// adler32Combine returns the Adler-32 of A+B from those of A and B (zlib's
// adler32_combine).
func adler32Combine(a, b uint32, lenB int64) uint32 {
	const base = 65521
	rem := uint32(lenB % base)
	s1 := a & 0xffff
	s2 := rem * s1 % base
	s1 += (b & 0xffff) + base - 1
	s2 += (a >> 16) + (b >> 16) + base - rem
	if s1 >= base {
		s1 -= base
	}
	if s1 >= base {
		s1 -= base
	}
	if s2 >= base<<1 {
		s2 -= base << 1
	}
	if s2 >= base {
		s2 -= base
	}
	return s1 | s2<<16
}

// ---- pixels ----

// flat8 puts an 8-bit non-premultiplied value with alpha a onto white.
func flat8(c, a uint32) uint8 { return uint8((c*a + 255*(255-a) + 127) / 255) }

// flat16 puts a 16-bit non-premultiplied value with alpha a onto white and
// reduces it to 8 bits.
func flat16(c, a uint32) uint8 {
	v := (uint64(c)*uint64(a) + 65535*uint64(65535-a) + 32767) / 65535
	return to8(uint32(v))
}

// to8 reduces a 16-bit value to 8 bits, rounding.
func to8(v uint32) uint8 { return uint8((v*255 + 32767) / 65535) }

// rgbRow writes row y of img as 8-bit RGB flattened onto white.
func rgbRow(img image.Image, y int, dst []byte) {
	b := img.Bounds()
	w := b.Dx()
	switch m := img.(type) {
	case *image.YCbCr:
		ys := m.Y[m.YOffset(b.Min.X, y):][:w]
		c0 := m.COffset(b.Min.X, y)
		// chroma samples per pixel across: 1 (4:4:4, 4:4:0) or ½ (4:2:2, 4:2:0)
		half := m.SubsampleRatio == image.YCbCrSubsampleRatio422 || m.SubsampleRatio == image.YCbCrSubsampleRatio420
		fast := half || m.SubsampleRatio == image.YCbCrSubsampleRatio444 || m.SubsampleRatio == image.YCbCrSubsampleRatio440
		if m.SubsampleRatio == image.YCbCrSubsampleRatio444 || m.SubsampleRatio == image.YCbCrSubsampleRatio440 {
			// a resampled photo: the conversion inlined
			cbs, crs := m.Cb[c0:][:w], m.Cr[c0:][:w]
			dst = dst[:3*w]
			for x, yv := range ys {
				d := dst[3*x : 3*x+3 : 3*x+3]
				d[0], d[1], d[2] = yCbCrToRGB(yv, cbs[x], crs[x])
			}
			break
		}
		if half && b.Min.X%2 == 0 {
			// a photo not resampled (4:2:2, 4:2:0): a chroma sample for
			// two pixels across, the conversion inlined
			cbs, crs := m.Cb[c0:][:(w+1)/2], m.Cr[c0:][:(w+1)/2]
			dst = dst[:3*w]
			for x, yv := range ys {
				d := dst[3*x : 3*x+3 : 3*x+3]
				d[0], d[1], d[2] = yCbCrToRGB(yv, cbs[x/2], crs[x/2])
			}
			break
		}
		for x := 0; x < w; x++ {
			var ci int
			switch {
			case !fast:
				ci = m.COffset(b.Min.X+x, y)
			case half:
				ci = c0 + (b.Min.X+x)/2 - b.Min.X/2
			default:
				ci = c0 + x
			}
			r, g, bl := color.YCbCrToRGB(ys[x], m.Cb[ci], m.Cr[ci])
			dst[3*x], dst[3*x+1], dst[3*x+2] = r, g, bl
		}
	case *image.RGBA: // premultiplied
		p := m.Pix[m.PixOffset(b.Min.X, y):]
		for x := 0; x < w; x++ {
			a := 255 - p[4*x+3]
			dst[3*x], dst[3*x+1], dst[3*x+2] = p[4*x]+a, p[4*x+1]+a, p[4*x+2]+a
		}
	case *image.NRGBA:
		p := m.Pix[m.PixOffset(b.Min.X, y):]
		for x := 0; x < w; x++ {
			a := uint32(p[4*x+3])
			if a == 255 {
				dst[3*x], dst[3*x+1], dst[3*x+2] = p[4*x], p[4*x+1], p[4*x+2]
				continue
			}
			dst[3*x], dst[3*x+1], dst[3*x+2] = flat8(uint32(p[4*x]), a), flat8(uint32(p[4*x+1]), a), flat8(uint32(p[4*x+2]), a)
		}
	case *image.NRGBA64:
		p := m.Pix[m.PixOffset(b.Min.X, y):]
		for x := 0; x < w; x++ {
			q := p[8*x:]
			a := uint32(q[6])<<8 | uint32(q[7])
			for c := 0; c < 3; c++ {
				dst[3*x+c] = flat16(uint32(q[2*c])<<8|uint32(q[2*c+1]), a)
			}
		}
	case *image.Paletted:
		pal := flatPalette(m.Palette)
		p := m.Pix[m.PixOffset(b.Min.X, y):]
		for x := 0; x < w; x++ {
			c := pal[p[x]]
			dst[3*x], dst[3*x+1], dst[3*x+2] = c[0], c[1], c[2]
		}
	default: // premultiplied 16-bit from any image
		for x := 0; x < w; x++ {
			r, g, bl, a := img.At(b.Min.X+x, y).RGBA()
			dst[3*x], dst[3*x+1], dst[3*x+2] = to8(r+0xffff-a), to8(g+0xffff-a), to8(bl+0xffff-a)
		}
	}
}

// yCbCrToRGB is color.YCbCrToRGB (the same results, tested), with the
// clamping by min and max, so that it is inlined.
func yCbCrToRGB(y, cb, cr uint8) (uint8, uint8, uint8) {
	yy1 := int32(y) * 0x10101
	cb1 := int32(cb) - 128
	cr1 := int32(cr) - 128
	r := yy1 + 91881*cr1
	g := yy1 - 22554*cb1 - 46802*cr1
	b := yy1 + 116130*cb1
	return uint8(min(max(r, 0), 0xffffff) >> 16), uint8(min(max(g, 0), 0xffffff) >> 16), uint8(min(max(b, 0), 0xffffff) >> 16)
}

// flatPalette flattens a palette onto white; indexes beyond it are black,
// as the decoder's images never hold them.
func flatPalette(p color.Palette) *[256][3]byte {
	var out [256][3]byte
	for i, c := range p {
		if i >= 256 {
			break
		}
		r, g, b, a := c.RGBA()
		out[i] = [3]byte{to8(r + 0xffff - a), to8(g + 0xffff - a), to8(b + 0xffff - a)}
	}
	return &out
}

// grayRow writes row y of a grey image as 8-bit grey flattened onto white.
func grayRow(img image.Image, y int, dst []byte) {
	b := img.Bounds()
	w := b.Dx()
	switch m := img.(type) {
	case *image.Gray:
		copy(dst, m.Pix[m.PixOffset(b.Min.X, y):][:w])
	case *image.Gray16:
		p := m.Pix[m.PixOffset(b.Min.X, y):]
		for x := 0; x < w; x++ {
			dst[x] = to8(uint32(p[2*x])<<8 | uint32(p[2*x+1]))
		}
	case *image.NRGBA: // grey with alpha (R = G = B)
		p := m.Pix[m.PixOffset(b.Min.X, y):]
		for x := 0; x < w; x++ {
			dst[x] = flat8(uint32(p[4*x]), uint32(p[4*x+3]))
		}
	case *image.NRGBA64:
		p := m.Pix[m.PixOffset(b.Min.X, y):]
		for x := 0; x < w; x++ {
			q := p[8*x:]
			dst[x] = flat16(uint32(q[0])<<8|uint32(q[1]), uint32(q[6])<<8|uint32(q[7]))
		}
	default:
		for x := 0; x < w; x++ {
			r, g, bl, a := img.At(b.Min.X+x, y).RGBA()
			l := (299*(r+0xffff-a) + 587*(g+0xffff-a) + 114*(bl+0xffff-a) + 500) / 1000
			dst[x] = to8(l)
		}
	}
}

// ---- RGB → CMYK ----

// The separation, in 8-bit values (255 = 100 %), for every pixel:
//
//	c0, m0, y0 = 255 − R, 255 − G, 255 − B       the complements
//	g          = min(c0, m0, y0)                  the grey component
//	K          = 0 when g ≤ BlackStart, else 255 · (g − BlackStart) / (255 − BlackStart)
//	C, M, Y    = 255 · (c0 − K) / (255 − K) …     under-colour removal; 0 when K = 255
//	if C + M + Y + K > InkLimit: C, M, Y scaled by (InkLimit − K) / (C + M + Y)
//
// so (1 − C)(1 − K) = 1 − c0 for every channel below the ink limit: the
// usual device conversion with grey component replacement of the grey
// above 25 %. Results are rounded to the nearest 8-bit value.
const (
	BlackStart = 64  // 25 % grey: lighter greys are printed with C, M and Y only
	InkLimit   = 765 // 300 % total area coverage
)

var (
	kCurve [256]uint8      // g → K
	ucr    [256][256]uint8 // [K][c0−K] → C
)

func init() {
	for g := range 256 {
		if g > BlackStart {
			kCurve[g] = uint8((255*(g-BlackStart) + (255-BlackStart)/2) / (255 - BlackStart))
		}
	}
	for k := 0; k < 255; k++ {
		for d := 0; d <= 255-k; d++ {
			ucr[k][d] = uint8((255*d + (255-k)/2) / (255 - k))
		}
	}
}

// CMYK separates one RGB colour (8-bit values; see the formula above).
func CMYK(r, g, b uint8) (c, m, y, k uint8) {
	c0, m0, y0 := 255-r, 255-g, 255-b
	gr := min(c0, m0, y0)
	k = kCurve[gr]
	u := &ucr[k]
	c, m, y = u[c0-k], u[m0-k], u[y0-k]
	if s := int(c) + int(m) + int(y) + int(k); s > InkLimit {
		room := InkLimit - int(k)
		cmy := s - int(k)
		c = uint8((int(c)*room + cmy/2) / cmy)
		m = uint8((int(m)*room + cmy/2) / cmy)
		y = uint8((int(y)*room + cmy/2) / cmy)
		// rounding may leave one unit over: take it from the largest
		for int(c)+int(m)+int(y)+int(k) > InkLimit {
			switch {
			case c >= m && c >= y:
				c--
			case m >= y:
				m--
			default:
				y--
			}
		}
	}
	return c, m, y, k
}

func cmykRow(rgb, dst []byte) {
	for i, j := 0, 0; i+2 < len(rgb); i, j = i+3, j+4 {
		dst[j], dst[j+1], dst[j+2], dst[j+3] = CMYK(rgb[i], rgb[i+1], rgb[i+2])
	}
}

// ---- cache ----

// CacheLimit bounds the compressed bytes the cache keeps; the oldest
// entries are dropped beyond it (a long --watch session stays bounded).
var CacheLimit = 512 << 20

type entry struct {
	once sync.Once
	img  *Image
	err  error
}

type convCache struct {
	mu    sync.Mutex
	m     map[[32]byte]*entry
	order [][32]byte // finished entries, oldest first
	bytes int
}

var cache = &convCache{m: map[[32]byte]*entry{}}

// conversions counts the conversions actually done (tests check the cache).
var conversions atomic.Int64

func (c *convCache) entry(sum [32]byte) *entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.m[sum]
	if e == nil {
		e = &entry{}
		c.m[sum] = e
	}
	return e
}

func (c *convCache) done(sum [32]byte, e *entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.img != nil {
		c.bytes += len(e.img.Data)
	}
	c.order = append(c.order, sum)
	for c.bytes > CacheLimit && len(c.order) > 1 {
		old := c.order[0]
		c.order = c.order[1:]
		if o := c.m[old]; o != nil && o.img != nil {
			c.bytes -= len(o.img.Data)
		}
		delete(c.m, old)
	}
}
