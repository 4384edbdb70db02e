package pipeline

import (
	"bytes"
	"os"
	"regexp"
	"testing"

	"github.com/paiban/paiban/internal/testtool"
)

// The newsroom's fonts by name: Noto Serif CJK SC as body and Noto Sans CJK
// SC Bold as heading, the installed CFF collections of fonts-noto-cjk
// (which .ci/run installs), named by family and style as fontconfig would.
func TestBuildWithInstalledFamilies(t *testing.T) {
	testtool.ReadFile(t, "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "fonts-noto-cjk")
	testtool.ReadFile(t, "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", "fonts-noto-cjk")
	plan := writeSample(t)
	src, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	src = regexp.MustCompile(`(?m)^body\s*=.*$`).ReplaceAll(src, []byte(`body = "Noto Serif CJK SC"`))
	src = regexp.MustCompile(`(?m)^heading\s*=.*$`).ReplaceAll(src, []byte(`heading = "Noto Sans CJK SC Bold"`))
	if err := os.WriteFile(plan, src, 0o644); err != nil {
		t.Fatal(err)
	}
	res := mustBuild(t, plan)
	if n := bytes.Count(res.PDF, []byte("/FontFile3")); n != 2 {
		t.Errorf("%d FontFile3 streams, want the two CFF fonts", n)
	}
	if !bytes.Contains(res.PDF, []byte("NotoSerifCJKsc-Regular")) || !bytes.Contains(res.PDF, []byte("NotoSansCJKsc-Bold")) {
		t.Error("the named fonts are not the embedded ones")
	}
}
