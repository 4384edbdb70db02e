package raster

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"image"
	"testing"
)

// tiffLayout is how tiffOf lays out a CMYK TIFF's samples.
type tiffLayout struct {
	bits       int  // 8 or 16
	planar     bool // one plane per sample
	tile       int  // square tiles of this size; 0: strips of 3 rows
	big        bool // big-endian ("MM")
	extra      int  // extra samples (the first one alpha, ExtraSamples 2)
	alpha      []byte
	deflatePre bool // Deflate with the horizontal predictor
	rgb        bool // RGB (photometric 2): the first three samples of each pixel
}

// tiffOf writes img as a CMYK TIFF laid out as l (16-bit samples are the
// 8-bit ones times 257).
func tiffOf(t *testing.T, img *image.CMYK, l tiffLayout) []byte {
	t.Helper()
	var o interface {
		binary.ByteOrder
		binary.AppendByteOrder
	} = binary.LittleEndian
	if l.big {
		o = binary.BigEndian
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	nc, ph := 4, uint32(5)
	if l.rgb {
		nc, ph = 3, 2
	}
	spp := nc + l.extra
	bps := l.bits / 8
	cw, ch := w, 3
	if l.tile > 0 {
		cw, ch = l.tile, l.tile
	}
	planes, cspp := 1, spp
	if l.planar {
		planes, cspp = spp, 1
	}
	sample := func(x, y, c int) int {
		if x >= w || y >= h {
			return 0 // tile padding
		}
		if c >= nc {
			return int(l.alpha[y*w+x])
		}
		return int(img.Pix[y*img.Stride+4*x+c])
	}
	var chunks [][]byte
	for p := range planes {
		for cy := 0; cy < h; cy += ch {
			for cx := 0; cx < w; cx += cw {
				rows := ch
				if l.tile == 0 {
					rows = min(ch, h-cy)
				}
				var chunk []byte
				for r := range rows {
					var line []byte
					for x := range cw {
						for c := range cspp {
							s := c
							if l.planar {
								s = p
							}
							v := sample(cx+x, cy+r, s)
							if bps == 1 {
								line = append(line, byte(v))
							} else {
								line = o.AppendUint16(line, uint16(v*257))
							}
						}
					}
					if l.deflatePre { // differencing, last sample first
						n := len(line) / bps
						for k := n - 1; k >= cspp; k-- {
							if bps == 1 {
								line[k] -= line[k-cspp]
							} else {
								o.PutUint16(line[2*k:], o.Uint16(line[2*k:])-o.Uint16(line[2*(k-cspp):]))
							}
						}
					}
					chunk = append(chunk, line...)
				}
				if l.deflatePre {
					var b bytes.Buffer
					z := zlib.NewWriter(&b)
					z.Write(chunk)
					z.Close()
					chunk = b.Bytes()
				}
				chunks = append(chunks, chunk)
			}
		}
	}
	// header, then the chunks, then the directory's arrays, then the directory
	out := []byte("II*\x00\x00\x00\x00\x00")
	if l.big {
		out = []byte("MM\x00*\x00\x00\x00\x00")
	}
	var offs, counts []uint32
	for _, c := range chunks {
		offs, counts = append(offs, uint32(len(out))), append(counts, uint32(len(c)))
		out = append(out, c...)
	}
	arr := func(v []uint32) uint32 {
		at := uint32(len(out))
		for _, x := range v {
			out = o.AppendUint32(out, x)
		}
		return at
	}
	offAt, cntAt := arr(offs), arr(counts)
	bitsAt := uint32(len(out))
	for range spp {
		out = o.AppendUint16(out, uint16(l.bits))
	}
	type entry struct {
		tag, typ uint16
		count, v uint32
	}
	comp, pred := uint32(1), uint32(1)
	if l.deflatePre {
		comp, pred = 8, 2
	}
	planar := uint32(1)
	if l.planar {
		planar = 2
	}
	es := []entry{{256, 4, 1, uint32(w)}, {257, 4, 1, uint32(h)}, {258, 3, uint32(spp), bitsAt}, {259, 3, 1, comp}, {262, 3, 1, ph}}
	offTag, cntTag := uint16(273), uint16(279)
	if l.tile > 0 {
		offTag, cntTag = 324, 325
	}
	es = append(es, entry{offTag, 4, uint32(len(offs)), offAt}, entry{277, 3, 1, uint32(spp)})
	if l.tile == 0 {
		es = append(es, entry{278, 4, 1, uint32(ch)})
	}
	es = append(es, entry{cntTag, 4, uint32(len(counts)), cntAt}, entry{284, 3, 1, planar}, entry{317, 3, 1, pred})
	if l.tile > 0 {
		es = append(es, entry{322, 3, 1, uint32(cw)}, entry{323, 3, 1, uint32(ch)})
	}
	if l.extra > 0 {
		es = append(es, entry{338, 3, 1, 2})
	}
	// tags in ascending order
	for i := range es {
		for j := i + 1; j < len(es); j++ {
			if es[j].tag < es[i].tag {
				es[i], es[j] = es[j], es[i]
			}
		}
	}
	ifd := uint32(len(out))
	o.PutUint32(out[4:], ifd)
	out = o.AppendUint16(out, uint16(len(es)))
	for _, e := range es {
		out = o.AppendUint16(out, e.tag)
		out = o.AppendUint16(out, e.typ)
		out = o.AppendUint32(out, e.count)
		size := uint32(2)
		if e.typ == 4 {
			size = 4
		}
		switch {
		case e.count*size > 4 || e.tag == 258 && spp*2 > 4:
			out = o.AppendUint32(out, e.v)
		case e.typ == 3:
			out = o.AppendUint16(out, uint16(e.v))
			out = append(out, 0, 0)
		default:
			out = o.AppendUint32(out, e.v)
		}
	}
	return o.AppendUint32(out, 0)
}

// CMYK TIFFs as print-trade programs write them beyond the plain 8-bit
// strips (issue 13): tiled, 16 bits per sample (either byte order, with
// the predictor on 16-bit samples), planar, with an alpha extra sample
// (flattened onto paper: no ink where transparent) — each decodes to the
// samples written.
func TestTIFFLayouts(t *testing.T) {
	const w, h = 37, 11
	src := image.NewCMYK(image.Rect(0, 0, w, h))
	for i := range src.Pix {
		src.Pix[i] = uint8(i * 7)
	}
	alpha := make([]byte, w*h)
	for i := range alpha {
		alpha[i] = 255
	}
	alpha[0], alpha[1] = 0, 128
	flat := image.NewCMYK(src.Rect)
	copy(flat.Pix, src.Pix)
	for c := range 4 {
		flat.Pix[c] = 0
		flat.Pix[4+c] = uint8((uint32(src.Pix[4+c])*128 + 127) / 255)
	}
	for name, l := range map[string]tiffLayout{
		"8-bit strips":             {bits: 8},
		"tiled 16×16":              {bits: 8, tile: 16},
		"tiled, deflate+predictor": {bits: 8, tile: 16, deflatePre: true},
		"16-bit":                   {bits: 16},
		"16-bit big-endian":        {bits: 16, big: true},
		"16-bit predictor":         {bits: 16, deflatePre: true},
		"16-bit BE predictor":      {bits: 16, big: true, deflatePre: true, tile: 16},
		"planar":                   {bits: 8, planar: true},
		"planar 16-bit tiled":      {bits: 16, planar: true, tile: 16},
		"alpha":                    {bits: 8, extra: 1, alpha: alpha},
		"alpha planar predictor":   {bits: 8, extra: 1, alpha: alpha, planar: true, deflatePre: true},
	} {
		data := tiffOf(t, src, l)
		inf, err := Classify(data)
		if err != nil || inf.Color != "cmyk" || inf.Width != w || inf.Height != h {
			t.Errorf("%s: Classify = %+v, %v", name, inf, err)
			continue
		}
		img, err := decodeTIFF(data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		want := src
		if l.extra > 0 {
			want = flat
		}
		if got := img.(*image.CMYK); !bytes.Equal(got.Pix, want.Pix) {
			t.Errorf("%s: samples differ: % x …, want % x …", name, got.Pix[:12], want.Pix[:12])
		}
	}
}

// Planar RGB TIFFs (which golang.org/x/image does not read) are decoded
// too, an alpha channel flattened onto white.
func TestTIFFPlanarRGB(t *testing.T) {
	const w, h = 19, 7
	src := image.NewCMYK(image.Rect(0, 0, w, h))
	for i := range src.Pix {
		src.Pix[i] = uint8(i * 5)
	}
	alpha := make([]byte, w*h)
	for i := range alpha {
		alpha[i] = 255
	}
	alpha[0] = 0
	for name, l := range map[string]tiffLayout{
		"planar":            {bits: 8, planar: true, rgb: true},
		"planar 16-bit BE":  {bits: 16, planar: true, rgb: true, big: true, deflatePre: true},
		"planar with alpha": {bits: 8, planar: true, rgb: true, extra: 1, alpha: alpha},
	} {
		data := tiffOf(t, src, l)
		if inf, err := Classify(data); err != nil || inf.Color != "rgb" {
			t.Errorf("%s: Classify %+v, %v", name, inf, err)
			continue
		}
		img, err := decodeTIFF(data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		m := img.(*image.RGBA)
		for i := range w * h {
			want := [3]byte{src.Pix[4*i], src.Pix[4*i+1], src.Pix[4*i+2]}
			if l.extra > 0 && i == 0 {
				want = [3]byte{255, 255, 255}
			}
			if got := [3]byte{m.Pix[4*i], m.Pix[4*i+1], m.Pix[4*i+2]}; got != want {
				t.Errorf("%s: pixel %d is %v, want %v", name, i, got, want)
				break
			}
		}
	}
}
