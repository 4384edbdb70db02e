package pipeline

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"

	"github.com/paiban/paiban/diag"
)

// A reporter's photo of far more pixels than its place prints (issue 13):
// above [print] max_ppi it is downsampled to target_ppi, said at its line;
// the embedded image has the pixels its place needs, not the file's.
func TestPhotosDownsampled(t *testing.T) {
	// the figure: 3000×2250 px in a column of 84.7 mm is 900 ppi; the cover
	// (a grey PNG that would pass through) 2551×3437 px over 216×291 mm is
	// 300 ppi: left alone
	plan, _ := printDir(t, "", grayPNG(t, 2551, 3437), rgbaPNG(t, 3000, 2250))
	res, diags := Run(plan, Options{WritePDF: true})
	if diags.HasErrors() {
		t.Fatalf("errors:\n%v", diags.Err())
	}
	if !find(diags, diag.Note, 0, "fig.png: RGB with alpha converted to CMYK (transparency flattened onto white); downsampled from 3000×2250 to 1000×750 px") {
		t.Errorf("no downsampling note:\n%s", listOf(diags))
	}
	widths := map[int]bool{}
	for _, m := range regexp.MustCompile(`/Width (\d+)`).FindAllSubmatch(res.PDF, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		widths[n] = true
	}
	if widths[3000] || !widths[1000] || !widths[2551] {
		t.Errorf("image widths in the PDF: %v (want 1000 for the figure, 2551 for the cover)", widths)
	}
	// max_ppi = 0: never
	plan, _ = printDir(t, "[print]\nmax_ppi = 0\n", grayPNG(t, 2551, 3437), rgbaPNG(t, 3000, 2250))
	res, diags = Run(plan, Options{WritePDF: true})
	if diags.HasErrors() || !bytes.Contains(res.PDF, []byte("/Width 3000")) {
		t.Errorf("max_ppi = 0 still downsampled:\n%s", listOf(diags))
	}
}
