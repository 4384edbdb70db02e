package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/units"
)

// Per-line records: every line of article text on a page, where it is on
// the PDF page, what it says and which source line it came from. A proof
// compares them with an earlier proof's to mark what changed (package
// proof), and `paiban notes` maps a proofreader's marks back to source
// lines with them — from the manifest alone, round after round.

// Geometry says where a slot's page lies on its PDF page, in points: the
// trim, the bleed around it and the slug below it (proofs). A layout
// position (x, y from the trim's top-left corner, y down) is at PDF
// (Bleed + x, Bleed + Slug + TrimH − y).
type Geometry struct {
	TrimW float64 `json:"trim_w"`
	TrimH float64 `json:"trim_h"`
	Bleed float64 `json:"bleed"`
	Slug  float64 `json:"slug"`
}

// X and Y convert a layout position to PDF points.
func (g Geometry) X(x units.Length) float64 { return round3(g.Bleed + x.Points()) }
func (g Geometry) Y(y units.Length) float64 { return round3(g.Bleed + g.Slug + g.TrimH - y.Points()) }

// LayoutY converts a PDF y back to a layout position.
func (g Geometry) LayoutY(y float64) units.Length {
	return units.FromPt(g.Bleed + g.Slug + g.TrimH - y)
}

// LayoutX converts a PDF x back to a layout position.
func (g Geometry) LayoutX(x float64) units.Length { return units.FromPt(x - g.Bleed) }

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// Line is one set line of article text.
type Line struct {
	// Box is the line's quad as a rectangle x0 y0 x1 y1 in PDF points on
	// the slot's own page (Geometry): from the first glyph's origin to the
	// last glyph's end, from the descent (0.12 em) to the ascent (0.88 em).
	Box  [4]float64 `json:"box"`
	Text string     `json:"text"`
	// File is the article, relative to the plan's folder (slash-separated);
	// Line its source line where this set line begins.
	File string `json:"file"`
	Line int    `json:"line"`
	// Part and Seq are the layout's Src: the part of the article (a block
	// index, or layout.PartTitle …) and the line's place in it.
	Part int `json:"part"`
	Seq  int `json:"seq"`
	// Hyphen: the last character is a hyphen the layout added.
	Hyphen bool `json:"hy,omitempty"`
	// Adv holds the characters' advances in thousandths of a point, from
	// each character's origin to the next one's (the last: its width),
	// as "10500*18 5250 …" (a value repeated n times is written v*n).
	Adv string `json:"adv"`
}

// Edges returns the x positions (PDF points) of the characters' left
// edges and, last, the end of the line: one more than the characters.
func (l Line) Edges() []float64 {
	n := utf8.RuneCountInString(l.Text)
	out := make([]float64, 0, n+1)
	x := int64(units.FromPt(l.Box[0]))
	out = append(out, l.Box[0])
	for _, tok := range strings.Fields(l.Adv) {
		v, count := tok, 1
		if a, b, ok := strings.Cut(tok, "*"); ok {
			v = a
			if c, err := strconv.Atoi(b); err == nil && c > 0 && c <= n {
				count = c
			}
		}
		adv, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			break
		}
		for range count {
			if len(out) > n {
				break
			}
			x += adv
			out = append(out, units.Length(x).Points())
		}
	}
	// a damaged or missing record: the characters share the box evenly
	if len(out) != n+1 {
		out = out[:0]
		for i := 0; i <= n; i++ {
			out = append(out, l.Box[0]+(l.Box[2]-l.Box[0])*float64(i)/float64(max(n, 1)))
		}
	}
	return out
}

// Source is "file:line".
func (l Line) Source() string { return fmt.Sprintf("%s:%d", l.File, l.Line) }

// AddLines records the lines of article text of every page of doc (which
// m was computed from), set for a PDF whose pages have slug below the
// bleed, with their source lines in iss.
func (m *Manifest) AddLines(iss *issue.Issue, doc *layout.Document, slug units.Length) {
	if m == nil || doc == nil || len(m.Pages) != len(doc.Pages) {
		return
	}
	g := Geometry{TrimW: doc.TrimW.Points(), TrimH: doc.TrimH.Points(), Bleed: doc.Bleed.Points(), Slug: slug.Points()}
	m.Geometry = &g
	src := sourceLines(iss, doc)
	var buf []glyph
	for i, p := range doc.Pages {
		if p.Label != "" && p.Label != p.Slot {
			m.Pages[i].Label = p.Label
		}
		m.Pages[i].Lines = make([]Line, 0, len(p.Placed))
		byY := map[units.Length][]int{} // the page's runs by baseline
		for k, r := range p.Runs {
			byY[r.Y] = append(byY[r.Y], k)
		}
		for _, pl := range p.Placed {
			var l Line
			l, buf = lineOf(doc, p, pl, g, src[pl.Src], byY[pl.Y], buf)
			m.Pages[i].Lines = append(m.Pages[i].Lines, l)
		}
	}
}

