// Package flatplan draws the whole issue at a glance (版面总览): every slot
// of the plan in reading spreads — [封面] [封二 01] [02 03] … [64 封三]
// [封底] — each labelled with its slot and section, with a thumbnail of the
// page as set where content is set, and its state by colour and word: set,
// underfull (with the fill), overset (with the lines left over), pending
// (a section whose content has not arrived), blank (a slot no [[page]]
// names), and changed since an earlier build or proof.
//
// The sheet's labels, colours and legend are layout data (glyph runs and
// rects) that package pdf writes like any page, in the embedded fonts, so
// their text can be extracted. The thumbnails are the issue's pages drawn
// by package pdf and placed, as form XObjects scaled to the cell, on the
// sheet (as package impose places pages on spreads): vector, with their
// own text. Nothing of the flat plan is drawn into the issue's pages: the
// issue's document is read, never changed.
package flatplan

import (
	"fmt"

	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/report"
)

// State is what a slot holds, as the flat plan colours it.
type State int

const (
	Set       State = iota // content set, neither underfull nor overset
	Underfull              // its range is filled under report.UnderfullBelow
	Overset                // its range has text left over
	Pending                // a section whose content has not arrived (a pending [[page]])
	Blank                  // no [[page]] names the slot
)

// Word is the state as the cells and the legend name it.
func (s State) Word() string {
	return [...]string{"已排", "不满", "溢出", "待稿", "空白"}[s]
}

// English is the state's English name, for the legend.
func (s State) English() string {
	return [...]string{"set", "underfull", "overset", "pending", "blank"}[s]
}

// Cell is one slot of the flat plan.
type Cell struct {
	Slot    string // 封面, 封二, 01 … NN, 封三, 封底
	Section string // the section of its [[page]]; "" for none
	Recto   bool   // a right-hand page
	State   State
	Fill    int  // its range's fill in percent (Set, Underfull, Overset)
	Left    int  // Overset: the lines left over in its range
	Changed bool // changed since the earlier build or proof (--since)
	// Page is the index in the issue's Document.Pages of the page to show
	// as a thumbnail, or -1 for none (pending and blank slots).
	Page int
}

// Word is the cell's state word: "已排", "不满 62%", "溢出 14行", "待稿",
// "空白".
func (c Cell) Word() string {
	switch c.State {
	case Underfull:
		return fmt.Sprintf("%s %d%%", c.State.Word(), c.Fill)
	case Overset:
		return fmt.Sprintf("%s %d行", c.State.Word(), c.Left)
	}
	return c.State.Word()
}

// ChangedWord marks a changed cell.
const ChangedWord = "改动"

// Input is what a flat plan is made from.
type Input struct {
	Issue    *issue.Issue
	Document *layout.Document // the issue's pages as set (nil for none); overset pages, which are no slot, are not shown
	Layout   *layout.Report
	// Changed lists the slots changed since the earlier build (--since);
	// nil when nothing was compared.
	Changed map[string]bool
}

// Cells returns every slot of the issue in physical order with its state.
// A page's state is its range's (the fill of a range is the report's): a
// range filled under report.UnderfullBelow percent is underfull on each of
// its pages, a range with text left over overset on each.
func Cells(in Input) []Cell {
	iss := in.Issue
	spec := map[int]*issue.PageSpec{}
	for _, ps := range iss.Pages {
		for _, s := range ps.Slots {
			spec[s] = ps
		}
	}
	fills := map[issue.Pos]layout.RangeFill{}
	if in.Layout != nil {
		for _, f := range in.Layout.Ranges {
			fills[f.Pos] = f
		}
	}
	page := map[string]int{}
	if in.Document != nil {
		for i, p := range in.Document.Pages {
			if !p.Overset {
				page[p.Slot] = i
			}
		}
	}
	cells := make([]Cell, len(iss.Slots))
	for i, s := range iss.Slots {
		c := Cell{Slot: s.Name, Recto: s.Recto(), Page: -1, Changed: in.Changed[s.Name]}
		ps := spec[s.Index]
		switch {
		case ps == nil:
			c.State = Blank
		case ps.Pending:
			c.State, c.Section = Pending, ps.Section
		default:
			c.Section = ps.Section
			f := fills[ps.Pos]
			c.Fill = f.Percent()
			switch {
			case f.Overset > 0:
				c.State, c.Left = Overset, f.Overset
			case f.TotalLines > 0 && c.Fill < report.UnderfullBelow:
				c.State = Underfull // the report's rule
			}
			if k, ok := page[s.Name]; ok {
				c.Page = k
			}
		}
		cells[i] = c
	}
	return cells
}

// Spreads groups cells (in physical order) into reading spreads: a
// right-hand page closes a spread, a left-hand page opens one, so the
// outside front cover stands alone on the right ([-, 封面]), then [封二,
// 01], [02, 03] … [64, 封三], and the outside back cover alone on the left
// ([封底, -]). Each spread is two indexes into cells, -1 for an empty side.
func Spreads(cells []Cell) [][2]int {
	var out [][2]int
	open := false // the last spread has a left page and no right one
	for i, c := range cells {
		switch {
		case c.Recto && open:
			out[len(out)-1][1] = i
			open = false
		case c.Recto:
			out = append(out, [2]int{-1, i})
		default:
			out = append(out, [2]int{i, -1})
			open = true
		}
	}
	return out
}

// Count returns how many cells are in each state, and how many changed.
func Count(cells []Cell) (states [Blank + 1]int, changed int) {
	for _, c := range cells {
		states[c.State]++
		if c.Changed {
			changed++
		}
	}
	return states, changed
}
