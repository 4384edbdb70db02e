package finish_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paiban/paiban/finish"
	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/pdf"
	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/units"
)

var (
	trimW, trimH = units.FromMM(210), units.FromMM(285)
	bleed        = units.FromMM(3)
)

// slotLabels are the page labels of an issue with n pages (n-4 inner).
func slotLabels(n int) []string {
	l := []string{"封面", "封二"}
	for i := 1; i <= n-4; i++ {
		l = append(l, fmt.Sprintf("%02d", i))
	}
	return append(l, "封三", "封底")
}

// sampleImages are the sample issue's pictures when the tree has them.
func sampleImage(name string) string {
	p := filepath.Join("..", "sample", "files", "images", name)
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// issueDoc builds an n-page document shaped like an issue: full-bleed
// covers, two columns of body text in black, coloured headings, rules,
// tinted boxes and pictures.
func issueDoc(tb testing.TB, n int) *layout.Document {
	tb.Helper()
	serif, err := fonts.Builtin("serif")
	if err != nil {
		tb.Fatal(err)
	}
	sans, err := fonts.Builtin("sans")
	if err != nil {
		tb.Fatal(err)
	}
	var han []rune
	for r := rune(0x4E00); r <= 0x9FA5 && len(han) < 3000; r++ {
		if serif.Has(r) && sans.Has(r) {
			han = append(han, r)
		}
	}
	doc := &layout.Document{Title: "乡镇", Number: "2026年第1期", Date: "2026-01-05",
		TrimW: trimW, TrimH: trimH, Bleed: bleed, Fonts: []*fonts.Face{serif, sans}}
	cover := sampleImage("cover.jpg")
	fig := sampleImage("fig-xiangzhen.jpg")
	if fig == "" {
		fig = filepath.Join("..", "pdf", "testdata", "cmyk.jpg")
	}
	k := 0
	labels := slotLabels(n)
	for i := 0; i < n; i++ {
		p := &layout.Page{Slot: labels[i], Label: labels[i]}
		if (i == 0 || i == n-1) && cover != "" {
			p.Images = []layout.Image{{Path: cover, X: -bleed, Y: -bleed, W: trimW + 2*bleed, H: trimH + 2*bleed}}
		}
		if i <= 1 || i >= n-2 {
			p.Runs = []layout.GlyphRun{
				{Font: 1, Size: units.FromPt(36), X: units.FromMM(20), Y: units.FromMM(40), Text: doc.Title, Color: layout.CMYK{M: 100, Y: 100}},
				{Font: 0, Size: units.FromPt(12), X: units.FromMM(20), Y: units.FromMM(55), Text: "二〇二六年第一期（总第一期）", Color: layout.Black},
			}
		}
		if i > 1 && i < n-2 {
			p.Images = []layout.Image{{Path: fig, X: units.FromMM(110), Y: units.FromMM(180), W: units.FromMM(80), H: units.FromMM(60),
				ClipX: units.FromMM(112), ClipY: units.FromMM(182), ClipW: units.FromMM(76), ClipH: units.FromMM(56)}}
			p.Rects = []layout.Rect{{X: units.FromMM(20), Y: units.FromMM(20), W: units.FromMM(170), H: units.FromMM(10), Fill: layout.CMYK{C: 15, M: 5}}}
			p.Lines = []layout.Line{{X1: units.FromMM(20), Y1: units.FromMM(272), X2: units.FromMM(190), Y2: units.FromMM(272), Width: units.FromPt(0.4), Color: layout.Black}}
			p.Runs = append(p.Runs, layout.GlyphRun{Font: 1, Size: units.FromPt(14), X: units.FromMM(22), Y: units.FromMM(28), Text: "第" + string(han[i%len(han)]) + "章", Color: layout.CMYK{C: 100, M: 70}})
			for col := 0; col < 2; col++ {
				for line := 0; line < 36; line++ {
					text := make([]rune, 24)
					for j := range text {
						text[j] = han[k%len(han)]
						k += 7
					}
					p.Runs = append(p.Runs, layout.GlyphRun{Font: 0, Size: units.FromPt(9),
						X: units.FromMM(20) + units.Length(col)*units.FromMM(88), Y: units.FromMM(40) + units.Length(line)*units.FromPt(15),
						Text: string(text), Spacing: units.FromPt(0.05), Color: layout.Black})
				}
			}
			p.Runs = append(p.Runs, layout.GlyphRun{Font: 1, Size: units.FromPt(8), X: units.FromMM(100), Y: units.FromMM(278), Text: labels[i], Color: layout.Black})
		}
		doc.Pages = append(doc.Pages, p)
	}
	return doc
}

func opts(doc *layout.Document) finish.Options {
	var labels []string
	for _, p := range doc.Pages {
		labels = append(labels, p.Label)
	}
	return finish.Options{Title: doc.Title, Number: doc.Number, Date: doc.Date, Labels: labels, Bleed: doc.Bleed}
}

func written(tb testing.TB, doc *layout.Document) []byte {
	tb.Helper()
	b, err := pdf.Bytes(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func finished(tb testing.TB, n int) ([]byte, *layout.Document) {
	tb.Helper()
	doc := issueDoc(tb, n)
	out, err := finish.Finish(written(tb, doc), opts(doc))
	if err != nil {
		tb.Fatal(err)
	}
	return out, doc
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.0015 }

func TestPDFX1a(t *testing.T) {
	out, doc := finished(t, 8)
	r, err := finish.Inspect(out)
	if err != nil {
		t.Fatal(err)
	}
	if r.Header != "%PDF-1.4" {
		t.Errorf("header %q, want %%PDF-1.4 (PDF/X-1a:2003)", r.Header)
	}
	if len(r.Pages) != 8 {
		t.Fatalf("%d pages", len(r.Pages))
	}
	b, tw, th := bleed.Points(), trimW.Points(), trimH.Points()
	for i, p := range r.Pages {
		want := PageBoxes(b, tw, th)
		for k := range 4 {
			if !near(p.Media[k], want.Media[k]) || !near(p.Bleed[k], want.Bleed[k]) || !near(p.Trim[k], want.Trim[k]) {
				t.Fatalf("page %d boxes %+v, want %+v", i+1, p, want)
			}
		}
		// MediaBox ⊇ BleedBox ⊇ TrimBox, exactly.
		if p.Bleed[0] < p.Media[0] || p.Bleed[1] < p.Media[1] || p.Bleed[2] > p.Media[2] || p.Bleed[3] > p.Media[3] ||
			p.Trim[0] < p.Bleed[0] || p.Trim[1] < p.Bleed[1] || p.Trim[2] > p.Bleed[2] || p.Trim[3] > p.Bleed[3] {
			t.Errorf("page %d: boxes not nested: %+v", i+1, p)
		}
	}
	if want := slotLabels(8); strings.Join(r.Labels, ",") != strings.Join(want, ",") {
		t.Errorf("labels %v, want %v", r.Labels, want)
	}
	wantInfo := map[string]string{
		"Title": "乡镇 2026年第1期", "GTS_PDFXVersion": "PDF/X-1:2003", "GTS_PDFXConformance": "PDF/X-1a:2003",
		"Trapped": "/False", "CreationDate": "D:20260105000000+00'00'", "ModDate": "D:20260105000000+00'00'",
	}
	for k, v := range wantInfo {
		if r.Info[k] != v {
			t.Errorf("Info /%s = %q, want %q", k, r.Info[k], v)
		}
	}
	oi := r.OutputIntent
	if oi["S"] != "/GTS_PDFX" || oi["OutputConditionIdentifier"] != "FOGRA39" || oi["RegistryName"] != "http://www.color.org" || oi["count"] != "1" {
		t.Errorf("output intent %v", oi)
	}
	if r.HasProfile {
		t.Error("PDF/X-1a with a registered condition needs no embedded profile")
	}
	if r.ID[0] == "" || r.ID[0] != r.ID[1] || len(r.ID[0]) != 32 {
		t.Errorf("ID %v", r.ID)
	}
	for _, s := range []string{"<pdfx:GTS_PDFXVersion>PDF/X-1:2003<", "<pdf:Trapped>False<", "乡镇 2026年第1期", "<xmp:CreateDate>2026-01-05T00:00:00Z<", "<xmpMM:DocumentID>uuid:"} {
		if !strings.Contains(r.XMP, s) {
			t.Errorf("XMP lacks %q", s)
		}
	}
	for _, n := range r.FontNames {
		if len(n) < 8 || n[6] != '+' || strings.ToUpper(n[:6]) != n[:6] {
			t.Errorf("font name %q has no subset tag", n)
		}
	}
	_ = doc
}

func PageBoxes(b, w, h float64) finish.PageBoxes {
	return finish.PageBoxes{
		Media: [4]float64{0, 0, w + 2*b, h + 2*b},
		Bleed: [4]float64{0, 0, w + 2*b, h + 2*b},
		Trim:  [4]float64{b, b, b + w, b + h},
	}
}

func TestDeterministic(t *testing.T) {
	doc := issueDoc(t, 4)
	in := written(t, doc)
	a, err := finish.Finish(in, opts(doc))
	if err != nil {
		t.Fatal(err)
	}
	b, err := finish.Finish(append([]byte(nil), in...), opts(doc))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two finishing passes differ")
	}
	o := opts(doc)
	o.Date = ""
	c, err := finish.Finish(in, o)
	if err != nil {
		t.Fatal(err)
	}
	rc, _ := finish.Inspect(c)
	ra, _ := finish.Inspect(a)
	if rc.Info["CreationDate"] != "D:19700101000000+00'00'" {
		t.Errorf("no date: CreationDate %q, want the fixed epoch", rc.Info["CreationDate"])
	}
	if rc.ID[0] == ra.ID[0] {
		t.Error("/ID does not depend on the options")
	}
	o = opts(doc)
	o.Date = "2026-13-01"
	if _, err := finish.Finish(in, o); err == nil {
		t.Error("bad date accepted")
	}
}

func TestPDFX4WithProfile(t *testing.T) {
	icc := testtool.ReadFile(t, "/usr/share/color/icc/ghostscript/default_cmyk.icc", "libgs-common")
	doc := issueDoc(t, 4)
	o := opts(doc)
	o.Profile = icc
	o.Condition = "Custom press"
	out, err := finish.Finish(written(t, doc), o)
	if err != nil {
		t.Fatal(err)
	}
	r, err := finish.Inspect(out)
	if err != nil {
		t.Fatal(err)
	}
	if r.Header != "%PDF-1.6" || r.Info["GTS_PDFXVersion"] != "PDF/X-4" || r.Info["GTS_PDFXConformance"] != "" {
		t.Errorf("header %q, Info %v", r.Header, r.Info)
	}
	if !r.HasProfile || r.OutputIntent["OutputConditionIdentifier"] != "Custom press" {
		t.Errorf("output intent %v, profile %v", r.OutputIntent, r.HasProfile)
	}
	if !strings.Contains(r.XMP, "<pdfxid:GTS_PDFXVersion>PDF/X-4<") || !strings.Contains(r.XMP, "<xmpMM:VersionID>") || !strings.Contains(r.XMP, "<xmpMM:RenditionClass>") {
		t.Error("XMP lacks the PDF/X-4 identification")
	}
	checkTools(t, out, 4)

	// Profiles that cannot describe a CMYK press are refused.
	o.Profile = testtool.ReadFile(t, "/usr/share/color/icc/ghostscript/srgb.icc", "libgs-common")
	if _, err := finish.Finish(written(t, doc), o); err == nil || !strings.Contains(err.Error(), "CMYK") {
		t.Errorf("RGB profile: %v", err)
	}
	o.Profile = []byte("not a profile")
	if _, err := finish.Finish(written(t, doc), o); err == nil {
		t.Error("garbage profile accepted")
	}
}

func TestRefusals(t *testing.T) {
	doc := issueDoc(t, 4)
	in := written(t, doc)
	o := opts(doc)
	cases := map[string]func() ([]byte, finish.Options){
		"label count": func() ([]byte, finish.Options) { x := o; x.Labels = x.Labels[:3]; return in, x },
		"bleed too big": func() ([]byte, finish.Options) {
			x := o
			x.Bleed = units.FromMM(4)
			return in, x
		},
		"negative bleed": func() ([]byte, finish.Options) { x := o; x.Bleed = -1; return in, x },
		"not a pdf":      func() ([]byte, finish.Options) { return []byte("hello"), o },
		"empty":          func() ([]byte, finish.Options) { return nil, o },
		"truncated":      func() ([]byte, finish.Options) { return in[:len(in)/2], o },
		"rgb image": func() ([]byte, finish.Options) {
			d := issueDoc(t, 4)
			d.Pages[1].Images = append(d.Pages[1].Images, layout.Image{Path: "../pdf/testdata/rgb.png", W: units.FromMM(10), H: units.FromMM(10)})
			// the writer converts RGB images to CMYK: undo that in the file
			// (same length, so the xref stays right)
			b := written(t, d)
			return bytes.Replace(b, []byte("/ColorSpace /DeviceCMYK /BitsPerComponent 8 /Filter"), []byte("/ColorSpace /DeviceRGB  /BitsPerComponent 8 /Filter"), 1), o
		},
		"non-ascii condition": func() ([]byte, finish.Options) { x := o; x.Condition = "印厂"; return in, x },
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			b, x := c()
			if _, err := finish.Finish(b, x); err == nil {
				t.Error("accepted")
			} else {
				t.Log(err)
			}
		})
	}
}

