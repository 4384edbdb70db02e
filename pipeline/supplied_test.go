package pipeline

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/pdf/cos"
)

// adPS is an advertisement at 210×285 mm plus 3 mm bleed with TrimBox and
// BleedBox, as agencies send them; {color} sets the background colour.
const adPS = `%!PS
<< /PageSize [612.28 824.88] >> setpagedevice
[/TrimBox [8.5 8.5 603.78 816.38] /BleedBox [0 0 612.28 824.88] /PAGE pdfmark
{color} 0 0 612.28 824.88 rectfill
0 0 0 1 setcmykcolor
/Helvetica-Bold findfont 40 scalefont setfont 60 600 moveto (Longjing Spring Tea) show
/Times-Roman findfont 18 scalefont setfont 60 560 moveto (West Lake, Hangzhou) show
showpage
`

// gsPDF writes a PDF made by Ghostscript from PostScript ps with args.
func gsPDF(t *testing.T, out, ps string, args ...string) {
	t.Helper()
	testtool.Need(t, "gs")
	src := out + ".ps"
	os.WriteFile(src, []byte(ps), 0o644)
	a := append([]string{"-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite", "-o", out}, args...)
	if b, err := exec.Command("gs", append(a, src)...).CombinedOutput(); err != nil {
		t.Fatalf("gs: %v\n%s", err, b)
	}
}

var cmykAd = []string{"-dPDFSETTINGS=/prepress", "-sProcessColorModel=DeviceCMYK", "-sColorConversionStrategy=CMYK"}

// suppliedDir is printDir with the cover replaced by content (a PDF named
// in the plan) and, when figure is set, the article's figure by it too.
func suppliedDir(t *testing.T, content string, figure bool) (plan string, line int) {
	plan, line = printDir(t, noPPI, grayPNG(t, 2551, 3437), grayPNG(t, 900, 600))
	b, _ := os.ReadFile(plan)
	os.WriteFile(plan, bytes.Replace(b, []byte(`"cover.png"`), []byte(`"`+content+`"`), 1), 0o644)
	if figure {
		md := filepath.Join(filepath.Dir(plan), "a.md")
		b, _ = os.ReadFile(md)
		os.WriteFile(md, bytes.Replace(b, []byte("(fig.png)"), []byte("("+content+")"), 1), 0o644)
	}
	return plan, line
}

