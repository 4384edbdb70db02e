package input

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSplitMember(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "odd.docx#name.png") // a file may have # in its name
	if err := os.WriteFile(real, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path, doc, member string
		ok                bool
	}{
		{"a/b.docx#word/media/image1.png", "a/b.docx", "word/media/image1.png", true},
		{"a/B.DOCX#word/media/x.jpeg", "a/B.DOCX", "word/media/x.jpeg", true},
		{"a/b.docx#", "", "", false},
		{"a/b.docx", "", "", false},
		{"a/b.png", "", "", false},
		{real, "", "", false},
	} {
		doc, member, ok := SplitMember(c.path)
		if doc != c.doc || member != c.member || ok != c.ok {
			t.Errorf("SplitMember(%q) = %q %q %v", c.path, doc, member, ok)
		}
	}
	if b, err := ReadFile(real, Image); err != nil || string(b) != "x" {
		t.Errorf("the real file: %q %v", b, err)
	}
}

func TestReadMemberCap(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("big.png")
	w.Write(bytes.Repeat([]byte{0}, 4096))
	zw.Close()
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	small := Kind{"a test part", 1000}
	if _, err := ReadMember(zr, "big.png", small); err == nil || !strings.Contains(err.Error(), "big.png is 4 KB: larger than the 1000 bytes a test part may be") {
		t.Errorf("declared size over the cap: %v", err)
	}
	// a member that inflates to more than it says (a zip bomb's trick)
	// is refused when it passes its size (archive/zip), or the cap
	zr.File[0].UncompressedSize64 = 10
	if b, err := ReadMember(zr, "big.png", small); err == nil || !strings.Contains(err.Error(), "big.png: not a valid zip entry") {
		t.Errorf("a member longer than it says: %d bytes, %v", len(b), err)
	}
}
