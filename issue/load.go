package issue

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/internal/input"
	"github.com/paiban/paiban/units"
)

// Load reads the plan at planPath (plan.toml) and everything it names, and
// returns the validated issue with all diagnostics found. It does not stop at
// the first error; when the list has errors the issue is incomplete and must
// not be laid out. The issue is nil only when the plan cannot be read or is
// not valid TOML. Every diagnostic names a file and, where there is one, a
// line; files are named as the plan path given plus the relative paths in it
// (plan "sample/plan.toml" → "sample/articles/a.txt").
//
// The plan format is the contract (version 1) with these additions:
//
//	[issue]
//	date = 2026-01-05            a TOML local date; quoted strings are refused
//
//	[paper]
//	inner_pages                  1 … 999 (MaxInnerPages); a multiple of 4 for
//	                             binding = "saddle", even for "perfect"
//	margins                      an inline table or a [paper.margins] table; keys
//	                             top, bottom, inside, outside (each optional);
//	                             lengths in mm, cm, pt or in; the type area
//	                             (trim minus margins) must stay positive
//
//	[fonts]                      a font is "builtin:serif", "builtin:sans", a
//	                             file path relative to the plan ("fonts/a.otf"),
//	                             a face of a collection as "fonts/a.ttc#1" (face
//	                             index after #, from 0), or the table form
//	                             { file = "fonts/a.ttc", index = 1 }.
//	                             The file must exist; its format and the face
//	                             index are checked when the font is read.
//	fallback                     an array of fonts (a single font is accepted too)
//
//	[text]
//	size                         default "10pt" (no em)
//	leading                      default 1.7 × size (17pt for 10pt); may use em
//	                             (em = size); must be ≥ size
//	columns                      1 … 6, default 2
//	column_gap                   default "2em" (em = size)
//
//	[[page]]
//	slots                        a slot ("封面", "0001", "01", "1") or a range of
//	                             inner slots ("16-27", "16–27"); a bare integer
//	                             (slots = 5) is read as an inner page number
//	content                      an array of paths (a single string is accepted);
//	                             .txt, .md and .docx (docx.go) are articles, .jpg .jpeg .png are
//	                             images. Articles and images may be mixed: an
//	                             image among other content is a figure at column
//	                             width in the flow; a single image as the only
//	                             content of a single slot is a full page
//	                             (PageSpec.FullPageImage). An article may be
//	                             placed only once (a second use is a warning).
//	toc                          true for a generated table of contents; a toc
//	                             page has no content
//
//	[print]                      condition, profile, marks, convert_rgb,
//	                             min_ppi_warn, min_ppi_error: see readPrint
//
// Unknown keys anywhere are errors at the key's line; TOML keys are case
// sensitive ("Title" is not "title"). Slots that no [[page]] names are blank
// pages, listed in one warning at the line of the first [[page]]. Article
// formats: see parseTxt (.txt) and parseMarkdown (.md, with figures
// ![caption](path) and wide figures ![caption](path "wide")).
func Load(planPath string) (*Issue, diag.List) { return LoadCached(planPath, nil) }

