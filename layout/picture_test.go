package layout

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/units"
)

// picturePlan is a picture article of figs figures (cycling through the
// generated images) and a paragraph after every second one, on pages 01–02.
func picturePlan(figs int, extra string) map[string][]byte {
	files := map[string][]byte{}
	var md strings.Builder
	md.WriteString("# 山海之间的新村\n\n" + strings.Repeat("海岚村坐落在青屿岛东南面的山坡上。", 6) + "\n\n")
	for i := range figs {
		name := fmt.Sprintf("fig%d.png", []int{0, 1, 2, 3}[i%4])
		files[name] = genFigureFiles[name]
		fmt.Fprintf(&md, "![第%d幅图片的说明文字](%s)\n\n", i+1, name)
		if i%2 == 1 {
			md.WriteString(strings.Repeat("每年九月开渔，是海岚村最热闹的日子。", 5) + "\n\n")
		}
	}
	files["a.md"] = []byte(md.String())
	files["plan.toml"] = []byte(strings.Replace(designPlan, "section = \"栏目\"\n", "section = \"栏目\"\n"+extra, 1) + "[print]\nmin_ppi_warn = 0\nmin_ppi_error = 0\n")
	return files
}

// layoutPictures lays out picturePlan(figs, extra), a picture article, and
// fails on any error.
func layoutPictures(t *testing.T, figs int, extra string) (*Document, diag.List) {
	t.Helper()
	iss := loadFiles(t, picturePlan(figs, extra))
	if c := pictureArticle(iss.Pages[0]); c == nil {
		t.Fatal("not a picture article")
	}
	serif, _ := fonts.Builtin("serif")
	sans, _ := fonts.Builtin("sans")
	doc, _, d := Layout(iss, Fonts{Body: serif, Heading: sans})
	if d.HasErrors() {
		t.Fatal(d.Err())
	}
	return doc, d
}

// A picture article's pages are filled to (within two lines of) their foot,
// no image is cropped by more than the tolerance, and every crop is
// reported — on two columns, three (rows of two pictures, two columns and
// one, or of three) and four (rows of two, three or four).
func TestPicturePagesFill(t *testing.T) {
	for _, tc := range []struct{ figs, cols int }{{3, 2}, {4, 2}, {5, 2}, {6, 2}, {4, 3}, {5, 3}, {4, 4}, {5, 4}, {6, 4}} {
		figs := tc.figs
		iss := loadFiles(t, picturePlan(figs, fmt.Sprintf("columns = %d\n", tc.cols)))
		serif, _ := fonts.Builtin("serif")
		sans, _ := fonts.Builtin("sans")
		doc, _, d := Layout(iss, Fonts{Body: serif, Heading: sans})
		if d.HasErrors() {
			t.Fatalf("%d figures, %d columns: %v", figs, tc.cols, d.Err())
		}
		notes := 0
		for _, x := range d {
			if x.Severity == diag.Note && strings.Contains(x.Message, "to fill its place on") {
				notes++
			}
		}
		crops := 0
		for _, p := range doc.Pages[2:4] {
			fr := p.Frame
			foot := units.Length(0)
			for _, im := range p.Images {
				foot = max(foot, im.ClipY+im.ClipH)
				cw := 1 - float64(im.ClipW)/float64(im.W)
				ch := 1 - float64(im.ClipH)/float64(im.H)
				if cw > 0.351 || ch > 0.351 {
					t.Errorf("%d figures: page %s: %s cropped %.0f %% × %.0f %%, past the 35 %% tolerance", figs, p.Slot, im.Path, 100*cw, 100*ch)
				}
				if im.W-im.ClipW > im.W/200 || im.H-im.ClipH > im.H/200 { // noteCrop's rule
					crops++
				}
			}
			for _, l := range p.Placed {
				foot = max(foot, l.Y+l.Size/4)
			}
			if gap := fr.Top + fr.H - foot; gap > 3*units.FromPt(17) {
				t.Errorf("%d figures, %d columns: page %s is not filled: %.0f pt left at its foot", figs, tc.cols, p.Slot, gap.Points())
			}
		}
		if crops != notes {
			t.Errorf("%d figures, %d columns: %d images cropped, %d crops reported", figs, tc.cols, crops, notes)
		}
		if v := doc.CheckTypography(); len(v) > 0 {
			t.Errorf("%d figures: typography: %v", figs, v)
		}
	}
}

// With a crop tolerance too small for any arrangement, the figures are set
// in the grid of cells as before — and none is cropped past it by the
// picture pages' search.
func TestPicturePagesTolerance(t *testing.T) {
	_, d := layoutPictures(t, 4, "crop = 1\n")
	for _, x := range d {
		if strings.Contains(x.Message, "to fill its place on") {
			t.Errorf("crop = 1 still composed picture pages: %s", x.Message)
		}
	}
}

// With too little to fill the pages (the pictures at their largest within
// the crop tolerance), the picture pages are still composed — no image
// cropped past the tolerance, every figure on the range's pages — and the
// pages left short are named in a warning (they were set as a grid of
// cells, the second page left empty).
func TestPicturePagesShort(t *testing.T) {
	doc, d := layoutPictures(t, 3, "crop = 10\n")
	images := 0
	for _, p := range doc.Pages[2:4] {
		if len(p.Images) == 0 {
			t.Errorf("page %s has no picture", p.Slot)
		}
		for _, im := range p.Images {
			images++
			if cw, ch := 1-float64(im.ClipW)/float64(im.W), 1-float64(im.ClipH)/float64(im.H); cw > 0.101 || ch > 0.101 {
				t.Errorf("page %s: %s cropped %.1f %% × %.1f %%, past the 10 %% tolerance", p.Slot, im.Path, 100*cw, 100*ch)
			}
		}
	}
	if images != 3 {
		t.Errorf("%d pictures on the range's pages, want 3", images)
	}
	warned := false
	for _, x := range d {
		warned = warned || x.Severity == diag.Warning && strings.Contains(x.Message, "not filled")
	}
	if !warned {
		t.Error("no warning names the picture page left short")
	}
	if v := doc.CheckTypography(); len(v) > 0 {
		t.Errorf("typography: %v", v)
	}
}
