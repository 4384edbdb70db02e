package issue

import (
	"fmt"
	"strings"

	"github.com/paiban/paiban/diag"
)

// Boxes (issue 15 item 1): 编者按, 资料链接, sidebars and pull quotes, written
// in a .md article as fenced divs:
//
//	::: 编者按                       a note from the editors, ruled
//	::: 资料链接                     a box of background, tinted
//	::: box 标题                     a sidebar with its title (or none), tinted
//	::: pullquote                    a sentence of the article repeated large between rules (also ::: 引语)
//	::: box 背景 {style=rule width=page}
//	…paragraphs, lists…
//	:::
//
// The fence lines are blank to the Markdown parser; the blocks between them
// belong to the box (Block.Box). A box's title is a Heading block of level
// BoxTitleLevel at the fence's line, so it is set and proved set like text.

// Box kinds.
const (
	BoxNote      = "编者按"
	BoxLink      = "资料链接"
	BoxSidebar   = "box"
	BoxPullQuote = "pullquote"

	BoxTint = "tint" // a tinted ground (CMYK), the text inset
	BoxRule = "rule" // a rule above and below

	// BoxTitleLevel is the Heading level of a box's title.
	BoxTitleLevel = 9
)

// Box is one fenced div of an article.
type Box struct {
	Kind  string // BoxNote, BoxLink, BoxSidebar, BoxPullQuote
	Title string // set over the box ("" for none)
	Style string // BoxTint or BoxRule
	Wide  bool   // across the columns (width=page, 2col, 3col), else in a column
	Width string // WidthColumn, Width2Col, Width3Col or WidthPage (figattr.go)
	Line  int    // the opening fence
}

// fencedDiv is a box found in the lines, with the lines it spans.
type fencedDiv struct {
	box      Box
	from, to int // source lines of the opening and closing fences
}

// fencedDivs finds the fenced divs of lines (the first is line first),
// blanks their fence lines and returns them; a fence left open, a box in a
// box, an unknown kind or option is an error at its line.
func fencedDivs(file string, lines []string, first int, d *diag.List) []fencedDiv {
	var out []fencedDiv
	open := -1
	code := false
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			code = !code
		}
		if code || !strings.HasPrefix(t, ":::") {
			continue
		}
		no := first + i
		rest := strings.TrimSpace(strings.TrimLeft(t, ":"))
		lines[i] = ""
		if rest == "" {
			if open < 0 {
				d.Errorf(file, no, "::: closes no box")
				continue
			}
			out[open].to = no
			open = -1
			continue
		}
		if open >= 0 {
			d.Errorf(file, no, "a box inside a box (the box at line %d is not closed with :::)", out[open].from)
			continue
		}
		b, msg := parseBoxFence(rest)
		if msg != "" {
			d.Errorf(file, no, "%s", msg)
		}
		b.Line = no
		out = append(out, fencedDiv{box: b, from: no})
		open = len(out) - 1
	}
	if open >= 0 {
		d.Errorf(file, out[open].from, "box %q is not closed: end it with a line :::", out[open].box.Kind)
		out[open].to = first + len(lines)
	}
	return out
}

