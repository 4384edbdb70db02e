package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/internal/input"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/units"
)

// Options change how BytesWith draws a document.
type Options struct {
	// Slug is extra paper below the bleed: the MediaBox grows downwards by
	// this much, the BleedBox and TrimBox stay where they are relative to
	// the page content. Proofs put their stamp there (layout coordinates
	// below TrimH + Bleed).
	Slug units.Length

	// Cache, when set, reuses the previous PDF written with it: see Cache.
	Cache *Cache
}

// BytesWith draws doc with options and returns the PDF. With or without a
// cache, the same document gives the same bytes.
func BytesWith(doc *layout.Document, opt Options) ([]byte, error) {
	if opt.Slug < 0 || !inRange(opt.Slug) {
		return nil, fmt.Errorf("pdf: slug %v out of range", opt.Slug)
	}
	wr, err := newWriter(doc)
	if err != nil {
		return nil, err
	}
	wr.slug = pt(opt.Slug)
	wr.pageH += wr.slug
	c := opt.Cache
	if c == nil {
		return wr.write()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	sk, err := wr.skeleton(c)
	if err != nil {
		return nil, err
	}
	if out, ok, err := c.reuse(wr, sk); ok || err != nil {
		return out, err
	}
	out, err := wr.write()
	if err != nil {
		return nil, err
	}
	c.keep(wr, sk, out)
	return out, nil
}

// write runs gopdf and the fix-up pass.
func (wr *writer) write() ([]byte, error) {
	if err := wr.draw(); err != nil {
		return nil, err
	}
	// gopdf's WriteTo ignores write errors, but a bytes.Buffer never fails;
	// growing it once up front saves copying megabytes of images around.
	var raw bytes.Buffer
	raw.Grow(wr.sizeHint())
	if _, err := wr.gp.WriteTo(&raw); err != nil {
		return nil, fmt.Errorf("pdf: gopdf: %w", err)
	}
	return wr.fixup(raw.Bytes())
}

// Cache makes rewriting an edited document fast (`paiban build --watch`).
//
// Most of the writer's time goes into gopdf: subsetting and compressing
// the fonts (more than half), formatting every glyph of every page, then
// the fix-up pass deflating every page. A Cache keeps the finished objects
// of the last PDF written with it. The next document reuses them when its
// skeleton is the same — the same page count and size, the same fonts with
// the same glyph set (the font subsets, widths and ToUnicode maps are then
// identical), the same image files (by path, size and modification time)
// first placed on the same pages, the same pages with and without content
// — and then only the content streams of pages whose layout.Page.Digest
// changed are made again, by emulate (gopdf's own content format, verified
// against gopdf by the tests) and the fix-up pass's rewriteText. Anything
// else writes the document from scratch, as without a cache.
//
// A Cache holds one document (megabytes: it includes the images) and is
// safe for concurrent use.
type Cache struct {
	mu       sync.Mutex
	skel     string         // skeleton key of the kept PDF; "" when empty
	faces    []*fonts.Face  // the document fonts of the kept PDF (kept alive: their addresses are in skel)
	bodies   [][]byte       // final object bodies, object i+1 at i
	content  []int          // per page: its content stream object, 0 for none
	digests  [][32]byte     // per page: layout.Page.Digest
	xobjects map[string]int // image path → image XObject number (resource name "I<n>")

	// Counters over the cache's life, for tests and benchmarks.
	Full   int // documents written from scratch
	Reused int // documents made from the kept one
	Pages  int // content streams made again for reused documents
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{} }

// skel is a document's skeleton: what besides page content decides the
// bytes of the PDF.
type skel struct {
	key    string
	images []string // distinct image paths in first-use order (gopdf's image object order)
}

// skeleton computes the skeleton of wr's document. Image files are
// identified by size and modification time, read with os.Stat.
func (wr *writer) skeleton(c *Cache) (skel, error) {
	d := wr.doc
	h := sha256.New()
	b := make([]byte, 0, 1<<14)
	b = fmt.Appendf(b, "paiban pdf skeleton 2\n%d %d %d %v %d %v %v\n", d.TrimW, d.TrimH, d.Bleed, wr.slug, len(d.Pages), wr.pageW, wr.pageH)
	for i, f := range wr.fonts {
		if f == nil {
			continue
		}
		face := d.Fonts[i]
		b = fmt.Appendf(b, "font %d %p %d %s:", i, face, len(face.Data), f.family)
		// The CIDs, and for each its glyph and the character its ToUnicode
		// entry gives.
		for _, e := range f.cids {
			b = binary.AppendUvarint(b, uint64(e.cid))
			b = binary.AppendUvarint(b, uint64(e.gid))
			b = binary.AppendUvarint(b, uint64(e.char))
		}
		b = append(b, '\n')
		h.Write(b)
		b = b[:0]
	}
	var sk skel
	seen := map[string]bool{}
	black := false
	for i, p := range d.Pages {
		has := len(p.Images) > 0 || len(p.Lines) > 0
		for _, r := range p.Rects {
			has = has || r.W != 0 && r.H != 0
		}
		for _, r := range p.Runs {
			if r.Text != "" {
				has = true
				black = black || r.Color == layout.Black
			}
		}
		b = fmt.Appendf(b, "page %d %t", i, has)
		for _, im := range p.Images {
			if seen[im.Path] {
				continue
			}
			seen[im.Path] = true
			sk.images = append(sk.images, im.Path)
			st, err := input.StatFile(im.Path) // a .docx document for its pictures
			if err != nil {
				return skel{}, fmt.Errorf("pdf: %s: image %s: %w", pageName(p, i), im.Path, err)
			}
			b = fmt.Appendf(b, " %q %d %d", im.Path, st.Size(), st.ModTime().UnixNano())
		}
		b = append(b, '\n')
	}
	b = fmt.Appendf(b, "black %t\n", black)
	h.Write(b)
	sk.key = hex.EncodeToString(h.Sum(nil))
	return sk, nil
}

// reuse makes the PDF of wr's document from the kept one when their
// skeletons agree; ok is false when they do not.
func (c *Cache) reuse(wr *writer, sk skel) (out []byte, ok bool, err error) {
	d := wr.doc
	if c.skel == "" || c.skel != sk.key || len(c.content) != len(d.Pages) {
		return nil, false, nil
	}
	names := map[*fontUse]int{} // gopdf's font resource number: registration order + 1
	for _, f := range wr.fonts {
		if f != nil {
			names[f] = len(names) + 1
			f.setAdjust()
		}
	}
	bodies := slices.Clone(c.bodies)
	digests := make([][32]byte, len(d.Pages))
	var todo []int
	for i, p := range d.Pages {
		digests[i] = p.Digest()
		if digests[i] == c.digests[i] {
			continue
		}
		if c.content[i] == 0 {
			return nil, false, nil // cannot happen: content presence is in the skeleton
		}
		todo = append(todo, i)
	}
	// Make the changed pages' streams on every core, as the fix-up pass does.
	errs := make([]error, len(todo))
	var wg sync.WaitGroup
	work := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			z := newDeflater()
			for k := range work {
				i := todo[k]
				p := d.Pages[i]
				data, text, err := wr.emulate(p, names, c.xobjects)
				if err == nil {
					data, err = rewriteText(data, text)
				}
				if err != nil {
					errs[k] = fmt.Errorf("pdf: %s: %w", pageName(p, i), err)
					continue
				}
				bodies[c.content[i]-1] = z.stream(nil, data)
			}
		}()
	}
	for k := range todo {
		work <- k
	}
	close(work)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, false, err
	}
	made := len(todo)
	c.bodies, c.digests = bodies, digests
	c.Reused++
	c.Pages += made
	return assemble(bodies), true, nil
}

