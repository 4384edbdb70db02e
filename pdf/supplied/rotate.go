package supplied

import (
	"errors"
	"fmt"

	"github.com/paiban/paiban/pdf/cos"
)

// Upright turns page number (from 1) of d upright when it has a /Rotate
// (a landscape-drawn advertisement exported turned, as some layout
// programs do): the turn that viewers apply is made part of the page —
// its content is drawn through the matching matrix, its boxes are turned
// with it, and /Rotate 0 is set — so the page is placed as it is seen. It
// returns the rotation it removed (0, 90, 180 or 270).
func Upright(d *cos.Doc, number int) (rotate int, err error) {
	defer cos.Recover(&err)
	pages, err := d.Pages()
	if err != nil {
		return 0, err
	}
	if number < 1 || number > len(pages) {
		return 0, nil // Boxes says so
	}
	p := pages[number-1]
	r, ok := cos.Float(d.Get(inherited(d, p.Dict, "Rotate")))
	if !ok {
		return 0, nil
	}
	rot := ((int(r)%360 + 360) % 360)
	if rot%90 != 0 {
		return 0, fmt.Errorf("page %d is rotated by %d°, not a multiple of 90°", number, int(r))
	}
	if rot == 0 {
		return 0, nil
	}
	x0, y0, x1, y1 := p.Media[0], p.Media[1], p.Media[2], p.Media[3]
	// the matrix from the page's space to the upright page's, whose
	// MediaBox starts at 0 0
	var m [6]float64
	switch rot {
	case 90: // the top edge becomes the right one
		m = [6]float64{0, -1, 1, 0, -y0, x1}
	case 180:
		m = [6]float64{-1, 0, 0, -1, x1, y1}
	case 270: // the top edge becomes the left one
		m = [6]float64{0, 1, -1, 0, y1, -x0}
	}
	turn := func(b [4]float64) cos.Array {
		ax, ay := m[0]*b[0]+m[2]*b[1]+m[4], m[1]*b[0]+m[3]*b[1]+m[5]
		bx, by := m[0]*b[2]+m[2]*b[3]+m[4], m[1]*b[2]+m[3]*b[3]+m[5]
		return cos.Nums(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
	}
	for _, k := range []cos.Name{"CropBox", "BleedBox", "TrimBox", "ArtBox"} {
		if b, ok := d.Rect(inherited(d, p.Dict, k)); ok {
			p.Dict.Set(k, turn(clip(b, p.Media)))
		}
	}
	p.Dict.Set("MediaBox", turn(p.Media))
	list, err := d.Contents(p)
	if err != nil {
		return 0, err
	}
	// one content stream (gopdf's page import reads a single one best)
	content := fmt.Appendf(nil, "q %g %g %g %g %g %g cm\n", m[0], m[1], m[2], m[3], m[4]+0, m[5]+0) // +0: no -0
	for _, c := range list {
		s, ok := d.Get(c).(*cos.Stream)
		if !ok {
			return 0, errors.New("a content stream is missing")
		}
		b, err := cos.Decode(s)
		if err != nil {
			return 0, fmt.Errorf("page content: %w", err)
		}
		content = append(append(content, b...), '\n')
	}
	p.Dict.Set("Contents", d.Add(cos.Deflated(cos.NewDict(), append(content, "Q\n"...))))
	p.Dict.Set("Rotate", 0)
	d.Touch(p.Ref)
	return rot, nil
}
