package input

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "a.txt")
	os.WriteFile(small, []byte("甲乙"), 0o644)
	if b, err := ReadFile(small, Article); err != nil || string(b) != "甲乙" {
		t.Errorf("ReadFile = %q, %v", b, err)
	}
	tiny := Kind{"a test file", 4}
	if _, err := ReadFile(small, tiny); err == nil || err.Error() != "is 6 bytes: larger than the 4 bytes a test file may be" {
		t.Errorf("over the cap: %v", err)
	}
	if _, err := ReadFile(dir, Article); err == nil || !strings.HasPrefix(err.Error(), "is a directory") {
		t.Errorf("directory: %v", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "none"), Article); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
}

// A file that grows past the cap while it is read is cut off with an error.
func TestLimit(t *testing.T) {
	k := Kind{"a test file", 10}
	if b, err := io.ReadAll(Limit(strings.NewReader("0123456789"), k)); err != nil || len(b) != 10 {
		t.Errorf("at the cap: %d bytes, %v", len(b), err)
	}
	if _, err := io.ReadAll(Limit(strings.NewReader("0123456789x"), k)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("past the cap: %v", err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{512: "512 bytes", 1536: "1.5 KB", 8 << 20: "8 MB", 3 << 30: "3 GB", 1<<30 + 1<<29: "1.5 GB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
