package layout

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/units"
)

// spanPlan is designPlan (slots 01-02, 210×285 mm, 10/17 pt) with cols
// columns and an article: a title, paras paragraphs, the line md (a figure
// or a box), after more paragraphs.
func spanPlan(cols int, md string, paras, after int) map[string][]byte {
	para := strings.Repeat("这是一段足够长的文字，用来填满栏目。", 6) + "\n\n"
	src := "# 标题\n\n" + strings.Repeat(para, paras) + md + "\n\n" + strings.Repeat(para, after)
	plan := strings.Replace(designPlan, "section = \"栏目\"\n", fmt.Sprintf("section = \"栏目\"\ncolumns = %d\n", cols), 1) + "[print]\nmin_ppi_warn = 0\nmin_ppi_error = 0\n"
	return map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte(src), "fig0.png": genFigureFiles["fig0.png"]}
}

// spanCases are figures and boxes across 2 and 3 of 3 and 4 columns, met
// early on a page (at the foot of their columns), late in a column (at the
// top of the next columns), in the last column (the next page's first
// columns) and with place=top.
var spanCases = []struct {
	name       string
	cols       int
	md         string
	paras, aft int
}{
	{"3col-2col-foot", 3, "![图片说明](fig0.png){width=2col credit=\"摄影 李明\"}", 2, 14},
	{"3col-2col-nextcols", 3, "![图片说明](fig0.png){width=2col}", 4, 14},
	{"3col-2col-nextpage", 3, "![图片说明](fig0.png){width=2col}", 9, 14},
	{"3col-2col-top", 3, "![图片说明](fig0.png){width=2col place=top}", 2, 14},
	{"4col-3col-nextcols", 4, "![图片说明](fig0.png){width=3col}", 2, 14},
	{"4col-3col-foot", 4, "![图片说明](fig0.png){width=3col}", 1, 14},
	{"4col-2col-last", 4, "![图片说明](fig0.png){width=2col}", 14, 4},
	{"3col-box-2col", 3, "::: box 小贴士 {width=2col}\n" + strings.Repeat("盒子里的文字。", 30) + "\n:::", 3, 14},
	{"4col-box-3col", 4, "::: 资料链接 {width=3col}\n" + strings.Repeat("盒子里的文字。", 30) + "\n:::", 5, 14},
}

// spanOf is the partial span on p: a figure's image or a box's ground.
func spanOf(p *Page) (x, y, w, h units.Length, ok bool) {
	for _, im := range p.Images {
		return im.ClipX, im.ClipY, im.ClipW, im.ClipH, true
	}
	for _, r := range p.Rects {
		if r.Fill == BoxTint {
			return r.X, r.Y, r.W, r.H, true
		}
	}
	return 0, 0, 0, 0, false
}

