package issue

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// coverPlanHead is a plan of four inner pages holding one article; the
// tests add [cover] and [[overlay]] tables from line 14 on.
const coverPlanHead = `[issue]
title = "刊"
number = "1"

[paper]
trim = "210x285mm"
inner_pages = 4

[[page]]
slots = "01-04"
content = ["a.txt"]

`

// writeCoverPlan writes plan and its article into a new directory.
func writeCoverPlan(t *testing.T, plan string) string {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("标题\n\n  正文。\n"), 0o644)
	p := filepath.Join(dir, "plan.toml")
	os.WriteFile(p, []byte(plan), 0o644)
	return p
}

func TestCoverAndOverlays(t *testing.T) {
	plan := coverPlanHead + `[cover]
[[cover.line]]
text = "{title}·{number}"
size = "60pt"
color = [100, 0, 0, 0]

[[overlay]]
slot = "03"
[[overlay.line]]
text = "口号"
align = "middle"
`
	p := writeCoverPlan(t, plan)
	is, d := Load(p)
	if is.Cover == nil || len(is.Cover.Lines) != 1 || is.Cover.Lines[0].Text != "刊·1" || is.Cover.Lines[0].Color != [4]uint8{100, 0, 0, 0} {
		t.Fatalf("cover: %+v", is.Cover)
	}
	if len(is.Overlays) != 1 || is.Slots[is.Overlays[0].Slot].Name != "03" {
		t.Fatalf("overlays: %+v", is.Overlays)
	}
	errs := d.Errors()
	if len(errs) != 1 || errs[0].Line != 23 || !strings.Contains(errs[0].Message, `align = "middle"`) {
		t.Errorf("want one error at line 23 for the bad align, got %v", d)
	}
}

// A misspelt placeholder, or {date} in a plan without a date, is an error
// at the text's line instead of going to print as it is (or as nothing).
func TestCoverPlaceholders(t *testing.T) {
	plan := coverPlanHead + `[cover]
[[cover.line]]
text = "{titel}"
[[cover.line]]
text = "{number}　{date}"

[[overlay]]
slot = "03"
[[overlay.line]]
text = "{title}　{Number}"
`
	p := writeCoverPlan(t, plan)
	_, d := Load(p)
	errs := d.Errors()
	want := []struct {
		line int
		msg  string
	}{
		{15, "unknown placeholder {titel}: use {title}, {number} or {date}"},
		{17, "{date}, but [issue] has no date"},
		{22, "unknown placeholder {Number}"},
	}
	if len(errs) != len(want) {
		t.Fatalf("want %d errors, got %v", len(want), d)
	}
	for i, w := range want {
		if errs[i].Line != w.line || !strings.Contains(errs[i].Message, w.msg) {
			t.Errorf("error %d: got %d: %s; want %d: …%s…", i, errs[i].Line, errs[i].Message, w.line, w.msg)
		}
	}
}

// A cover line of size 0 passed the plan and failed in the PDF writer,
// with no line to look at.
func TestCoverLineSizeZero(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("标题\n\n  正文。\n"), 0o644)
	plan := "[issue]\ntitle = \"刊\"\nnumber = \"1\"\n[paper]\ntrim = \"210x285mm\"\ninner_pages = 4\n" +
		"[[page]]\nslots = \"01-04\"\ncontent = [\"a.txt\"]\n[cover]\n[[cover.line]]\ntext = \"{title}\"\nsize = \"0pt\"\n"
	p := filepath.Join(dir, "plan.toml")
	os.WriteFile(p, []byte(plan), 0o644)
	_, d := Load(p)
	if errs := d.Errors(); len(errs) != 1 || errs[0].Line != 13 || !strings.Contains(errs[0].Message, "[[cover.line]] size must be more than 0") {
		t.Errorf("want one error at line 13 for the size, got\n%s", listString(errs))
	}
}

// The masthead stands out from the tone behind it: deep blue over a light
// grey, paper white over a dark one, and not blue over a blue sky.
func TestPickMasthead(t *testing.T) {
	for _, c := range []struct {
		tone [4]float64
		want [4]uint8
	}{
		{[4]float64{20, 18, 15, 0}, DefaultMasthead},
		{[4]float64{85, 80, 60, 40}, [4]uint8{0, 0, 0, 0}},
		{[4]float64{60, 15, 0, 0}, [4]uint8{0, 100, 100, 20}},
		{[4]float64{0, 0, 0, 0}, DefaultMasthead},
	} {
		if got := PickMasthead(c.tone); got != c.want {
			t.Errorf("over %v: %v, want %v", c.tone, got, c.want)
		}
	}
}