type srcPos struct {
	file string
	line int
}

// sourceLines finds the source line where each placed line begins: the
// line of its part's block at the rune the set line starts with.
func sourceLines(iss *issue.Issue, doc *layout.Document) map[layout.Src]srcPos {
	out := map[layout.Src]srcPos{}
	if iss == nil {
		return out
	}
	var contents []*issue.Content
	for _, ps := range iss.Pages {
		contents = append(contents, ps.Content...)
	}
	dir := filepath.Dir(iss.PlanFile)
	files := map[string]string{} // article path → as recorded
	type partKey struct{ content, part int }
	type placed struct {
		src  layout.Src
		text string
	}
	parts := map[partKey][]placed{}
	var keys []partKey
	for _, p := range doc.Pages {
		for _, pl := range p.Placed {
			k := partKey{pl.Src.Content, pl.Src.Part}
			if _, ok := parts[k]; !ok {
				keys = append(keys, k)
			}
			parts[k] = append(parts[k], placed{pl.Src, pl.Text})
		}
	}
	for _, k := range keys {
		if k.content < 0 || k.content >= len(contents) || contents[k.content].Article == nil {
			continue
		}
		a := contents[k.content].Article
		file, ok := files[a.File]
		if !ok {
			file = a.File
			if rel, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(rel, "..") {
				file = rel
			}
			file = filepath.ToSlash(file)
			files[a.File] = file
		}
		lines := parts[k]
		sort.SliceStable(lines, func(i, j int) bool { return lines[i].src.Seq < lines[j].src.Seq })
		if k.part < 0 || k.part >= len(a.Blocks) {
			for _, pl := range lines {
				out[pl.src] = srcPos{file, a.TitlePos.Line}
			}
			continue
		}
		b := a.Blocks[k.part]
		if len(b.LineStarts) == 0 { // the block is one source line
			for _, pl := range lines {
				out[pl.src] = srcPos{file, b.Line}
			}
			continue
		}
		text := []rune(b.Text)
		skip := 0 // a list item's marker is set before its text
		if b.Kind == issue.ListItem {
			skip = utf8.RuneCountInString(b.Marker)
		}
		seen := 0        // characters (white space aside) before the line
		at, from := 0, 0 // runeAt(text, seen-skip), walked along
		for _, pl := range lines {
			at, from = runeAt(text, seen-skip, at, from)
			out[pl.src] = srcPos{file, b.LineOf(at)}
			for _, r := range strings.TrimSuffix(pl.text, "\u00ad") {
				if !unicode.IsSpace(r) {
					seen++
				}
			}
		}
	}
	return out
}

// runeAt is the index in text of the character (white space aside) that
// n others precede, searching on from index i, which c characters
// precede; it returns the index and how many characters precede it.
func runeAt(text []rune, n, i, c int) (int, int) {
	for ; i < len(text); i++ {
		if unicode.IsSpace(text[i]) {
			continue
		}
		if c >= n {
			return i, c
		}
		c++
	}
	return len(text), c
}

