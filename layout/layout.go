package layout

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// Fonts are the loaded faces of the plan's font roles.
type Fonts struct {
	Body     *fonts.Face
	Heading  *fonts.Face
	Fallback []*fonts.Face
	Quote    *fonts.Face // [fonts] quote: a 楷体-style face, or nil
}

// Options change how the issue is set.
type Options struct {
	// OversetPages: text that does not fit its range is not an error but is
	// set on extra pages, clearly marked, after the range's last page (for
	// proofs, so proofreaders can read what does not fit).
	OversetPages bool

	// Cache, when set, reuses the set articles of earlier layouts in this
	// process (see cache.go); the document is the same with or without it.
	Cache *Cache

	// Cover, when set, is called before the cover's lines are set: the
	// build picks the default masthead's colour from the cover image
	// while the text is laid out, and sets it then.
	Cover func()
}

// Report summarises a layout for the build report.
type Report struct {
	Ranges   []RangeFill
	Contents []ContentsEntry // what the 目录 lists, in its order
	Missing  []Missing       // characters no configured font has (each an error too)
}

// Missing is a character no configured font has, where it first occurs.
type Missing struct {
	R    rune
	File string
	Line int
}

// ContentsEntry is one article in the 目录.
type ContentsEntry struct {
	Section string
	Title   string
	File    string
	Slot    string // where the article starts (its title block)
}

// RangeFill is how full one [[page]] entry's slots are.
type RangeFill struct {
	Slots      string // "16-27" or "01"
	Section    string
	UsedLines  int
	TotalLines int
	Overset    int  // lines left over (0 when everything fits)
	Pending    bool // a section waiting for its content: its pages hold a placeholder
	Pos        issue.Pos
}

// Percent is the fill in whole percent.
func (r RangeFill) Percent() int {
	if r.TotalLines == 0 {
		return 0
	}
	return int(math.Round(100 * float64(r.UsedLines) / float64(r.TotalLines)))
}

type engine struct {
	iss   *issue.Issue
	doc   *Document
	diags diag.List

	body, heading *faceChain
	quote         *faceChain // [fonts] quote (楷体), or nil
	fontNames     string     // for messages: which fonts were tried

	S, L units.Length // body size and leading
	bo   units.Length // baseline offset from the top of a grid line

	missing map[missKey]*missInfo
	missOrd []missKey

	starts []articleStart // where each article starts, for the 目录
	report Report

	opt   Options
	extra map[int][]*Page // overset pages to insert after a slot's page

	contentID map[*issue.Content]int // Src.Content of each content entry
	picMemo   picMemo                // picture pages' search (picture.go)
	dropped   map[int]bool           // content entries whose text a proof knowingly leaves out
}

type missKey struct {
	file string
	r    rune
}

type missInfo struct {
	line  int
	count int
}

type articleStart struct {
	page    *issue.PageSpec
	article *issue.Article
	slot    int // index into Issue.Slots
}

// Layout sets the whole issue. Errors (characters no font has, overset text,
// 目录 entries that do not fit) are returned as diagnostics; the document is
// complete when there are none.
func Layout(iss *issue.Issue, f Fonts) (*Document, *Report, diag.List) {
	return LayoutWith(iss, f, Options{})
}

