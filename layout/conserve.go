package layout

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// Conservation: the layout's proof, on every build, that no text was lost.
//
// Every line of article text the layout sets is recorded on its page as a
// Placed (its characters, its measure's box, and its Src: which content
// entry, which part of the article, which line of that part). Conserve
// checks the document against the issue model — not against the layout's
// own bookkeeping — so that a bug anywhere in breaking, flowing, balancing,
// caching or drawing shows up here:
//
//   - every part of every article (title, subtitle, byline, each paragraph,
//     subheading, quotation and caption) is set as lines 0 … n−1, each placed
//     exactly once, the last marked last, and their characters, in order,
//     are the part's characters (white space aside: spaces are joints, not
//     glyphs);
//   - nothing is placed that is not part of an article of the issue;
//   - every placed line lies inside its page's frame: the type area, inside
//     the trim, and in one column unless it spans them (a title), with its
//     baseline and descent above the foot of the type area — so never over
//     the folio, the running foot or past the trim.
//
// A violation is an internal error: the build stops and no PDF is written.

// conserveTolerance absorbs rounding in positions (thousandths of a point).
const conserveTolerance = 5

// Conserve checks doc against iss. skip lists content entries (Src.Content)
// whose text is knowingly incomplete (proof overset pages that leave out an
// item taller than a page, already reported); everything else must hold.
func Conserve(iss *issue.Issue, doc *Document, skip map[int]bool) diag.List {
	var out diag.List
	type partKey struct{ content, part, cell int }
	placed := map[partKey][]int{} // → indexes into where
	type at struct {
		page *Page
		k    int
	}
	var where []at
	for _, p := range doc.Pages {
		for k := range p.Placed {
			src := p.Placed[k].Src
			key := partKey{src.Content, src.Part, src.Cell}
			if !p.Placed[k].Repeat {
				placed[key] = append(placed[key], len(where))
			}
			where = append(where, at{p, k})
		}
	}
	// the frame: every line inside its page's type area and column
	for _, w := range where {
		p, l := w.page, w.page.Placed[w.k]
		if msg := outsideFrame(doc, p, l); msg != "" {
			c := contentAt(iss, l.Src.Content)
			file, line := "", 0
			if c != nil {
				file, line = c.Pos.File, c.Pos.Line
				if c.Article != nil {
					file, line = c.Article.File, partLine(c.Article, l.Src.Part)
				}
			}
			out.Errorf(file, line, "internal error: page %s: a line of this article is set %s: %q; no PDF written", p.Slot, msg, l.Text)
		}
	}
	// the text: every part placed exactly once, in order, whole
	id := 0
	seen := map[partKey]bool{}
	skipped := map[int]bool{} // content entries whose text is knowingly incomplete
	for _, ps := range iss.Pages {
		for _, c := range ps.Content {
			ci := id
			id++
			if c.Kind != issue.KindArticle || c.Article == nil || skip[ci] {
				skipped[ci] = skip[ci]
				continue
			}
			a := c.Article
			for _, part := range articleParts(iss, a) {
				key := partKey{ci, part.id, part.cell}
				seen[key] = true
				var lines []Placed
				var pages []string
				for _, wi := range placed[key] {
					lines = append(lines, where[wi].page.Placed[where[wi].k])
					pages = append(pages, where[wi].page.Slot)
				}
				if msg := checkPart(part.text, lines, pages); msg != "" {
					out.Errorf(a.File, partLine(a, part.id), "internal error: %s%s of %q (%s): %s; no PDF written", part.name, partName(part.id), a.Title, rangeName(iss, ps), msg)
				}
			}
		}
	}
	keys := make([]partKey, 0, len(placed))
	for key := range placed {
		if !seen[key] && !skipped[key.content] {
			keys = append(keys, key)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].content != keys[j].content {
			return keys[i].content < keys[j].content
		}
		return keys[i].part < keys[j].part
	})
	for _, key := range keys {
		w := where[placed[key][0]]
		out.Errorf(iss.PlanFile, 0, "internal error: page %s: text that belongs to no article part is set there: %q; no PDF written", w.page.Slot, w.page.Placed[w.k].Text)
	}
	return out
}

type articlePart struct {
	id   int
	cell int // a table's cell (Src.Cell), or 0
	name string
	text string
}

// articleParts lists the parts of a that the layout must set.
func articleParts(iss *issue.Issue, a *issue.Article) []articlePart {
	var parts []articlePart
	add := func(id int, name, text string) {
		if strings.TrimFunc(text, unicode.IsSpace) != "" {
			parts = append(parts, articlePart{id: id, name: name, text: text})
		}
	}
	set := func(bi int) string { return string(blockRunes(iss, a, bi).text) }
	notes := false
	add(PartKicker, "the kicker", a.Kicker)
	add(PartTitle, "the title", a.Title)
	add(PartSubtitle, "the subtitle", a.Subtitle)
	add(PartByline, "the byline", a.Byline)
	for bi, b := range a.Blocks {
		switch b.Kind {
		case issue.Para:
			add(bi, "the paragraph", set(bi))
		case issue.ListItem:
			add(bi, "the list item", set(bi))
		case issue.Quote:
			add(bi, "the quotation", set(bi))
		case issue.Heading:
			add(bi, "the subheading", set(bi))
		case issue.Note:
			add(bi, "the footnote", set(bi))
			notes = true
		case issue.TableBlock:
			add(bi, "the table caption", b.Text)
			k := 0
			for _, row := range b.Table.Rows {
				for _, c := range row {
					k++
					if text := string(cellRunes(iss, c).text); strings.TrimFunc(text, unicode.IsSpace) != "" {
						parts = append(parts, articlePart{id: bi, cell: k, name: fmt.Sprintf("the table cell %d", k), text: text})
					}
				}
			}
		case issue.Figure:
			if b.Image != nil && b.Image.Width > 0 {
				add(bi, "the caption", b.Text)
			}
		}
	}
	if notes && iss.Text.Endnotes {
		add(PartNotes, "the notes' heading", issue.EndnotesHeading)
	}
	return parts
}

