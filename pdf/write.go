// Package pdf draws a layout.Document into a PDF with gopdf, the only package
// of paiban that imports gopdf, and then corrects gopdf's output in one
// object-level pass (pass.go) over the file read back with package cos, by
// its structure:
//
//   - fonts: gopdf's /W replaced by the widths of package fonts, the one
//     width model (whole thousandths of an em, truncated, as the layout sets
//     them, so every viewer places each glyph where the layout did);
//     deterministic ABCDEF+ subset tags; ToUnicode with UTF-16 (surrogates
//     beyond the BMP) in ≤100-entry blocks; characters that share a glyph (〜
//     and ～ in Noto) each get a CID of their own, mapped to the glyph by a
//     CIDToGIDMap stream, so each extracts as itself (gopdf codes by glyph).
//   - page boxes: MediaBox and TrimBox exact to 0.001 pt (gopdf rounds them
//     to 0.01 pt); package finish derives the BleedBox.
//   - content: text positions exact to 0.001 pt; each run of 100 % K text
//     objects set once in an ExtGState with /OP true /op true /OPM 1
//     (overprint), everything else knocks out; deflated in parallel (gopdf
//     writes content uncompressed so it can be read here).
//   - images: those that are not CMYK or grey as they are (RGB, alpha,
//     16-bit, interlaced) are converted by package raster and put in place
//     of a placeholder that gopdf embedded (images.go).
//
// Render returns the corrected document as objects, for package finish to
// complete before it is serialised once. The result is deterministic.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/signintech/gopdf"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/internal/input"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/raster"
	"github.com/paiban/paiban/units"
)

// Bytes draws doc and returns the PDF (BytesWith without options).
func Bytes(doc *layout.Document) ([]byte, error) {
	return BytesWith(doc, Options{})
}

// fontUse is one Document font as the writer uses it.
type fontUse struct {
	index  int // in Document.Fonts
	family string
	face   *fonts.Face
	name   string   // PostScript name for BaseFont (without tag)
	gids   glyphMap // glyph of every character drawn
	order  []rune   // characters in first-use order (gopdf's order)
	// alias gives a character that shares its glyph with a character drawn
	// before it (〜 and ～ in Noto) a CID of its own: ToUnicode maps codes,
	// so one code per glyph would extract both as the first. nil when no
	// two characters share a glyph (then every CID is its glyph index).
	alias map[rune]int
	cids  []cidEntry // every CID, ascending

	program *fontProgram // its embedded program, being made (fontprogram.go)
}

// glyphMap maps characters to glyphs (0 for none): a table for the BMP,
// a map beyond it.
type glyphMap struct {
	bmp   []uint16
	other map[rune]int
}

func (m *glyphMap) get(c rune) int {
	if c >= 0 && int(c) < len(m.bmp) {
		return int(m.bmp[c])
	}
	return m.other[c]
}

func (m *glyphMap) set(c rune, g int) {
	if c >= 0 && c <= 0xFFFF {
		if m.bmp == nil {
			m.bmp = make([]uint16, 0x10000)
		}
		m.bmp[c] = uint16(g)
		return
	}
	if m.other == nil {
		m.other = map[rune]int{}
	}
	m.other[c] = g
}

// cidEntry is one CID of a font: its glyph and the character it extracts as.
type cidEntry struct {
	cid, gid int
	char     rune
}

// textObj is what the object pass needs to know about one Text call.
type textObj struct {
	font  *fontUse
	text  string  // the run's text (its characters pick aliased CIDs)
	black bool    // 100 % K: overprint
	x, y  float64 // origin in PDF user space
}

type writer struct {
	fit           map[string][2]int                   // Options.Fit
	sum           func(path string) ([32]byte, error) // Options.FileSum
	colour        *raster.Colour                      // Options.Colour, never nil
	photo         raster.Options                      // Options.Photo
	converted     map[string]*raster.Image            // Options.Converted
	doc           *layout.Document
	gp            *gopdf.GoPdf
	fonts         []*fontUse // parallel to doc.Fonts; nil when unused
	used          []*fontUse // used fonts in registration order
	images        map[string]gopdf.ImageHolder
	imageBytes    int                      // total size of the image files gopdf embeds
	imageOrder    []placedImage            // distinct images in first-use order (images.go)
	prepared      map[string]chan prepared // image files being read and made printable (prefetch)
	nplaceholders int                      // how many of them gopdf is given a placeholder for (images.go)
	pageW         float64
	pageH         float64 // with the slug
	bleed         float64
	slug          float64 // extra paper below the bleed (Options.Slug)
	stub          bool    // every image a placeholder: only the content streams are wanted (cache.go)
	apart         []bool  // per page: its text drawn by a second document at the same time (split.go)

	// text[p][i] describes the i-th text object (Text call) of page p.
	text [][]textObj

	// Found by the object pass (cache.go keeps them).
	fontRefs    map[string]cos.Ref  // family → Type0 font object
	imageRefs   map[string]cos.Ref  // image path → image XObject
	imported    map[int]bool        // objects of supplied PDF pages (suppliedpages.go)
	templates   map[string]template // "path#page" → imported page
	contentRefs []cos.Ref           // per page: its content stream, 0 for none

	missing error // set by gopdf's OnGlyphNotFound
}

