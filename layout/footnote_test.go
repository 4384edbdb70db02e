package layout

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/units"
)

// footnoteMD is an article of n paragraphs, every third citing a note.
func footnoteMD(n int) string {
	var b, notes strings.Builder
	b.WriteString("# 标题\n\n")
	k := 0
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat("这是正文的一句话，说明一个道理。", 6))
		if i%3 == 1 {
			k++
			fmt.Fprintf(&b, "引用了材料[^%d]。", k)
			fmt.Fprintf(&notes, "[^%d]: 第%d条注释，说明材料的出处和版本。\n", k, k)
		}
		b.WriteString("\n\n")
	}
	return b.String() + notes.String()
}

// Every footnote is at the foot of the column whose line cites it, below
// a short rule, below every line of text of that column, smaller.
func TestFootnoteAtColumnFoot(t *testing.T) {
	plan := strings.Replace(tablePlan2, "[[page]]", "[text]\nfootnote_style = \"circled\"\n[[page]]", 1)
	doc, msgs := elementFiles(t, map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte(footnoteMD(40))})
	if msgs != "" {
		t.Fatalf("diagnostics:\n%s", msgs)
	}
	refs, found := 0, 0
	for _, p := range doc.Pages {
		col := func(x int64) int { return int((x - int64(p.Frame.X)) / int64(p.Frame.ColW+p.Frame.Gap)) }
		for _, r := range p.Runs {
			if r.Size != 6000 { // 60 % of 10 pt: a reference mark
				continue
			}
			refs++
			c := col(int64(r.X))
			for _, l := range p.TextLines {
				if strings.HasPrefix(l.Text, r.Text) && l.Size == 8500 {
					if col(int64(l.X)) != c {
						t.Errorf("page %s: note %s in column %d, cited in column %d", p.Slot, r.Text, col(int64(l.X)), c)
					}
					for _, b := range p.TextLines {
						if b.Size == 10000 && col(int64(b.X)) == c && b.Y > l.Y {
							t.Errorf("page %s: text %q below note %s", p.Slot, b.Text, r.Text)
						}
					}
					rule := false
					for _, ln := range p.Lines {
						rule = rule || col(int64(ln.X1)) == c && ln.Y1 < l.Y && ln.X2-ln.X1 == p.Frame.ColW/4
					}
					if !rule {
						t.Errorf("page %s: no rule above note %s", p.Slot, r.Text)
					}
					found++
				}
			}
		}
	}
	if refs != 13 || found != 13 {
		t.Errorf("%d references, %d notes found at their column's foot; want 13", refs, found)
	}
}

// footnotes = "endnotes": the notes after the article under 注释, no rule.
func TestEndnotes(t *testing.T) {
	plan := strings.Replace(tablePlan2, "[[page]]", "[text]\nfootnotes = \"endnotes\"\n[[page]]", 1)
	doc, msgs := elementFiles(t, map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte(footnoteMD(7))})
	if msgs != "" {
		t.Fatalf("diagnostics:\n%s", msgs)
	}
	var texts []string
	for _, p := range doc.Pages {
		for _, l := range p.Placed {
			texts = append(texts, l.Text)
		}
	}
	all := strings.Join(texts, "|")
	if !strings.Contains(all, "|注释|1第1条注释") || !strings.HasSuffix(all, "|2第2条注释，说明材料的出处和版本。") {
		t.Errorf("endnotes not at the end:\n%s", all)
	}
}

// [fonts] quote: quotations (and emphasis with [text] emphasis = "kai")
// in the quote face.
func TestQuoteFace(t *testing.T) {
	plan := strings.Replace(robustPlan, "[[page]]", "[fonts]\nquote = \"builtin:sans\"\n[text]\nemphasis = \"kai\"\n[[page]]", 1)
	iss := loadFiles(t, map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte("# 标题\n\n正文有*强调的字*。\n\n> 引用的一段话。\n")})
	serif, _ := fonts.Builtin("serif")
	sans, _ := fonts.Builtin("sans")
	// (the sans face stands for a 楷体: at the body size only quotations
	// and emphasis are in it here, the title is larger)
	doc, _, d := Layout(iss, Fonts{Body: serif, Heading: sans, Quote: sans})
	if d.HasErrors() {
		t.Fatal(d)
	}
	inKai := ""
	for _, r := range doc.Pages[2].Runs {
		if doc.Fonts[r.Font] == sans && r.Size == 10*units.Pt {
			inKai += r.Text
		}
	}
	if inKai != "强调的字引用的一段话。" {
		t.Errorf("in the quote face: %q", inKai)
	}
	for _, r := range doc.Pages[2].Rects {
		if r.W < 2000 {
			t.Errorf("着重号 drawn with emphasis = \"kai\"")
			break
		}
	}
}

// A reference after a full-width closing mark stands in the mark's blank
// half: the text after it moves on only by what the blank half does not
// hold (研究。①后文: ① is 0.6 em, the blank 0.5 em: 后 1.1 em after 。,
// not 1.6).
func TestReferenceInMarksBlank(t *testing.T) {
	plan := strings.Replace(robustPlan, "[[page]]", "[text]\nfootnote_style = \"circled\"\n[[page]]", 1)
	md := "# 标题\n\n" + strings.Repeat("正文的文字，", 3) + "研究。[^1]后文还有很多的文字。\n\n[^1]: 注释。\n"
	doc, msgs := elementFiles(t, map[string][]byte{"plan.toml": []byte(plan), "a.md": []byte(md)})
	if msgs != "" {
		t.Fatalf("diagnostics:\n%s", msgs)
	}
	var stop, after, mark units.Length = -1, -1, -1
	for _, r := range doc.Pages[2].Runs {
		x := r.X
		for _, c := range r.Text {
			switch {
			case c == '。' && stop < 0:
				stop = x
			case c == '①' && mark < 0:
				mark = x
			case c == '后':
				after = x
			}
			x += units.Length(doc.Fonts[r.Font].Width(c)).Scale(int64(r.Size), 1000) + r.Spacing
		}
	}
	if stop < 0 || mark < 0 || after-stop < 11*units.Pt || after-stop > 11*units.Pt+units.Pt/2 || mark != stop+5*units.Pt {
		t.Errorf("。 at %v, ① at %v, 后 at %v: want ① half an em after 。, 后 1.1 em after it", stop, mark, after)
	}
}

// A note too long for any column's foot is an error naming it, not an
// overset with no reason.
func TestFootnoteTooLong(t *testing.T) {
	md := "# 标题\n\n正文[^1]。\n\n[^1]: " + strings.Repeat("很长的注释文字。", 400) + "\n"
	_, msgs := elementFiles(t, map[string][]byte{"plan.toml": []byte(robustPlan), "a.md": []byte(md)})
	if !strings.Contains(msgs, "a.md:5: footnote 1 takes") {
		t.Errorf("no error naming the note:\n%s", msgs)
	}
}
