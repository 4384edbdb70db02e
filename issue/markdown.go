package issue

import (
	"bytes"
	"html"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/paiban/paiban/diag"
)

// The body of a Markdown article is CommonMark with the GFM table,
// strikethrough and footnote extensions, parsed by goldmark; nothing of the
// syntax is printed. What each element becomes in the article model:
//
//	# Title                  the title (once, before the text; or front matter)
//	## … ######              a subheading (Heading block, Level 2; ### and
//	                         deeper: Level 3)
//	paragraph                a Para block; soft line breaks join its lines
//	                         (a space only between Latin words)
//	> quotation              a Quote block per paragraph inside it
//	![caption](path)         alone on a line: a Figure ("wide" as the title:
//	                         across all columns); among text: an error
//	- item / 1. item         a ListItem block per item with its Marker (● ○ for
//	                         bullets, 1． and （1） for numbers) and Level (1, 2)
//	| table |                a TableBlock (its alignment row kept); a
//	                         paragraph "表1 …" just above it is its caption
//	[^1] … [^1]: note        the reference as a NoteRef of its paragraph; the
//	                         notes as Note blocks after the text
//	```code```, indented     a Quote block per line
//	---                      nothing (a thematic break)
//	<html> block             its text as paragraphs, the tags left out, with a
//	                         warning at its line (htmlText); a comment: nothing
//
// Inline: emphasis, strong and strikethrough keep their text; a link keeps
// its text (its URL is dropped; an autolink keeps the URL, which is its
// text); a code span keeps its text; a raw inline HTML tag is dropped with
// a warning (the text between tags stays); a backslash-escaped ASCII mark stays literal ("\," is an ASCII
// comma even in Chinese text); entity references are resolved.
// (Issue 14 gives emphasis, lists, tables and footnotes their own looks.)

var markdown = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Footnote, extension.TaskList),
	// CJK-friendly emphasis (cjkemph.go), before goldmark's own (500)
	goldmark.WithParserOptions(parser.WithInlineParsers(util.Prioritized(cjkEmphasis{}, 499))))

// mdBody parses lines (the article after its front matter, whose first line
// is line first) into a's blocks; titleSet says whether front matter set the
// title, and the # title, when there is one, goes into title.
func mdBody(file string, lines []string, first int, a *Article, title *textBuf, titleSet *bool, d *diag.List) {
	lines = append([]string(nil), lines...)
	divs := fencedDivs(file, lines, first, d) // boxes.go: the fence lines blanked
	from := len(a.Blocks)
	defer func() { assignBoxes(file, a, from, divs, d) }()
	src := []byte(strings.Join(lines, "\n"))
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	lineOf := func(off int) int {
		lo, hi := 0, len(starts)-1
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if starts[mid] <= off {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		return first + lo
	}
	p := &mdParser{file: file, src: src, lineOf: lineOf, a: a, d: d, dir: filepath.Dir(file)}
	// an empty ATX heading has no position in the tree: found here
	fence := false
	type def struct {
		label string
		line  int
	}
	var defs []def // footnote definitions: goldmark drops those cited nowhere
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
		}
		if !fence && emptyHeadingRe.MatchString(t) {
			d.Errorf(file, first+i, "empty heading")
		}
		if m := footnoteDefRe.FindStringSubmatch(l); !fence && m != nil {
			defs = append(defs, def{m[1], first + i})
		}
	}
	doc := markdown.Parser().Parse(text.NewReader(src))
	kept := map[string]bool{}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*east.Footnote); ok && entering {
			kept[strings.ToLower(string(f.Ref))] = true
		}
		return ast.WalkContinue, nil
	})
	for _, f := range defs {
		if !kept[strings.ToLower(f.label)] {
			d.Warnf(file, f.line, "footnote [^%s] is cited nowhere in the text: it is left out", f.label)
		}
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
			no := p.blockLine(h)
			var t textBuf
			p.inline(&t, h)
			switch {
			case len(t.r) == 0:
				// (reported above)
			case *titleSet:
				d.Errorf(file, no, "second title: the title is already set at line %d; use ## for a subheading", a.TitlePos.Line)
			case len(a.Blocks) > 0:
				d.Errorf(file, no, "the # title must come before the text (line %d); use ## for a subheading", a.Blocks[0].Line)
				*titleSet = true // reported; no "no title" error as well
			default:
				*titleSet = true
				*title = t
				a.TitlePos = Pos{File: file, Line: no}
			}
			continue
		}
		p.block(n, Para, "")
	}
}

