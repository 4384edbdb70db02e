package flatplan

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paiban/paiban/finish"
	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/pdf"
	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/units"
)

// Options change the sheets.
type Options struct {
	Paper string // "a4" (default) or "a3", landscape
	// Bleed is white paper around each sheet, so that a sheet put in
	// front of proofs gets the proofs' BleedBox from package finish.
	Bleed units.Length
	// Fit is pdf.Options.Fit for the thumbnails: the issue's pages are
	// drawn as the build draws them.
	Fit map[string][2]int
}

// Render draws the flat plan: one page a sheet, as objects, not finished;
// labels names each sheet ("版面总览", or "版面总览 1" and "版面总览 2").
// The issue's pages are drawn (package pdf) from in.Document, which is
// not changed, and placed as form XObjects.
func Render(in Input, opt Options) (d *cos.Doc, labels []string, err error) {
	defer cos.Recover(&err)
	if in.Issue == nil {
		return nil, nil, errors.New("flatplan: no issue")
	}
	w, h, err := Paper(opt.Paper)
	if err != nil {
		return nil, nil, fmt.Errorf("flatplan: %w", err)
	}
	cells := Cells(in)
	faces, err := sheetFaces(in.Document)
	if err != nil {
		return nil, nil, fmt.Errorf("flatplan: %w", err)
	}
	pages, places := sheets(in, cells, Spreads(cells), w, h, setter{faces})
	sheet := &layout.Document{Title: in.Issue.Title, Number: in.Issue.Number, Date: in.Issue.Date, TrimW: w, TrimH: h, Bleed: opt.Bleed, Fonts: faces, Pages: pages}
	if d, err = pdf.Render(sheet, pdf.Options{}); err != nil {
		return nil, nil, fmt.Errorf("flatplan: %w", err)
	}
	if err := thumbnails(d, sheet, in.Document, places, opt.Fit); err != nil {
		return nil, nil, fmt.Errorf("flatplan: %w", err)
	}
	for _, p := range pages {
		labels = append(labels, p.Label)
	}
	return d, labels, nil
}

// Make returns the flat plan as a finished file (page labels, title, date,
// document ID; no PDF/X identification: it is not a print file).
func Make(in Input, opt Options) ([]byte, error) {
	d, labels, err := Render(in, opt)
	if err != nil {
		return nil, err
	}
	iss := in.Issue
	fo := finish.Options{Title: strings.TrimSpace(iss.Title + " 版面总览"), Number: iss.Number, Date: iss.Date, Labels: labels, Bleed: opt.Bleed, Proof: true}
	if err := finish.Apply(d, fo); err != nil {
		return nil, fmt.Errorf("flatplan: %w", err)
	}
	return d.Bytes(), nil
}