func pdfPageText(t *testing.T, pdf []byte, page string) string {
	t.Helper()
	testtool.Need(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "x.pdf")
	os.WriteFile(path, pdf, 0o644)
	out, err := exec.Command("pdftotext", "-f", page, "-l", page, path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// A supplied PDF advertisement is placed as vector content (issue 13): as
// the whole cover with its bleed, and as a figure in an article; its fonts
// stay embedded, its text extractable (a ToUnicode map is added from the
// fonts' encoding), the file passes the print checks and is the same on
// every build — gofpdi, which imports it, numbers objects in map order.
func TestSuppliedPDFPlaced(t *testing.T) {
	plan, line := suppliedDir(t, "ad.pdf", true)
	dir := filepath.Dir(plan)
	gsPDF(t, filepath.Join(dir, "ad.pdf"), strings.Replace(adPS, "{color}", "0.1 0.7 0.9 0 setcmykcolor", 1), cmykAd...)
	res, diags := Run(plan, Options{WritePDF: true})
	if diags.HasErrors() || res.PDF == nil {
		t.Fatalf("errors:\n%v", diags.Err())
	}
	if !find(diags, diag.Note, line, "ad.pdf page 1: supplied page 210.0×285.0 mm, fonts embedded, CMYK") {
		t.Errorf("no preflight note at line %d:\n%s", line, listOf(diags))
	}
	for _, d := range diags {
		if d.Severity == diag.Warning && strings.Contains(d.Message, "ad.pdf") && d.Line == line {
			t.Errorf("the full-page ad at the trim size with bleed is warned about: %s", d.Message)
		}
	}
	for _, page := range []string{"1", "3"} { // 封面, and 01 with the figure
		if txt := pdfPageText(t, res.PDF, page); !strings.Contains(txt, "Longjing Spring Tea") || !strings.Contains(txt, "West Lake, Hangzhou") {
			t.Errorf("page %s: the ad's text is not extractable: %q", page, txt)
		}
	}
	d, err := cos.Read(res.PDF)
	if err != nil {
		t.Fatal(err)
	}
	fonts := 0
	d.Each(func(r cos.Ref, v cos.Object) {
		if f, ok := v.(*cos.Dict); ok && f.Get("Type") == cos.Name("Font") && f.Get("Subtype") == cos.Name("Type1") {
			fonts++
			if f.Get("ToUnicode") == nil {
				t.Errorf("imported font %v has no ToUnicode", f.Get("BaseFont"))
			}
		}
	})
	if fonts == 0 {
		t.Error("the ad's fonts are not in the PDF")
	}
	pdfauditPrint(t, res.PDF, 8)
	again, _ := Run(plan, Options{WritePDF: true})
	if !bytes.Equal(res.PDF, again.PDF) {
		t.Error("two builds with a supplied PDF differ")
	}
	// the same ad saved with object streams and a cross-reference stream
	testtool.Need(t, "qpdf")
	{
		if b, err := exec.Command("qpdf", "--object-streams=generate", filepath.Join(dir, "ad.pdf"), filepath.Join(dir, "ad2.pdf")).CombinedOutput(); err != nil {
			t.Fatalf("qpdf: %v %s", err, b)
		}
		os.Rename(filepath.Join(dir, "ad2.pdf"), filepath.Join(dir, "ad.pdf"))
		res2, diags := Run(plan, Options{WritePDF: true})
		if diags.HasErrors() {
			t.Fatalf("with object streams: %v", diags.Err())
		}
		if txt := pdfPageText(t, res2.PDF, "1"); !strings.Contains(txt, "Longjing Spring Tea") {
			t.Errorf("with object streams: text %q", txt)
		}
	}
}

// A page of a PDF with CJK Type 0 fonts (one of paiban's own) is placed
// with "file.pdf#N"; its fonts are left as they are.
func TestSuppliedPDFPageOfCJK(t *testing.T) {
	src, _ := printDir(t, noPPI, grayPNG(t, 2551, 3437), grayPNG(t, 900, 600))
	first, diags := Run(src, Options{WritePDF: true})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	plan, _ := suppliedDir(t, "prev.pdf#3", false)
	os.WriteFile(filepath.Join(filepath.Dir(plan), "prev.pdf"), first.PDF, 0o644)
	res, diags := Run(plan, Options{WritePDF: true})
	if diags.HasErrors() {
		t.Fatalf("errors:\n%v", diags.Err())
	}
	if txt := pdfPageText(t, res.PDF, "1"); !strings.Contains(txt, "正文第一段") {
		t.Errorf("the supplied CJK page's text: %q", txt)
	}
	pdfauditPrint(t, res.PDF, 8)
	// the same saved with object streams (a cross-reference stream of more
	// than 4 columns, which gofpdi cannot read: it gets cos's rewrite)
	testtool.Need(t, "qpdf")
	prev := filepath.Join(filepath.Dir(plan), "prev.pdf")
	if b, err := exec.Command("qpdf", "--object-streams=generate", prev, prev+".os").CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, b)
	}
	os.Rename(prev+".os", prev)
	res, diags = Run(plan, Options{WritePDF: true})
	if diags.HasErrors() {
		t.Fatalf("with object streams:\n%v", diags.Err())
	}
	if txt := pdfPageText(t, res.PDF, "1"); !strings.Contains(txt, "正文第一段") {
		t.Errorf("with object streams, the page's text: %q", txt)
	}
}

