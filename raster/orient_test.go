package raster

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// withExif puts an Exif segment saying orientation o after a JPEG's SOI.
func withExif(j []byte, o int) []byte {
	t := []byte("II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00")
	t = binary.LittleEndian.AppendUint16(t, uint16(o))
	t = append(t, 0, 0, 0, 0, 0, 0) // the value's padding, no next IFD
	seg := append([]byte("Exif\x00\x00"), t...)
	out := append([]byte{0xFF, 0xD8, 0xFF, 0xE1, byte((len(seg) + 2) >> 8), byte(len(seg) + 2)}, seg...)
	return append(out, j[2:]...)
}

// A phone photo's EXIF orientation is honoured (issue 13): the stored
// pixels are turned and mirrored as the tag says, for every orientation,
// in the size the layout is told (Upright) and in the converted image —
// a grey JPEG, which would go in byte for byte, too; fitted (downsampled)
// images as well.
func TestEXIFOrientation(t *testing.T) {
	const w, h = 64, 48
	// where, in the stored pixels, the upright picture's top-left and
	// top-right corners are (EXIF 2.32, tag Orientation)
	type corner struct{ right, bottom bool }
	tl, tr, bl, br := corner{}, corner{right: true}, corner{bottom: true}, corner{true, true}
	cases := map[int][2]corner{1: {tl, tr}, 2: {tr, tl}, 3: {br, bl}, 4: {bl, br}, 5: {tl, bl}, 6: {bl, tl}, 7: {br, tr}, 8: {tr, br}}
	for o, c := range cases {
		stored := image.NewGray(image.Rect(0, 0, w, h))
		for i := range stored.Pix {
			stored.Pix[i] = 255
		}
		mark := func(k corner, v uint8) {
			x0, y0 := 0, 0
			if k.right {
				x0 = w - 16
			}
			if k.bottom {
				y0 = h - 16
			}
			for y := y0; y < y0+16; y++ {
				for x := x0; x < x0+16; x++ {
					stored.SetGray(x, y, color.Gray{v})
				}
			}
		}
		mark(c[0], 0)   // black: the upright top-left
		mark(c[1], 128) // grey: the upright top-right
		var b bytes.Buffer
		jpeg.Encode(&b, stored, &jpeg.Options{Quality: 95})
		data := withExif(b.Bytes(), o)
		inf, err := Classify(data)
		if err != nil {
			t.Fatal(err)
		}
		if inf.Orientation != o || inf.PassThrough != (o == 1) {
			t.Errorf("orientation %d: Classify says %d, pass through %v", o, inf.Orientation, inf.PassThrough)
		}
		uw, uh := inf.Upright()
		if o >= 5 && (uw != h || uh != w) || o < 5 && (uw != w || uh != h) {
			t.Errorf("orientation %d: upright %d×%d", o, uw, uh)
		}
		for _, fit := range [][2]int{{0, 0}, {uw / 2, uh / 2}} {
			im, err := FitWith(data, Options{W: fit[0], H: fit[1]})
			if err != nil {
				t.Fatal(err)
			}
			want := [2]int{uw, uh}
			if fit[0] > 0 {
				want = fit
			}
			if im.Width != want[0] || im.Height != want[1] {
				t.Errorf("orientation %d fit %v: converted %d×%d", o, fit, im.Width, im.Height)
				continue
			}
			px := samples(t, im)
			at := func(x, y int) uint8 { return px[y*im.Width+x] }
			if v := at(2, 2); v > 40 {
				t.Errorf("orientation %d fit %v: top-left is %d, want black", o, fit, v)
			}
			if v := at(im.Width-3, 2); v < 90 || v > 170 {
				t.Errorf("orientation %d fit %v: top-right is %d, want grey", o, fit, v)
			}
			if v := at(im.Width/2, im.Height-3); v < 220 {
				t.Errorf("orientation %d fit %v: bottom middle is %d, want white", o, fit, v)
			}
		}
	}
}
