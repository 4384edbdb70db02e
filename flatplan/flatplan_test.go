package flatplan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/units"
)

// spreadNames writes spreads as "[-|封面] [封二|01] …".
func spreadNames(cells []Cell, spreads [][2]int) string {
	var b []string
	for _, sp := range spreads {
		name := func(i int) string {
			if i < 0 {
				return "-"
			}
			return cells[i].Slot
		}
		b = append(b, "["+name(sp[0])+"|"+name(sp[1])+"]")
	}
	return strings.Join(b, " ")
}

func plainIssue(inner int, binding string) *issue.Issue {
	return &issue.Issue{Title: "刊", Number: "1", Slots: issue.BuildSlots(inner), Paper: issue.Paper{TrimW: units.FromMM(210), TrimH: units.FromMM(285), InnerPages: inner, Binding: binding}}
}

// Reading spreads: the front cover alone on the right, the back cover
// alone on the left, every left-hand page paired with the next right-hand
// one — for saddle-stitched and perfect-bound issues of other page counts.
func TestSpreadOrder(t *testing.T) {
	for _, tc := range []struct {
		inner   int
		binding string
		want    string
	}{
		{4, "saddle", "[-|封面] [封二|01] [02|03] [04|封三] [封底|-]"},
		{6, "perfect", "[-|封面] [封二|01] [02|03] [04|05] [06|封三] [封底|-]"},
		{64, "saddle", ""},
		{130, "perfect", ""},
	} {
		cells := Cells(Input{Issue: plainIssue(tc.inner, tc.binding)})
		got := spreadNames(cells, Spreads(cells))
		if tc.want != "" && got != tc.want {
			t.Errorf("%d pages: spreads %s, want %s", tc.inner, got, tc.want)
		}
		sp := Spreads(cells)
		if len(sp) != tc.inner/2+3 { // the covers alone, then pairs
			t.Errorf("%d pages: %d spreads, want %d", tc.inner, len(sp), tc.inner/2+3)
		}
		// every slot once, in physical order, left pages verso, right recto
		next := 0
		for _, s := range sp {
			for side, i := range s {
				if i < 0 {
					continue
				}
				if i != next {
					t.Fatalf("%d pages: slot %d where %d was due: %s", tc.inner, i, next, got)
				}
				if cells[i].Recto != (side == 1) {
					t.Errorf("%d pages: %s on the wrong side", tc.inner, cells[i].Slot)
				}
				next++
			}
		}
		if next != tc.inner+4 {
			t.Errorf("%d pages: %d slots in the spreads", tc.inner, next)
		}
	}
}

// The states of the cells come from the plan and the layout report: a
// slot no [[page]] names is blank, a pending [[page]] pending, a range
// with text left over overset on each of its pages, one under the
// report's threshold underfull.
func TestCellStates(t *testing.T) {
	iss := plainIssue(8, "saddle")
	pos := func(line int) issue.Pos { return issue.Pos{File: "plan.toml", Line: line} }
	iss.Pages = []*issue.PageSpec{
		{Pos: pos(1), Slots: []int{0}, Content: []*issue.Content{{}}},                   // 封面
		{Pos: pos(2), Slots: []int{2, 3}, Section: "卷首", Content: []*issue.Content{{}}}, // 01-02
		{Pos: pos(3), Slots: []int{4, 5}, Section: "论坛", Pending: true},                 // 03-04
		{Pos: pos(4), Slots: []int{6}, Section: "新事", Content: []*issue.Content{{}}},    // 05
		{Pos: pos(5), Slots: []int{7, 8}, Section: "心理", Content: []*issue.Content{{}}}, // 06-07
	}
	rep := &layout.Report{Ranges: []layout.RangeFill{
		{Pos: pos(1), UsedLines: 1, TotalLines: 1},
		{Pos: pos(2), UsedLines: 90, TotalLines: 100},
		{Pos: pos(3), Pending: true},
		{Pos: pos(4), UsedLines: 50, TotalLines: 50, Overset: 14},
		{Pos: pos(5), UsedLines: 62, TotalLines: 100},
	}}
	doc := &layout.Document{}
	for _, s := range iss.Slots {
		doc.Pages = append(doc.Pages, &layout.Page{Slot: s.Name})
	}
	doc.Pages = append(doc.Pages, &layout.Page{Slot: "05+1", Overset: true})
	cells := Cells(Input{Issue: iss, Document: doc, Layout: rep, Changed: map[string]bool{"05": true}})
	var got []string
	for _, c := range cells {
		s := c.Slot + " " + c.Word()
		if c.Section != "" {
			s += " " + c.Section
		}
		if c.Changed {
			s += " " + ChangedWord
		}
		if c.Page >= 0 {
			s += fmt.Sprintf(" p%d", c.Page)
		}
		got = append(got, s)
	}
	want := []string{"封面 已排 p0", "封二 空白", "01 已排 卷首 p2", "02 已排 卷首 p3", "03 待稿 论坛", "04 待稿 论坛",
		"05 溢出 14行 新事 改动 p6", "06 不满 62% 心理 p7", "07 不满 62% 心理 p8", "08 空白", "封三 空白", "封底 空白"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("cells:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	counts, changed := Count(cells)
	if counts != [5]int{3, 2, 1, 2, 4} || changed != 1 {
		t.Errorf("counts %v, %d changed", counts, changed)
	}
}

// The grid gives the largest thumbnails on one A4 sheet for the sample's
// 35 spreads, and goes to two sheets only when one would make them too
// small; thumbnails keep the page's proportions.
func TestGrid(t *testing.T) {
	w, h, _ := Paper("a4")
	aw, ah := w-2*margin, h-2*margin-headerH-legendH
	tw, th := units.FromMM(210), units.FromMM(285)
	g := chooseGrid(35, aw, ah, tw, th)
	if g.sheets != 1 || g.tw < minThumb {
		t.Errorf("68 pages on A4: %+v", g)
	}
	rows := (g.perSheet + g.perRow - 1) / g.perRow
	if used := units.Length(rows)*(labelH+g.th+bandH) + units.Length(rows-1)*gapY; used > ah {
		t.Errorf("rows take %v of %v", used, ah)
	}
	if used := units.Length(g.perRow)*2*g.tw + units.Length(g.perRow-1)*gapX; used > aw {
		t.Errorf("a row takes %v of %v", used, aw)
	}
	if g2 := chooseGrid(250, aw, ah, tw, th); g2.sheets != 2 {
		t.Errorf("496 pages on A4: %+v", g2)
	}
	w3, h3, _ := Paper("A3")
	if g3 := chooseGrid(35, w3-2*margin, h3-2*margin-headerH-legendH, tw, th); g3.tw <= g.tw {
		t.Errorf("A3 thumbnails %v not larger than A4's %v", g3.tw, g.tw)
	}
	if _, _, err := Paper("letter"); err == nil {
		t.Error("paper letter accepted")
	}
}

// A plan too long for one sheet gets two, each with the header and the
// legend, the spreads split between them; the sheets are named for their
// page labels.
func TestTwoSheets(t *testing.T) {
	d, labels, err := Render(Input{Issue: plainIssue(100, "perfect")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	pages, err := d.Pages()
	if err != nil || len(pages) != 2 {
		t.Fatalf("%d sheets (%v)", len(pages), err)
	}
	if strings.Join(labels, ",") != "版面总览 1,版面总览 2" {
		t.Errorf("labels %q", labels)
	}
	if _, _, err := Render(Input{Issue: plainIssue(100, "perfect")}, Options{Paper: "b5"}); err == nil {
		t.Error("paper b5 accepted")
	}
}
