package manifest

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/units"
)

func man(pages ...string) *Manifest {
	m := &Manifest{Version: Version, Kind: "build", Plan: "plan.toml"}
	for _, p := range pages {
		slot, hash, _ := strings.Cut(p, "=")
		m.Pages = append(m.Pages, Page{Slot: slot, Hash: hash})
	}
	return m
}

func TestCompare(t *testing.T) {
	cases := []struct {
		name      string
		old, next *Manifest
		changed   []string
		removed   []string
		first     bool
		line      string
	}{
		{"first", nil, man("封面=a", "01=b"), []string{"封面", "01"}, []string{}, true, "changed: all 2 (no earlier manifest)"},
		{"none", man("封面=a", "01=b"), man("封面=a", "01=b"), []string{}, []string{}, false, "changed: none"},
		{"some", man("封面=a", "05=b", "06=c", "12=d"), man("封面=a", "05=x", "06=y", "12=z"), []string{"05", "06", "12"}, []string{}, false, "changed: 05 06 12 — 3 of 4"},
		{"new and gone", man("27=a", "27+1=b", "28=c"), man("27=a", "28=c", "28+1=d"), []string{"28+1"}, []string{"27+1"}, false, "changed: 28+1 — 1 of 3; gone: 27+1"},
	}
	for _, c := range cases {
		d := Compare(c.old, c.next)
		if !reflect.DeepEqual(d.Changed, c.changed) || !reflect.DeepEqual(d.Removed, c.removed) || d.First != c.first {
			t.Errorf("%s: got %+v", c.name, d)
		}
		if d.String() != c.line {
			t.Errorf("%s: %q, want %q", c.name, d.String(), c.line)
		}
		for _, s := range c.changed {
			if !d.IsChanged(s) {
				t.Errorf("%s: IsChanged(%s) false", c.name, s)
			}
		}
	}
}

func TestMarshalParse(t *testing.T) {
	m := man("封面=0a", "01=1b")
	b := m.Marshal()
	got, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Fatalf("round trip: %+v", got)
	}
	if string(b) != string(got.Marshal()) {
		t.Fatal("Marshal is not stable")
	}
	for _, bad := range []string{"", "{}", `{"version":3,"pages":[]}`, `{"version":1,"extra":1}`, "[1,2]"} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	dir := t.TempDir()
	if m, err := Read(filepath.Join(dir, "none.json")); m != nil || err != nil {
		t.Errorf("Read of a missing file: %v %v", m, err)
	}
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte("nonsense"), 0o644)
	if _, err := Read(filepath.Join(dir, "bad.json")); err == nil {
		t.Error("Read of a bad file gave no error")
	}
}

// Page hashes change with what the page draws and with the image files it
// places, and with nothing else.
func TestPageHash(t *testing.T) {
	dir := t.TempDir()
	img := filepath.Join(dir, "a.jpg")
	if err := os.WriteFile(img, []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	serif, err := fonts.Builtin("serif")
	if err != nil {
		t.Fatal(err)
	}
	page := func(slot, text string) *layout.Page {
		return &layout.Page{Slot: slot, Label: slot,
			Runs:   []layout.GlyphRun{{Font: 0, Size: units.FromPt(10), X: 1000, Y: 2000, Text: text}},
			Images: []layout.Image{{Path: img, W: 1000, H: 1000}}}
	}
	doc := &layout.Document{Fonts: []*fonts.Face{serif}, Pages: []*layout.Page{page("01", "中文"), page("02", "中文")}}
	h := NewHasher()
	m1, err := h.Compute(doc, "plan.toml", "build")
	if err != nil {
		t.Fatal(err)
	}
	if len(m1.Pages) != 2 || len(m1.Pages[0].Hash) != 64 {
		t.Fatalf("manifest %+v", m1)
	}
	doc.Pages[1] = page("02", "中国")
	m2, _ := h.Compute(doc, "plan.toml", "build")
	if d := Compare(m1, m2); !reflect.DeepEqual(d.Changed, []string{"02"}) {
		t.Fatalf("text change: %v", d)
	}
	if m2.Pages[0].Hash != m1.Pages[0].Hash || m2.Pages[1].Hash == m1.Pages[1].Hash {
		t.Fatal("a text change on page 2 must change page 2 only")
	}
	// the image file changes (same path, new content and time)
	later := time.Now().Add(2 * time.Second)
	if err := os.WriteFile(img, []byte("two"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(img, later, later)
	m3, _ := h.Compute(doc, "plan.toml", "build")
	if m3.Pages[0].Hash == m2.Pages[0].Hash {
		t.Fatal("an image file change does not change the page hash")
	}
	if _, err := h.Compute(&layout.Document{Fonts: doc.Fonts, Pages: []*layout.Page{{Images: []layout.Image{{Path: filepath.Join(dir, "gone.jpg")}}}}}, "p", "build"); err == nil {
		t.Fatal("a missing image gave no error")
	}
}

// A file's hash given by the build (Known, with the file's stat from before
// it was read) is used while the file is unchanged: File does not read it.
func TestKnownHash(t *testing.T) {
	path := filepath.Join(t.TempDir(), "photo.jpg")
	if err := os.WriteFile(path, []byte("pixels"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	h := NewHasher()
	marker := [32]byte{1, 2, 3} // not the content's hash: shows File did not read
	h.Known(path, st, marker)
	if got, err := h.File(path); err != nil || got != marker {
		t.Errorf("File = %x, %v; want the known hash", got[:4], err)
	}
	later := time.Now().Add(2 * time.Second)
	os.Chtimes(path, later, later)
	if got, _ := h.File(path); got == marker {
		t.Error("a changed file kept its old hash")
	}
}
