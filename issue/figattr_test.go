package issue

import (
	"strings"
	"testing"
)

// A figure's attributes set its width, place and credit; anything else is
// an error saying what is allowed.
func TestFigureAttrs(t *testing.T) {
	for _, c := range []struct {
		attr, width, place, credit, err string
	}{
		{"", WidthColumn, PlaceAuto, "", ""},
		{"{width=2col}", Width2Col, PlaceAuto, "", ""},
		{"{width=page place=top}", WidthPage, PlaceTop, "", ""},
		{"{ width=bleed }", WidthBleed, PlaceAuto, "", ""},
		{"{width=col place=here credit=\"摄影 李明\"}", WidthColumn, PlaceHere, "摄影 李明", ""},
		{"{credit=“图/新华社” place=foot}", WidthColumn, PlaceFoot, "图/新华社", ""},
		{"{width=3col}", Width3Col, PlaceAuto, "", ""},
		{"{width=5col}", "", "", "", "figure width=5col: use col"},
		{"{place=middle}", "", "", "", "figure place=middle: use top"},
		{"{size=big}", "", "", "", `unknown figure attribute "size"`},
		{"{wide}", "", "", "", `figure attribute "wide": write key=value`},
		{"{credit=\"摄影 李明}", "", "", "", "the quotation is not closed"},
	} {
		var b Block
		msg := figureAttrs(c.attr, &b)
		if c.err != "" {
			if !strings.Contains(msg, c.err) {
				t.Errorf("%s: message %q, want %q", c.attr, msg, c.err)
			}
			continue
		}
		if msg != "" || b.Width != c.width || b.Place != c.place || b.Credit != c.credit || b.Wide != (c.width != WidthColumn) {
			t.Errorf("%s: %q %q %q wide %v (%s)", c.attr, b.Width, b.Place, b.Credit, b.Wide, msg)
		}
	}
}
