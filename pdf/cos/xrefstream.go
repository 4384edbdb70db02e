package cos

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// Cross-reference streams and object streams (PDF 1.5, ISO 32000-1 §7.5.7
// and §7.5.8): how most PDFs from Acrobat, InDesign and viewers that save
// annotations are written. Read accepts them (and hybrid files, whose
// classic table names an /XRefStm); documents are always written with a
// classic table.

// xrefs collects the cross-reference entries of every section, the newest
// first: an entry already known (or freed) is not replaced by an older one.
type xrefs struct {
	offsets    map[int][2]int // num → (offset, gen) of an object in the file
	compressed map[int][2]int // num → (object stream, index in it)
	free       map[int]bool
}

func (x *xrefs) known(n int) bool {
	_, a := x.offsets[n]
	_, b := x.compressed[n]
	return a || b || x.free[n]
}

// add records entry n of type typ (0 free, 1 in the file, 2 compressed).
func (x *xrefs) add(n, typ, f2, f3 int) {
	if n < 0 || x.known(n) {
		return
	}
	switch typ {
	case 0:
		x.free[n] = true
	case 1:
		x.offsets[n] = [2]int{f2, f3}
	case 2:
		x.compressed[n] = [2]int{f2, f3}
	}
}

// readSection reads the cross-reference section at off, a classic table or
// a cross-reference stream, and returns its trailer dictionary.
func (f *Doc) readSection(off int, x *xrefs) (*Dict, error) {
	p := &parser{b: f.data, pos: off}
	if string(p.regular()) == "xref" {
		// A hybrid file's stream holds the compressed objects the table
		// lists as free; it takes precedence, so it is read first.
		i := bytes.Index(f.data[off:], []byte("trailer"))
		if i < 0 {
			return nil, errors.New("cross-reference table without trailer")
		}
		p2 := &parser{b: f.data, pos: off + i + len("trailer")}
		if v, err := p2.value(0); err == nil {
			if d, ok := v.(*Dict); ok {
				if so, ok := Float(d.Get("XRefStm")); ok {
					if int(so) <= 0 || int(so) >= len(f.data) {
						return nil, fmt.Errorf("bad /XRefStm offset %v", so)
					}
					if _, err := f.readXrefStream(int(so), x); err != nil {
						return nil, err
					}
				}
			}
		}
		t, err := readXref(f.data, off, x)
		if t != nil {
			t.Delete("XRefStm")
		}
		return t, err
	}
	return f.readXrefStream(off, x)
}

// readXrefStream reads the cross-reference stream object at off.
func (f *Doc) readXrefStream(off int, x *xrefs) (*Dict, error) {
	p := &parser{b: f.data, pos: off}
	n, err1 := strconv.Atoi(string(p.regular()))
	p.skipSpace()
	g, err2 := strconv.Atoi(string(p.regular()))
	if err1 != nil || err2 != nil {
		return nil, errors.New("no cross-reference table or stream at startxref")
	}
	e := &entry{num: n, gen: g, start: off}
	if err := f.parse(e); err != nil {
		return nil, fmt.Errorf("cross-reference stream: %w", err)
	}
	s, ok := e.val.(*Stream)
	if !ok || s.Dict.Get("Type") != Name("XRef") {
		return nil, errors.New("no cross-reference table or stream at startxref")
	}
	data, err := Decode(s)
	if err != nil {
		return nil, fmt.Errorf("cross-reference stream: %w", err)
	}
	wa, _ := s.Dict.Get("W").(Array)
	if len(wa) != 3 {
		return nil, errors.New("cross-reference stream: bad /W")
	}
	var w [3]int
	for i, v := range wa {
		k, ok := Float(v)
		if !ok || k < 0 || k > 8 {
			return nil, errors.New("cross-reference stream: bad /W")
		}
		w[i] = int(k)
	}
	width := w[0] + w[1] + w[2]
	if width == 0 {
		return nil, errors.New("cross-reference stream: bad /W")
	}
	size, _ := Float(s.Dict.Get("Size"))
	index := Array{0, Number(strconv.Itoa(int(size)))}
	if a, ok := s.Dict.Get("Index").(Array); ok {
		index = a
	}
	if len(index)%2 != 0 {
		return nil, errors.New("cross-reference stream: bad /Index")
	}
	field := func(b []byte, def int) int {
		if len(b) == 0 {
			return def
		}
		v := 0
		for _, c := range b {
			v = v<<8 | int(c)
		}
		return v
	}
	pos := 0
	for i := 0; i < len(index); i += 2 {
		start, ok1 := Float(index[i])
		count, ok2 := Float(index[i+1])
		if !ok1 || !ok2 || start < 0 || count < 0 || count > maxObjects {
			return nil, errors.New("cross-reference stream: bad /Index")
		}
		for k := 0; k < int(count); k++ {
			if pos+width > len(data) {
				return nil, errors.New("cross-reference stream: truncated")
			}
			row := data[pos : pos+width]
			pos += width
			typ := field(row[:w[0]], 1)
			x.add(int(start)+k, typ, field(row[w[0]:w[0]+w[1]], 0), field(row[w[0]+w[1]:], 0))
		}
	}
	// The trailer keys of the stream's dictionary (the rest describes the
	// stream).
	t := &Dict{}
	for _, k := range []Name{"Root", "Info", "ID", "Encrypt", "Prev", "Size"} {
		if v := s.Dict.Get(k); v != nil {
			t.Set(k, v)
		}
	}
	return t, nil
}