// LoadCached is Load reusing the articles parsed by earlier loads with the
// same cache (cache.go); a nil cache parses every article.
func LoadCached(planPath string, cache *ArticleCache) (*Issue, diag.List) {
	var d diag.List
	raw, err := input.ReadFile(planPath, input.Plan)
	if err != nil {
		d.Errorf(planPath, 0, "%s", fileError(planPath, err))
		return nil, d
	}
	// TOML is UTF-8, but a plan saved by Notepad as "ANSI" (GBK) or
	// "Unicode" (UTF-16) is read as the articles are, with a warning
	src, enc, line, err := decodeText(raw)
	if err != nil {
		d.Errorf(planPath, line, "the plan: %v", err)
		return nil, d
	}
	if enc != "UTF-8" {
		d.Warnf(planPath, 0, "the plan was read as %s: a TOML file should be UTF-8 (save it as UTF-8)", enc)
	}
	// The depth is checked first: the TOML library takes memory in the
	// square of the length of a dotted key.
	loc := locateKeys(src)
	if loc.tooDeep > 0 {
		d.Errorf(planPath, loc.tooDeep, "%s", tooDeepMsg)
		return nil, d
	}
	var m map[string]any
	if _, err := toml.Decode(src, &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			d.ErrorAt(planPath, pe.Position.Line, pe.Position.Col, "TOML syntax error: %s", pe.Message)
		} else {
			d.Errorf(planPath, 1, "TOML syntax error: %v", err)
		}
		return nil, d
	}
	r := &planReader{file: planPath, dir: filepath.Dir(planPath), loc: loc, d: &d, cache: cache}
	is := &Issue{PlanFile: planPath, Dir: r.dir}
	top := &table{r: r, m: m, name: "the plan"}
	for _, k := range sortedKeys(m, r.loc, nil) {
		switch k {
		case "issue", "paper", "fonts", "text", "page", "cover", "overlay", "print":
		default:
			msg := unknownKeyMsg(k, "", []string{"issue", "paper", "fonts", "text", "page", "cover", "overlay", "print"})
			if _, isTable := m[k].(map[string]any); !isTable {
				msg += " (a key before the first [table] header belongs to no table)"
			}
			d.ErrorAt(planPath, top.line(k), top.col(k, false), "%s", msg)
		}
	}
	r.readIssue(is, m)
	slotsOK := r.readPaper(is, m)
	r.readFonts(is, m)
	r.readText(is, m)
	r.readPrint(is, m)
	if slotsOK {
		is.Slots = BuildSlots(is.Paper.InnerPages)
	}
	r.readPages(is, m, slotsOK)
	r.finishLoads() // articles.go
	if slotsOK {
		r.readCover(is, m)
	}
	return is, d
}

// planReader holds what reading one plan needs.
type planReader struct {
	file string
	dir  string
	loc  *keyLocator
	d    *diag.List

	articles  map[string]*Content // article path → first use
	slotsLine map[*PageSpec]int   // line of each page's slots key

	textColumnsLine int  // line of [text] columns, 0 when not set
	textColumnsDone bool // the columns of [text] are checked (checkColumns)

	cache *ArticleCache // parsed articles of earlier loads, or nil (cache.go)

	loads []*articleLoad // the articles placed, in plan order (articles.go)
	slots chan struct{}  // how many are read at once
}

// resolve makes a path from the plan relative to the working directory.
func (r *planReader) resolve(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(r.dir, p)
}

// topTable returns the top-level table k, or nil (reporting a wrong type).
func (r *planReader) topTable(m map[string]any, k string) *table {
	v, ok := m[k]
	if !ok {
		return nil
	}
	tm, ok := v.(map[string]any)
	if !ok {
		r.d.Errorf(r.file, max(1, r.loc.line(k)), "%s must be a table ([%s]), not %s", k, k, describeValue(v))
		return nil
	}
	return &table{r: r, m: tm, path: []string{k}, name: "[" + k + "]"}
}

func (r *planReader) readIssue(is *Issue, m map[string]any) {
	t := r.topTable(m, "issue")
	if t == nil {
		if _, present := m["issue"]; !present {
			r.d.Errorf(r.file, 1, "the plan has no [issue] table: title and number are required")
		}
		return
	}
	t.check("title", "number", "date", "masthead")
	if t.has("masthead") {
		is.Masthead, is.MastheadSet = t.cmyk("masthead") // design.go
		is.MastheadPos = Pos{File: r.file, Line: t.line("masthead")}
	}
	for _, k := range []string{"title", "number"} {
		if !t.has(k) {
			r.d.Errorf(r.file, t.self(), "[issue] %s is required", k)
			continue
		}
		if s, ok := t.str(k); ok {
			s = strings.TrimSpace(s)
			if s == "" {
				t.errf(k, "%s is empty", k)
			}
			if k == "title" {
				is.Title, is.TitlePos = s, Pos{File: r.file, Line: t.line(k)}
			} else {
				is.Number, is.NumberPos = s, Pos{File: r.file, Line: t.line(k)}
			}
		}
	}
	if t.has("date") {
		switch v := t.m["date"].(type) {
		case time.Time:
			if v.Location().String() != "date-local" {
				t.errf("date", "date must be a date without a time, e.g. date = 2026-01-05")
			} else {
				is.Date = v.Format("2006-01-02")
			}
		case string:
			t.errf("date", "date must be a TOML date without quotes, e.g. date = 2026-01-05")
		default:
			t.typeErr("date", "a date such as 2026-01-05")
		}
	}
}

