package supplied

import (
	"strconv"
	"strings"
	"testing"

	"github.com/paiban/paiban/pdf/cos"
)

// Upright makes a page's /Rotate part of it: the MediaBox (inherited here)
// turned to start at 0 0, the other boxes turned with it, the content drawn
// through the turn, /Rotate 0; Inspect reports the boxes of the page as
// seen and the rotation it removed.
func TestUpright(t *testing.T) {
	for _, c := range []struct {
		rot        int
		media, trm [4]float64
		cm         string
	}{
		{90, [4]float64{0, 0, 828, 612}, [4]float64{20, 12, 800, 602}, "q 0 -1 1 0 0 612 cm"},
		{180, [4]float64{0, 0, 612, 828}, [4]float64{12, 28, 602, 808}, "q -1 0 0 -1 612 828 cm"},
		{270, [4]float64{0, 0, 828, 612}, [4]float64{28, 10, 808, 600}, "q 0 1 -1 0 828 0 cm"},
		{-90, [4]float64{0, 0, 828, 612}, [4]float64{28, 10, 808, 600}, "q 0 1 -1 0 828 0 cm"},
	} {
		data := pdfOf("/TrimBox [10 20 600 800] /Rotate "+strconv.Itoa(c.rot), "0 0 0 1 k 0 0 10 10 re f")
		d, err := cos.Read(data)
		if err != nil {
			t.Fatal(err)
		}
		rot, err := Upright(d, 1)
		if err != nil || rot != (c.rot+360)%360 {
			t.Errorf("%d: Upright says %d, %v", c.rot, rot, err)
			continue
		}
		pages, _ := d.Pages()
		p := pages[0]
		if p.Media != c.media {
			t.Errorf("%d: MediaBox %v, want %v", c.rot, p.Media, c.media)
		}
		if tb, _ := d.Rect(p.Dict.Get("TrimBox")); tb != c.trm {
			t.Errorf("%d: TrimBox %v, want %v", c.rot, tb, c.trm)
		}
		if r, _ := cos.Float(p.Dict.Get("Rotate")); r != 0 {
			t.Errorf("%d: /Rotate %v left", c.rot, r)
		}
		list, _ := d.Contents(p)
		b, _ := cos.Decode(d.Get(list[0]).(*cos.Stream))
		if !strings.HasPrefix(string(b), c.cm+"\n0 0 0 1 k") || !strings.HasSuffix(string(b), "\nQ\n") {
			t.Errorf("%d: content %q", c.rot, b)
		}
		pg, err := Inspect(d.Bytes(), 1)
		if err != nil || pg.Rotate != 0 || pg.Trim != c.trm {
			t.Errorf("%d: the upright page inspected: %+v, %v", c.rot, pg, err)
		}
		if pg, err := Inspect(data, 1); err != nil || pg.Rotate != (c.rot+360)%360 || pg.Trim != c.trm {
			t.Errorf("%d: Inspect: %+v, %v", c.rot, pg, err)
		}
	}
	if _, err := Upright(mustRead(t, pdfOf("/Rotate 45", "")), 1); err == nil {
		t.Error("a page turned by 45° is not refused")
	}
}

func mustRead(t *testing.T, data []byte) *cos.Doc {
	t.Helper()
	d, err := cos.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
