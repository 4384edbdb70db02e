package layout

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// The cache as bytes, for the build's disk cache: a fresh process sets
// only the articles that changed since the last run. Entries are keyed by
// content hashes (articleKey: the article, [text], the frame, the faces'
// fonts.Face.Sum), never by paths or addresses, so they hold in any
// process of the same program version (the caller keys the file by it).
//
// The encoding is the format line, the number of entries, then each entry
// as its length and its bytes: the key, the paragraph count and the items,
// numbers as varints, strings by length or as a back-reference to an equal
// string of the entry (a line's text is in its item, its TextLine and its
// Placed). An entry read back keeps its bytes, so writing the cache again
// encodes only the articles set since.

const cacheFormat = "paiban layout cache 3\n"

// placeholderArticle marks the title item of a decoded entry: cachedItems
// puts the article it is used for in its place.
var placeholderArticle = &issue.Article{}

// MarshalBinary encodes the entries the last round of layouts used.
func (c *Cache) MarshalBinary() ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	keys := make([][32]byte, 0, len(c.entries))
	for k := range c.entries {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [32]byte) int { return slices.Compare(a[:], b[:]) })
	b := append([]byte(cacheFormat), 0)[:len(cacheFormat)]
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		en := c.entries[k]
		if en.raw == nil {
			en.raw = encodeEntry(k, en)
		}
		b = binary.AppendUvarint(b, uint64(len(en.raw)))
		b = append(b, en.raw...)
	}
	return b, nil
}

// UnmarshalBinary adds the entries encoded by MarshalBinary. Data of
// another format, or damaged, is an error and adds nothing.
func (c *Cache) UnmarshalBinary(data []byte) (err error) {
	defer func() {
		if r := recover(); r != nil { // an index out of range in damaged data
			err = fmt.Errorf("layout cache: damaged (%v)", r)
		}
	}()
	if len(data) < len(cacheFormat) || string(data[:len(cacheFormat)]) != cacheFormat {
		return errors.New("layout cache: another format")
	}
	d := &decoder{b: data[len(cacheFormat):]}
	n := d.uint()
	entries := make(map[[32]byte]*cacheEntry, min(n, 1<<16))
	for range n {
		raw := d.bytes(d.uint())
		key, en, err := decodeEntry(raw)
		if err != nil {
			return err
		}
		en.raw = raw
		entries[key] = en
	}
	if d.err != nil || len(d.b) != 0 {
		return fmt.Errorf("layout cache: damaged (%v, %d bytes left)", d.err, len(d.b))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, en := range entries {
		en.gen = c.gen - 1 // from an earlier round: dropped by the next Prune unless used
		c.entries[k] = en
	}
	return nil
}

type encoder struct {
	b    []byte
	strs map[string]int
}

func (e *encoder) int(v int64)        { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) uint(v int)         { e.b = binary.AppendUvarint(e.b, uint64(v)) }
func (e *encoder) len(v units.Length) { e.int(int64(v)) }

func (e *encoder) str(s string) {
	if i, ok := e.strs[s]; ok {
		e.uint(i + 1)
		return
	}
	e.strs[s] = len(e.strs)
	e.uint(0)
	e.uint(len(s))
	e.b = append(e.b, s...)
}

func (e *encoder) flags(fs ...bool) {
	var x byte
	for i, f := range fs {
		if f {
			x |= 1 << i
		}
	}
	e.b = append(e.b, x)
}

func (e *encoder) color(c CMYK) { e.b = append(e.b, c.C, c.M, c.Y, c.K) }

func encodeEntry(key [32]byte, en *cacheEntry) []byte {
	e := &encoder{b: append(make([]byte, 0, 4096), key[:]...), strs: map[string]int{}}
	e.uint(en.paras)
	e.uint(len(en.items))
	for _, it := range en.items {
		e.b = append(e.b, byte(it.kind))
		e.uint(it.lines)
		e.int(int64(it.keep))
		e.flags(it.figure, it.wide, it.paraFirst, it.paraLast, it.startOf != nil, it.span != nil)
		e.frag(it.frag)
		if it.span != nil {
			e.frag(*it.span)
		}
		e.uint(it.spanLines)
		e.int(int64(it.para))
		e.str(it.text)
		e.int(int64(it.src))
		e.str(it.place)
		e.flags(it.box, it.bleed, it.table)
		e.uint(it.cols)
		e.uint(it.srcLine)
		e.frag(it.notes)
		e.uint(it.noteLines)
	}
	return e.b
}

func (e *encoder) frag(f fragment) {
	e.uint(len(f.runs))
	for _, r := range f.runs {
		e.int(int64(r.Font))
		e.len(r.Size)
		e.len(r.X)
		e.len(r.Y)
		e.str(r.Text)
		e.len(r.Spacing)
		e.color(r.Color)
	}
	e.uint(len(f.images))
	for _, im := range f.images {
		e.str(im.Path)
		e.uint(im.Page)
		for _, v := range []units.Length{im.X, im.Y, im.W, im.H, im.ClipX, im.ClipY, im.ClipW, im.ClipH} {
			e.len(v)
		}
	}
	e.uint(len(f.lines))
	for _, l := range f.lines {
		for _, v := range []units.Length{l.X1, l.Y1, l.X2, l.Y2, l.Width} {
			e.len(v)
		}
		e.color(l.Color)
	}
	e.uint(len(f.rects))
	for _, r := range f.rects {
		for _, v := range []units.Length{r.X, r.Y, r.W, r.H} {
			e.len(v)
		}
		e.color(r.Fill)
	}
	e.uint(len(f.text))
	for _, t := range f.text {
		for _, v := range []units.Length{t.X, t.Y, t.Measure, t.End, t.Size} {
			e.len(v)
		}
		e.str(t.Text)
		e.flags(t.Justified, t.First, t.Heading, t.Loose, t.Cell)
	}
	e.uint(len(f.placed))
	for _, p := range f.placed {
		e.int(int64(p.Src.Content))
		e.int(int64(p.Src.Part))
		e.int(int64(p.Src.Seq))
		e.int(int64(p.Src.Cell))
		for _, v := range []units.Length{p.X, p.Y, p.W, p.End, p.Size} {
			e.len(v)
		}
		e.str(p.Text)
		e.flags(p.Src.Last, p.Span, p.Hyphen, p.Repeat)
	}
}

type decoder struct {
	b    []byte
	strs []string
	err  error
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = errors.New(what)
	}
	d.b = nil
}

