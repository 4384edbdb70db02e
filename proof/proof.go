// Package proof turns a laid-out issue into page proofs (校样) for editors
// and proofreaders: every page keeps its content and gets
//
//   - a light watermark "校样" across the page, 10 % K, drawn under all
//     text (it shows on tints and pictures, never over a character);
//   - a stamp in the slug below the bleed, outside the trim: magazine,
//     issue, slot, proof round (第N校), a short hash of the page's content,
//     the date, and "changed" (with a magenta bar) when the page changed
//     since the last proof.
//
// Optionally the pages are put side by side as reader spreads: [封面]
// [封二|01] [02|03] … [64|封三] [封底].
//
// Everything is layout data (glyph runs and rects) on copies of the pages;
// the pdf package writes the result with Options.Slug = Slug. Nothing comes
// from the clock: the date is the plan's or the one given.
package proof

import (
	"fmt"
	"strings"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/units"
)

// Slug is the paper a proof needs below the bleed for its stamp.
var Slug = units.FromMM(15)

// Options say what goes into the stamps.
type Options struct {
	Round   int             // the proof round: 第Round校; below 1 means 1
	Date    string          // printed as given ("2026-01-05"); "" prints none
	Hashes  []string        // per page of the document, its content hash (hex); the stamp shows 8 digits
	Changed map[string]bool // slots changed since the last proof ("changed" in the stamp)
	Spreads bool            // reader spreads instead of single pages

	// Changes since the earlier proof (Diff) and the manifest of this
	// one they refer to: change bars beside the lines, a first page
	// listing them (marks.go); Annotate adds the highlights.
	Changes  []Change
	Manifest *manifest.Manifest
}

// Colours of the proof marks.
var (
	watermarkColor = layout.CMYK{K: 10}
	stampColor     = layout.Black
	changedColor   = layout.CMYK{M: 100}
)

// Make returns the proof of doc: a new document (doc is not changed).
func Make(doc *layout.Document, opt Options) (*layout.Document, error) {
	if opt.Hashes != nil && len(opt.Hashes) != len(doc.Pages) {
		return nil, fmt.Errorf("proof: %d hashes for %d pages", len(opt.Hashes), len(doc.Pages))
	}
	if opt.Round < 1 {
		opt.Round = 1
	}
	out := *doc
	out.Pages = make([]*layout.Page, len(doc.Pages))
	// the stamp and watermark are set in the document's fonts; when they
	// lack a character of 校样, 第…校 or the title, the embedded sans
	// takes it (never a "?" or a blank)
	if sans, err := fonts.Builtin("sans"); err == nil {
		have := false
		for _, f := range doc.Fonts {
			have = have || f == sans
		}
		if !have {
			out.Fonts = append(append([]*fonts.Face(nil), doc.Fonts...), sans)
		}
	}
	ts := typesetter{fonts: out.Fonts}
	for i, p := range doc.Pages {
		q := copyPage(p)
		hash := ""
		if opt.Hashes != nil {
			hash = opt.Hashes[i]
		}
		ts.watermark(q, doc.TrimW, doc.TrimH)
		ts.stamp(q, doc, opt, hash)
		changeBars(q, i, opt)
		out.Pages[i] = q
	}
	res := &out
	if opt.Spreads {
		res = Spreads(&out)
	}
	ts.changeList(res, opt)
	return res, nil
}

func copyPage(p *layout.Page) *layout.Page {
	q := *p
	q.Images = append([]layout.Image(nil), p.Images...)
	q.Rects = append([]layout.Rect(nil), p.Rects...)
	q.Lines = append([]layout.Line(nil), p.Lines...)
	q.Runs = append([]layout.GlyphRun(nil), p.Runs...)
	q.TextLines = append([]layout.TextLine(nil), p.TextLines...)
	return &q
}

// typesetter sets short single lines in the document's own fonts: each
// character in the first font that has it.
type typesetter struct {
	fonts []*fonts.Face
}

// runs sets text at (x, baseline) and returns its runs and width.
func (ts typesetter) runs(text string, size, x, y units.Length, color layout.CMYK) ([]layout.GlyphRun, units.Length) {
	var out []layout.GlyphRun
	var cur strings.Builder
	font, start, pen := -1, x, x
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, layout.GlyphRun{Font: font, Size: size, X: start, Y: y, Text: cur.String(), Color: color})
			cur.Reset()
		}
	}
	for _, r := range text {
		f := ts.fontFor(r)
		if f < 0 {
			if r = '?'; ts.fontFor(r) < 0 {
				continue
			}
			f = ts.fontFor(r)
		}
		if f != font {
			flush()
			font, start = f, pen
		}
		cur.WriteRune(r)
		face := ts.fonts[f]
		pen += size.Scale(int64(face.Width(r)), 1000) // the one width model, as the PDF places it
	}
	flush()
	return out, pen - x
}

func (ts typesetter) fontFor(r rune) int {
	for i, f := range ts.fonts {
		if f != nil && f.Has(r) {
			return i
		}
	}
	return -1
}

// watermark puts "校样" across the middle of the page, under all text.
func (ts typesetter) watermark(p *layout.Page, w, h units.Length) {
	size := min(w, h) * 30 / 100
	_, width := ts.runs("校样", size, 0, 0, watermarkColor)
	runs, _ := ts.runs("校样", size, (w-width)/2, h/2+size*35/100, watermarkColor)
	p.Runs = append(runs, p.Runs...)
}

