package pipeline

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/issue"
)

// A .docx article (one LibreOffice Writer wrote: title, subtitle, headings,
// a quotation, lists, a table, a footnote and a picture) in the sample
// issue builds: its text is in the PDF without markup, its picture is
// embedded from the document (no file extracted), and a second build gives
// the same bytes.
func TestDocxArticleBuilds(t *testing.T) {
	plan := writeSample(t)
	dir := filepath.Dir(plan)
	data, err := os.ReadFile("../issue/testdata/docx/libreoffice.docx")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "articles", "dushu.docx"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	src2 := bytes.Replace(src, []byte(`"articles/dushu.md"`), []byte(`"articles/dushu.docx"`), 1)
	// (the document's picture is a 120×80 px test image: at column width
	// it is 36 ppi, an error by default)
	src2 = regexp.MustCompile(`(?m)^min_ppi_error\s*=\s*\d+`).ReplaceAll(src2, []byte("min_ppi_error = 0\nmin_ppi_warn = 0"))
	if bytes.Equal(src, src2) {
		t.Fatal("the sample has no articles/dushu.md to replace")
	}
	if err := os.WriteFile(plan, src2, 0o644); err != nil {
		t.Fatal(err)
	}
	res, diags := Run(plan, Options{WritePDF: true})
	if diags.HasErrors() {
		t.Fatalf("build failed:\n%v", diags.Err())
	}
	member := filepath.Join(dir, "articles", "dushu.docx") + "#word/media/image1.png"
	if !find(diags, diag.Note, 22, member+": RGB converted to CMYK") {
		t.Errorf("the picture was not converted where it is (paragraph 22):\n%s", listOf(diags))
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "articles")); len(ents) == 0 {
		t.Fatal("no articles")
	} else {
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), "dushu") && e.Name() != "dushu.docx" && e.Name() != "dushu.md" {
				t.Errorf("a file was extracted: %s", e.Name())
			}
		}
	}
	if len(imageSpaces(t, res.PDF)) == 0 {
		t.Error("no images")
	}
	again, _ := Run(plan, Options{WritePDF: true})
	if again == nil || !bytes.Equal(res.PDF, again.PDF) {
		t.Error("two builds differ")
	}
	if bytes.Contains(res.PDF, []byte("docx")) {
		t.Error("the PDF names the document")
	}

	testtool.Need(t, "pdftotext")
	out := filepath.Join(t.TempDir(), "issue.pdf")
	if err := os.WriteFile(out, res.PDF, 0o644); err != nil {
		t.Fatal(err)
	}
	txt, err := exec.Command("pdftotext", "-enc", "UTF-8", "-raw", out, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	// every paragraph in order (the ideographic space between table cells
	// is white space, as pdfaudit text takes it)
	text := normalise(string(txt))
	for _, a := range res.Issue.Articles() {
		if !strings.HasSuffix(a.File, ".docx") {
			continue
		}
		for _, p := range append([]string{a.Title, a.Subtitle}, blockTexts(a)...) {
			if p = normalise(strings.ReplaceAll(p, "\u3000", "")); p != "" && !foundInOrder(text, p) {
				t.Errorf("not found in the PDF text: %q", p)
			}
		}
	}
	for _, want := range []string{"西湖边的读书会", "一个社区图书馆的十年", "读书会", "读书会成立于", "1．每人每月", "• 茶水免费"} {
		if !bytes.Contains(txt, []byte(want)) {
			t.Errorf("no %q in the PDF text", want)
		}
	}
	for _, markup := range []string{"<w:", "w:t", "instrText", "**", "PAGE"} {
		if bytes.Contains(txt, []byte(markup)) {
			t.Errorf("markup %q in the PDF text", markup)
		}
	}
}

func blockTexts(a *issue.Article) []string {
	var out []string
	for _, b := range a.Blocks {
		out = append(out, b.Text)
	}
	return out
}