func pt(l units.Length) float64 { return float64(l) / float64(units.Pt) }

func newWriter(doc *layout.Document) (*writer, error) {
	if doc == nil {
		return nil, errors.New("pdf: nil document")
	}
	if err := validate(doc); err != nil {
		return nil, err
	}
	wr := &writer{
		doc:    doc,
		gp:     &gopdf.GoPdf{},
		fonts:  make([]*fontUse, len(doc.Fonts)),
		images: map[string]gopdf.ImageHolder{},
		pageW:  pt(doc.TrimW + 2*doc.Bleed),
		pageH:  pt(doc.TrimH + 2*doc.Bleed),
		bleed:  pt(doc.Bleed),
	}
	// Parse only the fonts that are drawn with; gopdf writes broken objects
	// for a registered font that is never used.
	for _, p := range doc.Pages {
		for _, r := range p.Runs {
			if r.Text == "" || wr.fonts[r.Font] != nil {
				continue
			}
			face := doc.Fonts[r.Font]
			wr.fonts[r.Font] = &fontUse{
				index:  r.Font,
				family: fmt.Sprintf("F%d", r.Font),
				face:   face,
				name:   baseName(face.PostScriptName(), face.Name, r.Font),
			}
		}
	}
	// Every glyph must exist: gopdf would silently draw a space (or .notdef).
	for pi, p := range doc.Pages {
		for ri, r := range p.Runs {
			f := wr.fonts[r.Font]
			if f == nil {
				continue
			}
			for _, c := range r.Text {
				if f.gids.get(c) != 0 {
					continue
				}
				g := f.face.Glyph(c)
				if g == 0 {
					return nil, &PageError{Page: pi, Err: &MissingGlyphError{Char: c, Font: doc.Fonts[r.Font].Name, Page: pageName(p, pi), Run: ri, Text: r.Text}}
				}
				if err := f.face.CheckGlyph(g); err != nil {
					return nil, &FontError{Font: r.Font, Err: fmt.Errorf("pdf: font %d (%s): %q: %w", r.Font, doc.Fonts[r.Font].Name, string(c), err)}
				}
				f.gids.set(c, g)
				f.order = append(f.order, c)
			}
		}
	}
	for _, f := range wr.fonts {
		if f != nil {
			if err := f.assignCIDs(); err != nil {
				return nil, &FontError{Font: f.index, Err: fmt.Errorf("pdf: font %d (%s): %w", f.index, doc.Fonts[f.index].Name, err)}
			}
		}
	}
	return wr, nil
}

// assignCIDs numbers the characters drawn in f. The first character drawn
// with a glyph gets the glyph index as its CID (gopdf's code, the identity
// CIDToGIDMap); every further character with that glyph gets the lowest
// CID that no glyph drawn uses, which the object pass maps to the glyph
// with a CIDToGIDMap stream. Deterministic: it depends only on the order
// of first use.
func (f *fontUse) assignCIDs() error {
	used := make(map[int]bool, len(f.order))
	for _, c := range f.order {
		used[f.gids.get(c)] = true
	}
	f.cids = make([]cidEntry, 0, len(f.order))
	seen := make(map[int]bool, len(f.order))
	next := 1
	for _, c := range f.order {
		g := f.gids.get(c)
		if !seen[g] {
			seen[g] = true
			f.cids = append(f.cids, cidEntry{cid: g, gid: g, char: c})
			continue
		}
		for used[next] {
			next++
		}
		if next > 0xFFFF {
			return errors.New("too many characters for 16-bit CIDs")
		}
		used[next] = true
		if f.alias == nil {
			f.alias = map[rune]int{}
		}
		f.alias[c] = next
		f.cids = append(f.cids, cidEntry{cid: next, gid: g, char: c})
	}
	slices.SortFunc(f.cids, func(a, b cidEntry) int { return a.cid - b.cid })
	return nil
}

