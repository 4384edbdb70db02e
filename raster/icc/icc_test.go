package icc_test

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/raster/icc"
	"github.com/paiban/paiban/raster/icc/icctest"
)

const (
	gsDir     = "/usr/share/color/icc/ghostscript/"
	colordDir = "/usr/share/color/icc/colord/"
)

// TestDeltaE2000 checks the formula against pairs from Sharma, Wu and
// Dalal's test data (2005, table 1).
func TestDeltaE2000(t *testing.T) {
	for _, c := range []struct {
		p, q icc.Lab
		want float64
	}{
		{icc.Lab{50, 2.6772, -79.7751}, icc.Lab{50, 0, -82.7485}, 2.0425},
		{icc.Lab{50, -1.3802, -84.2814}, icc.Lab{50, 0, -82.7485}, 1.0000},
		{icc.Lab{50, 0, 0}, icc.Lab{50, -1, 2}, 2.3669},
		{icc.Lab{50, 2.5, 0}, icc.Lab{73, 25, -18}, 27.1492},
		{icc.Lab{60.2574, -34.0099, 36.2677}, icc.Lab{60.4626, -34.1751, 39.4387}, 1.2644},
		{icc.Lab{22.7233, 20.0904, -46.6940}, icc.Lab{23.0331, 14.9730, -42.5619}, 2.0373},
		{icc.Lab{90.8027, -2.0831, 1.4410}, icc.Lab{91.1528, -1.6435, 0.0447}, 1.4441},
	} {
		if got := icc.DeltaE2000(c.p, c.q); math.Abs(got-c.want) > 1e-4 {
			t.Errorf("ΔE2000(%v, %v) = %.4f, want %.4f", c.p, c.q, got, c.want)
		}
	}
}

// TestSRGB: the built-in sRGB profile parses, and its colours are those
// of colord's sRGB profile (from the same standard) within rounding.
func TestSRGB(t *testing.T) {
	p := icc.SRGBProfile()
	if !p.Matrix() || p.Space != "RGB" || p.Class != "mntr" || !p.IsV4() {
		t.Fatalf("built-in sRGB: %+v", p)
	}
	white := p.ToXYZ([]float64{1, 1, 1}, icc.Relative).ToLab()
	if math.Abs(white.L-100) > 0.01 || math.Hypot(white.A, white.B) > 0.05 {
		t.Errorf("sRGB white is %v, want Lab 100 0 0", white)
	}
	ref, err := icc.Parse(testtool.ReadFile(t, colordDir+"sRGB.icc", "colord-data"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chart() {
		a := p.ToXYZ(c[:], icc.Relative).ToLab()
		b := ref.ToXYZ(c[:], icc.Relative).ToLab()
		if d := icc.DeltaE2000(a, b); d > 0.1 {
			t.Errorf("RGB %v: built-in %v, colord %v: ΔE2000 %.3f", c, a, b, d)
		}
	}
}

// chart is the test chart, RGB in [0, 1]: primaries and secondaries, a
// grey ramp, skin tones, saturated and dark colours, and a 6³ grid.
func chart() [][3]float64 {
	var out [][3]float64
	add := func(r, g, b int) { out = append(out, [3]float64{float64(r) / 255, float64(g) / 255, float64(b) / 255}) }
	for _, c := range [][3]int{
		{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {0, 255, 255}, {255, 0, 255}, {255, 255, 0},
		{255, 255, 255}, {0, 0, 0},
		// skin tones (light to dark)
		{255, 224, 196}, {241, 194, 167}, {224, 172, 138}, {198, 134, 103}, {161, 102, 74}, {110, 68, 48}, {66, 40, 30},
		// saturated and memory colours
		{255, 128, 0}, {128, 0, 255}, {0, 128, 255}, {255, 0, 128}, {0, 160, 80}, {30, 60, 200},
		{200, 30, 30}, {120, 180, 40}, {90, 150, 220}, {250, 220, 50},
		// dark
		{20, 10, 5}, {10, 20, 40}, {40, 0, 0},
	} {
		add(c[0], c[1], c[2])
	}
	for v := 0; v <= 255; v += 17 {
		add(v, v, v)
	}
	for r := 0; r <= 255; r += 51 {
		for g := 0; g <= 255; g += 51 {
			for b := 0; b <= 255; b += 51 {
				add(r, g, b)
			}
		}
	}
	return out
}

// transicc converts the chart with LittleCMS: CMYK in [0, 1] per colour.
func transicc(t *testing.T, in, out string, intent icc.Intent, bpc bool, cs [][3]float64) [][4]float64 {
	t.Helper()
	testtool.Need(t, "transicc")
	args := []string{"-n", "-c0", "-i" + in, "-o" + out, "-t" + strconv.Itoa(int(intent))}
	if bpc {
		args = append(args, "-b")
	}
	var stdin bytes.Buffer
	for _, c := range cs {
		fmt.Fprintf(&stdin, "%g %g %g\n", c[0]*255, c[1]*255, c[2]*255)
	}
	cmd := exec.Command("transicc", args...)
	cmd.Stdin = &stdin
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("transicc %s: %v", strings.Join(args, " "), err)
	}
	var res [][4]float64
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Fields(line)
		if len(f) != 4 {
			continue
		}
		var v [4]float64
		for i := range 4 {
			x, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				t.Fatalf("transicc output %q", line)
			}
			v[i] = x / 100
		}
		res = append(res, v)
	}
	if len(res) != len(cs) {
		t.Fatalf("transicc gave %d colours for %d", len(res), len(cs))
	}
	return res
}

