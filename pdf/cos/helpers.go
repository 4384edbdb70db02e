package cos

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"

	"github.com/klauspost/compress/zlib"
)

// Decode returns a stream's data without its filter: none, or FlateDecode
// with or without a PNG or TIFF predictor (as cross-reference and object
// streams use).
func Decode(s *Stream) ([]byte, error) {
	switch f := s.Dict.Get("Filter").(type) {
	case nil:
		return s.Data, nil
	case Name:
		if f == "FlateDecode" {
			return inflate(s.Data, s.Dict.Get("DecodeParms"))
		}
	case Array:
		if len(f) == 1 && f[0] == Name("FlateDecode") {
			var parms Object
			if a, ok := s.Dict.Get("DecodeParms").(Array); ok && len(a) == 1 {
				parms = a[0]
			}
			return inflate(s.Data, parms)
		}
	}
	return nil, fmt.Errorf("stream filter %v is not supported", s.Dict.Get("Filter"))
}

// maxInflated bounds what one stream may inflate to (a zip bomb in a
// supplied PDF is an error, not an exhausted machine).
const maxInflated = 256 << 20

func inflate(data []byte, parms Object) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("FlateDecode: %w", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxInflated+1))
	if err != nil {
		return nil, fmt.Errorf("FlateDecode: %w", err)
	}
	if len(out) > maxInflated {
		return nil, fmt.Errorf("FlateDecode: a stream inflates to more than %d MB", maxInflated>>20)
	}
	p, _ := parms.(*Dict)
	if p == nil {
		return out, nil
	}
	num := func(k Name, def int) int {
		if v, ok := Float(p.Get(k)); ok && v >= 0 && v <= 1<<20 {
			return int(v)
		}
		return def
	}
	pred := num("Predictor", 1)
	if pred < 2 {
		return out, nil
	}
	colors, bpc, cols := num("Colors", 1), num("BitsPerComponent", 8), num("Columns", 1)
	bpp := max(1, (colors*bpc+7)/8)  // bytes per pixel, for the filters
	row := (colors*bpc*cols + 7) / 8 // bytes per row
	if row <= 0 || colors == 0 || bpc == 0 {
		return nil, errors.New("FlateDecode: bad DecodeParms")
	}
	if pred == 2 { // TIFF predictor 2, 8-bit components only
		if bpc != 8 {
			return nil, errors.New("FlateDecode: TIFF predictor with other than 8 bits per component")
		}
		for r := 0; r+row <= len(out); r += row {
			for i := r + bpp; i < r+row; i++ {
				out[i] += out[i-bpp]
			}
		}
		return out, nil
	}
	// PNG predictors: every row starts with its filter type.
	res := make([]byte, 0, len(out)/(row+1)*row)
	prev := make([]byte, row)
	for r := 0; r < len(out); r += row + 1 {
		if r+row+1 > len(out) {
			return nil, errors.New("FlateDecode: truncated predictor row")
		}
		typ, cur := out[r], out[r+1:r+1+row]
		for i := range cur {
			var a, b, c byte
			if i >= bpp {
				a, c = cur[i-bpp], prev[i-bpp]
			}
			b = prev[i]
			switch typ {
			case 0:
			case 1:
				cur[i] += a
			case 2:
				cur[i] += b
			case 3:
				cur[i] += byte((int(a) + int(b)) / 2)
			case 4:
				cur[i] += paeth(a, b, c)
			default:
				return nil, fmt.Errorf("FlateDecode: bad PNG filter type %d", typ)
			}
		}
		res = append(res, cur...)
		prev = cur
	}
	return res, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Text decodes a PDF text string (UTF-16BE with a byte order mark, or
// PDFDocEncoding read as Latin-1 for its ASCII part).
func Text(s String) string {
	if len(s) >= 2 && s[0] == 0xFE && s[1] == 0xFF {
		u := make([]uint16, (len(s)-2)/2)
		for i := range u {
			u[i] = uint16(s[2+2*i])<<8 | uint16(s[3+2*i])
		}
		return string(utf16.Decode(u))
	}
	return string(s)
}

// TextString encodes a PDF text string: ASCII as is, else UTF-16BE with BOM.
func TextString(s string) String {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		return String(s)
	}
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2, 2+2*len(u))
	b[0], b[1] = 0xFE, 0xFF
	for _, c := range u {
		b = append(b, byte(c>>8), byte(c))
	}
	return String(b)
}