// PageError is a failure drawing page Page (its index in Document.Pages):
// Image is the path of the image that failed, "" when it is the text. The
// caller names the plan line that put it there.
type PageError struct {
	Page  int
	Image string
	Err   error
}

func (e *PageError) Error() string { return e.Err.Error() }
func (e *PageError) Unwrap() error { return e.Err }

// FontError is a failure embedding font Font (its index in Document.Fonts):
// a damaged font file; the caller names the plan line of the font.
type FontError struct {
	Font int
	Err  error
}

func (e *FontError) Error() string { return e.Err.Error() }
func (e *FontError) Unwrap() error { return e.Err }

// MissingGlyphError reports a character that the run's font cannot draw.
type MissingGlyphError struct {
	Char rune
	Font string
	Page string // slot name or "page N"
	Run  int    // index in Page.Runs
	Text string // the run's text
}

func (e *MissingGlyphError) Error() string {
	return fmt.Sprintf("pdf: %s: font %q has no glyph for %q (U+%04X) in %q", e.Page, e.Font, string(e.Char), e.Char, e.Text)
}

func pageName(p *layout.Page, i int) string {
	if p.Slot != "" {
		return "page " + p.Slot
	}
	return fmt.Sprintf("page %d", i+1)
}

// baseName picks the PostScript name used for BaseFont: the font's own name
// ID 6, else the face name, reduced to characters that are safe in a PDF name.
func baseName(ps, face string, i int) string {
	clean := func(s string) string {
		var b strings.Builder
		for _, c := range s {
			switch {
			case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_', c == '.':
				b.WriteRune(c)
			case c == ' ':
				b.WriteByte('-')
			}
		}
		s = b.String()
		if len(s) > 100 {
			s = s[:100]
		}
		return s
	}
	if s := clean(ps); s != "" {
		return s
	}
	if s := clean(face); s != "" {
		return s
	}
	return fmt.Sprintf("Font%d", i)
}

func validCMYK(c layout.CMYK) bool { return c.C <= 100 && c.M <= 100 && c.Y <= 100 && c.K <= 100 }

// limit keeps every coordinate within what PDF readers handle (±32767 is
// the traditional implementation limit; a page is far smaller).
const limit = 14400 * units.Pt

func inRange(ls ...units.Length) bool {
	for _, l := range ls {
		if l < -limit || l > limit {
			return false
		}
	}
	return true
}

func validate(doc *layout.Document) error {
	if doc.TrimW <= 0 || doc.TrimH <= 0 {
		return fmt.Errorf("pdf: trim size %v × %v is not positive", doc.TrimW, doc.TrimH)
	}
	if doc.Bleed < 0 {
		return fmt.Errorf("pdf: bleed %v is negative", doc.Bleed)
	}
	if !inRange(doc.TrimW+2*doc.Bleed, doc.TrimH+2*doc.Bleed) {
		return fmt.Errorf("pdf: page size %v × %v with bleed is too large", doc.TrimW, doc.TrimH)
	}
	if len(doc.Pages) == 0 {
		return errors.New("pdf: document has no pages")
	}
	for i, f := range doc.Fonts {
		if f == nil {
			return fmt.Errorf("pdf: font %d is nil", i)
		}
		if !f.Loaded() {
			return fmt.Errorf("pdf: font %d (%s) is not a font loaded by package fonts", i, f.Name)
		}
	}
	for pi, p := range doc.Pages {
		if p == nil {
			return fmt.Errorf("pdf: page %d is nil", pi+1)
		}
		where := pageName(p, pi)
		for i, r := range p.Runs {
			if r.Font < 0 || r.Font >= len(doc.Fonts) {
				return fmt.Errorf("pdf: %s: run %d: font index %d out of range (%d fonts)", where, i, r.Font, len(doc.Fonts))
			}
			if r.Size <= 0 || r.Size > 10000*units.Pt {
				return fmt.Errorf("pdf: %s: run %d: font size %v out of range", where, i, r.Size)
			}
			if !inRange(r.X, r.Y, r.Spacing) {
				return fmt.Errorf("pdf: %s: run %d: position out of range", where, i)
			}
			if !validCMYK(r.Color) {
				return fmt.Errorf("pdf: %s: run %d: colour %v has a component over 100 %%", where, i, r.Color)
			}
			if !utf8.ValidString(r.Text) {
				return fmt.Errorf("pdf: %s: run %d: text is not valid UTF-8", where, i)
			}
		}
		for i, r := range p.Rects {
			if r.W < 0 || r.H < 0 || !inRange(r.X, r.Y, r.W, r.H) {
				return fmt.Errorf("pdf: %s: rect %d: bad geometry", where, i)
			}
			if !validCMYK(r.Fill) {
				return fmt.Errorf("pdf: %s: rect %d: colour %v has a component over 100 %%", where, i, r.Fill)
			}
		}
		for i, l := range p.Lines {
			if l.Width <= 0 || !inRange(l.X1, l.Y1, l.X2, l.Y2, l.Width) {
				return fmt.Errorf("pdf: %s: line %d: bad geometry or width", where, i)
			}
			if !validCMYK(l.Color) {
				return fmt.Errorf("pdf: %s: line %d: colour %v has a component over 100 %%", where, i, l.Color)
			}
		}
		for i, im := range p.Images {
			if im.Path == "" {
				return fmt.Errorf("pdf: %s: image %d: no path", where, i)
			}
			if im.W <= 0 || im.H <= 0 || im.ClipW < 0 || im.ClipH < 0 ||
				!inRange(im.X, im.Y, im.W, im.H, im.ClipX, im.ClipY, im.ClipW, im.ClipH) {
				return fmt.Errorf("pdf: %s: image %s: bad geometry", where, im.Path)
			}
		}
	}
	return nil
}

