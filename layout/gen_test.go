package layout

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
)

// A generator of issues unlike the sample, for the property tests: trims
// from A5 to 230×300 mm, 1–4 columns, 8–12 pt, leading 1.4–1.9×, varied
// margins, ranges of 1–12 pages, and articles from a varied corpus — long
// and one-line paragraphs, Latin words, identifiers, URLs, paths, digits,
// long titles, quotations, subheadings, figures, spaces typed beside
// full-width punctuation. Everything comes from the seed: the same seed is
// the same issue.

type genIssue struct {
	seed  uint64
	files map[string][]byte // plan.toml, articles, images
	desc  string            // one line: the plan's shape
}

var genTrims = [][2]int{{148, 210}, {170, 240}, {176, 250}, {185, 260}, {210, 285}, {210, 297}, {230, 300}}

// phrases of Chinese prose: news, culture, and Debian-FAQ-like technical text
var genPhrases = strings.Fields(`
软件包管理系统 会自动处理依赖关系 用户可以在终端中输入命令 这一版本修复了多个安全问题
社区志愿者在世界各地维护着镜像站点 文档的中文翻译仍在进行之中 系统管理员应当定期备份配置文件
西湖边的游客比往年多了一倍 老街的石板路上留下了岁月的痕迹 村里的年轻人陆续回到了家乡
基层干部走进田间地头了解情况 图书馆延长了周末的开放时间 这座古桥已经有八百多年的历史
专家认为还需要进一步研究 居民们自发组织了清洁活动 学校为留守儿童开设了课后辅导班
新的规定从下个月起正式施行 他说这是一件值得坚持的事情 每天清晨都有人在湖边打太极拳
我们在调研中发现了不少新问题 这些数据来自去年的抽样调查 编辑部收到了许多读者来信
如果安装过程中断可以重新运行安装程序 内核模块需要与当前运行的内核版本一致 请先阅读发行说明再升级系统
茶农们说今年的春茶品质特别好 博物馆里陈列着一批珍贵的古籍 小镇的夜晚安静而温暖
`)

// genWords: words to make clauses of, so that long stretches of generated
// text do not repeat (as real text does not)
var genWords = strings.Fields(`
我们 他们 社区 志愿者 镜像 站点 文档 翻译 系统 管理员 配置 文件 备份 软件包 依赖 关系 终端 命令 版本 安全
问题 内核 模块 当前 运行 发行 说明 升级 西湖 游客 往年 老街 石板 岁月 痕迹 村里 年轻人 家乡 基层 干部
田间 地头 情况 图书馆 周末 开放 时间 古桥 历史 专家 研究 居民 自发 组织 清洁 活动 学校 留守 儿童 课后
辅导 规定 下个月 正式 施行 坚持 事情 清晨 湖边 太极拳 调研 发现 数据 去年 抽样 调查 编辑部 读者 来信
安装 过程 中断 重新 程序 茶农 春茶 品质 博物馆 陈列 珍贵 古籍 小镇 夜晚 安静 温暖 已经 正在 需要 可以
应当 还是 因为 所以 但是 而且 如果 虽然 为了 通过 进行 开展 推动 加强 提高 建设 发展 服务 群众 工作
经验 方法 措施 成效 明显 显著 持续 稳定 逐步 深入 全面 重要 基本 主要 一些 许多 每天 每年 今年 明年
城市 乡村 街道 工厂 企业 医院 医生 老师 学生 家长 老人 孩子 朋友 邻居 记者 作者 故事 生活 变化 希望
`)

