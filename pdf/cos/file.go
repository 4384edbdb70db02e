package cos

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
)

// Doc is a PDF file as objects: read from bytes (Read) or built (New). Its
// objects are numbered 1…Len()-1 with generation numbers; an object that is
// not edited is written back as the bytes it was read from.
type Doc struct {
	data    []byte
	objs    []*entry // indexed by object number; nil = free or absent
	Trailer *Dict    // Root, Info, ID; Size is set when written
	Header  string   // written first: "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" unless set
	depth   int      // nesting of parse calls (a /Length may be indirect)
}

type entry struct {
	num, gen   int
	start, end int // raw span "N G obj … endobj" in data
	val        Object
	parsed     bool
	parsing    bool
	changed    bool // serialise val instead of copying the raw span
}

// DefaultHeader is the header of a file whose Header is not set: PDF 1.4
// (what PDF/X-1a:2003 is based on) and a binary-marker comment.
const DefaultHeader = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"

const maxObjects = 8 << 20

// New returns an empty document.
func New() *Doc { return &Doc{objs: []*entry{nil}, Trailer: &Dict{}} }

// Read parses a PDF with classic cross-reference tables. It reads the
// objects by their grammar, whatever the whitespace between tokens. Damaged
// input gives an error, never a panic.
func Read(data []byte) (d *Doc, err error) {
	defer Recover(&err)
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return nil, errors.New("not a PDF file (no %PDF- header)")
	}
	tail := data[max(0, len(data)-2048):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return nil, errors.New("no startxref")
	}
	p := &parser{b: tail, pos: i + len("startxref")}
	p.skipSpace()
	off, err := strconv.Atoi(string(p.regular()))
	if err != nil {
		return nil, errors.New("bad startxref")
	}
	f := &Doc{data: data}
	x := &xrefs{offsets: map[int][2]int{}, compressed: map[int][2]int{}, free: map[int]bool{}}
	seen := map[int]bool{}
	for off != 0 {
		if off < 0 || off >= len(data) || seen[off] {
			return nil, fmt.Errorf("bad cross-reference offset %d", off)
		}
		seen[off] = true
		trailer, err := f.readSection(off, x)
		if err != nil {
			return nil, err
		}
		if f.Trailer == nil {
			f.Trailer = trailer
		}
		off = 0
		if prev, ok := Float(trailer.Get("Prev")); ok {
			off = int(prev)
		}
	}
	if f.Trailer == nil {
		return nil, errors.New("no cross-reference table")
	}
	f.Trailer = documentTrailer(f.Trailer) // trailer.go
	maxNum := 0
	for n := range x.offsets {
		maxNum = max(maxNum, n)
	}
	for n := range x.compressed {
		maxNum = max(maxNum, n)
	}
	if size, ok := Float(f.Trailer.Get("Size")); ok && int(size) > maxNum+1 {
		maxNum = int(size) - 1
	}
	if maxNum > maxObjects {
		return nil, errors.New("too many objects")
	}
	f.objs = make([]*entry, maxNum+1)
	for n, og := range x.offsets {
		if og[0] <= 0 || og[0] >= len(data) {
			return nil, fmt.Errorf("object %d: offset %d outside the file", n, og[0])
		}
		f.objs[n] = &entry{num: n, gen: og[1], start: og[0]}
	}
	for _, e := range f.objs {
		if e != nil {
			if err := f.parse(e); err != nil {
				return nil, err
			}
		}
	}
	if f.Trailer.Get("Encrypt") != nil {
		if err := f.decrypt(); err != nil { // decrypt.go: a file anyone may open
			return nil, err
		}
	}
	if err := f.unpack(x.compressed); err != nil {
		return nil, err
	}
	return f, nil
}

// Recover turns a panic into an error in *err: deferred at the entry points
// of the packages that read PDFs, so damaged input is an error.
func Recover(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("damaged input (internal error: %v)", r)
	}
}