// LayoutWith is Layout with options.
func LayoutWith(iss *issue.Issue, f Fonts, opt Options) (*Document, *Report, diag.List) {
	e := &engine{iss: iss, missing: map[missKey]*missInfo{}, opt: opt, extra: map[int][]*Page{}, contentID: map[*issue.Content]int{}, dropped: map[int]bool{}}
	for _, ps := range iss.Pages {
		for _, c := range ps.Content {
			e.contentID[c] = len(e.contentID)
		}
	}
	e.doc = &Document{
		Title: iss.Title, Number: iss.Number, Date: iss.Date,
		TrimW: iss.Paper.TrimW, TrimH: iss.Paper.TrimH, Bleed: iss.Paper.Bleed,
	}
	ids := map[*fonts.Face]int{}
	id := func(face *fonts.Face) int {
		if i, ok := ids[face]; ok {
			return i
		}
		ids[face] = len(e.doc.Fonts)
		e.doc.Fonts = append(e.doc.Fonts, face)
		return ids[face]
	}
	chain := func(first *fonts.Face, rest ...*fonts.Face) *faceChain {
		c := &faceChain{cache: map[rune]int{}}
		for _, face := range append([]*fonts.Face{first}, rest...) {
			dup := false
			for _, have := range c.faces {
				dup = dup || have.(faceMetrics).Face == face
			}
			if face != nil && !dup {
				c.faces = append(c.faces, faceMetrics{face})
				c.ids = append(c.ids, id(face))
			}
		}
		return c
	}
	e.body = chain(f.Body, append(f.Fallback, f.Heading)...)
	e.heading = chain(f.Heading, append(f.Fallback, f.Body)...)
	if f.Quote != nil {
		e.quote = chain(f.Quote, append(f.Fallback, f.Body)...)
	}
	// the last face of each chain is the other role's: characters taken
	// from it are reported (a Latin-only body font would otherwise set all
	// the Chinese text in the bold heading face without a word)
	for _, c := range []*faceChain{e.body, e.heading} {
		if len(c.faces) > 1 {
			c.borrowed = map[rune]bool{}
		}
	}
	var names []string
	for _, face := range e.doc.Fonts {
		names = append(names, face.Name)
	}
	e.fontNames = strings.Join(names, ", ")

	e.S, e.L = iss.Text.Size, iss.Text.Leading
	e.bo = (e.L-e.S)/2 + e.S*88/100

	pages := make([]*Page, len(iss.Slots))
	for i, s := range iss.Slots {
		pages[i] = &Page{Slot: s.Name, Code: s.Code, Label: s.Name}
	}
	e.doc.Pages = pages

	e.checkFurniture()
	var tocSpecs, specs []*issue.PageSpec
	for _, ps := range iss.Pages {
		if ps.TOC {
			tocSpecs = append(tocSpecs, ps)
		} else {
			specs = append(specs, ps)
		}
	}
	e.layoutRanges(specs) // parallel.go
	for _, ps := range tocSpecs {
		e.layoutTOC(ps)
	}
	e.layoutCover()
	e.reportBorrowed(f)
	if len(e.extra) > 0 {
		var all []*Page
		for i, p := range pages {
			all = append(all, p)
			all = append(all, e.extra[i]...)
		}
		e.doc.Pages = all
	}
	for _, k := range e.missOrd {
		m := e.missing[k]
		more := ""
		if m.count > 1 {
			more = fmt.Sprintf(" (and %d more time%s in this file)", m.count-1, plural(m.count-1))
		}
		e.diags.Errorf(k.file, m.line, "character %q (U+%04X) is in no configured font (tried %s)%s", string(k.r), k.r, e.fontNames, more)
		e.report.Missing = append(e.report.Missing, Missing{R: k.r, File: k.file, Line: m.line})
	}
	if !e.diags.HasErrors() {
		// no text lost, nothing outside its frame: else no PDF
		e.diags.Add(Conserve(iss, e.doc, e.dropped)...)
	}
	return e.doc, &e.report, e.diags
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// noteMissing records a character no font has.
func (e *engine) noteMissing(file string, line int, r rune) {
	k := missKey{file, r}
	if m, ok := e.missing[k]; ok {
		m.count++
		return
	}
	e.missing[k] = &missInfo{line: line, count: 1}
	e.missOrd = append(e.missOrd, k)
}

// styles: the punctuation style of [text] applies to all text; hanging
// punctuation to body text only.
func (e *engine) st(c *faceChain, size units.Length, color CMYK) style {
	return style{chain: c, size: size, color: color, punct: e.iss.Text.Punctuation}
}
func (e *engine) bodyStyle() style {
	s := e.st(e.body, e.S, Black)
	s.hanging = e.iss.Text.Hanging
	return s
}
func (e *engine) titleStyle() style   { return e.st(e.heading, e.S*22/10, Black) }
func (e *engine) subStyle() style     { return e.st(e.body, e.S*13/10, Black) }
func (e *engine) bylineStyle() style  { return e.st(e.heading, e.S*9/10, CMYK{K: 80}) }
func (e *engine) headStyle() style    { return e.st(e.heading, e.S, Black) }
func (e *engine) captionStyle() style { return e.st(e.body, e.S*85/100, Black) }

// frame is the type area (版心) of one page with its column grid.
type frame struct {
	x, top    units.Length
	w, h      units.Length
	cols      int
	colW, gap units.Length
	lines     int
	// notesBelow: on the balanced last page, the balancing limit is the
	// height of the text, and a column's footnotes go below its own text
	// (pour.go, flow.go)
	notesBelow bool
	// belowTitle: on the balanced last page, the limit holds only below a
	// title across the columns set in the column flow (the text above it
	// is balanced on its own)
	belowTitle bool
}

func (f frame) colX(c int) units.Length { return f.x + units.Length(c)*(f.colW+f.gap) }

func (e *engine) frame(slot issue.Slot, cols int) frame {
	p := e.iss.Paper
	m := p.Margins
	left := m.Inside
	if !slot.Recto() {
		left = m.Outside
	}
	f := frame{x: left, top: m.Top, w: p.TrimW - m.Inside - m.Outside, h: p.TrimH - m.Top - m.Bottom, cols: cols}
	// whole characters per line (clreq §3.5.1): the column is a whole number
	// of ems, the gap takes the remainder
	chars := units.Length(max(1, e.iss.ColumnChars(cols))) // at least issue.MinColumnChars in a valid plan
	f.colW = chars * e.S
	if cols > 1 {
		f.gap = (f.w - units.Length(cols)*f.colW) / units.Length(cols-1)
	} else {
		f.w = f.colW
	}
	f.lines = e.typeLines()
	return f
}

// typeLines is the number of grid lines in the type area (of every frame).
func (e *engine) typeLines() int {
	p := e.iss.Paper
	return int((p.TrimH - p.Margins.Top - p.Margins.Bottom) / e.L)
}

func (e *engine) columnsOf(ps *issue.PageSpec) int {
	if ps.Columns > 0 {
		return ps.Columns
	}
	return e.iss.Text.Columns
}

func rangeName(iss *issue.Issue, ps *issue.PageSpec) string {
	if len(ps.Slots) == 0 {
		return ""
	}
	a, b := iss.Slots[ps.Slots[0]].Name, iss.Slots[ps.Slots[len(ps.Slots)-1]].Name
	if a == b {
		return a
	}
	return a + "-" + b
}

// reportBorrowed warns about characters of one role set in the other role's
// font because neither the role's font nor a fallback has them.
func (e *engine) reportBorrowed(f Fonts) {
	for _, c := range []struct {
		chain      *faceChain
		role, from string
		face       *fonts.Face
	}{{e.body, "body", "heading", f.Heading}, {e.heading, "heading", "body", f.Body}} {
		if len(c.chain.borrowed) == 0 || c.face == nil {
			continue
		}
		rs := make([]rune, 0, len(c.chain.borrowed))
		for r := range c.chain.borrowed {
			rs = append(rs, r)
		}
		slices.Sort(rs)
		ex := string(rs[:min(len(rs), 12)])
		if len(rs) > 12 {
			ex += "…"
		}
		e.diags.Warnf(e.iss.Fonts.Body.Pos.File, e.iss.Fonts.Body.Pos.Line, "%d character%s of %s text are in neither the %s font nor a fallback and are set in the %s font %s: %s (add a fallback font that has them)", len(rs), plural(len(rs)), c.role, c.role, c.from, c.face.Name, ex)
	}
}
