package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/units"
)

func loadFont(t testing.TB, path string, index int) *fonts.Face {
	t.Helper()
	f, err := fonts.Load(path, index)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// cffFonts returns, per font of the PDF b (by BaseFont without the tag),
// its CIDFont and the font program of its FontFile3, parsed.
func cffFonts(t *testing.T, b []byte) map[string]struct {
	cid *cos.Dict
	cff *fonts.CFF
} {
	t.Helper()
	d, err := cos.Read(b)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]struct {
		cid *cos.Dict
		cff *fonts.CFF
	}{}
	d.Each(func(r cos.Ref, v cos.Object) {
		cid, ok := v.(*cos.Dict)
		if !ok || cid.Get("Type") != cos.Name("Font") || cid.Get("Subtype") == cos.Name("Type0") {
			return
		}
		fd := d.Dict(cid.Get("FontDescriptor"))
		if fd == nil {
			return
		}
		name, _ := cid.Get("BaseFont").(cos.Name)
		base := string(name)
		if i := strings.IndexByte(base, '+'); i == 6 {
			base = base[7:]
		}
		s, ok := d.Get(fd.Get("FontFile3")).(*cos.Stream)
		if !ok {
			out[base] = struct {
				cid *cos.Dict
				cff *fonts.CFF
			}{cid, nil}
			return
		}
		if s.Dict.Get("Subtype") != cos.Name("CIDFontType0C") || fd.Get("FontFile2") != nil {
			t.Errorf("%s: FontFile3 /Subtype %v, FontFile2 %v", base, s.Dict.Get("Subtype"), fd.Get("FontFile2"))
		}
		data, err := cos.Decode(s)
		if err != nil {
			t.Fatal(err)
		}
		c, err := fonts.ParseCFF(data)
		if err != nil {
			t.Fatalf("%s: embedded CFF does not parse: %v", base, err)
		}
		out[base] = struct {
			cid *cos.Dict
			cff *fonts.CFF
		}{cid, c}
	})
	return out
}

// A CFF face (the fixtures: a name-keyed CFF with glyphs A and 永) goes
// through the whole writer: its outlines are embedded as a CID-keyed CFF
// subset, the used glyphs' charstrings kept, the others emptied, with
// exact widths; the text extracts and renders.
func TestCFFEmbedded(t *testing.T) {
	otf := loadFont(t, "../fonts/testdata/cff.otf", 0)
	wide := loadFont(t, "../fonts/testdata/cff.otc", 1)
	serif := builtin(t, "serif")
	doc := &layout.Document{Title: "CFF", TrimW: mm(100), TrimH: mm(60), Bleed: mm(3),
		Fonts: []*fonts.Face{otf, wide, serif}}
	doc.Pages = []*layout.Page{{Slot: "01", Label: "01", Runs: []layout.GlyphRun{
		{Font: 0, Size: units.FromPt(30), X: mm(10), Y: mm(20), Text: "AAA", Color: layout.Black},
		{Font: 1, Size: units.FromPt(30), X: mm(10), Y: mm(40), Text: "A永A", Color: layout.CMYK{C: 100}},
		{Font: 2, Size: units.FromPt(10), X: mm(10), Y: mm(50), Text: "宋体正文", Color: layout.Black},
	}}}
	b, err := Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	got := cffFonts(t, b)
	for _, c := range []struct {
		face *fonts.Face
		used string
	}{{otf, "A"}, {wide, "A永"}} {
		e := got[c.face.PostScriptName()]
		if e.cff == nil {
			t.Fatalf("%s: no FontFile3 (fonts %v)", c.face.Name, got)
		}
		if e.cid.Get("Subtype") != cos.Name("CIDFontType0") || e.cid.Get("CIDToGIDMap") != nil {
			t.Errorf("%s: CIDFont /Subtype %v, CIDToGIDMap %v", c.face.Name, e.cid.Get("Subtype"), e.cid.Get("CIDToGIDMap"))
		}
		if !e.cff.CIDKeyed() || e.cff.NumGlyphs() != 1+len([]rune(c.used)) {
			t.Errorf("%s: subset CID-keyed %v, %d glyphs", c.face.Name, e.cff.CIDKeyed(), e.cff.NumGlyphs())
		}
		// Code = CID = the face's glyph index; the subset's charset maps it
		// to the glyph's charstring; unused glyphs are not there.
		src := c.face.CFF()
		for _, r := range "A永" {
			g := c.face.Glyph(r)
			sg := e.cff.GlyphOfCID(g)
			if strings.ContainsRune(c.used, r) {
				if sg < 0 || !bytes.Equal(e.cff.CharString(sg), src.CharString(g)) || len(src.CharString(g)) < 2 {
					t.Errorf("%s: %q: CID %d has glyph %d, not the font's", c.face.Name, r, g, sg)
				}
			} else if sg >= 0 {
				t.Errorf("%s: unused %q is in the subset", c.face.Name, r)
			}
		}
		// /W: the widths of package fonts.
		w, _ := e.cid.Get("W").(cos.Array)
		want := map[int]int{}
		for _, r := range c.used {
			want[c.face.Glyph(r)] = c.face.Width(r)
		}
		gotW := map[int]int{}
		for k := 0; k+1 < len(w); k += 2 {
			first, _ := cos.Float(w[k])
			ws, _ := w[k+1].(cos.Array)
			for i, x := range ws {
				v, _ := cos.Float(x)
				gotW[int(first)+i] = int(v)
			}
		}
		for g, x := range want {
			if gotW[g] != x {
				t.Errorf("%s: /W of glyph %d is %d, want %d", c.face.Name, g, gotW[g], x)
			}
		}
	}
	if e := got[serif.PostScriptName()]; e.cid == nil || e.cff != nil || e.cid.Get("Subtype") != cos.Name("CIDFontType2") {
		t.Errorf("the TrueType font is not a CIDFontType2 with FontFile2")
	}
	b2, _ := Bytes(doc)
	if !bytes.Equal(b, b2) {
		t.Error("output differs between runs")
	}
	checkWithTools(t, b, []string{"AAA", "A永A", "宋体正文"})
}

