package supplied

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/paiban/paiban/pdf/cos"
)

// pdfOf assembles a one-page PDF from its page dictionary's extra entries,
// the page content and further objects (numbered from 5).
func pdfOf(pageExtra, content string, objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	bodies := append([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 612 828] >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R " + pageExtra + " >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	}, objs...)
	offs := make([]int, len(bodies))
	for i, body := range bodies {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, body)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(bodies)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(bodies)+1, x)
	return b.Bytes()
}

func TestInspectFindings(t *testing.T) {
	data := pdfOf(`/TrimBox [9 9 603 819] /BleedBox [0 0 612 828] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> /ExtGState << /G 8 0 R >> /XObject << /Im 9 0 R >> /ColorSpace << /CS0 [/Separation /PANTONE#20185#20C /DeviceCMYK 10 0 R] >> >>`,
		"BT /F1 12 Tf (Hi) Tj ET 1 0 0 rg 0 0 10 10 re f",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		"<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Emb /FontDescriptor 7 0 R >>",
		"<< /Type /FontDescriptor /FontName /ABCDEF+Emb /FontFile2 10 0 R >>",
		"<< /Type /ExtGState /ca 0.5 >>",
		"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceCMYK /BitsPerComponent 8 /SMask 10 0 R /Length 4 >>\nstream\n\x00\x00\x00\x00\nendstream",
		"<< /Length 0 >>\nstream\n\nendstream",
	)
	pg, err := Inspect(data, 1)
	if err != nil {
		t.Fatal(err)
	}
	if w, h := pg.TrimSize(); w != 594 || h != 810 || !pg.HasTrim || !pg.HasBleed {
		t.Errorf("trim %v×%v %v %v", w, h, pg.HasTrim, pg.HasBleed)
	}
	check := func(what string, got []string, want ...string) {
		t.Helper()
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: %q, want %q", what, got, want)
		}
	}
	check("not embedded", pg.NotEmbedded, "Helvetica")
	check("RGB", pg.RGB, "colours set in the page content (rg)")
	check("transparency", pg.Transparency, "graphics state /G in the page: /ca 0.5 (transparency)", "image /Im has a soft mask")
	check("spot", pg.Spot, "PANTONE 185 C")
	if pg.Unconvertible != "" {
		t.Errorf("rg is convertible: %s", pg.Unconvertible)
	}
	if _, err := Inspect(data, 2); err == nil || !strings.Contains(err.Error(), "no page 2") {
		t.Errorf("page 2: %v", err)
	}
	if _, err := Inspect([]byte("%PDF-1.4\nnothing"), 1); err == nil {
		t.Error("garbage accepted")
	}
}

func TestToUnicode(t *testing.T) {
	d := cos.New()
	f := cos.NewDict("Type", cos.Name("Font"), "Subtype", cos.Name("Type1"),
		"Encoding", cos.NewDict("BaseEncoding", cos.Name("WinAnsiEncoding"),
			"Differences", cos.Array{cos.Number("39"), cos.Name("quoteright"), cos.Number("128"), cos.Name("fi"), cos.Name("uni4E2D"), cos.Name("f_f_i"), cos.Name("a.sc")}))
	cmap := string(ToUnicode(d, f))
	// quoteright, fi, uni4E2D, the ligature f_f_i (three letters), a.sc;
	// WinAnsi's A and é
	for _, want := range []string{"<27> <2019>", "<80> <FB01>", "<81> <4E2D>", "<82> <006600660069>", "<83> <0061>", "<41> <0041>", "<E9> <00E9>"} {
		if !strings.Contains(cmap, want) {
			t.Errorf("ToUnicode lacks %s", want)
		}
	}
	// a font with its own map, a composite font, a symbolic font without
	// an encoding: nothing to make
	f.Set("ToUnicode", cos.Ref{Num: 1})
	if ToUnicode(d, f) != nil {
		t.Error("a font with ToUnicode got another")
	}
	if ToUnicode(d, cos.NewDict("Subtype", cos.Name("Type0"))) != nil {
		t.Error("a Type0 font got a simple map")
	}
	if g := GlyphRunes("u1F600"); len(g) != 1 || g[0] != 0x1F600 {
		t.Errorf("u1F600: %q", g)
	}
	if g := GlyphRunes("nosuchglyph"); g != nil {
		t.Errorf("unknown name: %q", g)
	}
}
