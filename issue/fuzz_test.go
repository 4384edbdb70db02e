package issue

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/paiban/paiban/diag"
)

// FuzzPlan: no plan, however malformed, panics the loader; a plan that does
// not load says why, and every diagnostic names a file. The seeds run with
// the tests; go test -fuzz FuzzPlan ./issue mutates them.
func FuzzPlan(f *testing.F) {
	for _, s := range []string{
		"[issue]\ntitle = \"T\"\nnumber = \"1\"\n[paper]\ntrim = \"210x285mm\"\ninner_pages = 4\n[[page]]\nslots = \"01-02\"\ncontent = [\"a.txt\", \"b.md\"]\n",
		"[issue]\ntitle = \"T\"\nnumber = \"1\"\n[paper]\ntrim = \"185x260mm\"\ninner_pages = 8\nmargins = { top = \"15mm\" }\n[fonts]\nbody = \"x.ttc#2\"\n[text]\nsize = \"9.5pt\"\nleading = \"1.6em\"\ncolumns = 3\n[[page]]\nslots = \"封面\"\ncontent = [\"rgb.jpg\"]\n[[page]]\nslots = \"01\"\ntoc = true\n[[page]]\nslots = \"02-08\"\nsection = \"博览·读书\"\ncontent = [\"b.md\", { file = \"a.txt\" }]\n",
		"[print]\nprofile = \"\"\nink_limit = 500\n[[page]]\nslots = \"99-01\"\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, plan string) {
		path := planDir(t, plan)
		iss, d := Load(path)
		if iss == nil && !d.HasErrors() {
			t.Fatalf("no issue and no error")
		}
		for _, x := range d {
			if x.File == "" {
				t.Fatalf("a diagnostic with no file: %v", x)
			}
		}
	})
}

// FuzzTextFile: no article file's bytes (any encoding, BOMs, CR, NUL,
// truncated UTF-16 or GB18030) panic the .txt and .md readers; each is an
// article or an error naming the file.
func FuzzTextFile(f *testing.F) {
	for _, s := range [][]byte{
		[]byte("\xef\xbb\xbf标题\r\n\r\n　　正文。\r\n"),
		{0xff, 0xfe, 0x07, 0x68, 0x98, 0x98, 0x0a, 0x00, 0x63, 0x6b},
		{0xb1, 0xea, 0xcc, 0xe2, 0x0d, 0x0a, 0x0d, 0x0a, 0xd5, 0xfd, 0xce, 0xc4, 0xa1, 0xa3},
		[]byte("+++\ntitle = \"A\"\n+++\n# B\n\n::: box\n> q\n:::\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: 注\n<b>x</b>\n"),
		// YAML front matter, HTML pictures, invisible characters
		[]byte("---\ntitle: '春''天'\nauthor: \"张\"\ntags:\n  - a\n---\n\n正\u200b文\ufe0f。\n\n<figure><img src=\"x.jpg\" alt=a><figcaption>注</figcaption></figure>\n"),
	} {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"a.txt", "a.md"} {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			var d diag.List
			a := loadArticle(path, Pos{File: "plan.toml", Line: 1}, &d)
			if a == nil && len(d.Errors()) == 0 {
				t.Fatalf("%s: no article and no error", name)
			}
			for _, e := range d.Errors() {
				if e.File != path && e.File != "plan.toml" {
					t.Fatalf("error about %s: %s", e.File, e)
				}
			}
		}
	})
}
