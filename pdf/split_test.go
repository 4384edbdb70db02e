package pdf

import (
	"bytes"
	"testing"

	"github.com/paiban/paiban/layout"
)

// renderBoth renders doc with the text of its later pages drawn by a
// second gopdf document, and whole.
func renderBoth(t *testing.T, doc *layout.Document) (split, whole []byte) {
	t.Helper()
	wr, err := newWriter(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(wr.apartPages()) == 0 {
		t.Fatal("the document is not split: the test tests nothing")
	}
	split, err = Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	noSplit = true
	defer func() { noSplit = false }()
	whole, err = Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	return split, whole
}

// The text of the later pages drawn by a second gopdf document gives the
// PDF one document drawing everything gives, byte for byte: on the sample
// (images, rules, tints, three fonts), and with a font used only on the
// later pages.
func TestSplitSameBytes(t *testing.T) {
	doc := sampleIssueDoc(t)
	split, whole := renderBoth(t, doc)
	if !bytes.Equal(split, whole) {
		a, b := firstDiff(split, whole)
		t.Fatalf("split and whole differ (%d and %d bytes):\n%s\n---\n%s", len(split), len(whole), a, b)
	}
	// the heading font only on the last pages: it must be registered by
	// the first document all the same
	doc = clone(doc)
	last := -1 // the last page with text
	for i, p := range doc.Pages {
		if len(p.Runs) > 0 {
			last = i
		}
	}
	body, heading := doc.Pages[last].Runs[0].Font, -1
	for _, p := range doc.Pages {
		for _, r := range p.Runs {
			if r.Font != body && r.Text != "" {
				heading = r.Font
			}
		}
	}
	if heading < 0 {
		t.Fatal("the sample has one font")
	}
	for _, p := range doc.Pages[:last] {
		for k := range p.Runs {
			if p.Runs[k].Font == heading {
				p.Runs[k].Font = body
			}
		}
	}
	doc.Pages[last].Runs[0].Font = heading
	split, whole = renderBoth(t, doc)
	if !bytes.Equal(split, whole) {
		a, b := firstDiff(split, whole)
		t.Fatalf("a font only on the later pages: split and whole differ:\n%s\n---\n%s", a, b)
	}
}