var xobjectRef = regexp.MustCompile(`/I(\d+) (\d+) 0 R`)

// keep remembers the PDF out just written from scratch for wr's document.
// Output it cannot take apart as expected is simply not kept.
func (c *Cache) keep(wr *writer, sk skel, out []byte) {
	c.Full++
	c.skel = ""
	objs, err := splitGopdf(out)
	if err != nil {
		return
	}
	var content []int
	var images []int
	for k := range objs {
		body := objs[k].body
		switch {
		case bytes.HasPrefix(body, []byte("<<\n  /Type /Page\n")):
			content = append(content, ref(body, "/Contents"))
		case bytes.HasPrefix(body, []byte("<<\n\t/ProcSet ")):
			for _, m := range xobjectRef.FindAllSubmatch(body, -1) {
				if !bytes.Equal(m[1], m[2]) {
					return
				}
				n, _ := strconv.Atoi(string(m[1]))
				images = append(images, n)
			}
		}
	}
	if len(content) != len(wr.doc.Pages) || len(images) != len(sk.images) {
		return
	}
	slices.Sort(images)
	c.xobjects = make(map[string]int, len(images))
	for i, path := range sk.images {
		c.xobjects[path] = images[i]
	}
	c.bodies = make([][]byte, len(objs))
	for k := range objs {
		c.bodies[k] = objs[k].body
	}
	c.content = content
	c.digests = make([][32]byte, len(wr.doc.Pages))
	for i, p := range wr.doc.Pages {
		c.digests[i] = p.Digest()
	}
	c.faces = slices.Clone(wr.doc.Fonts)
	c.skel = sk.key
}

