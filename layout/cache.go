package layout

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"sync"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
)

// Cache keeps the expensive part of a layout between runs of the same plan
// in one process (`paiban build --watch`, benchmarks): the flow items of
// every article — its itemized, broken and set paragraphs, title block and
// figures — keyed by a hash of everything they are made from (the article's
// text and figures, the range's frame and options, [text], the fonts). An
// edited article misses and is set again; unchanged ones are reused. A
// layout with a cache gives exactly the document a layout without one gives.
//
// A Cache is safe for concurrent use. Call Prune after each round of
// layouts to drop what is no longer used.
type Cache struct {
	mu      sync.Mutex
	entries map[[32]byte]*cacheEntry
	gen     int
	Hits    int // articles reused, over the cache's life
	Misses  int // articles set

	// faces keeps the faces whose addresses are in keys alive, so that no
	// other face can take such an address while an entry may be used.
	faces map[*fonts.Face]bool
}

type cacheEntry struct {
	items []item // para serials relative to the article's first paragraph
	paras int    // paragraph serials the article used
	gen   int    // last layout that used the entry
	raw   []byte // the entry encoded (cachefile.go), once it was
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{entries: map[[32]byte]*cacheEntry{}, faces: map[*fonts.Face]bool{}}
}

// Prune ends one round of use: entries that no layout used since the last
// Prune are dropped (articles removed from the plan or edited since).
func (c *Cache) Prune() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, en := range c.entries {
		if en.gen < c.gen {
			delete(c.entries, k)
		}
	}
	c.gen++
}

// Len is the number of articles held.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// cachedItems returns the flow items of article a, from the cache when an
// article with the same content was set with the same arguments before,
// else from compute (which must be e.articleItems(a, args…, serial)). The
// paragraph serials of reused items are renumbered from *serial on.
func (e *engine) cachedItems(a *issue.Article, serial *int, compute func() []item, args ...any) []item {
	c := e.opt.Cache
	if c == nil {
		return compute()
	}
	key, ok := e.articleKey(a, args)
	if !ok {
		return compute()
	}
	c.mu.Lock()
	for _, ch := range []*faceChain{e.body, e.heading} {
		for _, f := range ch.faces {
			if fm, ok := f.(faceMetrics); ok {
				c.faces[fm.Face] = true
			}
		}
	}
	en := c.entries[key]
	if en != nil {
		en.gen = c.gen
		c.Hits++
	}
	c.mu.Unlock()
	if en != nil {
		out := make([]item, len(en.items))
		copy(out, en.items)
		for i := range out {
			if out[i].startOf != nil {
				out[i].startOf = a
			}
			if out[i].kind == kLine {
				out[i].para += *serial
			}
		}
		*serial += en.paras
		return out
	}
	start, missing := *serial, e.missingCount()
	items := compute()
	if e.missingCount() != missing {
		// characters no font has: set again next time, so the errors are
		// reported again
		return items
	}
	stored := make([]item, len(items))
	copy(stored, items)
	for i := range stored {
		if stored[i].kind == kLine {
			stored[i].para -= start
		}
	}
	c.mu.Lock()
	c.entries[key] = &cacheEntry{items: stored, paras: *serial - start, gen: c.gen}
	c.Misses++
	c.mu.Unlock()
	return items
}

func (e *engine) missingCount() int {
	n := 0
	for _, m := range e.missing {
		n += m.count
	}
	return n
}

