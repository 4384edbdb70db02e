package pipeline

import (
	"errors"
	"testing"

	"github.com/paiban/paiban/pdf"
)

// A failure of the PDF writer was reported at line 0 of the plan: now at the
// line that placed the image, the [[page]] of the page, or the font's line in
// [fonts].
func TestWriteErrorsAtTheirPlanLine(t *testing.T) {
	plan := writeSample(t)
	res, d := Run(plan, Options{})
	if d.HasErrors() {
		t.Fatal(d.Err())
	}
	iss, doc := res.Issue, res.Document
	boom := errors.New("boom")
	where := imagePositions(iss)
	images, texts := 0, 0
	for i, p := range doc.Pages {
		if len(p.Images) > 0 && p.Images[0].Page == 0 {
			at := writeErrPos(iss, doc, res.fonts, &pdf.PageError{Page: i, Image: p.Images[0].Path, Err: boom})
			if want := where.find(p.Code, p.Images[0].Path); at != want || at.Line == 0 {
				t.Errorf("page %s: image error at %v, want %v", p.Slot, at, want)
			}
			images++
		}
		if len(p.Runs) > 0 {
			at := writeErrPos(iss, doc, res.fonts, &pdf.PageError{Page: i, Err: boom})
			if at.File != iss.PlanFile || at.Line == 0 {
				t.Errorf("page %s: text error at %v, want its [[page]] in the plan", p.Slot, at)
			}
			texts++
		}
	}
	if images == 0 || texts == 0 {
		t.Fatalf("the sample has %d pages with images, %d with text", images, texts)
	}
	for i, f := range doc.Fonts {
		at := writeErrPos(iss, doc, res.fonts, &pdf.FontError{Font: i, Err: boom})
		if f == res.fonts.Body && at != iss.Fonts.Body.Pos || f == res.fonts.Heading && f != res.fonts.Body && at != iss.Fonts.Heading.Pos || at.Line == 0 {
			t.Errorf("font %s: error at %v", f.Name, at)
		}
	}
	if at := writeErrPos(iss, doc, res.fonts, boom); at.File != iss.PlanFile || at.Line != 0 {
		t.Errorf("an error of no page or font at %v, want the plan", at)
	}
}