var genLatin = []string{
	"Debian", "GNU/Linux", "apt-get", "dpkg-reconfigure", "libreoffice-writer", "XML_Parser_Create",
	"getElementById", "systemd", "/etc/apt/sources.list", "/usr/share/doc/debian-faq/",
	"https://www.debian.org/doc/manuals/debian-faq/", "http://deb.debian.org/debian/dists/bookworm/main/",
	"ftp://ftp.cn.debian.org/debian-cd/12.5.0/amd64/iso-cd/", "tar.gz", "v0.37.0", "1.2.3-4",
	"debian-user-chinese@lists.debian.org", "x86_64", "UTF-8", "GB18030", "IEEE 754", "PDF/X-1a",
	"internationalization", "incomprehensibilities", "Schwarzschild", "CVE-2024-3094",
	"linux-image-6.1.0-18-amd64", "unattended-upgrades", "Hello, world!", "iPhone 15 Pro",
	"C++", "Node.js", "README.md", "~/.config/fontconfig/fonts.conf", "$HOME/bin",
}

var genNumbers = []string{"2026年", "3.14", "1,024", "85%", "第12届", "12月3日", "150万元", "0.5毫米", "64", "1949年10月1日", "600×400", "3–5"}

type corpus struct{ r *rand.Rand }

func (c corpus) pick(ss []string) string { return ss[c.r.IntN(len(ss))] }

// words is lo to hi-1 random words run together (a clause).
func (c corpus) words(lo, hi int) string {
	var b strings.Builder
	for k := lo + c.r.IntN(hi-lo); k > 0; k-- {
		b.WriteString(c.pick(genWords))
	}
	return b.String()
}

// sentence is a few phrases with punctuation and, sometimes, Latin words,
// numbers, quotations, book titles, dashes and ellipses.
func (c corpus) sentence() string {
	var b strings.Builder
	n := 1 + c.r.IntN(4)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(c.pick([]string{"，", "，", "，", "、", "；", "："}))
		}
		switch k := c.r.IntN(20); {
		case k < 2:
			// a Latin token between hanzi, sometimes with spaces typed around it
			sp := c.pick([]string{"", " "})
			b.WriteString(c.pick(genWords) + c.pick(genWords) + sp + c.pick(genLatin) + sp)
		case k < 3:
			b.WriteString("“" + c.words(2, 6) + "”")
		case k < 4:
			b.WriteString("《" + string([]rune(c.pick(genPhrases))[:3]) + "》")
		case k < 5:
			b.WriteString(c.pick(genNumbers))
		case k < 6:
			b.WriteString("（" + c.words(2, 5) + "）")
		}
		if c.r.IntN(12) == 0 {
			b.WriteString(c.pick(genPhrases))
		} else {
			b.WriteString(c.words(2, 7))
		}
		if c.r.IntN(25) == 0 {
			b.WriteString(c.pick([]string{"——", "……"}))
		}
	}
	end := c.pick([]string{"。", "。", "。", "。", "？", "！", "……"})
	if c.r.IntN(30) == 0 {
		// a space typed before full-width punctuation, as in copied text
		end = " " + end
	}
	b.WriteString(end)
	if c.r.IntN(12) == 0 {
		b.WriteString("”")
		s := b.String()
		return "“" + s
	}
	return b.String()
}

// paragraph is one-line, short, medium or long.
func (c corpus) paragraph() string {
	var n int
	switch k := c.r.IntN(10); {
	case k < 2:
		// a line or less: a short sentence
		p := c.words(3, 8)
		if c.r.IntN(2) == 0 {
			p = string([]rune(p)[:2+c.r.IntN(len([]rune(p))-2)])
		}
		return p + "。"
	case k < 5:
		n = 1 + c.r.IntN(2)
	case k < 9:
		n = 3 + c.r.IntN(6)
	default:
		n = 12 + c.r.IntN(25)
	}
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(c.sentence())
	}
	return b.String()
}

func (c corpus) title() string {
	switch c.r.IntN(4) {
	case 0:
		return string([]rune(c.pick(genPhrases))[:4])
	case 1:
		return c.pick(genPhrases)
	case 2:
		// long, with Latin
		return c.pick(genPhrases) + "：" + c.pick(genLatin) + c.pick(genPhrases)
	default:
		return c.pick(genPhrases) + "，" + c.pick(genPhrases)
	}
}

