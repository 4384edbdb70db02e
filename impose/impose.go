// Package impose makes printer spreads for saddle stitching from a finished
// print PDF: the pages of each side of each folded sheet side by side, as
// the press prints them.
//
// It reads the PDFs that paiban's build writes (classic cross-reference
// table, every page with a TrimBox and a BleedBox, all pages of one size)
// with the one PDF object layer (package cos), turns each page into a form XObject
// and places two of them on each spread. The spread is then finished like
// the issue itself (package finish): same PDF/X version, output intent and
// date, page labels "封底|封面", …, and optionally printer's marks.
//
// At the spine the two pages meet at their trim edges: the bleed of each
// page on the spine side is cut off at the fold (it would lie under the
// other page). The spread keeps the bleed on its four outer edges, so its
// BleedBox is the two TrimBoxes together plus the bleed, and its marks are
// crop marks at the outer corners, fold marks at the spine and registration
// targets, all outside the bleed.
package impose

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paiban/paiban/finish"
	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/units"
)

// Pairs returns the printer spreads of a saddle-stitched booklet of n pages
// (n a multiple of 4), as 1-based page numbers [left, right], in the order
// of the sheets' sides from the outside in: (n, 1), (2, n−1), (n−2, 3),
// (4, n−3), …, ending with the centre spread (n/2, n/2+1).
func Pairs(n int) ([][2]int, error) {
	if n <= 0 || n%4 != 0 {
		return nil, fmt.Errorf("saddle stitching needs a multiple of 4 pages, not %d", n)
	}
	out := make([][2]int, n/2)
	for i := range out {
		if i%2 == 0 {
			out[i] = [2]int{n - i, 1 + i}
		} else {
			out[i] = [2]int{1 + i, n - i}
		}
	}
	return out, nil
}

// Options change the spreads.
type Options struct {
	Marks bool // crop, fold and registration marks outside the bleed
	// Creep is the paper's thickness (caliper) for saddle-stitch creep:
	// a folded sheet nested in n others sticks out at the fore-edge by n
	// thicknesses and is trimmed that much more, so its pages move toward
	// the spine by n × Creep — the outermost sheet not at all, the
	// innermost of s sheets by (s−1) × Creep, linearly between, as
	// imposition software does.
	Creep units.Length
}

// Result is an imposed file.
type Result struct {
	PDF    []byte
	Labels []string // each spread's page label, "封底|封面" … (page numbers "68|1" when the source has no labels)
}

// Spreads returns the printer spreads of the print PDF in. The spreads are
// built as objects and finished (finish.Apply) before they are serialised,
// once.
func Spreads(in []byte, opt Options) (res *Result, err error) {
	defer cos.Recover(&err)
	src, err := cos.Read(in)
	if err != nil {
		return nil, fmt.Errorf("impose: %w", err)
	}
	cpages, err := src.Pages()
	if err != nil {
		return nil, fmt.Errorf("impose: %w", err)
	}
	pages := make([]page, len(cpages))
	for i, p := range cpages {
		pages[i].Page = p
		pages[i].Trim, pages[i].HasTrim = src.Rect(p.Dict.Get("TrimBox"))
		pages[i].Bleed, pages[i].HasBleed = src.Rect(p.Dict.Get("BleedBox"))
	}
	pairs, err := Pairs(len(pages))
	if err != nil {
		return nil, fmt.Errorf("impose: the PDF has %d pages: %w", len(pages), err)
	}
	tw, th, bleed, err := geometry(pages)
	if err != nil {
		return nil, fmt.Errorf("impose: %w", err)
	}

	d := cos.New()
	copied := map[int]cos.Ref{}
	forms := make([]cos.Ref, len(pages))
	for i, p := range pages {
		content, err := finish.Content(src, p.Page)
		if err != nil {
			return nil, fmt.Errorf("impose: page %d: %w", i+1, err)
		}
		forms[i] = d.Add(cos.Deflated(cos.NewDict(
			"Type", cos.Name("XObject"),
			"Subtype", cos.Name("Form"),
			"BBox", cos.Nums(p.Bleed[:]...),
			"Resources", d.Copy(src, src.Resources(p.Page), copied),
		), content))
	}

	W, H := 2*tw+2*bleed, th+2*bleed
	pagesRef := d.Reserve()
	var kids cos.Array
	for i, pr := range pairs {
		l, r := pages[pr[0]-1], pages[pr[1]-1]
		// creep: sheet i/2 (0 the outermost) moves its pages toward the
		// spine by one paper thickness per sheet around it
		shift := opt.Creep.Points() * float64(i/2)
		var c strings.Builder
		// the left page up to the fold, the right page from it
		fmt.Fprintf(&c, "q 0 0 %s %s re W n 1 0 0 1 %s %s cm /L Do Q\n",
			cos.Num(bleed+tw), cos.Num(H), cos.Num(bleed-l.Trim[0]+shift), cos.Num(bleed-l.Trim[1]))
		fmt.Fprintf(&c, "q %s 0 %s %s re W n 1 0 0 1 %s %s cm /R Do Q\n",
			cos.Num(bleed+tw), cos.Num(tw+bleed), cos.Num(H), cos.Num(bleed+tw-r.Trim[0]-shift), cos.Num(bleed-r.Trim[1]))
		cs := d.Add(cos.Deflated(nil, []byte(c.String())))
		kids = append(kids, d.Add(cos.NewDict(
			"Type", cos.Name("Page"),
			"Parent", pagesRef,
			"MediaBox", cos.Nums(0, 0, W, H),
			"BleedBox", cos.Nums(0, 0, W, H),
			"TrimBox", cos.Nums(bleed, bleed, bleed+2*tw, bleed+th),
			"Resources", cos.NewDict(
				"ProcSet", cos.Array{cos.Name("PDF")},
				"XObject", cos.NewDict("L", forms[pr[0]-1], "R", forms[pr[1]-1]),
			),
			"Contents", cs,
		)))
	}
	d.Set(pagesRef, cos.NewDict("Type", cos.Name("Pages"), "Kids", kids, "Count", len(kids)))
	d.Trailer.Set("Root", d.Add(cos.NewDict("Type", cos.Name("Catalog"), "Pages", pagesRef)))

	fo := finishOptions(src, len(pages), pairs)
	fo.Bleed = units.Length(math.Round(bleed * float64(units.Pt)))
	fo.Marks, fo.FoldMarks = opt.Marks, opt.Marks
	if err := finish.Apply(d, fo); err != nil {
		return nil, fmt.Errorf("impose: %w", err)
	}
	return &Result{PDF: d.Bytes(), Labels: fo.Labels}, nil
}