// sheetFaces are the faces the sheet's words are set in: the embedded sans
// and serif, then the issue's own faces for characters of a section name
// or title the embedded subsets lack.
func sheetFaces(doc *layout.Document) ([]*fonts.Face, error) {
	var out []*fonts.Face
	for _, name := range []string{"sans", "serif"} {
		f, err := fonts.Builtin(name)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	if doc != nil {
		for _, f := range doc.Fonts {
			if f != nil && f != out[0] && f != out[1] {
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// thumbnails draws the issue's pages that places name (package pdf, as a
// build draws them) and places each, as a form XObject clipped to its
// TrimBox and scaled to its box, on its sheet of d, over what the sheet
// draws.
func thumbnails(d *cos.Doc, sheet, doc *layout.Document, places [][]place, fit map[string][2]int) error {
	// only the pages shown are drawn, in the order they are first shown
	at := map[int]int{}
	var sub []*layout.Page
	var idx []int              // of each page shown, in doc.Pages
	scale := map[int]float64{} // of each page shown: its largest thumbnail's
	for _, pl := range places {
		for _, t := range pl {
			if _, ok := at[t.Page]; !ok {
				at[t.Page] = len(sub)
				sub, idx = append(sub, doc.Pages[t.Page]), append(idx, t.Page)
			}
			if doc.TrimW > 0 {
				scale[t.Page] = max(scale[t.Page], t.W.Points()/doc.TrimW.Points())
			}
		}
	}
	if len(sub) == 0 {
		return nil // a planning sheet: nothing is set yet
	}
	for i, p := range sub {
		sub[i] = thumbnailPage(p, scale[idx[i]])
	}
	shown := *doc
	shown.Pages = sub
	src, err := pdf.Render(&shown, pdf.Options{Fit: fit})
	if err != nil {
		return err
	}
	spages, err := src.Pages()
	if err != nil {
		return err
	}
	dpages, err := d.Pages()
	if err != nil {
		return err
	}
	if len(spages) != len(sub) || len(dpages) != len(places) {
		return errors.New("page count of the drawn documents")
	}
	copied := map[int]cos.Ref{}
	forms := make([]cos.Ref, len(sub))
	trims := make([][4]float64, len(sub))
	for i, p := range spages {
		trim, ok := src.Rect(p.Dict.Get("TrimBox"))
		if !ok {
			return fmt.Errorf("page %s has no TrimBox", sub[i].Slot)
		}
		form, err := formOf(src, p, cos.NewDict(
			"Type", cos.Name("XObject"),
			"Subtype", cos.Name("Form"),
			"BBox", cos.Nums(trim[:]...),
			"Resources", d.Copy(src, src.Resources(p), copied),
		))
		if err != nil {
			return fmt.Errorf("page %s: %w", sub[i].Slot, err)
		}
		trims[i] = trim
		forms[i] = d.Add(form)
	}
	bleed, sheetH := sheet.Bleed.Points(), sheet.TrimH.Points()
	for si, pl := range places {
		if len(pl) == 0 {
			continue
		}
		page := dpages[si]
		xo := cos.NewDict()
		var c strings.Builder
		c.WriteString("Q\n") // the sheet's own content is wrapped in q … Q
		for _, t := range pl {
			k := at[t.Page]
			name := cos.Name(fmt.Sprintf("FP%d", k))
			xo.Set(name, forms[k])
			tr := trims[k]
			s := t.W.Points() / (tr[2] - tr[0])
			llx, lly := bleed+t.X.Points(), bleed+sheetH-(t.Y+t.H).Points()
			fmt.Fprintf(&c, "q %s 0 0 %s %s %s cm /%s Do Q\n", cos.Num(s), cos.Num(s), cos.Num(llx-s*tr[0]), cos.Num(lly-s*tr[1]), name)
		}
		// the sheet's resources, with the forms added
		res := cos.NewDict()
		if old := d.Dict(d.Resources(page)); old != nil {
			for _, k := range old.Keys() {
				res.Set(k, old.Get(k))
			}
			if ox := d.Dict(old.Get("XObject")); ox != nil {
				for _, k := range ox.Keys() {
					xo.Set(k, ox.Get(k))
				}
			}
		}
		res.Set("XObject", xo)
		list, err := d.Contents(page)
		if err != nil {
			return err
		}
		contents := cos.Array{d.Add(cos.Deflated(nil, []byte("q\n")))}
		contents = append(contents, list...)
		contents = append(contents, d.Add(cos.Deflated(nil, []byte(c.String()))))
		page.Dict.Set("Resources", res)
		page.Dict.Set("Contents", contents)
		d.Touch(page.Ref)
	}
	return nil
}

// thumbPPI is the resolution of the pictures on the thumbnails: a flat
// plan is read on a screen or printed on an office printer, never at the
// size of the page (a sheet of 68 pages embedded the photos at print
// resolution: 15 MB).
const thumbPPI = 150

// thumbnailPage is page p to be drawn as a thumbnail at scale s: each of
// its pictures downsampled (layout.Image.Fit) to thumbPPI at the size it
// is shown, when it has more pixels. p is not changed.
func thumbnailPage(p *layout.Page, s float64) *layout.Page {
	if len(p.Images) == 0 || s <= 0 {
		return p
	}
	q := *p
	q.Images = slices.Clone(p.Images)
	for i := range q.Images {
		im := &q.Images[i]
		if im.Page > 0 || im.W <= 0 || im.H <= 0 {
			continue // a supplied PDF page: vector
		}
		w := max(1, int(math.Ceil(im.W.Points()*s/72*thumbPPI)))
		h := max(1, int(math.Ceil(im.H.Points()*s/72*thumbPPI)))
		if im.Fit == [2]int{} || w < im.Fit[0] {
			im.Fit = [2]int{w, h}
		}
	}
	return &q
}

// formOf is the form XObject of page p with dict: its content stream as
// it is when the page has one, compressed (no need to inflate and deflate
// it again), else its content streams joined.
func formOf(src *cos.Doc, p cos.Page, dict *cos.Dict) (*cos.Stream, error) {
	list, err := src.Contents(p)
	if err != nil {
		return nil, err
	}
	if len(list) == 1 {
		if s, ok := src.Get(list[0]).(*cos.Stream); ok && s.Dict.Get("Filter") == cos.Name("FlateDecode") && s.Dict.Get("DecodeParms") == nil {
			dict.Set("Filter", cos.Name("FlateDecode"))
			return &cos.Stream{Dict: dict, Data: s.Data}, nil
		}
	}
	content, err := finish.Content(src, p)
	if err != nil {
		return nil, err
	}
	return cos.Deflated(dict, content), nil
}

// Prepend puts the pages of sheets in front of dst's pages (for proofs:
// the flat plan before the proof pages). The pages are copied with what
// they use; dst's page tree gets them first.
func Prepend(dst, sheets *cos.Doc) (err error) {
	defer cos.Recover(&err)
	pages, err := sheets.Pages()
	if err != nil {
		return fmt.Errorf("flatplan: %w", err)
	}
	root := dst.Catalog()
	if root == nil {
		return errors.New("flatplan: no document catalog")
	}
	treeRef, ok := root.Get("Pages").(cos.Ref)
	tree := dst.Dict(treeRef)
	if !ok || tree == nil {
		return errors.New("flatplan: malformed page tree")
	}
	kids, ok := dst.Get(tree.Get("Kids")).(cos.Array)
	count, ok2 := cos.Float(dst.Get(tree.Get("Count")))
	if !ok || !ok2 {
		return errors.New("flatplan: malformed page tree")
	}
	copied := map[int]cos.Ref{}
	var front cos.Array
	for _, p := range pages {
		nd := cos.NewDict()
		for _, k := range p.Dict.Keys() {
			if k != "Parent" {
				nd.Set(k, dst.Copy(sheets, p.Dict.Get(k), copied))
			}
		}
		// what a page inherits from its tree, it gets as its own
		if nd.Get("Resources") == nil {
			nd.Set("Resources", dst.Copy(sheets, sheets.Resources(p), copied))
		}
		nd.Set("MediaBox", cos.Nums(p.Media[:]...))
		nd.Set("Parent", treeRef)
		front = append(front, dst.Add(nd))
	}
	tree.Set("Kids", append(front, kids...))
	tree.Set("Count", int(count)+len(front))
	dst.Touch(treeRef)
	return nil
}
