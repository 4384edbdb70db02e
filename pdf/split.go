package pdf

import (
	"errors"
	"fmt"

	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/pdf/cos"
)

// Two gopdf documents draw a long document's text at the same time. gopdf
// is one object that draws page after page, and formatting the text is
// most of its work, so the text of the later pages — about half of all
// the text — is drawn by a second gopdf document while the first draws
// everything else: the earlier pages whole, and of the later pages their
// pictures, rules and fills, and a content stream where a whole draw would
// make it. That stream is then filled with the second document's content,
// corrected and its resource names mapped, as the disk cache fills a
// changed page (Cache.redraw). The objects and their numbers are those of
// one document drawing everything: gopdf numbers its objects in the order
// it makes them, a page's text makes none, and the fonts' objects are
// rewritten from the whole document's glyphs by the object pass. So the
// PDF is the same byte for byte either way (TestSplitSameBytes).

// splitRunes is how much text (in characters) a document needs before its
// text is drawn by two gopdf documents; below it the second document's
// fixed cost is not worth it.
const splitRunes = 20000

// noSplit turns drawing apart off (tests compare with it).
var noSplit = false

// apartPages returns the pages whose text a second document draws, in
// order; none when the document is drawn whole.
func (wr *writer) apartPages() []int {
	if noSplit || wr.stub || hasSupplied(wr.doc) {
		// supplied pages are imported into the whole document: no page
		// with one can be drawn on its own
		return nil
	}
	pages := wr.doc.Pages
	weight := make([]int, len(pages))
	total := 0
	for i, p := range pages {
		for _, r := range p.Runs {
			weight[i] += len(r.Text) / 3 // bytes of UTF-8 Chinese
		}
		total += weight[i]
	}
	if total < splitRunes {
		return nil
	}
	apart := make([]bool, len(pages))
	acc := 0
	for i := len(pages) - 1; i > 0 && 2*acc < total; i-- {
		if weight[i] > 0 {
			apart[i] = true
			acc += weight[i]
		}
	}
	// every font drawn with must be drawn on a page the first document
	// draws, or gopdf leaves it out of that document's resources
	onFirst := make([]bool, len(wr.fonts))
	for i, p := range pages {
		for _, r := range p.Runs {
			if !apart[i] && r.Text != "" {
				onFirst[r.Font] = true
			}
		}
	}
	for i, p := range pages {
		for _, r := range p.Runs {
			if apart[i] && r.Text != "" && !onFirst[r.Font] {
				apart[i] = false
				for _, r := range p.Runs {
					if r.Text != "" {
						onFirst[r.Font] = true
					}
				}
				break
			}
		}
	}
	var todo []int
	for i, a := range apart {
		if a {
			todo = append(todo, i)
		}
	}
	return todo
}

// renderSplit is render with the text of pages todo drawn by a second
// gopdf document at the same time.
func (wr *writer) renderSplit(todo []int) (*cos.Doc, error) {
	pages := make([]*layout.Page, len(todo))
	wr.apart = make([]bool, len(wr.doc.Pages))
	for k, i := range todo {
		pages[k] = wr.doc.Pages[i]
		wr.apart[i] = true
	}
	sub := wr.sub(pages)
	var sd *cos.Doc
	var serr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer cos.Recover(&serr)
		sd, serr = sub.gopdf()
	}()
	d, err := wr.gopdf()
	if err == nil {
		if err = wr.correct(d); err != nil {
			err = fmt.Errorf("pdf: %w", err)
		}
	}
	<-done
	var pe *PageError
	if errors.As(serr, &pe) && pe.Page < len(todo) {
		pe.Page = todo[pe.Page] // the page of the whole document
	}
	if err != nil || serr != nil {
		// the first page's error, as one document drawing in order says
		var me *PageError
		if serr != nil && (err == nil || errors.As(err, &me) && pe != nil && pe.Page < me.Page) {
			return nil, serr
		}
		return nil, err
	}
	dpages, err := d.Pages()
	if err != nil {
		return nil, err
	}
	fontRes, imgRes := wr.resourceNames(d, dpages)
	dst := make([]cos.Ref, len(todo))
	for k, i := range todo {
		if dst[k] = wr.contentRefs[i]; dst[k].Num == 0 {
			return nil, fmt.Errorf("pdf: page %d has no content stream for its text", i+1)
		}
	}
	if err := sub.transplant(sd, todo, d, dst, fontRes, imgRes); err != nil {
		return nil, err
	}
	return d, nil
}
