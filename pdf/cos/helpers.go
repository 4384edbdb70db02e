package cos

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math"
	"strconv"
	"sync"
	"unicode/utf16"
)

// Decode returns a stream's data without its filter: none or FlateDecode
// (without predictors).
func Decode(s *Stream) ([]byte, error) {
	switch f := s.Dict.Get("Filter").(type) {
	case nil:
		return s.Data, nil
	case Name:
		if f == "FlateDecode" && s.Dict.Get("DecodeParms") == nil {
			zr, err := zlib.NewReader(bytes.NewReader(s.Data))
			if err != nil {
				return nil, fmt.Errorf("FlateDecode: %w", err)
			}
			out, err := io.ReadAll(zr)
			if err != nil {
				return nil, fmt.Errorf("FlateDecode: %w", err)
			}
			return out, nil
		}
	}
	return nil, fmt.Errorf("stream filter %v is not supported", s.Dict.Get("Filter"))
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
