package layout

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// regressionSeeds are generated issues that once failed (kept as they were
// found; generate must keep producing the same issue for a seed).
//
// A seed names an issue of the generator as it is (TestGeneratorStable
// pins it): a change to the generator must find these seeds again (undo
// each fix, see which seeds fail) and update genStable.
var regressionSeeds = []uint64{
	5, 31, // the last page of a range, balanced below a spanning title, ran past the foot of the type area
	161, 213, // a figure floated into a band was dropped when the band was balanced under a mid-page title
}

// moreRegressionSeeds once failed in long runs, set as the run sets any
// seed (every third and fourth with more elements).
var moreRegressionSeeds = []uint64{
	606,       // a subheading kept with the figure after it stood alone at a column's foot when the figure took the foot
	855, 1659, // the 注释 of endnotes and their note alone on the range's last page
	1362, // … and the article's last line, kept with them, alone at the top of a column (孤行)
	1506, // … and so a paragraph too tall for the limit above a title in mid-page: the columns below it not balanced
	1797, // a line alone above or below a box across the columns in mid-page (not found again: bandFaults)
	1253, // a figure across the type area fitted to its height, centred, read as a partial span off the columns
}

// richRegressionSeeds once failed with every element in every issue
// (PAIBAN_GEN_RICH); they are always set so.
var richRegressionSeeds = []uint64{
	875,      // a 孤字 (显。②) rather than a loose line: the any-stretch pass dropped the rule
	811,      // a bleed figure in a one-column range narrowed to its measure started right of the bleed (found as 563)
	936,      // the balanced last page's height set by the column holding a note: the last column left empty
	631,      // a column holding a table counted as empty
	217,      // a title kept the figure across the columns after it: it fit no column, and left one empty
	1007,     // the next title fit no column left: the article's end was not balanced
	901, 942, // endnotes alone on the last page
	1626, // a subheading alone above a figure across the columns in mid-page
	1383, // a line alone above or below a box across the columns in mid-page (not found again: bandFaults)
}

// newsRegressionSeeds once failed with every element and newsroom text
// (gennews_test.go) in every issue (PAIBAN_GEN_RICH); they are always set so.
var newsRegressionSeeds = []uint64{
	838,  // the next title went back off a column's top (its first paragraph's footnotes did not fit): the article's end, not balanced, filled one column beside two empty
	1006, // a figure across two of four columns, too tall, fitted to their height and centred on them, read as a partial span off the columns (the check)
}

// typographyHolds: the layout's typography check must hold on every
// generated issue. (False while narrow measures still break it: see issue 9.)
const typographyHolds = true

// propertyPlans is how many generated issues TestGeneratedPlans sets.
const propertyPlans = 300

