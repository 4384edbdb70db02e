// Package issue reads a plan (plan.toml) and its content (articles, images)
// into a validated model with source positions. It knows nothing of layout or
// PDF: later stages take the model as plain data.
package issue

import (
	"strconv"
	"strings"

	"github.com/paiban/paiban/pdf/supplied"
	"github.com/paiban/paiban/units"
)

// Pos is a place in an input file.
type Pos struct {
	File string // path relative to the working directory, as printed in diagnostics
	Line int    // 1-based; 0 when unknown
}

// Issue is one magazine issue: the validated plan with its content loaded.
type Issue struct {
	PlanFile string // the plan path as given
	Dir      string // directory of the plan; content paths are relative to it

	Title  string
	Number string
	Date   string // "2026-01-05" or "" when the plan has none

	TitlePos, NumberPos Pos // where the plan sets title and number

	// Masthead is the colour (CMYK percent) of the default masthead on the
	// cover: [issue] masthead, or picked to contrast with the cover image
	// (PickMasthead) when MastheadSet is false; MastheadPos is where the
	// plan sets it.
	Masthead    [4]uint8
	MastheadSet bool
	MastheadPos Pos

	Paper Paper
	Fonts Fonts
	Text  Text

	Slots    []Slot      // every physical slot in order: 封面, 封二, 01 … NN, 封三, 封底
	Pages    []*PageSpec // the [[page]] entries in plan order
	Cover    *Cover      // the [cover] table, or nil for the default masthead
	Overlays []*Cover    // the [[overlay]] tables: type over other slots
	Print    Print       // the [print] table (defaults when absent)
}

// Paper is the physical format.
type Paper struct {
	TrimW, TrimH units.Length
	Bleed        units.Length
	InnerPages   int
	Binding      string // "saddle" or "perfect"
	Margins      Margins
}

// Margins define the 版心 (type area) relative to the trim.
type Margins struct {
	Top, Bottom, Inside, Outside units.Length
}

// FontRef names a font for a role: a file or a built-in face.
type FontRef struct {
	Builtin string // "serif" or "sans" for builtin:serif / builtin:sans; "" for a file
	Family  string // an installed font named by family and style ("Noto Serif CJK SC", "Noto Sans CJK SC Bold"), found when the fonts are loaded
	Path    string // resolved path of the file (relative to the working directory)
	Index   int    // face index inside a .ttc collection
	Pos     Pos    // where the plan names it
}

// Fonts maps roles to fonts.
type Fonts struct {
	Body     FontRef
	Heading  FontRef
	Fallback []FontRef
	// Quote (extension: [fonts] quote, or kai) is a 楷体-style face for
	// quotations (and emphasis with [text] emphasis = "kai"); nil: the body
	// face.
	Quote *FontRef
}

// Text holds the body text defaults.
type Text struct {
	Size      units.Length
	Leading   units.Length
	Columns   int
	ColumnGap units.Length
	// Punctuation is the punctuation style (标点风格), as xeCJK names them.
	Punctuation PunctStyle
	// Hanging lets 、，。 hang past the right edge instead of being pushed
	// in or out (clreq §3.1.7).
	Hanging bool
	// EndMark (extension) is set right after the last character of every
	// article ("■"); "" for none.
	EndMark string
	// FootnoteStyle is how references to footnotes are set: "number"
	// (superscript 1 2 3, the default) or "circled" (①②③).
	FootnoteStyle string
	// Endnotes: notes are set as 注释 at the article's end instead of at the
	// foot of the column where they are cited ([text] footnotes = "endnotes").
	Endnotes bool
	// EmphasisKai: *emphasis* in the quote (楷体) face instead of 着重号
	// ([text] emphasis = "kai"; needs [fonts] quote).
	EmphasisKai bool
	Pos         Pos // the [text] table, for diagnostics about it
}

// PunctStyle is a punctuation style of [text].punctuation.
type PunctStyle int

const (
	// Quanjiao (全角): marks are full width; two adjacent marks take 1.5 em;
	// a mark at a line edge may be set half width to fit (the default).
	Quanjiao PunctStyle = iota
	// Kaiming (开明): 。？！ full width, every other mark half width.
	Kaiming
	// Hangmobanjiao (行末半角): full width, but always half width at a line end.
	Hangmobanjiao
	// Banjiao (半角): every mark half width.
	Banjiao
)

// Slot is one physical page position of the issue.
type Slot struct {
	Index int    // 0-based physical position
	Code  string // "0001", "0002", "01" … "NN", "9901", "9902"
	Name  string // "封面", "封二", "01" … "NN", "封三", "封底"
	Cover bool   // one of the four cover slots
	Folio int    // inner page number (1…NN); 0 for covers
}

// Recto reports whether the slot is a right-hand page: odd inner pages and
// 封面 / 封三 (the outside front and inside back cover face right).
func (s Slot) Recto() bool {
	if s.Cover {
		return s.Code == "0001" || s.Code == "9901"
	}
	return s.Folio%2 == 1
}