// What a print file cannot take is an error at the plan line that places
// the PDF, and no PDF is written: fonts not embedded, RGB colour, a page
// that is not there, a file that is not a PDF. A page of another size is
// a warning, as is one without bleed.
func TestSuppliedPDFPreflight(t *testing.T) {
	ad := strings.Replace(adPS, "{color}", "0.1 0.7 0.9 0 setcmykcolor", 1)
	cases := []struct {
		name, ps, content string
		args              []string
		sev               diag.Severity
		want              string
	}{
		{"noembed", ad, "ad.pdf", nil, diag.Error, "fonts not embedded: Helvetica-Bold, Times-Roman"},
		{"rgb", strings.Replace(ad, "0.1 0.7 0.9 0 setcmykcolor", "0.9 0.2 0.1 setrgbcolor", 1), "ad.pdf", []string{"-dPDFSETTINGS=/prepress"}, diag.Warning, "is not CMYK (colours set in the page content (rg)): converted to CMYK"},
		{"page", ad, "ad.pdf#2", cmykAd, diag.Error, "has 1 page(s), no page 2"},
		{"a4", strings.NewReplacer("612.28 824.88", "595 842", "[/TrimBox [8.5 8.5 603.78 816.38] /BleedBox [0 0 612.28 824.88] /PAGE pdfmark", "").Replace(ad), "ad.pdf", cmykAd, diag.Warning, "scaled to 96 % and centred"},
		{"nobleed", strings.Replace(ad, "/BleedBox [0 0 612.28 824.88]", "/BleedBox [8.5 8.5 603.78 816.38]", 1), "ad.pdf", cmykAd, diag.Warning, "has 0.0 mm of bleed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			plan, line := suppliedDir(t, c.content, false)
			gsPDF(t, filepath.Join(filepath.Dir(plan), "ad.pdf"), c.ps, c.args...)
			res, diags := Run(plan, Options{WritePDF: true})
			if !find(diags, c.sev, line, c.want) {
				t.Errorf("want %v %q at line %d:\n%s", c.sev, c.want, line, listOf(diags))
			}
			if c.sev == diag.Error && res.PDF != nil {
				t.Error("a PDF was written")
			}
		})
	}
	plan, line := suppliedDir(t, "ad.pdf", false)
	os.WriteFile(filepath.Join(filepath.Dir(plan), "ad.pdf"), []byte("%PDF-1.4\ngarbage"), 0o644)
	if _, diags := Run(plan, Options{WritePDF: true}); !find(diags, diag.Error, line, "cannot place this PDF: the file is truncated or not a whole PDF") {
		t.Errorf("a damaged PDF:\n%s", listOf(diags))
	}
	// an agency's PDF with security settings (printing allowed, no password
	// to open) is decrypted and placed; one that needs a password to open
	// is refused with the way out
	testtool.Need(t, "qpdf")
	ad = filepath.Join(filepath.Dir(plan), "ad.pdf")
	gsPDF(t, ad+".src", strings.Replace(adPS, "{color}", "0.1 0.7 0.9 0 setcmykcolor", 1), cmykAd...)
	if b, err := exec.Command("qpdf", "--encrypt", "", "owner", "256", "--print=full", "--modify=none", "--", ad+".src", ad).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, b)
	}
	res, diags := Run(plan, Options{WritePDF: true})
	if diags.HasErrors() || res.PDF == nil {
		t.Fatalf("a PDF with an owner password only:\n%s", listOf(diags))
	}
	if txt := pdfPageText(t, res.PDF, "1"); !strings.Contains(txt, "Longjing Spring Tea") {
		t.Errorf("a PDF with an owner password only: its text is missing: %q", txt)
	}
	if bytes.Contains(res.PDF, []byte("/Encrypt")) {
		t.Error("the print file is encrypted")
	}
	if b, err := exec.Command("qpdf", "--encrypt", "user", "owner", "256", "--", ad+".src", ad).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, b)
	}
	if _, diags := Run(plan, Options{WritePDF: true}); !find(diags, diag.Error, line, "the PDF is encrypted with a password needed to open it; ask for it without security") {
		t.Errorf("a PDF that needs a password:\n%s", listOf(diags))
	}
}