// Defaults of [paper].
var (
	DefaultBleed   = units.FromMM(3)
	DefaultMargins = Margins{Top: units.FromMM(20), Bottom: units.FromMM(20), Inside: units.FromMM(18), Outside: units.FromMM(15)}
)

// DefaultInnerPages is the default of [paper].inner_pages.
const DefaultInnerPages = 64

// MinTextSize and MaxTextSize bound the body text's size.
var MinTextSize, MaxTextSize = units.FromPt(5), units.FromPt(36)

// MaxBleed is the largest bleed: presses trim 3–5 mm off each edge.
var MaxBleed = units.FromMM(25)

// MaxPageSize is the largest side of a page with its bleed (PDF readers
// take pages up to 200 in; proofs and marks add a little).
var MaxPageSize = units.FromMM(5000)

// readPaper reads [paper]; it reports whether inner_pages is usable for slots.
func (r *planReader) readPaper(is *Issue, m map[string]any) bool {
	p := &is.Paper
	p.Bleed, p.InnerPages, p.Binding, p.Margins = DefaultBleed, DefaultInnerPages, "saddle", DefaultMargins
	t := r.topTable(m, "paper")
	if t == nil {
		if _, present := m["paper"]; !present {
			r.d.Errorf(r.file, 1, "the plan has no [paper] table: trim is required (e.g. trim = \"210x285mm\")")
		}
		return m["paper"] == nil
	}
	t.check("trim", "bleed", "inner_pages", "binding", "margins")
	trimOK := false
	if !t.has("trim") {
		r.d.Errorf(r.file, t.self(), "[paper] trim is required, e.g. trim = \"210x285mm\"")
	} else if s, ok := t.str("trim"); ok {
		w, h, err := units.ParseSize(s)
		if err != nil {
			t.errf("trim", "trim: %v", err)
		} else {
			p.TrimW, p.TrimH, trimOK = w, h, true
		}
	}
	p.Bleed, _ = t.length("bleed", 0, DefaultBleed)
	if p.Bleed > MaxBleed {
		// (a page of 500 mm bleed was written, its boxes wrong for any press)
		t.errf("bleed", "bleed %.1f mm is more than a press trims off (3–5 mm; at most %.0f mm)", p.Bleed.MM(), MaxBleed.MM())
		p.Bleed = DefaultBleed
	}
	if trimOK && max(p.TrimW, p.TrimH)+2*p.Bleed > MaxPageSize {
		// the PDF writer's limit, with room for the proofs' slug and marks
		t.errf("trim", "trim %.0f×%.0f mm with the bleed is larger than a PDF page can be (at most %.0f mm a side)", p.TrimW.MM(), p.TrimH.MM(), MaxPageSize.MM())
	}
	if s, ok := t.str("binding"); ok {
		if s != "saddle" && s != "perfect" {
			t.errf("binding", "binding must be \"saddle\" or \"perfect\", not %q", s)
		} else {
			p.Binding = s
		}
	}
	pagesOK := !t.has("inner_pages")
	if n, ok := t.integer("inner_pages"); ok {
		switch {
		case n < 1:
			t.errf("inner_pages", "inner_pages = %d must be positive", n)
		case n > MaxInnerPages:
			t.errf("inner_pages", "inner_pages = %d is more than %d", n, MaxInnerPages)
		case p.Binding == "saddle" && n%4 != 0:
			t.errf("inner_pages", "inner_pages = %d is not a multiple of 4, as saddle binding needs (%d or %d?)", n, n/4*4, n/4*4+4)
		case p.Binding == "perfect" && n%2 != 0:
			t.errf("inner_pages", "inner_pages = %d is odd: a leaf has two pages", n)
		default:
			p.InnerPages, pagesOK = n, true
		}
	}
	marginsOK := true
	if mt, ok := t.sub("margins", "[paper] margins", `a table such as { top = "20mm", bottom = "20mm", inside = "18mm", outside = "15mm" }`); ok {
		mt.check("top", "bottom", "inside", "outside")
		for _, f := range []struct {
			k string
			v *units.Length
		}{{"top", &p.Margins.Top}, {"bottom", &p.Margins.Bottom}, {"inside", &p.Margins.Inside}, {"outside", &p.Margins.Outside}} {
			v, ok := mt.length(f.k, 0, *f.v)
			*f.v = v
			marginsOK = marginsOK && ok
		}
	} else if t.has("margins") {
		marginsOK = false
	}
	if trimOK && marginsOK {
		mg := p.Margins
		line := t.line("margins")
		if !t.has("margins") {
			line = t.line("trim")
		}
		if w := p.TrimW - mg.Inside - mg.Outside; w <= 0 {
			r.d.Errorf(r.file, line, "[paper] the margins leave no type area: inside %s + outside %s ≥ trim width %s", mg.Inside, mg.Outside, p.TrimW)
		}
		if h := p.TrimH - mg.Top - mg.Bottom; h <= 0 {
			r.d.Errorf(r.file, line, "[paper] the margins leave no type area: top %s + bottom %s ≥ trim height %s", mg.Top, mg.Bottom, p.TrimH)
		}
	}
	return pagesOK
}