// PageSpec is one [[page]] entry: a slot or a range with its content.
type PageSpec struct {
	Pos     Pos
	Slots   []int // indexes into Issue.Slots, in physical order
	Section string
	Columns int // 0 = use Text.Columns
	TOC     bool
	// Fit is how the images of picture pages fill their grid cells:
	// "cover" (fill, cropping centred; the default) or "contain" (whole).
	Fit     string
	Content []*Content
	// Pending: a section still waiting for its content (a [[page]] with a
	// section and no content key, contract version 2). It builds; its pages
	// are reported as pending.
	Pending bool

	// Page design (issue 15; design.go). RunningHead is the running head's
	// text (the section unless running_head says otherwise; "" for none);
	// Accent, when HasAccent, the section's colour (running head, rules).
	RunningHead string
	Accent      [4]uint8
	HasAccent   bool
	// Opening is the layout of the range's first page: "" (none), OpenTitle
	// or OpenImage (OpeningImage across the top to the bleed).
	Opening      string
	OpeningImage *Image
	// Feature marks the issue's cover story (本期策划): set larger in the 目录.
	Feature bool
	// Measure is the characters a line of a one-column page (0: the
	// default, at most ComfortableMeasure).
	Measure int
	// Crop is how much of an image's width or height its picture pages may
	// crop away to fill them, in percent (0: DefaultCrop).
	Crop int
}

// ContentKind tells articles from images.
type ContentKind int

const (
	KindArticle ContentKind = iota
	KindImage
)

// Content is one entry of a page's content list.
type Content struct {
	Pos     Pos // where the plan names it
	Path    string
	Kind    ContentKind
	Article *Article // when Kind == KindArticle
	Image   *Image   // when Kind == KindImage
}

// Article is a parsed .txt or .md article.
type Article struct {
	File     string
	Kicker   string // 引题: the line over the title
	Title    string
	Subtitle string
	Byline   string
	TitlePos Pos // line of the title (also used for subtitle/byline diagnostics)
	// Lines of the kicker, subtitle and byline (0: not known, the title's
	// counts): where a proofreader's mark on them points (HeadLine).
	KickerLine, SubtitleLine, BylineLine int

	Blocks []Block
	Boxes  []Box // the boxes of its blocks (Block.Box), boxes.go
	Fixes  []Fix // ASCII punctuation replaced by Chinese punctuation
}

// BlockKind is the kind of an article block.
type BlockKind int

const (
	Para       BlockKind = iota // body paragraph
	Heading                     // "## " subheading
	Quote                       // "> " quotation
	Figure                      // "![caption](path)"
	ListItem                    // an item of a bulleted or numbered list ("- ", "1. ")
	TableBlock                  // a table (GFM pipe table, Word w:tbl); Text is its caption
	Note                        // a footnote's text (Level is its number); set where it is cited
)

// Block is one paragraph-level element of an article.
type Block struct {
	Kind BlockKind
	Text string // the paragraph text (leading white space removed); the caption for figures
	Line int    // source line where the block starts
	// LineStarts lists, for blocks spanning several source lines, the rune
	// index in Text where each following line starts (line Line+1+i).
	LineStarts []int
	Image      *Image // for Figure blocks
	Wide       bool   // figure spans all columns
	// Width and Place of a figure (figattr.go): WidthColumn, Width2Col,
	// Width3Col, WidthPage or WidthBleed; PlaceAuto, PlaceTop, PlaceFoot or PlaceHere.
	// Credit (摄影 …) is set after the caption, which Text includes it in.
	Width, Place, Credit string
	// Extent: a Word picture's width in its document, in thousandths of the
	// section's text width (0: not known, or Width says it); the layout
	// gives it the nearest whole number of columns (layout/figure.go).
	Extent int

	// Level: a Heading's level (2 for ##, 3 for ### and deeper); a
	// ListItem's nesting (1, 2). Marker: a ListItem's bullet or number as
	// set ("●", "1．", "（1）").
	Level  int
	Marker string

	// Box is the box (编者按, 资料链接, sidebar, pull quote) the block is in:
	// an index into Article.Boxes plus one; 0 for none.
	Box int

	// Spans are the runs of Text in a style: bold (**…**, Word bold) and
	// emphasis (*…*, set as 着重号), over rune indexes of Text.
	Spans []Span

	// Refs are the footnote references in Text (set as superscript numbers
	// or ①②③ by the layout, as [text] footnote_style says).
	Refs []NoteRef

	Table *Table // for Table blocks
}

// NoteRef is a footnote reference: note N (the Level of its Note block,
// 1, 2 … in the article) cited after rune At-1 of the text (At = 0: before
// the first rune).
type NoteRef struct {
	At, N int
}