// article writes one article (.md or .txt) of about chars characters and
// returns its file name and text.
func (c corpus) article(name string, chars int, figures []string) (string, []byte) {
	var b strings.Builder
	md := c.r.IntN(3) > 0
	title := c.title()
	if md {
		name += ".md"
		if c.r.IntN(2) == 0 {
			fmt.Fprintf(&b, "# %s\n\n", title)
		} else {
			fmt.Fprintf(&b, "+++\ntitle = %q\n", title)
			if c.r.IntN(2) == 0 {
				fmt.Fprintf(&b, "subtitle = %q\n", "——"+c.pick(genPhrases))
			}
			if c.r.IntN(2) == 0 {
				fmt.Fprintf(&b, "byline = %q\n", "本刊记者　"+c.pick([]string{"张明", "李晓红", "王", "欧阳建国"}))
			}
			b.WriteString("+++\n\n")
		}
	} else {
		name += ".txt"
		fmt.Fprintf(&b, "%s\n", title)
		if c.r.IntN(3) == 0 {
			fmt.Fprintf(&b, "——%s\n", c.pick(genPhrases))
		}
		if c.r.IntN(2) == 0 {
			fmt.Fprintf(&b, "　　文/%s\n", c.pick([]string{"张明", "李晓红", "欧阳建国"}))
		}
	}
	n := 0
	for n < chars {
		p := c.paragraph()
		n += len([]rune(p))
		if md {
			switch k := c.r.IntN(14); {
			case k == 0 && n > 200:
				fmt.Fprintf(&b, "## %s\n\n", c.title())
			case k == 1:
				fmt.Fprintf(&b, "> %s\n\n", p)
				continue
			case k == 2 && len(figures) > 0:
				caption := ""
				if c.r.IntN(3) > 0 {
					caption = c.pick(genPhrases)
					if c.r.IntN(4) == 0 {
						caption += "，" + c.pick(genPhrases) + "（" + c.pick(genLatin) + " 摄）"
					}
				}
				fmt.Fprintf(&b, "![%s](%s)\n\n", caption, c.pick(figures))
			}
			fmt.Fprintf(&b, "%s\n\n", p)
		} else {
			indent := c.pick([]string{"　　", "    ", "\t", " "})
			fmt.Fprintf(&b, "%s%s\n", indent, p)
		}
	}
	return name, []byte(b.String())
}

// genFigures are the images every generated issue may use.
func genFigures() map[string][]byte {
	out := map[string][]byte{}
	for i, sz := range [][2]int{{800, 600}, {600, 800}, {960, 540}, {700, 700}, {400, 1200}} {
		img := image.NewGray(image.Rect(0, 0, sz[0], sz[1]))
		for y := 0; y < sz[1]; y++ {
			for x := 0; x < sz[0]; x++ {
				img.SetGray(x, y, color.Gray{uint8((x*7 + y*3 + i*40) % 256)})
			}
		}
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			panic(err)
		}
		out[fmt.Sprintf("fig%d.png", i)] = b.Bytes()
	}
	return out
}

var genFigureFiles = genFigures()

