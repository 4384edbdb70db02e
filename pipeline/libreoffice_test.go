package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A Word file as LibreOffice writes it (testdata/docx, made from a flat ODT
// with soffice --convert-to docx): title, subtitle, byline, two heading
// levels, a table introduced by a heading, a list, a quotation and two
// footnotes. It builds; the table stays right under the heading that
// introduces it (a table that floated to the next column left the heading
// alone at the foot of the text); each note is at the foot of a column.
func TestLibreOfficeDocx(t *testing.T) {
	plan := writeSample(t)
	dir := filepath.Dir(plan)
	data, err := os.ReadFile("testdata/docx/libreoffice-table-notes.docx")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "articles", "lo.docx"), data, 0o644)
	b, _ := os.ReadFile(plan)
	os.WriteFile(plan, []byte(strings.Replace(string(b), `content = ["articles/shengyin.md"]`, `content = ["articles/lo.docx"]`, 1)), 0o644)
	res := mustBuild(t, plan)
	var head, cell, note1, body struct {
		page       int
		x, y, size float64
		found      bool
	}
	for pi, p := range res.Document.Pages {
		for _, pl := range p.Placed {
			at := func(v *struct {
				page       int
				x, y, size float64
				found      bool
			}) {
				if !v.found {
					v.page, v.x, v.y, v.size, v.found = pi, pl.X.Points(), pl.Y.Points(), pl.Size.Points(), true
				}
			}
			switch {
			case strings.Contains(pl.Text, "一份价目表"):
				at(&head)
			case pl.Text == "年份":
				at(&cell)
			case strings.Contains(pl.Text, "拱宸桥始建于明崇祯四年"):
				at(&note1)
			case strings.Contains(pl.Text, "拱宸桥是京杭大运河"):
				at(&body)
			}
		}
	}
	if !head.found || !cell.found || !note1.found || !body.found {
		t.Fatalf("not all found: heading %v, cell %v, note %v, body %v", head.found, cell.found, note1.found, body.found)
	}
	if cell.page != head.page || cell.x < head.x-30 || cell.y < head.y || cell.y > head.y+3*17 {
		t.Errorf("the table (page %d at %.0f, %.0f) is not right under its heading (page %d at %.0f, %.0f)", cell.page, cell.x, cell.y, head.page, head.x, head.y)
	}
	if note1.page != body.page || note1.y < body.y || note1.size >= body.size {
		t.Errorf("the note (page %d, y %.0f, %.1f pt) is not below its reference (page %d, y %.0f, %.1f pt), smaller", note1.page, note1.y, note1.size, body.page, body.y, body.size)
	}
}
