package pipeline

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/finish"
	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/raster/icc/icctest"
	"github.com/paiban/paiban/units"
)

// printPlan is a 4-inner-page issue: a full-page picture on 封面 and an
// article with a figure on 01-02. {print} is replaced by the [print] table.
const printPlan = `[issue]
title = "测试月刊"
number = "2026年第1期"
date = 2026-01-05

[paper]
trim = "210x285mm"
inner_pages = 4
{print}
[[page]]
slots = "封面"
content = ["cover.png"]

[[page]]
slots = "01-02"
section = "卷首"
content = ["a.md"]
`

const printArticle = "# 标题\n\n正文第一段，内容简短。\n\n![图片说明](fig.png)\n\n正文第二段。\n"

// rgbaPNG is a w×h RGBA PNG: a colour ramp with a transparent border.
func rgbaPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			a := uint8(255)
			if x < w/10 || y < h/10 {
				a = 0
			}
			m.SetNRGBA(x, y, color.NRGBA{uint8(255 * x / w), uint8(255 * y / h), 180, a})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func grayPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	m := image.NewGray(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = uint8(i)
	}
	var b bytes.Buffer
	png.Encode(&b, m)
	return b.Bytes()
}

// printDir writes the plan with the [print] table pt, the article and the
// images, and returns the plan path and the plan line naming cover.png.
func printDir(t testing.TB, pt string, cover, fig []byte) (string, int) {
	t.Helper()
	dir := t.TempDir()
	plan := strings.Replace(printPlan, "{print}", pt, 1)
	files := map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte(printArticle), "cover.png": cover, "fig.png": fig}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	line := 1 + strings.Count(plan[:strings.Index(plan, `"cover.png"`)], "\n")
	return filepath.Join(dir, "plan.toml"), line
}

func find(l diag.List, sev diag.Severity, line int, msg string) bool {
	for _, d := range l {
		if d.Severity == sev && (line == 0 || d.Line == line) && strings.Contains(d.Message, msg) {
			return true
		}
	}
	return false
}

const noPPI = "[print]\nmin_ppi_warn = 0\nmin_ppi_error = 0\n"

// RGB PNGs with alpha become DeviceCMYK images; nothing RGB is left.
func TestRGBImagesConverted(t *testing.T) {
	plan, line := printDir(t, noPPI, rgbaPNG(t, 300, 400), rgbaPNG(t, 320, 240))
	res, diags := Run(plan, Options{WritePDF: true})
	if diags.HasErrors() {
		t.Fatalf("errors:\n%v", diags.Err())
	}
	cover := filepath.Join(filepath.Dir(plan), "cover.png")
	if !find(diags, diag.Note, line, cover+": RGB with alpha converted to CMYK (transparency flattened onto white)") {
		t.Errorf("no conversion note at line %d:\n%s", line, listOf(diags))
	}
	if !find(diags, diag.Note, 5, "fig.png: RGB with alpha converted to CMYK") {
		t.Errorf("no conversion note for the figure at a.md:5:\n%s", listOf(diags))
	}
	spaces := imageSpaces(t, res.PDF)
	if len(spaces) != 2 || spaces[0] != "DeviceCMYK" || spaces[1] != "DeviceCMYK" {
		t.Errorf("image colour spaces %v, want DeviceCMYK ×2", spaces)
	}
	for _, bad := range []string{"/DeviceRGB", "/SMask", "/CalRGB"} {
		if bytes.Contains(res.PDF, []byte(bad)) {
			t.Errorf("the PDF has %s", bad)
		}
	}
	pdfauditPrint(t, res.PDF, 8)

	again, _ := Run(plan, Options{WritePDF: true})
	if !bytes.Equal(res.PDF, again.PDF) {
		t.Error("two builds differ")
	}
}

// imageSpaces lists the colour space of every image XObject, and fails on
// soft masks.
func imageSpaces(t *testing.T, b []byte) []string {
	t.Helper()
	d, err := cos.Read(b)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	d.Each(func(r cos.Ref, v cos.Object) {
		s, ok := v.(*cos.Stream)
		if !ok || s.Dict.Get("Subtype") != cos.Name("Image") {
			return
		}
		if s.Dict.Get("SMask") != nil || s.Dict.Get("Mask") != nil {
			t.Errorf("image %d has a mask", r.Num)
		}
		out = append(out, fmt.Sprint(d.Get(s.Dict.Get("ColorSpace"))))
	})
	return out
}

// boxes are a page's boxes, normalised.
type boxes struct{ Media, Trim, Bleed [4]float64 }

