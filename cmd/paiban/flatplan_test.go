package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `paiban flatplan PLAN -o FLAT.pdf [--since EARLIER.pdf] [--paper a3]`:
// the flags after the plan, the states counted on stdout, changes since a
// build; a bad paper, a missing --since or an output that is an input is
// refused, and nothing is written.
func TestFlatplanCommand(t *testing.T) {
	dir, plan := setup(t, goodPlan, goodArticle)
	out := filepath.Join(dir, "flat.pdf")
	code, stdout, stderr := runCmd("flatplan", plan, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	// 01-02 set (a short article: underfull), 03 04 and the covers blank
	if want := "wrote " + out + " (8 slots: 2 underfull, 6 blank; "; !strings.Contains(stdout, want) {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
	first, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(first, []byte("%PDF-")) {
		t.Fatalf("no flat plan written: %v", err)
	}
	if _, err := os.Stat(out + ".manifest.json"); err == nil {
		t.Error("a flat plan has no manifest: it is not a build")
	}
	built := filepath.Join(dir, "issue.pdf")
	if code, _, stderr := runCmd("build", plan, "-o", built); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte(strings.Replace(goodArticle, "第二段", "第三段", 1)), 0o644)
	code, stdout, stderr = runCmd("flatplan", plan, "-o", out, "--since", built, "--paper", "a3")
	if code != 0 || !strings.Contains(stdout, "1 changed") {
		t.Fatalf("--since: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, bad := range []struct{ args, want string }{
		{"--paper letter -o " + out, "--paper letter: a4 or a3"},
		{"--since " + filepath.Join(dir, "nowhere.pdf") + " -o " + out, "nowhere.pdf"},
		{"-o " + plan, "is the plan itself"},
	} {
		args := append([]string{"flatplan", plan}, strings.Fields(bad.args)...)
		if code, _, stderr := runCmd(args...); code == 0 {
			t.Errorf("%s accepted", bad.args)
		} else if !strings.Contains(stderr, bad.want) {
			t.Errorf("%s: %s", bad.args, stderr)
		}
	}
	// paiban proof --flatplan: the flat plan before the 8 proof pages
	proof := filepath.Join(dir, "proof.pdf")
	if code, stdout, stderr := runCmd("proof", plan, "-o", proof, "--flatplan"); code != 0 || !strings.Contains(stdout, "wrote "+proof+" (9 pages") {
		t.Errorf("proof --flatplan: exit %d\n%s%s", code, stdout, stderr)
	}
	if src, _ := os.ReadFile(plan); string(src) != goodPlan {
		t.Error("the plan was written over")
	}
}