// TestGeneratedPlans sets hundreds of generated issues (gen_test.go). Each
// must either be set with every character placed exactly once inside its
// frame (Conserve, which Layout runs) and the layout's typography check
// holding, or fail with an overset error; nothing else.
//
// PAIBAN_GEN_DIR=dir keeps the generated issues there (dir/SEED/plan.toml),
// to build them with paiban and audit them with pdfaudit.
// PAIBAN_GEN_SEEDS=1,2,3 sets only those seeds.
func TestGeneratedPlans(t *testing.T) {
	seeds := append([]uint64(nil), regressionSeeds...)
	if s := os.Getenv("PAIBAN_GEN_SEEDS"); s != "" {
		seeds = nil
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			seeds = append(seeds, n)
		}
	} else {
		seeds = append(append(append(seeds, moreRegressionSeeds...), richRegressionSeeds...), newsRegressionSeeds...)
		for s := uint64(1); s <= propertyPlans; s++ {
			if !slices.Contains(regressionSeeds, s) {
				seeds = append(seeds, s)
			}
		}
	}
	rich := os.Getenv("PAIBAN_GEN_RICH") != ""
	news := rich // (the regression seeds found before enrichNews stay as they were)
	keep := os.Getenv("PAIBAN_GEN_DIR")
	serif, _ := fonts.Builtin("serif")
	sans, _ := fonts.Builtin("sans")
	set, overset := 0, 0
	justified, loose := 0, 0
	spans := 0 // figures and boxes across some, not all, of the columns
	for _, seed := range seeds {
		g := generate(seed)
		rich := rich || slices.Contains(richRegressionSeeds, seed) || slices.Contains(newsRegressionSeeds, seed)
		if rich || seed%3 == 0 && !slices.Contains(regressionSeeds, seed) {
			// every third issue (not the regression seeds) with the
			// elements of issue 14: kickers, ### subheadings, lists
			g = enrich(g)
		}
		if rich || seed%4 == 1 && !slices.Contains(regressionSeeds, seed) {
			// every fourth issue with the page design of issue 15:
			// boxes, figures of every width, opening pages … (gendesign_test.go)
			g = enrichDesign(g)
		}
		if news || slices.Contains(newsRegressionSeeds, seed) || seed%5 == 2 && !slices.Contains(regressionSeeds, seed) &&
			!slices.Contains(moreRegressionSeeds, seed) && !slices.Contains(richRegressionSeeds, seed) {
			// every fifth issue with what newsrooms send (gennews_test.go)
			g = enrichNews(g)
		}
		dir := t.TempDir()
		if keep != "" {
			dir = filepath.Join(keep, strconv.FormatUint(seed, 10))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		for name, data := range g.files {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		iss, d := issue.Load(filepath.Join(dir, "plan.toml"))
		if d.HasErrors() {
			t.Errorf("%s: the plan does not load:\n%v", g.desc, d.Errors())
			continue
		}
		doc, _, ld := Layout(iss, Fonts{Body: serif, Heading: sans})
		if errs := ld.Errors(); len(errs) > 0 {
			bad := diag.List{}
			for _, x := range errs {
				if !strings.Contains(x.Message, "overset: ") {
					bad = append(bad, x)
				}
			}
			if len(bad) > 0 {
				t.Errorf("%s: fails with more than overset:\n%v", g.desc, bad)
			} else {
				overset++
			}
			continue
		}
		set++
		for _, p := range doc.Pages {
			if b := bandFaults(p); len(b) > 0 {
				t.Errorf("%s: page %s: %s", g.desc, p.Slot, b[0])
			}
		}
		if p := unbalanced(doc); p != nil {
			t.Errorf("%s: page %s: the columns are not balanced (an empty column beside a column of text)", g.desc, p.Slot)
		}
		for _, p := range doc.Pages {
			n, off := partialSpans(p)
			spans += n
			if off > 0 {
				t.Errorf("%s: page %s: a figure or box across some of the columns is not on whole columns", g.desc, p.Slot)
			}
			for _, l := range p.TextLines {
				if l.Justified {
					justified++
					if l.Loose {
						loose++
					}
				}
			}
		}
		if v := doc.CheckTypography(); len(v) > 0 && typographyHolds {
			t.Errorf("%s: %d typography violations, first: %v", g.desc, len(v), v[0])
		}
	}
	t.Logf("%d issues: %d set, %d overset; %d of %d justified lines loose (wider than %.2f em between hanzi, forced: no tighter solution but a 孤字); %d partial spans", len(seeds), set, overset, loose, justified, LooseEm/1000.0, spans)
	if len(seeds) >= propertyPlans && spans == 0 {
		t.Errorf("no figure or box across some of the columns was set: the generator no longer tests partial spans")
	}
	// forced loose lines stay rare: the referee allows 2 % of a document's
	// justified lines
	if len(seeds) >= propertyPlans && loose*100 > justified {
		t.Errorf("%d of %d justified lines are loose (over 1 %%)", loose, justified)
	}
	if len(seeds) >= propertyPlans && set < len(seeds)/2 {
		t.Errorf("only %d of %d generated issues fit: the generator no longer tests the layout", set, len(seeds))
	}
}

// unbalanced finds a page of text with an empty column beside one of more
// than 3 lines (pictures and boxes aside: they float, and are never split):
// the last page of a range that did not balance its columns.
func unbalanced(doc *Document) *Page {
	for _, p := range doc.Pages {
		f := p.Frame
		if f.Cols < 2 || len(p.TextLines) == 0 || len(p.Images) > 0 || boxOn(p) {
			continue
		}
		// lines of each column (a table's cells too: a column holding a
		// table is not empty, unless the table runs across the columns),
		// and of them those of body size, not cells
		// (footnotes are smaller: a column of two lines and their note
		// cannot be balanced)
		count, bodyCount := make([]int, f.Cols), make([]int, f.Cols)
		var body units.Length
		for _, l := range p.TextLines {
			body = max(body, l.Size)
		}
		// the rows of table cells in each column: a table across the
		// columns has cells on one row in several (it fills none of
		// them), a table in a column only in that one
		cellRows := make([]map[units.Length]bool, f.Cols)
		colOf := func(l TextLine) int {
			for c := range f.Cols {
				if l.X >= f.ColX(c)-conserveTolerance && l.X < f.ColX(c)+f.ColW {
					return c
				}
			}
			return -1
		}
		for _, l := range p.TextLines {
			if c := colOf(l); l.Cell && c >= 0 {
				if cellRows[c] == nil {
					cellRows[c] = map[units.Length]bool{}
				}
				cellRows[c][l.Y] = true
			}
		}
		across := func(c int) bool {
			for y := range cellRows[c] {
				for d := range f.Cols {
					if d != c && cellRows[d][y] {
						return true
					}
				}
			}
			return false
		}
		for _, l := range p.TextLines {
			c := colOf(l)
			if c < 0 {
				continue
			}
			if !l.Cell || !across(c) {
				count[c]++
			}
			if l.Size == body && !l.Cell {
				bodyCount[c]++
			}
		}
		if slices.Min(count) == 0 && slices.Max(bodyCount) > 3 {
			return p
		}
	}
	return nil
}

// partialSpans counts the figures and boxes of p set across more than one
// column and fewer than all, and those of them not on whole columns (their
// left edge a column's, their width whole columns and the gaps between).
func partialSpans(p *Page) (n, off int) {
	f := p.Frame
	check := func(x, w units.Length) {
		if x < f.X || w <= f.ColW+f.Gap || w >= f.W-f.ColW {
			return
		}
		if d := 2*x + w - (2*f.X + f.W); d > -units.FromPt(1) && d < units.FromPt(1) {
			return // centred in the type area: a figure across it, too tall for its width, fitted to the height (seed 1253)
		}
		for c := 0; c < f.Cols; c++ {
			for k := 2; c+k < f.Cols; k++ {
				sw := units.Length(k)*f.ColW + units.Length(k-1)*f.Gap
				if d := 2*x + w - (2*f.ColX(c) + sw); w < sw && d > -units.FromPt(1) && d < units.FromPt(1) {
					n++
					return // centred on k whole columns: a figure across them, too tall, fitted to the height (items.go; rich seed 1006 with newsroom text)
				}
			}
		}
		n++
		k := int((x - f.X + f.ColW/2) / (f.ColW + f.Gap))
		cols := int((w + f.Gap) / (f.ColW + f.Gap))
		if x != f.ColX(k) || w != units.Length(cols)*f.ColW+units.Length(cols-1)*f.Gap {
			off++
		}
	}
	for _, im := range p.Images {
		check(im.ClipX, im.ClipW)
	}
	for _, r := range p.Rects {
		if r.Fill == BoxTint {
			check(r.X, r.W)
		}
	}
	return n, off
}

// genStable is a hash of the issues of seeds 1–20: regressionSeeds hold only
// while the generator makes the same issues.
const genStable = "0eb6fa4c2487926f"

func TestGeneratorStable(t *testing.T) {
	h := sha256.New()
	for seed := uint64(1); seed <= 20; seed++ {
		g := generate(seed)
		names := make([]string, 0, len(g.files))
		for n := range g.files {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			h.Write([]byte(n))
			h.Write(g.files[n])
		}
	}
	if got := hex.EncodeToString(h.Sum(nil))[:16]; got != genStable {
		t.Errorf("the generator changed (hash %s, pinned %s): find the regression seeds again and update genStable", got, genStable)
	}
}

// boxOn reports whether p holds a box (box.go): a tinted ground, or the
// heavy rule of a ruled box or a pull quote.
func boxOn(p *Page) bool {
	for _, r := range p.Rects {
		if r.Fill == BoxTint {
			return true
		}
	}
	for _, l := range p.Lines {
		if l.Width == units.FromPt(1.5) {
			return true
		}
	}
	return false
}

// bandFaults finds, around each figure, box or title across the columns in
// mid-page, a paragraph's last line alone at the top of a column below it
// (孤行) or its first line alone at the foot of a column above it (orphan):
// CheckTypography sees only the columns' tops and feet.
func bandFaults(p *Page) []string {
	f := p.Frame
	if f.Cols < 2 {
		return nil
	}
	type iv struct{ a, b, x0, x1 units.Length }
	var wide []iv
	for _, r := range p.Rects {
		if r.W > f.ColW+f.Gap {
			wide = append(wide, iv{r.Y, r.Y + r.H, r.X, r.X + r.W})
		}
	}
	for _, im := range p.Images {
		if im.ClipW > f.ColW+f.Gap {
			wide = append(wide, iv{im.ClipY, im.ClipY + im.ClipH, im.ClipX, im.ClipX + im.ClipW})
		}
	}
	for _, l := range p.TextLines {
		if l.Measure > f.ColW+f.Gap/2 && !l.Cell {
			wide = append(wide, iv{l.Y - l.Size, l.Y + l.Size/3, l.X, l.X + l.Measure})
		}
	}
	var out []string
	for _, w := range wide {
		if w.a < f.Top+f.H/20 {
			continue // at the page top
		}
		for c := 0; c < f.Cols; c++ {
			if f.ColX(c)+f.ColW/2 < w.x0 || f.ColX(c)+f.ColW/2 > w.x1 {
				continue
			}
			var above, below *TextLine
			for k := range p.TextLines {
				l := &p.TextLines[k]
				if l.Cell || l.Heading || l.Measure > f.ColW+f.Gap/2 || l.X < f.ColX(c)-conserveTolerance || l.X >= f.ColX(c)+f.ColW {
					continue
				}
				if l.Y < w.a && (above == nil || l.Y > above.Y) {
					above = l
				}
				if l.Y > w.b && (below == nil || l.Y < below.Y) {
					below = l
				}
			}
			if below != nil && !below.Justified && !below.First {
				out = append(out, fmt.Sprintf("孤行 in column %d below an item across the columns: %q", c+1, below.Text))
			}
			if above != nil && above.First && above.Justified {
				out = append(out, fmt.Sprintf("orphan in column %d above an item across the columns: %q", c+1, above.Text))
			}
		}
	}
	return out
}
