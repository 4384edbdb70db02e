package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/raster"
)

// diskRun is one `paiban build` with the disk cache beside out, as a
// fresh process makes it: a new Cache, primed from the disk.
func diskRun(t *testing.T, plan, out string) (*Result, *Cache, diag.List) {
	t.Helper()
	c := NewCache()
	res, d := Run(plan, Options{WritePDF: true, Cache: c, DiskCache: CachePath(out)})
	if d.HasErrors() || res.PDF == nil {
		t.Fatalf("run failed:\n%v", d.Err())
	}
	if _, err := Save(res, out); err != nil {
		t.Fatal(err)
	}
	if res.CacheErr != nil {
		t.Fatalf("cache not written: %v", res.CacheErr)
	}
	return res, c, d
}

func cacheNotes(d diag.List) string {
	var b strings.Builder
	for _, x := range d {
		if strings.HasSuffix(x.File, ".cache") {
			b.WriteString(x.String() + "\n")
		}
	}
	return b.String()
}

// A build after one article was edited, reading what the last build left
// on disk, sets only that article and draws only the pages that changed —
// and writes the same bytes as a build without any cache.
func TestDiskCacheSameBytes(t *testing.T) {
	plan := sampleDir(t)
	out := filepath.Join(filepath.Dir(plan), "issue.pdf")
	ed := newEditor(t, plan, "articles/weigushi-3.md")
	_, c, d := diskRun(t, plan, out) // no cache yet: everything computed
	if c.Layout.Hits != 0 || c.PDF.Full != 1 || cacheNotes(d) != "" {
		t.Fatalf("first build: %d layout hits, %d full PDFs, notes %q", c.Layout.Hits, c.PDF.Full, cacheNotes(d))
	}
	for round := range 3 { // edit, edit back, edit
		ed.toggle(t)
		res, c, d := diskRun(t, plan, out)
		if n := cacheNotes(d); n != "" {
			t.Fatalf("round %d: %s", round, n)
		}
		if c.Layout.Misses != 1 || c.Layout.Hits < 30 {
			t.Errorf("round %d: %d articles set again, %d reused (want 1 and the rest)", round, c.Layout.Misses, c.Layout.Hits)
		}
		if c.PDF.Full != 0 || c.PDF.Reused != 1 || c.PDF.Pages == 0 || c.PDF.Pages > 20 {
			t.Errorf("round %d: PDF written from scratch %d times, reused %d, %d pages drawn again", round, c.PDF.Full, c.PDF.Reused, c.PDF.Pages)
		}
		if c.Articles.Misses != 1 {
			t.Errorf("round %d: %d articles parsed again (want the edited one)", round, c.Articles.Misses)
		}
		plain := runOK(t, plan, Options{WritePDF: true})
		if !bytes.Equal(res.PDF, plain.PDF) {
			t.Fatalf("round %d: the PDF built with the disk cache differs from the one built without", round)
		}
	}
}