// pageBoxes reads every page's boxes.
func pageBoxes(b []byte) ([]boxes, error) {
	d, err := cos.Read(b)
	if err != nil {
		return nil, err
	}
	pages, err := d.Pages()
	if err != nil {
		return nil, err
	}
	out := make([]boxes, len(pages))
	for i, p := range pages {
		out[i].Media = p.Media
		out[i].Trim, _ = d.Rect(p.Dict.Get("TrimBox"))
		out[i].Bleed, _ = d.Rect(p.Dict.Get("BleedBox"))
	}
	return out, nil
}

func listOf(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString("  " + d.String() + "\n")
	}
	return b.String()
}

func TestConvertRGBFalse(t *testing.T) {
	plan, line := printDir(t, "[print]\nconvert_rgb = false\nmin_ppi_error = 0\n", rgbaPNG(t, 30, 40), grayPNG(t, 32, 24))
	res, diags := Run(plan, Options{WritePDF: true})
	cover := filepath.Join(filepath.Dir(plan), "cover.png")
	if res.PDF != nil || !find(diags, diag.Error, line, cover+": RGB with alpha image: a print file needs CMYK or grey images, and [print] convert_rgb = false") {
		t.Errorf("want an error at plan.toml:%d naming %s:\n%s", line, cover, listOf(diags))
	}
	if len(diags.Errors()) != 1 {
		t.Errorf("the grey figure is an error too:\n%s", listOf(diags.Errors()))
	}
}

func TestUndecodableImage(t *testing.T) {
	good := rgbaPNG(t, 60, 80)
	plan, line := printDir(t, noPPI, good[:len(good)-40], grayPNG(t, 32, 24))
	res, diags := Run(plan, Options{WritePDF: true})
	if res.PDF != nil || !find(diags, diag.Error, line, "cover.png: cannot decode the image") {
		t.Errorf("want a decode error at line %d:\n%s", line, listOf(diags))
	}
}

func TestEffectiveResolution(t *testing.T) {
	// 400 px across 216 mm (the page with bleed, scaled to cover): 47 ppi
	cover := grayPNG(t, 400, 543)
	cases := []struct {
		print string
		sev   diag.Severity
		msg   string
	}{
		{"", diag.Error, "effective resolution 47 ppi (400×543 px at 216.0×293.2 mm) is below the minimum of 150 ppi ([print] min_ppi_error)"},
		{"[print]\nmin_ppi_error = 0\n", diag.Warning, "effective resolution 47 ppi (400×543 px at 216.0×293.2 mm) is below 300 ppi ([print] min_ppi_warn)"},
		{"[print]\nmin_ppi_warn = 40\nmin_ppi_error = 20\n", diag.Note, "cover.png: 47 ppi (400×543 px at 216.0×293.2 mm)"},
	}
	for _, c := range cases {
		plan, line := printDir(t, c.print, cover, grayPNG(t, 900, 675))
		_, diags := Run(plan, Options{})
		if !find(diags, c.sev, line, c.msg) {
			t.Errorf("[print] %q: want %q at line %d:\n%s", c.print, c.msg, line, listOf(diags))
		}
	}
	// the figure at a.md:5 gets its note
	plan, _ := printDir(t, "[print]\nmin_ppi_error = 0\n", cover, grayPNG(t, 1000, 750))
	_, diags := Run(plan, Options{})
	if !find(diags, diag.Note, 5, "fig.png: ") {
		t.Errorf("no resolution note for the figure at a.md:5:\n%s", listOf(diags))
	}
}

// A 1×1 image over the page is well below half a ppi: rounded to 0, it was
// taken for "size unknown" and passed every resolution check.
func TestTinyImageResolution(t *testing.T) {
	plan, line := printDir(t, "", grayPNG(t, 1, 1), grayPNG(t, 900, 675))
	res, diags := Run(plan, Options{WritePDF: true})
	if res.PDF != nil || !find(diags, diag.Error, line, "cover.png: effective resolution 1 ppi (1×1 px at 291.0×291.0 mm) is below the minimum of 150 ppi") {
		t.Errorf("want a resolution error at line %d:\n%s", line, listOf(diags))
	}
}