// Validate is separate from the finishing steps: it refuses what PDF/X
// forbids, in the objects, and changes nothing.
func TestValidate(t *testing.T) {
	doc := issueDoc(t, 4)
	d, err := pdf.Render(doc, pdf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	before := d.Digest(nil)
	if err := finish.Validate(d, false); err != nil {
		t.Fatalf("the writer's output refused: %v", err)
	}
	if !bytes.Equal(d.Digest(nil), before) {
		t.Error("Validate changed the document")
	}
	gs := d.Add(cos.NewDict("Type", cos.Name("ExtGState"), "ca", cos.Num(0.5)))
	if err := finish.Validate(d, false); err == nil || !strings.Contains(err.Error(), "PDF/X-1a") {
		t.Errorf("transparency in PDF/X-1a: %v", err)
	}
	if err := finish.Validate(d, true); err != nil {
		t.Errorf("transparency in PDF/X-4: %v", err)
	}
	d.Set(gs, cos.NewDict("Type", cos.Name("XObject"), "Subtype", cos.Name("Image"), "ColorSpace", cos.Name("DeviceRGB")))
	if err := finish.Validate(d, true); err == nil || !strings.Contains(err.Error(), "DeviceRGB") {
		t.Errorf("RGB image: %v", err)
	}
}

// Damaged input gives an error (or a file), never a panic or a hang.
func TestDamagedInput(t *testing.T) {
	doc := issueDoc(t, 4)
	in := written(t, doc)
	o := opts(doc)
	for i := 0; i < 300; i++ {
		b := append([]byte(nil), in...)
		for k := 0; k < 1+i%5; k++ {
			pos := (i*104729 + k*7919) % len(b)
			if i%3 == 0 {
				pos = len(b) - 1 - (i*31+k*17)%min(len(b), 3000) // the xref and trailer
			}
			b[pos] ^= byte(1 + i + k)
		}
		finish.Finish(b, o)
	}
}

// A file that is finished again keeps one output intent and its labels.
func TestFinishTwice(t *testing.T) {
	out, doc := finished(t, 4)
	o := opts(doc)
	o.Labels = []string{"a", "b", "c", "d"}
	again, err := finish.Finish(out, o)
	if err != nil {
		t.Fatal(err)
	}
	r, err := finish.Inspect(again)
	if err != nil {
		t.Fatal(err)
	}
	if r.OutputIntent["count"] != "1" || strings.Join(r.Labels, "") != "abcd" {
		t.Errorf("intents %s, labels %v", r.OutputIntent["count"], r.Labels)
	}
	checkTools(t, again, 4)
}

// The writer (package pdf, the one owner of subset tags) tags every font,
// the same on the font, its descendant and its descriptor, and finishing
// keeps the tags.
func TestFontsTagged(t *testing.T) {
	doc := issueDoc(t, 4)
	out, err := finish.Finish(written(t, doc), opts(doc))
	if err != nil {
		t.Fatal(err)
	}
	r, _ := finish.Inspect(out)
	byName := map[string]int{}
	for _, n := range r.FontNames {
		if len(n) < 8 || n[6] != '+' {
			t.Errorf("untagged %q", n)
		}
		byName[n]++
	}
	for n, c := range byName {
		if c != 3 {
			t.Errorf("%q named %d times, want 3 (Type0, CIDFont, FontDescriptor)", n, c)
		}
	}
}

// ---- the external referees ----

// checkTools runs qpdf --check, Ghostscript and (for whole issues)
// pdfaudit print on a finished file.
func checkTools(t *testing.T, out []byte, pages int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	testtool.Need(t, "qpdf", "gs")
	o, err := exec.Command("qpdf", "--check", path).CombinedOutput()
	if err != nil || bytes.Contains(bytes.ToLower(o), []byte("warning")) || bytes.Contains(bytes.ToLower(o), []byte("error:")) {
		t.Errorf("qpdf --check: %v\n%s", err, o)
	}
	o, err = exec.Command("gs", "-q", "-dSAFER", "-o", "/dev/null", "-sDEVICE=nullpage", path).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(o)) > 0 {
		t.Errorf("gs: %v\n%s", err, o)
	}
	if pages%4 != 0 {
		return // pdfaudit print checks whole issues only
	}
	t.Run("pdfaudit", func(t *testing.T) {
		pa := testtool.Referee(t)
		o, err := exec.Command(pa, "print", path, "--trim", "210x285mm", "--bleed", "3mm").CombinedOutput()
		if err != nil {
			t.Errorf("pdfaudit print: %v\n%s", err, o)
		} else {
			t.Logf("pdfaudit print:\n%s", o)
		}
	})
}

