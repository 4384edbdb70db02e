package pipeline

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/tiff"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/raster/icc"
)

// The print shop's acceptance run on a small mixed issue (issue 13, item
// 8; scripts/heldback.py makes the full-size ones): a phone photo (RGB
// JPEG with an sRGB profile and EXIF orientation 6) as the cover and again
// in a column, TIFFs of every compression (CMYK none, LZW and PackBits as
// Ghostscript writes them; RGB Deflate with the predictor), CMYK JPEGs
// within and over the ink limit, and a CMYK PDF advertisement with
// embedded fonts as a full page and as a figure. The file passes the
// referee's print checks and qpdf, prints on the four process plates only,
// has no image above 450 ppi and no RGB image, the photo upright, and the
// ad's text on its pages.
const heldbackPlan = `[issue]
title = "验收月刊"
number = "2026年第2期"
date = 2026-02-05

[paper]
trim = "210x285mm"
inner_pages = 4

[[page]]
slots = "封面"
content = ["photo.jpg"]

[[page]]
slots = "封二"
content = ["ad.pdf"]

[[page]]
slots = "01-03"
section = "验收"
content = ["a.md"]

[[page]]
slots = "04"
content = ["ad.pdf"]

[[page]]
slots = "封底"
content = ["cmyk-over.jpg"]

[print]
min_ppi_warn = 0
min_ppi_error = 0
`

const heldbackArticle = `# 印厂验收

正文第一段，内容简短。

![手机照片](photo.jpg)

正文第二段，照片在一栏之中。

正文第三段。

正文第四段。

正文第五段。

正文第六段。

正文第七段。

![未压缩](none.tif)

![LZW](lzw.tif)

![PackBits](packbits.tif)

![Deflate](deflate.tif)

![CMYK](cmyk.jpg)

![广告](ad.pdf)

正文最后一段。
`

// exifJPEG is a w×h RGB JPEG, as a phone stores a picture taken upright
// with orientation 6: the picture's top is the stored pixels' left, so the
// stored left columns are red (the picture's top rows) and the rest a
// ramp; it carries the sRGB profile (APP2) and the Exif orientation (APP1).
func exifJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			p := color.RGBA{uint8(60 + 150*y/h), 120, uint8(200 * x / w), 255}
			if x < w/8 {
				p = color.RGBA{230, 20, 20, 255}
			}
			m.SetRGBA(x, y, p)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	exif := []byte("Exif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00\x00\x00\x00\x00\x00\x00")
	prof := icc.SRGB()
	iccSeg := append([]byte("ICC_PROFILE\x00\x01\x01"), prof...)
	seg := func(m byte, body []byte) []byte {
		return append([]byte{0xFF, m, byte((len(body) + 2) >> 8), byte(len(body) + 2)}, body...)
	}
	out := []byte{0xFF, 0xD8}
	out = append(out, seg(0xE1, exif)...)
	out = append(out, seg(0xE2, iccSeg)...)
	return append(out, b.Bytes()[2:]...)
}

// gsRaster runs Ghostscript's device dev on PostScript drawing CMYK bands
// into a w×h raster at out.
func gsRaster(t *testing.T, out, dev string, w, h int, args ...string) {
	t.Helper()
	ps := out + ".ps"
	os.WriteFile(ps, []byte("%!PS\n0.2 0.5 0.1 0.05 setcmykcolor 0 0 2000 2000 rectfill\n0.9 0.1 0.6 0.3 setcmykcolor 0 0 100 2000 rectfill showpage\n"), 0o644)
	a := append([]string{"-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=" + dev, "-r72", "-g" + strconv.Itoa(w) + "x" + strconv.Itoa(h), "-sOutputFile=" + out}, args...)
	if b, err := exec.Command("gs", append(a, ps)...).CombinedOutput(); err != nil {
		t.Fatalf("gs %s: %v\n%s", dev, err, b)
	}
}

