package finish

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// file is a parsed PDF with a classic cross-reference table (possibly with
// incremental updates, which are merged: the newest version of each object
// wins).
type file struct {
	data    []byte
	objs    []*entry // indexed by object number; nil = free or absent
	trailer *Dict
	depth   int // nesting of parse calls (a /Length may be indirect)
}

type entry struct {
	num, gen   int
	start, end int // raw span "N G obj … endobj" in data
	val        Object
	parsed     bool
	parsing    bool
	changed    bool // serialise val instead of copying the raw span
}

const maxObjects = 8 << 20

func readFile(data []byte) (*file, error) {
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
	f := &file{data: data}
	offsets := map[int][2]int{} // num → (offset, gen)
	seen := map[int]bool{}
	for off != 0 {
		if off < 0 || off >= len(data) || seen[off] {
			return nil, fmt.Errorf("bad cross-reference offset %d", off)
		}
		seen[off] = true
		trailer, err := readXref(data, off, offsets)
		if err != nil {
			return nil, err
		}
		if f.trailer == nil {
			f.trailer = trailer
		}
		if trailer.Get("XRefStm") != nil {
			return nil, errors.New("hybrid cross-reference streams are not supported")
		}
		off = 0
		if prev, ok := num(trailer.Get("Prev")); ok {
			off = int(prev)
		}
	}
	maxNum := 0
	for n := range offsets {
		maxNum = max(maxNum, n)
	}
	if size, ok := num(f.trailer.Get("Size")); ok && int(size) > maxNum+1 {
		maxNum = int(size) - 1
	}
	if maxNum > maxObjects {
		return nil, errors.New("too many objects")
	}
	f.objs = make([]*entry, maxNum+1)
	for n, og := range offsets {
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
	return f, nil
}

// readXref reads one classic xref section and its trailer. Entries already
// in offsets (from a newer section) are kept.
func readXref(data []byte, off int, offsets map[int][2]int) (*Dict, error) {
	p := &parser{b: data, pos: off}
	if string(p.regular()) != "xref" {
		return nil, errors.New("cross-reference streams are not supported (only classic xref tables)")
	}
	free := map[int]bool{}
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
			n := start + k
			if _, ok := offsets[n]; ok || free[n] {
				continue
			}
			if typ == "n" {
				offsets[n] = [2]int{o, g}
			} else {
				free[n] = true
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
func (f *file) parse(e *entry) error {
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
				if x, ok := num(le.val); ok {
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
		v = &Stream{Dict: d, Data: p.b[start:end]}
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

// get resolves a reference (or returns a direct value).
func (f *file) get(v Object) Object {
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

func (f *file) dict(v Object) *Dict {
	switch v := f.get(v).(type) {
	case *Dict:
		return v
	case *Stream:
		return v.Dict
	}
	return nil
}

// add appends a new object and returns its reference.
func (f *file) add(v Object) Ref {
	n := len(f.objs)
	f.objs = append(f.objs, &entry{num: n, val: v, parsed: true, changed: true})
	return Ref{n, 0}
}

// changed marks the object behind r as edited.
func (f *file) touch(r Ref) {
	if r.Num > 0 && r.Num < len(f.objs) && f.objs[r.Num] != nil {
		f.objs[r.Num].changed = true
	}
}

// write serialises the whole file with a fresh single xref section.
func (f *file) write(header string, trailer *Dict) []byte {
	var b bytes.Buffer
	b.Grow(len(f.data) + 1<<16)
	b.WriteString(header)
	offs := make([]int, len(f.objs))
	for n, e := range f.objs {
		if e == nil {
			continue
		}
		offs[n] = b.Len()
		if !e.changed {
			b.Write(f.data[e.start:e.end])
			b.WriteByte('\n')
			continue
		}
		fmt.Fprintf(&b, "%d %d obj\n", n, e.gen)
		b.Write(appendObject(nil, e.val))
		b.WriteString("\nendobj\n")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n", len(f.objs))
	// Free entries form a list through object 0.
	nextFree := make([]int, len(f.objs))
	for n, k := len(f.objs)-1, 0; n >= 0; n-- {
		nextFree[n] = k
		if f.objs[n] == nil {
			k = n
		}
	}
	fmt.Fprintf(&b, "%010d 65535 f \n", nextFree[0])
	for n := 1; n < len(f.objs); n++ {
		if e := f.objs[n]; e != nil {
			fmt.Fprintf(&b, "%010d %05d n \n", offs[n], e.gen)
		} else {
			fmt.Fprintf(&b, "%010d 00001 f \n", nextFree[n])
		}
	}
	trailer.Set("Size", len(f.objs))
	b.WriteString("trailer\n")
	b.Write(appendObject(nil, trailer))
	fmt.Fprintf(&b, "\nstartxref\n%d\n%%%%EOF\n", xref)
	return b.Bytes()
}
