package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/paiban/paiban/internal/outfile"
)

// snapshot is the content of every file in dir, by name.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			m[e.Name()] = "(dir)"
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}

func sameFiles(t *testing.T, what string, a, b map[string]string) {
	t.Helper()
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s: %s appeared", what, name)
		}
	}
	for name, data := range a {
		if got, ok := b[name]; !ok {
			t.Errorf("%s: %s disappeared", what, name)
		} else if got != data {
			t.Errorf("%s: %s changed", what, name)
		}
	}
}

// A run's outputs — the PDF, its manifest, the JSON report — are written
// together or not at all: a report or manifest that cannot be written
// used to fail the run after the PDF had been replaced.
func TestOutputsAllOrNothing(t *testing.T) {
	dir, plan := setup(t, goodPlan, goodArticle)
	outDir := filepath.Join(dir, "out")
	os.Mkdir(outDir, 0o755)
	out := filepath.Join(outDir, "issue.pdf")
	if code, _, stderr := runCmd("build", plan, "-o", out); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	// a changed article, so that a new build would change the PDF
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte(strings.Replace(goodArticle, "第二段", "第三段", 1)), 0o644)
	before := snapshot(t, outDir)

	code, _, stderr := runCmd("build", plan, "-o", out, "--report", filepath.Join(dir, "nodir", "r.json"))
	if want := "the directory " + filepath.Join(dir, "nodir") + " does not exist"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("report in a missing directory: exit %d, %q; want exit 1 and %q", code, stderr, want)
	}
	sameFiles(t, "report in a missing directory", before, snapshot(t, outDir))

	// the manifest cannot be written: a directory is in its place
	m := out + ".manifest.json"
	os.Rename(m, m+".saved")
	os.Mkdir(m, 0o755)
	before = snapshot(t, outDir)
	if code, _, stderr := runCmd("build", plan, "-o", out); code != 1 || !strings.Contains(stderr, m+": is a directory, not a file") {
		t.Errorf("manifest blocked: exit %d, %q", code, stderr)
	}
	sameFiles(t, "manifest blocked", before, snapshot(t, outDir))
	os.Remove(m)
	os.Rename(m+".saved", m)

	// all written: the report too
	r := filepath.Join(dir, "r.json")
	if code, _, stderr := runCmd("build", plan, "-o", out, "--report", r); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	if after := snapshot(t, outDir); after["issue.pdf"] == before["issue.pdf"] || after["issue.pdf.manifest.json"] == before["issue.pdf.manifest.json"] {
		t.Error("the PDF or its manifest was not replaced")
	}
	if b, err := os.ReadFile(r); err != nil || !bytes.Contains(b, []byte(`"changed"`)) {
		t.Errorf("report: %v\n%s", err, b)
	}
}

// SIGTERM (or Ctrl-C) while a build writes its files leaves no temporary
// file and the earlier PDF as it was, and the process exits 143 (130);
// a build used to leave a 7 MB .issue.pdf.tmp-NNNN.
func TestSignalLeavesNothing(t *testing.T) {
	dir, plan := setup(t, goodPlan, goodArticle)
	out := filepath.Join(dir, "issue.pdf")
	if code, _, stderr := runCmd("build", plan, "-o", out); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte(strings.Replace(goodArticle, "第二段", "第三段", 1)), 0o644)
	before := snapshot(t, dir)

	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		exited := make(chan int, 1)
		exit = func(code int) { exited <- code }
		// the signal comes when the files are staged (temporary files on
		// disk, the lock held) and the commit is about to start
		outfile.TestHookBeforeCommit = func() {
			if err := syscall.Kill(os.Getpid(), sig); err != nil {
				t.Error(err)
			}
			if c := <-exited; c != 128+int(sig) {
				t.Errorf("%v: exit %d, want %d", sig, c, 128+int(sig))
			}
		}
		code, _, stderr := runCmd("build", plan, "-o", out, "--report", filepath.Join(dir, "r.json"))
		outfile.TestHookBeforeCommit, exit = nil, os.Exit
		if code == 0 || !strings.Contains(stderr, ": stopped (no output is half-written)") {
			t.Errorf("%v: exit %d, %q", sig, code, stderr)
		}
		sameFiles(t, sig.String(), before, snapshot(t, dir))
	}
	// and signals are the default again
	if code, _, stderr := runCmd("build", plan, "-o", out); code != 0 {
		t.Fatalf("build after: exit %d\n%s", code, stderr)
	}
}

// lockedWriter is a stderr that tells when a line is written.
type lockedWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	told chan struct{}
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if bytes.Contains(p, []byte("waiting for another paiban")) {
		close(w.told)
	}
	return w.buf.Write(p)
}

// Two runs writing the same output take turns: the second waits for the
// lock, so one run's PDF never gets the other's manifest.
func TestOutputLocked(t *testing.T) {
	dir, plan := setup(t, goodPlan, goodArticle)
	out := filepath.Join(dir, "issue.pdf")
	release, err := outfile.Lock(out, nil) // another paiban
	if err != nil {
		t.Fatal(err)
	}
	stderr := &lockedWriter{told: make(chan struct{})}
	done := make(chan int)
	go func() {
		var o bytes.Buffer
		done <- run([]string{"paiban", "build", plan, "-o", out}, &o, stderr)
	}()
	select {
	case <-stderr.told:
	case code := <-done:
		release()
		t.Fatalf("the build did not wait for the lock: exit %d", code)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the PDF was written while another held the lock")
	}
	release()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.buf.String())
	}
	if _, err := os.Stat(out); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(outfile.LockPath(out)); err == nil {
		t.Error("the lock file is left behind")
	}
}

// paiban text writes all its files or none.
func TestTextAllOrNothing(t *testing.T) {
	plan2 := goodPlan + "\n[[page]]\nslots = \"03-04\"\nsection = \"卷尾\"\ncontent = [\"b.txt\"]\n"
	dir, plan := setup(t, plan2, goodArticle)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte(goodArticle), 0o644)
	out := filepath.Join(dir, "text")
	os.MkdirAll(filepath.Join(out, "b.txt"), 0o755) // in the way of the second file
	code, _, stderr := runCmd("text", plan, "-o", out)
	if code != 1 || !strings.Contains(stderr, filepath.Join(out, "b.txt")+": is a directory, not a file") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "a.txt")); err == nil {
		t.Error("a.txt was written although b.txt could not be")
	}
	if got := snapshot(t, out); len(got) != 1 {
		t.Errorf("files left in %s: %v", out, got)
	}
}
