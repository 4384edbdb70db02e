package raster

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/tiff"

	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/raster/icc"
	"github.com/paiban/paiban/raster/icc/icctest"
)

func mustColour(t testing.TB, profile []byte, intent icc.Intent, limit int) *Colour {
	t.Helper()
	c, err := NewColour("TEST", profile, intent, limit)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// swappedRGB is an RGB matrix profile that is sRGB with red and green
// exchanged: a tagged image's "red" is sRGB green.
func swappedRGB() []byte {
	xyz := func(x, y, z float64) []byte {
		b := []byte("XYZ \x00\x00\x00\x00")
		for _, v := range []float64{x, y, z} {
			b = binary.BigEndian.AppendUint32(b, uint32(int32(math.Round(v*65536))))
		}
		return b
	}
	para := []byte("para\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x66\x66") // gamma 2.4 (near sRGB)
	desc := []byte("desc\x00\x00\x00\x00\x00\x00\x00\x08swapped\x00")
	desc = append(desc, make([]byte, 4+4+2+1+67)...)
	return icc.Encode("mntr", "RGB ", "XYZ ", 0x02100000, map[string][]byte{
		"desc": desc,
		"wtpt": xyz(0.9642, 1, 0.8249),
		"rXYZ": xyz(0.3850649, 0.7168786, 0.0971045), // sRGB's green
		"gXYZ": xyz(0.4360747, 0.2225045, 0.0139322), // sRGB's red
		"bXYZ": xyz(0.1430804, 0.0606169, 0.7141733),
		"rTRC": para, "gTRC": para, "bTRC": para,
	})
}

// withICCP inserts an iCCP chunk into a PNG, before IDAT.
func withICCP(t testing.TB, png, profile []byte) []byte {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(profile)
	zw.Close()
	body := append([]byte("p\x00\x00"), z.Bytes()...)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(body)))
	chunk = append(chunk, "iCCP"...)
	chunk = append(chunk, body...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	at := bytes.Index(png, []byte("IDAT")) - 4
	if at < 0 {
		t.Fatal("no IDAT")
	}
	return append(append(append([]byte(nil), png[:at]...), chunk...), png[at:]...)
}

// withAPP2 inserts a profile into a JPEG as two APP2 ICC_PROFILE chunks.
func withAPP2(jpg, profile []byte) []byte {
	half := len(profile) / 2
	out := append([]byte(nil), jpg[:2]...)
	for i, part := range [][]byte{profile[:half], profile[half:]} {
		seg := append([]byte("ICC_PROFILE\x00"), byte(i+1), 2)
		seg = append(seg, part...)
		out = append(out, 0xFF, 0xE2, byte((len(seg)+2)>>8), byte(len(seg)+2))
		out = append(out, seg...)
	}
	return append(out, jpg[2:]...)
}

// flat is a w×h image of one colour.
func flat(w, h int, c color.NRGBA) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(m.Pix); i += 4 {
		m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	return m
}