func TestHeldbackMixedIssue(t *testing.T) {
	testtool.Need(t, "gs", "qpdf", "pdfimages", "pdftotext")
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("plan.toml", []byte(heldbackPlan))
	write("a.md", []byte(heldbackArticle))
	write("photo.jpg", exifJPEG(t, 3200, 2400)) // upright 2400×3200: 282 ppi as the cover, 700 in a column
	for name, comp := range map[string]string{"none.tif": "none", "lzw.tif": "lzw", "packbits.tif": "pack"} {
		gsRaster(t, filepath.Join(dir, name), "tiff32nc", 600, 450, "-sCompression="+comp)
	}
	rgb := image.NewRGBA(image.Rect(0, 0, 600, 450))
	for i := range rgb.Pix {
		rgb.Pix[i] = uint8(i * 7 % 251)
	}
	var tb bytes.Buffer
	if err := tiff.Encode(&tb, rgb, &tiff.Options{Compression: tiff.Deflate, Predictor: true}); err != nil {
		t.Fatal(err)
	}
	write("deflate.tif", tb.Bytes())
	gsRaster(t, filepath.Join(dir, "cmyk.jpg"), "jpegcmyk", 600, 450)
	over, err := os.ReadFile("../raster/testdata/cmyk-over.jpg")
	if err != nil {
		t.Fatal(err)
	}
	write("cmyk-over.jpg", over)
	gsPDF(t, filepath.Join(dir, "ad.pdf"), strings.Replace(adPS, "{color}", "0.1 0.7 0.9 0 setcmykcolor", 1), cmykAd...)

	plan := filepath.Join(dir, "plan.toml")
	res, diags := Run(plan, Options{WritePDF: true})
	if diags.HasErrors() || res.PDF == nil {
		t.Fatalf("errors:\n%v", diags.Err())
	}
	for _, want := range []struct {
		sev diag.Severity
		msg string
	}{
		{diag.Note, "none.tif: CMYK TIFF embedded with its CMYK samples unchanged"},
		{diag.Note, "lzw.tif: CMYK TIFF embedded with its CMYK samples unchanged"},
		{diag.Note, "packbits.tif: CMYK TIFF embedded with its CMYK samples unchanged"},
		{diag.Note, "deflate.tif: RGB TIFF converted to CMYK"},
		{diag.Note, "photo.jpg: RGB converted to CMYK; EXIF orientation 6: turned a quarter clockwise; downsampled from 2400×3200"},
		{diag.Note, "cmyk.jpg: CMYK JPEG, total ink at most"},
		{diag.Warning, "cmyk-over.jpg: total ink 398 % is over the limit of 330 % of FOGRA39: converted down"},
		{diag.Note, "ad.pdf page 1: supplied page 210.0×285.0 mm, fonts embedded, CMYK"},
	} {
		if !find(diags, want.sev, 0, want.msg) {
			t.Errorf("no %v %q:\n%s", want.sev, want.msg, listOf(diags))
		}
	}
	pdfauditPrint(t, res.PDF, 8)
	path := filepath.Join(dir, "out.pdf")
	write("out.pdf", res.PDF)
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	// the ad's text on 封二 (page 2), 04 (page 6), and as a figure in the article
	for _, p := range []string{"2", "6"} {
		if txt := pdfPageText(t, res.PDF, p); !strings.Contains(txt, "Longjing Spring Tea") {
			t.Errorf("page %s: the ad's text is missing: %q", p, txt)
		}
	}
	if txt := pdfPageText(t, res.PDF, "3") + pdfPageText(t, res.PDF, "4") + pdfPageText(t, res.PDF, "5"); !strings.Contains(txt, "West Lake, Hangzhou") {
		t.Errorf("the ad as a figure: its text is missing from 01-03")
	}
	// pdfimages -list: page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
	out, err := exec.Command("pdfimages", "-list", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
	if len(lines) != 8 { // the photo twice, four TIFFs, two CMYK JPEGs
		t.Errorf("%d image placements, want 8:\n%s", len(lines), out)
	}
	photos := map[string]bool{}
	for _, l := range lines {
		f := strings.Fields(l)
		xppi, _ := strconv.Atoi(f[12])
		yppi, _ := strconv.Atoi(f[13])
		if xppi > 450 || yppi > 450 {
			t.Errorf("an image above 450 ppi: %s", l)
		}
		if f[5] != "cmyk" && f[5] != "gray" {
			t.Errorf("a %s image: %s", f[5], l)
		}
		w, _ := strconv.Atoi(f[3])
		h, _ := strconv.Atoi(f[4])
		if f[0] == "1" {
			if w != 2400 || h != 3200 {
				t.Errorf("the cover photo is %d×%d, want 2400×3200 (upright, not downsampled at 282 ppi)", w, h)
			}
			photos[f[10]] = true
		}
		if f[0] != "1" && (w*4-h*3)*(w*4-h*3) <= 16 && w < 2400 && w > 500 {
			photos[f[10]] = true // the photo in its column, downsampled, upright
		}
	}
	if len(photos) != 2 {
		t.Errorf("the photo is embedded as %d objects, want 2 (the cover's and the column's):\n%s", len(photos), out)
	}
	// the picture's top (stored left, red) is at the top of the cover
	img := renderPage(t, path, 1)
	top, mid := img.At(img.Bounds().Dx()/2, img.Bounds().Dy()/40), img.At(img.Bounds().Dx()/2, img.Bounds().Dy()/2)
	if r, g, _, _ := top.RGBA(); r < 0xA000 || g > 0x8000 {
		t.Errorf("the cover's top is not red (%v): the photo is not upright", top)
	}
	if r, g, _, _ := mid.RGBA(); r > 0xA000 && g < 0x8000 {
		t.Errorf("the cover's middle is red (%v): the photo is not upright", mid)
	}
	// separations: only the process plates
	sep := t.TempDir()
	if b, err := exec.Command("gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=tiffsep", "-r10", "-sOutputFile="+filepath.Join(sep, "p%02d.tif"), path).CombinedOutput(); err != nil {
		t.Fatalf("gs tiffsep: %v\n%s", err, b)
	}
	ents, _ := os.ReadDir(sep)
	for _, e := range ents {
		n := e.Name()
		if i := strings.IndexByte(n, '('); i >= 0 {
			switch plate := strings.TrimSuffix(n[i+1:], ").tif"); plate {
			case "Cyan", "Magenta", "Yellow", "Black":
			default:
				t.Errorf("a %s plate", plate)
			}
		}
	}
}

// renderPage renders page n of the PDF at path with Ghostscript (10 dpi, RGB).
func renderPage(t *testing.T, path string, n int) image.Image {
	t.Helper()
	out := path + ".png"
	if b, err := exec.Command("gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=png16m", "-r10",
		"-dFirstPage="+strconv.Itoa(n), "-dLastPage="+strconv.Itoa(n), "-sOutputFile="+out, path).CombinedOutput(); err != nil {
		t.Fatalf("gs: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// A supplied PDF page among the figures of a picture article (three
// figures or more, no more paragraphs than figures) stays a PDF page: the
// picture layout kept only the path, and the page was then read as an
// image file ("not a JPEG, PNG or TIFF file").
func TestSuppliedPDFInPictureArticle(t *testing.T) {
	plan, _ := printDir(t, noPPI, grayPNG(t, 2551, 3437), grayPNG(t, 900, 600))
	dir := filepath.Dir(plan)
	gsPDF(t, filepath.Join(dir, "ad.pdf"), strings.Replace(adPS, "{color}", "0.1 0.7 0.9 0 setcmykcolor", 1), cmykAd...)
	md := "# 图片报道\n\n一段说明文字。\n\n![一](fig.png)\n\n![二](fig.png)\n\n![三](fig.png)\n\n![广告](ad.pdf)\n\n![五](fig.png)\n\n![六](fig.png)\n"
	os.WriteFile(filepath.Join(dir, "a.md"), []byte(md), 0o644)
	res, diags := Run(plan, Options{WritePDF: true})
	if diags.HasErrors() || res.PDF == nil {
		t.Fatalf("errors:\n%v", diags.Err())
	}
	if txt := pdfPageText(t, res.PDF, "3") + pdfPageText(t, res.PDF, "4"); !strings.Contains(txt, "Longjing Spring Tea") {
		t.Errorf("the ad's text is not on 01-02: %q", txt)
	}
}

// adPlan is a four-page issue: a grey picture as the cover and content
// (a supplied PDF) alone on 01.
const adPlan = `[issue]
title = "测试月刊"
number = "2026年第3期"
date = 2026-03-05

[paper]
trim = "210x285mm"
inner_pages = 4

[[page]]
slots = "封面"
content = ["cover.png"]

[[page]]
slots = "01"
content = ["{ad}"]

[print]
min_ppi_warn = 0
min_ppi_error = 0
`

// An ad alone on a page without text of paiban's: the shared resources
// naming the imported page were copied as gopdf wrote them, naming the
// form's number before the imports were renumbered — a dangling reference
// (pdftotext: "XObject 'GOFPDITPL0' is unknown"), the ad blank.
func TestSuppliedPDFAloneOnPage(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "plan.toml"), []byte(strings.Replace(adPlan, "{ad}", "ad.pdf", 1)), 0o644)
	os.WriteFile(filepath.Join(dir, "cover.png"), grayPNG(t, 2551, 3437), 0o644)
	gsPDF(t, filepath.Join(dir, "ad.pdf"), strings.Replace(adPS, "{color}", "0.1 0.7 0.9 0 setcmykcolor", 1), cmykAd...)
	res, diags := Run(filepath.Join(dir, "plan.toml"), Options{WritePDF: true})
	if diags.HasErrors() || res.PDF == nil {
		t.Fatalf("errors:\n%v", diags.Err())
	}
	if txt := pdfPageText(t, res.PDF, "3"); !strings.Contains(txt, "Longjing Spring Tea") {
		t.Errorf("the ad alone on 01: its text is missing: %q", txt)
	}
}

// A page with /Rotate 90 (a landscape-drawn ad exported turned) is placed
// as viewers show it (it was refused): the turn is made part of the page,
// its boxes turned with it; the corner drawn dark at the drawing's top left
// is at the placed page's top right, and its text extracts.
func TestSuppliedPDFRotated(t *testing.T) {
	testtool.Need(t, "qpdf")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "plan.toml"), []byte(strings.Replace(adPlan, "{ad}", "ad.pdf", 1)), 0o644)
	os.WriteFile(filepath.Join(dir, "cover.png"), grayPNG(t, 2551, 3437), 0o644)
	// drawn landscape: 291×216 mm with 3 mm bleed, a dark square at the top left
	land := `%!PS
<< /PageSize [824.88 612.28] >> setpagedevice
[/TrimBox [8.5 8.5 816.38 603.78] /BleedBox [0 0 824.88 612.28] /PAGE pdfmark
0 0.3 0.9 0 setcmykcolor 0 0 824.88 612.28 rectfill
0 0 0 1 setcmykcolor 0 462 150 150.28 rectfill
/Helvetica-Bold findfont 40 scalefont setfont 200 300 moveto (Rotated Rice Wine) show
showpage
`
	gsPDF(t, filepath.Join(dir, "land.pdf"), land, cmykAd...)
	if b, err := exec.Command("qpdf", "--rotate=+90:1", filepath.Join(dir, "land.pdf"), filepath.Join(dir, "ad.pdf")).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, b)
	}
	res, diags := Run(filepath.Join(dir, "plan.toml"), Options{WritePDF: true})
	if diags.HasErrors() || res.PDF == nil {
		t.Fatalf("errors:\n%v", diags.Err())
	}
	if !find(diags, diag.Note, 0, "ad.pdf page 1: supplied page 210.0×285.0 mm, fonts embedded, CMYK (its /Rotate 90 made part of the page") {
		t.Errorf("no note of the turned page:\n%s", listOf(diags))
	}
	for _, d := range diags {
		if d.Severity == diag.Warning && strings.Contains(d.Message, "ad.pdf") {
			t.Errorf("warned about: %s", d.Message)
		}
	}
	if txt := pdfPageText(t, res.PDF, "3"); !strings.Contains(txt, "Rotated Rice Wine") {
		t.Errorf("the turned ad's text is missing: %q", txt)
	}
	path := filepath.Join(dir, "out.pdf")
	os.WriteFile(path, res.PDF, 0o644)
	img := renderPage(t, path, 3)
	b := img.Bounds()
	dark := func(x, y int) bool { r, g, bl, _ := img.At(x, y).RGBA(); return r+g+bl < 3*0x4000 }
	if !dark(b.Max.X-b.Dx()/12, b.Min.Y+b.Dy()/14) || dark(b.Min.X+b.Dx()/12, b.Min.Y+b.Dy()/14) || dark(b.Max.X-b.Dx()/12, b.Max.Y-b.Dy()/14) {
		t.Error("the drawing's top-left corner is not at the placed page's top right")
	}
}

