package layout

import (
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// furnitureStyles are the styles of the running head, the footer (title and
// number) and the folio: sizes relative to the body size and never equal to
// it, so no reader (or referee) takes furniture for text.
func (e *engine) furnitureStyles() (head, foot, folio style) {
	return style{chain: e.heading, size: e.S * 9 / 10, color: Black},
		style{chain: e.body, size: e.S * 8 / 10, color: Black},
		style{chain: e.heading, size: e.S * 11 / 10, color: Black}
}

// footerInfo is the issue's title and number as the footer shows them,
// apart by an ideographic space (a space when no font has one).
func (e *engine) footerInfo() string {
	sep := "　"
	if _, _, ok := e.body.lookup('　'); !ok {
		sep = " "
	}
	return e.iss.Title + sep + e.iss.Number
}

// furniture adds the running head (the range's running_head, by default
// its section name, in its accent colour) with its rule, the folio at the
// outside corner and the issue's title and number in the footer. Covers get
// none; a page without head (an opening page, a page nothing reached, a
// pending page) gets no running head and no rule. Characters no font has
// are reported at the [[page]] ps (the section, the folio) or at the plan's
// title.
func (e *engine) furniture(p *Page, s issue.Slot, ps *issue.PageSpec, fr frame, head bool) {
	if s.Cover {
		return
	}
	m := e.iss.Paper.Margins
	left, right := m.Outside, e.doc.TrimW-m.Inside
	if s.Recto() {
		left, right = m.Inside, e.doc.TrimW-m.Outside
	}
	headSt, footSt, folioSt := e.furnitureStyles()
	ruleY := m.Top - units.FromMM(4)
	headBase := ruleY - units.FromMM(1.8)
	footBase := e.doc.TrimH - m.Bottom + units.FromMM(9)
	if head {
		e.runningHead(p, ps, headSt, left, right, headBase, ruleY, !s.Recto())
	}
	// folio at the outside corner, the issue's title and number beside it
	info := e.footerInfo()
	if s.Recto() {
		x := e.oneLine(p, s.Name, folioSt, left, right, footBase, false, ps.Pos)
		e.oneLine(p, info, footSt, left, x-folioSt.size, footBase, false, e.iss.TitlePos)
	} else {
		x := e.oneLine(p, s.Name, folioSt, left, right, footBase, true, ps.Pos)
		e.oneLine(p, info, footSt, x+folioSt.size, right, footBase, true, e.iss.TitlePos)
	}
}

// runningHead sets the range's running head flush to the outside edge
// (atLeft on a verso) over a hairline across the type area; with an accent
// colour, the name is set in it on a short bar of it over the rule.
func (e *engine) runningHead(p *Page, ps *issue.PageSpec, st style, left, right, base, ruleY units.Length, atLeft bool) {
	p.Lines = append(p.Lines, Line{X1: left, Y1: ruleY, X2: right, Y2: ruleY, Width: units.FromPt(0.4), Color: Black})
	if ps.RunningHead == "" {
		return
	}
	if ps.HasAccent {
		st.color = CMYK{ps.Accent[0], ps.Accent[1], ps.Accent[2], ps.Accent[3]}
	}
	far := e.oneLine(p, ps.RunningHead, st, left, right, base, atLeft, ps.Pos)
	if ps.HasAccent {
		// the bar under the name, on the rule: the section's colour tab
		x1, x2 := left, far
		if !atLeft {
			x1, x2 = far, right
		}
		w := units.FromPt(2)
		p.Lines = append(p.Lines, Line{X1: x1, Y1: ruleY - w/2, X2: x2, Y2: ruleY - w/2, Width: w, Color: st.color})
	}
}

// checkFurniture reports, once and before any page is set, plan text that
// running heads and footers cannot hold, at the line that sets it: a
// section wider than the type area, a title and number wider than the
// footer beside the widest folio; and the characters of title, number and
// sections that no font has (later reports of them count as more times).
func (e *engine) checkFurniture() {
	m := e.iss.Paper.Margins
	typeW := e.doc.TrimW - m.Inside - m.Outside
	headSt, footSt, folioSt := e.furnitureStyles()
	width := func(text string, st style, pos issue.Pos) units.Length {
		lines := e.textLines(text, st, 1<<40, pos.File, pos.Line)
		if len(lines) == 0 {
			return 0
		}
		gs := lines[0]
		return gs[len(gs)-1].x + gs[len(gs)-1].adv
	}
	e.textLines(e.iss.Title, footSt, 1<<40, e.iss.TitlePos.File, e.iss.TitlePos.Line)
	e.textLines(e.iss.Number, footSt, 1<<40, e.iss.NumberPos.File, e.iss.NumberPos.Line)
	reported := map[string]bool{}
	folioW := units.Length(0)
	for _, ps := range e.iss.Pages {
		for _, si := range ps.Slots {
			if s := e.iss.Slots[si]; !s.Cover {
				folioW = max(folioW, width(s.Name, folioSt, ps.Pos))
			}
		}
		if ps.RunningHead == "" || reported[ps.RunningHead] {
			continue
		}
		if w := width(ps.RunningHead, headSt, ps.Pos); w > typeW {
			reported[ps.RunningHead] = true
			what := "section"
			if ps.RunningHead != ps.Section {
				what = "running_head"
			}
			e.diags.Errorf(ps.Pos.File, ps.Pos.Line, "[[page]] %s %q is too long for the running head: %s wide, the type area %s", what, clip(ps.RunningHead), w, typeW)
		}
	}
	if folioW == 0 {
		return // covers only: no footer
	}
	if w, room := width(e.footerInfo(), footSt, e.iss.TitlePos), typeW-folioW-folioSt.size; w > room {
		e.diags.Errorf(e.iss.TitlePos.File, e.iss.TitlePos.Line, "[issue] title and number are too long for the footer: %s wide, the footer beside the folio %s", w, room)
	}
}

// clip shortens text quoted in a message to its first 16 characters.
func clip(s string) string {
	if r := []rune(s); len(r) > 16 {
		return string(r[:16]) + "…"
	}
	return s
}

// oneLine sets text on one line between left and right, flush left (atLeft)
// or flush right, and returns the far edge of the text (its right end when
// flush left, its left start when flush right). Characters no font has are
// reported at pos.
func (e *engine) oneLine(p *Page, text string, st style, left, right, baseline units.Length, atLeft bool, pos issue.Pos) units.Length {
	lines := e.textLines(text, st, 1<<40, pos.File, pos.Line)
	if len(lines) == 0 {
		return left
	}
	gs := lines[0]
	end := gs[len(gs)-1].x + gs[len(gs)-1].adv
	x0 := left
	if !atLeft {
		x0 = right - end
	}
	p.Runs = append(p.Runs, runsOf(gs, x0, baseline, st.size, st.color)...)
	if atLeft {
		return x0 + end
	}
	return x0
}