// separated converts a file's pixels as Fit does and returns the first
// pixel's CMYK and the note.
func separated(t *testing.T, c *Colour, data []byte) ([4]byte, string) {
	t.Helper()
	inf, err := Classify(data)
	if err != nil {
		t.Fatal(err)
	}
	img, err := decode(data, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	out, how, _ := c.separate(img, inf, data)
	cm, ok := out.(*image.CMYK)
	if !ok {
		t.Fatalf("separate gave %T", out)
	}
	return [4]byte(cm.Pix[:4]), how
}

// Untagged RGB is sRGB; a tagged file is converted from its own profile
// (PNG iCCP, JPEG APP2), so a "red" in a profile whose red is sRGB's
// green separates as sRGB green does.
func TestTaggedAndUntaggedRGB(t *testing.T) {
	c := mustColour(t, icctest.CMYK(), icc.Perceptual, 300)
	red := flat(8, 8, color.NRGBA{255, 0, 0, 255})
	green := flat(8, 8, color.NRGBA{0, 255, 0, 255})
	untaggedRed, how := separated(t, c, encodePNG(t, red))
	if !strings.Contains(how, "from sRGB (no embedded profile)") || !strings.Contains(how, `with the ICC profile "naive CMYK v2", perceptual, ink limit 300 %`) {
		t.Errorf("untagged: %q", how)
	}
	untaggedGreen, _ := separated(t, c, encodePNG(t, green))
	if untaggedRed == untaggedGreen {
		t.Fatal("red and green separate alike")
	}
	// against the transform itself
	tr, err := icc.NewTransform(icc.SRGBProfile(), c.out, icc.Perceptual, false)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]float64, 4)
	tr.Convert([]float64{1, 0, 0}, want)
	for i := range 4 {
		if math.Abs(float64(untaggedRed[i])-want[i]*255) > 1.5 {
			t.Errorf("sRGB red: %v, the transform gives %.1f", untaggedRed, want)
			break
		}
	}
	tagged, how := separated(t, c, withICCP(t, encodePNG(t, red), swappedRGB()))
	if !strings.Contains(how, `from its embedded profile "swapped"`) {
		t.Errorf("tagged PNG: %q", how)
	}
	if d := cmykDist(tagged, untaggedGreen); d > 12 {
		t.Errorf("PNG red tagged as the swapped profile: %v, sRGB green is %v", tagged, untaggedGreen)
	}
	jpg := withAPP2(encodeJPEG(t, red), swappedRGB())
	if p := EmbeddedProfile(jpg); !bytes.Equal(p, swappedRGB()) {
		t.Fatalf("JPEG APP2 profile not read back (%d bytes)", len(p))
	}
	tagged, how = separated(t, c, jpg)
	if !strings.Contains(how, `from its embedded profile "swapped"`) || cmykDist(tagged, untaggedGreen) > 24 {
		t.Errorf("JPEG red tagged as the swapped profile: %v (%q), sRGB green is %v", tagged, how, untaggedGreen)
	}
	// a damaged profile: sRGB, and the note says why
	bad := swappedRGB()[:200]
	_, how = separated(t, c, withICCP(t, encodePNG(t, red), bad))
	if !strings.Contains(how, "from sRGB (its embedded profile is unreadable") {
		t.Errorf("damaged profile: %q", how)
	}
}

func cmykDist(a, b [4]byte) int {
	d := 0
	for i := range a {
		d += max(int(a[i])-int(b[i]), int(b[i])-int(a[i]))
	}
	return d
}

