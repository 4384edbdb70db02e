package layout

import (
	"fmt"
	"sort"
	"strings"

	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// The 目录 (issue 15 item 4). After its heading, the cover story — the
// articles of the [[page]] marked feature = true (本期策划) — comes first and
// larger, under a thumbnail of its opening image; then every other article,
// grouped by section: a section's name (the part before "·": 博览·声音 and
// 博览·读书 are both 博览) is set once, on its group's first entry, and the
// groups follow each other in the order of their first page. Each entry is
// the title (its subtitle below, smaller), dotted leaders and the page
// number; the leaders' dots stand on one grid of half-em steps from the
// column's left edge and end where the column of page numbers starts, so they
// line up from entry to entry, and the page numbers are flush right in that
// column. What does not fit the slots is an error naming the first entry left
// out.

// tocEntry is one article of the 目录.
type tocEntry struct {
	start articleStart
	group string // the section's name as the 目录 shows it ("" for none)
}

// tocGroup is the section part of a section name: "博览" of "博览·读书".
func tocGroup(section string) string {
	for _, sep := range []string{"·", "・", "•"} {
		if i := strings.Index(section, sep); i > 0 {
			return section[:i]
		}
	}
	return section
}

// tocOrder puts the articles in the 目录's order: the feature's first (in
// page order), then the others grouped by section, each group in page
// order, the groups in the order of their first page.
func tocOrder(starts []articleStart) (feature, rest []tocEntry) {
	starts = append([]articleStart(nil), starts...)
	sort.SliceStable(starts, func(i, j int) bool { return starts[i].slot < starts[j].slot })
	var order []string
	groups := map[string][]tocEntry{}
	for _, s := range starts {
		en := tocEntry{start: s, group: tocGroup(s.page.Section)}
		if s.page.Feature {
			feature = append(feature, en)
			continue
		}
		if _, ok := groups[en.group]; !ok {
			order = append(order, en.group)
		}
		groups[en.group] = append(groups[en.group], en)
	}
	for _, g := range order {
		rest = append(rest, groups[g]...)
	}
	return feature, rest
}

// tocLayout are the measures shared by every entry of one 目录.
type tocLayout struct {
	colW   units.Length
	labelW units.Length // the column of section names
	numW   units.Length // the column of page numbers (the widest number)
	label  style        // section names
	entry  style        // titles and page numbers
}

// layoutTOC generates the 目录 into its slots.
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
	feature, rest := tocOrder(e.starts)
	// the cover story has the first page to itself, in one column, when
	// the 目录 has more pages: the sections start on the next
	own := len(feature) > 0 && len(frames) > 1
	if own {
		frames[0] = e.frame(iss.Slots[ps.Slots[0]], 1)
	}
	measures := func(ens []tocEntry, fr frame) tocLayout {
		tl := tocLayout{colW: fr.colW, label: style{chain: e.heading, size: e.S, color: Black}, entry: e.bodyStyle()}
		for _, en := range ens {
			tl.labelW = max(tl.labelW, e.textWidth(en.group, tl.label))
			tl.numW = max(tl.numW, e.textWidth(iss.Slots[en.start.slot].Name, tl.entry))
		}
		tl.labelW = min(tl.labelW+e.S*3/2, tl.colW/3)
		return tl
	}
	restFrame := frames[0]
	if own {
		restFrame = frames[1]
	}
	tl := measures(append(append([]tocEntry(nil), feature...), rest...), restFrame)

	items := []item{e.tocHeading(ps, frames[0].colW)}
	var names []string // what each item after the heading lists, for the error
	add := func(it item, name string) {
		items = append(items, it)
		names = append(names, name)
	}
	if len(feature) > 0 {
		fps := feature[0].start.page
		ftl := tl
		if own {
			ftl = measures(feature, frames[0])
		}
		if fps.HasAccent {
			ftl.label.color = accentOf(fps)
		}
		ftl.labelW = 0 // under the kicker, from the column's left edge
		// the kicker: the section's full name, in its colour
		add(e.tocKicker(fps, ftl), fps.Section)
		share := tocThumbnailShare
		if own {
			share = 3 // the page to itself: a larger picture
		}
		if thumb, ok := e.tocThumbnail(fps, ftl.colW, share); ok {
			add(thumb, thumbName+rangeName(iss, fps))
		}
		for k, en := range feature {
			add(e.tocEntry("", en.start, ftl, k == 0), en.start.article.Title)
			e.contentsEntry(en)
		}
		add(item{kind: kSpace, lines: 1}, "")
	}
	split := len(items) // the sections' first item
	last := "\x00"
	for _, en := range rest {
		label := ""
		if en.group != last {
			label, last = en.group, en.group
			tl.label.color = Black
			if en.start.page.HasAccent {
				tl.label.color = accentOf(en.start.page)
			}
		}
		add(e.tocEntry(label, en.start, tl, false), en.start.article.Title)
		e.contentsEntry(en)
	}
	var pl []placement
	next := 0
	if own {
		// the cover story on the first page, the sections from the second
		pl, next, _ = pour(items[:split], frames[:1], 0, -1)
		if next == split {
			var pl2 []placement
			pl2, next, _ = pour(items[split:], frames[1:], 0, -1)
			for _, p := range pl2 {
				p.item += split
				p.page++
				pl = append(pl, p)
			}
			next += split
		}
	} else {
		pl, next, _ = pour(items, frames, 0, -1)
	}
	fill := e.draw(ps, items, pl, frames, func(k int) *Page { return e.doc.Pages[ps.Slots[k]] })
	used := make([]bool, len(ps.Slots))
	for _, p := range pl {
		used[p.page] = true
	}
	for k, si := range ps.Slots {
		e.furniture(e.doc.Pages[si], iss.Slots[si], ps, frames[k], used[k] && !ps.OpeningPage(si))
	}
	if next < len(items) {
		entries := len(feature) + len(rest)
		left := 0
		for _, n := range names[max(next, 1)-1:] {
			if n != "" && !strings.HasPrefix(n, thumbName) {
				left++
			}
		}
		fill.Overset = len(items) - next
		msg := "not even its heading fits"
		if next > 0 {
			first := ""
			for _, n := range names[next-1:] {
				if n != "" {
					first = n
					break
				}
			}
			msg = fmt.Sprintf("%d of its %d entries do not fit (%d do), from %q", left, entries, entries-left, clip(first))
			if entries == 1 {
				msg = "its one entry does not fit"
			}
		}
		e.diags.Errorf(ps.Pos.File, ps.Pos.Line, "目录 does not fit slots %s: %s; give it more slots, or more columns (columns = %d)", rangeName(iss, ps), msg, cols)
	}
	e.report.Ranges = append(e.report.Ranges, fill)
}