func (d *decoder) uint() int {
	v, k := binary.Uvarint(d.b)
	if k <= 0 || v > 1<<40 {
		d.fail("bad number")
		return 0
	}
	d.b = d.b[k:]
	return int(v)
}

func (d *decoder) int() int64 {
	v, k := binary.Varint(d.b)
	if k <= 0 {
		d.fail("bad number")
		return 0
	}
	d.b = d.b[k:]
	return v
}

func (d *decoder) len() units.Length { return units.Length(d.int()) }

func (d *decoder) bytes(n int) []byte {
	if n > len(d.b) {
		d.fail("truncated")
		return nil
	}
	out := d.b[:n:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.fail("truncated")
		return 0
	}
	x := d.b[0]
	d.b = d.b[1:]
	return x
}

func (d *decoder) str() string {
	i := d.uint()
	if i > 0 {
		if i > len(d.strs) {
			d.fail("bad string reference")
			return ""
		}
		return d.strs[i-1]
	}
	s := string(d.bytes(d.uint()))
	d.strs = append(d.strs, s)
	return s
}

func (d *decoder) flags() [8]bool {
	x := d.byte()
	var f [8]bool
	for i := range f {
		f[i] = x&(1<<i) != 0
	}
	return f
}

func (d *decoder) color() CMYK {
	b := d.bytes(4)
	if len(b) < 4 {
		return CMYK{}
	}
	return CMYK{b[0], b[1], b[2], b[3]}
}

