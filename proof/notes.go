package proof

import (
	"fmt"
	"html"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/pdf/cos"
)

// Reading back a proofreader's marks (`paiban notes`): the annotations a
// viewer added to a proof — text notes, highlights, strike-outs,
// underlines, squiggles, insert carets, free text — each mapped through the
// proof's manifest (its per-line records) to the article's source line and
// the characters it covers. Pages are found by their labels (the slot
// names paiban gives them), so a list of changes before them, or reader
// spreads, do not matter.

// Note is one mark a proofreader made.
type Note struct {
	Page   string `json:"page"` // the page label (slot; "封二|01" for a spread)
	Kind   string `json:"kind"` // the annotation's subtype: Highlight, StrikeOut, Text …
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Quote  string `json:"quote"` // the marked characters; a note's whole line; a caret's neighbours (‸)
	Note   string `json:"note"`  // what the proofreader wrote (or what the mark means: delete, insert)
	Author string `json:"author,omitempty"`
}

// Source is "file:line", or "page P" for a mark outside any text.
func (n Note) Source() string {
	if n.File == "" {
		return "page " + n.Page
	}
	return fmt.Sprintf("%s:%d", n.File, n.Line)
}

// String is the note as `paiban notes` prints it.
func (n Note) String() string {
	if n.Quote == "" {
		return n.Source() + ": → " + n.Note
	}
	return n.Source() + ": 「" + n.Quote + "」 → " + n.Note
}

// markKinds are the annotation subtypes read as proofreader's marks.
var markKinds = map[cos.Name]bool{"Text": true, "Highlight": true, "StrikeOut": true, "Underline": true, "Squiggly": true, "Caret": true, "FreeText": true}

// Notes reads the marks in the annotated proof data, mapping them to
// source lines with m (the proof's manifest). Annotations paiban wrote
// (author "paiban") are left out.
func Notes(data []byte, m *manifest.Manifest) (notes []Note, err error) {
	defer cos.Recover(&err)
	d, err := cos.Read(data)
	if err != nil {
		return nil, err
	}
	pages, err := d.Pages()
	if err != nil {
		return nil, err
	}
	labels := pageLabels(d, len(pages))
	bySlot := map[string]int{}
	if m != nil {
		for i, p := range m.Pages {
			bySlot[p.Slot] = i
			if p.Label != "" {
				bySlot[p.Label] = i
			}
		}
	}
	seen := map[int]int{} // annotation object → index in notes
	for pi, pg := range pages {
		annots, _ := d.Get(pg.Dict.Get("Annots")).(cos.Array)
		for _, a := range annots {
			ad := d.Dict(a)
			if ad == nil {
				continue
			}
			kind, _ := ad.Get("Subtype").(cos.Name)
			if !markKinds[kind] || ad.Get("StateModel") != nil || pdfText(d, ad.Get("T")) == Author || strings.HasPrefix(pdfText(d, ad.Get("NM")), "paiban-") {
				continue
			}
			n := Note{Page: labels[pi], Kind: string(kind), Author: pdfText(d, ad.Get("T")), Note: strings.TrimSpace(pdfText(d, ad.Get("Contents")))}
			if n.Note == "" {
				n.Note = richText(pdfText(d, ad.Get("RC")))
			}
			// a reply or the replacement of a strike-out: with its parent
			if r, ok := ad.Get("IRT").(cos.Ref); ok {
				if k, ok := seen[r.Num]; ok {
					if ad.Get("RT") == cos.Name("Group") && kind == "Caret" && notes[k].Kind == "StrikeOut" {
						notes[k].Note = "replace with 「" + n.Note + "」"
						continue
					}
					n.File, n.Line, n.Quote = notes[k].File, notes[k].Line, notes[k].Quote
					if ref, ok := a.(cos.Ref); ok {
						seen[ref.Num] = len(notes)
					}
					notes = append(notes, n)
					continue
				}
			}
			if m != nil && m.Geometry != nil {
				locate(d, ad, kind, pg, labels[pi], m, bySlot, &n)
			}
			switch kind {
			case "StrikeOut":
				if n.Note == "" {
					n.Note = "delete"
				} else {
					n.Note = "delete; " + n.Note
				}
			case "Caret":
				n.Note = "insert 「" + n.Note + "」"
			}
			if n.Note == "" {
				n.Note = "(no comment)"
			}
			if ref, ok := a.(cos.Ref); ok {
				seen[ref.Num] = len(notes)
			}
			notes = append(notes, n)
		}
	}
	return notes, nil
}