// accentOf is a range's accent colour.
func accentOf(ps *issue.PageSpec) CMYK {
	return CMYK{ps.Accent[0], ps.Accent[1], ps.Accent[2], ps.Accent[3]}
}

// contentsEntry records an entry for the report.
func (e *engine) contentsEntry(en tocEntry) {
	s := en.start
	e.report.Contents = append(e.report.Contents, ContentsEntry{Section: s.page.Section, Title: tocTitle(s.article), File: s.article.File, Slot: e.iss.Slots[s.slot].Name})
}

// tocTitle is what the 目录 calls an article.
func tocTitle(a *issue.Article) string {
	if a.Title == "" {
		return a.File
	}
	return a.Title
}

// tocHeading is the heading of the contents: 目录 with the issue's title and
// number, over a rule.
func (e *engine) tocHeading(ps *issue.PageSpec, colW units.Length) item {
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
	for _, gs := range e.textLines(e.iss.Title+"　"+e.iss.Number, sub, colW, ps.Pos.File, ps.Pos.Line) {
		fr.runs = append(fr.runs, runsOf(gs, 0, units.Length(n)*e.L+e.bo, sub.size, sub.color)...)
		n++
	}
	y := units.Length(n)*e.L + e.L/2
	fr.lines = append(fr.lines, Line{X1: 0, Y1: y, X2: colW, Y2: y, Width: units.FromPt(0.8), Color: Black})
	return item{kind: kBlock, lines: n + 1, keep: 2, frag: fr, text: txt.String()}
}

// thumbName names the thumbnail in the list of what the 目录's items list.
const thumbName = "the thumbnail of "

// tocThumbnailShare is the thumbnail's height in the type area's lines.
const tocThumbnailShare = 5 // one fifth

// tocThumbnail is the cover story's picture for the 目录: its range's
// opening image, else its first article's first figure, across the column
// at 1/share of the type area's height, cropped centred to that shape.
func (e *engine) tocThumbnail(ps *issue.PageSpec, colW units.Length, share int) (item, bool) {
	im := ps.OpeningImage
	for _, c := range ps.Content {
		if im != nil {
			break
		}
		if c.Article != nil {
			for _, b := range c.Article.Blocks {
				if b.Kind == issue.Figure && b.Image != nil && b.Image.Width > 0 {
					im = b.Image
					break
				}
			}
		}
	}
	if im == nil || im.Width == 0 || im.Height == 0 {
		return item{}, false
	}
	n := max(3, e.typeLines()/share)
	bw, bh := colW, units.Length(n)*e.L-e.S/2
	w, h := bw, bw.Scale(int64(im.Height), int64(im.Width))
	if h < bh {
		w, h = bh.Scale(int64(im.Width), int64(im.Height)), bh
	}
	var fr fragment
	fr.images = append(fr.images, Image{Path: im.Path, Page: im.Page, X: (bw - w) / 2, Y: (bh - h) / 2, W: w, H: h, ClipX: 0, ClipY: 0, ClipW: bw, ClipH: bh})
	return item{kind: kBlock, lines: n, keep: 2, frag: fr}, true
}