// page is a source page with its boxes normalised (llx lly urx ury); a
// missing TrimBox or BleedBox is reported as absent.
type page struct {
	cos.Page
	Trim, Bleed       [4]float64
	HasTrim, HasBleed bool
}

// geometry checks that every page has the same trim size and an even bleed
// and returns them in points.
func geometry(pages []page) (tw, th, bleed float64, err error) {
	const eps = 0.01
	for i, p := range pages {
		if !p.HasTrim || !p.HasBleed {
			return 0, 0, 0, fmt.Errorf("page %d has no TrimBox or BleedBox: only print PDFs (paiban build) can be imposed", i+1)
		}
		w, h := p.Trim[2]-p.Trim[0], p.Trim[3]-p.Trim[1]
		bl := p.Trim[0] - p.Bleed[0]
		for _, s := range []float64{p.Trim[1] - p.Bleed[1], p.Bleed[2] - p.Trim[2], p.Bleed[3] - p.Trim[3]} {
			if math.Abs(s-bl) > eps {
				return 0, 0, 0, fmt.Errorf("page %d: the bleed is not the same on all sides", i+1)
			}
		}
		if i == 0 {
			tw, th, bleed = w, h, bl
			if w <= 0 || h <= 0 || bl < 0 {
				return 0, 0, 0, errors.New("page 1: empty TrimBox or negative bleed")
			}
			continue
		}
		if math.Abs(w-tw) > eps || math.Abs(h-th) > eps || math.Abs(bl-bleed) > eps {
			return 0, 0, 0, fmt.Errorf("page %d is %.2f×%.2f pt with %.2f pt bleed, page 1 %.2f×%.2f pt with %.2f pt: all pages must be one size", i+1, w, h, bl, tw, th, bleed)
		}
	}
	return tw, th, bleed, nil
}

// finishOptions carries the source's identity to the spreads: title, date,
// output intent (and profile), and labels "left|right".
func finishOptions(doc *cos.Doc, n int, pairs [][2]int) finish.Options {
	var o finish.Options
	if info := doc.Dict(doc.Trailer.Get("Info")); info != nil {
		if s, ok := doc.Get(info.Get("Title")).(cos.String); ok {
			o.Title = cos.Text(s)
		}
		if s, ok := doc.Get(info.Get("CreationDate")).(cos.String); ok {
			if d := string(s); len(d) >= 10 && strings.HasPrefix(d, "D:") && !strings.HasPrefix(d, "D:1970") {
				o.Date = d[2:6] + "-" + d[6:8] + "-" + d[8:10]
			}
		}
	}
	ois, ok := doc.Get(doc.Catalog().Get("OutputIntents")).(cos.Array)
	// a file without an output intent is a proof (paiban proof): its
	// spreads are a proof too, not a print file
	o.Proof = !ok || len(ois) == 0
	if ok && len(ois) > 0 {
		if oi, ok := doc.Get(ois[0]).(*cos.Dict); ok {
			s, _ := doc.Get(oi.Get("OutputConditionIdentifier")).(cos.String)
			o.Condition = cos.Text(s)
			if p, ok := doc.Get(oi.Get("DestOutputProfile")).(*cos.Stream); ok {
				if data, err := cos.Decode(p); err == nil {
					o.Profile = data
				}
			}
		}
	}
	labels := finish.Labels(doc, n)
	for _, pr := range pairs {
		l, r := strconv.Itoa(pr[0]), strconv.Itoa(pr[1])
		if labels != nil {
			l, r = labels[pr[0]-1], labels[pr[1]-1]
		}
		o.Labels = append(o.Labels, l+"|"+r)
	}
	return o
}