// articleKey hashes what an article's items are made from. The article and
// [text] are hashed field by field through reflection, so fields added to
// them later are covered too.
func (e *engine) articleKey(a *issue.Article, args []any) (key [32]byte, ok bool) {
	b := make([]byte, 0, 16<<10)
	b, ok = appendValue(b, reflect.ValueOf(a), 0)
	if !ok {
		return key, false
	}
	b, ok = appendValue(b, reflect.ValueOf(e.iss.Text), 0)
	if !ok {
		return key, false
	}
	opt := e.opt
	opt.Cache = nil
	b = fmt.Appendf(b, "%d %d %d %+v\n", e.S, e.L, e.bo, opt)
	for _, ch := range []*faceChain{e.body, e.heading, e.quote} {
		if ch == nil {
			continue
		}
		for i, f := range ch.faces {
			if fm, ok := f.(faceMetrics); ok {
				b = fmt.Appendf(b, "face %x %d;", fm.Sum(), ch.ids[i]) // by content: the key outlives the process (MarshalBinary)
			} else {
				b = fmt.Appendf(b, "%T%v %d;", f, f, ch.ids[i])
			}
		}
		b = append(b, '\n')
	}
	for _, x := range args {
		b = fmt.Appendf(b, "%#v\n", x)
	}
	return sha256.Sum256(b), true
}

// appendValue appends an unambiguous encoding of v: strings with their
// length, numbers in binary, nil pointers marked. It refuses maps,
// functions, channels and interfaces, and cycles (by depth).
func appendValue(b []byte, v reflect.Value, depth int) ([]byte, bool) {
	if depth > 32 {
		return b, false
	}
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		b = binary.AppendUvarint(b, uint64(len(s)))
		return append(b, s...), true
	case reflect.Bool:
		if v.Bool() {
			return append(b, 1), true
		}
		return append(b, 0), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return binary.AppendVarint(b, v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return binary.AppendUvarint(b, v.Uint()), true
	case reflect.Float32, reflect.Float64:
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(v.Float())), true
	case reflect.Pointer:
		if v.IsNil() {
			return append(b, 0), true
		}
		return appendValue(append(b, 1), v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		n := v.Len()
		b = binary.AppendUvarint(b, uint64(n))
		ok := true
		for i := 0; i < n && ok; i++ {
			b, ok = appendValue(b, v.Index(i), depth+1)
		}
		return b, ok
	case reflect.Struct:
		ok := true
		for i := 0; i < v.NumField() && ok; i++ {
			b, ok = appendValue(b, v.Field(i), depth+1)
		}
		return b, ok
	}
	return b, false
}

// Digest is a hash of everything drawn on the page, exact to the layout
// unit: images (path and geometry, not the file's content), rects, lines and
// glyph runs with their fonts (as Document.Fonts indexes), sizes, spacing and
// colours. Equal digests mean the page draws the same with the same fonts
// and image files. Slot, label and TextLines are not part of it.
func (p *Page) Digest() [32]byte {
	b := make([]byte, 0, 4096)
	num := func(vs ...int64) {
		for _, v := range vs {
			b = binary.LittleEndian.AppendUint64(b, uint64(v))
		}
	}
	str := func(s string) {
		num(int64(len(s)))
		b = append(b, s...)
	}
	cmyk := func(c CMYK) { b = append(b, c.C, c.M, c.Y, c.K) }
	num(int64(len(p.Images)))
	for _, im := range p.Images {
		str(im.Path)
		num(int64(im.Page))
		num(int64(im.X), int64(im.Y), int64(im.W), int64(im.H), int64(im.ClipX), int64(im.ClipY), int64(im.ClipW), int64(im.ClipH))
		num(int64(im.Fit[0]), int64(im.Fit[1]), int64(im.Crop[0]), int64(im.Crop[1]), int64(im.Crop[2]), int64(im.Crop[3]))
	}
	num(int64(len(p.Rects)))
	for _, r := range p.Rects {
		num(int64(r.X), int64(r.Y), int64(r.W), int64(r.H))
		cmyk(r.Fill)
	}
	num(int64(len(p.Lines)))
	for _, l := range p.Lines {
		num(int64(l.X1), int64(l.Y1), int64(l.X2), int64(l.Y2), int64(l.Width))
		cmyk(l.Color)
	}
	num(int64(len(p.Runs)))
	for _, r := range p.Runs {
		num(int64(r.Font), int64(r.Size), int64(r.X), int64(r.Y), int64(r.Spacing))
		cmyk(r.Color)
		str(r.Text)
	}
	return sha256.Sum256(b)
}
