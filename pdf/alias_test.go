package pdf

import (
	"bytes"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/units"
)

// aliasDoc sets characters that share a glyph in the builtin serif
// (〜 U+301C and ～ U+FF5E, • and ‧, ‵ and ｀), in both orders.
func aliasDoc(t testing.TB) *layout.Document {
	serif := builtin(t, "serif")
	for _, pair := range []string{"〜～", "•‧", "‵｀"} {
		r := []rune(pair)
		a, b := parseGlyph(t, serif, r[0]), parseGlyph(t, serif, r[1])
		if a == 0 || a != b {
			t.Fatalf("builtin serif: %q no longer share a glyph (%d, %d): pick another pair", pair, a, b)
		}
	}
	run := func(y float64, text string) layout.GlyphRun {
		return layout.GlyphRun{Size: units.FromPt(12), X: mm(10), Y: mm(y), Text: text, Color: layout.Black}
	}
	return &layout.Document{TrimW: mm(100), TrimH: mm(60), Bleed: mm(3), Fonts: []*fonts.Face{serif},
		Pages: []*layout.Page{
			{Runs: []layout.GlyphRun{run(10, "〜～"), run(20, "中～文〜字"), run(30, "•‧‵｀")}},
			{Runs: []layout.GlyphRun{run(10, "‧•｀‵～〜")}},
		}}
}

func parseGlyph(t testing.TB, f *fonts.Face, c rune) int { return f.Glyph(c) }

var (
	bfcharRE = regexp.MustCompile(`<([0-9A-F]{4})> <([0-9A-F]+)>`)
	tjRE     = regexp.MustCompile(`\[([^\]]*)\] TJ`)
	hexRE    = regexp.MustCompile(`<([0-9A-F]*)>`)
)

// extractByToUnicode reads each page's text back through the font's
// ToUnicode map, code by code (the document has one font), and checks that
// every code's width and glyph are those of the character it extracts as.
func extractByToUnicode(t *testing.T, pdf []byte) []string {
	t.Helper()
	d, err := cos.Read(pdf)
	if err != nil {
		t.Fatal(err)
	}
	var uni []byte
	var cidf *cos.Dict
	d.Each(func(_ cos.Ref, v cos.Object) {
		if t0, ok := v.(*cos.Dict); ok && t0.Get("Subtype") == cos.Name("Type0") {
			uni, err = cos.Decode(d.Get(t0.Get("ToUnicode")).(*cos.Stream))
			cidf = d.Dict(d.Get(t0.Get("DescendantFonts")).(cos.Array)[0])
		}
	})
	if uni == nil || cidf == nil || err != nil {
		t.Fatal("no Type0 font with ToUnicode", err)
	}
	toUni := map[string]string{}
	_, bfchars, _ := bytes.Cut(uni, []byte("endcodespacerange"))
	for _, m := range bfcharRE.FindAllSubmatch(bfchars, -1) {
		b, _ := hex.DecodeString(string(m[2]))
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
		code := string(m[1])
		if _, dup := toUni[code]; dup {
			t.Errorf("ToUnicode maps <%s> twice", code)
		}
		toUni[code] = string(utf16.Decode(u))
	}
	// Every code maps to the glyph and width of the character it extracts as.
	gidOf := func(cid int) int { return cid }
	switch m := d.Get(cidf.Get("CIDToGIDMap")).(type) {
	case *cos.Stream:
		data, err := cos.Decode(m)
		if err != nil {
			t.Fatal(err)
		}
		gidOf = func(cid int) int {
			if 2*cid+1 >= len(data) {
				t.Fatalf("CIDToGIDMap has no entry for CID %d", cid)
			}
			return int(data[2*cid])<<8 | int(data[2*cid+1])
		}
	case cos.Name:
		if m != "Identity" {
			t.Fatalf("CIDToGIDMap /%s", m)
		}
	default:
		t.Fatal("CIDFont without /CIDToGIDMap")
	}
	serif := builtin(t, "serif")
	widths := map[int]int{}
	w, _ := d.Get(cidf.Get("W")).(cos.Array)
	for i := 0; i+1 < len(w); i += 2 {
		c, _ := cos.Float(w[i])
		for k, x := range w[i+1].(cos.Array) {
			v, _ := cos.Float(x)
			widths[int(c)+k] = int(v)
		}
	}
	for code, s := range toUni {
		cid, _ := strconv.ParseInt(code, 16, 32)
		g := serif.Glyph([]rune(s)[0])
		if got := gidOf(int(cid)); got != g {
			t.Errorf("CID %d (%q) draws glyph %d, want %d", cid, s, got, g)
		}
		if w, ok := widths[int(cid)]; !ok || w != serif.Width([]rune(s)[0]) {
			t.Errorf("CID %d (%q): /W %d (listed %t), want %d", cid, s, w, ok, serif.Width([]rune(s)[0]))
		}
	}
	var pages []string
	for _, c := range contents(t, pdf) {
		var b strings.Builder
		for _, tj := range tjRE.FindAllSubmatch(c, -1) {
			for _, h := range hexRE.FindAllSubmatch(tj[1], -1) {
				for k := 0; k+4 <= len(h[1]); k += 4 {
					s, ok := toUni[string(h[1][k:k+4])]
					if !ok {
						t.Errorf("code <%s> not in ToUnicode", h[1][k:k+4])
					}
					b.WriteString(s)
				}
			}
			b.WriteByte('\n')
		}
		pages = append(pages, b.String())
	}
	return pages
}

