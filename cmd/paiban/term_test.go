package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Progress goes only to a terminal: not to a file, a pipe or a buffer, so
// no output that is kept (a log, CI) holds the updating line; a build with
// stderr to a file has none of its control characters.
func TestProgressOnlyOnTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for name, out := range map[string]io.Writer{"file": f, "pipe": w, "buffer": &bytes.Buffer{}} {
		if terminal(out) != nil {
			t.Errorf("%s taken for a terminal", name)
		}
	}
	dir, plan := setup(t, goodPlan, goodArticle)
	var o bytes.Buffer
	if code := run([]string{"paiban", "build", plan, "-o", filepath.Join(dir, "out.pdf")}, &o, f); code != 0 {
		t.Fatalf("exit %d", code)
	}
	logged, _ := os.ReadFile(f.Name())
	if !strings.Contains(string(logged), "warning") || strings.ContainsAny(string(logged), "\r\x1b") {
		t.Errorf("stderr to a file:\n%q", logged)
	}
}