// checkWithTools runs qpdf --check, pdftotext (every line of want found),
// pdffonts (every font embedded), mutool draw and Ghostscript on b.
func checkWithTools(t *testing.T, b []byte, want []string) {
	t.Helper()
	testtool.Need(t, "qpdf", "pdftotext", "pdffonts", "mutool", "gs")
	dir := t.TempDir()
	path := filepath.Join(dir, "cff.pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil || bytes.Contains(out, []byte("WARNING")) {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-raw", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, s := range want {
		if !strings.Contains(string(out), s) {
			t.Errorf("pdftotext lost %q:\n%s", s, out)
		}
	}
	out, err = exec.Command("pdffonts", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, out)
	}
	for _, l := range strings.Split(string(out), "\n")[2:] {
		if l == "" {
			continue
		}
		if f := strings.Fields(l); len(f) < 5 || !strings.Contains(l, " yes yes yes ") {
			t.Errorf("pdffonts: font not embedded as a subset with ToUnicode: %s", l)
		}
	}
	if !strings.Contains(string(out), "CID Type 0C") {
		t.Errorf("pdffonts: no CID Type 0C font:\n%s", out)
	}
	if out, err := exec.Command("mutool", "draw", "-q", "-o", filepath.Join(dir, "p%d.png"), path).CombinedOutput(); err != nil ||
		bytes.Contains(bytes.ToLower(out), []byte("error")) {
		t.Errorf("mutool draw: %v\n%s", err, out)
	}
	if out, err := exec.Command("gs", "-q", "-o", filepath.Join(dir, "gs%d.png"), "-sDEVICE=png16m", "-r36", path).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("gs: %v\n%s", err, out)
	}
}

// The CFF glyphs print: mutool renders ink where the CFF text is.
func TestCFFInk(t *testing.T) {
	testtool.Need(t, "mutool")
	otf := loadFont(t, "../fonts/testdata/cff.otf", 0)
	doc := &layout.Document{TrimW: mm(100), TrimH: mm(60), Bleed: 0, Fonts: []*fonts.Face{otf}}
	doc.Pages = []*layout.Page{{Runs: []layout.GlyphRun{{Font: 0, Size: units.FromPt(72), X: mm(10), Y: mm(40), Text: "永", Color: layout.Black}}}}
	ink := renderCMYK(t, doc)
	// The fixture's glyphs are boxes from (50,0) to (550,700) units (of 1000).
	x0, y0 := float64(mm(10))/float64(units.Pt), float64(mm(40))/float64(units.Pt)
	if k := ink(x0+0.3*72, y0-0.35*72)[3]; k < 200 {
		t.Errorf("no ink inside the glyph: K %d", k)
	}
	if k := ink(x0+0.8*72, y0-0.35*72)[3]; k != 0 {
		t.Errorf("ink beside the glyph: K %d", k)
	}
}