func (wr *writer) draw() error {
	gp := wr.gp
	if !wr.stub {
		wr.prefetch() // images.go: the image files read while the fonts are parsed and the text drawn
	}
	size := gopdf.Rect{W: wr.pageW, H: wr.pageH}
	gp.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: size})
	gp.SetNoCompression()                // the object pass edits and then deflates the content streams
	drawn := make([]bool, len(wr.fonts)) // register only the fonts these pages use: gopdf writes broken objects for others
	for pi, p := range wr.doc.Pages {
		if pi < len(wr.apart) && wr.apart[pi] {
			continue
		}
		for _, r := range p.Runs {
			drawn[r.Font] = drawn[r.Font] || r.Text != ""
		}
	}
	for i, f := range wr.fonts {
		if f == nil || !drawn[i] {
			continue
		}
		opt := gopdf.TtfOption{
			OnGlyphNotFound: func(r rune) {
				if wr.missing == nil {
					wr.missing = fmt.Errorf("pdf: font %q has no glyph for %q (U+%04X)", wr.doc.Fonts[f.index].Name, string(r), r)
				}
			},
			OnGlyphNotFoundSubstitute: func(r rune) rune { return r },
		}
		data := f.face.WithoutOutlines() // the program embedded is made apart (fontprogram.go)
		if !f.face.Padded() {
			// gopdf copies tables with their padding; give it the padding.
			data = append(append(make([]byte, 0, len(data)+4), data...), 0, 0, 0, 0)
		}
		if err := gp.AddTTFFontDataWithOption(f.family, data, opt); err != nil {
			return &FontError{Font: f.index, Err: fmt.Errorf("pdf: font %d (%s): gopdf: %w", f.index, wr.doc.Fonts[f.index].Name, err)}
		}
		wr.used = append(wr.used, f)
	}
	b := wr.bleed
	trim := &gopdf.Box{Left: b, Top: b, Right: b + pt(wr.doc.TrimW), Bottom: b + pt(wr.doc.TrimH)}
	wr.text = make([][]textObj, len(wr.doc.Pages))
	var cur *fontUse
	for pi, p := range wr.doc.Pages {
		gp.AddPageWithOption(gopdf.PageOption{PageSize: &size, TrimBox: trim})
		for _, im := range p.Images {
			if err := wr.image(im); err != nil {
				return &PageError{Page: pi, Image: im.Path, Err: fmt.Errorf("pdf: %s: image %s: %w", pageName(p, pi), im.Path, err)}
			}
		}
		for _, r := range p.Rects {
			if r.W == 0 || r.H == 0 {
				continue
			}
			// Set the fill before every fill: gopdf's text colour leaks into it.
			gp.SetFillColorCMYK(r.Fill.C, r.Fill.M, r.Fill.Y, r.Fill.K)
			gp.RectFromUpperLeftWithStyle(pt(r.X)+b, pt(r.Y)+b, pt(r.W), pt(r.H), "F")
		}
		for _, l := range p.Lines {
			gp.SetStrokeColorCMYK(l.Color.C, l.Color.M, l.Color.Y, l.Color.K)
			gp.SetLineWidth(pt(l.Width))
			gp.Line(pt(l.X1)+b, pt(l.Y1)+b, pt(l.X2)+b, pt(l.Y2)+b)
		}
		if pi < len(wr.apart) && wr.apart[pi] {
			// its text is drawn by a second gopdf document (split.go);
			// this one gets the page's content stream where a whole
			// draw would make it, for that text to be put in
			for _, r := range p.Runs {
				if r.Text != "" {
					gp.SaveGraphicsState()
					gp.RestoreGraphicsState()
					break
				}
			}
			continue
		}
		var text []textObj
		for ri, r := range p.Runs {
			if r.Text == "" {
				continue
			}
			f := wr.fonts[r.Font]
			if f != cur {
				// SetFont searches every object written so far: only on a change.
				if err := gp.SetFont(f.family, "", pt(r.Size)); err != nil {
					return &PageError{Page: pi, Err: fmt.Errorf("pdf: %s: run %d: %w", pageName(p, pi), ri, err)}
				}
				cur = f
			} else if err := gp.SetFontSize(pt(r.Size)); err != nil {
				return err
			}
			if err := gp.SetCharSpacing(pt(r.Spacing)); err != nil {
				return err
			}
			gp.SetTextColorCMYK(r.Color.C, r.Color.M, r.Color.Y, r.Color.K)
			// Always position explicitly: consecutive Text calls at the same
			// position are merged and re-measured (quadratic).
			gp.SetXY(pt(r.X)+b, pt(r.Y)+b)
			if err := gp.Text(r.Text); err != nil {
				return &PageError{Page: pi, Err: fmt.Errorf("pdf: %s: run %d: gopdf: %w", pageName(p, pi), ri, err)}
			}
			if wr.missing != nil {
				return &PageError{Page: pi, Err: wr.missing}
			}
			text = append(text, textObj{font: f, text: r.Text, black: r.Color == layout.Black,
				x: pt(r.X) + b, y: wr.pageH - (pt(r.Y) + b)})
		}
		wr.text[pi] = text
	}
	return nil
}

