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

// furniture adds the running head (section name), the folio at the outside
// corner and the issue's title and number in the footer. Covers get none.
// Characters no font has are reported at the [[page]] ps (the section, the
// folio) or at the plan's title.
func (e *engine) furniture(p *Page, s issue.Slot, ps *issue.PageSpec, fr frame) {
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
	if ps.Section != "" {
		e.oneLine(p, ps.Section, headSt, left, right, headBase, !s.Recto(), ps.Pos)
	}
	p.Lines = append(p.Lines, Line{X1: left, Y1: ruleY, X2: right, Y2: ruleY, Width: units.FromPt(0.4), Color: Black})
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
		if ps.Section == "" || reported[ps.Section] {
			continue
		}
		if w := width(ps.Section, headSt, ps.Pos); w > typeW {
			reported[ps.Section] = true
			e.diags.Errorf(ps.Pos.File, ps.Pos.Line, "[[page]] section %q is too long for the running head: %s wide, the type area %s", clip(ps.Section), w, typeW)
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