// pdfText is a PDF text string's value (UTF-16 with a byte order mark,
// UTF-8 with one, or PDFDocEncoding's ASCII), or "".
func pdfText(d *cos.Doc, v cos.Object) string {
	s, ok := d.Get(v).(cos.String)
	if !ok {
		if st, ok := d.Get(v).(*cos.Stream); ok { // RC may be a stream
			if b, err := cos.Decode(st); err == nil {
				s = cos.String(b)
			}
		}
	}
	if len(s) >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF {
		return string(s[3:])
	}
	t := cos.Text(s)
	if !utf8.ValidString(t) {
		return strings.ToValidUTF8(t, "?")
	}
	return t
}

var tags = regexp.MustCompile(`<[^>]*>`)

// richText is the plain text of an /RC rich text (XHTML) string.
func richText(rc string) string {
	if rc == "" {
		return ""
	}
	rc = strings.NewReplacer("</p>", "\n", "<br/>", "\n", "<br>", "\n").Replace(rc)
	return strings.TrimSpace(html.UnescapeString(tags.ReplaceAllString(rc, "")))
}

// rect is a rectangle in PDF points: x0 y0 x1 y1.
type rect [4]float64

// marks returns the rectangles an annotation marks: its quads' bounding
// boxes, or its Rect.
func marks(d *cos.Doc, ad *cos.Dict) []rect {
	var out []rect
	if q, ok := d.Get(ad.Get("QuadPoints")).(cos.Array); ok {
		for i := 0; i+8 <= len(q); i += 8 {
			r := rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
			for k := 0; k < 8; k += 2 {
				x, ok1 := cos.Float(d.Get(q[i+k]))
				y, ok2 := cos.Float(d.Get(q[i+k+1]))
				if !ok1 || !ok2 {
					return nil
				}
				r = rect{min(r[0], x), min(r[1], y), max(r[2], x), max(r[3], y)}
			}
			out = append(out, r)
		}
	}
	if out == nil {
		if r, ok := d.Rect(ad.Get("Rect")); ok {
			out = append(out, r)
		}
	}
	return out
}

// hit is a line of the manifest a mark falls on.
type hit struct {
	line manifest.Line
	dx   float64
}

