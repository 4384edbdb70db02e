package issue

import "strings"

// PlainText renders the article as it is typeset, in the shape of a .txt
// article: the title, the subtitle, a blank line, then the byline and every
// paragraph, subheading, quotation and figure caption on an indented line of
// its own. Markup is gone and the ASCII punctuation fixes are applied, so the
// text can be compared with what a PDF gives back (pdftotext, pdfaudit text).
func (a *Article) PlainText() string { return a.PlainTextStyle("number", false) }

// PlainTextStyle is PlainText with footnote references in the footnote
// style ("number", "circled"): each reference's mark where it is cited, the
// notes after the text, each starting with its mark (after a line 注释 with
// endnotes, as the layout sets them); a table as its caption
// and its rows, the cells apart by an ideographic space.
func (a *Article) PlainTextStyle(noteStyle string, endnotes bool) string {
	var b strings.Builder
	if a.Kicker != "" {
		b.WriteString(a.Kicker)
		b.WriteByte('\n')
	}
	b.WriteString(a.Title)
	b.WriteByte('\n')
	if a.Subtitle != "" {
		b.WriteString(a.Subtitle)
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	if a.Byline != "" {
		b.WriteString("  " + a.Byline + "\n")
	}
	notesHead := false
	for _, bl := range a.Blocks {
		if strings.TrimSpace(bl.Text) == "" && bl.Kind != TableBlock {
			continue
		}
		switch bl.Kind {
		case TableBlock:
			for _, l := range tableText(bl, noteStyle) {
				b.WriteString("  " + l + "\n")
			}
			continue
		case Note:
			if endnotes && !notesHead {
				b.WriteString("  " + EndnotesHeading + "\n")
				notesHead = true
			}
			b.WriteString("  " + NoteMark(noteStyle, bl.Level) + bl.Text + "\n")
			continue
		}
		b.WriteString("  " + TextWithRefs(bl.SetText(), shiftRefs(bl.Refs, len([]rune(bl.SetText()))-len([]rune(bl.Text))), noteStyle) + "\n")
	}
	return b.String()
}

// shiftRefs moves refs by d runes (a list item's marker before its text).
func shiftRefs(refs []NoteRef, d int) []NoteRef {
	if d == 0 || len(refs) == 0 {
		return refs
	}
	out := make([]NoteRef, len(refs))
	for i, r := range refs {
		out[i] = NoteRef{At: r.At + d, N: r.N}
	}
	return out
}

// EndnotesHeading is the subheading over an article's notes when they are
// set as endnotes.
const EndnotesHeading = "注释"