// A figure or box across 2 or 3 of 3 or 4 columns is on whole columns
// (its left edge a column's, its width n columns and their gaps) and whole
// grid lines, its caption right below it across the same width; the
// columns beside it run their full height, those under it hold text above
// or below it, none over it; nothing overlaps, every character is placed
// once (Layout runs the conservation check).
func TestPartialSpans(t *testing.T) {
	L := units.FromPt(17)
	var trace strings.Builder
	for _, c := range spanCases {
		doc, msgs := layoutFiles(t, spanPlan(c.cols, c.md, c.paras, c.aft), false)
		if msgs != "" {
			t.Fatalf("%s: %s", c.name, msgs)
		}
		n := 2
		if strings.Contains(c.md, "3col") {
			n = 3
		}
		found := false
		for _, p := range doc.Pages {
			x, y, w, h, ok := spanOf(p)
			if !ok {
				continue
			}
			found = true
			f := p.Frame
			col := -1
			for k := 0; k < f.Cols; k++ {
				if f.ColX(k) == x {
					col = k
				}
			}
			if col < 0 || col+n > f.Cols || w != units.Length(n)*f.ColW+units.Length(n-1)*f.Gap {
				t.Errorf("%s: page %s: the span at x %v, %v wide, is not on %d whole columns of %+v", c.name, p.Slot, x, w, n, f)
			}
			// on the grid: an image from a grid line's top, a box's
			// ground from half a line less a quarter em below one
			if off := (y - f.Top) % L; off != 0 && off != L/2-units.FromPt(10)/4 {
				t.Errorf("%s: page %s: the span starts %v below a grid line", c.name, p.Slot, off)
			}
			if strings.HasPrefix(c.md, "![") {
				capOK := false
				for _, l := range p.Placed {
					if strings.HasPrefix(l.Text, "图片说明") {
						capOK = l.X == x && l.W == w && l.Y > y+h && l.Y < y+h+2*L
					}
				}
				if !capOK {
					t.Errorf("%s: page %s: the caption is not right below the image across its width", c.name, p.Slot)
				}
			}
			if strings.Contains(c.md, "place=top") && textAbove(p, x, y, w) {
				t.Errorf("%s: page %s: text above a place=top span", c.name, p.Slot)
			}
			trace.WriteString(c.name + " " + spanTrace(p, L))
		}
		if !found {
			t.Errorf("%s: no span placed", c.name)
		}
		if v := doc.CheckTypography(); len(v) > 0 {
			t.Errorf("%s: typography: %v", c.name, v)
		}
	}
	golden := filepath.Join("testdata", "spans.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(trace.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test ./layout -run PartialSpans -update)", err)
	}
	if trace.String() != string(want) {
		t.Errorf("the positions of the spans changed (go test ./layout -run PartialSpans -update rewrites testdata/spans.golden):\n%s", firstDiff(trace.String(), string(want)))
	}
}

// textAbove reports whether a line of text of p is in the span's columns
// (from x, w wide) above y.
func textAbove(p *Page, x, y, w units.Length) bool {
	for _, l := range p.Placed {
		if l.X >= x && l.X < x+w && l.Y < y {
			return true
		}
	}
	return false
}

// spanTrace is the page's span and text in grid terms: the span's columns
// and lines, and for each column the lines of text it holds (grid lines
// from the type area's top), so a golden file shows where things went.
func spanTrace(p *Page, L units.Length) string {
	f := p.Frame
	x, y, w, h, _ := spanOf(p)
	colOf := func(x units.Length) int {
		for k := f.Cols - 1; k >= 0; k-- {
			if x >= f.ColX(k)-conserveTolerance {
				return k
			}
		}
		return 0
	}
	lineOf := func(y units.Length) int { return int((y - f.Top) / L) }
	var b strings.Builder
	fmt.Fprintf(&b, "page %s: span cols %d-%d lines %d-%d;", p.Slot, colOf(x), colOf(x+w-1), lineOf(y), lineOf(y+h-1))
	lines := map[int][]int{}
	for _, l := range p.Placed {
		if l.Span {
			continue
		}
		lines[colOf(l.X)] = append(lines[colOf(l.X)], lineOf(l.Y))
	}
	for k := 0; k < f.Cols; k++ {
		ls := lines[k]
		sort.Ints(ls)
		fmt.Fprintf(&b, " col %d:", k)
		// runs of consecutive lines
		for i := 0; i < len(ls); {
			j := i
			for j+1 < len(ls) && ls[j+1] <= ls[j]+1 {
				j++
			}
			fmt.Fprintf(&b, " %d-%d", ls[i], ls[j])
			i = j + 1
		}
	}
	b.WriteString("\n")
	return b.String()
}

// A Word picture takes the nearest whole number of columns to its width in
// the document (issue.Block.Extent), all of them the type area.
func TestExtentWidth(t *testing.T) {
	for _, c := range []struct {
		extent, cols int
		want         string
	}{
		{1000, 1, ""}, {1000, 2, "page"}, {647, 2, ""}, {760, 2, "page"},
		{1000, 3, "page"}, {647, 3, "2col"}, {500, 3, "2col"}, {294, 3, ""},
		{1000, 4, "page"}, {647, 4, "3col"}, {500, 4, "2col"}, {294, 4, ""}, {900, 4, "page"},
	} {
		if got := extentWidth(c.extent, c.cols); got != c.want {
			t.Errorf("%d‰ on %d columns: %q, want %q", c.extent, c.cols, got, c.want)
		}
	}
}