// footnoteDefRe is the start of a footnote definition, "[^label]: …".
var footnoteDefRe = regexp.MustCompile(`^ {0,3}\[\^([^\]\s]+)\]:`)

type mdParser struct {
	file, dir string
	src       []byte
	lineOf    func(int) int
	a         *Article
	d         *diag.List
	htmlWarn  map[int]bool
	listLevel int // nesting of the list being read (0: none)
}

// blockLine is the first source line of a block.
func (p *mdParser) blockLine(n ast.Node) int {
	if l := n.Lines(); l != nil && l.Len() > 0 {
		return p.lineOf(l.At(0).Start)
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() == ast.TypeBlock {
			return p.blockLine(c)
		}
		if t, ok := c.(*ast.Text); ok {
			return p.lineOf(t.Segment.Start)
		}
		if l := p.blockLine(c); l > 0 {
			return l
		}
	}
	return 0
}

// add appends a block made of t (punctuation fixed) unless it is empty.
// White space at its ends goes (a paragraph indented with U+3000, as
// Chinese authors type it, is not indented twice).
func (p *mdParser) add(kind BlockKind, t *textBuf, line int) *Block {
	trimSpace(t)
	// an emphasis marker CommonMark did not take as one (not escaped),
	// beside Chinese text: printed as it is, so say so
	for i, r := range t.r {
		if (r == '*' || r == '_') && (t.keep == nil || !t.keep[i]) &&
			(i > 0 && isCJK(t.r[i-1]) || i+1 < len(t.r) && isCJK(t.r[i+1])) {
			p.d.Warnf(p.file, t.line[i], "%q is printed as it is: it opens or closes no emphasis (a marker without its pair); pair it (*强调*), or write \\%c for the character", string(r), r)
			break
		}
	}
	refs := takeRefs(t)
	p.a.Fixes = append(p.a.Fixes, fixPunct(t)...)
	if len(t.r) == 0 {
		return nil
	}
	first := t.firstLine(line)
	p.a.Blocks = append(p.a.Blocks, Block{Kind: kind, Text: t.String(), Line: first, LineStarts: t.lineStarts(first), Spans: t.spans(), Refs: refs})
	return &p.a.Blocks[len(p.a.Blocks)-1]
}

// listMarker is the marker of item n (from 1) of a list at level (1, 2):
// 1． and （1） for numbers, ● and ○ for bullets.
func listMarker(ordered bool, level, n int) string {
	switch {
	case ordered && level <= 1:
		return strconv.Itoa(n) + "．"
	case ordered:
		return "（" + strconv.Itoa(n) + "）"
	case level <= 1:
		return "●"
	}
	return "○"
}

// taskBox is the check box of a GFM task list item, nil for another item.
func taskBox(item ast.Node) *east.TaskCheckBox {
	if c := item.FirstChild(); c != nil {
		if box, ok := c.FirstChild().(*east.TaskCheckBox); ok {
			return box
		}
	}
	return nil
}

