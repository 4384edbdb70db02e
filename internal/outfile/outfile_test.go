package outfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	return string(b)
}

func noTemps(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") || strings.HasSuffix(e.Name(), ".lock") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestSetAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.WriteFile(a, []byte("old a"), 0o600)
	var s Set
	s.Add(a, []byte("new a"))
	s.Add(filepath.Join(dir, "missing", "c"), []byte("c"))
	s.Add(b, []byte("new b"))
	if err := s.Commit(); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Commit = %v", err)
	}
	if read(t, a) != "old a" || read(t, b) == "new b" {
		t.Error("a file was written although another could not be")
	}
	noTemps(t, dir)

	s = Set{}
	s.Add(a, []byte("new a"))
	s.Add(b, []byte("new b"))
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if read(t, a) != "new a" || read(t, b) != "new b" {
		t.Error("not written")
	}
	if st, _ := os.Stat(a); st.Mode().Perm() != 0o600 {
		t.Errorf("a replaced file lost its mode: %v", st.Mode())
	}
	if st, _ := os.Stat(b); st.Mode().Perm() != 0o644 {
		t.Errorf("a new file has mode %v", st.Mode())
	}
	noTemps(t, dir)
}

// A rename that fails after others succeeded puts the replaced files back.
func TestCommitRollsBack(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.WriteFile(a, []byte("old a"), 0o644)
	var s Set
	s.Add(a, []byte("new a"))
	s.Add(b, []byte("new b"))
	// b becomes a non-empty directory after staging: its rename fails
	os.MkdirAll(filepath.Join(b, "x"), 0o755)
	if err := s.Commit(); err == nil {
		t.Fatal("Commit over a directory succeeded")
	}
	if read(t, a) != "old a" {
		t.Errorf("a = %q, want it put back", read(t, a))
	}
	noTemps(t, dir)
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files: %v", entries)
	}
}

func TestLockReleased(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "x.pdf")
	release, err := Lock(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(LockPath(out)); err != nil {
		t.Errorf("no lock file: %v", err)
	}
	release()
	noTemps(t, dir)
	// and it can be taken again
	release, err = Lock(out, func() { t.Error("waited for a released lock") })
	if err != nil {
		t.Fatal(err)
	}
	release()
	if _, err := Lock(filepath.Join(dir, "none", "x.pdf"), nil); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("lock in a missing directory: %v", err)
	}
}