// A landscape photo filling a portrait page shows less than half of
// itself: only that part is embedded (issue 13: a 16-page issue under
// 30 MB), drawn where it was — the page looks the same as with the whole
// image, which a CMYK JPEG within the limit still is (byte for byte).
func TestCroppedPhotoEmbedsWhatShows(t *testing.T) {
	testtool.Need(t, "pdfimages", "gs")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "plan.toml"), []byte(strings.Replace(adPlan, "{ad}", "cmyk.jpg", 1)), 0o644)
	// 2400×1200 at 291 mm high: 2.7 times wider than the cover shows
	m := image.NewRGBA(image.Rect(0, 0, 2400, 1200))
	for y := range 1200 {
		for x := range 2400 {
			m.SetRGBA(x, y, color.RGBA{uint8(x / 10), uint8(y / 5), 128, 255})
		}
	}
	for x := 1180; x < 1220; x++ { // a dark bar down the middle
		for y := range 1200 {
			m.SetRGBA(x, y, color.RGBA{0, 0, 0, 255})
		}
	}
	var b bytes.Buffer
	jpeg.Encode(&b, m, &jpeg.Options{Quality: 90})
	os.WriteFile(filepath.Join(dir, "cover.png"), b.Bytes(), 0o644) // a JPEG by content
	gsRaster(t, filepath.Join(dir, "cmyk.jpg"), "jpegcmyk", 1200, 600)
	os.WriteFile(filepath.Join(dir, "plan.toml"), []byte(strings.Replace(strings.Replace(adPlan, "{ad}", "cmyk.jpg", 1), `slots = "01"`, `slots = "封底"`, 1)), 0o644)
	res, diags := Run(filepath.Join(dir, "plan.toml"), Options{WritePDF: true})
	if diags.HasErrors() || res.PDF == nil {
		t.Fatalf("errors:\n%v", diags.Err())
	}
	if !find(diags, diag.Note, 0, "cover.png: RGB converted to CMYK; cropped to the 892×1200 px that show where it is placed") {
		t.Errorf("no crop note:\n%s", listOf(diags))
	}
	path := filepath.Join(dir, "out.pdf")
	os.WriteFile(path, res.PDF, 0o644)
	out, err := exec.Command("pdfimages", "-list", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	got := ""
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n")[2:] {
		f := strings.Fields(l)
		got += f[0] + ":" + f[3] + "×" + f[4] + " "
	}
	if got != "1:892×1200 8:1200×600 " {
		t.Errorf("images %q, want the cover cropped and the CMYK JPEG (cropped too, but passed through) whole", got)
	}
	// the bar stays in the middle of the cover
	img := renderPage(t, path, 1)
	bd := img.Bounds()
	r, g, bl, _ := img.At(bd.Dx()/2, bd.Dy()/2).RGBA()
	r2, _, _, _ := img.At(bd.Dx()/4, bd.Dy()/2).RGBA()
	if r+g+bl > 3*0x4000 || r2 < 0x3000 {
		t.Errorf("the dark bar is not in the middle of the cover: %x %x %x, a quarter across %x", r, g, bl, r2)
	}
}