// The pictures of a Word document LibreOffice wrote (17, 11, 8.5, 5 and 19
// cm wide in a text 17 cm wide) set on 3 and 4 columns: the type area, 2
// (3 of 4) columns, 2 columns, a column, the bleed.
func TestDocxPictureWidthsOnTheGrid(t *testing.T) {
	data, err := os.ReadFile("../issue/testdata/docx/libreoffice-widths.docx")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		cols int
		want string
	}{{3, "bleed page 2 2 1"}, {4, "bleed page 3 2 1"}} {
		files := spanPlan(c.cols, "", 0, 0)
		plan := strings.Replace(string(files["plan.toml"]), `content = ["a.md"]`, `content = ["a.docx"]`, 1)
		files["plan.toml"] = []byte(strings.Replace(plan, `slots = "01-02"`, `slots = "01-03"`, 1))
		files["a.docx"] = data
		doc, msgs := layoutFiles(t, files, false)
		if msgs != "" {
			t.Fatalf("%d columns: %s", c.cols, msgs)
		}
		var got []string
		for _, p := range doc.Pages {
			f := p.Frame
			for _, im := range p.Images {
				switch {
				case im.ClipW > f.W:
					got = append(got, "bleed")
				case im.ClipW == f.W:
					got = append(got, "page")
				default:
					got = append(got, fmt.Sprint(int((im.ClipW+f.Gap)/(f.ColW+f.Gap))))
				}
			}
		}
		sort.Strings(got)
		want := strings.Fields(c.want)
		sort.Strings(want)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%d columns: the pictures' widths %v, want %v", c.cols, got, want)
		}
		if v := doc.CheckTypography(); len(v) > 0 {
			t.Errorf("%d columns: typography: %v", c.cols, v)
		}
	}
}

// Footnotes in the columns of a span at their foot go above it (the
// figure stays on the grid lines it takes in every column): wherever the
// span is met, nothing overlaps and the typography holds.
func TestPartialSpanWithFootnotes(t *testing.T) {
	for _, cols := range []int{3, 4} {
		for at := 1; at <= 9; at += 2 {
			paras := strings.SplitAfter(footnoteMD(16), "\n\n")
			md := strings.Join(paras[:at+1], "") + "![图片说明](fig0.png){width=2col}\n\n" + strings.Join(paras[at+1:], "")
			files := spanPlan(cols, "", 0, 0)
			files["a.md"] = []byte(md)
			doc, msgs := layoutFiles(t, files, false)
			if msgs != "" {
				t.Errorf("%d columns, after paragraph %d: %s", cols, at, msgs)
				continue
			}
			if v := doc.CheckTypography(); len(v) > 0 {
				t.Errorf("%d columns, after paragraph %d: typography: %v", cols, at, v)
			}
			found := false
			for _, p := range doc.Pages {
				if _, _, _, _, ok := spanOf(p); ok {
					found = true
				}
			}
			if !found {
				t.Errorf("%d columns, after paragraph %d: no span", cols, at)
			}
		}
	}
}