// Num is v as a PDF number, to 0.001 (no "-0").
func Num(v float64) Number {
	return Number(FormatNum(v))
}

// FormatNum formats v to 0.001, trailing zeros cut, no "-0".
func FormatNum(v float64) string {
	v = math.Round(v*1000) / 1000
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Nums is an array of Num.
func Nums(vs ...float64) Array {
	a := make(Array, len(vs))
	for i, v := range vs {
		a[i] = Num(v)
	}
	return a
}

// Deflater compresses stream data at one zlib level. Compressors are
// large (about a megabyte each) and kept for reuse across the process, one
// per goroutine using them at a time, whoever made the Deflater: a build
// allocates a few, not one per font and worker of every pass. Reuse
// changes no output byte.
type Deflater struct{ level int }

// NewDeflater returns a Deflater at the given zlib level.
func NewDeflater(level int) *Deflater { return &Deflater{level} }

// compressor is a zlib writer with its output buffer.
type compressor struct {
	buf bytes.Buffer
	zw  *zlib.Writer
}

// compressors holds idle compressors by level (-2 … 9, at level+2).
var compressors [12]sync.Pool

// Stream returns a FlateDecode stream of data; dict holds its other entries
// (nil for none). Safe for concurrent use.
func (d *Deflater) Stream(dict *Dict, data []byte) *Stream {
	pool := &compressors[min(max(d.level+2, 0), len(compressors)-1)]
	c, _ := pool.Get().(*compressor)
	if c == nil {
		c = &compressor{}
		c.zw, _ = zlib.NewWriterLevel(&c.buf, d.level)
	}
	c.buf.Reset()
	c.zw.Reset(&c.buf)
	c.zw.Write(data)
	c.zw.Close()
	out := bytes.Clone(c.buf.Bytes())
	if c.buf.Cap() > 4<<20 {
		c.buf = bytes.Buffer{} // do not keep a large image's buffer
	}
	pool.Put(c)
	if dict == nil {
		dict = &Dict{}
	}
	dict.Set("Filter", Name("FlateDecode"))
	return NewStream(dict, out)
}

// Deflated returns a stream of data compressed with FlateDecode at the
// default level; dict holds its other entries (nil for none).
func Deflated(dict *Dict, data []byte) *Stream {
	return NewDeflater(zlib.DefaultCompression).Stream(dict, data)
}

// UnicodeCMap writes a ToUnicode CMap: codes of width bytes (1 or 2) each
// mapped to its text (UTF-16BE, surrogate pairs beyond the BMP), n entries
// given by entry in code order, 100 to a bfchar block; an entry without
// text is left out.
func UnicodeCMap(width, n int, entry func(i int) (code uint32, text []rune)) []byte {
	var b bytes.Buffer
	hexCode := fmt.Sprintf("%%0%dX", 2*width)
	fmt.Fprintf(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"+
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"+
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"+
		"1 begincodespacerange\n<"+hexCode+"> <"+hexCode+">\nendcodespacerange\n", 0, 1<<(8*width)-1)
	var lines []string
	for i := range n {
		code, text := entry(i)
		if len(text) == 0 {
			continue
		}
		var h strings.Builder
		for _, u := range utf16.Encode(text) {
			fmt.Fprintf(&h, "%04X", u)
		}
		lines = append(lines, fmt.Sprintf("<"+hexCode+"> <%s>", code, h.String()))
	}
	for k := 0; k < len(lines); k += 100 {
		blk := lines[k:min(k+100, len(lines))]
		fmt.Fprintf(&b, "%d beginbfchar\n%s\nendbfchar\n", len(blk), strings.Join(blk, "\n"))
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}