// generate makes the issue of one seed.
func generate(seed uint64) genIssue {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	c := corpus{r}
	trim := genTrims[r.IntN(len(genTrims))]
	sizeHalfPt := 16 + r.IntN(9) // 8 … 12 pt in half points
	size := float64(sizeHalfPt) / 2
	leading := math.Round(size*(1.4+0.1*float64(r.IntN(6)))*2) / 2
	mm := func(lo, hi int) int { return lo + r.IntN(hi-lo+1) }
	top, bottom, inside, outside := mm(12, 25), mm(12, 25), mm(12, 22), mm(10, 20)
	typeW := float64(trim[0]-inside-outside) * 72 / 25.4
	typeH := float64(trim[1]-top-bottom) * 72 / 25.4
	// 1–4 columns, each of at least 10 characters (as a designer would set)
	cols := 1 + r.IntN(4)
	for cols > 1 && (typeW-float64(cols-1)*2*size)/float64(cols)/size < 10 {
		cols--
	}
	colChars := int((typeW - float64(cols-1)*2*size) / float64(cols) / size)
	lines := int(typeH / leading)
	perPage := cols * colChars * lines

	files := map[string][]byte{}
	var figs []string
	for name, data := range genFigureFiles {
		files[name] = data
		figs = append(figs, name)
	}
	// map iteration order must not leak into the generated issue
	for i := range figs {
		figs[i] = fmt.Sprintf("fig%d.png", i)
	}

	var ranges strings.Builder
	slot := 1
	nRanges := 1 + r.IntN(4)
	for k := 0; k < nRanges; k++ {
		pages := 1 + r.IntN(12)
		if r.IntN(2) == 0 {
			pages = 1 + r.IntN(3)
		}
		cap := pages * perPage
		fill := 0.15 + 0.55*r.Float64()
		nArts := 1 + r.IntN(4)
		var content []string
		for a := 0; a < nArts; a++ {
			chars := max(20, int(float64(cap)*fill/float64(nArts)*0.8))
			if r.IntN(5) == 0 {
				chars = 20 + r.IntN(200) // a short piece
			}
			var f []string
			if r.IntN(3) == 0 {
				f = figs
			}
			name, text := c.article(fmt.Sprintf("a%d-%d", k, a), chars, f)
			files[name] = text
			content = append(content, fmt.Sprintf("%q", name))
		}
		rng := fmt.Sprintf("%02d", slot)
		if pages > 1 {
			rng = fmt.Sprintf("%02d-%02d", slot, slot+pages-1)
		}
		fmt.Fprintf(&ranges, "[[page]]\nslots = %q\nsection = %q\ncontent = [%s]\n\n", rng, string([]rune(c.pick(genPhrases))[:2]), strings.Join(content, ", "))
		slot += pages
	}
	inner := (slot - 1 + 3) / 4 * 4
	plan := fmt.Sprintf(`[issue]
title = "生成测试"
number = "第%d期"

[paper]
trim = "%dx%dmm"
inner_pages = %d
margins = { top = "%dmm", bottom = "%dmm", inside = "%dmm", outside = "%dmm" }

[print]
min_ppi_warn = 0
min_ppi_error = 0

[text]
size = "%gpt"
leading = "%gpt"
columns = %d

%s`, seed, trim[0], trim[1], inner, top, bottom, inside, outside, size, leading, cols, ranges.String())
	files["plan.toml"] = []byte(plan)
	desc := fmt.Sprintf("seed %d: %dx%dmm, %d col × %d chars, %g/%gpt, %d ranges, %d pages", seed, trim[0], trim[1], cols, colChars, size, leading, nRanges, slot-1)
	return genIssue{seed: seed, files: files, desc: desc}
}

