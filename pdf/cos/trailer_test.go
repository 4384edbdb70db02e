package cos

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// A file with an incremental update (a viewer saved a note into it) reads
// with the update, and what Bytes writes of it reads the same: the trailer
// written names no /Prev section of the file read.
func TestIncrementalUpdateWrittenBack(t *testing.T) {
	base := file(" ", "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 20] >>")
	s := string(base)
	prev, _ := strconv.Atoi(strings.Fields(s[strings.LastIndex(s, "startxref")+len("startxref"):])[0])
	off := len(s)
	s += "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 30 40] >>\nendobj\n"
	x := len(s)
	s += fmt.Sprintf("xref\n3 1\n%010d 00000 n \ntrailer\n<< /Size 4 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", off, prev, x)
	d, err := Read([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	for k, data := range [][]byte{[]byte(s), d.Bytes()} {
		d, err := Read(data)
		if err != nil {
			t.Fatalf("file %d: %v", k, err)
		}
		pages, err := d.Pages()
		if err != nil || len(pages) != 1 || pages[0].Media != [4]float64{0, 0, 30, 40} {
			t.Fatalf("file %d: pages %v %v: the update is not read", k, pages, err)
		}
		if d.Trailer.Get("Prev") != nil {
			t.Errorf("file %d: the trailer keeps /Prev", k)
		}
	}
}