// stamp sets the proof stamp in the slug below the page's bleed.
func (ts typesetter) stamp(p *layout.Page, doc *layout.Document, opt Options, hash string) {
	size := units.FromPt(8)
	base := doc.TrimH + doc.Bleed + units.FromMM(6)
	name := p.Label
	if name == "" {
		name = p.Slot
	}
	// 校样 in the slug too, so a proof page is marked as one even where the
	// watermark across the page is cut off or too light to see
	parts := []string{"校样", doc.Title, doc.Number, name, fmt.Sprintf("第%d校", opt.Round)}
	if len(hash) >= 8 {
		parts = append(parts, hash[:8])
	}
	if opt.Date != "" {
		parts = append(parts, opt.Date)
	}
	var keep []string
	for _, s := range parts {
		if s != "" {
			keep = append(keep, s)
		}
	}
	// on a narrow page the stamp is set smaller, so that all of it is on
	// the page, clear of "changed"
	text, avail := strings.Join(keep, "  "), doc.TrimW
	if opt.Changed[p.Slot] {
		_, w := ts.runs("changed", size, 0, 0, changedColor)
		avail -= w + units.FromMM(2)
	}
	stampSize := size
	if _, w := ts.runs(text, size, 0, 0, stampColor); w > avail && avail > 0 {
		stampSize = size.Scale(int64(avail)*99, int64(w)*100) // 1 % to spare for rounding
	}
	runs, _ := ts.runs(text, stampSize, 0, base, stampColor)
	p.Runs = append(p.Runs, runs...)
	if opt.Changed[p.Slot] {
		_, w := ts.runs("changed", size, 0, 0, changedColor)
		runs, _ := ts.runs("changed", size, doc.TrimW-w, base, changedColor)
		p.Runs = append(p.Runs, runs...)
		p.Rects = append(p.Rects, layout.Rect{X: 0, Y: base + units.FromMM(2), W: doc.TrimW, H: units.FromMM(1.5), Fill: changedColor})
	}
}

// Spreads puts the pages of doc side by side as a reader sees them: the
// first page (封面) alone on the right, then pairs (封二|01, 02|03 …), the
// last page (封底) alone on the left when it has no partner. A spread is
// one page of twice the trim width; each half keeps its bleed on the
// outside and is cut at the spine. Overset pages of a proof follow the
// spread of the page they belong to, on their own, on its side.
func Spreads(doc *layout.Document) *layout.Document {
	out := *doc
	out.TrimW = 2 * doc.TrimW
	out.Pages = nil
	for _, s := range sheets(doc.Pages) {
		out.Pages = append(out.Pages, spread(doc, s.left, s.right))
	}
	return &out
}

// sheet is one spread of Spreads: its left and right page (either may be
// nil).
type sheet struct{ left, right *layout.Page }

// sheets pairs the pages into spreads, in order.
func sheets(pages []*layout.Page) []sheet {
	var out []sheet
	type side struct {
		p     *layout.Page
		right bool
	}
	var pending []side // overset pages waiting for their spread to close
	var left, right *layout.Page
	lastRight := true // side of the latest page of the issue
	emit := func() {
		if left != nil || right != nil {
			out = append(out, sheet{left, right})
		}
		left, right = nil, nil
		for _, o := range pending {
			if o.right {
				out = append(out, sheet{nil, o.p})
			} else {
				out = append(out, sheet{o.p, nil})
			}
		}
		pending = nil
	}
	k := 0 // pages of the issue seen
	for _, p := range pages {
		if p.Overset {
			pending = append(pending, side{p, lastRight})
			continue
		}
		if k%2 == 1 { // a left-hand page opens a spread
			emit()
			left, lastRight = p, false
		} else {
			right, lastRight = p, true
			emit()
		}
		k++
	}
	emit()
	return out
}

// spread makes one spread page of left and right (either may be nil).
func spread(doc *layout.Document, left, right *layout.Page) *layout.Page {
	sp := &layout.Page{}
	var names, codes []string
	for _, p := range []*layout.Page{left, right} {
		if p != nil {
			name := p.Label
			if name == "" {
				name = p.Slot
			}
			names = append(names, name)
			codes = append(codes, p.Code)
			sp.Overset = sp.Overset || p.Overset
		}
	}
	sp.Slot = strings.Join(names, "|")
	sp.Label = sp.Slot
	sp.Code = strings.Join(codes, "|")
	w, b := doc.TrimW, doc.Bleed
	if left != nil {
		place(sp, left, 0, -b, w)
	}
	if right != nil {
		place(sp, right, w, 0, w+b)
	}
	return sp
}

// place draws p on the spread shifted right by dx, its images and rects cut
// to x0…x1 (page coordinates): at the spine, and at the bleed outside.
func place(sp, p *layout.Page, dx, x0, x1 units.Length) {
	for _, im := range p.Images {
		cx, cy, cw, ch := im.ClipX, im.ClipY, im.ClipW, im.ClipH
		if cw == 0 && ch == 0 {
			cx, cy, cw, ch = im.X, im.Y, im.W, im.H
		}
		nx0, nx1 := max(cx, x0), min(cx+cw, x1)
		if nx1 <= nx0 {
			continue
		}
		im.ClipX, im.ClipY, im.ClipW, im.ClipH = nx0+dx, cy, nx1-nx0, ch
		im.X += dx
		sp.Images = append(sp.Images, im)
	}
	for _, r := range p.Rects {
		nx0, nx1 := max(r.X, x0), min(r.X+r.W, x1)
		if nx1 <= nx0 {
			continue
		}
		r.X, r.W = nx0+dx, nx1-nx0
		sp.Rects = append(sp.Rects, r)
	}
	for _, l := range p.Lines {
		l.X1 += dx
		l.X2 += dx
		sp.Lines = append(sp.Lines, l)
	}
	for _, r := range p.Runs {
		r.X += dx
		sp.Runs = append(sp.Runs, r)
	}
	for _, t := range p.TextLines {
		t.X += dx
		t.End += dx
		sp.TextLines = append(sp.TextLines, t)
	}
}