// An RGB advertisement (colours, an RGB image, an axial shading) is
// converted to CMYK with a warning: nothing RGB is left in the print file,
// and --strict refuses it. An RGB mesh shading cannot be converted: an
// error naming it.
func TestSuppliedPDFRGBConverted(t *testing.T) {
	ps := strings.Replace(adPS, "{color}", "0.9 0.2 0.1 setrgbcolor", 1) + ""
	ps = strings.Replace(ps, "showpage", `gsave 100 100 translate 200 150 scale
4 2 8 [4 0 0 -2 0 2] <ff0000 00ff00 0000ff ffff00 00ffff ff00ff 808080 ffffff> false 3 colorimage grestore
<< /ShadingType 2 /ColorSpace /DeviceRGB /Coords [0 0 200 0] /Function << /FunctionType 2 /Domain [0 1] /C0 [1 0 0] /C1 [0 0 1] /N 1 >> >> shfill
showpage`, 1)
	plan, line := suppliedDir(t, "ad.pdf", false)
	gsPDF(t, filepath.Join(filepath.Dir(plan), "ad.pdf"), ps, "-dPDFSETTINGS=/prepress", "-dAutoFilterColorImages=false", "-sColorImageFilter=FlateEncode", "-dMaxInlineImageSize=0")
	res, diags := Run(plan, Options{WritePDF: true})
	if diags.HasErrors() || res.PDF == nil {
		t.Fatalf("errors:\n%v", diags.Err())
	}
	if !find(diags, diag.Warning, line, "converted to CMYK") {
		t.Errorf("no conversion warning at line %d:\n%s", line, listOf(diags))
	}
	d, err := cos.Read(res.PDF)
	if err != nil {
		t.Fatal(err)
	}
	images := 0
	d.Each(func(r cos.Ref, v cos.Object) {
		dict := d.Dict(v)
		if dict == nil {
			return
		}
		if cs := dict.Get("ColorSpace"); cs == cos.Name("DeviceRGB") {
			t.Errorf("object %d is still DeviceRGB", r.Num)
		}
		if dict.Get("Subtype") == cos.Name("Image") {
			images++
		}
		if s, ok := v.(*cos.Stream); ok && dict.Get("Subtype") == cos.Name("Form") {
			data, _ := cos.Decode(s)
			if strings.Contains(string(data), " rg") || strings.Contains(string(data), " RG") {
				t.Errorf("form %d still sets RGB colours", r.Num)
			}
		}
	})
	if images == 0 {
		t.Error("the ad's image is gone")
	}
	if txt := pdfPageText(t, res.PDF, "1"); !strings.Contains(txt, "Longjing Spring Tea") {
		t.Errorf("text %q", txt)
	}
	pdfauditPrint(t, res.PDF, 8)
	if _, diags := Run(plan, Options{WritePDF: true, Strict: true}); !diags.HasErrors() {
		t.Error("--strict accepted an RGB advertisement")
	}
	// a free-form (mesh) shading in RGB is refused
	mesh := strings.Replace(adPS, "{color}", "0 0 0 0.1 setcmykcolor", 1)
	mesh = strings.Replace(mesh, "showpage", `<< /ShadingType 4 /ColorSpace /DeviceRGB /DataSource [0 0 0 1 0 0  0 100 0 0 1 0  0 0 100 0 0 1] >> shfill
showpage`, 1)
	gsPDF(t, filepath.Join(filepath.Dir(plan), "ad.pdf"), mesh, "-dPDFSETTINGS=/prepress")
	if _, diags := Run(plan, Options{WritePDF: true}); !find(diags, diag.Error, line, "cannot be converted") {
		t.Errorf("an RGB mesh shading:\n%s", listOf(diags))
	}
}