// TestAgreesWithLittleCMS converts the chart from three RGB profiles (the
// built-in sRGB, Ghostscript's v2 sRGB with curv tables, colord's v4
// Adobe RGB with para curves) to CMYK output profiles (Ghostscript's v2
// icc.Lab-PCS lut16/lut8 one and its v4 XYZ-PCS lut16 one, two test
// profiles, the four paiban bundles for registered conditions), perceptual and
// relative colorimetric with black-point compensation, through the grid
// images use, and compares each result with LittleCMS's (transicc, exact
// floating point): both CMYK values taken back to icc.Lab through the output
// profile's A2B1 table must be within ΔE2000 2.
func TestAgreesWithLittleCMS(t *testing.T) {
	testtool.Need(t, "transicc")
	srgbPath := t.TempDir() + "/srgb.icc"
	if err := writeFile(srgbPath, icc.SRGB()); err != nil {
		t.Fatal(err)
	}
	ins := []struct{ name, path, pkg string }{
		{"built-in sRGB", srgbPath, ""},
		{"gs srgb v2", gsDir + "srgb.icc", "libgs-common"},
		{"colord AdobeRGB v4", colordDir + "AdobeRGB1998.icc", "colord-data"},
	}
	dir := t.TempDir()
	outs := []struct {
		name, path string
		data       []byte
	}{
		{"gs default_cmyk v2 Lab lut16/lut8", gsDir + "default_cmyk.icc", testtool.ReadFile(t, gsDir+"default_cmyk.icc", "libgs-common")},
		{"gs ps_cmyk v4 XYZ lut16", gsDir + "ps_cmyk.icc", testtool.ReadFile(t, gsDir+"ps_cmyk.icc", "libgs-common")},
		{"naive v4 Lab mAB/mBA", dir + "/v4.icc", icctest.CMYKv4()},
		{"naive v2 Lab lut8", dir + "/v2.icc", icctest.CMYK()},
	}
	// the profiles paiban bundles for registered conditions (raster/profiles)
	for _, f := range []string{"FOGRA39L_coated", "FOGRA47L_uncoated", "GRACoL_TR006_coated", "IFRA26S_2004_newsprint"} {
		b, err := os.ReadFile("../profiles/" + f + ".icc")
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, struct {
			name, path string
			data       []byte
		}{"bundled " + f, dir + "/" + f + ".icc", b})
	}
	cs := chart()
	for _, o := range outs {
		if err := writeFile(o.path, o.data); err != nil {
			t.Fatal(err)
		}
		outP, err := icc.Parse(o.data)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range ins {
			var inB []byte
			if in.pkg == "" {
				inB = icc.SRGB()
			} else {
				inB = testtool.ReadFile(t, in.path, in.pkg)
			}
			inP, err := icc.Parse(inB)
			if err != nil {
				t.Fatal(err)
			}
			for _, intent := range []icc.Intent{icc.Perceptual, icc.Relative} {
				bpc := intent == icc.Relative
				name := fmt.Sprintf("%s→%s/%s", in.name, o.name, intent)
				tr, err := icc.NewTransform(inP, outP, intent, bpc)
				if err != nil {
					t.Fatal(name, err)
				}
				g := icc.NewGrid(tr, icc.GridPoints, nil)
				ref := transicc(t, in.path, o.path, intent, bpc, cs)
				// the engine in floating point, and the 8-bit grid images
				// use against LittleCMS's result rounded to 8 bits, as an
				// image would be
				var worst, worstF, sum float64
				worstAt, quantized := 0, 0
				for i, c := range cs {
					rgb := []byte{uint8(math.Round(c[0] * 255)), uint8(math.Round(c[1] * 255)), uint8(math.Round(c[2] * 255))}
					var px [4]byte
					g.Row(rgb, px[:])
					mine := []float64{float64(px[0]) / 255, float64(px[1]) / 255, float64(px[2]) / 255, float64(px[3]) / 255}
					var ref8 [4]float64
					for k := range ref8 {
						ref8[k] = math.Round(ref[i][k]*255) / 255
					}
					b := outP.ToXYZ(ref8[:], icc.Relative).ToLab()
					d := icc.DeltaE2000(outP.ToXYZ(mine, icc.Relative).ToLab(), b)
					if d > 2 && within1(mine, ref[i][:]) {
						// a profile so steep near 100 % (ps_cmyk) that one
						// 8-bit level is more than 2: the rounding, not
						// the engine (which the float check measures)
						quantized++
						d = 0
					}
					sum += d
					if d > worst {
						worst, worstAt = d, i
					}
					f := make([]float64, 4)
					tr.Convert(c[:], f)
					worstF = max(worstF, icc.DeltaE2000(outP.ToXYZ(f, icc.Relative).ToLab(), outP.ToXYZ(ref[i][:], icc.Relative).ToLab()))
				}
				t.Logf("%s: 8-bit grid ΔE2000 mean %.3f, max %.3f (RGB %v; %d over 2 within one level); float max %.3f", name, sum/float64(len(cs)), worst, cs[worstAt], quantized, worstF)
				if worst > 2 {
					t.Errorf("%s: ΔE2000 %.2f from LittleCMS at RGB %v", name, worst, cs[worstAt])
				}
				if worstF > 0.5 {
					t.Errorf("%s: the engine in floating point is ΔE2000 %.2f from LittleCMS", name, worstF)
				}
			}
		}
	}
}

