package cos

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// file assembles a classic-xref PDF from object bodies (object i+1 is
// bodies[i]), with sep between every token of the object headers.
func file(sep string, bodies ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(bodies))
	for i, body := range bodies {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d%s0%sobj%s%s%sendobj\n", i+1, sep, sep, sep, body, sep)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(bodies)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(bodies)+1, x)
	return b.Bytes()
}

// The same objects with any whitespace and comments between tokens read the
// same: the reader goes by the grammar.
func TestReadByStructure(t *testing.T) {
	spellings := [][]string{
		{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 100 200] >>",
			"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /TrimBox [ 10 10 90 190 ] >>", "<< /Length 6 >>\nstream\nBT\nET\n\nendstream"},
		{"<<\n  /Type /Catalog\n  /Pages 2 0 R\n>>", "<<\t/Type\t/Pages\r\n/Kids[3 0 R]/Count 1/MediaBox[0 0 100 200]>>",
			"<</Type/Page/Parent 2 0 R % a comment\n/Contents 4 0 R/TrimBox[10 10 90 190]>>", "<</Length 99>>\r\nstream\r\nBT\nET\n\nendstream"},
	}
	for k, bodies := range spellings {
		d, err := Read(file([]string{" ", "\n"}[k], bodies...))
		if err != nil {
			t.Fatalf("spelling %d: %v", k, err)
		}
		pages, err := d.Pages()
		if err != nil || len(pages) != 1 {
			t.Fatalf("spelling %d: %d pages, %v", k, len(pages), err)
		}
		trim, _ := d.Rect(pages[0].Dict.Get("TrimBox"))
		if pages[0].Media != [4]float64{0, 0, 100, 200} || trim != [4]float64{10, 10, 90, 190} {
			t.Errorf("spelling %d: media %v trim %v", k, pages[0].Media, trim)
		}
		list, _ := d.Contents(pages[0])
		s := d.Get(list[0]).(*Stream)
		// spelling 1 has a wrong /Length: the data ends before endstream
		if data, _ := Decode(s); string(data) != []string{"BT\nET\n", "BT\nET"}[k] {
			t.Errorf("spelling %d: content %q", k, data)
		}
	}
}

// Edits are serialised, everything else is copied; the file reads back.
func TestEditAndWrite(t *testing.T) {
	d, err := Read(file(" ", "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"))
	if err != nil {
		t.Fatal(err)
	}
	c := d.Clone()
	pages, _ := c.Pages()
	pages[0].Dict.Set("TrimBox", Nums(1, 1, 9, 9.0004))
	c.Touch(pages[0].Ref)
	c.Catalog().Set("Title", TextString("排版"))
	c.Touch(Ref{1, 0})
	s := c.Add(NewDeflater(6).Stream(nil, []byte("q Q")))
	out := c.Bytes()
	if !bytes.Contains(out, []byte("/TrimBox [1 1 9 9]")) || !bytes.Contains(out, []byte("/Title <FEFF63927248>")) {
		t.Errorf("edits not written:\n%s", out)
	}
	if !bytes.Contains(out, []byte("2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj")) {
		t.Error("an unedited object is not copied as it was")
	}
	if p, _ := d.Pages(); p[0].Dict.Get("TrimBox") != nil {
		t.Error("editing a clone changed the original")
	}
	back, err := Read(out)
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := Decode(back.Get(s).(*Stream)); string(data) != "q Q" {
		t.Errorf("stream reads back as %q", data)
	}
	if !bytes.Equal(back.Digest(nil), c.Digest(nil)) {
		t.Error("the digest changes when the file is read back")
	}
}

// Damaged input is an error, never a panic.
func TestDamaged(t *testing.T) {
	good := file(" ", "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R >>", "<< /Length 5 >>\nstream\nBT ET\nendstream")
	for i := range len(good) {
		for _, c := range []byte{0, '(', '[', '<', ')', '9'} {
			b := bytes.Clone(good)
			b[i] = c
			if d, err := Read(b); err == nil {
				if pages, err := d.Pages(); err == nil {
					for _, p := range pages {
						list, _ := d.Contents(p)
						for _, r := range list {
							if s, ok := d.Get(r).(*Stream); ok {
								ScanContent(s.Data, func(op Op) error { _, err := op.Operands(); return err })
							}
						}
					}
				}
				d.Bytes()
			}
		}
	}
}

// The content scanner finds operators whatever the spacing, and keeps
// their spans for copying.
func TestScanContent(t *testing.T) {
	data := []byte("q 1 0 0 1 0 0 cm\nBT/F1 12 Tf[<0041>-20(x\\)y)]TJ ET\n/GSop gs\n<< /MCID 0 >> BDC EMC Q")
	var names []string
	err := ScanContent(data, func(op Op) error {
		names = append(names, op.Name)
		if op.Name == "TJ" {
			args, err := op.Operands()
			if err != nil {
				return err
			}
			a := args[0].(Array)
			if string(a[0].(String)) != "\x00A" || a[1] != Number("-20") || string(a[2].(String)) != "x)y" {
				t.Errorf("TJ operands %v", a)
			}
			if s := string(data[op.Start:op.End]); s != "[<0041>-20(x\\)y)]TJ" {
				t.Errorf("TJ span %q", s)
			}
			if _, ok := op.Codes(nil); ok {
				t.Error("Codes of a TJ with a number: ok")
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(names, " "); got != "q cm BT Tf TJ ET gs BDC EMC Q" {
		t.Errorf("operators %s", got)
	}
	for in, want := range map[string]string{"[<00 41><0042>]TJ": "\x00A\x00B", "[ (a\\(b) ] TJ": "a(b", "<4142> Tj": "AB", "[<41> 3] TJ": "", "[<41>": ""} {
		got, ok := "", false
		ScanContent([]byte(in), func(op Op) error {
			b, k := op.Codes(nil)
			got, ok = string(b), k
			return nil
		})
		if ok != (want != "") || ok && got != want {
			t.Errorf("Codes of %q: %q %t, want %q", in, got, ok, want)
		}
	}
	// an inline image is one Op; its data (here with "EI" inside a
	// byte run) is skipped; broken ones are errors
	var inl []string
	var cs Object
	err = ScanContent([]byte("q BI /W 2 /H 1 /CS /RGB /BPC 8 ID \x01EI\x02\x03\x04\x05 EI Q"), func(op Op) error {
		inl = append(inl, op.Name)
		if op.Name == "BI" {
			ops, _ := op.Operands()
			if len(ops) == 8 {
				cs = ops[5]
			}
		}
		return nil
	})
	if err != nil || strings.Join(inl, " ") != "q BI Q" || cs != Name("RGB") {
		t.Errorf("inline image: %v %v %v", inl, cs, err)
	}
	for _, bad := range []string{"BI /W 1 ID x", "BI /W ID x EI", "1 BI /W 1 ID x EI", "EI"} {
		if ScanContent([]byte(bad), func(Op) error { return nil }) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
