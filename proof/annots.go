package proof

import (
	"fmt"
	"strings"

	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/pdf/cos"
)

// Author is the /T of the annotations paiban writes; `paiban notes`
// leaves annotations by it out.
const Author = "paiban"

// highlight is the colour of the highlights over changed characters.
var highlight = [3]float64{1, 0.85, 0}

// Annotate adds to the proof d (written from the proof document pd, made
// from doc with opt, maybe after pages of its own such as a flat plan) a
// highlight annotation over the changed characters of
// every edited line: QuadPoints over each changed run of characters, the
// line's old text as its contents, paiban as its author, with an
// appearance of its own so every viewer shows it. Only proofs get them:
// finish.Validate refuses annotations in a print file.
func Annotate(d *cos.Doc, pd, doc *layout.Document, opt Options) error {
	if e, _ := Counts(opt.Changes); e == 0 || opt.Manifest == nil || opt.Manifest.Geometry == nil {
		return nil
	}
	pages, err := d.Pages()
	if err != nil {
		return err
	}
	// pages in front of the proof's own (a flat plan) are passed over
	lead := len(pages) - len(pd.Pages)
	if lead < 0 {
		return fmt.Errorf("proof: %d PDF pages for %d proof pages", len(pages), len(pd.Pages))
	}
	for k := 0; k < len(pd.Pages) && pd.Pages[k].Slot == ListSlot; k++ {
		lead++
	}
	place := Placements(doc, opt.Spreads)
	added := map[int][]cos.Object{}
	var order []int
	for _, c := range opt.Changes {
		l, ok := lineOf(opt.Manifest, c)
		if c.Kind != Edited || !ok || c.Page >= len(place) {
			continue
		}
		sheet := lead + place[c.Page].Sheet
		if sheet >= len(pages) {
			continue
		}
		dx := place[c.Page].DX.Points()
		edges := l.Edges()
		y0, y1 := l.Box[1], l.Box[3]
		var quads, rect []float64
		var ap strings.Builder
		ap.WriteString("/M gs ")
		fmt.Fprintf(&ap, "%s %s %s rg\n", cos.Num(highlight[0]), cos.Num(highlight[1]), cos.Num(highlight[2]))
		for _, s := range c.Spans {
			if s[0] < 0 || s[1] >= len(edges) || s[0] >= s[1] {
				continue
			}
			x0, x1 := edges[s[0]]+dx, edges[s[1]]+dx
			// upper left, upper right, lower left, lower right (as viewers write them)
			quads = append(quads, x0, y1, x1, y1, x0, y0, x1, y0)
			if rect == nil {
				rect = []float64{x0, y0, x1, y1}
			}
			rect[0], rect[2] = min(rect[0], x0), max(rect[2], x1)
			fmt.Fprintf(&ap, "%s %s %s %s re f\n", cos.Num(x0), cos.Num(y0), cos.Num(x1-x0), cos.Num(y1-y0))
		}
		if quads == nil {
			continue
		}
		old := strings.TrimSpace(c.Old)
		if old == "" {
			old = "(new text)"
		}
		form := cos.NewStream(cos.NewDict(
			"Type", cos.Name("XObject"), "Subtype", cos.Name("Form"),
			"BBox", cos.Nums(rect...),
			"Resources", cos.NewDict("ExtGState", cos.NewDict("M", cos.NewDict("Type", cos.Name("ExtGState"), "BM", cos.Name("Multiply")))),
		), []byte(ap.String()))
		annot := cos.NewDict(
			"Type", cos.Name("Annot"), "Subtype", cos.Name("Highlight"),
			"Rect", cos.Nums(rect...),
			"QuadPoints", cos.Nums(quads...),
			"Contents", cos.TextString(old),
			"T", cos.TextString(Author),
			"NM", cos.TextString(fmt.Sprintf("paiban-%s-%d", c.Slot, c.Line+1)),
			"Subj", cos.TextString("改动 changed"),
			"C", cos.Nums(highlight[:]...),
			"F", 4, // print
			"P", pages[sheet].Ref,
			"AP", cos.NewDict("N", d.Add(form)),
		)
		if _, ok := added[sheet]; !ok {
			order = append(order, sheet)
		}
		added[sheet] = append(added[sheet], d.Add(annot))
	}
	for _, sheet := range order {
		pg := pages[sheet]
		list, _ := d.Get(pg.Dict.Get("Annots")).(cos.Array)
		pg.Dict.Set("Annots", append(append(cos.Array(nil), list...), added[sheet]...))
		d.Touch(pg.Ref)
	}
	return nil
}