// writeFile writes a profile for transicc (never over a system file).
func writeFile(path string, b []byte) error {
	if strings.HasPrefix(path, gsDir) {
		return nil
	}
	return os.WriteFile(path, b, 0o644)
}

// within1 reports whether every 8-bit sample of a is within one level of
// the exact value in b.
func within1(a, b []float64) bool {
	for i := range a {
		if math.Abs(a[i]-b[i])*255 > 1 {
			return false
		}
	}
	return true
}

// Damaged profiles are errors, never panics; whatever parses converts
// without panicking.
func FuzzParse(f *testing.F) {
	f.Add(icc.SRGB())
	f.Add(icctest.CMYK())
	f.Add(icctest.CMYKv4())
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := icc.Parse(b)
		if err != nil {
			return
		}
		dst := make([]float64, 4)
		if p.CanOutput() && p.Channels() == 4 {
			if tr, err := icc.NewTransform(icc.SRGBProfile(), p, icc.Relative, true); err == nil {
				tr.Convert([]float64{0.2, 0.5, 0.9}, dst)
			}
		}
		if p.CanInput() {
			p.ToXYZ(make([]float64, p.Channels()), icc.Perceptual)
		}
	})
}

// Damaged profiles are errors that say what is wrong.
func TestParseErrors(t *testing.T) {
	good := icctest.CMYKv4()
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"not ICC", []byte("hello, world"), "not an ICC profile"},
		{"truncated", good[:len(good)/2], "the ICC header says"},
		{"tag outside", func() []byte {
			b := append([]byte(nil), good...)
			b[132+8] = 0x7f // the first tag's offset
			return b
		}(), "lies outside the profile"},
		{"bad LUT type", func() []byte {
			b := append([]byte(nil), good...)
			i := bytes.Index(b, []byte("mAB "))
			copy(b[i:], "xyz ")
			return b
		}(), `LUT type "xyz " is not supported`},
	} {
		_, err := icc.Parse(c.b)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// One 8-bit RGB → CMYK grid interpolation per pixel, over a 10-megapixel
// image's worth of rows.
func BenchmarkGridRow(b *testing.B) {
	p, err := icc.Parse(icctest.CMYKv4())
	if err != nil {
		b.Fatal(err)
	}
	tr, err := icc.NewTransform(icc.SRGBProfile(), p, icc.Perceptual, false)
	if err != nil {
		b.Fatal(err)
	}
	g := icc.NewGrid(tr, icc.GridPoints, nil)
	const w = 3872
	rgb := make([]byte, 3*w)
	s := uint32(3)
	for i := range rgb {
		// a gradient with a photo's grain: the tetrahedra at random
		s = s*1664525 + 1013904223
		rgb[i] = byte(i/3*200/w + int(s>>28))
	}
	dst := make([]byte, 4*w)
	b.SetBytes(3 * w * 2592)
	for b.Loop() {
		for range 2592 {
			g.Row(rgb, dst)
		}
	}
}