// An RGB advertisement whose photo is a JPEG (DCTDecode, as most are) gets
// its photo converted to a CMYK JPEG that goes in as one: DCTDecode, the
// inverted CMYK's /Decode, /ColorTransform 1 when YCCK — not JPEG bytes
// under a Flate filter (which every reader refused) — and it decodes to
// the photo's colours: red → M+Y, blue → C+M.
func TestSuppliedPDFRGBJPEG(t *testing.T) {
	ps := strings.Replace(adPS, "{color}", "0 0 0 1 setcmykcolor", 1)
	row := strings.Repeat("ff0000", 16) + strings.Repeat("0000ff", 16) // red, then blue
	ps = strings.Replace(ps, "showpage", "gsave 100 100 translate 200 100 scale\n32 16 8 [32 0 0 -16 0 16] <"+
		strings.Repeat(row, 16)+"> false 3 colorimage grestore\nshowpage", 1)
	plan, _ := suppliedDir(t, "ad.pdf", false)
	gsPDF(t, filepath.Join(filepath.Dir(plan), "ad.pdf"), ps, "-dPDFSETTINGS=/prepress", "-dAutoFilterColorImages=false", "-sColorImageFilter=DCTEncode", "-dMaxInlineImageSize=0")
	res, diags := Run(plan, Options{WritePDF: true})
	if diags.HasErrors() || res.PDF == nil {
		t.Fatalf("errors:\n%v", diags.Err())
	}
	d, err := cos.Read(res.PDF)
	if err != nil {
		t.Fatal(err)
	}
	photos := 0
	d.Each(func(r cos.Ref, v cos.Object) {
		s, ok := v.(*cos.Stream)
		if !ok || s.Dict.Get("Subtype") != cos.Name("Image") || s.Dict.Get("Filter") != cos.Name("DCTDecode") {
			return
		}
		photos++
		m, err := jpeg.Decode(bytes.NewReader(s.Data))
		cm, isCMYK := m.(*image.CMYK)
		if err != nil || !isCMYK || s.Dict.Get("ColorSpace") != cos.Name("DeviceCMYK") || fmt.Sprint(s.Dict.Get("Decode")) != fmt.Sprint(cos.Array{1, 0, 1, 0, 1, 0, 1, 0}) {
			t.Fatalf("image %d: %v %T, %v", r.Num, err, m, s.Dict)
		}
		ycck := bytes.Contains(s.Data[:40], []byte("Adobe\x00\x64\x00\x00\x00\x00\x02"))
		if (s.Dict.Get("DecodeParms") != nil) != ycck {
			t.Errorf("image %d: YCCK %v, %v", r.Num, ycck, s.Dict)
		}
		b := cm.Bounds()
		for _, c := range []struct {
			x    int
			want [4]byte
		}{{b.Dx() / 4, [4]byte{0, 255, 255, 0}}, {b.Dx() * 3 / 4, [4]byte{255, 255, 0, 0}}} {
			got := cm.CMYKAt(c.x, b.Dy()/2)
			for k, v := range [4]byte{got.C, got.M, got.Y, got.K} {
				if d := int(v) - int(c.want[k]); d < -40 || d > 40 {
					t.Errorf("image %d at x %d: CMYK %v, want about %v", r.Num, c.x, got, c.want)
					break
				}
			}
		}
	})
	if photos != 1 {
		t.Errorf("%d JPEG images, want the ad's photo", photos)
	}
}

// A supplied page that lists an unembedded font it never uses (a leftover
// of the program that made it) is placed: PDF/X asks only that the fonts
// used be embedded; the unused one is dropped from the print file.
func TestSuppliedPDFUnusedFont(t *testing.T) {
	plan, line := suppliedDir(t, "ad.pdf", false)
	ad := filepath.Join(filepath.Dir(plan), "ad.pdf")
	gsPDF(t, ad, strings.Replace(adPS, "{color}", "0.1 0.7 0.9 0 setcmykcolor", 1), cmykAd...)
	data, _ := os.ReadFile(ad)
	d, err := cos.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	pages, _ := d.Pages()
	res := d.Dict(d.Resources(pages[0]))
	fonts := d.Dict(res.Get("Font"))
	fonts.Set("Unused", d.Add(cos.NewDict("Type", cos.Name("Font"), "Subtype", cos.Name("Type1"), "BaseFont", cos.Name("Courier"))))
	d.Touch(pages[0].Ref)
	if r, ok := res.Get("Font").(cos.Ref); ok {
		d.Touch(r)
	}
	if r, ok := d.Resources(pages[0]).(cos.Ref); ok {
		d.Touch(r)
	}
	os.WriteFile(ad, d.Bytes(), 0o644)
	res2, diags := Run(plan, Options{WritePDF: true})
	if diags.HasErrors() {
		t.Fatalf("the unused font stopped the build:\n%v", diags.Err())
	}
	if !find(diags, diag.Note, line, "fonts embedded, CMYK") {
		t.Errorf("no clean preflight note:\n%s", listOf(diags))
	}
	if bytes.Contains(res2.PDF, []byte("/Courier")) {
		t.Error("the unused font went into the print file")
	}
	if txt := pdfPageText(t, res2.PDF, "1"); !strings.Contains(txt, "Longjing Spring Tea") {
		t.Errorf("text %q", txt)
	}
}
