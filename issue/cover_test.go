package issue

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCoverAndOverlays(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("标题\n\n  正文。\n"), 0o644)
	plan := `[issue]
title = "刊"
number = "1"

[paper]
trim = "210x285mm"
inner_pages = 4

[[page]]
slots = "01-04"
content = ["a.txt"]

[cover]
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
	p := filepath.Join(dir, "plan.toml")
	os.WriteFile(p, []byte(plan), 0o644)
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