// Characters that share a glyph each extract as themselves: each gets a
// CID of its own (gopdf codes by glyph, and ToUnicode maps codes), drawn
// with the shared glyph through a CIDToGIDMap.
func TestSharedGlyphsExtract(t *testing.T) {
	doc := aliasDoc(t)
	b, err := Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, p := range doc.Pages {
		var s string
		for _, r := range p.Runs {
			s += r.Text + "\n"
		}
		want = append(want, s)
	}
	got := extractByToUnicode(t, b)
	if strings.Join(got, "\f") != strings.Join(want, "\f") {
		t.Errorf("text through ToUnicode:\n got %q\nwant %q", got, want)
	}
	b2, err := Bytes(aliasDoc(t))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, b2) {
		t.Error("output differs between runs")
	}

	path := filepath.Join(t.TempDir(), "alias.pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	testtool.Need(t, "qpdf", "pdftotext")
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil || bytes.Contains(out, []byte("WARNING")) {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-raw", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	for _, p := range doc.Pages {
		for _, r := range p.Runs {
			if !strings.Contains(text, r.Text) {
				t.Errorf("pdftotext lost %q:\n%s", r.Text, text)
			}
		}
	}
}

// Documents without characters that share a glyph keep the identity map.
func TestNoSharedGlyphsIdentity(t *testing.T) {
	b, err := Bytes(sampleDoc(t))
	if err != nil {
		t.Fatal(err)
	}
	if n, m := bytes.Count(b, []byte("/CIDToGIDMap ")), bytes.Count(b, []byte("/CIDToGIDMap /Identity ")); n != 2 || m != 2 {
		t.Errorf("sample document: %d CIDToGIDMaps, %d of them /Identity; want 2, 2", n, m)
	}
}

// The rerun cache reproduces aliased codes: a cached rewrite after edits
// gives the bytes of an uncached one, and a change of which of two
// characters sharing a glyph is drawn first is a new skeleton.
func TestCacheSharedGlyphs(t *testing.T) {
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
	doc := aliasDoc(t)
	check("first", doc)
	ed := clone(doc)
	ed.Pages[1].Runs[0].Text = "〜～•‧‵｀"
	check("edited", ed)
	if c.Reused != 1 || c.Pages != 1 {
		t.Fatalf("edited: Reused %d, Pages %d", c.Reused, c.Pages)
	}
	ed2 := clone(ed)
	ed2.Pages[0].Runs[0].Text = "～〜"
	full := c.Full
	check("first use swapped", ed2)
	if c.Full != full+1 {
		t.Fatal("first use swapped: not written from scratch")
	}
}
