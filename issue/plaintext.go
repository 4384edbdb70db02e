package issue

import "strings"

// PlainText renders the article as it is typeset, in the shape of a .txt
// article: the title, the subtitle, a blank line, then the byline and every
// paragraph, subheading, quotation and figure caption on an indented line of
// its own. Markup is gone and the ASCII punctuation fixes are applied, so the
// text can be compared with what a PDF gives back (pdftotext, pdfaudit text).
func (a *Article) PlainText() string {
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
	for _, bl := range a.Blocks {
		if strings.TrimSpace(bl.Text) == "" {
			continue
		}
		b.WriteString("  " + bl.SetText() + "\n")
	}
	return b.String()
}