// block turns one block node into article blocks; kind is Para, or Quote
// inside a quotation; marker prefixes the first paragraph (a list item's).
func (p *mdParser) block(n ast.Node, kind BlockKind, marker string) {
	switch n := n.(type) {
	case *ast.Heading:
		var t textBuf
		p.inline(&t, n)
		if len(t.r) == 0 {
			return // reported by mdBody
		}
		if b := p.add(Heading, &t, p.blockLine(n)); b != nil {
			b.Level = min(n.Level, 3)
		}
	case *ast.Paragraph, *ast.TextBlock:
		if p.figure(n) {
			return
		}
		var t textBuf
		if kind != ListItem {
			t.add(marker, p.blockLine(n))
		}
		p.inline(&t, n)
		if b := p.add(kind, &t, p.blockLine(n)); b != nil && kind == ListItem {
			b.Marker, b.Level = marker, p.listLevel
		}
	case *ast.Blockquote:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			p.block(c, Quote, "")
		}
	case *ast.List:
		// items as ListItem blocks with their markers; a list in a list
		// is the second level, deeper ones stay there
		p.listLevel++
		defer func() { p.listLevel-- }()
		num := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			m := listMarker(n.IsOrdered(), p.listLevel, num)
			num++
			if box := taskBox(item); box != nil {
				// a GFM task (- [ ] / - [x]): the box is its marker
				m = "□"
				if box.IsChecked {
					m = "■"
				}
			}
			for c, k := item.FirstChild(), 0; c != nil; c, k = c.NextSibling(), k+1 {
				if _, nested := c.(*ast.List); nested {
					p.block(c, kind, "")
					continue
				}
				if k > 0 {
					m = "" // a further paragraph of the item: no marker
				}
				p.block(c, ListItem, m)
			}
		}
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			var t textBuf
			t.keep = []bool{}
			for _, r := range strings.TrimRight(string(segValue(seg, p.src)), "\r\n") {
				t.r = append(t.r, r)
				t.line = append(t.line, p.lineOf(seg.Start))
				t.addStyle()
				t.keep = append(t.keep, true) // code is literal
			}
			p.add(Quote, &t, p.lineOf(seg.Start))
		}
	case *ast.ThematicBreak:
	case *ast.HTMLBlock:
		line := p.blockLine(n)
		if line == 0 {
			line = p.lineOf(n.ClosureLine.Start)
		}
		if l := n.Lines(); l.Len() > 0 && bytes.HasPrefix(bytes.TrimSpace(segValue(l.At(0), p.src)), []byte("<!--")) {
			return // a comment: the author's note, not text
		}
		// its text is the author's: kept, the tags left out (htmlText)
		var src []byte
		for i := 0; i < n.Lines().Len(); i++ {
			src = append(src, segValue(n.Lines().At(i), p.src)...)
		}
		if n.HasClosure() {
			src = append(src, segValue(n.ClosureLine, p.src)...)
		}
		paras := htmlText(src)
		if imgs := htmlImgRe.FindAllSubmatch(src, -1); len(imgs) > 0 {
			// <img src alt> (in a <p>, <div> or <figure>, as web editors
			// write pictures): a figure each, the <figcaption> or the alt
			// text its caption
			p.d.Warnf(p.file, line, "raw HTML: %d <img> set as figure%s", len(imgs), plural(len(imgs)))
			figcaption := ""
			if bytes.Contains(bytes.ToLower(src), []byte("<figcaption")) && len(paras) > 0 {
				figcaption = strings.Join(paras[len(paras)-1], "")
				paras = paras[:len(paras)-1]
			}
			for _, m := range imgs {
				src, alt := htmlAttr(m[1], "src"), htmlAttr(m[1], "alt")
				if figcaption != "" {
					alt = figcaption
				}
				if src == "" {
					p.d.Errorf(p.file, line, "an <img> without src: write the picture as ![caption](path)")
					continue
				}
				if b, ok := parseFigure(p.file, p.dir, "!["+alt+"](<"+src+">)", line, p.d, p.a); ok {
					p.a.Blocks = append(p.a.Blocks, b)
				}
			}
			if len(paras) == 0 {
				return
			}
		}
		if len(paras) == 0 {
			p.d.Warnf(p.file, line, "raw HTML is not typeset: the block (tags only) is left out")
			return
		}
		p.d.Warnf(p.file, line, "raw HTML is not typeset: its tags are left out, its text set as %d paragraph%s", len(paras), plural(len(paras)))
		for _, lines := range paras {
			var t textBuf
			for k, l := range lines {
				t.pendingJoin = k > 0 // lines of one paragraph, joined as Markdown's are
				p.text(&t, []byte(l), line, true)
			}
			p.add(Para, &t, line)
		}
	case *east.Table:
		p.table(n)
	case *east.FootnoteList:
		p.footnotes(n)
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if c.Type() == ast.TypeBlock {
				p.block(c, kind, marker)
				marker = ""
			}
		}
	}
}

// htmlImgRe finds the <img> tags of an HTML block, their attributes in
// group 1.
var htmlImgRe = regexp.MustCompile(`(?is)<img\b([^>]*)>`)