// A supplied CMYK file within the ink limit goes into the PDF as it is;
// over the limit it is converted down to it, with a warning; grey files
// stay grey.
func TestCMYKInkLimit(t *testing.T) {
	over, err := os.ReadFile("testdata/cmyk-over.jpg") // 400 % and 270 %
	if err != nil {
		t.Fatal(err)
	}
	within, err := os.ReadFile("../pdf/testdata/cmyk.jpg")
	if err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{300, 260} {
		c := mustColour(t, nil, icc.Perceptual, limit)
		if im, err := c.Embed(within, 0, 0); err != nil || im != nil {
			t.Errorf("limit %d: a CMYK JPEG within it: %+v, %v; want it as it is", limit, im, err)
		}
		if n, _ := c.Coverage(over); n < 395 {
			t.Errorf("coverage %d %%, want about 400", n)
		}
		im, err := c.Embed(over, 0, 0)
		if err != nil || im == nil {
			t.Fatalf("limit %d: over it: %v, %v", limit, im, err)
		}
		if !strings.Contains(im.Warning, "total ink 39") || !strings.Contains(im.Warning, "over the limit of "+itoa(limit)+" % of TEST: converted down") ||
			!strings.Contains(im.Note, "ink brought down to "+itoa(limit)+" %") {
			t.Errorf("limit %d: warning %q, note %q", limit, im.Warning, im.Note)
		}
		s := samples(t, im)
		worst := 0
		for i := 0; i+3 < len(s); i += 4 {
			worst = max(worst, int(s[i])+int(s[i+1])+int(s[i+2])+int(s[i+3]))
		}
		if worst > limit*255/100 {
			t.Errorf("limit %d: a pixel at %d %% after conversion", limit, worst*100/255)
		}
		// the 400 % black stays black: K full
		if s[3] != 255 {
			t.Errorf("limit %d: 400 %% black became %v", limit, s[:4])
		}
	}
	// a 400 % limit lets everything through
	if im, err := mustColour(t, nil, icc.Perceptual, 400).Embed(over, 0, 0); err != nil || im != nil {
		t.Errorf("limit 400: %+v %v", im, err)
	}
	// grey stays grey, and an 8-bit grey PNG goes in as it is
	g := image.NewGray(image.Rect(0, 0, 4, 4))
	c := mustColour(t, icctest.CMYK(), icc.Relative, 300)
	if im, err := c.Embed(encodePNG(t, g), 0, 0); err != nil || im != nil {
		t.Errorf("grey PNG: %+v %v", im, err)
	}
	g16 := image.NewGray16(image.Rect(0, 0, 4, 4))
	if im, err := c.Embed(encodePNG(t, g16), 0, 0); err != nil || im == nil || !im.Gray || im.Note != "16-bit grey converted to 8-bit grey" {
		t.Errorf("16-bit grey PNG: %+v %v", im, err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// limitInk keeps every colour's darkness per channel while it moves grey
// to K, and never leaves more ink than the limit.
func TestLimitInk(t *testing.T) {
	for c := 0.0; c <= 1; c += 0.125 {
		for m := 0.0; m <= 1; m += 0.125 {
			for y := 0.0; y <= 1; y += 0.125 {
				for k := 0.0; k <= 1; k += 0.125 {
					for _, limit := range []float64{2.4, 2.6, 3, 3.3} {
						v := []float64{c, m, y, k}
						limitInk(v, limit)
						sum := v[0] + v[1] + v[2] + v[3]
						if sum > limit+1e-6 || (c+m+y+k <= limit && (v[0] != c || v[3] != k)) {
							t.Fatalf("%v at %v: %v (%.3f)", []float64{c, m, y, k}, limit, v, sum)
						}
						for i := range v {
							if v[i] < 0 || v[i] > 1 {
								t.Fatalf("%v at %v: %v", []float64{c, m, y, k}, limit, v)
							}
						}
						if c+m+y+k > limit && max(c, m, y) < 1 && k < 1 {
							// the multiplicative darkness of each channel is kept
							for i, x := range []float64{c, m, y} {
								if v[i] > 0 && math.Abs((1-x)*(1-k)-(1-v[i])*(1-v[3])) > 1e-6 {
									t.Fatalf("%v at %v: channel %d darkness changed: %v", []float64{c, m, y, k}, limit, i, v)
								}
							}
						}
					}
				}
			}
		}
	}
}

// Converting RGB with a low ink limit: no pixel over it, and the colours
// the press profile renders for limited values stay close to the
// unlimited ones (GCR, not a wash-out).
func TestRGBInkLimit(t *testing.T) {
	press := testtool.ReadFile(t, "/usr/share/color/icc/ghostscript/default_cmyk.icc", "libgs-common")
	c := mustColour(t, press, icc.Perceptual, 260)
	free := mustColour(t, press, icc.Perceptual, 400)
	img := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 4 / 3), uint8(y * 2 / 3), uint8((x + y) / 3), 255}) // dark, rich colours
		}
	}
	data := encodePNG(t, img)
	inf, _ := Classify(data)
	a, _, _ := c.separate(img, inf, data)
	b, _, _ := free.separate(img, inf, data)
	la, lb := a.(*image.CMYK), b.(*image.CMYK)
	over, worstDE, sumDE, n := 0, 0.0, 0.0, 0
	for i := 0; i+3 < len(la.Pix); i += 4 {
		p, q := la.Pix[i:i+4], lb.Pix[i:i+4]
		if int(p[0])+int(p[1])+int(p[2])+int(p[3]) > 663 {
			over++
		}
		if int(q[0])+int(q[1])+int(q[2])+int(q[3]) <= 663 {
			continue
		}
		f := func(p []byte) icc.Lab {
			return c.out.ToXYZ([]float64{float64(p[0]) / 255, float64(p[1]) / 255, float64(p[2]) / 255, float64(p[3]) / 255}, icc.Relative).ToLab()
		}
		d := icc.DeltaE2000(f(p), f(q))
		worstDE, sumDE, n = max(worstDE, d), sumDE+d, n+1
	}
	if over > 0 {
		t.Errorf("%d pixels over 260 %%", over)
	}
	if n == 0 {
		t.Fatal("no colour needed limiting: the test proves nothing")
	}
	t.Logf("%d colours limited to 260 %%: ΔE2000 mean %.2f, max %.2f", n, sumDE/float64(n), worstDE)
	if sumDE/float64(n) > 1.5 || worstDE > 3 {
		t.Errorf("limiting changed the colours too much: ΔE2000 mean %.2f, max %.2f", sumDE/float64(n), worstDE)
	}
}

