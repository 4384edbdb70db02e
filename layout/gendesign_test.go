package layout

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
)

// enrichDesign adds to an issue the page design of issue 15, drawn from its
// own random stream (so the issues of generate, and the regression seeds,
// stay as they are): running heads, accents and opening layouts on the
// ranges, a measure on one-column ranges, a cover story for a 目录; boxes
// (编者按, 资料链接, sidebars, pull quotes, some across the columns) between
// the paragraphs of the Markdown articles, and figures of every width and
// place, with credits.
func enrichDesign(g genIssue) genIssue {
	r := rand.New(rand.NewPCG(g.seed, 0x15de5)) // (15: the tables' and notes' stream)
	c := corpus{r}
	out := genIssue{seed: g.seed, files: map[string][]byte{}, desc: g.desc + " +design"}
	for _, n := range fileNames(g.files) {
		data := string(g.files[n])
		switch {
		case n == "plan.toml":
			data = designPlanKeys(r, data)
		case strings.HasSuffix(n, ".md"):
			data = designArticle(r, c, data)
		}
		out.files[n] = []byte(data)
	}
	return out
}

// fileNames are the names of files, sorted (map order must not leak into a
// generated issue).
func fileNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

var sectionLine = regexp.MustCompile(`(?m)^section = ".*"\n`)

// designPlanKeys adds page-design keys to some [[page]] entries.
func designPlanKeys(r *rand.Rand, plan string) string {
	return sectionLine.ReplaceAllStringFunc(plan, func(s string) string {
		var b strings.Builder
		b.WriteString(s)
		if r.IntN(3) == 0 {
			fmt.Fprintf(&b, "running_head = %q\n", []string{"", "本期策划", "专题"}[r.IntN(3)])
		}
		if r.IntN(2) == 0 {
			fmt.Fprintf(&b, "accent = [%d, %d, %d, %d]\n", r.IntN(101), r.IntN(101), r.IntN(101), r.IntN(31))
		}
		if r.IntN(4) == 0 {
			b.WriteString("opening = \"title\"\n")
		}
		if r.IntN(4) == 0 {
			fmt.Fprintf(&b, "measure = %d\n", 20+r.IntN(30))
		}
		if r.IntN(5) == 0 {
			b.WriteString("feature = true\n")
		}
		return b.String()
	})
}

// designArticle puts boxes between the paragraphs of a Markdown article
// and gives some of its figures a width, a place and a credit.
func designArticle(r *rand.Rand, c corpus, text string) string {
	paras := strings.Split(strings.TrimRight(text, "\n"), "\n\n")
	var b strings.Builder
	for k, para := range paras {
		if strings.HasPrefix(para, "![") && r.IntN(2) == 0 {
			var attrs []string
			if r.IntN(2) == 0 {
				attrs = append(attrs, "width="+[]string{"col", "2col", "page", "bleed", "2col", "3col"}[r.IntN(6)])
			}
			if r.IntN(2) == 0 {
				attrs = append(attrs, "place="+[]string{"top", "foot", "here"}[r.IntN(3)])
			}
			if r.IntN(2) == 0 {
				attrs = append(attrs, fmt.Sprintf("credit=%q", "摄影 "+c.pick([]string{"张明", "李晓红", "欧阳建国"})))
			}
			if len(attrs) > 0 {
				para += "{" + strings.Join(attrs, " ") + "}"
			}
		}
		b.WriteString(para)
		b.WriteString("\n\n")
		if k == 0 || strings.HasPrefix(para, "+++") || strings.HasPrefix(para, "#") || r.IntN(6) != 0 {
			continue
		}
		opts := ""
		if r.IntN(5) == 0 {
			opts = " {width=" + []string{"page", "2col", "3col"}[r.IntN(3)] + "}"
		} else if r.IntN(3) == 0 {
			opts = " {style=" + []string{"tint", "rule"}[r.IntN(2)] + "}"
		}
		switch r.IntN(4) {
		case 0:
			fmt.Fprintf(&b, "::: 编者按%s\n%s\n:::\n\n", opts, c.paragraph())
		case 1:
			fmt.Fprintf(&b, "::: 资料链接%s\n%s\n\n- %s\n- %s\n:::\n\n", opts, c.paragraph(), c.sentence(), c.sentence())
		case 2:
			fmt.Fprintf(&b, "::: box %s%s\n%s\n:::\n\n", c.words(2, 6), opts, c.paragraph())
		default:
			fmt.Fprintf(&b, "::: pullquote\n%s\n:::\n\n", c.sentence())
		}
	}
	return b.String()
}