// Five supplied pages in one issue give the same bytes on every build:
// gopdf names its imported pages in the shared resources in map order, and
// once those resources are written again (they name the renumbered forms)
// the order must be fixed.
func TestSuppliedPDFsDeterministic(t *testing.T) {
	dir := t.TempDir()
	plan := strings.Replace(adPlan, `[[page]]
slots = "01"
content = ["{ad}"]`, `[[page]]
slots = "封二"
content = ["ad1.pdf"]

[[page]]
slots = "01"
content = ["ad2.pdf"]

[[page]]
slots = "02"
content = ["ad3.pdf"]

[[page]]
slots = "封三"
content = ["ad4.pdf"]

[[page]]
slots = "封底"
content = ["ad5.pdf"]`, 1)
	os.WriteFile(filepath.Join(dir, "plan.toml"), []byte(plan), 0o644)
	os.WriteFile(filepath.Join(dir, "cover.png"), grayPNG(t, 2551, 3437), 0o644)
	for i := 1; i <= 5; i++ {
		c := strconv.Itoa(i)
		gsPDF(t, filepath.Join(dir, "ad"+c+".pdf"), strings.Replace(adPS, "{color}", "0.1 0."+c+" 0.9 0 setcmykcolor", 1), cmykAd...)
	}
	var first []byte
	for k := range 4 {
		res, diags := Run(filepath.Join(dir, "plan.toml"), Options{WritePDF: true})
		if diags.HasErrors() || res.PDF == nil {
			t.Fatalf("errors:\n%v", diags.Err())
		}
		if k == 0 {
			first = res.PDF
		} else if !bytes.Equal(first, res.PDF) {
			t.Fatalf("build %d differs from the first", k+1)
		}
	}
	for _, p := range []string{"2", "3", "4", "7", "8"} {
		if txt := pdfPageText(t, first, p); !strings.Contains(txt, "Longjing Spring Tea") {
			t.Errorf("page %s: the ad's text is missing", p)
		}
	}
}