// A missing, truncated, damaged or stale cache is ignored (a note says so)
// and the build is what it is without one.
func TestDiskCacheDamaged(t *testing.T) {
	plan := sampleDir(t)
	dir := filepath.Dir(plan)
	out := filepath.Join(dir, "issue.pdf")
	diskRun(t, plan, out)
	ed := newEditor(t, plan, "articles/weigushi-3.md")
	ed.toggle(t)
	want := runOK(t, plan, Options{WritePDF: true}).PDF
	index := filepath.Join(CachePath(out), cacheIndex)
	base := filepath.Join(CachePath(out), cacheBase)
	goodIndex, _ := os.ReadFile(index)
	goodBase, _ := os.ReadFile(base)
	flip := func(b []byte, i int) []byte {
		b = bytes.Clone(b)
		b[i] ^= 0x20
		return b
	}
	stale := bytes.Replace(goodIndex, []byte(Version()), []byte(strings.Repeat("x", len(Version()))), 1)
	cases := []struct {
		name        string
		index, base []byte
		note        string
	}{
		{"index truncated", goodIndex[:len(goodIndex)/2], goodBase, "cache ignored"},
		{"index empty", []byte{}, goodBase, "cache ignored"},
		{"index damaged", flip(goodIndex, len(goodIndex)*2/3), goodBase, "checksum"},
		{"index header damaged", flip(goodIndex, 3), goodBase, "not a paiban cache"},
		{"other version", stale, goodBase, "another version"},
		{"base truncated", goodIndex, goodBase[:len(goodBase)-100], "PDF part ignored"},
		{"base damaged", goodIndex, flip(goodBase, len(goodBase)/2), "PDF part ignored"},
		{"base missing", goodIndex, nil, "PDF part ignored"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			os.MkdirAll(CachePath(out), 0o755)
			os.WriteFile(index, tc.index, 0o644)
			os.Remove(base)
			if tc.base != nil {
				os.WriteFile(base, tc.base, 0o644)
			}
			c := NewCache()
			res, d := Run(plan, Options{WritePDF: true, Cache: c, DiskCache: CachePath(out)})
			if d.HasErrors() {
				t.Fatalf("the build failed:\n%v", d.Err())
			}
			if n := cacheNotes(d); !strings.Contains(n, tc.note) {
				t.Errorf("notes %q, want one saying %q", n, tc.note)
			}
			if c.PDF.Reused != 0 {
				t.Error("the damaged cache's PDF was used")
			}
			if !bytes.Equal(res.PDF, want) {
				t.Error("the PDF differs from the one built without a cache")
			}
		})
	}
	// and the next build writes a good cache again
	os.RemoveAll(CachePath(out))
	diskRun(t, plan, out)
	ed.toggle(t)
	if _, c, _ := diskRun(t, plan, out); c.PDF.Reused != 1 {
		t.Error("no good cache written after a damaged one")
	}
}

// With Options.Stream the PDF is written by Save from its objects, never
// whole in memory: the same bytes as Result.PDF without it.
func TestStreamSameBytes(t *testing.T) {
	plan := sampleDir(t)
	out := filepath.Join(filepath.Dir(plan), "s.pdf")
	res, d := Run(plan, Options{WritePDF: true, Stream: true})
	if d.HasErrors() || !res.HasPDF() || res.PDF != nil {
		t.Fatalf("run: PDF in memory %t, has one %t\n%v", res.PDF != nil, res.HasPDF(), d.Err())
	}
	if _, err := Save(res, out); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	want := runOK(t, plan, Options{WritePDF: true}).PDF
	if !bytes.Equal(got, want) || res.PDFSize() != len(want) {
		t.Errorf("streamed PDF: %d bytes (says %d), in memory: %d; equal %t", len(got), res.PDFSize(), len(want), bytes.Equal(got, want))
	}
}

// The conversions of images (the sample's downsampled pictures) are kept
// in the disk cache's images/ (a fresh process converts none of them
// again) and give the same bytes; a damaged one is converted again; those
// no longer used are removed.
func TestDiskCacheImages(t *testing.T) {
	plan := writeSample(t)
	out := filepath.Join(t.TempDir(), "x.pdf")
	raster.ClearCache()
	first, _, _ := diskRun(t, plan, out)
	dir := filepath.Join(CachePath(out), "images")
	files, _ := os.ReadDir(dir)
	if len(files) == 0 {
		t.Fatal("no conversions kept")
	}
	// a fresh process: nothing converted in memory
	raster.ClearCache()
	before := raster.Conversions()
	again, _, _ := diskRun(t, plan, out)
	if n := raster.Conversions() - before; n != 0 {
		t.Errorf("%d images converted again with the cache", n)
	}
	if !bytes.Equal(first.PDF, again.PDF) {
		t.Error("bytes differ with the kept conversions")
	}
	// one damaged: converted again, same bytes
	victim := filepath.Join(dir, files[0].Name())
	b, _ := os.ReadFile(victim)
	b[len(b)/2] ^= 0xFF
	os.WriteFile(victim, b, 0o644)
	os.WriteFile(filepath.Join(dir, "0123456789abcdef0123456789abcdef"), []byte("stale"), 0o644)
	raster.ClearCache()
	before = raster.Conversions()
	third, _, _ := diskRun(t, plan, out)
	if n := raster.Conversions() - before; n != 1 {
		t.Errorf("%d images converted, want the damaged one only", n)
	}
	if !bytes.Equal(first.PDF, third.PDF) {
		t.Error("bytes differ after a damaged conversion")
	}
	if _, err := os.Stat(filepath.Join(dir, "0123456789abcdef0123456789abcdef")); err == nil {
		t.Error("an unused conversion was kept")
	}
}