// readXref reads one classic xref section and its trailer. Entries already
// known (from a newer section) are kept.
func readXref(data []byte, off int, x *xrefs) (*Dict, error) {
	p := &parser{b: data, pos: off}
	if string(p.regular()) != "xref" {
		return nil, errors.New("no cross-reference table at startxref")
	}
	for {
		p.skipSpace()
		t := p.regular()
		if string(t) == "trailer" {
			break
		}
		start, err1 := strconv.Atoi(string(t))
		p.skipSpace()
		count, err2 := strconv.Atoi(string(p.regular()))
		if err1 != nil || err2 != nil || start < 0 || count < 0 || count > maxObjects {
			return nil, errors.New("bad xref subsection header")
		}
		for k := 0; k < count; k++ {
			p.skipSpace()
			o, err1 := strconv.Atoi(string(p.regular()))
			p.skipSpace()
			g, err2 := strconv.Atoi(string(p.regular()))
			p.skipSpace()
			typ := string(p.regular())
			if err1 != nil || err2 != nil || (typ != "n" && typ != "f") {
				return nil, errors.New("bad xref entry")
			}
			if typ == "n" {
				x.add(start+k, 1, o, g)
			} else {
				x.add(start+k, 0, 0, 0)
			}
		}
	}
	v, err := p.value(0)
	if err != nil {
		return nil, fmt.Errorf("trailer: %w", err)
	}
	d, ok := v.(*Dict)
	if !ok {
		return nil, errors.New("trailer is not a dictionary")
	}
	return d, nil
}

// parse reads the object of e at its offset.
func (f *Doc) parse(e *entry) error {
	if e.parsed {
		return nil
	}
	if e.parsing {
		return fmt.Errorf("object %d: circular /Length", e.num)
	}
	if f.depth > 8 {
		return fmt.Errorf("object %d: /Length references nested too deeply", e.num)
	}
	e.parsing = true
	f.depth++
	defer func() { e.parsing = false; f.depth-- }()
	p := &parser{b: f.data, pos: e.start}
	n, err1 := strconv.Atoi(string(p.regular()))
	p.skipSpace()
	g, err2 := strconv.Atoi(string(p.regular()))
	p.skipSpace()
	if err1 != nil || err2 != nil || n != e.num || g != e.gen || string(p.regular()) != "obj" {
		return fmt.Errorf("object %d: no \"%d %d obj\" at offset %d", e.num, e.num, e.gen, e.start)
	}
	v, err := p.value(0)
	if err != nil {
		return fmt.Errorf("object %d: %w", e.num, err)
	}
	p.skipSpace()
	kw := p.pos
	t := p.regular()
	if string(t) == "stream" {
		d, ok := v.(*Dict)
		if !ok {
			return fmt.Errorf("object %d: stream without dictionary", e.num)
		}
		// The keyword is followed by CRLF or LF.
		if p.pos < len(p.b) && p.b[p.pos] == '\r' {
			p.pos++
		}
		if p.pos < len(p.b) && p.b[p.pos] == '\n' {
			p.pos++
		}
		start := p.pos
		length := -1
		switch l := d.Get("Length").(type) {
		case Number:
			if x, err := strconv.Atoi(string(l)); err == nil {
				length = x
			}
		case Ref:
			if l.Num > 0 && l.Num < len(f.objs) && f.objs[l.Num] != nil {
				le := f.objs[l.Num]
				if err := f.parse(le); err != nil {
					return err
				}
				if x, ok := Float(le.val); ok {
					length = int(x)
				}
			}
		}
		end := start + length
		if length < 0 || end > len(p.b) || !endstreamAt(p.b, end) {
			// Recover from a wrong /Length by finding endstream.
			i := bytes.Index(p.b[start:], []byte("endstream"))
			if i < 0 {
				return fmt.Errorf("object %d: stream without endstream", e.num)
			}
			end = start + i
			for end > start && (p.b[end-1] == '\n' || p.b[end-1] == '\r') {
				end--
			}
		}
		v = NewStream(d, p.b[start:end:end])
		p.pos = end
		p.skipSpace()
		if string(p.regular()) != "endstream" {
			return fmt.Errorf("object %d: no endstream", e.num)
		}
		p.skipSpace()
		kw = p.pos
		t = p.regular()
	}
	if string(t) != "endobj" {
		return fmt.Errorf("object %d: no endobj at offset %d", e.num, kw)
	}
	e.end = p.pos
	e.val = v
	e.parsed = true
	return nil
}

func endstreamAt(b []byte, i int) bool {
	for i < len(b) && (b[i] == '\r' || b[i] == '\n' || b[i] == ' ') {
		i++
	}
	return bytes.HasPrefix(b[i:], []byte("endstream"))
}

// Each calls fn for every object, in object number order.
func (f *Doc) Each(fn func(r Ref, v Object)) {
	for _, e := range f.objs {
		if e != nil {
			fn(Ref{e.num, e.gen}, e.val)
		}
	}
}

