// Package supplied preflights pages of PDF files supplied for the issue
// (advertisements, pages made elsewhere) before they are placed: their
// boxes, and what a print file (PDF/X) cannot take — fonts not embedded,
// RGB or other non-CMYK colour, transparency. It reads with package cos
// and changes nothing in the file; the PDF writer imports the page itself
// (gopdf's page import), from a copy read with cos that Upright (rotate.go)
// has turned upright when the page has a /Rotate.
package supplied

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/pdf/pdfx"
)

// Page is what the preflight of one page found.
type Page struct {
	Count  int // pages in the file
	Number int // the page inspected, from 1

	// Boxes in PDF points, normalised to llx lly urx ury. Trim is the
	// TrimBox, else the ArtBox, else the CropBox, else the MediaBox; Bleed
	// the BleedBox, else the CropBox, else the MediaBox (each within the
	// MediaBox).
	Media, Trim, Bleed [4]float64
	HasTrim, HasBleed  bool
	// Rotate is the page's /Rotate (0 90 180 270), which Upright has made
	// part of the page: the boxes are the upright page's.
	Rotate int

	NotEmbedded []string // fonts without their font program
	RGB         []string // what uses RGB (or Lab, CalRGB …) colour
	// Unconvertible says why the RGB cannot be converted to CMYK
	// (ConvertForm), or is "" when it can (or there is none).
	Unconvertible string
	Transparency  []string // what uses transparency
	Spot          []string // spot colour names (Separation, DeviceN)
}

// TrimSize is the width and height of the trim box in points.
func (p *Page) TrimSize() (w, h float64) { return p.Trim[2] - p.Trim[0], p.Trim[3] - p.Trim[1] }

// Inspect preflights page number (from 1) of the PDF data.
func Inspect(data []byte, number int) (pg *Page, err error) {
	defer cos.Recover(&err)
	d, err := cos.Read(data)
	switch {
	case err == nil:
	case strings.Contains(err.Error(), "password needed"):
		return nil, errors.New("the PDF is encrypted with a password needed to open it; ask for it without security (a PDF/X file: PDF/X forbids encryption), or save it without, e.g. qpdf --password=… --decrypt in.pdf out.pdf")
	case strings.Contains(err.Error(), "encrypted"):
		return nil, fmt.Errorf("%v; save it without security, e.g. qpdf --decrypt in.pdf out.pdf, or ask for a PDF/X file (PDF/X forbids encryption)", err)
	case strings.Contains(err.Error(), "startxref"):
		return nil, fmt.Errorf("the file is truncated or not a whole PDF (%v)", err)
	default:
		return nil, err
	}
	rot, err := Upright(d, number)
	if err != nil {
		return nil, err
	}
	pg, p, err := boxes(d, number)
	if err != nil {
		return nil, err
	}
	pg.Rotate = rot
	w := &walker{d: d, pg: pg, seen: map[any]bool{}}
	if g := d.Dict(p.Dict.Get("Group")); g != nil && g.Get("S") == cos.Name("Transparency") {
		w.add(&pg.Transparency, "the page is a transparency group")
	}
	list, err := d.Contents(p)
	if err != nil {
		return nil, err
	}
	var content []byte
	for _, c := range list {
		s, ok := d.Get(c).(*cos.Stream)
		if !ok {
			return nil, errors.New("a content stream is missing")
		}
		b, err := cos.Decode(s)
		if err != nil {
			return nil, fmt.Errorf("page content: %w", err)
		}
		content = append(append(content, b...), '\n')
	}
	w.use = fontUse(d, content, d.Dict(d.Resources(p)))
	w.resources(d.Resources(p), "page", 0)
	if err := w.content(content, "page"); err != nil {
		return nil, fmt.Errorf("page content: %w", err)
	}
	for _, l := range [][]string{pg.NotEmbedded, pg.RGB, pg.Transparency, pg.Spot} {
		slices.Sort(l)
	}
	if len(pg.RGB) > 0 {
		// a dry run of the conversion, on a copy, as the writer will do it
		// on the imported page (a form with the page's resources)
		c := d.Clone()
		form := c.Add(cos.NewStream(cos.NewDict("Type", cos.Name("XObject"), "Subtype", cos.Name("Form"),
			"Resources", c.Resources(p)), content))
		if err := ConvertForm(c, form, func(r, g, b uint8) (uint8, uint8, uint8, uint8) { return 0, 0, 0, 0 }); err != nil {
			pg.Unconvertible = err.Error()
		}
		for _, what := range pg.RGB {
			if strings.Contains(what, "Lab") {
				pg.Unconvertible = what
			}
		}
	}
	return pg, nil
}

// Boxes reads page number (from 1) of d only for its boxes and rotation,
// as the writer needs them to place it (the preflight was done by Inspect).
func Boxes(d *cos.Doc, number int) (pg *Page, err error) {
	defer cos.Recover(&err)
	pg, _, err = boxes(d, number)
	return pg, err
}