// locate finds the source line and the quoted characters of a mark.
func locate(d *cos.Doc, ad *cos.Dict, kind cos.Name, pg cos.Page, label string, m *manifest.Manifest, bySlot map[string]int, n *Note) {
	g := *m.Geometry
	// the slots on this PDF page and how far right each may be shifted
	type cand struct {
		page int
		dxs  []float64
	}
	var cands []cand
	slots := strings.Split(label, "|")
	spread := pg.Media[2]-pg.Media[0] > 1.5*(g.TrimW+2*g.Bleed)
	for k, s := range slots {
		i, ok := bySlot[s]
		if !ok {
			continue
		}
		switch {
		case !spread:
			cands = append(cands, cand{i, []float64{0}})
		case len(slots) == 2:
			cands = append(cands, cand{i, []float64{float64(k) * g.TrimW}})
		default: // a page alone on a spread: left or right
			cands = append(cands, cand{i, []float64{0, g.TrimW}})
		}
	}
	// where a line is under a point, or under most of a rectangle's height
	find := func(r rect, point bool) []hit {
		var out []hit
		for _, c := range cands {
			for _, dx := range c.dxs {
				for _, l := range m.Pages[c.page].Lines {
					b := rect{l.Box[0] + dx, l.Box[1], l.Box[2] + dx, l.Box[3]}
					if point {
						// on the line, or in the leading just above or below it
						tol := (b[3] - b[1]) / 2
						if r[0] >= b[0]-tol && r[0] <= b[2]+tol && r[1] >= b[1]-tol && r[1] <= b[3]+tol {
							out = append(out, hit{l, dx})
						}
						continue
					}
					over := min(r[3], b[3]) - max(r[1], b[1])
					if over > 0.5*min(r[3]-r[1], b[3]-b[1]) && min(r[2], b[2]) > max(r[0], b[0]) {
						out = append(out, hit{l, dx})
					}
				}
			}
		}
		return out
	}
	rs := marks(d, ad)
	if len(rs) == 0 {
		return
	}
	switch kind {
	case "Text", "Caret":
		// a note's icon hangs from where it was put (its top-left
		// corner); a caret stands at the insertion point (its centre)
		r := rs[0]
		x, y := r[0], r[3]
		if kind == "Caret" {
			x, y = (r[0]+r[2])/2, (r[1]+r[3])/2
		}
		hs := find(rect{x, y}, true)
		if len(hs) == 0 {
			return
		}
		// the line whose middle is nearest
		h, best := hs[0], math.Inf(1)
		for _, c := range hs {
			if d := math.Abs((c.line.Box[1]+c.line.Box[3])/2 - y); d < best {
				h, best = c, d
			}
		}
		n.File, n.Line = h.line.File, h.line.Line
		if kind == "Text" {
			n.Quote = h.line.Text
			return
		}
		runes, edges := []rune(h.line.Text), h.line.Edges()
		at := len(runes)
		for i := range runes {
			if (edges[i]+edges[i+1])/2+h.dx > x {
				at = i
				break
			}
		}
		n.Quote = string(runes[max(0, at-6):at]) + "‸" + string(runes[at:min(len(runes), at+6)])
	default:
		var quote strings.Builder
		for _, r := range rs {
			for _, h := range find(r, false) {
				runes, edges := []rune(h.line.Text), h.line.Edges()
				for i := range runes {
					if c := (edges[i]+edges[i+1])/2 + h.dx; c >= r[0] && c <= r[2] {
						if n.File == "" {
							n.File, n.Line = h.line.File, h.line.Line
						}
						quote.WriteRune(runes[i])
					}
				}
			}
		}
		n.Quote = strings.TrimSuffix(quote.String(), "\u00ad")
	}
}

// pageLabels returns the label of every page: from the catalog's
// /PageLabels number tree (prefix and numbering), else the page number.
func pageLabels(d *cos.Doc, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = strconv.Itoa(i + 1)
	}
	root := d.Catalog()
	if root == nil {
		return out
	}
	type rng struct {
		start int
		d     *cos.Dict
	}
	var ranges []rng
	var walk func(v cos.Object, depth int)
	walk = func(v cos.Object, depth int) {
		t := d.Dict(v)
		if t == nil || depth > 16 {
			return
		}
		nums, _ := d.Get(t.Get("Nums")).(cos.Array)
		for i := 0; i+1 < len(nums); i += 2 {
			if s, ok := cos.Float(d.Get(nums[i])); ok {
				if ld := d.Dict(nums[i+1]); ld != nil {
					ranges = append(ranges, rng{int(s), ld})
				}
			}
		}
		kids, _ := d.Get(t.Get("Kids")).(cos.Array)
		for _, k := range kids {
			walk(k, depth+1)
		}
	}
	walk(root.Get("PageLabels"), 0)
	for k, r := range ranges {
		end := n
		if k+1 < len(ranges) {
			end = min(n, ranges[k+1].start)
		}
		prefix := pdfText(d, r.d.Get("P"))
		st := 1
		if v, ok := cos.Float(d.Get(r.d.Get("St"))); ok && v >= 1 {
			st = int(v)
		}
		style, _ := r.d.Get("S").(cos.Name)
		for i := max(0, r.start); i < end; i++ {
			out[i] = prefix + numbering(style, st+i-r.start)
		}
	}
	return out
}

// numbering writes v in a page label style: decimal (D) or none. (The
// labels paiban writes are prefixes only, the slot names; other styles
// name no slot.)
func numbering(style cos.Name, v int) string {
	if style == "D" {
		return strconv.Itoa(v)
	}
	return ""
}