// emulate returns the content stream gopdf writes for page p (before the
// fix-up pass) and the page's text objects, exactly as draw and gopdf
// v0.37.0 make them: the same operators, formats and float arithmetic.
// fonts gives each font's resource number, xobjects each image's.
// TestCacheMatchesGopdf keeps the two in step: a change to draw needs the
// same change here.
func (wr *writer) emulate(p *layout.Page, fontNum map[*fontUse]int, xobjects map[string]int) ([]byte, []textObj, error) {
	var b bytes.Buffer
	b.Grow(64*len(p.Runs) + 256)
	b0 := wr.bleed
	pageH := wr.pageH
	f2 := func(v float64) { b.WriteString(strconv.FormatFloat(v, 'f', 2, 64)) }
	for _, im := range p.Images {
		n, ok := xobjects[im.Path]
		if !ok {
			return nil, nil, fmt.Errorf("pdf: image %s not in the cached document", im.Path)
		}
		cx, cy, cw, ch := im.ClipX, im.ClipY, im.ClipW, im.ClipH
		if cw == 0 && ch == 0 {
			cx, cy, cw, ch = im.X, im.Y, im.W, im.H
		}
		// SaveGraphicsState, ClipPolygon
		b.WriteString("q\n")
		x0, y0, x1, y1 := pt(cx)+b0, pt(cy)+b0, pt(cx+cw)+b0, pt(cy+ch)+b0
		for i, q := range [4][2]float64{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}} {
			fmt.Fprintf(&b, "%.2f %.2f", q[0], pageH-q[1])
			if i == 0 {
				b.WriteString(" m ")
			} else {
				b.WriteString(" l ")
			}
		}
		b.WriteString("h W n\n")
		// ImageByHolder: the rotation wrapper (angle 0), the image, the reset
		x, y, w, h := pt(im.X)+b0, pt(im.Y)+b0, pt(im.W), pt(im.H)
		rx, ry := x+w/2, y+h/2
		rad := float64(0) * (math.Pi / 180)
		cos, sin := math.Cos(rad), math.Sin(rad)
		cyy := pageH - ry
		fmt.Fprintf(&b, "q\n %.5f %.5f %.5f\n %.5f %.2f %.2f cm\n 1 0 0\n 1 %.2f %.2f cm\n", cos, sin, -sin, cos, rx, cyy, -rx, -cyy)
		iy := pageH - y
		iy -= h
		fmt.Fprintf(&b, "q\nq\n %s %0.2f 0 0\n %0.2f %0.2f %0.2f cm /I%d Do \nQ\nQ\n", "", w, h, x, iy, n)
		b.WriteString("Q\n")
		// RestoreGraphicsState
		b.WriteString("Q\n")
	}
	cmyk := func(c layout.CMYK, op string) {
		fmt.Fprintf(&b, "%.2f %.2f %.2f %.2f %s\n", float64(c.C)/100, float64(c.M)/100, float64(c.Y)/100, float64(c.K)/100, op)
	}
	for _, r := range p.Rects {
		if r.W == 0 || r.H == 0 {
			continue
		}
		cmyk(r.Fill, "k")
		x, y, w, h := pt(r.X)+b0, pt(r.Y)+b0, pt(r.W), pt(r.H)
		y += h
		b.WriteString("q\n")
		f2(x)
		b.WriteByte(' ')
		f2(pageH - y)
		b.WriteByte(' ')
		f2(w)
		b.WriteByte(' ')
		f2(h)
		b.WriteString(" re f\nQ\n")
	}
	for _, l := range p.Lines {
		cmyk(l.Color, "K")
		f2(pt(l.Width))
		b.WriteString(" w\nq\n")
		x1, y1, x2, y2 := pt(l.X1)+b0, pt(l.Y1)+b0, pt(l.X2)+b0, pt(l.Y2)+b0
		f2(x1)
		b.WriteByte(' ')
		f2(pageH - y1)
		b.WriteString(" m ")
		f2(x2)
		b.WriteByte(' ')
		f2(pageH - y2)
		b.WriteString(" l S\nQ\n")
	}
	var text []textObj
	const hexd = "0123456789ABCDEF"
	for _, r := range p.Runs {
		if r.Text == "" {
			continue
		}
		f := wr.fonts[r.Font]
		x, y := pt(r.X)+b0, pt(r.Y)+b0
		b.WriteString("BT\n")
		f2(x)
		b.WriteByte(' ')
		f2(pageH - y)
		b.WriteString(" TD\n/F")
		b.WriteString(strconv.Itoa(fontNum[f]))
		b.WriteByte(' ')
		b.WriteString(trimFloat(pt(r.Size)))
		b.WriteString(" Tf ")
		b.WriteString(trimFloat(pt(r.Spacing)))
		b.WriteString(" Tc\n")
		cmyk(r.Color, "k")
		b.WriteString("[<")
		for _, c := range r.Text {
			g, ok := f.gids[c]
			if !ok {
				return nil, nil, fmt.Errorf("pdf: character %q not in font %s", c, f.name)
			}
			if g > 0xFFFF {
				fmt.Fprintf(&b, "%04X", g)
				continue
			}
			b.WriteByte(hexd[g>>12&15])
			b.WriteByte(hexd[g>>8&15])
			b.WriteByte(hexd[g>>4&15])
			b.WriteByte(hexd[g&15])
		}
		b.WriteString(">] TJ\nET\n")
		text = append(text, textObj{font: f, text: r.Text, black: r.Color == layout.Black, x: x, y: wr.pageH - y})
	}
	return b.Bytes(), text, nil
}

// trimFloat is gopdf's FormatFloatTrim: three decimals, trailing zeros cut.
func trimFloat(v float64) string {
	return strconv.FormatFloat(math.Round(1000*v)/1000, 'f', -1, 64)
}