// htmlAttr is the value of the attribute name in the attributes of a tag
// ("" when it has none), entities decoded.
func htmlAttr(attrs []byte, name string) string {
	re := regexp.MustCompile(`(?is)(?:^|\s)` + name + `\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/]+))`)
	m := re.FindSubmatch(attrs)
	if m == nil {
		return ""
	}
	v := string(m[1]) + string(m[2]) + string(m[3])
	return strings.TrimSpace(html.UnescapeString(v))
}

// figure handles a paragraph that starts with an image: an image alone on
// its line is a figure (parseFigure reads the line, with its options), the
// rest of the paragraph a Para. It reports false for other paragraphs.
func (p *mdParser) figure(n ast.Node) bool {
	img, ok := n.FirstChild().(*ast.Image)
	if !ok {
		return false
	}
	lines := n.Lines()
	if lines.Len() == 0 {
		return false
	}
	seg := lines.At(0)
	line := strings.TrimFunc(string(segValue(seg, p.src)), unicode.IsSpace)
	no := p.lineOf(seg.Start)
	if b, ok := parseFigure(p.file, p.dir, line, no, p.d, p.a); ok {
		p.a.Blocks = append(p.a.Blocks, b)
	}
	// the rest of the paragraph, after the figure's line
	var t textBuf
	for c := img.NextSibling(); c != nil; c = c.NextSibling() {
		if tx, ok := c.(*ast.Text); ok && p.lineOf(tx.Segment.Start) == no {
			continue
		}
		p.inlineNode(&t, c)
	}
	if len(t.r) > 0 {
		p.add(Para, &t, no+1)
	}
	return true
}

// inline appends the text of n's inline children to t.
func (p *mdParser) inline(t *textBuf, n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		p.inlineNode(t, c)
	}
}

// joinNext: the next text joins the line before as a soft line break does
// (a space only between Latin words); set after a Text with a line break.
func (p *mdParser) inlineNode(t *textBuf, c ast.Node) {
	switch c := c.(type) {
	case *ast.Text:
		line := p.lineOf(c.Segment.Start)
		p.text(t, segValue(c.Segment, p.src), line, c.IsRaw())
		if c.SoftLineBreak() || c.HardLineBreak() {
			t.pendingJoin = true
		}
	case *ast.String:
		line := 0
		if len(t.line) > 0 {
			line = t.line[len(t.line)-1]
		}
		p.text(t, c.Value, line, true)
	case *ast.CodeSpan:
		start := len(t.r)
		p.inline(t, c)
		if t.keep == nil {
			t.keep = make([]bool, len(t.r))
		}
		for i := start; i < len(t.r); i++ {
			t.keep[i] = true // code is literal
		}
	case *ast.AutoLink:
		line := 0
		if len(t.line) > 0 {
			line = t.line[len(t.line)-1]
		}
		p.text(t, c.Label(p.src), line, true)
	case *ast.Link:
		before := len(t.r)
		p.inline(t, c)
		if len(t.r) == before {
			p.text(t, c.Destination, lastLine(t), true)
		}
	case *ast.Image:
		line := p.lineOf(segStart(c))
		p.d.Errorf(p.file, line, "an image must stand on a line of its own: ![caption](path)")
	case *ast.RawHTML:
		line := p.lineOf(segStart(c))
		if p.htmlWarn == nil {
			p.htmlWarn = map[int]bool{}
		}
		if !p.htmlWarn[line] {
			p.htmlWarn[line] = true
			p.d.Warnf(p.file, line, "raw HTML is not typeset: the tag is left out")
		}
	case *east.FootnoteLink:
		t.addRef(c.Index, lastLine(t))
	case *ast.Emphasis:
		// **strong**: bold; *emphasis*: 着重号 (the layout draws them)
		prev := t.cur
		if c.Level >= 2 {
			t.cur = Bold
		} else if t.cur != Bold {
			t.cur = Emphasis
		}
		p.inline(t, c)
		t.cur = prev
	case *east.FootnoteBacklink, *east.TaskCheckBox:
	default:
		p.inline(t, c)
	}
}

func lastLine(t *textBuf) int {
	if len(t.line) > 0 {
		return t.line[len(t.line)-1]
	}
	return 0
}

// segStart is where an inline node starts in the source: its first text.
func segStart(n ast.Node) int {
	if r, ok := n.(*ast.RawHTML); ok && r.Segments.Len() > 0 {
		return r.Segments.At(0).Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
		if s := segStart(c); s > 0 {
			return s
		}
	}
	return 0
}

