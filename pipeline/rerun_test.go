package pipeline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/manifest"
)

// Reruns with the caches --watch uses give the bytes of runs without them:
// unchanged, after an edit, and after the edit is undone; builds and proofs.
func TestRerunSameBytes(t *testing.T) {
	plan := sampleDir(t)
	ed := newEditor(t, plan, "articles/weigushi-3.md")
	for _, po := range []*ProofOptions{nil, {Round: 3, Date: "2026-01-20"}} {
		cache := NewCache()
		for step := 0; step < 4; step++ {
			if step >= 2 {
				ed.toggle(t)
			}
			got := runOK(t, plan, Options{WritePDF: true, Proof: po, Cache: cache})
			want := runOK(t, plan, Options{WritePDF: true, Proof: po})
			if !bytes.Equal(got.PDF, want.PDF) {
				t.Fatalf("proof %v, step %d: the PDF with the cache differs from the PDF without", po != nil, step)
			}
			if !bytes.Equal(got.Manifest.Marshal(), want.Manifest.Marshal()) {
				t.Fatalf("step %d: the manifests differ", step)
			}
		}
		if cache.PDF.Full != 1 || cache.PDF.Reused != 3 {
			t.Errorf("proof %v: PDF cache: %d written from scratch, %d reused (want 1, 3)", po != nil, cache.PDF.Full, cache.PDF.Reused)
		}
		if cache.Layout.Hits == 0 {
			t.Error("the layout cache was not used")
		}
	}
}

func inRange(slot string, lo, hi int) bool {
	n := 0
	for _, c := range slot {
		if c < '0' || c > '9' {
			return false
		}
		n = 10*n + int(c-'0')
	}
	return n >= lo && n <= hi
}

// Editing one article changes only the pages of its range: the manifest
// comparison of the next build says which.
func TestEditChangesOnlyItsRange(t *testing.T) {
	plan := sampleDir(t)
	out := filepath.Join(t.TempDir(), "issue.pdf")
	res := runOK(t, plan, Options{WritePDF: true})
	d, err := Save(res, out)
	if err != nil {
		t.Fatal(err)
	}
	if !d.First || len(d.Changed) != 68 {
		t.Fatalf("first build: %v", d)
	}
	res = runOK(t, plan, Options{WritePDF: true})
	if d, _ = Save(res, out); d.String() != "changed: none" {
		t.Fatalf("unchanged rebuild: %v", d)
	}
	// weigushi-3 is the third of seven stories set through 16–27
	newEditor(t, plan, "articles/weigushi-3.md").toggle(t)
	res = runOK(t, plan, Options{WritePDF: true})
	if d, err = Save(res, out); err != nil {
		t.Fatal(err)
	}
	if len(d.Changed) == 0 {
		t.Fatal("editing an article changed no page")
	}
	for _, s := range d.Changed {
		if !inRange(s, 16, 27) {
			t.Errorf("editing an article of 16–27 changed page %s (changed: %v)", s, d.Changed)
		}
	}
	if !strings.HasPrefix(d.String(), "changed: ") || !strings.HasSuffix(d.String(), " of 68") {
		t.Errorf("report line %q", d.String())
	}
	m, err := manifest.Read(manifest.Path(out))
	if err != nil || m == nil || m.Hash("19") != res.Manifest.Hash("19") {
		t.Fatalf("manifest beside the PDF: %v %v", m, err)
	}
}

type fileSnap struct {
	data []byte
	mod  time.Time
}

func snap(t *testing.T, paths ...string) []fileSnap {
	t.Helper()
	var s []fileSnap
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := os.Stat(p)
		s = append(s, fileSnap{data, st.ModTime()})
	}
	return s
}

func sameSnap(t *testing.T, what string, a, b []fileSnap) {
	t.Helper()
	for i := range a {
		if !bytes.Equal(a[i].data, b[i].data) || !a[i].mod.Equal(b[i].mod) {
			t.Fatalf("%s: file %d was touched", what, i)
		}
	}
}