// tocKicker is the line over the cover story: its section's full name in
// the heading face, in its colour.
func (e *engine) tocKicker(ps *issue.PageSpec, tl tocLayout) item {
	var fr fragment
	if ls := e.textLines(ps.Section, tl.label, tl.colW, ps.Pos.File, ps.Pos.Line); len(ls) > 0 {
		fr.runs = append(fr.runs, runsOf(ls[0], 0, e.bo, tl.label.size, tl.label.color)...)
	}
	return item{kind: kBlock, lines: 1, keep: 2, frag: fr, text: ps.Section}
}

// tocEntry sets one entry: the section label, the title (continuation
// lines aligned with it; larger for the cover story, lead), the dotted
// leaders and the page number, and the subtitle below, smaller.
func (e *engine) tocEntry(label string, s articleStart, tl tocLayout, lead bool) item {
	a := s.article
	folio := e.iss.Slots[s.slot].Name
	var fr fragment
	if label != "" {
		if ls := e.textLines(label, tl.label, tl.labelW, a.File, a.TitlePos.Line); len(ls) > 0 {
			fr.runs = append(fr.runs, runsOf(ls[0], 0, e.bo, tl.label.size, tl.label.color)...)
		}
	}
	st := tl.entry
	per := 1
	if lead {
		st = e.st(e.heading, e.S*18/10, tl.label.color)
		per = int((st.size*13/10 + e.L - 1) / e.L)
	}
	numX := tl.colW - tl.numW // the column of page numbers
	leadEnd := numX - e.S/2   // every leader ends here
	avail := leadEnd - tl.labelW - 2*e.S
	n := 0
	lastEnd := tl.labelW
	for _, gs := range e.headlineLines(tocTitle(a), st, avail, a.File, a.TitlePos.Line) {
		fr.runs = append(fr.runs, runsOf(gs, tl.labelW, units.Length(n+per-1)*e.L+e.bo, st.size, st.color)...)
		if len(gs) > 0 {
			lastEnd = tl.labelW + gs[len(gs)-1].x + gs[len(gs)-1].adv
		}
		n += per
	}
	n = max(n, 1)
	base := units.Length(n-1)*e.L + e.bo
	// the cover story's lead entry sets its page number and leaders in
	// its own size, on its title's baseline (a line of small dots after a
	// large title reads as a line of its own)
	num := tl.entry
	if lead {
		num = st
	}
	if ls := e.textLines(folio, num, tl.colW, a.File, a.TitlePos.Line); len(ls) > 0 {
		gs := ls[0]
		w := gs[len(gs)-1].x + gs[len(gs)-1].adv
		fr.runs = append(fr.runs, runsOf(gs, tl.colW-w, base, num.size, num.color)...)
		leadEnd = min(leadEnd, tl.colW-w-e.S/2)
	}
	// leaders: middle dots on a half-em pitch from the column's left edge,
	// so the dots of all entries line up, ending at the same x
	if id, f, ok := num.chain.lookup('·'); ok {
		dot := glyphAdvance(f, '·', num.size)
		pitch := e.S / 2
		if lead {
			pitch = e.S
		}
		var gs []placed
		// the first dot's box at least a twelfth of an em after the
		// title, so under a pitch and that away: a wider gap reads as
		// two lines (and did with a narrow · as WenQuanYi's, up to 1.1 em)
		from := lastEnd + e.S/12 - (pitch-dot)/2
		for x := (from + pitch - 1) / pitch * pitch; x+pitch <= leadEnd; x += pitch {
			gs = append(gs, placed{r: '·', font: id, adv: dot, x: x + (pitch-dot)/2})
		}
		if len(gs) > 0 {
			fr.runs = append(fr.runs, runsOf(gs, 0, base, num.size, num.color)...)
		}
	}
	if a.Subtitle != "" {
		sub := e.captionStyle()
		sub.color = CMYK{K: 75}
		if ls := e.textLines(a.Subtitle, sub, avail, a.File, a.TitlePos.Line); len(ls) > 0 {
			fr.runs = append(fr.runs, runsOf(ls[0], tl.labelW, units.Length(n)*e.L+e.bo, sub.size, sub.color)...)
			n++
		}
	}
	return item{kind: kBlock, lines: n, frag: fr, text: label + tocTitle(a) + folio}
}
