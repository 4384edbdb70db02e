package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"sync"

	"github.com/signintech/gopdf"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/internal/input"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/raster"
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

	// Fit gives, by image path, the most pixels (width, height) the image
	// is embedded with: a larger one is downsampled (raster.Fit). The
	// build sets it from [print] max_ppi and target_ppi.
	Fit map[string][2]int

	// Colour converts images for the press ([print] profile, intent and
	// ink limit); nil is raster.Device.
	Colour *raster.Colour

	// Photo is how converted images are compressed ([print] jpeg_quality
	// and lossless; raster.Options, whose size and sum Fit and the file
	// give).
	Photo raster.Options

	// Converted holds, by path, images the build has converted already
	// (Colour.FitWith with Fit and Photo): they are embedded without
	// reading the file again.
	Converted map[string]*raster.Image

	// FileSum, when set, gives the SHA-256 of an image file's bytes: the
	// Cache then knows image files by content (as a cache kept on disk
	// must), else by size and modification time.
	FileSum func(path string) ([32]byte, error)
}

// Render draws doc with gopdf and corrects gopdf's output in one object
// pass: the document as objects, for package finish to complete and then
// to be serialised once (cos.Doc.Bytes). With or without a cache, the same
// document gives the same objects. A panic on damaged input is an error.
func Render(doc *layout.Document, opt Options) (d *cos.Doc, err error) {
	defer cos.Recover(&err)
	if opt.Slug < 0 || !inRange(opt.Slug) {
		return nil, fmt.Errorf("pdf: slug %v out of range", opt.Slug)
	}
	wr, err := newWriter(doc)
	if err != nil {
		return nil, err
	}
	wr.slug = pt(opt.Slug)
	wr.pageH += wr.slug
	wr.fit = opt.Fit
	wr.photo, wr.converted = opt.Photo, opt.Converted
	wr.colour = opt.Colour
	if wr.colour == nil {
		wr.colour = raster.Device
	}
	wr.sum = opt.FileSum
	c := opt.Cache
	if c == nil || hasSupplied(doc) {
		// supplied PDF pages are imported by gopdf into the whole
		// document: no page can be drawn again on its own
		return wr.render()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	sk, err := wr.skeleton()
	if err != nil {
		return nil, err
	}
	if d, ok := c.reuse(wr, sk); ok {
		return d, nil
	}
	if d, err = wr.render(); err != nil {
		return nil, err
	}
	c.keep(wr, sk, d)
	return d, nil
}

// BytesWith draws doc with options and returns the PDF, not finished.
func BytesWith(doc *layout.Document, opt Options) ([]byte, error) {
	d, err := Render(doc, opt)
	if err != nil {
		return nil, err
	}
	return d.Bytes(), nil
}

// render runs gopdf and reads its output back for the object pass.
func (wr *writer) render() (*cos.Doc, error) {
	if todo := wr.apartPages(); len(todo) > 0 {
		return wr.renderSplit(todo) // split.go
	}
	d, err := wr.gopdf()
	if err != nil {
		return nil, err
	}
	if err := wr.correct(d); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return d, nil
}

// gopdf draws wr's document with gopdf and reads the result as objects.
func (wr *writer) gopdf() (*cos.Doc, error) {
	if !wr.stub {
		wr.startPrograms() // fontprogram.go: made while gopdf works
	}
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
	d, err := cos.Read(raw.Bytes())
	if err != nil {
		return nil, fmt.Errorf("pdf: reading gopdf output: %w", err)
	}
	return d, nil
}

// Cache makes rewriting an edited document fast (`paiban build --watch`).
//
// Most of the writer's time goes into gopdf: subsetting and compressing
// the fonts (more than half), formatting every glyph of every page, then
// the object pass deflating every page. A Cache keeps the corrected
// document of the last PDF written with it, as objects. The next document
// reuses it when its skeleton is the same — the same page count and size,
// the same fonts with the same glyph set (the font subsets, widths and
// ToUnicode maps are then identical), the same image files (by path, size
// and modification time) first placed on the same pages, the same pages
// with and without content — and then only the pages whose
// layout.Page.Digest changed are drawn again: by gopdf itself, in a
// document of their own (images as placeholders, only the fonts they use),
// whose content streams go through the same object pass, their font and
// image resource names mapped to the kept document's. Anything else writes
// the document from scratch, as without a cache.
//
// A Cache holds one document (megabytes: it includes the images) and is
// safe for concurrent use.
type Cache struct {
	mu      sync.Mutex
	skel    string              // skeleton key of the kept document; "" when empty
	faces   []*fonts.Face       // the document fonts of the kept document (kept alive: their addresses are in skel)
	base    *cos.Doc            // the kept document, corrected, not finished
	content []cos.Ref           // per page: its content stream, 0 for none
	digests [][32]byte          // per page: layout.Page.Digest
	fontRes map[string]cos.Name // font family → resource name in base
	imgRes  map[string]cos.Name // image path → resource name in base

	byContent bool // the skeleton knows images by content (Options.FileSum)

	// for Export (cachefile.go): whether a base file is known, its
	// CRC-32C, length and streams' hashes, the one the caller is still to
	// write, and the pages redrawn since it was made
	baseKnown   bool
	baseSum     uint32
	baseLen     int
	baseStreams []int
	baseSums    [][32]byte
	baseNew     *cos.Doc
	redrawn     map[int]bool

	// Counters over the cache's life, for tests and benchmarks.
	Full   int // documents written from scratch
	Reused int // documents made from the kept one
	Pages  int // pages drawn again for reused documents
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{} }

// skel is a document's skeleton: what besides page content decides the
// objects of the PDF.
type skel struct {
	key string
}

// skeleton computes the skeleton of wr's document. Fonts are identified
// by content (fonts.Face.Sum), image files by content when Options.FileSum
// is set, else by size and modification time.
func (wr *writer) skeleton() (skel, error) {
	d := wr.doc
	h := sha256.New()
	b := make([]byte, 0, 1<<14)
	b = fmt.Appendf(b, "paiban pdf skeleton 3\n%d %d %d %v %d %v %v\n", d.TrimW, d.TrimH, d.Bleed, wr.slug, len(d.Pages), wr.pageW, wr.pageH)
	for i, f := range wr.fonts {
		if f == nil {
			continue
		}
		face := d.Fonts[i]
		b = fmt.Appendf(b, "font %d %x %d %s:", i, face.Sum(), len(face.Data), f.family)
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
	b = fmt.Appendf(b, "colour %x\n", wr.colour.Key())
	var sk skel
	seen := map[string]bool{}
	b = fmt.Appendf(b, "photo %d %v\n", wr.photo.Quality, wr.photo.Lossless)
	for i, p := range d.Pages {
		for _, im := range p.Images {
			if f, ok := wr.fit[im.Path]; ok {
				b = fmt.Appendf(b, "fit %q %d %d\n", im.Path, f[0], f[1])
			}
		}
		has := len(p.Images) > 0 || len(p.Lines) > 0
		for _, r := range p.Rects {
			has = has || r.W != 0 && r.H != 0
		}
		for _, r := range p.Runs {
			if r.Text != "" {
				has = true
			}
		}
		b = fmt.Appendf(b, "page %d %t", i, has)
		for _, im := range p.Images {
			if seen[im.Path] {
				continue
			}
			seen[im.Path] = true
			if wr.sum != nil {
				sum, err := wr.sum(im.Path)
				if err != nil {
					return skel{}, fmt.Errorf("pdf: %s: image %s: %w", pageName(p, i), im.Path, err)
				}
				b = fmt.Appendf(b, " %q %x", im.Path, sum)
				continue
			}
			st, err := input.StatFile(im.Path) // a .docx document for its pictures
			if err != nil {
				return skel{}, fmt.Errorf("pdf: %s: image %s: %w", pageName(p, i), im.Path, err)
			}
			b = fmt.Appendf(b, " %q %d %d", im.Path, st.Size(), st.ModTime().UnixNano())
		}
		b = append(b, '\n')
	}
	b = fmt.Appendf(b, "black %t\n", wr.hasBlack())
	h.Write(b)
	sk.key = hex.EncodeToString(h.Sum(nil))
	return sk, nil
}

// reuse makes the document of wr from the kept one when their skeletons
// agree; ok is false when they do not.
func (c *Cache) reuse(wr *writer, sk skel) (out *cos.Doc, ok bool) {
	d := wr.doc
	if c.skel == "" || c.skel != sk.key || len(c.content) != len(d.Pages) {
		return nil, false
	}
	digests := make([][32]byte, len(d.Pages))
	var todo []int
	for i, p := range d.Pages {
		digests[i] = p.Digest()
		if digests[i] == c.digests[i] {
			continue
		}
		if c.content[i].Num == 0 {
			return nil, false // cannot happen: content presence is in the skeleton
		}
		todo = append(todo, i)
	}
	if len(todo) > 0 {
		if err := c.redraw(wr, todo); err != nil {
			// The kept document may be partly updated: forget it, and
			// write from scratch (which reports any real error).
			c.skel = ""
			return nil, false
		}
	}
	for _, i := range todo {
		c.redrawn[i] = true
	}
	c.digests = digests
	c.Reused++
	c.Pages += len(todo)
	return c.base.Clone(), true
}

// redraw draws the pages todo of wr's document with gopdf, in a document
// of their own, and puts their corrected content in the kept document.
func (c *Cache) redraw(wr *writer, todo []int) error {
	pages := make([]*layout.Page, len(todo))
	dst := make([]cos.Ref, len(todo))
	for k, i := range todo {
		pages[k], dst[k] = wr.doc.Pages[i], c.content[i]
	}
	sub := wr.sub(pages)
	sd, err := sub.gopdf()
	if err != nil {
		return err
	}
	return sub.transplant(sd, todo, c.base, dst, c.fontRes, c.imgRes)
}

// transplant puts the content of sub's pages, drawn by gopdf in sd, into
// the streams dst of the document base (pages todo of the whole
// document), corrected, their font and image resource names mapped to
// base's: fontRes by font family, imgRes by image key.
func (sub *writer) transplant(sd *cos.Doc, todo []int, base *cos.Doc, dst []cos.Ref, fontRes, imgRes map[string]cos.Name) error {
	spages, err := sd.Pages()
	if err != nil || len(spages) != len(todo) {
		return fmt.Errorf("pdf: gopdf output for pages drawn apart: %d pages, %v", len(spages), err)
	}
	images, err := sub.swapImages(sd)
	if err != nil {
		return err
	}
	families := map[cos.Ref]string{}
	sd.Each(func(r cos.Ref, v cos.Object) {
		if t0, ok := v.(*cos.Dict); ok && t0.Get("Subtype") == cos.Name("Type0") {
			fam, _ := t0.Get("BaseFont").(cos.Name)
			families[r] = string(fam)
		}
	})
	paths := map[cos.Ref]string{}
	for p, r := range images {
		paths[r] = p
	}
	ren := &renames{font: map[cos.Name]cos.Name{}, xobject: map[cos.Name]cos.Name{}}
	src := make([]cos.Ref, len(spages))
	for k, p := range spages {
		res := sd.Dict(sd.Resources(p))
		for name, r := range resourceRefs(sd, res, "Font") {
			ren.font[name] = fontRes[families[r]]
		}
		for name, r := range resourceRefs(sd, res, "XObject") {
			ren.xobject[name] = imgRes[paths[r]]
		}
		if src[k], err = contentRef(sd, p, true); err != nil {
			return fmt.Errorf("pdf: gopdf output for page %d: %w", todo[k]+1, err)
		}
	}
	if err := sub.contents(sd, base, src, dst, sub.text, ren); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// resourceRefs lists the named resources of a category (Font, XObject).
func resourceRefs(d *cos.Doc, res *cos.Dict, category cos.Name) map[cos.Name]cos.Ref {
	m := map[cos.Name]cos.Ref{}
	if cat := d.Dict(res.Get(category)); cat != nil {
		for _, k := range cat.Keys() {
			if r, ok := cat.Get(k).(cos.Ref); ok {
				m[k] = r
			}
		}
	}
	return m
}

// resourceNames gives the resource names of d, the corrected document
// of wr's pages: of each font by family, of each image by key.
func (wr *writer) resourceNames(d *cos.Doc, pages []cos.Page) (fontRes, imgRes map[string]cos.Name) {
	fontRes, imgRes = map[string]cos.Name{}, map[string]cos.Name{}
	family := map[cos.Ref]string{}
	for fam, r := range wr.fontRefs {
		family[r] = fam
	}
	path := map[cos.Ref]string{}
	for p, r := range wr.imageRefs {
		path[r] = p
	}
	for _, p := range pages {
		res := d.Dict(d.Resources(p))
		for name, r := range resourceRefs(d, res, "Font") {
			fontRes[family[r]] = name
		}
		for name, r := range resourceRefs(d, res, "XObject") {
			imgRes[path[r]] = name
		}
	}
	return fontRes, imgRes
}

// sub is a writer for some pages of wr's document only, to get their
// content streams from gopdf: the same fonts and CIDs, every image a
// placeholder.
func (wr *writer) sub(pages []*layout.Page) *writer {
	doc := *wr.doc
	doc.Pages = pages
	return &writer{
		doc: &doc, gp: &gopdf.GoPdf{}, fonts: wr.fonts, images: map[string]gopdf.ImageHolder{},
		pageW: wr.pageW, pageH: wr.pageH, bleed: wr.bleed, slug: wr.slug, stub: true,
	}
}

// keep remembers the document d just made from scratch for wr's document.
func (c *Cache) keep(wr *writer, sk skel, d *cos.Doc) {
	c.Full++
	c.skel = ""
	pages, err := d.Pages()
	if err != nil || len(pages) != len(wr.doc.Pages) {
		return
	}
	c.fontRes, c.imgRes = wr.resourceNames(d, pages)
	c.base = d.Clone()
	c.content = wr.contentRefs
	c.digests = make([][32]byte, len(wr.doc.Pages))
	for i, p := range wr.doc.Pages {
		c.digests[i] = p.Digest()
	}
	c.faces = slices.Clone(wr.doc.Fonts)
	c.skel = sk.key
	c.byContent = wr.sum != nil
	c.baseKnown, c.baseNew, c.redrawn = false, nil, map[int]bool{}
}
