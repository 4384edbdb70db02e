package layout

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// enrichNews puts in the articles of an issue what newsrooms send and the
// generator does not write by itself — a paragraph of only a URL, long
// English quotations, numbers with units, dates with 〇 and full-width
// digits, 。」 and ？！ runs, ……—— together, corner quotes 「」『』,
// half-width digits beside hanzi — and sometimes puts the issue on the
// 140×203 mm trim. It draws from a stream of its own, so that the issues
// of generate (and the regression seeds) stay as they are.
func enrichNews(g genIssue) genIssue {
	r := rand.New(rand.NewPCG(g.seed, 16))
	c := corpus{r}
	out := genIssue{seed: g.seed, files: map[string][]byte{}, desc: g.desc + " +news"}
	for _, n := range fileNames(g.files) {
		data := string(g.files[n])
		switch {
		case n == "plan.toml":
			if strings.Contains(data, "trim = \"148x210mm\"") && r.IntN(2) == 0 {
				data = strings.Replace(data, "trim = \"148x210mm\"", "trim = \"140x203mm\"", 1)
				out.desc += " 140x203mm"
			}
		case strings.HasSuffix(n, ".md") || strings.HasSuffix(n, ".txt"):
			md := strings.HasSuffix(n, ".md")
			sep := "\n"
			if md {
				sep = "\n\n"
			}
			paras := strings.Split(strings.TrimRight(data, "\n"), sep)
			var b strings.Builder
			for k, p := range paras {
				// a quarter of the plain paragraphs replaced (not added
				// to: the issues fill their pages as they did)
				if k > 0 && k < len(paras)-1 && (md && plainMD(p) || !md && k >= 3) && r.IntN(4) == 0 {
					p = c.newsParagraph(md)
					if !md {
						p = "　　" + p
					}
				}
				b.WriteString(p)
				b.WriteString(sep)
			}
			data = b.String()
		}
		out.files[n] = []byte(data)
	}
	return out
}

// plainMD: a Markdown paragraph of Chinese text (not a heading,
// quotation, figure, list, table, note, box fence or front matter).
func plainMD(p string) bool {
	r, _ := utf8.DecodeRuneInString(p)
	return unicode.Is(unicode.Han, r) && !strings.Contains(p, "\n")
}

var newsURLs = []string{
	"https://www.gov.cn/zhengce/content/2026-01/15/content_7001234.htm",
	"http://news.example.com.cn/2026/12/03/a_very_long_path_segment_without_breaks_0123456789abcdef.shtml?from=timeline&isappinstalled=0",
	"www.example.org",
	"https://mp.weixin.qq.com/s/AbCdEfGhIjKlMnOpQrStUv",
}

var newsQuotes = []string{
	"“The reports of my death are greatly exaggerated,” he wrote in a note to the editor, and the sentence has been misquoted ever since.",
	"We choose to go to the Moon in this decade and do the other things, not because they are easy, but because they are hard; because that goal will serve to organize and measure the best of our energies and skills.",
	"It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness.",
}

var newsUnits = []string{"3.5 km", "120 km/h", "25 °C", "−5℃", "1.8 m²", "500 mL", "30 kg", "1 200 MW", "5 G", "45 dB", "2.4 GHz", "¥1,280", "US$15.6 billion", "6.5%", "±0.2 mm", "10^6", "PM2.5"}

var newsDates = []string{"二〇二六年十二月三日", "２０２６年１２月３日", "2026-12-03", "12/03/2026", "公元前221年", "1980年代", "上午9:30", "１０：３０", "第３期", "〇八年", "二〇〇八年八月八日晚八时"}

// newsParagraph is one paragraph as a newsroom sends it.
func (c corpus) newsParagraph(md bool) string {
	switch c.r.IntN(8) {
	case 0:
		u := c.pick(newsURLs)
		if md && c.r.IntN(2) == 0 {
			return "<" + u + ">"
		}
		return u
	case 1:
		return "他在信中写道：" + c.pick(newsQuotes)
	case 2:
		return c.words(2, 5) + "「" + c.words(3, 8) + "。」" + c.words(2, 6) + "『" + c.words(2, 4) + "』" + c.words(2, 4) + "。"
	case 3:
		return "“" + c.words(2, 6) + "？！”" + c.words(2, 5) + "……——" + c.words(2, 5) + "——……" + c.words(1, 3) + "。」"
	case 4:
		var b strings.Builder
		for i := 0; i < 3+c.r.IntN(4); i++ {
			fmt.Fprintf(&b, "%s%s，", c.words(1, 4), c.pick(newsUnits))
		}
		return b.String() + c.words(2, 5) + "。"
	case 5:
		return c.pick(newsDates) + "，" + c.words(3, 9) + "（" + c.pick(newsDates) + "）" + c.words(2, 5) + "。"
	case 6:
		return c.words(2, 6) + "：１２３４５６７８９０，ＡＢＣ，ｅｍａｉｌ＠ｅｘａｍｐｌｅ．ｃｏｍ，" + c.words(2, 4) + "。"
	default:
		return c.pick(newsQuotes)
	}
}
