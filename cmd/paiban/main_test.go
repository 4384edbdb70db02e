package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const goodPlan = `[issue]
title = "测试月刊"
number = "2026年第1期"

[paper]
trim = "210x285mm"
inner_pages = 4

[[page]]
slots = "01-02"
section = "卷首"
content = ["a.txt"]
`

const goodArticle = "标题\n\n  作者\n  第一段正文，内容简短。\n  第二段正文。\n"

// setup writes a plan and an article into a fresh directory.
func setup(t *testing.T, plan, article string) (dir, planPath string) {
	t.Helper()
	dir = t.TempDir()
	planPath = filepath.Join(dir, "plan.toml")
	if err := os.WriteFile(planPath, []byte(plan), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, planPath
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(append([]string{"paiban"}, args...), &o, &e)
	return code, o.String(), e.String()
}

func TestBuildGood(t *testing.T) {
	dir, plan := setup(t, goodPlan, goodArticle)
	out := filepath.Join(dir, "out.pdf")
	code, stdout, stderr := runCmd("build", plan, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("no PDF written: %v", err)
	}
	if !strings.Contains(stdout, "8 pages") {
		t.Errorf("report does not give the page count:\n%s", stdout)
	}
	// the short article leaves the range's second page empty: a warning
	if !strings.Contains(stderr, "plan.toml:9: warning: 01-02 卷首: page 02 left empty") {
		t.Errorf("no warning about the empty page:\n%s", stderr)
	}
	if code, _, stderr := runCmd("check", plan); code != 0 {
		t.Errorf("check: exit %d\n%s", code, stderr)
	}
}

// Every bad input named in the contract: a file:line diagnostic, a non-zero
// exit, no new output and an earlier output left untouched.
func TestBadInputs(t *testing.T) {
	cffFont, err := os.ReadFile("../../fonts/testdata/cff.otf")
	if err != nil {
		t.Fatal(err)
	}
	cff2Font := bytes.Replace(cffFont, []byte("CFF "), []byte("CFF2"), 1) // variable CFF2 outlines: refused
	long := "长文\n\n  作者\n" + strings.Repeat("  "+strings.Repeat("这是一段很长的正文，用来填满版面。", 30)+"\n", 40)
	cases := []struct {
		name, plan, article string
		files               map[string][]byte
		want                string // regexp over stderr
	}{
		{"unknown key", strings.Replace(goodPlan, "inner_pages = 4", "inner_pages = 4\ntrimm = \"1mm\"", 1), goodArticle, nil, `plan\.toml:8:1: error: unknown key "trimm"[^\n]*\n   8 \| trimm = "1mm"\n     \| \^\n`},
		{"invalid value", strings.Replace(goodPlan, `trim = "210x285mm"`, `trim = "210 parsecs"`, 1), goodArticle, nil, `plan\.toml:6:8: error: .*\n   6 \| trim = "210 parsecs"\n     \|        \^\n`},
		{"unknown slot", strings.Replace(goodPlan, `slots = "01-02"`, `slots = "封五"`, 1), goodArticle, nil, `plan\.toml:10: .*封五`},
		{"duplicate slot", goodPlan + "\n[[page]]\nslots = \"02\"\ncontent = [\"a.txt\"]\n", goodArticle, nil, `plan\.toml:1[0-9]: .*02`},
		{"missing file", strings.Replace(goodPlan, `"a.txt"`, `"nope.txt"`, 1), goodArticle, nil, `plan\.toml:12: .*nope\.txt`},
		{"overset", goodPlan, long, nil, `plan\.toml:9: error: overset: article "长文".*left over`},
		{"character no font has", goodPlan, "标题\n\n  作者\n  这里有一个生僻字龘。\n", nil, `a\.txt:4: error: character "龘" \(U\+9F98\)`},
		{"CFF2 font", strings.Replace(goodPlan, "[[page]]", "[fonts]\nbody = \"cff2.otf\"\n\n[[page]]", 1), goodArticle, map[string][]byte{"cff2.otf": cff2Font}, `plan\.toml:10: .*cff2\.otf: .*CFF2`},
		{"bad UTF-8 article", goodPlan, "标题\n\n  作者\n  正文\xff\xfe。\n", nil, `a\.txt:4: .*UTF-8`},
		{"bad image", strings.Replace(goodPlan, `"a.txt"`, `"a.txt", "pic.jpg"`, 1), goodArticle, map[string][]byte{"pic.jpg": []byte("not a jpeg")}, `pic\.jpg.*`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, plan := setup(t, c.plan, c.article)
			for name, data := range c.files {
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(dir, "out.pdf")
			code, _, stderr := runCmd("build", plan, "-o", out)
			if code == 0 {
				t.Fatalf("exit 0 for bad input")
			}
			if !regexp.MustCompile(c.want).MatchString(stderr) {
				t.Errorf("stderr does not match %s:\n%s", c.want, stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("an output file was written")
			}
			// an earlier output is left untouched
			if err := os.WriteFile(out, []byte("OLD"), 0o644); err != nil {
				t.Fatal(err)
			}
			runCmd("build", plan, "-o", out)
			if b, _ := os.ReadFile(out); string(b) != "OLD" {
				t.Errorf("the earlier output was replaced")
			}
			if code, _, _ := runCmd("check", plan); code == 0 {
				t.Errorf("check exit 0 for bad input")
			}
			// no temporary files left behind
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".tmp") || strings.HasPrefix(e.Name(), ".out.pdf") {
					t.Errorf("left behind: %s", e.Name())
				}
			}
		})
	}
}

