package cos

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"testing"
)

// streamFile builds a PDF 1.5 file: the catalog and the page tree in an
// object stream, the page and its content as plain objects, and a
// cross-reference stream with a PNG Up predictor (as Acrobat writes them).
// With hybrid, a classic table lists the plain objects and names the
// stream with /XRefStm.
func streamFile(hybrid bool) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
	offs := map[int]int{}
	offs[3] = b.Len()
	b.WriteString("3 0 obj\n<</Type/Page/Parent 2 0 R/Contents 4 0 R>>\nendobj\n")
	offs[4] = b.Len()
	b.WriteString("4 0 obj\n<</Length 5>>stream\nBT ET\nendstream\nendobj\n")
	objs := "<</Type/Catalog/Pages 2 0 R>> <</Type/Pages/Kids[3 0 R]/Count 1/MediaBox[0 0 300 400]>>"
	head := fmt.Sprintf("1 0 2 %d ", len("<</Type/Catalog/Pages 2 0 R>> "))
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte(head + objs))
	zw.Close()
	offs[5] = b.Len()
	fmt.Fprintf(&b, "5 0 obj\n<</Type/ObjStm/N 2/First %d/Filter/FlateDecode/Length %d>>stream\n", len(head), z.Len())
	b.Write(z.Bytes())
	b.WriteString("\nendstream\nendobj\n")
	// rows: type, offset (2 bytes), gen/index; PNG "Up" filter per row
	rows := [][4]byte{{0, 0, 0, 255}, {2, 0, 5, 0}, {2, 0, 5, 1}, {1, byte(offs[3] >> 8), byte(offs[3]), 0},
		{1, byte(offs[4] >> 8), byte(offs[4]), 0}, {1, byte(offs[5] >> 8), byte(offs[5]), 0}, {1, 0, 0, 0}}
	offs[6] = b.Len()
	rows[6] = [4]byte{1, byte(offs[6] >> 8), byte(offs[6]), 0}
	var raw []byte
	prev := [4]byte{}
	for _, r := range rows {
		raw = append(raw, 2)
		for i := range r {
			raw = append(raw, r[i]-prev[i])
		}
		prev = r
	}
	z.Reset()
	zw = zlib.NewWriter(&z)
	zw.Write(raw)
	zw.Close()
	fmt.Fprintf(&b, "6 0 obj\n<</Type/XRef/Size 7/W[1 2 1]/Root 1 0 R/Filter/FlateDecode/DecodeParms<</Predictor 12/Columns 4>>/Length %d>>stream\n", z.Len())
	b.Write(z.Bytes())
	b.WriteString("\nendstream\nendobj\n")
	start := offs[6]
	if hybrid {
		start = b.Len()
		b.WriteString("xref\n0 7\n0000000000 65535 f \n0000000000 00000 f \n0000000000 00000 f \n")
		for _, n := range []int{3, 4, 5, 6} {
			fmt.Fprintf(&b, "%010d 00000 n \n", offs[n])
		}
		fmt.Fprintf(&b, "trailer\n<</Size 7/Root 1 0 R/XRefStm %d>>\n", offs[6])
	}
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", start)
	return b.Bytes()
}

func TestCrossReferenceStreams(t *testing.T) {
	for _, hybrid := range []bool{false, true} {
		d, err := Read(streamFile(hybrid))
		if err != nil {
			t.Fatalf("hybrid %v: %v", hybrid, err)
		}
		pages, err := d.Pages()
		if err != nil || len(pages) != 1 || pages[0].Media != [4]float64{0, 0, 300, 400} {
			t.Fatalf("hybrid %v: pages %v, %v", hybrid, pages, err)
		}
		// the object and cross-reference streams are gone; the file is
		// written with a classic table and reads back
		d.Each(func(r Ref, v Object) {
			if s, ok := v.(*Stream); ok && (s.Dict.Get("Type") == Name("XRef") || s.Dict.Get("Type") == Name("ObjStm")) {
				t.Errorf("hybrid %v: object %d kept: %v", hybrid, r.Num, s.Dict.Get("Type"))
			}
		})
		if d.Trailer.Get("W") != nil || d.Trailer.Get("XRefStm") != nil {
			t.Errorf("hybrid %v: stream keys in the trailer", hybrid)
		}
		d2, err := Read(d.Bytes())
		if err != nil {
			t.Fatalf("hybrid %v: written file: %v", hybrid, err)
		}
		if p2, err := d2.Pages(); err != nil || len(p2) != 1 {
			t.Errorf("hybrid %v: written file: %d pages, %v", hybrid, len(p2), err)
		}
	}
	// damaged: an index past the object stream's header, a truncated stream
	bad := bytes.Replace(streamFile(false), []byte("/N 2"), []byte("/N 1"), 1)
	if _, err := Read(bad); err == nil {
		t.Error("an object outside its object stream's header was accepted")
	}
}

// Copying objects nested too deep stops with a panic the entry points
// recover as damaged input, never a silent null in the copy.
func TestCopyTooDeep(t *testing.T) {
	src := New()
	v := Object(Name("leaf"))
	for range 150 {
		v = Array{v}
	}
	defer func() {
		if recover() == nil {
			t.Error("a 150-deep copy did not stop")
		}
	}()
	New().Copy(src, v, map[int]Ref{})
}
