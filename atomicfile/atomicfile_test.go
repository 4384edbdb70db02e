package atomicfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "issue.pdf")
	if err := os.WriteFile(path, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := writeAtomic(path, func(w io.Writer) error {
		w.Write([]byte("partial new content"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
	checkOnly := func(want string) {
		t.Helper()
		got, _ := os.ReadFile(path)
		if string(got) != want {
			t.Errorf("file holds %q, want %q", got, want)
		}
		ents, _ := os.ReadDir(dir)
		if len(ents) != 1 {
			t.Errorf("directory holds %d entries, want 1 (temporary file left?)", len(ents))
		}
	}
	checkOnly("old")

	// Success replaces it and keeps its mode.
	if err := Write(path, []byte("%PDF-1.4 new")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if !bytes.HasPrefix(got, []byte("%PDF-")) {
		t.Error("not replaced")
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", st.Mode().Perm())
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("directory holds %d entries", len(ents))
	}
	// A directory in the way is an error, not a silent replacement.
	if err := Write(dir, []byte("x")); err == nil {
		t.Error("replacing a directory: no error")
	}
}

// An output in a missing directory was reported as an error about the
// temporary file ("open nodir/.x.pdf.tmp-123: no such file or directory").
func TestWriteFileAtomicMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nodir")
	err := Write(filepath.Join(dir, "x.pdf"), []byte("x"))
	if err == nil || err.Error() != "the directory "+dir+" does not exist" {
		t.Errorf("error %v", err)
	}
	if err := Write("", []byte("x")); err == nil || err.Error() != `"" names no file` {
		t.Errorf("empty path: error %v", err)
	}
	// callers print "path: error": the error does not repeat the path
	if err := Write(t.TempDir(), []byte("x")); err == nil || err.Error() != "is a directory, not a file" {
		t.Errorf("a directory: error %v", err)
	}
}