// The next build compares with the manifest beside the PDF: the page
// hashes the cache keeps stand for the file only while its bytes are the
// ones written; a manifest changed since is read.
func TestDiskCacheManifestCompare(t *testing.T) {
	plan := sampleDir(t)
	out := filepath.Join(filepath.Dir(plan), "issue.pdf")
	diskRun(t, plan, out)
	res, c, _ := diskRun(t, plan, out)
	if c.written == nil || len(res.Diff.Changed) != 0 || res.Diff.First {
		t.Fatalf("second build: kept manifest %v, diff %+v", c.written != nil, res.Diff)
	}
	m, err := os.ReadFile(manifest.Path(out))
	if err != nil {
		t.Fatal(err)
	}
	first := res.Manifest.Pages[1]
	m = bytes.Replace(m, []byte(first.Hash), []byte(strings.Repeat("0", len(first.Hash))), 1)
	if err := os.WriteFile(manifest.Path(out), m, 0o644); err != nil {
		t.Fatal(err)
	}
	res, _, _ = diskRun(t, plan, out)
	if len(res.Diff.Changed) != 1 || res.Diff.Changed[0] != first.Slot {
		t.Fatalf("after the manifest was changed: changed %v, want [%s]", res.Diff.Changed, first.Slot)
	}
}

// A fresh build after an edit does not read the pictures that go into the
// PDF as they are: their stamps (unchanged since the last build hashed
// them), the headers, validations and ink coverage the cache keeps stand
// for their content. A picture rewritten since — same size, its
// modification time set back — is read and checked again.
func TestDiskCacheImagesNotRead(t *testing.T) {
	plan := sampleDir(t)
	dir := filepath.Dir(plan)
	out := filepath.Join(dir, "issue.pdf")
	diskRun(t, plan, out)
	time.Sleep(2100 * time.Millisecond) // the pictures settle (manifest.settle)
	diskRun(t, plan, out)               // hashes them again, and keeps their stamps
	// a fresh process: what it knows of image contents is the disk's
	classified.Clear()
	decoded.Lock()
	decoded.m = nil
	decoded.Unlock()
	reads := map[string]int{}
	var mu sync.Mutex // the conversions read their files in parallel
	old := readImage
	defer func() { readImage = old }()
	readImage = func(p string) ([]byte, error) {
		mu.Lock()
		reads[filepath.Base(p)]++
		mu.Unlock()
		return old(p)
	}
	newEditor(t, plan, "articles/weigushi-3.md").toggle(t)
	res, _, _ := diskRun(t, plan, out)
	if n := len(reads); n == 0 || n > 8 || reads["fig-xinli.jpg"] != 0 || reads["cover.jpg"] != 0 {
		t.Fatalf("%d picture files read (want only the few that are converted): %v", n, reads)
	}
	if !bytes.Equal(res.PDF, runOK(t, plan, Options{WritePDF: true}).PDF) {
		t.Fatal("the PDF differs from one built without the cache")
	}
	// a picture rewritten in place: same size, same modification time
	pic := filepath.Join(dir, "images", "fig-xinli.jpg")
	st, _ := os.Stat(pic)
	data, _ := os.ReadFile(pic)
	data[len(data)/2] ^= 0x5a
	time.Sleep(20 * time.Millisecond)
	if err := os.WriteFile(pic, data, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(pic, st.ModTime(), st.ModTime())
	clear(reads)
	Run(plan, Options{WritePDF: true, Cache: NewCache(), DiskCache: CachePath(out)})
	if reads["fig-xinli.jpg"] == 0 {
		t.Fatal("a picture rewritten with the same size and time was not read again")
	}
}
