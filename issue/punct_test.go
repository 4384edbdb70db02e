package issue

import (
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
)

func fixString(s string) (string, []Fix) {
	var b textBuf
	b.add(s, 1)
	f := fixPunct(&b)
	return b.String(), f
}

func TestFixPunct(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// Chinese context: fixed
		{"今年,党的", "今年，党的"},
		{"今年, 党的", "今年，党的"},
		{"一;二:三?四!五", "一；二：三？四！五"},
		{"防止“被动性”开展,强调“主动性”", "防止“被动性”开展，强调“主动性”"},
		{"“被动性”,强调", "“被动性”，强调"},
		{"真的?!", "真的？！"},
		{"难道……?", "难道……？"},
		{"如下:", "如下："},
		{"时间:2014年", "时间：2014年"},
		{"时间:3:00", "时间：3:00"},
		{"增长15%,达到", "增长15%，达到"},
		{"约1,000,其中", "约1,000，其中"},
		{"活动(试点)中", "活动（试点）中"},
		{"活动 (试点) 中", "活动（试点）中"},
		{"(见图1)", "（见图1）"},
		{"组织部(2014)", "组织部（2014）"},
		{"Go语言(Golang)很好", "Go语言（Golang）很好"},
		{"Windows(视窗)系统", "Windows（视窗）系统"},
		{"活动(2014),中", "活动（2014），中"},
		{"外(内(里)内)外", "外（内（里）内）外"},
		{"访问http://a.b/c?d=1,了解更多", "访问http://a.b/c?d=1，了解更多"},
		{"全角ＡＢＣ１２３,继续", "全角ＡＢＣ１２３，继续"},
		// Latin and number context: kept
		{"3:00", "3:00"},
		{"Hello, world", "Hello, world"},
		{"a, b", "a, b"},
		{"http://a.b/c?d=1", "http://a.b/c?d=1"},
		{"见http://a.b/c?d=1&e=(2),f", "见http://a.b/c?d=1&e=(2),f"},
		{"www.example.com/a?b=1:2", "www.example.com/a?b=1:2"},
		{"比分3:2", "比分3:2"},
		{"1,000元", "1,000元"},
		{"第1,2条", "第1,2条"},
		{"使用Go,效率高", "使用Go,效率高"},
		{"函数f(x)的值", "函数f(x)的值"},
		{"see (Smith 2010), p. 3", "see (Smith 2010), p. 3"},
		{"he said “yes”, then left", "he said “yes”, then left"},
		{"what?!", "what?!"},
		{"5 * 3", "5 * 3"},
		{"全角字母ＡＢＣ不变", "全角字母ＡＢＣ不变"},
	} {
		got, fixes := fixString(c.in)
		if got != c.want {
			t.Errorf("fix(%q) = %q, want %q", c.in, got, c.want)
		}
		changed := 0
		for _, r := range c.in {
			if strings.ContainsRune(",;:?!()", r) {
				changed++
			}
		}
		for _, r := range got {
			if strings.ContainsRune(",;:?!()", r) {
				changed--
			}
		}
		if changed != len(fixes) {
			t.Errorf("fix(%q): %d fixes for %d changed marks", c.in, len(fixes), changed)
		}
	}
}

func TestFixRecord(t *testing.T) {
	var b textBuf
	b.add("第一行今年,党的", 3)
	b.join("群众路线;教育", 4)
	fixes := fixPunct(&b)
	want := []Fix{
		{Line: 3, From: ',', To: '，', Context: "第一行今年,党的群众路线"},
		{Line: 4, From: ';', To: '；', Context: "党的群众路线;教育"},
	}
	if len(fixes) != len(want) {
		t.Fatalf("fixes = %+v", fixes)
	}
	for i := range want {
		if fixes[i] != want[i] {
			t.Errorf("fix %d = %+v, want %+v", i, fixes[i], want[i])
		}
	}
}

// TestFixKeepsLines checks that removing spaces keeps LineStarts right.
func TestFixKeepsLines(t *testing.T) {
	var b textBuf
	b.add("今年 , ", 10)
	b.join("党的 ; 群众", 11)
	fixPunct(&b)
	blk := Block{Text: b.String(), Line: 10, LineStarts: b.lineStarts(10)}
	if blk.Text != "今年，党的；群众" {
		t.Fatalf("text %q", blk.Text)
	}
	for i, want := range []int{10, 10, 10, 11, 11, 11, 11, 11} {
		if got := blk.LineOf(i); got != want {
			t.Errorf("LineOf(%d) (%c) = %d, want %d", i, []rune(blk.Text)[i], got, want)
		}
	}
}

// FuzzArticles checks that parsing and punctuation fixing never panic and
// that fixing only ever replaces marks or removes spaces.
func FuzzArticles(f *testing.F) {
	for _, s := range []string{"标题\n  今年,党的(试点)\n续行", "+++\ntitle = \"A\"\n+++\n# B\n> q\n![c](x.png \"wide\")\n**a*", "真的?!(", ")(,:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var d diag.List
		lines := strings.Split(s, "\n")
		parseTxt("a.txt", lines, &d)
		parseMarkdown("a.md", lines, &d)
		var b textBuf
		b.add(s, 1)
		before := []rune(s)
		fixes := fixPunct(&b)
		if len(b.r) > len(before) || len(b.r) != len(b.line) {
			t.Fatalf("text grew: %q → %q", s, string(b.r))
		}
		removed := 0
		for _, r := range before {
			if r == ' ' || r == '\t' {
				removed++
			}
		}
		if len(before)-len(b.r) > removed || len(fixes) > len(before) {
			t.Fatalf("lost text: %q → %q", s, string(b.r))
		}
	})
}
