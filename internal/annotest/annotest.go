// Package annotest marks a PDF as a proofreader's viewer does, for tests:
// it appends annotations to a page as an incremental update (the original
// bytes untouched, new objects, a new version of the page, an xref section
// whose trailer points back with /Prev).
package annotest

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"

	"github.com/paiban/paiban/pdf/cos"
)

// Annotate appends annots to page (0-based) of data as one incremental
// update and returns the new file.
func Annotate(data []byte, page int, annots ...*cos.Dict) ([]byte, error) {
	d, err := cos.Read(data)
	if err != nil {
		return nil, err
	}
	pages, err := d.Pages()
	if err != nil {
		return nil, err
	}
	if page < 0 || page >= len(pages) {
		return nil, fmt.Errorf("no page %d", page)
	}
	i := bytes.LastIndex(data, []byte("startxref"))
	if i < 0 {
		return nil, errors.New("no startxref")
	}
	prev, err := strconv.Atoi(string(bytes.Fields(data[i+len("startxref"):])[0]))
	if err != nil {
		return nil, err
	}
	size, _ := cos.Float(d.Trailer.Get("Size"))
	next := int(size)
	out := append([]byte(nil), data...)
	if out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	type written struct{ num, off int }
	var xref []written
	write := func(num int, v cos.Object) {
		xref = append(xref, written{num, len(out)})
		out = fmt.Appendf(out, "%d 0 obj\n", num)
		out = cos.AppendObject(out, v)
		out = append(out, "\nendobj\n"...)
	}
	pg := pages[page]
	list, _ := d.Get(pg.Dict.Get("Annots")).(cos.Array)
	list = append(cos.Array(nil), list...)
	for _, a := range annots {
		a.Set("P", pg.Ref)
		write(next, a)
		list = append(list, cos.Ref{Num: next})
		next++
	}
	pg.Dict.Set("Annots", list)
	write(pg.Ref.Num, pg.Dict)
	xrefAt := len(out)
	out = append(out, "xref\n0 1\n0000000000 65535 f\r\n"...)
	for _, w := range xref {
		out = fmt.Appendf(out, "%d 1\n%010d 00000 n\r\n", w.num, w.off)
	}
	tr := cos.NewDict()
	for _, k := range d.Trailer.Keys() {
		tr.Set(k, d.Trailer.Get(k))
	}
	tr.Set("Size", next)
	tr.Set("Prev", prev)
	out = append(out, "trailer\n"...)
	out = cos.AppendObject(out, tr)
	out = fmt.Appendf(out, "\nstartxref\n%d\n%%%%EOF\n", xrefAt)
	return out, nil
}

// Quad is the QuadPoints of the rectangle x0 y0 x1 y1 as viewers write
// them: upper left, upper right, lower left, lower right.
func Quad(x0, y0, x1, y1 float64) cos.Array {
	return cos.Nums(x0, y1, x1, y1, x0, y0, x1, y0)
}

// Markup is a text markup annotation (Highlight, StrikeOut, Underline,
// Squiggly) over the rectangle, with a note and an author.
func Markup(kind string, x0, y0, x1, y1 float64, note, author string) *cos.Dict {
	return cos.NewDict("Type", cos.Name("Annot"), "Subtype", cos.Name(kind),
		"Rect", cos.Nums(x0, y0, x1, y1), "QuadPoints", Quad(x0, y0, x1, y1),
		"Contents", cos.TextString(note), "T", cos.TextString(author), "C", cos.Nums(1, 1, 0))
}

// Note is a text note (sticky note) whose icon hangs from (x, y).
func Note(x, y float64, note, author string) *cos.Dict {
	return cos.NewDict("Type", cos.Name("Annot"), "Subtype", cos.Name("Text"),
		"Rect", cos.Nums(x, y-20, x+20, y), "Contents", cos.TextString(note), "T", cos.TextString(author), "Name", cos.Name("Comment"))
}