// DefaultSize is the default [text].size; the default leading is 1.7 × size
// and the default column gap 2 em (= 2 × size).
var DefaultSize = units.FromPt(10)

// Column counts of [text].columns and [[page]].columns, and the narrowest
// column body text is set in, in characters: a paragraph's 2 em indent, a
// character, and a mark that may not start a line.
const (
	DefaultColumns = 2
	MaxColumns     = 6
	MinColumnChars = 4
)

// ColumnChars is how many characters of body text a line holds when the
// type area has cols columns: columns are a whole number of ems wide, with
// at least [text].column_gap between them (layout sets them so). It is 0 or
// less when not even one character fits.
func (is *Issue) ColumnChars(cols int) int {
	p, x := is.Paper, is.Text
	if cols < 1 || x.Size <= 0 {
		return 0
	}
	w := p.TrimW - p.Margins.Inside - p.Margins.Outside
	return int((w - units.Length(cols-1)*x.ColumnGap) / (units.Length(cols) * x.Size))
}

// checkColumns reports a [[page]] with articles whose columns are too
// narrow for body text (t is the page's table). Pages that take the
// columns of [text] are reported once, at [text] columns when it is set.
func (r *planReader) checkColumns(is *Issue, ps *PageSpec, t *table) {
	text := false
	for _, c := range ps.Content {
		text = text || c.Kind == KindArticle
	}
	w := is.Paper.TrimW - is.Paper.Margins.Inside - is.Paper.Margins.Outside
	if !text || w <= 0 || is.Text.Size <= 0 {
		return // no body text, or the type area is already reported
	}
	cols, line, what := ps.Columns, t.line("columns"), fmt.Sprintf("[[page]] columns = %d", ps.Columns)
	if cols == 0 {
		if r.textColumnsDone {
			return
		}
		r.textColumnsDone = true
		cols, line, what = is.Text.Columns, ps.Pos.Line, fmt.Sprintf("%d columns (the [text] default)", is.Text.Columns)
		if r.textColumnsLine > 0 {
			line, what = r.textColumnsLine, fmt.Sprintf("[text] columns = %d", cols)
		}
	}
	if n := is.ColumnChars(cols); n < MinColumnChars {
		r.d.Errorf(r.file, line, "%s: a column holds %d character(s) of %s text (type area %s wide, column gap %s), body text needs at least %d: use fewer columns, a smaller size or column_gap, or narrower margins",
			what, max(n, 0), is.Text.Size, w, is.Text.ColumnGap, MinColumnChars)
	}
}