// lineOf makes the record of one placed line: the positions of its
// characters from the page's glyph runs on its baseline.
func lineOf(doc *layout.Document, p *layout.Page, pl layout.Placed, g Geometry, at srcPos, runs []int, buf []glyph) (Line, []glyph) {
	text := []rune(pl.Text)
	xs, advs, buf := glyphPositions(doc, p, pl, text, runs, buf)
	l := Line{Text: pl.Text, File: at.file, Line: at.line, Part: pl.Src.Part, Seq: pl.Src.Seq, Hyphen: pl.Hyphen}
	x0, x1 := pl.X, pl.End
	if len(xs) > 0 {
		x0, x1 = xs[0], xs[len(xs)-1]+advs[len(advs)-1]
	}
	l.Box = [4]float64{g.X(x0), g.Y(pl.Y + pl.Size*12/100), g.X(x1), g.Y(pl.Y - pl.Size*88/100)}
	a := make([]units.Length, len(xs))
	for i := range xs {
		a[i] = advs[i]
		if i+1 < len(xs) {
			a[i] = xs[i+1] - xs[i]
		}
	}
	var sb strings.Builder
	for i := 0; i < len(a); {
		n := 1
		for i+n < len(a) && a[i+n] == a[i] {
			n++
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(strconv.FormatInt(int64(a[i]), 10))
		if n > 1 {
			sb.WriteByte('*')
			sb.WriteString(strconv.Itoa(n))
		}
		i += n
	}
	l.Adv = sb.String()
	return l, buf
}

type glyph struct {
	r      rune
	x, adv units.Length
}

// glyphPositions finds each character of text among the page's glyph runs
// on the line's baseline, in its measure: its origin and its advance in
// the font. Without a match (nil) the record's characters share the box.
func glyphPositions(doc *layout.Document, p *layout.Page, pl layout.Placed, text []rune, runs []int, buf []glyph) (xs, advs []units.Length, _ []glyph) {
	gs := buf[:0]
	const tol = 5
	for _, k := range runs {
		r := p.Runs[k]
		if r.Y != pl.Y || r.X < pl.X-tol || r.X >= max(pl.End, pl.X+1) || r.Font < 0 || r.Font >= len(doc.Fonts) || doc.Fonts[r.Font] == nil {
			continue
		}
		face, x := doc.Fonts[r.Font], r.X
		for _, c := range r.Text {
			adv := r.Size.Scale(int64(face.Width(c)), 1000)
			gs = append(gs, glyph{c, x, adv})
			x += adv + r.Spacing
		}
	}
	if !sort.SliceIsSorted(gs, func(i, j int) bool { return gs[i].x < gs[j].x }) {
		sort.SliceStable(gs, func(i, j int) bool { return gs[i].x < gs[j].x })
	}
	xs, advs = make([]units.Length, 0, len(text)), make([]units.Length, 0, len(text))
	k := 0
	for _, c := range text {
		for k < len(gs) && gs[k].r != c && !unicode.IsSpace(c) {
			k++
		}
		switch {
		case k < len(gs) && gs[k].r == c:
			xs, advs = append(xs, gs[k].x), append(advs, gs[k].adv)
			k++
		case unicode.IsSpace(c) && len(xs) > 0:
			xs, advs = append(xs, xs[len(xs)-1]+advs[len(advs)-1]), append(advs, 0)
		default:
			return nil, nil, gs
		}
	}
	return xs, advs, gs
}

// marshal writes the manifest with one page head and one line record per
// line of the file: readable, diffable and deterministic.
func (m *Manifest) marshal() []byte {
	var b bytes.Buffer
	j := func(v any) []byte {
		x, err := json.Marshal(v)
		if err != nil {
			panic(err) // cannot happen: plain strings, numbers and booleans
		}
		return x
	}
	fmt.Fprintf(&b, "{\n  \"version\": %d,\n  \"kind\": %s,\n  \"plan\": %s,\n", m.Version, j(m.Kind), j(m.Plan))
	if m.Geometry != nil {
		fmt.Fprintf(&b, "  \"geometry\": %s,\n", j(m.Geometry))
	}
	b.WriteString("  \"pages\": [")
	for i, p := range m.Pages {
		if i > 0 {
			b.WriteByte(',')
		}
		lines := p.Lines
		p.Lines = nil
		head := j(p)
		b.WriteString("\n    ")
		if len(lines) == 0 {
			b.Write(head)
			continue
		}
		b.Write(head[:len(head)-1])
		b.WriteString(`,"lines":[`)
		var lb []byte
		for k, l := range lines {
			if k > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n      ")
			b.Write(l.appendJSON(lb[:0]))
		}
		b.WriteString("]}")
	}
	b.WriteString("\n  ]\n}\n")
	return b.Bytes()
}

// appendJSON writes the record as json.Marshal would, only faster: the
// manifest of an issue holds thousands.
func (l Line) appendJSON(b []byte) []byte {
	b = append(b, `{"box":[`...)
	for i, v := range l.Box {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, v, 'f', -1, 64)
	}
	b = append(b, `],"text":`...)
	b = appendJSONString(b, l.Text)
	b = append(b, `,"file":`...)
	b = appendJSONString(b, l.File)
	b = strconv.AppendInt(append(b, `,"line":`...), int64(l.Line), 10)
	b = strconv.AppendInt(append(b, `,"part":`...), int64(l.Part), 10)
	b = strconv.AppendInt(append(b, `,"seq":`...), int64(l.Seq), 10)
	if l.Hyphen {
		b = append(b, `,"hy":true`...)
	}
	b = append(b, `,"adv":`...)
	b = appendJSONString(b, l.Adv)
	return append(b, '}')
}

// appendJSONString writes s as a JSON string: UTF-8 as is, quotes,
// backslashes and control characters escaped (invalid UTF-8 as U+FFFD).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			b = fmt.Appendf(b, `\u%04x`, r)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}