// A supplied page with transparency (a 50 % fill), which PDF/X-1a forbids:
// the file is made PDF/X-4 — which keeps it — with the condition's bundled
// profile as its output intent, with a warning (issue 13: "converted, or
// refused in strict mode"); --strict refuses it, and so does a condition
// paiban has no profile for.
func TestSuppliedPDFTransparencyMakesX4(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "cover.png"), grayPNG(t, 2551, 3437), 0o644)
	ps := `%!PS
<< /PageSize [612.28 824.88] >> setpagedevice
[/TrimBox [8.5 8.5 603.78 816.38] /BleedBox [0 0 612.28 824.88] /PAGE pdfmark
0 0 0 1 setcmykcolor /Helvetica-Bold findfont 40 scalefont setfont 60 600 moveto (Glass House Cafe) show
0.5 .setfillconstantalpha 0.9 0.1 0 0 setcmykcolor 40 400 400 200 rectfill showpage
`
	gsPDF(t, filepath.Join(dir, "ad.pdf"), ps, append([]string{"-dALLOWPSTRANSPARENCY"}, cmykAd...)...)
	write := func(extra string) string {
		plan := filepath.Join(dir, "plan.toml")
		os.WriteFile(plan, []byte(strings.Replace(strings.Replace(adPlan, "{ad}", "ad.pdf", 1), "[print]\n", "[print]\n"+extra, 1)), 0o644)
		return plan
	}
	plan := write("")
	res, diags := Run(plan, Options{WritePDF: true})
	if diags.HasErrors() || res.PDF == nil {
		t.Fatalf("errors:\n%v", diags.Err())
	}
	if !find(diags, diag.Warning, 0, "ad.pdf page 1 uses transparency (") || !find(diags, diag.Warning, 0, "the print file is made PDF/X-4, which keeps it, with the profile paiban bundles for FOGRA39") {
		t.Errorf("no warning:\n%s", listOf(diags))
	}
	if !bytes.Contains(res.PDF, []byte("/GTS_PDFXVersion (PDF/X-4)")) || !bytes.Contains(res.PDF, []byte("/DestOutputProfile")) {
		t.Error("the file is not PDF/X-4 with an output profile")
	}
	if txt := pdfPageText(t, res.PDF, "3"); !strings.Contains(txt, "Glass House Cafe") {
		t.Errorf("the ad's text is missing: %q", txt)
	}
	pdfauditPrint(t, res.PDF, 8)
	if res, diags := Run(plan, Options{WritePDF: true, Strict: true}); !diags.HasErrors() || res.PDF != nil {
		t.Error("--strict does not refuse it")
	}
	plan = write("condition = \"CGATS TR 001\"\n")
	if res, diags := Run(plan, Options{WritePDF: true}); !find(diags, diag.Error, 0, "which PDF/X-1a forbids: ask for a flattened PDF/X-1a file") || res.PDF != nil {
		t.Errorf("a condition without a bundled profile:\n%s", listOf(diags))
	}
}