// A failing rerun leaves the previous PDF and manifest as they were, and no
// temporary file behind.
func TestFailingRerunKeepsFiles(t *testing.T) {
	plan := sampleDir(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "issue.pdf")
	if _, err := Save(runOK(t, plan, Options{WritePDF: true}), out); err != nil {
		t.Fatal(err)
	}
	before := snap(t, out, manifest.Path(out))
	time.Sleep(10 * time.Millisecond)

	// a character no font has in one article: the run fails
	art := filepath.Join(filepath.Dir(plan), "articles", "weigushi-3.md")
	data, _ := os.ReadFile(art)
	os.WriteFile(art, append(data, []byte("\n\n新的一段里有一个字体没有的字：\U000F0001。\n")...), 0o644)
	for _, opt := range []Options{{WritePDF: true}, {WritePDF: true, Cache: NewCache()}} {
		res, d := Run(plan, opt)
		if !d.HasErrors() || res.PDF != nil {
			t.Fatalf("the broken plan built: %v", d)
		}
		if _, err := Save(res, out); err == nil {
			t.Fatal("Save of a failed run succeeded")
		}
		sameSnap(t, "failed run", before, snap(t, out, manifest.Path(out)))
	}

	// the PDF cannot be written (a directory is in the way): the manifest
	// stays too
	os.WriteFile(art, data, 0o644)
	res := runOK(t, plan, Options{WritePDF: true})
	blocked := filepath.Join(dir, "blocked.pdf")
	os.Mkdir(blocked, 0o755)
	os.WriteFile(manifest.Path(blocked), []byte("old"), 0o644)
	if _, err := Save(res, blocked); err == nil {
		t.Fatal("Save over a directory succeeded")
	}
	if b, _ := os.ReadFile(manifest.Path(blocked)); string(b) != "old" {
		t.Fatal("the manifest was replaced although the PDF was not written")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

// Watch runs again after a save, once per burst of saves, and stops when
// its context is done.
func TestWatch(t *testing.T) {
	plan := sampleDir(t)
	art := filepath.Join(filepath.Dir(plan), "articles", "weigushi-3.md")
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	runs := 0
	ran := make(chan int, 10)
	done := make(chan struct{})
	go func() {
		Watch(ctx, plan, 20*time.Millisecond, func() *issue.Issue {
			iss, _ := issue.Load(plan)
			mu.Lock()
			runs++
			n := runs
			mu.Unlock()
			ran <- n
			return iss
		})
		close(done)
	}()
	wait := func(want int) {
		t.Helper()
		select {
		case n := <-ran:
			if n != want {
				t.Fatalf("run %d, want %d", n, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no run %d", want)
		}
	}
	wait(1)
	files := WatchedFiles(plan, mustLoad(t, plan))
	if len(files) < 60 || files[0] > files[len(files)-1] {
		t.Fatalf("watching %d files", len(files))
	}
	// a burst of saves: one run
	data, _ := os.ReadFile(art)
	// (back to back: a pause between saves longer than the poll interval,
	// which a loaded machine can make of any sleep, would be two bursts)
	for i := 0; i < 3; i++ {
		os.WriteFile(art, append(data, strings.Repeat("\n", i+1)...), 0o644)
	}
	wait(2)
	select {
	case n := <-ran:
		t.Fatalf("an extra run %d after one burst of saves", n)
	case <-time.After(150 * time.Millisecond):
	}
	// an image the plan names
	img := filepath.Join(filepath.Dir(plan), "images", "cover.jpg")
	later := time.Now().Add(time.Second)
	os.Chtimes(img, later, later)
	wait(3)
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Watch did not stop")
	}
}

func mustLoad(t *testing.T, plan string) *issue.Issue {
	t.Helper()
	iss, d := issue.Load(plan)
	if d.HasErrors() {
		t.Fatal(d.Err())
	}
	return iss
}
