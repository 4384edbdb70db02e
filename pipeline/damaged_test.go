package pipeline

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Damaged JPEGs are errors at the line that places them; they went into the
// print PDF as they were (a patched frame header printed a blank cover,
// corrupt scan data garbage), because CMYK and grey JPEGs are embedded
// without being decoded. (raster.Validate has the cases one by one.)
func TestDamagedImagesAreErrors(t *testing.T) {
	plan := writeSample(t)
	dir := filepath.Dir(plan)
	patch := func(name string, f func(b []byte)) {
		p := filepath.Join(dir, "images", name)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f(b)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// the cover: the frame header says twice the height
	patch("cover.jpg", func(b []byte) {
		i := sof(t, b)
		binary.BigEndian.PutUint16(b[i+5:], 2*binary.BigEndian.Uint16(b[i+5:]))
	})
	// 封二: a stretch of the scan data overwritten
	patch("inside-front.jpg", func(b []byte) {
		start := bytes.Index(b, []byte{0xFF, 0xDA})
		mid := start + (len(b)-start)/2
		for k := mid; k < mid+256; k++ {
			b[k] = byte(k*7) | 0x80
		}
	})
	// 封底: the frame header says a smaller height than the
	// data holds (image/jpeg accepts this, ignoring the rest)
	patch("back-cover.jpg", func(b []byte) {
		i := sof(t, b)
		binary.BigEndian.PutUint16(b[i+5:], binary.BigEndian.Uint16(b[i+5:])-16)
	})
	res, d := Run(plan, Options{WritePDF: true})
	if res.PDF != nil {
		t.Error("a PDF was made")
	}
	got := ""
	if err := d.Err(); err != nil {
		got = err.Error()
	}
	src, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	// the plan line that places an image
	at := func(name string) string {
		for i, l := range strings.Split(string(src), "\n") {
			if strings.Contains(l, `content = ["images/`+name+`"]`) {
				return fmt.Sprintf("%s:%d: ", plan, i+1)
			}
		}
		t.Fatalf("the sample plan does not place %s", name)
		return ""
	}
	for _, want := range []string{
		at("cover.jpg") + filepath.Join(dir, "images", "cover.jpg") + ": damaged JPEG: the scan data ends early",
		at("inside-front.jpg") + filepath.Join(dir, "images", "inside-front.jpg") + ": damaged JPEG: ",
		at("back-cover.jpg") + filepath.Join(dir, "images", "back-cover.jpg") + ": damaged JPEG: extra data after the scan",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no error %q in:\n%s", want, got)
		}
	}
}

// sof returns the offset of a JPEG's frame header marker.
func sof(t *testing.T, b []byte) int {
	t.Helper()
	for i := 2; i+9 < len(b); {
		if b[i] != 0xFF {
			t.Fatal("not a JPEG marker")
		}
		m := b[i+1]
		if m >= 0xC0 && m <= 0xC2 {
			return i
		}
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
	}
	t.Fatal("no frame header")
	return 0
}

// The photos are converted while the pages are drawn, from a second read of
// each file: one that changed since the checks read it (an editor saving
// during the build) is an error at its line, never a conversion of other
// bytes than the ones hashed for the manifest and the caches.
func TestImageChangedDuringBuild(t *testing.T) {
	plan := writeSample(t)
	// a CMYK JPEG downsampled to its place (articles/xingxiang.md:11)
	pic := filepath.Join(filepath.Dir(plan), "images", "xingxiang-2.jpg")
	var mu sync.Mutex
	reads := 0
	old := readImage
	defer func() { readImage = old }()
	readImage = func(p string) ([]byte, error) {
		if p == pic {
			mu.Lock()
			reads++
			if reads == 2 {
				b, _ := os.ReadFile(p)
				os.WriteFile(p, append(b, 0xFF, 0xD9), 0o644) // saved again
			}
			mu.Unlock()
		}
		return old(p)
	}
	res, d := Run(plan, Options{WritePDF: true})
	if res.HasPDF() {
		t.Error("a PDF was made")
	}
	var found bool
	for _, e := range d.Errors() {
		found = found || strings.Contains(e.String(), "xingxiang-2.jpg: changed while paiban was building") && strings.Contains(e.String(), "xingxiang.md:11:")
	}
	if !found || reads != 2 {
		t.Fatalf("read %d times; errors: %v", reads, d.Errors())
	}
}