// The colour step alone on a 10-megapixel RGB photo (3872 × 2592): the
// ICC grid (built once, as for every image after the first) and the ink
// limit, per pixel; and the grid's construction.
func BenchmarkSeparateICC(b *testing.B) {
	const w, h = 3872, 2592
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := m.PixOffset(x, y)
			m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = uint8(x/10+y/20), uint8(y/14), uint8((x*y)>>12), 255
		}
	}
	c := mustColour(b, icctest.CMYK(), icc.Perceptual, 300)
	inf := Info{Format: "png", Width: w, Height: h, Color: "rgb"}
	c.separate(m, inf, nil) // the grid
	b.SetBytes(w * h * 3)
	b.ResetTimer()
	for b.Loop() {
		c.separate(m, inf, nil)
	}
}

func BenchmarkGrid(b *testing.B) {
	p, err := icc.Parse(icctest.CMYK())
	if err != nil {
		b.Fatal(err)
	}
	t, err := icc.NewTransform(icc.SRGBProfile(), p, icc.Relative, true)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		icc.NewGrid(t, icc.GridPoints, func(v []float64) { limitInk(v, 3) })
	}
}

// withTIFFProfile adds tag 34675 (an ICC profile) to a little-endian TIFF:
// its first directory is copied to the end of the file with the entry
// added, and the header points to the copy.
func withTIFFProfile(t *testing.T, data, profile []byte) []byte {
	le := binary.LittleEndian
	if string(data[:4]) != "II*\x00" {
		t.Fatal("not a little-endian TIFF")
	}
	out := append([]byte(nil), data...)
	pOff := len(out)
	out = append(out, profile...)
	if len(out)%2 == 1 {
		out = append(out, 0)
	}
	ifd := int(le.Uint32(data[4:]))
	n := int(le.Uint16(data[ifd:]))
	newIFD := len(out)
	out = le.AppendUint16(out, uint16(n+1))
	out = append(out, data[ifd+2:ifd+2+12*n]...)
	out = le.AppendUint16(out, tICCProfile)
	out = le.AppendUint16(out, 7) // UNDEFINED
	out = le.AppendUint32(out, uint32(len(profile)))
	out = le.AppendUint32(out, uint32(pOff))
	out = le.AppendUint32(out, 0)
	le.PutUint32(out[4:], uint32(newIFD))
	return out
}

// An RGB TIFF's embedded profile (tag 34675) is honoured too.
func TestTaggedRGBTIFF(t *testing.T) {
	c := mustColour(t, icctest.CMYK(), icc.Perceptual, 300)
	var b bytes.Buffer
	if err := tiff.Encode(&b, flat(8, 8, color.NRGBA{255, 0, 0, 255}), nil); err != nil {
		t.Fatal(err)
	}
	tagged := withTIFFProfile(t, b.Bytes(), swappedRGB())
	if p := EmbeddedProfile(tagged); !bytes.Equal(p, swappedRGB()) {
		t.Fatalf("TIFF profile not read back (%d bytes)", len(p))
	}
	got, how := separated(t, c, tagged)
	green, _ := separated(t, c, encodePNG(t, flat(8, 8, color.NRGBA{0, 255, 0, 255})))
	if !strings.Contains(how, `from its embedded profile "swapped"`) || cmykDist(got, green) > 12 {
		t.Errorf("TIFF red tagged as the swapped profile: %v (%q), sRGB green is %v", got, how, green)
	}
}

// Colour.RGB converts one colour as an untagged RGB image's pixels are.
func TestColourRGB(t *testing.T) {
	for _, c := range []*Colour{mustColour(t, icctest.CMYK(), icc.Relative, 260), mustColour(t, nil, icc.Perceptual, 260)} {
		for _, rgb := range []color.NRGBA{{255, 0, 0, 255}, {10, 20, 30, 255}, {200, 180, 90, 255}} {
			px, _ := separated(t, c, encodePNG(t, flat(2, 2, rgb)))
			cc, m, y, k := c.RGB(rgb.R, rgb.G, rgb.B)
			if got := [4]byte{cc, m, y, k}; got != px {
				t.Errorf("%v: RGB gives %v, the image pixel is %v", rgb, got, px)
			}
			if int(cc)+int(m)+int(y)+int(k) > 663 {
				t.Errorf("%v: over 260 %%", rgb)
			}
		}
	}
}
