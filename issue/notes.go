package issue

import "regexp"

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
