package layout

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paiban/paiban/units"
)

// tablePlan2 is robustPlan with four pages for the article.
var tablePlan2 = strings.Replace(robustPlan, `slots = "01"`, `slots = "01-04"`, 1)

// elementFiles sets files as layoutFiles does, without the warnings about
// pages a short test article leaves empty.
func elementFiles(t *testing.T, files map[string][]byte) (*Document, string) {
	t.Helper()
	doc, msgs := layoutFiles(t, files, false)
	var keep []string
	for _, l := range strings.SplitAfter(msgs, "\n") {
		if !strings.Contains(l, "left empty") {
			keep = append(keep, l)
		}
	}
	return doc, strings.Join(keep, "")
}

func tableMD(caption string, cols, rows int, cell func(r, c int) string) string {
	var b strings.Builder
	if caption != "" {
		b.WriteString(caption + "\n\n")
	}
	var head, rule []string
	for c := 0; c < cols; c++ {
		head = append(head, fmt.Sprintf("项目%d", c+1))
		rule = append(rule, "---")
	}
	fmt.Fprintf(&b, "| %s |\n| %s |\n", strings.Join(head, " | "), strings.Join(rule, " | "))
	for r := 0; r < rows; r++ {
		var cs []string
		for c := 0; c < cols; c++ {
			cs = append(cs, cell(r, c))
		}
		fmt.Fprintf(&b, "| %s |\n", strings.Join(cs, " | "))
	}
	return b.String()
}

// A small table in a column: on the grid, its rules (heavier above and
// below, thinner under the head), numbers on the decimal point, every cell
// placed (conservation holds: no diagnostics).
func TestTableInColumn(t *testing.T) {
	md := "# 标题\n\n前面的正文。\n\n" + tableMD("表1　数据", 3, 3, func(r, c int) string {
		if c == 0 {
			return []string{"杭州", "宁波", "温州"}[r]
		}
		return []string{"1.5", "22.75", "300"}[r]
	}) + "\n后面的正文。\n"
	doc, msgs := elementFiles(t, map[string][]byte{"plan.toml": []byte(tablePlan2), "a.md": []byte(md)})
	if msgs != "" {
		t.Fatalf("diagnostics:\n%s", msgs)
	}
	p := doc.Pages[2] // 01
	L := 17 * units.Pt
	var widths []units.Length
	for _, l := range p.Lines {
		if l.Y1 == l.Y2 && l.X2-l.X1 == p.Frame.ColW {
			widths = append(widths, l.Width)
			if (l.Y1-p.Frame.Top)%L != 0 {
				t.Errorf("a rule off the grid lines' edges: %v", l)
			}
		}
	}
	if fmt.Sprint(widths) != fmt.Sprint([]units.Length{tableRuleHeavy, tableRuleLight, tableRuleHeavy}) {
		t.Errorf("rules %v, want heavy, light, heavy", widths)
	}
	ends := map[string]units.Length{}
	cells := 0
	for _, l := range p.TextLines {
		if !l.Cell {
			continue
		}
		cells++
		ends[l.Text] = l.End
	}
	if cells != 12 {
		t.Errorf("%d cell lines, want 12", cells)
	}
	// the points line up: "1.5" ends one figure's width left of "22.75"
	fig := ends["22.75"] - ends["1.5"]
	if fig <= 0 || fig > 10*units.Pt || ends["300"] >= ends["1.5"] {
		t.Errorf("not on the decimal point: ends %v", ends)
	}
	for _, pl := range p.Placed {
		if pl.Src.Cell > 0 && (pl.Y-p.Frame.Top-(17*units.Pt-10*units.Pt)/2-880*10)%L != 0 {
			t.Errorf("cell %q off the grid", pl.Text)
		}
	}
}