// enrich adds to the Markdown articles of an issue the elements of issue 14
// — a kicker (引题), second-level subheadings, bulleted and numbered lists
// nested two levels — drawn from their own random stream, so that the
// issues of generate (and the regression seeds) stay as they are.
func enrich(g genIssue) genIssue {
	r := rand.New(rand.NewPCG(g.seed, 14))
	c := corpus{r}
	// tables and footnotes (issue 14 items 3, 4) from a stream of their
	// own, so that the choices above stay as they were
	r2 := rand.New(rand.NewPCG(g.seed, 15))
	c2 := corpus{r2}
	out := genIssue{seed: g.seed, files: map[string][]byte{}, desc: g.desc + " +lists +tables +notes"}
	for _, n := range fileNames(g.files) {
		data := g.files[n]
		if n == "plan.toml" && r.IntN(2) == 0 {
			// an end mark after every article
			data = []byte(strings.Replace(string(data), "[text]\n", "[text]\nend_mark = \"■\"\n", 1))
		}
		if n == "plan.toml" {
			switch r2.IntN(4) {
			case 0:
				data = []byte(strings.Replace(string(data), "[text]\n", "[text]\nfootnote_style = \"circled\"\n", 1))
			case 1:
				data = []byte(strings.Replace(string(data), "[text]\n", "[text]\nfootnotes = \"endnotes\"\n", 1))
			}
		}
		if !strings.HasSuffix(n, ".md") {
			out.files[n] = data
			continue
		}
		text := string(data)
		if strings.HasPrefix(text, "+++\n") && r.IntN(2) == 0 {
			text = "+++\nkicker = " + strconv.Quote(c.words(3, 7)) + "\n" + text[4:]
		}
		var b strings.Builder
		var notes []string
		paras := strings.Split(strings.TrimRight(text, "\n"), "\n\n")
		for k, para := range paras {
			if rs := []rune(para); len(rs) > 8 && !strings.ContainsAny(para[:1], "#>!+-1") && r.IntN(5) == 0 {
				// bold or emphasis around four hanzi
				if han := func(rs []rune) bool {
					for _, c := range rs {
						if !unicode.Is(unicode.Han, c) {
							return false
						}
					}
					return true
				}; han(rs[2:6]) && (len(rs) < 7 || unicode.Is(unicode.Han, rs[6])) && unicode.Is(unicode.Han, rs[1]) {
					m := []string{"**", "*"}[r.IntN(2)]
					para = string(rs[:2]) + m + string(rs[2:6]) + m + string(rs[6:])
				}
			}
			if k > 0 && !strings.ContainsAny(para[:1], "#>!+-1") && r2.IntN(6) == 0 {
				// a footnote cited at the paragraph's end
				notes = append(notes, c2.sentence())
				para += fmt.Sprintf("[^n%d]", len(notes))
			}
			b.WriteString(para)
			b.WriteString("\n\n")
			if k == 0 || k == len(paras)-1 || strings.HasPrefix(para, "+++") || strings.HasPrefix(para, "#") {
				continue // (a subheading needs text after it)
			}
			if r2.IntN(8) == 0 {
				genTable(&b, c2)
			}
			switch r.IntN(10) {
			case 0:
				fmt.Fprintf(&b, "### %s\n\n", c.words(2, 6))
			case 1:
				for i := 0; i < 2+r.IntN(3); i++ {
					mark := "-"
					if r.IntN(2) == 0 {
						mark = "1."
					}
					fmt.Fprintf(&b, "%s %s\n", mark, c.sentence())
					if r.IntN(3) == 0 {
						fmt.Fprintf(&b, "   - %s\n", c.words(2, 9))
					}
				}
				b.WriteString("\n")
			}
		}
		for i, note := range notes {
			fmt.Fprintf(&b, "[^n%d]: %s\n", i+1, note)
		}
		out.files[n] = []byte(b.String())
	}
	return out
}

// genTable writes a GFM table: 2–5 columns, 1–8 rows of words and
// numbers, sometimes a caption 表N above it.
func genTable(b *strings.Builder, c corpus) {
	if c.r.IntN(2) == 0 {
		fmt.Fprintf(b, "表%d　%s\n\n", 1+c.r.IntN(9), c.words(3, 10))
	}
	cols := 2 + c.r.IntN(4)
	numeric := make([]bool, cols)
	var head, rule []string
	for k := 0; k < cols; k++ {
		numeric[k] = k > 0 && c.r.IntN(2) == 0
		head = append(head, c.words(1, 4))
		rule = append(rule, map[bool]string{true: "---:", false: "---"}[numeric[k] && c.r.IntN(2) == 0])
	}
	fmt.Fprintf(b, "| %s |\n| %s |\n", strings.Join(head, " | "), strings.Join(rule, " | "))
	for r := 0; r < 1+c.r.IntN(8); r++ {
		var cells []string
		for k := 0; k < cols; k++ {
			switch {
			case numeric[k]:
				cells = append(cells, fmt.Sprintf("%d.%d", c.r.IntN(20000), c.r.IntN(100)))
			case c.r.IntN(5) == 0:
				cells = append(cells, c.sentence())
			default:
				cells = append(cells, c.words(1, 6))
			}
		}
		fmt.Fprintf(b, "| %s |\n", strings.Join(cells, " | "))
	}
	b.WriteString("\n")
}