// The system's Noto CJK faces (fonts-noto-cjk: CID-keyed CFF, 65 535
// glyphs, 18 Font DICTs), SC faces, as body and heading, with two
// characters that share a glyph (〜 ～): a small PDF, correct text.
func TestCFFNotoCJK(t *testing.T) {
	var faces []*fonts.Face
	for _, p := range []string{"/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"} {
		f, err := fonts.Parse(p, testtool.ReadFile(t, p, "fonts-noto-cjk"), 2)
		if err != nil {
			t.Fatal(err)
		}
		if f.CFF() == nil || !strings.Contains(f.PostScriptName(), "CJKsc") {
			t.Fatalf("%s: %s is not the CFF SC face", f.Name, f.PostScriptName())
		}
		faces = append(faces, f)
	}
	if faces[0].Glyph('〜') != faces[0].Glyph('～') {
		t.Log("〜 and ～ no longer share a glyph in Noto Serif CJK")
	}
	text := []string{"永和九年，岁在癸丑，暮春之初，会于会稽山阴之兰亭。", "保俶塔 〜～ ABC abc 2026", "一座村庄的百年家书"}
	doc := &layout.Document{Title: "Noto", TrimW: mm(210), TrimH: mm(285), Bleed: mm(3), Fonts: faces}
	doc.Pages = []*layout.Page{{Slot: "01", Label: "01", Runs: []layout.GlyphRun{
		{Font: 1, Size: units.FromPt(24), X: mm(20), Y: mm(30), Text: text[2], Color: layout.Black},
		{Font: 0, Size: units.FromPt(10), X: mm(20), Y: mm(50), Text: text[0], Color: layout.Black},
		{Font: 0, Size: units.FromPt(10), X: mm(20), Y: mm(60), Text: text[1], Color: layout.Black},
	}}}
	b, err := Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 100_000 {
		t.Errorf("PDF of 3 lines in Noto CJK is %d bytes", len(b))
	}
	aliased := false
	for name, e := range cffFonts(t, b) {
		if e.cff == nil || !e.cff.CIDKeyed() {
			t.Fatalf("%s: no CID-keyed FontFile3", name)
		}
		// Every CID drawn (those with a width) reaches a glyph of the
		// subset, which holds nothing else.
		w, _ := e.cid.Get("W").(cos.Array)
		n := 0
		for k := 0; k+1 < len(w); k += 2 {
			first, _ := cos.Float(w[k])
			ws, _ := w[k+1].(cos.Array)
			for i := range ws {
				cid := int(first) + i
				if e.cff.GlyphOfCID(cid) <= 0 {
					t.Errorf("%s: CID %d has no glyph in the subset", name, cid)
				}
				n++
			}
		}
		if e.cff.NumGlyphs() != n+1 {
			t.Errorf("%s: subset of %d glyphs for %d CIDs", name, e.cff.NumGlyphs(), n)
		}
		if name == faces[0].PostScriptName() {
			glyphs := map[int]bool{}
			for _, r := range text[0] + text[1] {
				glyphs[faces[0].Glyph(r)] = true
			}
			// 〜 and ～ share a glyph: the second has a CID of its own.
			aliased = n == len(glyphs)+1
		}
	}
	if !aliased && faces[0].Glyph('〜') == faces[0].Glyph('～') {
		t.Error("〜 ～ share a glyph but not a CID each")
	}
	t.Logf("PDF %d bytes", len(b))
	checkWithTools(t, b, text)
}

// The rerun cache with a CFF face: a cached rewrite after an edit that
// keeps the glyphs gives the bytes of an uncached one.
func TestCFFCache(t *testing.T) {
	otf := loadFont(t, "../fonts/testdata/cff.otf", 0)
	doc := &layout.Document{Title: "CFF", TrimW: mm(100), TrimH: mm(60), Bleed: mm(3), Fonts: []*fonts.Face{otf, builtin(t, "serif")}}
	doc.Pages = []*layout.Page{
		{Slot: "01", Label: "01", Runs: []layout.GlyphRun{{Font: 0, Size: units.FromPt(20), X: mm(10), Y: mm(20), Text: "A永", Color: layout.Black}}},
		{Slot: "02", Label: "02", Runs: []layout.GlyphRun{{Font: 0, Size: units.FromPt(20), X: mm(10), Y: mm(20), Text: "永A", Color: layout.Black},
			{Font: 1, Size: units.FromPt(10), X: mm(10), Y: mm(40), Text: "正文", Color: layout.Black}}},
	}
	c := NewCache()
	check := func(what string, d *layout.Document) {
		t.Helper()
		want, err := Bytes(d)
		if err != nil {
			t.Fatal(err)
		}
		got, err := BytesWith(d, Options{Cache: c})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			a, b := firstDiff(got, want)
			t.Fatalf("%s: cached PDF differs from uncached:\ncached:   %q\nuncached: %q", what, a, b)
		}
	}
	check("first", doc)
	ed := clone(doc)
	ed.Pages[1].Runs[0].Text = "AA永"
	ed.Pages[1].Runs[0].Y += units.FromPt(2)
	check("edited", ed)
	if c.Reused != 1 {
		t.Errorf("edited: Reused %d", c.Reused)
	}
}
