package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Page hashes (the change report, the manifest, the proof stamp) hash
// content, never paths: the same plan built through a relative path, an
// absolute path and from a copy of its folder reports no page changed and
// gives the same PDF and proof bytes. The image path was in the page hash
// (24 of 68 pages "changed"), and so was a font file's path.
func TestHashesDoNotDependOnPaths(t *testing.T) {
	plan := writeSample(t) // absolute
	dir := filepath.Dir(plan)
	// a heading font from a file, so that a font path is in play too
	font, err := os.ReadFile(filepath.Join("..", "fonts", "builtin", "NotoSansSC-Bold.subset.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "fonts"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "fonts", "h.ttf"), font, 0o644); err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile(plan)
	s := strings.Replace(string(src), `heading = "builtin:sans"`, `heading = "fonts/h.ttf"`, 1)
	if s == string(src) {
		t.Fatal("sample plan changed shape: update this test")
	}
	os.WriteFile(plan, []byte(s), 0o644)
	wd, _ := os.Getwd()
	rel, err := filepath.Rel(wd, plan)
	if err != nil || filepath.IsAbs(rel) {
		t.Fatalf("no relative path to %s: %v", plan, err)
	}
	copied := filepath.Join(t.TempDir(), "copy")
	if err := os.CopyFS(copied, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	copyPlan := filepath.Join(copied, "plan.toml")

	out := filepath.Join(t.TempDir(), "issue.pdf")
	var first []byte
	for i, p := range []string{rel, plan, copyPlan} {
		res := mustBuild(t, p)
		d, err := Save(res, out)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = res.PDF
			continue
		}
		if len(d.Changed) > 0 {
			t.Errorf("%s after %s: %d pages reported changed: %v", p, rel, len(d.Changed), d.Changed)
		}
		if !bytes.Equal(res.PDF, first) {
			t.Errorf("%s: the PDF differs from the one built through %s", p, rel)
		}
	}
	var proofs [][]byte
	for _, p := range []string{rel, copyPlan} {
		res, d := Run(p, Options{WritePDF: true, Proof: &ProofOptions{Round: 2, Date: "2026-01-09"}})
		if d.HasErrors() {
			t.Fatal(d.Err())
		}
		proofs = append(proofs, res.PDF)
	}
	if !bytes.Equal(proofs[0], proofs[1]) {
		t.Error("the proofs of a folder and of its copy differ")
	}
}