// imageHolder hands gopdf an image read once. gopdf identifies images by
// ID; ours is the path (gopdf's own holders hash the whole file for it).
type imageHolder struct {
	id string
	*bytes.Reader
}

func (h *imageHolder) ID() string { return h.id }

// sizeHint estimates the size of gopdf's output.
func (wr *writer) sizeHint() int {
	n := 1<<16 + wr.imageBytes
	for _, f := range wr.used {
		n += 64*len(f.order) + 1<<14
	}
	for _, p := range wr.doc.Pages {
		for _, r := range p.Runs {
			n += 64 + 4*len(r.Text)
		}
		n += 128 * (len(p.Rects) + len(p.Lines) + len(p.Images))
	}
	return n
}

// readFile reads an image file (capped, regular files only: package
// input); tests count the calls.
var readFile = func(path string) ([]byte, error) { return input.ReadFile(path, input.Image) }

// image places one image: q, clip to the frame, draw scaled to the box, Q.
func (wr *writer) image(im layout.Image) error {
	if im.Page > 0 {
		return wr.suppliedPage(im)
	}
	key := im.Key()
	h, ok := wr.images[key]
	if !ok && wr.stub {
		wr.imageOrder = append(wr.imageOrder, placedImage{path: key})
		data, err := placeholder(len(wr.imageOrder))
		if err != nil {
			return err
		}
		h = &imageHolder{id: "stub:" + key, Reader: bytes.NewReader(data)}
		wr.images[key] = h
	} else if !ok {
		var p prepared
		if ch := wr.prepared[key]; ch != nil {
			p = <-ch // prefetch (images.go)
		} else {
			p = wr.prepare(im)
		}
		var err error
		if h, err = wr.imageHolder(im, p); err != nil {
			return err
		}
		wr.images[key] = h
		if pi := wr.imageOrder[len(wr.imageOrder)-1]; pi.conv == nil && pi.jpeg == nil {
			wr.imageBytes += len(p.data) // in gopdf's output (the others are placeholders there)
		}
	}
	b := wr.bleed
	gp := wr.gp
	gp.SaveGraphicsState()
	wr.clip(im)
	x, y, w, hh := im.CropBox()
	err := gp.ImageByHolder(h, pt(x)+b, pt(y)+b, &gopdf.Rect{W: pt(w), H: pt(hh)})
	gp.RestoreGraphicsState()
	return err
}

// clip clips to an image's frame (its box when it has none).
func (wr *writer) clip(im layout.Image) {
	b := wr.bleed
	cx, cy, cw, ch := im.ClipX, im.ClipY, im.ClipW, im.ClipH
	if cw == 0 && ch == 0 {
		cx, cy, cw, ch = im.X, im.Y, im.W, im.H
	}
	x0, y0, x1, y1 := pt(cx)+b, pt(cy)+b, pt(cx+cw)+b, pt(cy+ch)+b
	wr.gp.ClipPolygon([]gopdf.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
}
