package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
)

// Warnings come after the report's summary, where they are seen; errors
// and warnings carry their tags; nothing is coloured off a terminal.
func TestWarningsAfterSummary(t *testing.T) {
	dir, plan := setup(t, goodPlan, goodArticle)
	var all bytes.Buffer
	code := run([]string{"paiban", "build", plan, "-o", filepath.Join(dir, "out.pdf")}, &all, &all)
	out := all.String()
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	w, s := strings.Index(out, ": warning: "), strings.Index(out, "wrote ")
	if w < 0 || s < 0 || w < s {
		t.Errorf("the warnings are not after the summary:\n%s", out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("colours off a terminal:\n%q", out)
	}
}

// -o is optional: the PDF goes beside the plan, named after it; proofs get
// .proof.pdf. --quiet prints no report, only the warnings.
func TestDefaultOutputAndQuiet(t *testing.T) {
	dir, plan := setup(t, goodPlan, goodArticle)
	code, stdout, stderr := runCmd("build", plan, "--quiet")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "plan.pdf")); err != nil {
		t.Errorf("no plan.pdf beside the plan: %v", err)
	}
	if stdout != "" {
		t.Errorf("--quiet printed a report:\n%s", stdout)
	}
	if !strings.Contains(stderr, ": warning: ") {
		t.Errorf("--quiet dropped the warnings:\n%s", stderr)
	}
	if code, _, stderr := runCmd("proof", plan); code != 0 {
		t.Fatalf("proof: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "plan.proof.pdf")); err != nil {
		t.Errorf("no plan.proof.pdf beside the plan: %v", err)
	}
}

// Exit codes: 0 built, 1 the input is wrong (nothing written), 2 the
// command line is wrong.
func TestExitCodes(t *testing.T) {
	dir, plan := setup(t, goodPlan, goodArticle)
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[issue]\ntitle = 1\n"), 0o644)
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"build", plan}, 0},
		{[]string{"build", bad}, 1},
		{[]string{"build", filepath.Join(dir, "missing.toml")}, 1},
		{[]string{"build", plan, "--no-such-flag"}, 2},
		{[]string{"build"}, 2},
		{[]string{"build", plan, plan}, 2},
		{[]string{"check", plan}, 0},
		{[]string{"check", bad}, 1},
	} {
		if code, _, stderr := runCmd(c.args...); code != c.want {
			t.Errorf("paiban %s: exit %d, want %d\n%s", strings.Join(c.args, " "), code, c.want, stderr)
		}
	}
}

// --version names the program's version from its build information, the
// same every time (no date).
func TestVersion(t *testing.T) {
	code, out, _ := runCmd("--version")
	_, again, _ := runCmd("--version")
	if code != 0 || !strings.HasPrefix(out, "paiban version ") || out != again {
		t.Errorf("--version: exit %d, %q then %q", code, out, again)
	}
}

// The disk cache is beside the PDF; --no-cache neither reads nor writes it.
func TestNoCache(t *testing.T) {
	dir, plan := setup(t, goodPlan, goodArticle)
	if code, _, stderr := runCmd("build", plan, "-o", filepath.Join(dir, "a.pdf")); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "a.pdf.cache", "index")); err != nil {
		t.Errorf("no cache beside the PDF: %v", err)
	}
	if code, _, stderr := runCmd("build", plan, "-o", filepath.Join(dir, "b.pdf"), "--no-cache"); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "b.pdf.cache")); err == nil {
		t.Error("--no-cache wrote a cache")
	}
}

// A plan diagnostic with a column shows the source line and a caret under
// the column, counting wide characters as two.
func TestCaret(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "p.toml")
	os.WriteFile(plan, []byte("[issue]\ntitle = \"月刊\"; x = 1\n"), 0o644)
	d := diag.Diagnostic{File: plan, Line: 2, Column: 15, Severity: diag.Error, Message: "bad"}
	got := formatDiag(d, false, sources{})
	want := plan + ":2:15: error: bad\n   2 | title = \"月刊\"; x = 1\n     |                 ^\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if c := formatDiag(d, true, sources{}); !strings.Contains(c, "\x1b[1;31merror:\x1b[0m") {
		t.Errorf("no colour when asked:\n%q", c)
	}
	t.Setenv("NO_COLOR", "1")
	if useColour(os.Stderr) {
		t.Error("NO_COLOR set, and colours anyway")
	}
	// a line in GBK or UTF-16 (a plan saved by Notepad) is not shown raw
	os.WriteFile(plan, []byte("[issue]\ntitle = \"\xd4\xc2\xbf\xaf\"\n\x00t\x00i\x00\n"), 0o644)
	for _, line := range []int{2, 3} {
		d := diag.Diagnostic{File: plan, Line: line, Column: 1, Severity: diag.Error, Message: "bad"}
		if got, want := formatDiag(d, false, sources{}), fmt.Sprintf("%s:%d:1: error: bad\n", plan, line); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