// parseBoxFence reads "编者按", "box 标题 {style=rule width=page}" ….
func parseBoxFence(s string) (Box, string) {
	var b Box
	if i := strings.Index(s, "{"); i >= 0 && strings.HasSuffix(s, "}") {
		for _, kv := range strings.Fields(s[i+1 : len(s)-1]) {
			k, v, _ := strings.Cut(kv, "=")
			switch {
			case k == "style" && (v == BoxTint || v == BoxRule):
				b.Style = v
			case k == "width" && (v == WidthPage || v == "col" || v == Width2Col || v == Width3Col):
				b.Wide, b.Width = v != "col", v
				if v == "col" {
					b.Width = WidthColumn
				}
			default:
				return b, fmt.Sprintf("box option %q: the options are style=tint or style=rule, width=col, 2col, 3col or page", kv)
			}
		}
		s = strings.TrimSpace(s[:i])
	}
	kind, title, _ := strings.Cut(s, " ")
	title = strings.TrimSpace(title)
	switch kind {
	case BoxNote, BoxLink:
		b.Kind, b.Title = kind, kind
		if title != "" {
			b.Title = title
		}
	case BoxSidebar, "sidebar", "侧栏":
		b.Kind, b.Title = BoxSidebar, title
	case BoxPullQuote, "引语":
		b.Kind = BoxPullQuote
		if title != "" {
			return b, "a pull quote has no title: write ::: pullquote and the sentence on the lines below"
		}
	default:
		return b, fmt.Sprintf("unknown box %q: write ::: 编者按, ::: 资料链接, ::: box (a sidebar, with its title after it) or ::: pullquote", kind)
	}
	if b.Style == "" {
		b.Style = BoxTint
		if b.Kind == BoxNote || b.Kind == BoxPullQuote {
			b.Style = BoxRule
		}
	}
	return b, ""
}

// assignBoxes gives the blocks of a (from block index from) that lie in a
// fenced div its box, inserting each box's title before its first block;
// a figure, a heading or a second paragraph in a pull quote, or an empty
// box, is an error.
func assignBoxes(file string, a *Article, from int, divs []fencedDiv, d *diag.List) {
	if len(divs) == 0 {
		return
	}
	blocks := append([]Block(nil), a.Blocks[from:]...)
	a.Blocks = a.Blocks[:from]
	k := 0 // the next div
	used := make([]bool, len(divs))
	for _, b := range blocks {
		for k < len(divs) && b.Line > divs[k].to {
			k++
		}
		if k < len(divs) && b.Line > divs[k].from && b.Line < divs[k].to {
			div := &divs[k]
			used[k] = true
			n := len(a.Boxes)
			if n == 0 || a.Boxes[n-1].Line != div.box.Line {
				a.Boxes = append(a.Boxes, div.box)
				n++
				if div.box.Title != "" {
					a.Blocks = append(a.Blocks, Block{Kind: Heading, Level: BoxTitleLevel, Text: div.box.Title, Line: div.box.Line, Box: n})
				}
			} else if div.box.Kind == BoxPullQuote {
				d.Errorf(file, b.Line, "a pull quote holds one paragraph")
			}
			switch {
			case b.Kind == Figure:
				d.Errorf(file, b.Line, "a figure inside a box is not supported: put it before or after the box")
			case b.Kind == Heading && div.box.Kind == BoxPullQuote:
				d.Errorf(file, b.Line, "a pull quote holds one paragraph")
			}
			b.Box = n
		}
		a.Blocks = append(a.Blocks, b)
	}
	for k, u := range used {
		if !u {
			d.Errorf(file, divs[k].from, "box %q is empty", divs[k].box.Kind)
		}
	}
}

// docxBoxKinds are the box kinds of the Word paragraph styles 编者按,
// 资料链接, Sidebar (侧栏) and Pull Quote (引语): consecutive paragraphs of
// one of them are one box.
var docxBoxKinds = map[docxRole]string{roleBoxNote: BoxNote, roleBoxLink: BoxLink, roleBoxSidebar: BoxSidebar, rolePullQuote: BoxPullQuote}

// docxBoxes tracks the box the paragraphs of a .docx are in.
type docxBoxes struct {
	cur  int    // Block.Box of the paragraphs now (0: none)
	kind string // its kind
}

// open puts the next paragraph in a box of kind: the current one when it is
// of that kind, else a new one, with its title (编者按, 资料链接) before it.
func (x *docxBoxes) open(a *Article, kind string, line int) {
	if x.cur != 0 && x.kind == kind {
		return
	}
	b, _ := parseBoxFence(kind)
	b.Line = line
	a.Boxes = append(a.Boxes, b)
	x.cur, x.kind = len(a.Boxes), kind
	if b.Title != "" {
		a.Blocks = append(a.Blocks, Block{Kind: Heading, Level: BoxTitleLevel, Text: b.Title, Line: line, Box: x.cur})
	}
}
