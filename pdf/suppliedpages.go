package pdf

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/signintech/gopdf"

	"github.com/paiban/paiban/internal/input"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/pdf/supplied"
	"github.com/paiban/paiban/raster"
)

// Supplied PDF pages (advertisements, pages made elsewhere) are imported by
// gopdf itself (gofpdi: ImportPageStream, UseImportedTemplate) as form
// XObjects holding the page's objects — its fonts stay embedded, its text
// extractable. The object pass then gives the imported objects a fixed
// order (gofpdi writes dictionary keys and numbers objects in map order)
// and leaves them alone: they are not paiban's fonts or images.

// template is one imported page.
type template struct {
	id int // gopdf's template id
	pg *supplied.Page
}

// hasSupplied says whether doc places any PDF page.
func hasSupplied(doc *layout.Document) bool {
	for _, p := range doc.Pages {
		for _, im := range p.Images {
			if im.Page > 0 {
				return true
			}
		}
	}
	return false
}

// suppliedPage draws page im.Page of the PDF im.Path: its trim box on the
// box (X, Y, W, H), clipped to the frame. The whole MediaBox is imported,
// so a full-page advertisement keeps its bleed.
func (wr *writer) suppliedPage(im layout.Image) error {
	key := fmt.Sprintf("%s#%d", im.Path, im.Page)
	t, ok := wr.templates[key]
	if !ok {
		data, err := input.ReadFile(im.Path, input.PDF)
		if err != nil {
			return err
		}
		// read once: the boxes to place it by (the build preflighted it),
		// and for gofpdi, which reads only some cross-reference streams (PNG
		// predictors on at most 4 columns), the file as cos writes it, with
		// a classic table and every object on its own, which it always reads
		cd, err := cos.Read(data)
		if err != nil {
			return err
		}
		if _, err := supplied.Upright(cd, im.Page); err != nil {
			return err
		}
		pg, err := supplied.Boxes(cd, im.Page)
		if err != nil {
			return err
		}
		data = cd.Bytes()
		rs := io.ReadSeeker(bytes.NewReader(data))
		t = template{id: wr.gp.ImportPageStream(&rs, im.Page, "/MediaBox"), pg: pg}
		if wr.templates == nil {
			wr.templates = map[string]template{}
		}
		wr.templates[key] = t
		wr.imageBytes += len(data)
	}
	pg := t.pg
	s := pt(im.W) / (pg.Trim[2] - pg.Trim[0])
	b := wr.bleed
	x := pt(im.X) + b - (pg.Trim[0]-pg.Media[0])*s
	y := pt(im.Y) + b - (pg.Media[3]-pg.Trim[3])*s
	gp := wr.gp
	gp.SaveGraphicsState()
	wr.clip(im)
	gp.UseImportedTemplate(t.id, x, y, (pg.Media[2]-pg.Media[0])*s, (pg.Media[3]-pg.Media[1])*s)
	gp.RestoreGraphicsState()
	return nil
}

// canonicalImports renumbers the objects gofpdi imported in a fixed order
// (dictionary keys sorted, objects numbered as a walk from the templates in
// name order reaches them), converts their RGB colour to CMYK, and returns
// the set of their numbers.
func canonicalImports(d *cos.Doc, pages []cos.Page, colour *raster.Colour) (map[int]bool, error) {
	imported := map[int]bool{}
	m := map[int]cos.Ref{}
	var forms []cos.Ref
	done := map[*cos.Dict]bool{}
	for _, p := range pages {
		res := d.Resources(p)
		xo := d.Dict(d.Dict(res).Get("XObject"))
		if xo == nil || done[xo] {
			continue
		}
		done[xo] = true
		names := slices.Clone(xo.Keys())
		slices.Sort(names)
		copied := false
		for _, n := range names {
			r, ok := xo.Get(n).(cos.Ref)
			s, isStream := d.Get(r).(*cos.Stream)
			if !ok || !isStream || s.Dict.Get("Subtype") != cos.Name("Form") {
				continue
			}
			d.SortKeys(r)
			nr := d.Copy(d, r, m)
			xo.Set(n, nr)
			copied = true
			if nr, ok := nr.(cos.Ref); ok {
				forms = append(forms, nr)
			}
		}
		if copied {
			done[renamedForms(d, p, res, xo)] = true
		}
	}
	if len(m) == 0 {
		return nil, nil
	}
	// RGB in a supplied page (the build has warned, or refused it when it
	// cannot be converted or --strict is on) becomes CMYK
	pruned := false
	for _, r := range forms {
		if err := supplied.ConvertForm(d, r, colour.RGB); err != nil {
			return nil, err
		}
		pruned = supplied.PruneFonts(d, r) || pruned
	}
	for old, r := range m {
		d.Delete(cos.Ref{Num: old})
		imported[r.Num] = true
	}
	if pruned {
		// what only the dropped fonts referred to goes too (finish.Validate
		// looks at every object)
		reach := map[int]bool{}
		var walk func(v cos.Object, depth int)
		walk = func(v cos.Object, depth int) {
			switch x := v.(type) {
			case cos.Ref:
				if reach[x.Num] || depth > 200 {
					return
				}
				reach[x.Num] = true
				walk(d.Get(x), depth+1)
			case cos.Array:
				for _, e := range x {
					walk(e, depth+1)
				}
			case *cos.Dict:
				for _, k := range x.Keys() {
					walk(x.Get(k), depth+1)
				}
			case *cos.Stream:
				walk(x.Dict, depth+1)
			}
		}
		for _, r := range forms {
			walk(r, 0)
		}
		for n := range imported {
			if !reach[n] {
				d.Delete(cos.Ref{Num: n})
				delete(imported, n)
			}
		}
	}
	return imported, nil
}

