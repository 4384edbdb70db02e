package issue

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/paiban/paiban/units"
)

// Cover is the [cover] table — lines of type (the masthead, the issue number
// and date) set over the cover slot's image — or one [[overlay]]: the same
// for any slot, e.g. the slogan of a 公益广告 page.
type Cover struct {
	Slot  int // index into Issue.Slots (default 封面)
	Lines []CoverLine
	Pos   Pos
}

// CoverLine is one line of cover type.
type CoverLine struct {
	Text     string       // with {title}, {number} and {date} replaced
	Y        units.Length // baseline, from the top of the trim
	X        units.Length // offset from the alignment edge (the trim's left/right edge or centre)
	Size     units.Length
	Tracking units.Length // extra space between characters
	Heading  bool         // the heading font (default) or the body font
	Align    string       // "left", "center" or "right"
	Color    [4]uint8     // CMYK percent
	Pos      Pos
}

// DefaultCover is used when the plan has no [cover] table and the 封面 slot
// holds content: the magazine's name large at the top, the issue number and
// date below it, each made smaller when it would not fit across the page.
func DefaultCover(is *Issue) *Cover {
	c := &Cover{Slot: 0}
	date := ""
	if is.Date != "" {
		var y, m, d int
		if _, err := fmt.Sscanf(is.Date, "%d-%d-%d", &y, &m, &d); err == nil {
			date = fmt.Sprintf("　%d年%d月", y, m)
		}
	}
	color := DefaultMasthead
	if is.MastheadSet {
		color = is.Masthead
	}
	c.Lines = []CoverLine{
		{Text: is.Title, Y: units.FromMM(48), Size: units.FromPt(66), Tracking: units.FromPt(8), Heading: true, Align: "center", Color: color, Pos: is.TitlePos},
		{Text: is.Number + date, Y: units.FromMM(62), Size: units.FromPt(15), Tracking: units.FromPt(2), Heading: true, Align: "center", Color: color, Pos: is.NumberPos},
	}
	// no character is wider than 1 em: n characters with tracking t take
	// at most n·size + (n−1)·t; keep them inside 15 mm from each edge
	room := is.Paper.TrimW - 2*units.FromMM(15)
	for i := range c.Lines {
		l := &c.Lines[i]
		n := units.Length(utf8.RuneCountInString(l.Text))
		if w := n*l.Size + (n-1)*l.Tracking; n > 0 && w > room {
			l.Size, l.Tracking = l.Size.Scale(int64(room), int64(w)), l.Tracking.Scale(int64(room), int64(w))
		}
	}
	return c
}

func (r *planReader) readCover(is *Issue, m map[string]any) {
	if t := r.topTable(m, "cover"); t != nil {
		is.Cover = r.readType(is, t, "cover", false)
	}
	v, ok := m["overlay"]
	if !ok {
		return
	}
	list, ok := v.([]map[string]any)
	if !ok {
		r.d.Errorf(r.file, max(1, r.loc.line("overlay")), "overlay must be an array of tables ([[overlay]]), not %s", describeValue(v))
		return
	}
	for i, om := range list {
		t := &table{r: r, m: om, path: []string{"overlay", idx(i)}, name: "[[overlay]]"}
		if c := r.readType(is, t, "overlay", true); c != nil {
			is.Overlays = append(is.Overlays, c)
		}
	}
}

// placeholderRe finds what looks like a placeholder in a line of cover type.
var placeholderRe = regexp.MustCompile(`\{[A-Za-z_]+\}`)

// readType reads a [cover] or [[overlay]] table: a slot and its lines.
func (r *planReader) readType(is *Issue, t *table, name string, needSlot bool) *Cover {
	c := &Cover{Pos: Pos{File: r.file, Line: t.self()}}
	t.check("slot", "line")
	if s, ok := t.str("slot"); ok && len(is.Slots) > 0 {
		i, err := FindSlot(is.Slots, s)
		if err != nil {
			t.errf("slot", "%v", err)
		} else {
			c.Slot = i
		}
	} else if needSlot && !t.has("slot") {
		r.d.Errorf(r.file, t.self(), "[[%s]] needs a slot, e.g. slot = \"64\"", name)
		return nil
	}
	list, _ := t.m["line"].([]map[string]any)
	if t.has("line") && list == nil {
		t.typeErr("line", "an array of tables ([["+name+".line]])")
	}
	for i, lm := range list {
		lt := &table{r: r, m: lm, path: append(append([]string(nil), t.path...), "line", idx(i)), name: "[[" + name + ".line]]"}
		lt.check("text", "y", "x", "size", "tracking", "font", "align", "color")
		l := CoverLine{Heading: true, Align: "center", Size: units.FromPt(24), Pos: Pos{File: r.file, Line: lt.self()}}
		if s, ok := lt.str("text"); ok {
			// a misspelt placeholder, or {date} without a date, would
			// otherwise go to print as it is, or as nothing
			for _, ph := range placeholderRe.FindAllString(s, -1) {
				switch {
				case ph != "{title}" && ph != "{number}" && ph != "{date}":
					lt.errf("text", "text %q: unknown placeholder %s: use {title}, {number} or {date}", s, ph)
				case ph == "{date}" && is.Date == "":
					lt.errf("text", "text %q: {date}, but [issue] has no date (e.g. date = 2026-01-05)", s)
				}
			}
			l.Text = strings.NewReplacer("{title}", is.Title, "{number}", is.Number, "{date}", is.Date).Replace(s)
		} else if !lt.has("text") {
			r.d.Errorf(r.file, lt.self(), "[[%s.line]] needs text, e.g. text = \"{title}\"", name)
		}
		l.Y, _ = lt.length("y", 0, units.FromMM(40))
		l.X, _ = lt.length("x", 0, 0)
		if size, ok := lt.length("size", 0, l.Size); ok && size <= 0 {
			lt.errf("size", "size must be more than 0")
		} else {
			l.Size = size
		}
		l.Tracking, _ = lt.length("tracking", l.Size, 0)
		if s, ok := lt.str("font"); ok {
			switch s {
			case "heading":
			case "body":
				l.Heading = false
			default:
				lt.errf("font", "font = %q: use \"heading\" or \"body\"", s)
			}
		}
		if s, ok := lt.str("align"); ok {
			if s != "left" && s != "center" && s != "right" {
				lt.errf("align", "align = %q: use \"left\", \"center\" or \"right\"", s)
			} else {
				l.Align = s
			}
		}
		l.Color = [4]uint8{0, 0, 0, 100}
		if lt.has("color") {
			l.Color, _ = lt.cmyk("color")
		}
		c.Lines = append(c.Lines, l)
	}
	return c
}
