package issue

import (
	"fmt"
	"strings"
)

// Figure widths and places (issue 15 item 2), from the attributes of a
// Markdown figure: ![caption](path){width=2col place=here credit="摄影 李明"}.
const (
	WidthColumn = ""      // one column (the default; width=col)
	Width2Col   = "2col"  // two columns, at a column top or foot (in two columns: the type area)
	Width3Col   = "3col"  // three columns likewise (in three or fewer: the type area)
	WidthPage   = "page"  // the whole type area (also "wide")
	WidthBleed  = "bleed" // across the page to the bleed, at the top of a page

	PlaceAuto = ""     // the foot of the column, else the top of the next (the default)
	PlaceTop  = "top"  // the top of the next column (of this one when at its top)
	PlaceFoot = "foot" // the foot of the column, else the top of the next
	PlaceHere = "here" // where it is written, between paragraphs, when the column has the room
)

// figureAttrs reads a figure's attribute block "{width=… place=… credit=…}"
// into b; msg says what is wrong.
func figureAttrs(attr string, b *Block) (msg string) {
	s := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(attr, "{"), "}"))
	for s != "" {
		eq := strings.IndexByte(s, '=')
		if eq <= 0 {
			return fmt.Sprintf("figure attribute %q: write key=value, e.g. {width=2col place=here credit=\"摄影 李明\"}", s)
		}
		key := strings.TrimSpace(s[:eq])
		s = strings.TrimLeft(s[eq+1:], " ")
		var val string
		if q := s[:min(len(s), 3)]; strings.HasPrefix(q, `"`) || strings.HasPrefix(q, "“") {
			open, close := `"`, `"`
			if strings.HasPrefix(q, "“") {
				open, close = "“", "”"
			}
			end := strings.Index(s[len(open):], close)
			if end < 0 {
				return fmt.Sprintf("figure attribute %s: the quotation is not closed", key)
			}
			val, s = s[len(open):len(open)+end], s[len(open)+end+len(close):]
		} else {
			sp := strings.IndexByte(s, ' ')
			if sp < 0 {
				sp = len(s)
			}
			val, s = s[:sp], s[sp:]
		}
		s = strings.TrimLeft(s, " ")
		switch key {
		case "width":
			switch val {
			case "col", "1col", "column":
				b.Width = WidthColumn
			case Width2Col, Width3Col, WidthPage, WidthBleed:
				b.Width = val
			case "wide":
				b.Width = WidthPage
			default:
				return fmt.Sprintf("figure width=%s: use col (one column), 2col or 3col (two or three columns), page (the whole type area) or bleed (across the page to the bleed)", val)
			}
		case "place":
			switch val {
			case PlaceTop, PlaceFoot, PlaceHere:
				b.Place = val
			default:
				return fmt.Sprintf("figure place=%s: use top (the top of a column), foot (the foot of a column) or here (between the paragraphs where it is written)", val)
			}
		case "credit":
			b.Credit = strings.TrimSpace(val)
		default:
			return fmt.Sprintf("unknown figure attribute %q: the attributes are width, place and credit", key)
		}
	}
	b.Wide = b.Wide || b.Width != WidthColumn
	return ""
}
