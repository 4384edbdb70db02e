package layout

import (
	"fmt"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/units"
)

// Document is the result of layout: every page of the issue as positioned
// glyph runs, rules and images. It is pure data; the PDF writer draws it.
type Document struct {
	Title  string
	Number string
	Date   string // the plan's date ("2006-01-02") or ""

	TrimW, TrimH units.Length
	Bleed        units.Length

	Fonts []*fonts.Face // GlyphRun.Font indexes this slice
	Pages []*Page
}

// Page is one physical page. Coordinates are relative to the top-left corner
// of the trim box, x to the right and y downwards, so the bleed area has
// negative coordinates or coordinates beyond TrimW/TrimH.
type Page struct {
	Slot  string // slot name: 封面, 封二, 01 … NN, 封三, 封底
	Code  string // slot code: 0001, 0002, 01 … NN, 9901, 9902
	Label string // page label shown by viewers (the slot name)

	// Overset marks an extra page holding text that did not fit its range
	// (proofs only); it is not one of the slots.
	Overset bool

	// Pending marks a page of a section whose content has not arrived yet
	// (it shows only a placeholder).
	Pending bool

	// Drawn in this order: images, then rects, then lines, then text.
	Images []Image
	Rects  []Rect
	Lines  []Line
	Runs   []GlyphRun

	// TextLines describes every body line set on the page (not drawn: it is
	// what tests and reports check the typography against).
	TextLines []TextLine

	// Frame is the type area and columns the page's text was poured into
	// (zero when the page has no flowed text); Placed lists every line of
	// article text set on the page — body, subheadings, titles, bylines,
	// captions — with where it came from. Not drawn: the conservation
	// check (conserve.go) proves with them that every character of every
	// article is placed exactly once, inside its frame.
	Frame  Frame
	Placed []Placed
}

// Frame is a page's type area (版心) and its columns.
type Frame struct {
	X, Top, W, H units.Length
	Cols         int
	ColW, Gap    units.Length
}

// ColX is the left edge of column c.
func (f Frame) ColX(c int) units.Length { return f.X + units.Length(c)*(f.ColW+f.Gap) }

// Part numbers of an article's text outside its blocks (Src.Part).
const (
	PartTitle    = -1
	PartSubtitle = -2
	PartByline   = -3
	PartKicker   = -4
)

// Src names one set line of article text: the content entry it belongs to
// (its ordinal over all [[page]] content lists, in plan order), the part of
// the article (a block index, or PartTitle …), and the line's place in the
// part's lines (0, 1, …).
type Src struct {
	Content int
	Part    int
	Seq     int
	Last    bool // the part's last line
	Cell    int  // a table's cell (1, 2 … row by row), or 0: its caption, any other part
}

// Placed is one line of article text as set: its characters, the box of
// its measure (X to X+W, baseline Y) and where it came from.
type Placed struct {
	Src  Src
	Text string
	X, Y units.Length
	W    units.Length // the measure
	End  units.Length // x where the glyphs end (hanging marks may pass X+W)
	Size units.Length
	Span bool // set across the columns (a spanning title), not in one
	// Hyphen: the line ends in a hyphen the layout added (a hyphenated
	// word); it is not a character of the source.
	Hyphen bool
	// Repeat: set again where a table continues (its head row, 续表): not
	// counted as the part's text, but inside the frame like any other.
	Repeat bool
}

// TextLine is one line of body text as the breaker set it.
type TextLine struct {
	X, Y      units.Length // left edge of the measure and baseline
	Measure   units.Length // the width the line was set to
	End       units.Length // x where the line's content ends, after line-end compression
	Text      string
	Size      units.Length
	Justified bool // all but a paragraph's last line
	First     bool // a paragraph's first line
	Heading   bool // a line of a subheading
	Cell      bool // a line of a table cell: ragged, short lines are no 孤字
	// Loose: spaced wider than 0.15 em between hanzi because the paragraph
	// had no tighter solution (the breaker's only other choice was a 孤字)
	Loose bool
}

// CMYK is a process colour in whole percent (0–100).
type CMYK struct{ C, M, Y, K uint8 }

// Black is 100 % K.
var Black = CMYK{K: 100}

// GlyphRun is a run of characters of one font, size and colour on one
// baseline. Glyph i+1 starts at the origin of glyph i plus its advance in the
// font plus Spacing; the writer must reproduce exactly these positions.
type GlyphRun struct {
	Font    int          // index into Document.Fonts
	Size    units.Length // font size
	X, Y    units.Length // origin (left end of the baseline) of the first glyph
	Text    string
	Spacing units.Length // extra advance after every glyph (PDF Tc)
	Color   CMYK
}

// Rect is a filled rectangle.
type Rect struct {
	X, Y, W, H units.Length
	Fill       CMYK
}

// Line is a straight stroked line.
type Line struct {
	X1, Y1, X2, Y2 units.Length
	Width          units.Length
	Color          CMYK
}

// Image places an image file, or a page of a supplied PDF. The image (the
// PDF page's trim box) is scaled to the box (X, Y, W, H) and clipped to the
// frame (ClipX, ClipY, ClipW, ClipH), which lies inside the box when the
// image is cropped (and outside the trim box for a PDF page's bleed).
type Image struct {
	Path                       string
	Page                       int // the page of a PDF, from 1; 0 for an image file
	X, Y, W, H                 units.Length
	ClipX, ClipY, ClipW, ClipH units.Length
	// Fit, when set, is the pixels (width, height) this placement's image
	// is downsampled to: the build gives it to a placement that the
	// file's own fit (for where it is largest) would leave above [print]
	// max_ppi — a photo used as the cover and again in a column. Zero:
	// the file's fit, or none.
	Fit [2]int
	// Crop, when set, is the part of the image that shows in the frame,
	// in ten-thousandths of its width and height (x0, y0, x1, y1): the
	// build sets it on a converted image cropped by much (a landscape photo
	// filling a portrait page), and only that part is embedded, drawn on
	// that part of the box (CropBox).
	Crop [4]int
}

// Key names the image as embedded: its path, and the fit and crop of a
// placement that has its own (one image object per key).
func (im Image) Key() string {
	k := im.Path
	if im.Fit != [2]int{} {
		k += fmt.Sprintf("\x00fit %d×%d", im.Fit[0], im.Fit[1])
	}
	if im.Crop != [4]int{} {
		k += fmt.Sprintf("\x00crop %d %d %d %d", im.Crop[0], im.Crop[1], im.Crop[2], im.Crop[3])
	}
	return k
}

// CropBox is the part of the box (X, Y, W, H) the cropped image is drawn
// on: the box itself when the image is not cropped.
func (im Image) CropBox() (x, y, w, h units.Length) {
	if im.Crop == [4]int{} {
		return im.X, im.Y, im.W, im.H
	}
	at := func(v units.Length, k int) units.Length { return units.Length(int64(v) * int64(k) / 10000) }
	return im.X + at(im.W, im.Crop[0]), im.Y + at(im.H, im.Crop[1]), at(im.W, im.Crop[2]-im.Crop[0]), at(im.H, im.Crop[3]-im.Crop[1])
}