func partName(id int) string {
	if id < 0 {
		return ""
	}
	return fmt.Sprintf(" (block %d)", id+1)
}

func partLine(a *issue.Article, part int) int {
	if part >= 0 && part < len(a.Blocks) {
		return a.Blocks[part].Line
	}
	return a.TitlePos.Line
}

// checkPart compares the placed lines of one part with its source text.
func checkPart(text string, lines []Placed, pages []string) string {
	if len(lines) == 0 {
		return "not set on any page (lost)"
	}
	idx := make([]int, len(lines))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return lines[idx[i]].Src.Seq < lines[idx[j]].Src.Seq })
	for n, i := range idx {
		l := lines[i]
		switch {
		case l.Src.Seq < n:
			return fmt.Sprintf("line %d is set twice (pages %s): %q", l.Src.Seq+1, strings.Join(pages, ", "), l.Text)
		case l.Src.Seq > n:
			return fmt.Sprintf("line %d is missing (the part's lines are on pages %s)", n+1, strings.Join(uniq(pages), ", "))
		case l.Src.Last != (n == len(idx)-1):
			if l.Src.Last {
				return fmt.Sprintf("lines after line %d are set though it is the last", n+1)
			}
			return fmt.Sprintf("its lines after line %d are missing (lost), from after %q", n+1, l.Text)
		}
		if l.Hyphen {
			r, _ := utf8.DecodeLastRuneInString(l.Text)
			if r != 0xAD && r != '-' {
				return fmt.Sprintf("line %d is marked hyphenated but does not end in a hyphen: %q", n+1, l.Text)
			}
		}
	}
	// the characters, in order, white space aside: compared as they
	// stream, without building the part's text again
	src, k := text, 0 // k counts compared characters
	next := func(s *string) (rune, bool) {
		for len(*s) > 0 {
			r, size := utf8.DecodeRuneInString(*s)
			*s = (*s)[size:]
			if !unicode.IsSpace(r) {
				return r, true
			}
		}
		return 0, false
	}
	mismatch := func() string {
		var got strings.Builder
		for _, i := range idx {
			t := lines[i].Text
			if lines[i].Hyphen {
				_, size := utf8.DecodeLastRuneInString(t)
				t = t[:len(t)-size]
			}
			got.WriteString(t)
		}
		want, have := dropSpace(text), dropSpace(got.String())
		return fmt.Sprintf("the set characters differ from the source at character %d: source %q, set %q", k+1, excerpt(want, k), excerpt(have, k))
	}
	for _, i := range idx {
		t := lines[i].Text
		if lines[i].Hyphen {
			_, size := utf8.DecodeLastRuneInString(t)
			t = t[:len(t)-size]
		}
		for {
			r, ok := next(&t)
			if !ok {
				break
			}
			if s, ok := next(&src); !ok || s != r {
				return mismatch()
			}
			k++
		}
	}
	if _, more := next(&src); more {
		return mismatch()
	}
	return ""
}

func dropSpace(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if !unicode.IsSpace(r) {
			out = append(out, r)
		}
	}
	return out
}

func excerpt(rs []rune, i int) string {
	if i >= len(rs) {
		return "(end)"
	}
	return string(rs[i:min(len(rs), i+12)])
}

func uniq(ss []string) []string {
	var out []string
	for _, s := range ss {
		if len(out) == 0 || out[len(out)-1] != s {
			out = append(out, s)
		}
	}
	return out
}

// outsideFrame says where l lies outside its page's frame, or "".
func outsideFrame(doc *Document, p *Page, l Placed) string {
	f, t := p.Frame, units.Length(conserveTolerance)
	if f.W <= 0 || f.H <= 0 {
		return "on a page without a type area"
	}
	if f.X < -t || f.Top < -t || f.X+f.W > doc.TrimW+t || f.Top+f.H > doc.TrimH+t {
		return "in a type area that crosses the trim"
	}
	switch {
	case l.Y-l.Size*88/100 < f.Top-t:
		return fmt.Sprintf("above the type area (%.1f pt above its top)", (f.Top - (l.Y - l.Size*88/100)).Points())
	case l.Y+l.Size*12/100 > f.Top+f.H+t:
		return fmt.Sprintf("below the foot of the type area (%.1f pt past it)", (l.Y + l.Size*12/100 - f.Top - f.H).Points())
	case l.X < f.X-t || l.X+l.W > f.X+f.W+t:
		return "outside the type area's width"
	case l.End > l.X+l.W+l.Size+t:
		return "past its measure"
	}
	if !l.Span {
		for c := 0; c < max(1, f.Cols); c++ {
			if x := f.ColX(c); l.X >= x-t && l.X+l.W <= x+f.ColW+t {
				return ""
			}
		}
		return "across a column edge"
	}
	return ""
}

// contentAt is the content entry with ordinal id.
func contentAt(iss *issue.Issue, id int) *issue.Content {
	for _, ps := range iss.Pages {
		if id < len(ps.Content) {
			return ps.Content[id]
		}
		id -= len(ps.Content)
	}
	return nil
}