func TestIssuePassesReferees(t *testing.T) {
	out, _ := finished(t, 68)
	checkTools(t, out, 68)

	// Viewers show the slot names: qpdf reads the labels back.
	testtool.Need(t, "qpdf")
	path := filepath.Join(t.TempDir(), "labels.pdf")
	os.WriteFile(path, out, 0o644)
	js, err := exec.Command("qpdf", "--json", "--json-key=pagelabels", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		PageLabels []struct {
			Index int `json:"index"`
			Label struct {
				P string `json:"/P"`
			} `json:"label"`
		} `json:"pagelabels"`
	}
	if err := json.Unmarshal(js, &j); err != nil {
		t.Fatal(err)
	}
	want := slotLabels(68)
	if len(j.PageLabels) != 68 {
		t.Fatalf("qpdf sees %d label ranges", len(j.PageLabels))
	}
	for i, l := range j.PageLabels {
		if got := strings.TrimPrefix(l.Label.P, "u:"); got != want[i] || l.Index != i {
			t.Errorf("label %d: %q at %d, want %q", i, got, l.Index, want[i])
		}
	}
}

func BenchmarkFinish(b *testing.B) {
	doc := issueDoc(b, 68)
	in := written(b, doc)
	o := opts(doc)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := finish.Finish(in, o); err != nil {
			b.Fatal(err)
		}
	}
}