func (r *planReader) readText(is *Issue, m map[string]any) {
	x := &is.Text
	x.Size, x.Columns = DefaultSize, DefaultColumns
	x.FootnoteStyle = "number"
	x.Pos = Pos{File: r.file}
	t := r.topTable(m, "text")
	leadingSet, gapSet := false, false
	if t != nil {
		x.Pos.Line = t.self()
		t.check("size", "leading", "columns", "column_gap", "punctuation", "hanging", "end_mark", "footnote_style", "footnotes", "emphasis")
		// (a key's values → what each sets)
		if v, ok := t.oneOf("footnote_style", "use \"number\" (superscript 1 2 3) or \"circled\" (①②③)", "number", "circled"); ok {
			x.FootnoteStyle = v
		}
		if v, ok := t.oneOf("footnotes", "use \"foot\" (at the foot of the column, the default) or \"endnotes\" (注释 at the article's end)", "foot", "endnotes"); ok {
			x.Endnotes = v == "endnotes"
		}
		if v, ok := t.str("emphasis"); ok {
			switch v {
			case "dots", "着重号":
			case "kai", "楷体":
				if is.Fonts.Quote == nil {
					t.errf("emphasis", "emphasis = %q needs a 楷体-style face: set [fonts] quote = \"…\" (a font file or an installed family)", v)
				} else {
					x.EmphasisKai = true
				}
			default:
				t.errf("emphasis", "emphasis = %q: use \"dots\" (着重号, the default) or \"kai\" (楷体, with [fonts] quote)", v)
			}
		}
		if v, ok := t.str("punctuation"); ok {
			if st, known := punctStyles[v]; known {
				x.Punctuation = st
			} else {
				t.errf("punctuation", "punctuation = %q is not a style: use 全角 (quanjiao), 开明 (kaiming), 行末半角 (hangmobanjiao) or 半角 (banjiao)", v)
			}
		}
		if b, ok := t.boolean("hanging"); ok {
			x.Hanging = b
		}
		if m, ok := t.str("end_mark"); ok {
			if m = strings.TrimSpace(m); utf8.RuneCountInString(m) > 2 || badChar(firstRuneOf(m)) != "" {
				t.errf("end_mark", "end_mark = %q: one or two characters, such as \"■\"", m)
			} else {
				x.EndMark = m
			}
		}
		if l, ok := t.length("size", 0, DefaultSize); ok {
			if l < MinTextSize || l > MaxTextSize {
				// (0.1pt was set: text no one can read)
				t.errf("size", "size %s is not a size for body text (%s … %s; magazines set 8.5–12pt)", l, MinTextSize, MaxTextSize)
			} else {
				x.Size = l
			}
		}
		if t.has("leading") {
			l, ok := t.length("leading", x.Size, 0)
			if ok {
				x.Leading, leadingSet = l, true
				if l < x.Size {
					t.errf("leading", "leading %s is less than the text size %s", l, x.Size)
				}
			} else {
				leadingSet = true
				x.Leading = x.Size.Scale(17, 10)
			}
		}
		if n, ok := t.integer("columns"); ok {
			if n < 1 || n > MaxColumns {
				t.errf("columns", "columns = %d is out of range (1 … %d)", n, MaxColumns)
			} else {
				x.Columns = n
				r.textColumnsLine = t.line("columns")
			}
		}
		if t.has("column_gap") {
			x.ColumnGap, _ = t.length("column_gap", x.Size, x.Size*2)
			gapSet = true
		}
	}
	if !leadingSet {
		x.Leading = x.Size.Scale(17, 10)
	}
	if !gapSet {
		x.ColumnGap = x.Size * 2
	}
}

// punctStyles maps the [text].punctuation values, as xeCJK names them, to
// the style.
var punctStyles = map[string]PunctStyle{
	"全角": Quanjiao, "quanjiao": Quanjiao,
	"开明": Kaiming, "kaiming": Kaiming,
	"行末半角": Hangmobanjiao, "hangmobanjiao": Hangmobanjiao,
	"半角": Banjiao, "banjiao": Banjiao,
}
