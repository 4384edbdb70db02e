package layout

import (
	"fmt"
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
		cols = 1
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
	// one line per article: the section name (on the first article of
	// each section), the title, dotted leaders, the page number flush right
	labelSt := style{chain: e.heading, size: e.S, color: Black}
	entrySt := e.bodyStyle()
	labelW := units.Length(0)
	for _, s := range starts {
		if ls := e.textLines(s.page.Section, labelSt, 1<<40, ps.Pos.File, ps.Pos.Line); len(ls) > 0 {
			g := ls[0][len(ls[0])-1]
			labelW = max(labelW, g.x+g.adv)
		}
	}
	labelW = min(labelW+e.S*3/2, colW/3)
	var lastSpec *issue.PageSpec
	for _, s := range starts {
		label := ""
		if s.page != lastSpec {
			lastSpec = s.page
			label = s.page.Section
		}
		title := s.article.Title
		if title == "" {
			title = s.article.File
		}
		items = append(items, e.tocEntry(label, title, iss.Slots[s.slot].Name, colW, labelW, labelSt, entrySt, s.article))
		e.report.Contents = append(e.report.Contents, ContentsEntry{Section: s.page.Section, Title: title, File: s.article.File, Slot: iss.Slots[s.slot].Name})
	}
	pl, next, _ := pour(items, frames, 0, -1)
	fill := e.draw(ps, items, pl, frames, func(k int) *Page { return e.doc.Pages[ps.Slots[k]] })
	for k, si := range ps.Slots {
		e.furniture(e.doc.Pages[si], iss.Slots[si], ps, frames[k], !ps.OpeningPage(si))
	}
	if next < len(items) {
		// items[0] is the heading; every other item is one entry (an
		// article), all of them blocks
		fill.Overset = len(items) - next
		entries := len(items) - 1
		msg := "not even its heading fits"
		if next > 0 {
			left := len(items) - next
			msg = fmt.Sprintf("%d of its %d entries do not fit (%d do)", left, entries, entries-left)
			if entries == 1 {
				msg = "its one entry does not fit"
			}
		}
		e.diags.Errorf(ps.Pos.File, ps.Pos.Line, "目录 does not fit slots %s: %s; give it more slots, or more columns (columns = %d)", rangeName(iss, ps), msg, cols)
	}
	e.report.Ranges = append(e.report.Ranges, fill)
}

// tocEntry sets one entry: the section label, the title (continuation
// lines aligned with it), dotted leaders as glyphs on a fixed pitch, and the
// page number flush right, so that each entry is one full line.
func (e *engine) tocEntry(label, title, folio string, colW, labelW units.Length, labelSt, st style, a *issue.Article) item {
	var fr fragment
	base := e.bo
	if label != "" {
		if ls := e.textLines(label, labelSt, labelW, a.File, a.TitlePos.Line); len(ls) > 0 {
			fr.runs = append(fr.runs, runsOf(ls[0], 0, base, labelSt.size, labelSt.color)...)
		}
	}
	var num []placed
	if ls := e.textLines(folio, st, colW, a.File, a.TitlePos.Line); len(ls) > 0 {
		num = ls[0]
	}
	numW := units.Length(0)
	if len(num) > 0 {
		numW = num[len(num)-1].x + num[len(num)-1].adv
	}
	avail := colW - labelW - numW - 3*e.S
	n := 0
	lastEnd := labelW
	for i, gs := range e.textLines(title, st, avail, a.File, a.TitlePos.Line) {
		fr.runs = append(fr.runs, runsOf(gs, labelW, units.Length(i)*e.L+base, st.size, st.color)...)
		if len(gs) > 0 {
			lastEnd = labelW + gs[len(gs)-1].x + gs[len(gs)-1].adv
		}
		n++
	}
	n = max(n, 1)
	base = units.Length(n-1)*e.L + e.bo
	fr.runs = append(fr.runs, runsOf(num, colW-numW, base, st.size, st.color)...)
	// leaders: middle dots on a half-em pitch measured from the column's
	// left edge, so the dots of all entries line up
	if id, f, ok := st.chain.lookup('·'); ok {
		dot := glyphAdvance(f, '·', st.size)
		pitch := e.S / 2
		start := (lastEnd + e.S/2 + pitch - 1) / pitch * pitch
		end := colW - numW - e.S/2
		var gs []placed
		for x := start; x+pitch <= end; x += pitch {
			gs = append(gs, placed{r: '·', font: id, adv: dot, x: x + (pitch-dot)/2})
		}
		if len(gs) > 0 {
			fr.runs = append(fr.runs, runsOf(gs, 0, base, st.size, st.color)...)
		}
	}
	// the subtitle, when there is one, on the next grid line in a smaller size
	if a.Subtitle != "" {
		sub := e.captionStyle()
		sub.color = CMYK{K: 75}
		if ls := e.textLines(a.Subtitle, sub, colW-labelW-numW-3*e.S, a.File, a.TitlePos.Line); len(ls) > 0 {
			fr.runs = append(fr.runs, runsOf(ls[0], labelW, units.Length(n)*e.L+e.bo, sub.size, sub.color)...)
			n++
		}
	}
	return item{kind: kBlock, lines: n, frag: fr, text: label + title + folio}
}