func TestMarksAndCondition(t *testing.T) {
	base := "[print]\nmin_ppi_error = 0\nmin_ppi_warn = 0\n"
	plain, _ := printDir(t, base, grayPNG(t, 400, 543), grayPNG(t, 90, 60))
	marked, _ := printDir(t, base+"marks = true\ncondition = \"JC200103\"\n", grayPNG(t, 400, 543), grayPNG(t, 90, 60))
	a := mustBuild(t, plain)
	b := mustBuild(t, marked)
	pa, _ := pageBoxes(a.PDF)
	pb, err := pageBoxes(b.PDF)
	if err != nil || len(pb) != 8 {
		t.Fatalf("%d pages, %v", len(pb), err)
	}
	s := finish.MarkSlug.Points()
	for i := range pb {
		// the MediaBox starts at 0 0: the boxes move by the slug
		for k := range 4 {
			if d := pb[i].Trim[k] - pa[i].Trim[k] - s; d > 0.001 || d < -0.001 {
				t.Errorf("page %d: TrimBox %v, want %v moved by %.3f", i+1, pb[i].Trim, pa[i].Trim, s)
				break
			}
		}
		want := [4]float64{0, 0, pa[i].Bleed[2] - pa[i].Bleed[0] + 2*s, pa[i].Bleed[3] - pa[i].Bleed[1] + 2*s}
		for k := range 4 {
			if d := pb[i].Media[k] - want[k]; d > 0.001 || d < -0.001 {
				t.Errorf("page %d: MediaBox %v, want %v", i+1, pb[i].Media, want)
				break
			}
		}
	}
	if !bytes.Contains(b.PDF, []byte("/OutputConditionIdentifier (JC200103) /RegistryName (http://www.color.org) /Info (Japan Color 2001 Coated)")) {
		t.Error("output intent for JC200103 not written")
	}
	if !bytes.Contains(b.PDF, []byte("% printer's marks")) || bytes.Contains(a.PDF, []byte("% printer's marks")) {
		t.Error("marks not where asked for")
	}
	again := mustBuild(t, marked)
	if !bytes.Equal(b.PDF, again.PDF) {
		t.Error("two builds with marks differ")
	}
	pdfauditPrint(t, b.PDF, 8)
}

// A profile makes the file PDF/X-4 with the profile embedded.
func TestProfileMakesX4(t *testing.T) {
	icc := icctest.CMYK()
	plan, _ := printDir(t, "[print]\nmin_ppi_error = 0\nprofile = \"press.icc\"\ncondition = \"Our press\"\n", grayPNG(t, 400, 543), grayPNG(t, 90, 60))
	os.WriteFile(filepath.Join(filepath.Dir(plan), "press.icc"), icc, 0o644)
	res := mustBuild(t, plan)
	if !bytes.HasPrefix(res.PDF, []byte("%PDF-1.6")) || !bytes.Contains(res.PDF, []byte("/GTS_PDFXVersion (PDF/X-4)")) ||
		!bytes.Contains(res.PDF, []byte("/OutputConditionIdentifier (Our press) /Info (Our press) /DestOutputProfile")) {
		t.Error("no PDF/X-4 with the profile")
	}
}

// pdfauditPrint runs the referee's print checks (page count a multiple of
// 4), in a subtest that is skipped when pdfaudit is not found.
func pdfauditPrint(t *testing.T, b []byte, pages int) {
	t.Helper()
	if pages%4 != 0 {
		t.Fatalf("pdfaudit print needs a multiple of 4 pages, not %d", pages)
	}
	t.Run("pdfaudit", func(t *testing.T) {
		pa := testtool.Referee(t)
		path := filepath.Join(t.TempDir(), "p.pdf")
		os.WriteFile(path, b, 0o644)
		out, err := exec.Command(pa, "print", path, "--trim", "210x285mm", "--bleed", "3mm").CombinedOutput()
		if err != nil {
			t.Errorf("pdfaudit print: %v\n%s", err, out)
		}
	})
}

// The image checks of a build of the sample: reading and classifying its
// image files (none needs converting) and the resolution of every placement.
func BenchmarkCheckImages(b *testing.B) {
	plan := writeSample(b)
	res, d := Run(plan, Options{})
	if d.HasErrors() {
		b.Fatal(d.Err())
	}
	b.ResetTimer()
	for b.Loop() {
		if d, _ := checkImages(res.Issue, res.Document, manifest.NewHasher(), nil, nil).wait(); d.HasErrors() {
			b.Fatal(d.Err())
		}
	}
}