// A table whose natural width needs more than a column spans all columns.
func TestWideTableSpans(t *testing.T) {
	md := "# 标题\n\n正文。\n\n" + tableMD("表2　宽表", 6, 2, func(r, c int) string { return "比较长的单元格文字" }) + "\n后文。\n"
	doc, msgs := elementFiles(t, map[string][]byte{"plan.toml": []byte(tablePlan2), "a.md": []byte(md)})
	if msgs != "" {
		t.Fatalf("diagnostics:\n%s", msgs)
	}
	spans := 0
	for _, p := range doc.Pages {
		for _, l := range p.Placed {
			if l.Src.Cell > 0 && l.Span {
				spans++
			}
		}
	}
	if spans < 18 {
		t.Errorf("%d cell lines across the columns, want every cell's", spans)
	}
}

// A table that cannot fit the type area is an error naming the article's
// file and line and the table; it is never clipped.
func TestTableTooWide(t *testing.T) {
	plan := strings.Replace(tablePlan2, "[[page]]", "[text]\ncolumns = 1\n[[page]]", 1)
	md := "# 标题\n\n正文。\n\n" + tableMD("表3　太宽", 30, 2, func(r, c int) string { return "文字" })
	_, msgs := elementFiles(t, map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte(md)})
	if !strings.Contains(msgs, "a.md:7: table \"表3\" has 30 columns, too many for the type area") {
		t.Errorf("no error naming the table:\n%s", msgs)
	}
}

// A table taller than a column is split between rows: each piece under a
// 续表 caption with the head row again; every cell placed once.
func TestTableSplits(t *testing.T) {
	md := "# 标题\n\n正文。\n\n" + tableMD("表4　长表", 3, 120, func(r, c int) string { return fmt.Sprintf("第%d行", r+1) }) + "\n后文。\n"
	doc, msgs := elementFiles(t, map[string][]byte{"plan.toml": []byte(tablePlan2), "a.md": []byte(md)})
	if msgs != "" {
		t.Fatalf("diagnostics:\n%s", msgs)
	}
	cont, heads := 0, 0
	for _, p := range doc.Pages {
		for _, l := range p.Placed {
			if l.Repeat && l.Text == "表4（续）" {
				cont++
			}
			if l.Repeat && l.Text == "项目1" {
				heads++
			}
		}
	}
	if cont < 2 || heads != cont {
		t.Errorf("%d continuations, %d repeated heads", cont, heads)
	}
}

// A row taller than a column is an error naming the table and the row.
func TestTableRowTooTall(t *testing.T) {
	md := "# 标题\n\n正文。\n\n" + tableMD("表5　高行", 3, 2, func(r, c int) string {
		if r == 1 && c == 1 {
			return strings.Repeat("很长的单元格文字", 300)
		}
		return "短"
	})
	_, msgs := elementFiles(t, map[string][]byte{"plan.toml": []byte(robustPlan), "a.md": []byte(md)})
	if !strings.Contains(msgs, "a.md:10: table \"表5\": row 3 takes") {
		t.Errorf("no error naming the row:\n%s", msgs)
	}
}

// A table across the columns that ends the text goes below the text of the
// last page, balanced above it, not alone on a page of its own.
func TestWideTableEndsText(t *testing.T) {
	md := "# 标题\n\n" + strings.Repeat("正文的一句话，说明一个道理。", 30) + "\n\n" + tableMD("表6　宽表", 6, 3, func(r, c int) string { return "比较长的单元格文字" })
	doc, msgs := elementFiles(t, map[string][]byte{"plan.toml": []byte(tablePlan2), "a.md": []byte(md)})
	if msgs != "" {
		t.Fatalf("diagnostics:\n%s", msgs)
	}
	p := doc.Pages[2] // 01
	var textFoot, tableTop units.Length = 0, -1
	cols := map[units.Length]bool{}
	for _, l := range p.Placed {
		switch {
		case l.Src.Cell > 0 && l.Span:
			if tableTop < 0 || l.Y < tableTop {
				tableTop = l.Y
			}
		case l.Src.Part >= 0 && l.Src.Cell == 0 && !l.Span:
			textFoot = max(textFoot, l.Y)
			cols[l.X] = true
		}
	}
	if tableTop < 0 || tableTop < textFoot || len(cols) != 2 {
		t.Errorf("table from %v, text to %v in %d columns: want the table below the text balanced in both columns", tableTop, textFoot, len(cols))
	}
}
