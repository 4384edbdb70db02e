package issue

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/internal/input"
)

// maxLineErrors caps the diagnostics of one kind per file.
const maxLineErrors = 10

// readText reads a text file named at pos in its encoding (decodeText:
// UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK), accepts LF,
// CRLF and CR line ends, rejects control characters other than tab (an
// error per line) and leaves out invisible characters (a warning per line). A file in another encoding than UTF-8 is noted. It
// returns the lines; ok is false when the file cannot be used.
func readText(path string, pos Pos, d *diag.List) (lines []string, ok bool) {
	data, err := input.ReadFile(path, input.Article)
	if err != nil {
		d.Errorf(pos.File, pos.Line, "%s", fileError(path, err))
		return nil, false
	}
	text, enc, line, err := decodeText(data)
	if err != nil {
		d.Errorf(path, line, "%v", err)
		return nil, false
	}
	if enc != "UTF-8" {
		d.Notef(path, 0, "read as %s (the encoding was detected; UTF-8 is the default)", enc)
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	raw := strings.Split(text, "\n")
	ctl, inv := 0, 0
	for i, l := range raw {
		for _, r := range l {
			if what := badChar(r); what == "control character" {
				ctl++
				if ctl <= maxLineErrors {
					d.Errorf(path, i+1, "%s %s in the text", what, describeRune(r))
				}
				break
			}
		}
		// invisible format characters and variation selectors (copied
		// from web pages and chat apps: U+200B, U+FEFF, U+FE0F …) are
		// left out with a warning, as the .docx reader does
		if k := strings.IndexFunc(l, invisible); k >= 0 {
			inv++
			kept := dropInvisible(l)
			if inv <= maxLineErrors {
				first, _ := utf8.DecodeRuneInString(l[k:])
				n := 0
				for _, r := range l {
					if invisible(r) {
						n++
					}
				}
				d.Warnf(path, i+1, "%d invisible character%s left out (%s …)", n, plural(n), describeRune(first))
			}
			raw[i] = kept
		}
	}
	if ctl > maxLineErrors {
		d.Errorf(path, 0, "%d more lines with control characters", ctl-maxLineErrors)
	}
	if inv > maxLineErrors {
		d.Warnf(path, 0, "%d more lines with invisible characters left out", inv-maxLineErrors)
	}
	return raw, true
}

// invisible: an invisible format character (zero-width space, soft hyphen,
// direction marks, a byte-order mark inside the text …) or a variation
// selector, which no font prints and the layout cannot honour.
func invisible(r rune) bool {
	return badChar(r) == "invisible format character" || unicode.Is(unicode.Variation_Selector, r) || r == 0x2028 || r == 0x2029
}

// dropInvisible is line l without its invisible characters; a line or
// paragraph separator (U+2028, U+2029: text copied from web pages and
// JSON) after Latin text is a space, so that words stay apart.
func dropInvisible(l string) string {
	var b strings.Builder
	prev := rune(0)
	for _, r := range l {
		if !invisible(r) {
			b.WriteRune(r)
			prev = r
			continue
		}
		if (r == 0x2028 || r == 0x2029) && prev > ' ' && prev < 0x80 {
			b.WriteByte(' ')
			prev = ' '
		}
	}
	return b.String()
}

// badChar says what r is when it may not be in the text: a control
// character (other than tab), or an invisible format character (soft
// hyphen, zero-width space, direction marks …), which fonts print as a
// visible mark, as nothing, or not at all; "" when r is fine.
func badChar(r rune) string {
	switch {
	case r != '\t' && (r < 0x20 || r >= 0x7F && r <= 0x9F):
		return "control character"
	case unicode.Is(unicode.Cf, r):
		return "invisible format character"
	}
	return ""
}

// badPathChar words a control or format character in a file path of the
// plan or an article (quoted, so that the character is not printed raw);
// "" when there is none.
func badPathChar(p string) string {
	for _, r := range p {
		what := badChar(r)
		if r == '\t' {
			what = "control character" // allowed in text, not in a path
		}
		if what != "" {
			return fmt.Sprintf("path %q: %s %s", p, what, describeRune(r))
		}
	}
	return ""
}

func describeRune(r rune) string {
	names := map[rune]string{0: "NUL", 0x1B: "ESC", 0x7F: "DEL", '\f': "form feed", '\v': "vertical tab", '\b': "backspace",
		0xAD: "soft hyphen", 0x200B: "zero-width space", 0x200D: "zero-width joiner", 0xFEFF: "byte-order mark",
		0x200E: "left-to-right mark", 0x200F: "right-to-left mark", 0x2060: "word joiner", 0xFE0F: "emoji variation selector",
		0x2028: "line separator", 0x2029: "paragraph separator"}
	if n, ok := names[r]; ok {
		return fmt.Sprintf("U+%04X (%s)", r, n)
	}
	return fmt.Sprintf("U+%04X", r)
}

// loadArticle reads and parses a .txt or .md article named at pos.
func loadArticle(path string, pos Pos, d *diag.List) *Article {
	if isDocx(path) {
		return loadDocx(path, pos, d) // docx.go
	}
	lines, ok := readText(path, pos, d)
	if !ok {
		return nil
	}
	var a *Article
	if strings.ToLower(filepath.Ext(path)) == ".md" {
		a = parseMarkdown(path, lines, d)
	} else {
		a = parseTxt(path, lines, d)
	}
	if a != nil {
		checkDebris(a, d)
	}
	return a
}

// debrisStart: marks no paragraph starts with (clreq §3.1.4's line-start
// prohibitions): a paragraph that does is the tail of another, split by an
// edit or a bad copy.
const debrisStart = "、，。．：；！？”’）》〉】〗〕］｝」』"

// footnoteMarker matches footnote markers left in copied text: ^[8], [^8],
// ^8^ (Pandoc, Markdown, Word exports).
var footnoteMarker = regexp.MustCompile(`\^\[[^\]]{0,40}\]|\[\^[^\]]{1,20}\]|\^[0-9]{1,3}\^`)

// checkDebris warns about source debris at its line: a paragraph starting
// with a closing mark, footnote markers printed as text.
func checkDebris(a *Article, d *diag.List) {
	for _, b := range a.Blocks {
		if b.Kind != Para && b.Kind != Quote {
			continue
		}
		if r := []rune(b.Text); len(r) > 0 && strings.ContainsRune(debrisStart, r[0]) {
			d.Warnf(a.File, b.Line, "paragraph starts with %q: the tail of another paragraph, split by an edit or a bad copy?", string(r[0]))
		}
		if loc := footnoteMarker.FindStringIndex(b.Text); loc != nil {
			m, line := b.Text[loc[0]:loc[1]], b.LineOf(len([]rune(b.Text[:loc[0]])))
			if strings.HasPrefix(m, "[^") && strings.EqualFold(filepath.Ext(a.File), ".md") {
				// Markdown's own footnote syntax, its note missing: never
				// printed as markup
				d.Errorf(a.File, line, "footnote %s has no note: add a line \"%s: …\" below the text, or remove the reference", m, m)
			} else {
				d.Warnf(a.File, line, "%q looks like a footnote marker left in the text; it is printed as it is", m)
			}
		}
	}
}

// sentenceEnd holds the marks that end a sentence; a byline has none.
const sentenceEnd = "。！？…!?"

// maxBylineRunes is the longest line taken as a byline.
const maxBylineRunes = 40

// Plain-text articles.
//
// A .txt article has the shape of the seed article: the first non-empty line
// is the title; further non-empty lines before the body that are not
// indented form the subtitle (several are joined); a short indented line
// (at most 40 characters, without 。！？… ! ?) directly before the body is the
// byline; every line that starts with white space (ASCII space or tab,
// U+3000, or any other Unicode space) begins a paragraph, its leading white
// space removed. A line that is not indented, after the body has begun,
// continues the previous paragraph (its lines joined as in Markdown, see
// textBuf.join; Block.LineStarts maps the text back to the lines). Blank
// lines are allowed anywhere and separate nothing.
//
// Both formats: a leading UTF-8 BOM is ignored, line ends may be LF, CRLF or
// CR; invalid UTF-8 and control characters other than tab are errors;
// full-width letters and digits are kept; ASCII punctuation in Chinese text
// is replaced (see fixPunct) and every replacement recorded in Article.Fixes.

// parseTxt parses a plain-text article.
func parseTxt(file string, lines []string, d *diag.List) *Article {
	type srcLine struct {
		text   string
		indent bool
		no     int
	}
	var ls []srcLine
	for i, s := range lines {
		t := strings.TrimRightFunc(s, unicode.IsSpace)
		body := strings.TrimLeftFunc(t, unicode.IsSpace)
		if body == "" {
			continue
		}
		ls = append(ls, srcLine{body, body != t, i + 1})
	}
	a := &Article{File: file}
	if len(ls) == 0 {
		d.Errorf(file, 1, "the article is empty")
		return nil
	}
	var title, subtitle, byline textBuf
	title.add(ls[0].text, ls[0].no)
	a.TitlePos = Pos{File: file, Line: ls[0].no}
	k := 1
	for ; k < len(ls) && !ls[k].indent; k++ {
		subtitle.join(ls[k].text, ls[k].no)
	}
	if k+1 < len(ls) && ls[k+1].indent && utf8.RuneCountInString(ls[k].text) <= maxBylineRunes &&
		!strings.ContainsAny(ls[k].text, sentenceEnd) {
		// a short line before the body: a byline only when it looks like
		// one (bylineShape); else it is the first paragraph, and a note
		// says so, so a short opening paragraph is never eaten
		if looksLikeByline(ls[k].text) {
			byline.add(ls[k].text, ls[k].no)
			k++
		} else {
			d.Notef(file, ls[k].no, "%q read as the first paragraph, not a byline (a byline names its author: \"文/张明\", \"本刊记者 李红\", \"组织部长 宋波\")", ls[k].text)
		}
	}
	a.Fixes = append(a.Fixes, fixPunct(&title)...)
	a.Fixes = append(a.Fixes, fixPunct(&subtitle)...)
	a.Fixes = append(a.Fixes, fixPunct(&byline)...)
	a.Title, a.Subtitle, a.Byline = title.String(), subtitle.String(), byline.String()
	a.SubtitleLine, a.BylineLine = subtitle.firstLine(0), byline.firstLine(0)

	var cur *textBuf
	flush := func() {
		if cur == nil {
			return
		}
		a.Fixes = append(a.Fixes, fixPunct(cur)...)
		line := cur.firstLine(0)
		a.Blocks = append(a.Blocks, Block{Kind: Para, Text: cur.String(), Line: line, LineStarts: cur.lineStarts(line)})
		cur = nil
	}
	for ; k < len(ls); k++ {
		if ls[k].indent || cur == nil {
			flush()
			cur = &textBuf{}
			cur.add(ls[k].text, ls[k].no)
			continue
		}
		cur.join(ls[k].text, ls[k].no)
	}
	flush()
	if len(a.Blocks) == 0 {
		d.Errorf(file, a.TitlePos.Line, "the article has no body paragraphs: a paragraph begins with an indented line (spaces, a tab or U+3000 ideographic space)")
		return nil
	}
	return a
}

// Markdown articles.
//
// A .md article may start with TOML front matter between two lines "+++",
// with the keys title, subtitle and byline (strings). Then, blocks separated by
// blank lines:
//
//	# Title                 the title, when the front matter has none; once, before the text
//	## Subheading           a Heading block (### … ###### are subheadings too)
//	> quoted text           a Quote block; following lines with or without ">" continue it
//	![caption](path)        on a line of its own: a Figure at column width
//	![caption](path "wide") a Figure across all columns (Wide)
//	any other text          a Para block; its lines are joined (a space only between Latin words)
//
// The image path of a figure is relative to the article file; <path> in angle
// brackets may contain spaces. Inline **bold** and *emphasis* markers are
// removed and their text kept (the print style has no bold or italic body
// text); a backslash before ASCII punctuation keeps it literal: "\*" is a
// star, not emphasis, and "\," stays an ASCII comma in Chinese text.
// Other Markdown (lists, links, code) is not interpreted.

var (
	figureRe  = regexp.MustCompile(`^!\[(.*)\]\((.*)\)\s*(\{.*\})?$`)
	headingRe = regexp.MustCompile(`^(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
)

// mdFrontMatterKeys are the keys allowed in Markdown front matter.
var mdFrontMatterKeys = []string{"kicker", "title", "subtitle", "byline"}

func parseMarkdown(file string, lines []string, d *diag.List) *Article {
	a := &Article{File: file}
	errs := len(d.Errors())
	start := 0
	var kicker, title, subtitle, byline textBuf
	titleSet := false
	yamlEnd, yamlSrc, yamlBad := yamlFrontMatter(file, lines, d)
	titleSet = yamlBad // (reported: no "no title" as well)
	if len(lines) > 0 && (strings.TrimSpace(lines[0]) == "+++" || yamlEnd > 0) {
		end := yamlEnd
		for i := 1; i < len(lines) && end < 0; i++ {
			if strings.TrimSpace(lines[i]) == "+++" {
				end = i
				break
			}
		}
		if end < 0 {
			d.Errorf(file, 1, "front matter opened with +++ is not closed by a line +++")
			return nil
		}
		start = end + 1
		src := strings.Join(lines[1:end], "\n")
		if yamlEnd > 0 {
			src = yamlSrc
		}
		var m map[string]any
		loc := locateKeys(src) // before decoding: see LoadCached
		if loc.tooDeep > 0 {
			d.Errorf(file, loc.tooDeep+1, "front matter: %s", tooDeepMsg)
			titleSet = true
		} else if _, err := toml.Decode(src, &m); err != nil {
			line := 1
			if pe, ok := err.(toml.ParseError); ok {
				line = pe.Position.Line + 1
				err = fmt.Errorf("%s", pe.Message)
			}
			d.Errorf(file, line, "front matter: %v", err)
			titleSet = true // unknown; do not report a missing title as well
		} else {
			for _, k := range sortedKeys(m, loc, nil) {
				line := loc.exact(k) + 1
				var buf *textBuf
				switch k {
				case "kicker":
					buf = &kicker
				case "title":
					buf = &title
				case "subtitle":
					buf = &subtitle
				case "byline":
					buf = &byline
				default:
					d.Errorf(file, line, "front matter: %s", unknownKeyMsg(k, "", mdFrontMatterKeys))
					continue
				}
				s, ok := m[k].(string)
				if !ok {
					d.Errorf(file, line, "front matter: %s must be a string, not %s", k, describeValue(m[k]))
					continue
				}
				if s = strings.TrimSpace(s); s != "" {
					buf.add(strings.Join(strings.Fields(s), " "), line)
					if k == "title" {
						titleSet = true
						a.TitlePos = Pos{File: file, Line: line}
					}
				}
			}
		}
	}
	a.Fixes = append(a.Fixes, fixPunct(&kicker)...)
	a.Fixes = append(a.Fixes, fixPunct(&subtitle)...)
	a.Fixes = append(a.Fixes, fixPunct(&byline)...)
	a.Kicker = kicker.String()

	mdBody(file, lines[start:], start+1, a, &title, &titleSet, d)
	titleRefs(a, &title, d)
	pruneNotes(a, d)
	stripInline(&title)
	a.Fixes = append(fixPunct(&title), a.Fixes...)
	a.Title, a.Subtitle, a.Byline = title.String(), subtitle.String(), byline.String()
	a.KickerLine, a.SubtitleLine, a.BylineLine = kicker.firstLine(0), subtitle.firstLine(0), byline.firstLine(0)
	sortFixesByLine(a.Fixes)
	if !titleSet {
		d.Errorf(file, 1, "the article has no title: give it front matter (+++ title = \"…\" +++) or a first line \"# Title\"")
		return nil
	}
	body := false
	for _, b := range a.Blocks {
		if b.Kind != Heading {
			body = true
		}
	}
	if !body && len(d.Errors()) == errs {
		d.Errorf(file, a.TitlePos.Line, "the article has no text: no paragraphs, quotations or figures")
		return nil
	}
	return a
}

// parseFigure reads a line "![caption](path)" or "![caption](path "wide")".
func parseFigure(file, dir, t string, no int, d *diag.List, a *Article) (Block, bool) {
	m := figureRe.FindStringSubmatch(t)
	if m == nil {
		d.Errorf(file, no, "bad figure: write ![caption](path) or ![caption](path \"wide\") on a line of its own")
		return Block{}, false
	}
	target := strings.TrimSpace(m[2])
	var path, rest string
	if strings.HasPrefix(target, "<") {
		end := strings.Index(target, ">")
		if end < 0 {
			d.Errorf(file, no, "bad figure path %s: missing >", target)
			return Block{}, false
		}
		path, rest = target[1:end], strings.TrimSpace(target[end+1:])
	} else if sp := strings.IndexFunc(target, unicode.IsSpace); sp >= 0 {
		path, rest = target[:sp], strings.TrimSpace(target[sp:])
	} else {
		path = target
	}
	if msg := badPathChar(path); msg != "" {
		d.Errorf(file, no, "figure %s", msg)
		return Block{}, false
	}
	b := Block{Kind: Figure, Line: no}
	if msg := figureAttrs(m[3], &b); msg != "" { // figattr.go
		d.Errorf(file, no, "%s", msg)
		return Block{}, false
	}
	switch rest {
	case "":
	case `"wide"`, `'wide'`, `(wide)`:
		b.Wide, b.Width = true, WidthPage
	default:
		d.Errorf(file, no, "unknown figure option %s: the only option is \"wide\" (a figure across all columns)", rest)
		return Block{}, false
	}
	if path == "" {
		d.Errorf(file, no, "figure without an image path")
		return Block{}, false
	}
	if strings.Contains(path, "://") {
		d.Errorf(file, no, "figure %s: remote images are not supported; use a file path relative to the article", path)
		return Block{}, false
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	var cap textBuf
	cap.add(strings.TrimSpace(m[1]), no)
	if b.Credit != "" {
		// the credit is set after the caption, apart by an ideographic space
		cap.add("　"+b.Credit, no)
	}
	stripInline(&cap)
	a.Fixes = append(a.Fixes, fixPunct(&cap)...)
	b.Text = cap.String()
	b.Image = loadImage(path, Pos{File: file, Line: no}, d)
	if b.Image == nil {
		return Block{}, false
	}
	return b, true
}

func sortFixesByLine(f []Fix) {
	for i := 1; i < len(f); i++ {
		for j := i; j > 0 && f[j].Line < f[j-1].Line; j-- {
			f[j], f[j-1] = f[j-1], f[j]
		}
	}
}

// stripInline removes Markdown emphasis markers (**…** and *…*) and the
// backslash of escaped ASCII punctuation, keeping the text.
func stripInline(b *textBuf) {
	n := len(b.r)
	if n == 0 {
		return
	}
	del := make([]bool, n)
	lit := make([]bool, n)
	for i := 0; i+1 < n; i++ {
		if c := b.r[i+1]; b.r[i] == '\\' && c < 0x80 && (unicode.IsPunct(c) || unicode.IsSymbol(c)) {
			del[i], lit[i+1] = true, true
			i++
		}
	}
	star := func(i int) bool { return i >= 0 && i < n && b.r[i] == '*' && !lit[i] && !del[i] }
	space := func(i int) bool { return i < 0 || i >= n || unicode.IsSpace(b.r[i]) }
	for _, w := range []int{2, 1} {
		open := -1
		for i := 0; i+w <= n; i++ {
			ok := true
			for k := range w {
				ok = ok && star(i+k)
			}
			if !ok || star(i-1) || star(i+w) {
				continue
			}
			if open < 0 {
				if !space(i + w) {
					open = i
				}
			} else if !space(i - 1) {
				for k := range w {
					del[open+k], del[i+k] = true, true
				}
				open = -1
			} else if !space(i + w) {
				open = i
			}
			i += w - 1
		}
	}
	b.keep = lit
	b.remove(del)
}
