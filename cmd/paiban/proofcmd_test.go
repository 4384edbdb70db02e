package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// `paiban proof PLAN -o OUT.pdf --round N --date D`: flags after the plan,
// a manifest beside the proof, the stamp's "changed" on the next round.
func TestProofCommand(t *testing.T) {
	dir, plan := setup(t, goodPlan, goodArticle)
	out := filepath.Join(dir, "proof.pdf")
	code, stdout, stderr := runCmd("proof", plan, "-o", out, "--round", "2", "--date", "2026-02-03")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "changed: all 8 (no earlier manifest)") || !strings.Contains(stdout, "wrote "+out) {
		t.Errorf("stdout:\n%s", stdout)
	}
	first, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(first, []byte("%PDF-")) {
		t.Fatalf("no proof written: %v", err)
	}
	if _, err := os.Stat(out + ".manifest.json"); err != nil {
		t.Fatal("no manifest beside the proof")
	}
	// the same again: nothing changed, the same bytes
	if code, stdout, _ = runCmd("proof", plan, "-o", out, "--round", "2", "--date", "2026-02-03"); code != 0 || !strings.Contains(stdout, "changed: none") {
		t.Fatalf("second proof: exit %d\n%s", code, stdout)
	}
	if again, _ := os.ReadFile(out); !bytes.Equal(again, first) {
		t.Fatal("the same proof twice differs")
	}
	// edit the article: its page changes
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte(strings.Replace(goodArticle, "第二段", "第三段", 1)), 0o644)
	if code, stdout, _ = runCmd("proof", plan, "-o", out, "--round", "3"); code != 0 || !strings.Contains(stdout, "changed: 01 — 1 of 8") {
		t.Fatalf("third proof: exit %d\n%s", code, stdout)
	}
	for _, bad := range [][]string{{"--round", "0"}, {"--date", "2026-13-01"}, {"--date", "yesterday"}} {
		if code, _, stderr := runCmd(append([]string{"proof", plan, "-o", out}, bad...)...); code == 0 {
			t.Errorf("%v accepted", bad)
		} else if !strings.Contains(stderr, strings.TrimPrefix(bad[0], "--")) {
			t.Errorf("%v: %s", bad, stderr)
		}
	}
	if code, _, stderr = runCmd("proof", plan, "-o", filepath.Join(dir, "spreads.pdf"), "--spreads"); code != 0 {
		t.Fatalf("--spreads: exit %d\n%s", code, stderr)
	}
}

// --report writes the report as JSON, for build, proof and check; a failed
// build writes its report (with the errors) and leaves the PDF alone.
func TestReportFlag(t *testing.T) {
	dir, plan := setup(t, goodPlan, goodArticle)
	out := filepath.Join(dir, "out.pdf")
	rep := filepath.Join(dir, "report.json")
	for _, args := range [][]string{
		{"build", plan, "-o", out, "--report", rep},
		{"proof", plan, "-o", filepath.Join(dir, "p.pdf"), "--report", rep},
		{"check", plan, "--report", rep},
	} {
		if code, _, stderr := runCmd(args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		var r struct {
			Kind   string
			Pages  int
			Ranges []struct{ Slots string }
		}
		b, err := os.ReadFile(rep)
		if err != nil || json.Unmarshal(b, &r) != nil {
			t.Fatalf("%v: no JSON report: %v", args, err)
		}
		if r.Kind != args[0] || r.Pages != 8 || len(r.Ranges) != 1 || r.Ranges[0].Slots != "01-02" {
			t.Errorf("%v: report %+v", args, r)
		}
		os.Remove(rep)
	}

	pdf, _ := os.ReadFile(out)
	man, _ := os.ReadFile(out + ".manifest.json")
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte(goodArticle+"  坏字\U000F0001。\n"), 0o644)
	code, _, stderr := runCmd("build", plan, "-o", out, "--report", rep)
	if code != 1 || !strings.Contains(stderr, "left as it was") {
		t.Fatalf("failing build: exit %d\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(out); !bytes.Equal(b, pdf) {
		t.Fatal("a failing build changed the PDF")
	}
	if b, _ := os.ReadFile(out + ".manifest.json"); !bytes.Equal(b, man) {
		t.Fatal("a failing build changed the manifest")
	}
	var r struct{ Errors []struct{ Message string } }
	b, _ := os.ReadFile(rep)
	if json.Unmarshal(b, &r) != nil || len(r.Errors) == 0 {
		t.Fatalf("the failed build's report has no errors: %s", b)
	}
}

// --since naming a file that is not there is an error, not a proof with
// nothing marked changed.
func TestProofSinceMissing(t *testing.T) {
	dir, plan := setup(t, goodPlan, goodArticle)
	out := filepath.Join(dir, "proof.pdf")
	code, _, stderr := runCmd("proof", plan, "-o", out, "--since", filepath.Join(dir, "round1.pdf"))
	if code == 0 || !strings.Contains(stderr, "--since") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a proof was written")
	}
}

// --watch prints one line per rebuild: what changed and how long it took,
// or the first error with its file:line (not the warnings before it).
func TestWatchLine(t *testing.T) {
	start := time.Date(2026, 1, 5, 9, 30, 0, 0, time.Local)
	ok := watchLine(start, true, "之江月刊: 68 pages\n  01 卷首: 90 %\n  changed: 08 — 1 of 68\nwrote x.pdf (68 pages, 10 bytes, 40 ms)\n", "plan.toml:3: warning: blank slots: 02\n")
	if !strings.HasPrefix(ok, "09:30:00  changed: 08 — 1 of 68 (") || !strings.HasSuffix(ok, ", 1 warning)") || strings.Contains(ok, "\n") {
		t.Errorf("ok line: %q", ok)
	}
	bad := watchLine(start, false, "", "plan.toml:3: warning: blank slots: 02\narticles/a.md:7: character \"俶\" (U+4FF6) is in no configured font\npaiban: no PDF written (1 error)\n")
	if !strings.HasPrefix(bad, "09:30:00  failed (") || !strings.HasSuffix(bad, `articles/a.md:7: character "俶" (U+4FF6) is in no configured font`) {
		t.Errorf("failed line: %q", bad)
	}
}