// renamedForms makes the resources whose XObject dictionary xo now names
// the renumbered forms be written as they are now, not copied as gopdf
// wrote them (a page whose resources nothing else edits, such as an ad on
// a page without text, kept the old, deleted numbers: a dangling
// reference), with the forms in name order (gopdf writes them in map
// order: the same document gave other bytes from one run to the next).
func renamedForms(d *cos.Doc, p cos.Page, res cos.Object, xo *cos.Dict) *cos.Dict {
	var forms []cos.Name
	ordered := cos.NewDict()
	for _, k := range xo.Keys() {
		if strings.HasPrefix(string(k), "GOFPDITPL") {
			forms = append(forms, k)
		} else {
			ordered.Set(k, xo.Get(k))
		}
	}
	slices.SortFunc(forms, func(a, b cos.Name) int {
		if len(a) != len(b) { // GOFPDITPL2 before GOFPDITPL10
			return len(a) - len(b)
		}
		return strings.Compare(string(a), string(b))
	})
	for _, k := range forms {
		ordered.Set(k, xo.Get(k))
	}
	if r, ok := d.Dict(res).Get("XObject").(cos.Ref); ok {
		d.Set(r, ordered)
	} else {
		d.Dict(res).Set("XObject", ordered)
	}
	if r, ok := res.(cos.Ref); ok {
		d.Touch(r)
		return ordered
	}
	n, r := p.Dict, p.Ref
	for k := 0; n != nil && k < 64; k++ {
		d.Touch(r)
		r, n = refOf(n.Get("Parent")), d.Dict(n.Get("Parent"))
	}
	return ordered
}

// refOf is v as a reference, or the zero one.
func refOf(v cos.Object) cos.Ref {
	r, _ := v.(cos.Ref)
	return r
}

// importedToUnicode gives the simple fonts of supplied pages without a
// ToUnicode map one made from their encoding (supplied.ToUnicode), so
// their text extracts like the rest of the issue's.
func importedToUnicode(d *cos.Doc, imported map[int]bool) {
	var fonts []cos.Ref
	d.Each(func(r cos.Ref, v cos.Object) {
		if f, ok := v.(*cos.Dict); ok && imported[r.Num] && f.Get("Type") == cos.Name("Font") {
			fonts = append(fonts, r)
		}
	})
	for _, r := range fonts {
		f := d.Dict(r)
		if cmap := supplied.ToUnicode(d, f); cmap != nil {
			f.Set("ToUnicode", d.Add(cos.Deflated(cos.NewDict(), cmap)))
			d.Touch(r)
		}
	}
}

// CheckImport tries gopdf's page import on page of the supplied PDF data,
// as the writer will do it, so a file it cannot read is an error at the
// line that places it (package pipeline), not one of the whole write.
func CheckImport(data []byte, page int) (err error) {
	defer cos.Recover(&err)
	cd, err := cos.Read(data)
	if err != nil {
		return err
	}
	if _, err := supplied.Upright(cd, page); err != nil {
		return err
	}
	gp := &gopdf.GoPdf{}
	gp.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: gopdf.Rect{W: 100, H: 100}})
	gp.AddPage()
	rs := io.ReadSeeker(bytes.NewReader(cd.Bytes()))
	gp.UseImportedTemplate(gp.ImportPageStream(&rs, page, "/MediaBox"), 0, 0, 100, 100)
	return nil
}
