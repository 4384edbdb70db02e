package layout

import (
	"sort"
	"strings"

	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// layoutTOC generates the 目录 into its slots: every article with its
// section and first page, grouped by section in page order, with dotted
// leaders to the page number. Entries that do not fit are an error.
func (e *engine) layoutTOC(ps *issue.PageSpec) {
	iss := e.iss
	if len(ps.Slots) == 0 {
		return
	}
	cols := ps.Columns
	if cols == 0 {
		cols = 2
	}
	frames := make([]frame, len(ps.Slots))
	for k, si := range ps.Slots {
		frames[k] = e.frame(iss.Slots[si], cols)
	}
	colW := frames[0].colW
	starts := append([]articleStart(nil), e.starts...)
	sort.SliceStable(starts, func(i, j int) bool { return starts[i].slot < starts[j].slot })

	var items []item
	// the heading of the contents: 目录 with the issue's title and number
	{
		st := e.titleStyle()
		per := int((st.size*13/10 + e.L - 1) / e.L)
		var fr fragment
		var txt strings.Builder
		n := 0
		for _, gs := range e.textLines("目　录", st, colW, ps.Pos.File, ps.Pos.Line) {
			fr.runs = append(fr.runs, runsOf(gs, 0, units.Length(n+per-1)*e.L+e.bo, st.size, st.color)...)
			n += per
			txt.WriteString("目录")
		}
		sub := e.subStyle()
		for _, gs := range e.textLines(iss.Title+"　"+iss.Number, sub, colW, ps.Pos.File, ps.Pos.Line) {
			fr.runs = append(fr.runs, runsOf(gs, 0, units.Length(n)*e.L+e.bo, sub.size, sub.color)...)
			n++
		}
		y := units.Length(n)*e.L + e.L/2
		fr.lines = append(fr.lines, Line{X1: 0, Y1: y, X2: colW, Y2: y, Width: units.FromPt(0.8), Color: Black})
		items = append(items, item{kind: kBlock, lines: n + 1, keep: 2, frag: fr, text: txt.String()})
	}
	headSt := e.headStyle()
	entrySt := e.bodyStyle()
	numSt := style{chain: e.heading, size: e.S, color: Black}
	var lastSpec *issue.PageSpec
	for _, s := range starts {
		if s.page != lastSpec {
			lastSpec = s.page
			name := s.page.Section
			if name == "" {
				name = rangeName(iss, s.page)
			}
			var fr fragment
			lines := e.textLines(name, headSt, colW, ps.Pos.File, ps.Pos.Line)
			for i, gs := range lines {
				fr.runs = append(fr.runs, runsOf(gs, 0, units.Length(i)*e.L+e.bo, headSt.size, headSt.color)...)
			}
			items = append(items, item{kind: kSpace, lines: 1}, item{kind: kBlock, lines: len(lines), keep: 1, frag: fr, text: name})
		}
		title := s.article.Title
		if title == "" {
			title = s.article.File
		}
		items = append(items, e.tocEntry(title, iss.Slots[s.slot].Name, colW, entrySt, numSt, s.article))
	}
	pl, next, _ := pour(items, frames, 0, -1)
	fill := RangeFill{Slots: rangeName(iss, ps), Section: ps.Section, Pos: ps.Pos}
	for _, f := range frames {
		fill.TotalLines += f.lines * f.cols
	}
	for _, p := range pl {
		it := items[p.item]
		fr := frames[p.page]
		it.frag.drawOn(e.doc.Pages[ps.Slots[p.page]], fr.colX(p.col), fr.top+units.Length(p.line)*e.L)
		fill.UsedLines += it.lines
	}
	for k, si := range ps.Slots {
		e.furniture(e.doc.Pages[si], iss.Slots[si], ps.Section, frames[k])
	}
	if next < len(items) {
		left := 0
		for _, it := range items[next:] {
			if it.kind != kSpace && it.kind != kBlock || it.startOf != nil {
				left++
			}
		}
		fill.Overset = len(items) - next
		e.diags.Errorf(ps.Pos.File, ps.Pos.Line, "目录 does not fit slots %s: %d entr%s left over (give it more slots or columns)", rangeName(iss, ps), left, map[bool]string{true: "y", false: "ies"}[left == 1])
	}
	e.report.Ranges = append(e.report.Ranges, fill)
}

// tocEntry sets one entry: the title (continuation lines indented 2 em),
// dotted leaders, and the page number flush right.
func (e *engine) tocEntry(title, folio string, colW units.Length, st, numSt style, a *issue.Article) item {
	numLines := e.textLines(folio, numSt, colW, a.File, a.TitlePos.Line)
	var num []placed
	if len(numLines) > 0 {
		num = numLines[0]
	}
	numW := units.Length(0)
	if len(num) > 0 {
		numW = num[len(num)-1].x + num[len(num)-1].adv
	}
	avail := colW - numW - 6*e.S
	it := itemizer{missing: func(_ int, r rune) { e.noteMissing(a.File, a.TitlePos.Line, r) }}
	atoms, p := it.itemize([]rune(title), st)
	var fr fragment
	n := 0
	var lastEnd units.Length
	if len(atoms) > 0 {
		lines, _ := Break(p, avail)
		for i, l := range lines {
			// entries are indented 2 em under their section, continuation
			// lines 3 em
			x0 := 2 * e.S
			if i > 0 {
				x0 = 3 * e.S
			}
			gs := setLine(atoms, p, l, avail)
			fr.runs = append(fr.runs, runsOf(gs, x0, units.Length(i)*e.L+e.bo, st.size, st.color)...)
			if len(gs) > 0 {
				lastEnd = x0 + gs[len(gs)-1].x + gs[len(gs)-1].adv
			}
			n++
		}
	} else {
		n = 1
	}
	base := units.Length(n-1)*e.L + e.bo
	fr.runs = append(fr.runs, runsOf(num, colW-numW, base, numSt.size, numSt.color)...)
	// leaders: dots every half em between the title and the number
	dot := e.S / 8
	step := e.S / 2
	for x := lastEnd + e.S/2; x+dot <= colW-numW-e.S/2; x += step {
		fr.rects = append(fr.rects, Rect{X: x, Y: base - e.S/4 - dot/2, W: dot, H: dot, Fill: Black})
	}
	return item{kind: kBlock, lines: n, frag: fr, text: title + folio}
}
