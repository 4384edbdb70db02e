package manifest

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// later moves the clock an hour on for the test: every file is settled.
func later(t *testing.T) {
	t.Cleanup(func() { now = time.Now })
	now = func() time.Time { return time.Now().Add(time.Hour) }
}

// A hash kept on disk is used by the next process while the file's stamp
// is the same; rewriting the file — even to the same size, its
// modification time set back — is seen (the status change time moves),
// and the file is hashed again.
func TestStampsCarryOver(t *testing.T) {
	later(t)
	path := filepath.Join(t.TempDir(), "a.jpg")
	if err := os.WriteFile(path, []byte("first version"), 0o644); err != nil {
		t.Fatal(err)
	}
	h := NewHasher()
	sum, err := h.File(path)
	if err != nil || sum != sha256.Sum256([]byte("first version")) {
		t.Fatalf("File: %x, %v", sum, err)
	}
	b := h.ExportStamps()
	if len(b) == len(stampsFormat)+1 {
		t.Skip("no file identity on this system: hashes are not kept on disk")
	}
	next := NewHasher()
	if err := next.ImportStamps(b); err != nil {
		t.Fatal(err)
	}
	if again := NewHasher(); again.ImportStamps(next.ExportStamps()) != nil || len(again.files) != 0 {
		t.Fatal("a hash the process did not use was kept again")
	}
	if got, ok := next.Lookup(path); !ok || got != sum {
		t.Fatalf("after import: %x %v, want the stored hash", got, ok)
	}
	if again := NewHasher(); again.ImportStamps(next.ExportStamps()) != nil || len(again.files) != 1 {
		t.Fatal("a hash the process used was not kept")
	}
	st, _ := os.Stat(path)
	time.Sleep(20 * time.Millisecond) // past a clock tick of the file system
	if err := os.WriteFile(path, []byte("other version"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	if st2, _ := os.Stat(path); st2.Size() != st.Size() || !st2.ModTime().Equal(st.ModTime()) {
		t.Fatal("the test needs the same size and modification time")
	}
	if _, ok := next.Lookup(path); ok {
		t.Fatal("a rewritten file (same size and time) was taken as unchanged")
	}
	if got, _ := next.File(path); got != sha256.Sum256([]byte("other version")) {
		t.Fatalf("File after the rewrite: %x", got)
	}
}

// A file read just after it was written is hashed again by the next
// process (its stamp could hide a second write in the same clock tick); a
// damaged encoding adds nothing.
func TestStampsUnsettledAndDamaged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.jpg")
	os.WriteFile(path, []byte("fresh"), 0o644)
	h := NewHasher()
	if _, err := h.File(path); err != nil {
		t.Fatal(err)
	}
	if next := NewHasher(); next.ImportStamps(h.ExportStamps()) != nil || len(next.files) != 0 {
		t.Fatalf("a file written just now was kept: %d entries", len(next.files))
	}
	later(t)
	h = NewHasher()
	h.File(path)
	b := h.ExportStamps()
	for _, bad := range [][]byte{b[:len(b)-1], append(append([]byte(nil), b...), 0), b[:3], nil} {
		next := NewHasher()
		if next.ImportStamps(bad) == nil || len(next.files) != 0 {
			t.Errorf("damaged stamps (%d bytes) accepted", len(bad))
		}
	}
}
