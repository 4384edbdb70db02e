package pipeline

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
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

// End to end: a body font whose outlines are damaged loads and sets (the
// layout reads only its character map and advances) but fails in the PDF
// writer; that was plan.toml:0, now the [fonts] line that names it.
func TestDamagedFontReportedAtItsLine(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "fonts", "testdata", "serif-sub.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	// the glyf table's last two thirds overwritten
	for i, n := 0, int(binary.BigEndian.Uint16(data[4:])); i < n; i++ {
		rec := data[12+16*i:]
		if string(rec[:4]) == "glyf" {
			off, ln := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
			for k := off + ln/3; k < off+ln; k++ {
				data[k] = 0xFF
			}
		}
	}
	dir := t.TempDir()
	files := map[string]string{
		"bad.ttf":   string(data),
		"a.txt":     "标题\n\n  正文。\n",
		"plan.toml": "[issue]\ntitle = \"T\"\nnumber = \"1\"\n[paper]\ntrim = \"148x210mm\"\ninner_pages = 4\n[fonts]\nbody = \"bad.ttf\"\n[[page]]\nslots = \"01\"\ncontent = [\"a.txt\"]\n",
	}
	for name, s := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	plan := filepath.Join(dir, "plan.toml")
	_, d := Run(plan, Options{WritePDF: true})
	errs := d.Errors()
	if len(errs) != 1 || errs[0].File != plan || errs[0].Line != 8 || !strings.Contains(errs[0].Message, "writing the PDF: pdf: font 0") {
		t.Errorf("want one error at the [fonts] body line 8, got:\n%v", errs)
	}
}
