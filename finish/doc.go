package finish

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf16"
)

// Doc and Builder expose the package's PDF reader and writer to tools that
// make a new file out of a finished one (package impose). They handle what
// Finish handles: classic cross-reference tables, no encryption, streams
// stored plain or with FlateDecode.

// Doc is a parsed PDF.
type Doc struct{ f *file }

// Open parses a PDF.
func Open(data []byte) (*Doc, error) {
	f, err := readFile(data)
	if err != nil {
		return nil, err
	}
	if f.trailer.Get("Encrypt") != nil {
		return nil, errors.New("the PDF is encrypted")
	}
	return &Doc{f: f}, nil
}

// Page is one page of a Doc, its boxes normalised (llx lly urx ury); a
// missing TrimBox or BleedBox is reported as absent.
type Page struct {
	Dict              *Dict
	Media             [4]float64
	Trim, Bleed       [4]float64
	HasTrim, HasBleed bool
}

// Each calls fn for every object of the file, in object number order.
func (d *Doc) Each(fn func(r Ref, v Object)) {
	for _, e := range d.f.objs {
		if e != nil {
			fn(Ref{e.num, e.gen}, e.val)
		}
	}
}

// Catalog returns the document catalog.
func (d *Doc) Catalog() *Dict { return d.f.dict(d.f.trailer.Get("Root")) }

// Info returns the document information dictionary, or nil.
func (d *Doc) Info() *Dict { return d.f.dict(d.f.trailer.Get("Info")) }

// Resolve follows indirect references.
func (d *Doc) Resolve(v Object) Object { return d.f.get(v) }

// Pages returns the pages in order.
func (d *Doc) Pages() ([]Page, error) {
	root := d.Catalog()
	if root == nil {
		return nil, errors.New("no document catalog")
	}
	pgs, err := d.f.pages(root)
	if err != nil {
		return nil, err
	}
	out := make([]Page, len(pgs))
	for i, p := range pgs {
		out[i] = Page{Dict: p.dict, Media: p.media}
		out[i].Trim, out[i].HasTrim = d.f.rect(p.dict.Get("TrimBox"))
		out[i].Bleed, out[i].HasBleed = d.f.rect(p.dict.Get("BleedBox"))
	}
	return out, nil
}

// Resources returns the page's resource dictionary, inherited from the page
// tree when the page has none.
func (d *Doc) Resources(p Page) Object {
	dict := p.Dict
	for range 64 {
		if r := dict.Get("Resources"); r != nil {
			return r
		}
		if dict = d.f.dict(dict.Get("Parent")); dict == nil {
			break
		}
	}
	return NewDict()
}

// Content returns the page's content: its content streams decoded and
// joined. The streams Finish adds for printer's marks are left out, so the
// content is the page as the writer drew it.
func (d *Doc) Content(p Page) ([]byte, error) {
	var list Array
	switch c := p.Dict.Get("Contents").(type) {
	case nil:
		return nil, nil
	case Ref:
		if a, ok := d.f.get(c).(Array); ok {
			list = a
		} else {
			list = Array{c}
		}
	case Array:
		list = c
	default:
		return nil, errors.New("malformed /Contents")
	}
	if n := len(list); n >= 2 && d.f.isMarkStream(list[0], true) && d.f.isMarkStream(list[n-1], false) {
		list = list[1 : n-1]
	}
	var b bytes.Buffer
	for _, v := range list {
		s, ok := d.f.get(v).(*Stream)
		if !ok {
			return nil, errors.New("a content stream is missing")
		}
		data, err := Decode(s)
		if err != nil {
			return nil, err
		}
		b.Write(data)
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

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

// Labels returns each page's label when the document's /PageLabels gives
// every page its own /P prefix (as Finish writes them), else nil.
func (d *Doc) Labels(n int) []string {
	pl := d.f.dict(d.Catalog().Get("PageLabels"))
	if pl == nil {
		return nil
	}
	nums, _ := d.f.get(pl.Get("Nums")).(Array)
	if len(nums) != 2*n {
		return nil
	}
	out := make([]string, n)
	for i := 0; i < n; i++ {
		if k, ok := num(nums[2*i]); !ok || int(k) != i {
			return nil
		}
		s, ok := d.f.get(d.f.dict(nums[2*i+1]).Get("P")).(String)
		if !ok {
			return nil
		}
		out[i] = Text(s)
	}
	return out
}

// Num is v as a PDF number, to 0.001 (no "-0").
func Num(v float64) Number {
	v = math.Round(v*1000) / 1000
	if v == 0 {
		v = 0
	}
	return Number(strconv.FormatFloat(v, 'f', -1, 64))
}

// Nums is an array of Num.
func Nums(vs ...float64) Array {
	a := make(Array, len(vs))
	for i, v := range vs {
		a[i] = Num(v)
	}
	return a
}

// Deflated returns a stream of data compressed with FlateDecode; dict holds
// its other entries (nil for none).
func Deflated(dict *Dict, data []byte) *Stream {
	if dict == nil {
		dict = NewDict()
	}
	dict.Set("Filter", Name("FlateDecode"))
	return &Stream{Dict: dict, Data: deflate(data)}
}

// Builder writes a new PDF, object by object.
type Builder struct {
	f      *file
	copied map[*Doc]map[int]Ref
}

// NewBuilder returns an empty builder.
func NewBuilder() *Builder {
	return &Builder{f: &file{objs: []*entry{nil}}, copied: map[*Doc]map[int]Ref{}}
}

// Add adds an object and returns its reference.
func (b *Builder) Add(v Object) Ref { return b.f.add(v) }

// Reserve adds an object to be filled in later with Set (for objects that
// refer to each other).
func (b *Builder) Reserve() Ref { return b.f.add(nil) }

// Set sets the object behind r.
func (b *Builder) Set(r Ref, v Object) { b.f.objs[r.Num].val = v }

// Copy returns v with every object it refers to in d copied into the
// builder (each once, however often it is copied).
func (b *Builder) Copy(d *Doc, v Object) Object {
	m := b.copied[d]
	if m == nil {
		m = map[int]Ref{}
		b.copied[d] = m
	}
	var cp func(v Object, depth int) Object
	cp = func(v Object, depth int) Object {
		if depth > 100 {
			return nil
		}
		switch x := v.(type) {
		case Ref:
			if r, ok := m[x.Num]; ok {
				return r
			}
			r := b.Reserve()
			m[x.Num] = r
			b.Set(r, cp(d.f.get(x), depth+1))
			return r
		case Array:
			a := make(Array, len(x))
			for i, e := range x {
				a[i] = cp(e, depth+1)
			}
			return a
		case *Dict:
			nd := &Dict{}
			for i, k := range x.keys {
				nd.Set(k, cp(x.vals[i], depth+1))
			}
			return nd
		case *Stream:
			nd := &Dict{}
			for i, k := range x.Dict.keys {
				if k != "Length" { // recomputed when written
					nd.Set(k, cp(x.Dict.vals[i], depth+1))
				}
			}
			return &Stream{Dict: nd, Data: x.Data}
		}
		return v
	}
	return cp(v, 0)
}

// Bytes writes the file with the given header ("%PDF-1.4\n…") and catalog.
func (b *Builder) Bytes(header string, root Ref) []byte {
	return b.f.write(header, NewDict("Root", root))
}