func boxes(d *cos.Doc, number int) (*Page, cos.Page, error) {
	pages, err := d.Pages()
	if err != nil {
		return nil, cos.Page{}, err
	}
	if len(pages) == 0 {
		return nil, cos.Page{}, errors.New("the PDF has no pages")
	}
	if number < 1 || number > len(pages) {
		return nil, cos.Page{}, fmt.Errorf("the PDF has %d page(s), no page %d", len(pages), number)
	}
	p := pages[number-1]
	pg := &Page{Count: len(pages), Number: number, Media: p.Media}
	box := func(keys ...cos.Name) ([4]float64, bool) {
		for _, k := range keys {
			if r, ok := d.Rect(inherited(d, p.Dict, k)); ok {
				return clip(r, p.Media), true
			}
		}
		return p.Media, false
	}
	pg.Trim, pg.HasTrim = box("TrimBox", "ArtBox", "CropBox")
	if _, ok := d.Rect(p.Dict.Get("TrimBox")); !ok {
		pg.HasTrim = false
	}
	pg.Bleed, pg.HasBleed = box("BleedBox", "CropBox")
	if _, ok := d.Rect(p.Dict.Get("BleedBox")); !ok {
		pg.HasBleed = false
	}
	if r, ok := cos.Float(d.Get(inherited(d, p.Dict, "Rotate"))); ok {
		pg.Rotate = ((int(r)%360 + 360) % 360)
	}
	if w, h := pg.TrimSize(); w < 1 || h < 1 {
		return nil, cos.Page{}, fmt.Errorf("page %d has an empty page box", number)
	}
	return pg, p, nil
}

func inherited(d *cos.Doc, page *cos.Dict, key cos.Name) cos.Object {
	for n := page; n != nil; n = d.Dict(n.Get("Parent")) {
		if v := n.Get(key); v != nil {
			return v
		}
		if len(n.Keys()) > 4096 {
			break
		}
	}
	return nil
}

func clip(r, m [4]float64) [4]float64 {
	return [4]float64{max(r[0], m[0]), max(r[1], m[1]), min(r[2], m[2]), min(r[3], m[3])}
}

// walker visits the resources a page uses, once each.
type walker struct {
	d    *cos.Doc
	pg   *Page
	seen map[any]bool
	use  map[*cos.Dict]map[cos.Name]bool // fonts selected, by resource dictionary (fontuse.go)
}

func (w *walker) add(l *[]string, s string) {
	if !slices.Contains(*l, s) {
		*l = append(*l, s)
	}
}

// once says whether v (a reference) is visited for the first time.
func (w *walker) once(v cos.Object) bool {
	r, ok := v.(cos.Ref)
	if !ok {
		return true
	}
	if w.seen[r] {
		return false
	}
	w.seen[r] = true
	return true
}

func (w *walker) resources(v cos.Object, where string, depth int) {
	d := w.d
	res := d.Dict(v)
	if res == nil || depth > 16 || !w.once(v) {
		return
	}
	each := func(cat cos.Name, fn func(name cos.Name, v cos.Object)) {
		if c := d.Dict(res.Get(cat)); c != nil {
			for _, k := range c.Keys() {
				fn(k, c.Get(k))
			}
		}
	}
	each("ExtGState", func(n cos.Name, v cos.Object) {
		if gs := d.Dict(v); gs != nil && w.once(v) {
			if err := pdfx.Opaque(gs); err != nil {
				w.add(&w.pg.Transparency, fmt.Sprintf("graphics state /%s in the %s: %v", n, where, err))
			}
		}
	})
	each("ColorSpace", func(n cos.Name, v cos.Object) { w.colorSpace(v, fmt.Sprintf("colour space /%s", n)) })
	each("Shading", func(n cos.Name, v cos.Object) {
		if sh := d.Dict(v); sh != nil {
			w.colorSpace(sh.Get("ColorSpace"), fmt.Sprintf("shading /%s", n))
		}
	})
	each("Pattern", func(n cos.Name, v cos.Object) {
		pat := d.Dict(v)
		if pat == nil || !w.once(v) {
			return
		}
		if sh := d.Dict(pat.Get("Shading")); sh != nil {
			w.colorSpace(sh.Get("ColorSpace"), fmt.Sprintf("pattern /%s", n))
		}
		if gs := d.Dict(pat.Get("ExtGState")); gs != nil {
			if err := pdfx.Opaque(gs); err != nil {
				w.add(&w.pg.Transparency, fmt.Sprintf("pattern /%s: %v", n, err))
			}
		}
		if s, ok := d.Get(v).(*cos.Stream); ok { // a tiling pattern
			w.resources(pat.Get("Resources"), "pattern /"+string(n), depth+1)
			w.stream(s, "pattern /"+string(n))
		}
	})
	each("XObject", func(n cos.Name, v cos.Object) {
		s, ok := d.Get(v).(*cos.Stream)
		if !ok || !w.once(v) {
			return
		}
		what := fmt.Sprintf("image /%s", n)
		switch s.Dict.Get("Subtype") {
		case cos.Name("Image"):
			if s.Dict.Get("ImageMask") != cos.Object(true) {
				w.colorSpace(s.Dict.Get("ColorSpace"), what)
			}
			if s.Dict.Get("SMask") != nil {
				w.add(&w.pg.Transparency, what+" has a soft mask")
			}
			if x, ok := cos.Float(s.Dict.Get("SMaskInData")); ok && x != 0 {
				w.add(&w.pg.Transparency, what+" has transparency in its data")
			}
		case cos.Name("Form"):
			what = fmt.Sprintf("form /%s", n)
			if g := d.Dict(s.Dict.Get("Group")); g != nil && g.Get("S") == cos.Name("Transparency") {
				w.add(&w.pg.Transparency, what+" is a transparency group")
			}
			w.resources(s.Dict.Get("Resources"), what, depth+1)
			w.stream(s, what)
		}
	})
	each("Font", func(n cos.Name, v cos.Object) {
		f := d.Dict(v)
		if names, scanned := w.use[res]; scanned && !names[n] && !embedded(d, f) {
			return // never selected: dropped when the page is imported (PruneFonts)
		}
		if f == nil || !w.once(v) {
			return
		}
		name, _ := f.Get("BaseFont").(cos.Name)
		switch f.Get("Subtype") {
		case cos.Name("Type3"):
			w.resources(f.Get("Resources"), fmt.Sprintf("Type 3 font /%s", n), depth+1)
			return
		case cos.Name("Type0"):
			if kids, ok := d.Get(f.Get("DescendantFonts")).(cos.Array); ok && len(kids) > 0 {
				f = d.Dict(kids[0])
			}
		}
		fd := d.Dict(f.Get("FontDescriptor"))
		if fd == nil || fd.Get("FontFile") == nil && fd.Get("FontFile2") == nil && fd.Get("FontFile3") == nil {
			if name == "" {
				name = n
			}
			w.add(&w.pg.NotEmbedded, strings.TrimPrefix(string(name), "/"))
		}
	})
}