func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	if code, _, stderr := runCmd("init", dir); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "plan.toml")); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := runCmd("init", dir); code == 0 {
		t.Error("a second init over an existing plan succeeded")
	}
}

func TestTextExport(t *testing.T) {
	dir, plan := setup(t, goodPlan, "标题\n\n  作者\n  第一段,正文。\n")
	out := filepath.Join(dir, "text")
	if code, _, stderr := runCmd("text", plan, "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "标题\n\n  作者\n  第一段，正文。\n"; string(b) != want {
		t.Errorf("got %q, want %q", b, want)
	}
}

// text -o naming a file (not a directory) failed with a usage error
// ("paiban: mkdir …", exit 2) instead of "path: message", exit 1.
func TestTextOutputNotADirectory(t *testing.T) {
	dir, plan := setup(t, goodPlan, goodArticle)
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	code, _, stderr := runCmd("text", plan, "-o", file)
	if code != 1 || !strings.Contains(stderr, file+": not a directory") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

// -o, --report and text -o could name an input: the plan, an article. The
// run then wrote over it (text -o into the articles' directory rewrote
// a.txt with its typeset text). Now nothing is written, exit 1.
func TestOutputsNeverOverwriteInputs(t *testing.T) {
	dir, plan := setup(t, goodPlan, goodArticle)
	article := filepath.Join(dir, "a.txt")
	for _, args := range [][]string{
		{"build", plan, "-o", plan},
		{"build", plan, "-o", article},
		{"build", plan, "-o", filepath.Join(dir, "x.pdf"), "--report", plan},
		{"build", plan, "-o", filepath.Join(dir, "y.pdf"), "--report", filepath.Join(dir, "y.pdf")},
		{"proof", plan, "-o", article},
		{"check", plan, "--report", article},
		{"text", plan, "-o", dir},
	} {
		code, _, stderr := runCmd(args...)
		if code != 1 || !strings.Contains(stderr, "choose another output") {
			t.Errorf("%q: exit %d\n%s", args, code, stderr)
		}
	}
	if b, _ := os.ReadFile(plan); string(b) != goodPlan {
		t.Errorf("the plan was overwritten:\n%.100s", b)
	}
	if b, _ := os.ReadFile(article); string(b) != goodArticle {
		t.Errorf("the article was overwritten:\n%.100s", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "y.pdf")); err == nil {
		t.Error("y.pdf written although --report names the same file")
	}
}

// A value flag at the end of the command line is missing its value; it
// used to take the plan as its value ("build needs exactly one plan file
// (got 0 arguments)").
func TestFlagWithoutValue(t *testing.T) {
	_, plan := setup(t, goodPlan, goodArticle)
	for _, args := range [][]string{
		{"build", plan, "-o"},
		{"proof", plan, "-o"},
		{"build", plan, "-o", "x.pdf", "--report"},
		{"impose", "x.pdf", "-o"},
	} {
		code, _, stderr := runCmd(args...)
		flag := args[len(args)-1]
		if want := "error: flag " + flag + " needs a value"; code != 2 || !strings.HasPrefix(stderr, want) {
			t.Errorf("%v: exit %d, %q; want exit 2 and %q", args, code, stderr, want)
		}
	}
}