// A column left short by a span at its top (a partial span on a balanced
// last page, a box and then a figure across the columns at a page's top)
// never ends with a paragraph's first line alone: a paragraph that does
// not fit there with its second line goes on to the next column.
func TestNoOrphanBesideSpan(t *testing.T) {
	s := func(n int) string {
		return strings.Repeat("这是一段足够长的文字，用来填满栏目。", n) + "\n\n"
	}
	box := func(w string, n int) string {
		return "::: box 小贴士 {width=" + w + "}\n" + strings.Repeat("盒子里的文字。", n) + "\n:::\n\n"
	}
	fig := func(k int, attrs string) string { return fmt.Sprintf("![图片说明](fig%d.png){%s}\n\n", k, attrs) }
	for _, c := range []struct {
		name, slots string
		cols        int
		md          string
	}{
		// the last page balanced to a height that leaves one line below
		// the span in its columns
		{"4col-box-2col-balanced", "01-02", 4, box("2col", 8) + s(2) + s(7) + s(1)},
		{"4col-figure-2col-balanced", "01", 4, fig(0, "width=2col place=foot") + s(7) + s(5) + "有注释[^1]。\n\n[^1]: 注释的文字" + strings.Repeat("很长", 16) + "\n\n"},
		// a box across the columns (a blank line below it), a figure
		// across them: one line left below that in each column
		{"3col-box-then-figure-across", "01-03", 3, box("3col", 16) + s(2) + fig(0, "width=page place=top") + s(7) + fig(1, "width=col place=here") +
			s(1) + s(4) + s(5) + s(8) + fig(2, "width=2col place=foot") + s(5) + s(5) + s(6) + s(8) + s(7) + s(7) + "## 小标题\n\n" + s(2) +
			box("page", 32) + s(2) + strings.TrimSuffix(s(4), "\n\n") + "有注释[^1]。\n\n[^1]: 注释的文字" + strings.Repeat("很长", 16) + "\n\n" + box("2col", 26) + s(2)},
	} {
		files := spanPlan(c.cols, "", 0, 0)
		files["plan.toml"] = []byte(strings.Replace(string(files["plan.toml"]), `slots = "01-02"`, `slots = "`+c.slots+`"`, 1))
		files["a.md"] = []byte("# 标题\n\n" + c.md)
		for name, data := range genFigureFiles {
			files[name] = data
		}
		doc, msgs := layoutFiles(t, files, false)
		if strings.Contains(msgs, "error") {
			t.Fatalf("%s: %s", c.name, msgs)
		}
		if v := doc.CheckTypography(); len(v) > 0 {
			t.Errorf("%s: typography: %v", c.name, v)
		}
	}
}

// A partial span goes at the top of columns that hold another at their
// foot when there is the room between: on four columns, a 3col figure at
// the foot of columns 1-3 leaves the top of columns 2-3 to a 2col one
// met after it, not an overset.
func TestPartialSpanAboveAnother(t *testing.T) {
	files := spanPlan(4, "", 0, 0)
	files["plan.toml"] = []byte(strings.Replace(string(files["plan.toml"]), `slots = "01-02"`, `slots = "01"`, 1))
	para := strings.Repeat("这是一段足够长的文字，用来填满栏目。", 8) + "\n\n"
	files["a.md"] = []byte("# 标题\n\n" + strings.Repeat(para, 3) + "![图片说明一](fig0.png){width=3col}\n\n![图片说明二](fig0.png){width=2col}\n")
	doc, msgs := layoutFiles(t, files, false)
	if msgs != "" {
		t.Fatal(msgs)
	}
	if v := doc.CheckTypography(); len(v) > 0 {
		t.Errorf("typography: %v", v)
	}
	var p *Page
	for _, q := range doc.Pages {
		if q.Slot == "01" {
			p = q
		}
	}
	if len(p.Images) != 2 {
		t.Fatalf("%d figures on the page, want 2", len(p.Images))
	}
	for i, a := range p.Images {
		for _, b := range p.Images[i+1:] {
			if a.ClipX < b.ClipX+b.ClipW && b.ClipX < a.ClipX+a.ClipW && a.ClipY < b.ClipY+b.ClipH && b.ClipY < a.ClipY+a.ClipH {
				t.Errorf("the figures overlap: %+v %+v", a, b)
			}
		}
	}
}

// place=here on a partial span is not silently dropped: a note at the
// figure's line says it is set at the top or foot of its columns.
func TestPartialSpanPlaceHereNoted(t *testing.T) {
	iss := loadFiles(t, spanPlan(3, "![图片说明](fig0.png){width=2col place=here}", 2, 14))
	serif, _ := fonts.Builtin("serif")
	sans, _ := fonts.Builtin("sans")
	_, _, d := Layout(iss, Fonts{Body: serif, Heading: sans})
	if d.HasErrors() {
		t.Fatal(d.Err())
	}
	notes := 0
	for _, x := range d {
		if x.Severity == diag.Note && strings.Contains(x.Message, "place=here does not apply") {
			notes++
			if !strings.HasSuffix(x.File, "a.md") || x.Line != 7 {
				t.Errorf("the note is at %s:%d, want a.md:7", x.File, x.Line)
			}
		}
	}
	if notes != 1 {
		t.Errorf("%d notes on place=here, want 1", notes)
	}
}