// Get resolves a reference (or returns a direct value); nil when it leads
// nowhere.
func (f *Doc) Get(v Object) Object {
	for range 32 {
		r, ok := v.(Ref)
		if !ok {
			return v
		}
		if r.Num <= 0 || r.Num >= len(f.objs) || f.objs[r.Num] == nil {
			return nil
		}
		v = f.objs[r.Num].val
	}
	return nil
}

// Dict resolves v to a dictionary (a stream's dictionary too), or nil.
func (f *Doc) Dict(v Object) *Dict {
	switch v := f.Get(v).(type) {
	case *Dict:
		return v
	case *Stream:
		return v.Dict
	}
	return nil
}

// Add appends a new object and returns its reference.
func (f *Doc) Add(v Object) Ref {
	n := len(f.objs)
	f.objs = append(f.objs, &entry{num: n, val: v, parsed: true, changed: true})
	return Ref{n, 0}
}

// Reserve adds an object to be filled in later with Set (for objects that
// refer to each other).
func (f *Doc) Reserve() Ref { return f.Add(nil) }

// Set replaces the object behind r.
func (f *Doc) Set(r Ref, v Object) {
	if r.Num > 0 && r.Num < len(f.objs) && f.objs[r.Num] != nil {
		f.objs[r.Num].val = v
		f.objs[r.Num].changed = true
	}
}

// Touch marks the object behind r as edited (its value was changed in
// place), so that it is serialised rather than copied.
func (f *Doc) Touch(r Ref) {
	if r.Num > 0 && r.Num < len(f.objs) && f.objs[r.Num] != nil {
		f.objs[r.Num].changed = true
	}
}

// Catalog returns the document catalog.
func (f *Doc) Catalog() *Dict { return f.Dict(f.Trailer.Get("Root")) }

// Clone returns a copy of the document whose objects can be edited without
// changing f's: dictionaries and arrays are copied, stream data and the
// bytes read are shared (they are never modified in place).
func (f *Doc) Clone() *Doc {
	c := &Doc{data: f.data, objs: make([]*entry, len(f.objs)), Header: f.Header}
	for i, e := range f.objs {
		if e != nil {
			ce := *e
			ce.val = deepCopy(e.val)
			c.objs[i] = &ce
		}
	}
	c.Trailer, _ = deepCopy(f.Trailer).(*Dict)
	return c
}

func deepCopy(v Object) Object {
	switch x := v.(type) {
	case Array:
		a := make(Array, len(x))
		for i, e := range x {
			a[i] = deepCopy(e)
		}
		return a
	case *Dict:
		if x == nil {
			return x
		}
		d := &Dict{keys: append([]Name(nil), x.keys...), vals: make([]Object, len(x.vals))}
		for i, e := range x.vals {
			d.vals[i] = deepCopy(e)
		}
		return d
	case *Stream:
		return &Stream{Dict: deepCopy(x.Dict).(*Dict), Data: x.Data, sum: x.sum}
	}
	return v
}

// Page is one leaf of the page tree: its reference, its dictionary and its
// MediaBox (inherited when not its own), normalised to llx lly urx ury.
type Page struct {
	Ref   Ref
	Dict  *Dict
	Media [4]float64
}

// Pages walks the page tree in order.
func (f *Doc) Pages() ([]Page, error) {
	root := f.Catalog()
	if root == nil {
		return nil, errors.New("no document catalog")
	}
	var out []Page
	seen := map[int]bool{}
	var walk func(v Object, media Object, depth int) error
	walk = func(v Object, media Object, depth int) error {
		r, ok := v.(Ref)
		if !ok || seen[r.Num] || depth > 64 {
			return errors.New("malformed page tree")
		}
		seen[r.Num] = true
		d := f.Dict(r)
		if d == nil {
			return errors.New("malformed page tree")
		}
		if m := d.Get("MediaBox"); m != nil {
			media = m
		}
		switch d.Get("Type") {
		case Name("Pages"):
			kids, _ := f.Get(d.Get("Kids")).(Array)
			for _, k := range kids {
				if err := walk(k, media, depth+1); err != nil {
					return err
				}
			}
		case Name("Page"):
			box, ok := f.Rect(media)
			if !ok {
				return fmt.Errorf("page %d has no valid MediaBox", len(out)+1)
			}
			out = append(out, Page{Ref: r, Dict: d, Media: box})
		default:
			return errors.New("malformed page tree")
		}
		return nil
	}
	if err := walk(root.Get("Pages"), nil, 0); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("the PDF has no pages")
	}
	return out, nil
}

