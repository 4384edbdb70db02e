package layout

import (
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// layoutCover sets the cover lines (masthead, issue number, date) over the
// cover slot, above its image, and the lines of every [[overlay]]. Without
// a [cover] table, a default masthead goes on 封面 when 封面 has an image.
func (e *engine) layoutCover() {
	if e.opt.Cover != nil {
		e.opt.Cover() // the masthead's colour (layout.Options.Cover)
	}
	c := e.iss.Cover
	if c == nil && len(e.doc.Pages[0].Images) > 0 {
		c = issue.DefaultCover(e.iss)
	}
	if c != nil {
		e.typeOver(c)
	}
	for _, o := range e.iss.Overlays {
		e.typeOver(o)
	}
}

// typeOver sets lines of type over a slot's page.
func (e *engine) typeOver(c *issue.Cover) {
	if c.Slot < 0 || c.Slot >= len(e.iss.Slots) {
		return
	}
	page := e.pageOfSlot(c.Slot)
	for _, l := range c.Lines {
		chain := e.heading
		if !l.Heading {
			chain = e.body
		}
		st := e.st(chain, l.Size, CMYK{l.Color[0], l.Color[1], l.Color[2], l.Color[3]})
		lines := e.textLines(l.Text, st, 1<<40, l.Pos.File, l.Pos.Line)
		if len(lines) == 0 {
			continue
		}
		gs := lines[0]
		for i := range gs {
			gs[i].x += units.Length(i) * l.Tracking
		}
		w := gs[len(gs)-1].x + gs[len(gs)-1].adv
		x := l.X
		switch l.Align {
		case "center":
			x = (e.doc.TrimW-w)/2 + l.X
		case "right":
			x = e.doc.TrimW - w - l.X
		}
		// the type, from its ascent to its descent, stays inside the trim
		if top, bottom := l.Y-st.size*88/100, l.Y+st.size*12/100; x < 0 || x+w > e.doc.TrimW || top < 0 || bottom > e.doc.TrimH {
			e.diags.Errorf(l.Pos.File, l.Pos.Line, "line %q runs past the edge of the page: it takes %.1f to %.1f mm across and %.1f to %.1f mm down a page of %.1f×%.1f mm; make it shorter or smaller, or move it",
				clip(l.Text), x.MM(), (x + w).MM(), top.MM(), bottom.MM(), e.doc.TrimW.MM(), e.doc.TrimH.MM())
		}
		page.Runs = append(page.Runs, runsOf(gs, x, l.Y, st.size, st.color)...)
	}
}

// pageOfSlot returns the page of slot index i (before overset pages are
// inserted, pages are indexed by slot).
func (e *engine) pageOfSlot(i int) *Page {
	for _, p := range e.doc.Pages {
		if p.Code == e.iss.Slots[i].Code && !p.Overset {
			return p
		}
	}
	return e.doc.Pages[i]
}