// Table is a table's rows of cells; the first Head rows are its head.
type Table struct {
	Rows  [][]Cell
	Head  int     // head rows (0 or 1)
	Align []Align // per column, as the source gives it
}

// Align is a table column's alignment.
type Align uint8

const (
	AlignAuto Align = iota // left, or right (on the decimal point) when the column is numeric
	AlignLeft
	AlignCenter
	AlignRight
)

// Cell is one table cell.
type Cell struct {
	Text  string
	Line  int
	Spans []Span
	Refs  []NoteRef
}

// StyleAt is the style of rune i of c's Text.
func (c Cell) StyleAt(i int) Style { return Block{Spans: c.Spans}.StyleAt(i) }

// Cols is the number of columns of the table (its widest row).
func (t *Table) Cols() int {
	n := 0
	for _, r := range t.Rows {
		n = max(n, len(r))
	}
	return n
}

// Style is the style of a run of text.
type Style uint8

const (
	Plain    Style = iota
	Bold           // in a bold face: the heading font when the body has no bold
	Emphasis       // 着重号: a dot under each character (GB/T 15834)
)

// Span is a run of a block's text in a style: runes [From, To) of Text.
type Span struct {
	From, To int
	Style    Style
}

// StyleAt is the style of rune i of b's Text.
func (b Block) StyleAt(i int) Style {
	for _, s := range b.Spans {
		if i >= s.From && i < s.To {
			return s.Style
		}
	}
	return Plain
}

// SetText is the text of b as the layout sets it: a list item's marker
// and its text.
func (b Block) SetText() string {
	if b.Kind == ListItem && b.Marker != "" {
		return b.Marker + b.Text
	}
	return b.Text
}

// LineOf returns the source line of the rune at index i of b.Text.
func (b Block) LineOf(i int) int {
	line := b.Line
	for k, start := range b.LineStarts {
		if i >= start {
			line = b.Line + 1 + k
		}
	}
	return line
}

// Notes returns the article's Note blocks by number: notes[n] is note n
// (nil where there is none).
func (a *Article) Notes() map[int]*Block {
	var m map[int]*Block
	for i := range a.Blocks {
		if b := &a.Blocks[i]; b.Kind == Note {
			if m == nil {
				m = map[int]*Block{}
			}
			m[b.Level] = b
		}
	}
	return m
}

// NoteMark is the mark of note n as set: "1", "2" … (style "number", set
// superscript) or ①②③ (style "circled"; past ⑩ the number in brackets).
func NoteMark(style string, n int) string {
	if style == "circled" {
		if n >= 1 && n <= 10 {
			return string(rune(0x2460 + n - 1))
		}
		return "(" + strconv.Itoa(n) + ")"
	}
	return strconv.Itoa(n)
}

// TextWithRefs is text with the marks of refs (in the order of At)
// inserted, in the footnote style.
func TextWithRefs(text string, refs []NoteRef, style string) string {
	if len(refs) == 0 {
		return text
	}
	rs := []rune(text)
	var b strings.Builder
	k := 0
	for i := 0; i <= len(rs); i++ {
		for k < len(refs) && refs[k].At == i {
			b.WriteString(NoteMark(style, refs[k].N))
			k++
		}
		if i < len(rs) {
			b.WriteRune(rs[i])
		}
	}
	return b.String()
}

// Fix records one ASCII punctuation mark typeset as its Chinese counterpart.
type Fix struct {
	Line    int
	From    rune
	To      rune
	Context string // a few characters around the mark
}

// Image is an image file's header information (the pixels are not decoded).
type Image struct {
	Path   string
	Format string // "jpeg", "png", "tiff" or "pdf"
	Width  int    // pixels; for a PDF page, its trim box in thousandths of a point
	Height int
	Color  string // "cmyk", "gray" or "rgb"
	Pos    Pos    // where it is referenced

	// A supplied PDF: the page placed (from 1) and its preflight.
	Page     int
	Supplied *supplied.Page
}

// Vector says whether the image is a page of a supplied PDF.
func (im *Image) Vector() bool { return im.Page > 0 }

// LastTextBlock is the index of the article's last paragraph, quotation or
// list item (where an end mark goes), or -1.
func (a *Article) LastTextBlock() int {
	for i := len(a.Blocks) - 1; i >= 0; i-- {
		if a.Blocks[i].Box != 0 {
			continue // (a box is not the article's last paragraph)
		}
		switch a.Blocks[i].Kind {
		case Para, Quote, ListItem:
			return i
		}
	}
	return -1
}

// HeadLine is the source line of a part of the title block ("kicker",
// "title", "subtitle", "byline"), the title's when not known.
func (a *Article) HeadLine(part string) int {
	l := 0
	switch part {
	case "kicker":
		l = a.KickerLine
	case "subtitle":
		l = a.SubtitleLine
	case "byline":
		l = a.BylineLine
	}
	if l > 0 {
		return l
	}
	return a.TitlePos.Line
}