// Rect reads a rectangle and normalises it to llx lly urx ury.
func (f *Doc) Rect(v Object) ([4]float64, bool) {
	a, ok := f.Get(v).(Array)
	var r [4]float64
	if !ok || len(a) != 4 {
		return r, false
	}
	for i, e := range a {
		x, ok := Float(f.Get(e))
		if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
			return r, false
		}
		r[i] = x
	}
	if r[0] > r[2] {
		r[0], r[2] = r[2], r[0]
	}
	if r[1] > r[3] {
		r[1], r[3] = r[3], r[1]
	}
	return r, true
}

// Resources returns the page's resource dictionary, inherited from the page
// tree when the page has none.
func (f *Doc) Resources(p Page) Object {
	dict := p.Dict
	for range 64 {
		if r := dict.Get("Resources"); r != nil {
			return r
		}
		if dict = f.Dict(dict.Get("Parent")); dict == nil {
			break
		}
	}
	return NewDict()
}

// Contents returns the page's content streams in order.
func (f *Doc) Contents(p Page) ([]Object, error) {
	switch c := p.Dict.Get("Contents").(type) {
	case nil:
		return nil, nil
	case Ref:
		if a, ok := f.Get(c).(Array); ok {
			return a, nil
		}
		return Array{c}, nil
	case Array:
		return c, nil
	}
	return nil, errors.New("malformed /Contents")
}

