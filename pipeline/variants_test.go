package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Plans unlike the sample: other trims, page counts, columns, sizes and
// leadings build without errors and keep every typographic promise.
func TestOtherPlans(t *testing.T) {
	plan := writeSample(t)
	dir := filepath.Dir(plan)
	cases := []struct {
		name                   string
		trim                   string
		pages                  int
		columns                int
		size, leading, gap     string
		margins                string
		articles               []string
		wantPages, wantMinFill int
	}{
		{"16k-32pp-3col-9pt", "185x260mm", 32, 3, "9pt", "15pt", "1.5em", "", []string{"dangke.txt", "weigushi-1.md", "sudi.md", "guangwen.md"}, 36, 0},
		{"a4-1col-11pt", "210x297mm", 16, 1, "11pt", "19pt", "2em", "", []string{"zhongdian.txt", "xinli.md", "tagushi-2.txt", "shengyin.md"}, 20, 0},
		{"narrow-2col-10.5pt", "170x240mm", 24, 2, "10.5pt", "18pt", "2em", `margins = { top = "18mm", bottom = "18mm", inside = "20mm", outside = "14mm" }`, []string{"anli.txt", "fanfu.md", "mianduimian.md", "xiangzhen-2.md", "tugushi.md"}, 28, 0},
		{"a4-1col-pictures", "210x297mm", 32, 1, "11pt", "19pt", "2em", "", []string{"dangke.txt", "tugushi.md", "xingxiang.md", "sudi.md"}, 36, 0},
		{"16k-40pp-2col-9.5pt", "210x285mm", 40, 2, "9.5pt", "16pt", "2em", "", []string{"dangke.txt", "weigushi-1.md", "anli.txt", "fanfu.md", "tugushi.md", "sudi.md"}, 44, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var content []string
			for _, a := range c.articles {
				content = append(content, fmt.Sprintf("%q", "articles/"+a))
			}
			p := fmt.Sprintf(`[issue]
title = "测试月刊"
number = "2026年第2期"
date = 2026-02-01

[paper]
trim = %q
inner_pages = %d
%s

[print]
# (the sample's 1000 px photos across a whole A4 column are 145 ppi: reported, not an error here)
min_ppi_warn = 0
min_ppi_error = 100

[text]
size = %q
leading = %q
columns = %d
column_gap = %q

[[page]]
slots = "封面"
content = ["images/cover.jpg"]

[[page]]
slots = "01-02"
section = "卷首"
content = ["articles/qiangzhudong.txt"]

[[page]]
slots = "03"
section = "目录"
toc = true
columns = 1

[[page]]
slots = "04-%02d"
section = "专题"
content = [%s]

[[page]]
slots = "封底"
content = ["images/back-cover.jpg"]
`, c.trim, c.pages, c.margins, c.size, c.leading, c.columns, c.gap, c.pages, strings.Join(content, ", "))
			path := filepath.Join(dir, c.name+".toml")
			if err := os.WriteFile(path, []byte(p), 0o644); err != nil {
				t.Fatal(err)
			}
			res, diags := Run(path, Options{WritePDF: true})
			if diags.HasErrors() {
				t.Fatalf("build failed:\n%v", diags.Err())
			}
			if n := len(res.Document.Pages); n != c.wantPages {
				t.Errorf("%d pages, want %d", n, c.wantPages)
			}
			if v := res.Document.CheckTypography(); len(v) > 0 {
				t.Errorf("%d typography violations, first: %v", len(v), v[0])
			}
			out := filepath.Join(t.TempDir(), "x.pdf")
			if err := os.WriteFile(out, res.PDF, 0o644); err != nil {
				t.Fatal(err)
			}
			checkPageCount(t, out, c.wantPages)
			checkBoxes(t, out, res)
			checkTextRoundTrip(t, out, res.Issue)
		})
	}
}

// 目录 entries that do not fit its slots are an error, like overset text.
func TestContentsOverflowIsAnError(t *testing.T) {
	plan := writeSample(t)
	b, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), `slots   = "02-03"`, `slots   = "02"`, 1) // 03 becomes blank
	if s == string(b) {
		t.Fatal("sample plan changed shape: update this test")
	}
	if err := os.WriteFile(plan, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	res, diags := Run(plan, Options{})
	// it said "0 entries left over": every entry is a block, which it did
	// not count
	found := false
	re := regexp.MustCompile(`^目录 does not fit slots 02: ([1-9]\d*) of its (\d+) entries do not fit \((\d+) do\), from "[^"]+"; give it more slots, or more columns \(columns = \d+\)$`)
	for _, d := range diags.Errors() {
		if m := re.FindStringSubmatch(d.Message); m != nil {
			found = true
			left, all, fit := atoi(m[1]), atoi(m[2]), atoi(m[3])
			if all != len(res.Issue.Articles()) || left+fit != all {
				t.Errorf("%s: the plan has %d articles", d.Message, len(res.Issue.Articles()))
			}
		}
	}
	if !found {
		t.Errorf("no 目录 overflow error:\n%v", diags)
	}
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}