// colorSpace records a colour space that is not CMYK or grey.
func (w *walker) colorSpace(v cos.Object, what string) {
	d := w.d
	if s := pdfx.ColorSpace(d, v); s != "" {
		w.add(&w.pg.RGB, fmt.Sprintf("%s (%s)", what, s))
		return
	}
	switch cs := d.Get(v).(type) {
	case cos.Name:
		if cs == "Lab" {
			w.add(&w.pg.RGB, what+" (Lab)")
		}
	case cos.Array:
		if len(cs) == 0 {
			return
		}
		switch d.Get(cs[0]) {
		case cos.Name("Lab"):
			w.add(&w.pg.RGB, what+" (Lab)")
		case cos.Name("Separation"):
			if len(cs) > 2 {
				if n, ok := d.Get(cs[1]).(cos.Name); ok && n != "All" && n != "None" && !process[n] {
					w.add(&w.pg.Spot, string(n))
				}
				w.colorSpace(cs[2], what)
			}
		case cos.Name("DeviceN"):
			if len(cs) > 2 {
				if names, ok := d.Get(cs[1]).(cos.Array); ok {
					for _, x := range names {
						if n, ok := d.Get(x).(cos.Name); ok && n != "None" && !process[n] {
							w.add(&w.pg.Spot, string(n))
						}
					}
				}
				w.colorSpace(cs[2], what)
			}
		case cos.Name("Pattern"):
			if len(cs) > 1 {
				w.colorSpace(cs[1], what)
			}
		}
	}
}

// process names the process colorants (not spot colours).
var process = map[cos.Name]bool{"Cyan": true, "Magenta": true, "Yellow": true, "Black": true}

func (w *walker) stream(s *cos.Stream, where string) {
	b, err := cos.Decode(s)
	if err != nil {
		return // a filter cos does not read (DCT in a pattern …): nothing to scan
	}
	if err := w.content(b, where); err != nil {
		w.add(&w.pg.RGB, fmt.Sprintf("%s: unreadable content (%v)", where, err))
	}
}

// content scans a content stream for colours set in RGB: rg, RG, a
// DeviceRGB colour space selected with cs/CS, inline RGB images.
func (w *walker) content(data []byte, where string) error {
	return cos.ScanContent(data, func(op cos.Op) error {
		switch op.Name {
		case "rg", "RG":
			w.add(&w.pg.RGB, fmt.Sprintf("colours set in the %s content (%s)", where, op.Name))
		case "cs", "CS":
			if ops, _ := op.Operands(); len(ops) == 1 && (ops[0] == cos.Name("DeviceRGB") || ops[0] == cos.Name("CalRGB")) {
				w.add(&w.pg.RGB, fmt.Sprintf("colours set in the %s content (%s)", where, ops[0]))
			}
		case "BI":
			ops, _ := op.Operands()
			for i := 0; i+1 < len(ops); i += 2 {
				if k := ops[i]; k == cos.Name("CS") || k == cos.Name("ColorSpace") {
					if v := ops[i+1]; v == cos.Name("RGB") || v == cos.Name("DeviceRGB") {
						w.add(&w.pg.RGB, fmt.Sprintf("an inline image in the %s content (DeviceRGB)", where))
					}
				}
			}
		}
		return nil
	})
}