// Every condition the plan may name is one the finishing pass describes
// and names with the registry, even in PDF/X-4.
func TestConditionsKnownToFinish(t *testing.T) {
	b := cos.New()
	pages := b.Reserve()
	page := b.Add(cos.NewDict("Type", cos.Name("Page"), "Parent", pages,
		"MediaBox", cos.Nums(0, 0, 100, 100), "TrimBox", cos.Nums(10, 10, 90, 90),
		"Resources", cos.NewDict(), "Contents", b.Add(cos.Deflated(nil, nil))))
	b.Set(pages, cos.NewDict("Type", cos.Name("Pages"), "Kids", cos.Array{page}, "Count", 1))
	b.Trailer.Set("Root", b.Add(cos.NewDict("Type", cos.Name("Catalog"), "Pages", pages)))
	raw := b.Bytes()
	icc := make([]byte, 200)
	binary.BigEndian.PutUint32(icc, 200)
	copy(icc[12:], "prtrCMYK")
	copy(icc[36:], "acsp")
	for _, c := range issue.Conditions {
		out, err := finish.Finish(raw, finish.Options{Bleed: units.FromPt(10), Condition: c.ID, Profile: icc})
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("/OutputConditionIdentifier (%s) /RegistryName (http://www.color.org) /Info (", c.ID)
		if !bytes.Contains(out, []byte(want)) || bytes.Contains(out, []byte("/Info ("+c.ID+")")) {
			t.Errorf("%s: finish does not know it as a registered condition", c.ID)
		}
	}
}

// With a press profile, intent and condition: RGB images are converted
// with the profile, and a supplied CMYK image over the condition's ink
// limit is converted down with a warning at the line that places it — an
// error with --strict.
func TestColourManagedImages(t *testing.T) {
	over, err := os.ReadFile("../raster/testdata/cmyk-over.jpg") // 400 %
	if err != nil {
		t.Fatal(err)
	}
	plan, line := printDir(t, noPPI+"profile = \"press.icc\"\ncondition = \"FOGRA52\"\nintent = \"relative\"\n", rgbaPNG(t, 300, 400), over)
	os.WriteFile(filepath.Join(filepath.Dir(plan), "press.icc"), icctest.CMYK(), 0o644)
	res, diags := Run(plan, Options{WritePDF: true})
	if diags.HasErrors() {
		t.Fatalf("errors:\n%v", diags.Err())
	}
	for _, w := range []struct {
		sev  diag.Severity
		line int
		msg  string
	}{
		{diag.Note, 0, `colour: RGB images are converted to CMYK with the ICC profile "naive CMYK v2", relative colorimetric with black-point compensation, ink limit 280 % (FOGRA52: uncoated stock`},
		{diag.Note, line, `cover.png: RGB with alpha converted to CMYK (transparency flattened onto white); from sRGB (no embedded profile) with the ICC profile "naive CMYK v2"`},
		{diag.Warning, 5, "fig.png: total ink 39"},
		{diag.Warning, 5, "% is over the limit of 280 % of FOGRA52: converted down"},
		{diag.Note, 5, "fig.png: CMYK JPEG: ink brought down to 280 % (grey component replaced by K)"},
	} {
		if !find(diags, w.sev, w.line, w.msg) {
			t.Errorf("no %v at line %d: %s\n%s", w.sev, w.line, w.msg, listOf(diags))
		}
	}
	if spaces := imageSpaces(t, res.PDF); len(spaces) != 2 || spaces[0] != "DeviceCMYK" || spaces[1] != "DeviceCMYK" {
		t.Errorf("image colour spaces %v", spaces)
	}
	res, diags = Run(plan, Options{WritePDF: true, Strict: true})
	if !find(diags, diag.Error, 5, "% is over the limit of 280 % of FOGRA52: converted down") || res.PDF != nil {
		t.Errorf("--strict: no error for the CMYK image over the ink limit:\n%s", listOf(diags))
	}
}

// A plan that names a registered condition without a profile converts RGB
// with the profile paiban bundles for it (FOGRA39: FOGRA39L Coated); one
// paiban has none for (JC200103) with the device formula; the note says
// which.
func TestBundledConditionProfile(t *testing.T) {
	for _, c := range []struct{ cond, want string }{
		{"FOGRA39", `with the ICC profile "FOGRA39L Coated", perceptual`},
		{"FOGRA47", `with the ICC profile "FOGRA47L Uncoated", perceptual`},
		{"JC200103", "by the device formula"},
	} {
		plan, line := printDir(t, noPPI+"condition = \""+c.cond+"\"\n", rgbaPNG(t, 300, 400), rgbaPNG(t, 320, 240))
		res, diags := Run(plan, Options{WritePDF: true})
		if diags.HasErrors() {
			t.Fatalf("%s: %v", c.cond, diags.Err())
		}
		if !find(diags, diag.Note, line, c.want) {
			t.Errorf("%s: no note %q at line %d:\n%s", c.cond, c.want, line, listOf(diags))
		}
		if c.cond != "JC200103" && !bytes.Contains(res.PDF, []byte("/OutputConditionIdentifier ("+c.cond+")")) {
			t.Errorf("%s: the output intent does not name the condition", c.cond)
		}
		if bytes.Contains(res.PDF, []byte("/DestOutputProfile")) {
			t.Errorf("%s: the bundled profile was embedded (the file is PDF/X-1a)", c.cond)
		}
	}
}