// text appends source text at line: backslash escapes of ASCII punctuation
// become the literal mark (kept as typed by the punctuation fixer), entity
// references are resolved; raw text is taken as it is.
func (p *mdParser) text(t *textBuf, b []byte, line int, raw bool) {
	var plain []byte
	flush := func() {
		if len(plain) == 0 {
			return
		}
		s := string(util.ResolveNumericReferences(util.ResolveEntityNames(plain)))
		if t.pendingJoin {
			t.pendingJoin = false
			t.join(strings.TrimLeftFunc(s, unicode.IsSpace), line) // a continued line's indent is not text
		} else {
			t.add(s, line)
		}
		plain = plain[:0]
	}
	for i := 0; i < len(b); i++ {
		if !raw && b[i] == '\\' && i+1 < len(b) && b[i+1] < 0x80 && util.IsPunct(b[i+1]) {
			flush()
			if t.keep == nil {
				t.keep = make([]bool, len(t.r))
			}
			s := string(rune(b[i+1]))
			if t.pendingJoin {
				t.pendingJoin = false
				t.join(s, line)
			} else {
				t.add(s, line)
			}
			t.keep[len(t.keep)-1] = true
			i++
			continue
		}
		plain = append(plain, b[i])
	}
	flush()
}

func segValue(s text.Segment, src []byte) []byte { return s.Value(src) }

var emptyHeadingRe = regexp.MustCompile(`^#{1,6}(?:[ \t]+#*)?[ \t]*$`)

// trimSpace removes white space at both ends of t.
func trimSpace(t *textBuf) {
	del := make([]bool, len(t.r))
	for i := 0; i < len(t.r) && unicode.IsSpace(t.r[i]); i++ {
		del[i] = true
	}
	for i := len(t.r) - 1; i >= 0 && unicode.IsSpace(t.r[i]); i-- {
		del[i] = true
	}
	t.remove(del)
}

// htmlTags are an HTML block's tags and comments; htmlDrop the elements
// whose content is not text; htmlBreak the tags that end a paragraph.
var (
	htmlDrop  = regexp.MustCompile(`(?is)<!--.*?-->|<(script|style|head|title)\b[^>]*>.*?</(script|style|head|title)\s*>`)
	htmlBreak = regexp.MustCompile(`(?i)<br\s*/?>|</?(p|div|li|ul|ol|tr|table|h[1-6]|blockquote|center|section|article|figure|figcaption|pre)\b[^>]*>`)
	htmlCell  = regexp.MustCompile(`(?i)</t[dh]\s*>`)
	htmlTag   = regexp.MustCompile(`(?s)</?[A-Za-z][^>]*>`)
)

// htmlText is the text of a raw HTML block as paragraphs of lines:
// comments, scripts and styles left out, a table's cells apart by an
// ideographic space, each block element (p, div, br, tr, li, h1 …) ending
// a paragraph, the other tags left out (entities are resolved by the
// caller's text).
func htmlText(src []byte) [][]string {
	s := htmlDrop.ReplaceAllString(string(src), "")
	s = htmlCell.ReplaceAllString(s, "\u3000")
	s = htmlBreak.ReplaceAllString(s, "\n\n")
	s = htmlTag.ReplaceAllString(s, "")
	var paras [][]string
	for _, para := range strings.Split(s, "\n\n") {
		var lines []string
		for _, l := range strings.Split(para, "\n") {
			if l = strings.Trim(l, " \t\r"); l != "" { // (not U+3000: a cell's end)
				if n := len(lines); n > 0 && strings.HasSuffix(lines[n-1], "\u3000") {
					lines[n-1] += l // the next cell of a table's row
				} else {
					lines = append(lines, l)
				}
			}
		}
		// no cell mark at either end of the paragraph
		if n := len(lines); n > 0 {
			lines[0] = strings.TrimLeft(lines[0], "\u3000 ")
			lines[n-1] = strings.TrimRight(lines[n-1], "\u3000 ")
			if lines[n-1] == "" {
				lines = lines[:n-1]
			}
		}
		if len(lines) > 0 && lines[0] != "" {
			paras = append(paras, lines)
		}
	}
	return paras
}