// unpack reads the objects stored in object streams, and drops the object
// and cross-reference streams themselves (their contents are now objects
// of the document, written in the classic way).
func (f *Doc) unpack(compressed map[int][2]int) error {
	byStream := map[int][]int{}
	for n, si := range compressed {
		if n <= 0 || n >= len(f.objs) {
			continue
		}
		byStream[si[0]] = append(byStream[si[0]], n)
	}
	streams := make([]int, 0, len(byStream))
	for sn := range byStream {
		streams = append(streams, sn)
	}
	slices.Sort(streams)
	for _, sn := range streams {
		if sn <= 0 || sn >= len(f.objs) || f.objs[sn] == nil {
			return fmt.Errorf("object stream %d is missing", sn)
		}
		s, ok := f.objs[sn].val.(*Stream)
		if !ok || s.Dict.Get("Type") != Name("ObjStm") {
			return fmt.Errorf("object %d is not an object stream", sn)
		}
		data, err := Decode(s)
		if err != nil {
			return fmt.Errorf("object stream %d: %w", sn, err)
		}
		count, ok1 := Float(s.Dict.Get("N"))
		first, ok2 := Float(s.Dict.Get("First"))
		if !ok1 || !ok2 || count < 0 || first < 0 || int(first) > len(data) || count > float64(len(data)) {
			return fmt.Errorf("object stream %d: bad /N or /First", sn)
		}
		hp := &parser{b: data[:int(first)]}
		type head struct{ num, off int }
		heads := make([]head, int(count))
		for i := range heads {
			hp.skipSpace()
			a, err1 := strconv.Atoi(string(hp.regular()))
			hp.skipSpace()
			b, err2 := strconv.Atoi(string(hp.regular()))
			if err1 != nil || err2 != nil || b < 0 || int(first)+b > len(data) {
				return fmt.Errorf("object stream %d: bad header", sn)
			}
			heads[i] = head{a, int(first) + b}
		}
		for _, n := range byStream[sn] {
			idx := compressed[n][1]
			if idx < 0 || idx >= len(heads) || heads[idx].num != n {
				return fmt.Errorf("object %d: not at its place in object stream %d", n, sn)
			}
			p := &parser{b: data, pos: heads[idx].off}
			v, err := p.value(0)
			if err != nil {
				return fmt.Errorf("object %d (in object stream %d): %w", n, sn, err)
			}
			f.objs[n] = &entry{num: n, val: v, parsed: true, changed: true}
		}
	}
	for i, e := range f.objs {
		if e == nil {
			continue
		}
		if s, ok := e.val.(*Stream); ok {
			if t := s.Dict.Get("Type"); t == Name("ObjStm") || t == Name("XRef") {
				f.objs[i] = nil
			}
		}
	}
	return nil
}
