package issue

import (
	"regexp"

	"github.com/paiban/paiban/diag"
)

// Footnote references travel through a textBuf as one placeholder rune each
// (a UTF-16 surrogate code point plus the note's number: no text decoded
// from a file holds one, so source text is never taken for a reference),
// so that white space trimming and joining keep them in place; takeRefs
// turns them into NoteRefs before the punctuation is fixed.
const (
	refBase = 0xD800
	refMax  = 0x800 // numbers 0 … 2047
)

// addRef appends the placeholder of a reference to note n.
func (b *textBuf) addRef(n, line int) {
	if n < 0 || n >= refMax {
		return
	}
	b.r = append(b.r, rune(refBase+n))
	b.line = append(b.line, line)
	if b.keep != nil {
		b.keep = append(b.keep, false)
	}
	b.addStyle()
}

// takeRefs removes the reference placeholders from b and returns them as
// NoteRefs over the remaining runes.
func takeRefs(b *textBuf) []NoteRef {
	var refs []NoteRef
	del := make([]bool, len(b.r))
	k := 0
	for i, r := range b.r {
		if r >= refBase && r < refBase+refMax {
			refs = append(refs, NoteRef{At: k, N: int(r - refBase)})
			del[i] = true
			continue
		}
		k++
	}
	if refs != nil {
		b.remove(del)
	}
	return refs
}

// tableCaptionRe matches a table's caption (表题), set above the table:
// "表1 …", "表 2：…", "表三 …".
var tableCaptionRe = regexp.MustCompile(`^(续)?表\s*[0-9０-９一二三四五六七八九十]+`)

// maxCaptionRunes: a paragraph longer than this before a table is text,
// not its caption.
const maxCaptionRunes = 60

// takeCaption makes the paragraph just before a table (blocks[len-1]) the
// table's caption when it reads like one; it returns the caption and the
// blocks without it.
func takeCaption(blocks []Block, line int) (string, []Block) {
	if n := len(blocks); n > 0 {
		b := blocks[n-1]
		if b.Kind == Para && len(b.Refs) == 0 && len([]rune(b.Text)) <= maxCaptionRunes && tableCaptionRe.MatchString(b.Text) && b.Line < line && line-b.Line <= 3 {
			return b.Text, blocks[:n-1]
		}
	}
	return "", blocks
}

// titleRefs moves the footnote references of a title (a note on the whole
// article, as authors put one after the title) to the start of the
// article's first text block, with a note saying so.
func titleRefs(a *Article, t *textBuf, d *diag.List) {
	refs := takeRefs(t)
	if len(refs) == 0 {
		return
	}
	for i := range a.Blocks {
		if b := &a.Blocks[i]; b.Kind == Para || b.Kind == Quote || b.Kind == ListItem {
			for k := range refs {
				refs[k].At = 0
			}
			b.Refs = append(refs, b.Refs...)
			d.Notef(a.File, a.TitlePos.Line, "the footnote cited in the title is cited at the start of the first paragraph (line %d): a title carries no reference mark", b.Line)
			return
		}
	}
}

// dropRefs removes footnote references from text that cannot carry one (a
// caption), with a warning; the note, cited nowhere else, is then left out
// by pruneNotes.
func dropRefs(t *textBuf, file string, line int, where string, d *diag.List) {
	if refs := takeRefs(t); len(refs) > 0 {
		d.Warnf(file, line, "a footnote reference in a %s is not set: cite the note in the text", where)
	}
}

// pruneNotes leaves out, with a warning, the notes no text of the article
// cites (so that every note the layout sets has its reference).
func pruneNotes(a *Article, d *diag.List) {
	cited := map[int]bool{}
	for _, b := range a.Blocks {
		for _, r := range b.Refs {
			cited[r.N] = true
		}
		if b.Table != nil {
			for _, row := range b.Table.Rows {
				for _, c := range row {
					for _, r := range c.Refs {
						cited[r.N] = true
					}
				}
			}
		}
	}
	kept := a.Blocks[:0]
	for _, b := range a.Blocks {
		if b.Kind == Note && !cited[b.Level] {
			d.Warnf(a.File, b.Line, "footnote %d is cited nowhere in the text: it is left out", b.Level)
			continue
		}
		kept = append(kept, b)
	}
	a.Blocks = kept
}
