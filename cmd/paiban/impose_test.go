package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImpose(t *testing.T) {
	dir, plan := setup(t, goodPlan, goodArticle)
	issue := filepath.Join(dir, "issue.pdf")
	if code, _, stderr := runCmd("build", plan, "-o", issue); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	spreads := filepath.Join(dir, "spreads.pdf")
	code, stdout, stderr := runCmd("impose", issue, "-o", spreads)
	if code != 0 {
		t.Fatalf("impose: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "4 printer spreads: 封底|封面, 封二|封三 … 02|03") {
		t.Errorf("stdout: %s", stdout)
	}
	a, err := os.ReadFile(spreads)
	if err != nil || !bytes.HasPrefix(a, []byte("%PDF-")) || !bytes.Contains(a, []byte("% printer's marks")) {
		t.Fatalf("no spreads with marks written: %v", err)
	}
	// without marks; and the same bytes every time
	plain := filepath.Join(dir, "plain.pdf")
	if code, _, stderr := runCmd("impose", "--marks=false", issue, "-o", plain); code != 0 {
		t.Fatalf("impose --marks=false: exit %d\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(plain); bytes.Contains(b, []byte("% printer's marks")) {
		t.Error("--marks=false has marks")
	}
	runCmd("impose", issue, "-o", spreads)
	if b, _ := os.ReadFile(spreads); !bytes.Equal(a, b) {
		t.Error("two impositions differ")
	}

	// Not a print PDF: an error, nothing written.
	bad := filepath.Join(dir, "bad.pdf")
	os.WriteFile(bad, []byte("%PDF-1.4\nnot really\n"), 0o644)
	out := filepath.Join(dir, "out.pdf")
	if code, _, stderr := runCmd("impose", bad, "-o", out); code != 1 || !strings.Contains(stderr, "bad.pdf: impose:") {
		t.Errorf("bad input: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("an output was written for bad input")
	}
}

// impose -o its own input is refused, however the path is written (it
// used to overwrite the issue with its spreads); nothing is written.
func TestImposeRefusesItsInput(t *testing.T) {
	dir, plan := setup(t, goodPlan, goodArticle)
	issue := filepath.Join(dir, "issue.pdf")
	if code, _, stderr := runCmd("build", plan, "-o", issue); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	before, _ := os.ReadFile(issue)
	link := filepath.Join(dir, "link.pdf")
	if err := os.Symlink("issue.pdf", link); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{issue, filepath.Join(dir, ".", "issue.pdf"), link} {
		code, _, stderr := runCmd("impose", issue, "-o", out)
		if want := out + ": is the input PDF: writing it would destroy it; choose another output\n"; code != 1 || stderr != want {
			t.Errorf("-o %s: exit %d, %q; want exit 1, %q", out, code, stderr, want)
		}
		if after, _ := os.ReadFile(issue); !bytes.Equal(before, after) {
			t.Fatalf("-o %s: the input was changed", out)
		}
	}
}

// impose reads only a regular file within the cap of a PDF.
func TestImposeRefusesDevice(t *testing.T) {
	code, _, stderr := runCmd("impose", "/dev/zero", "-o", filepath.Join(t.TempDir(), "s.pdf"))
	if want := "/dev/zero: is a character device, not a regular file: a PDF must be a regular file\n"; code != 1 || stderr != want {
		t.Errorf("exit %d, %q; want exit 1, %q", code, stderr, want)
	}
}