// count reads a slice length, at most what the remaining bytes can hold.
func (d *decoder) count() int {
	n := d.uint()
	if n > len(d.b) {
		d.fail("bad count")
		return 0
	}
	return n
}

func decodeEntry(raw []byte) ([32]byte, *cacheEntry, error) {
	var key [32]byte
	d := &decoder{b: raw}
	copy(key[:], d.bytes(32))
	en := &cacheEntry{paras: d.uint()}
	en.items = make([]item, d.count())
	for i := range en.items {
		it := &en.items[i]
		it.kind = itemKind(d.byte())
		if it.kind > kBlock {
			d.fail("bad item kind")
		}
		it.lines = d.uint()
		it.keep = int(d.int())
		f := d.flags()
		it.figure, it.wide, it.paraFirst, it.paraLast = f[0], f[1], f[2], f[3]
		if f[4] {
			it.startOf = placeholderArticle // replaced by the article the entry is used for
		}
		it.frag = d.frag()
		if f[5] {
			s := d.frag()
			it.span = &s
		}
		it.spanLines = d.uint()
		it.para = int(d.int())
		it.text = d.str()
		it.src = int(d.int())
		it.place = d.str()
		f2 := d.flags()
		it.box, it.bleed, it.table = f2[0], f2[1], f2[2]
		it.cols, it.srcLine = d.uint(), d.uint()
		it.notes = d.frag()
		it.noteLines = d.uint()
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("trailing bytes")
	}
	if d.err != nil {
		return key, nil, fmt.Errorf("layout cache: damaged entry (%v)", d.err)
	}
	return key, en, nil
}

func (d *decoder) frag() fragment {
	var f fragment
	if n := d.count(); n > 0 {
		f.runs = make([]GlyphRun, n)
		for i := range f.runs {
			r := &f.runs[i]
			r.Font = int(d.int())
			r.Size, r.X, r.Y = d.len(), d.len(), d.len()
			r.Text = d.str()
			r.Spacing = d.len()
			r.Color = d.color()
		}
	}
	if n := d.count(); n > 0 {
		f.images = make([]Image, n)
		for i := range f.images {
			im := &f.images[i]
			im.Path = d.str()
			im.Page = d.uint()
			im.X, im.Y, im.W, im.H = d.len(), d.len(), d.len(), d.len()
			im.ClipX, im.ClipY, im.ClipW, im.ClipH = d.len(), d.len(), d.len(), d.len()
		}
	}
	if n := d.count(); n > 0 {
		f.lines = make([]Line, n)
		for i := range f.lines {
			l := &f.lines[i]
			l.X1, l.Y1, l.X2, l.Y2, l.Width = d.len(), d.len(), d.len(), d.len(), d.len()
			l.Color = d.color()
		}
	}
	if n := d.count(); n > 0 {
		f.rects = make([]Rect, n)
		for i := range f.rects {
			r := &f.rects[i]
			r.X, r.Y, r.W, r.H = d.len(), d.len(), d.len(), d.len()
			r.Fill = d.color()
		}
	}
	if n := d.count(); n > 0 {
		f.text = make([]TextLine, n)
		for i := range f.text {
			t := &f.text[i]
			t.X, t.Y, t.Measure, t.End, t.Size = d.len(), d.len(), d.len(), d.len(), d.len()
			t.Text = d.str()
			fl := d.flags()
			t.Justified, t.First, t.Heading, t.Loose, t.Cell = fl[0], fl[1], fl[2], fl[3], fl[4]
		}
	}
	if n := d.count(); n > 0 {
		f.placed = make([]Placed, n)
		for i := range f.placed {
			p := &f.placed[i]
			p.Src.Content, p.Src.Part, p.Src.Seq, p.Src.Cell = int(d.int()), int(d.int()), int(d.int()), int(d.int())
			p.X, p.Y, p.W, p.End, p.Size = d.len(), d.len(), d.len(), d.len(), d.len()
			p.Text = d.str()
			fl := d.flags()
			p.Src.Last, p.Span, p.Hyphen, p.Repeat = fl[0], fl[1], fl[2], fl[3]
		}
	}
	return f
}