// Copy returns v with every object it refers to in src copied into f (each
// once per map m, however often it is copied; m maps src's object numbers
// to f's references). Objects nested more than 100 deep panic (the
// entry points recover it as damaged input).
func (f *Doc) Copy(src *Doc, v Object, m map[int]Ref) Object {
	var cp func(v Object, depth int) Object
	cp = func(v Object, depth int) Object {
		if depth > 100 {
			// never a silent null in the copy: the entry points (Render,
			// Spreads, the flat plan) recover this as damaged input
			panic("objects nested more than 100 deep")
		}
		switch x := v.(type) {
		case Ref:
			if r, ok := m[x.Num]; ok {
				return r
			}
			r := f.Reserve()
			m[x.Num] = r
			f.Set(r, cp(src.Get(x), depth+1))
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

// Digest hashes every object's value (the header, the cross-reference
// table and the trailer aside), plus extra: equal digests mean equal
// objects, however they were written. A stream's data counts by its hash,
// computed once for all copies of the stream. Objects listed in skip are
// left out.
func (f *Doc) Digest(extra []byte, skip ...Ref) []byte {
	h := sha256.New()
	h.Write(extra)
	var b []byte
	for n, e := range f.objs {
		if e == nil || slices.ContainsFunc(skip, func(r Ref) bool { return r.Num == n }) {
			continue
		}
		b = fmt.Appendf(b[:0], "%d %d obj\n", n, e.gen)
		if s, ok := e.val.(*Stream); ok {
			sum := s.dataSum()
			s.Dict.Set("Length", len(s.Data))
			b = append(appendObject(b, s.Dict), sum[:]...)
		} else {
			b = appendObject(b, e.val)
		}
		h.Write(b)
	}
	return h.Sum(nil)
}

// serialise returns e's object up to its stream data (everything when it is
// not a stream) and the stream data.
func (f *Doc) serialise(b []byte, e *entry) (head, data []byte) {
	b = strconv.AppendInt(b, int64(e.num), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(e.gen), 10)
	b = append(b, " obj\n"...)
	if s, ok := e.val.(*Stream); ok {
		s.Dict.Set("Length", len(s.Data))
		b = appendObject(b, s.Dict)
		return append(b, "\nstream\n"...), s.Data
	}
	b = appendObject(b, e.val)
	return append(b, "\nendobj\n"...), nil
}

// Bytes serialises the whole file with one cross-reference section, into
// one buffer of the exact size.
func (f *Doc) Bytes() []byte {
	pieces, size := f.prepare()
	b := bytes.NewBuffer(make([]byte, 0, size))
	f.write(b, pieces)
	return b.Bytes()
}

// WriteTo writes what Bytes returns to w, without holding the file in
// memory: objects read and not edited (images, font programs) are copied
// from the bytes they were read from.
func (f *Doc) WriteTo(w io.Writer) (int64, error) {
	pieces, _ := f.prepare()
	cw := &countWriter{w: w}
	f.write(cw, pieces)
	return cw.n, cw.err
}

// piece is an edited object serialised: up to its stream data, and the data.
type piece struct{ head, data []byte }

// prepare serialises the edited objects, sets the trailer's Size and
// returns the size of the whole file (an upper bound for the tables).
func (f *Doc) prepare() ([]piece, int) {
	pieces := make([]piece, len(f.objs))
	size := len(f.header())
	for n, e := range f.objs {
		if e == nil {
			continue
		}
		if !e.changed {
			size += e.end - e.start + 1
			continue
		}
		h, d := f.serialise(nil, e)
		pieces[n] = piece{h, d}
		size += len(h)
		if d != nil {
			size += len(d) + len("\nendstream\nendobj\n")
		}
	}
	f.Trailer.Set("Size", len(f.objs))
	size += len("xref\n0 \n") + 10 + 20*len(f.objs) + len("trailer\n") + len(appendObject(nil, f.Trailer)) + len("\nstartxref\n\n%%EOF\n") + 20
	return pieces, size
}

// countWriter counts what it writes and keeps the first error (then
// writes nothing more).
type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(b []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(b)
	c.n += int64(n)
	c.err = err
	return n, err
}

// write writes the file: the header, the objects (edited ones from
// pieces), the cross-reference table and the trailer.
func (f *Doc) write(w io.Writer, pieces []piece) {
	off := 0
	put := func(b []byte) {
		w.Write(b)
		off += len(b)
	}
	put([]byte(f.header()))
	offs := make([]int, len(f.objs))
	nl := []byte("\n")
	for n, e := range f.objs {
		if e == nil {
			continue
		}
		offs[n] = off
		if !e.changed {
			put(f.data[e.start:e.end])
			put(nl)
			continue
		}
		put(pieces[n].head)
		if pieces[n].data != nil {
			put(pieces[n].data)
			put([]byte("\nendstream\nendobj\n"))
		}
	}
	xref := off
	b := make([]byte, 0, 32+20*len(f.objs))
	b = fmt.Appendf(b, "xref\n0 %d\n", len(f.objs))
	// Free entries form a list through object 0.
	nextFree := make([]int, len(f.objs))
	for n, k := len(f.objs)-1, 0; n >= 0; n-- {
		nextFree[n] = k
		if f.objs[n] == nil {
			k = n
		}
	}
	b = fmt.Appendf(b, "%010d 65535 f \n", nextFree[0])
	for n := 1; n < len(f.objs); n++ {
		if e := f.objs[n]; e != nil {
			b = fmt.Appendf(b, "%010d %05d n \n", offs[n], e.gen)
		} else {
			b = fmt.Appendf(b, "%010d 00001 f \n", nextFree[n])
		}
	}
	b = append(b, "trailer\n"...)
	b = appendObject(b, f.Trailer)
	put(fmt.Appendf(b, "\nstartxref\n%d\n%%%%EOF\n", xref))
}

func (f *Doc) header() string {
	if f.Header == "" {
		return DefaultHeader
	}
	return f.Header
}

// Delete removes the object behind r (its number becomes free).
func (f *Doc) Delete(r Ref) {
	if r.Num > 0 && r.Num < len(f.objs) {
		f.objs[r.Num] = nil
	}
}

// SortKeys sorts the keys of every dictionary in v and in the objects it
// refers to, in place: for objects written by a producer whose key order is
// not fixed, before they are copied (Copy numbers objects in key order).
func (f *Doc) SortKeys(v Object) {
	seen := map[int]bool{}
	var walk func(v Object, depth int)
	walk = func(v Object, depth int) {
		if depth > 100 {
			return
		}
		switch x := v.(type) {
		case Ref:
			if seen[x.Num] {
				return
			}
			seen[x.Num] = true
			f.Touch(x)
			walk(f.Get(x), depth+1)
		case Array:
			for _, e := range x {
				walk(e, depth+1)
			}
		case *Dict:
			x.sortKeys()
			for _, e := range x.vals {
				walk(e, depth+1)
			}
		case *Stream:
			walk(x.Dict, depth+1)
		}
	}
	walk(v, 0)
}
