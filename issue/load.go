package issue

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
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
	src, err := input.ReadFile(planPath, input.Plan)
	if err != nil {
		d.Errorf(planPath, 0, "%s", fileError(planPath, err))
		return nil, d
	}
	// The depth is checked first: the TOML library takes memory in the
	// square of the length of a dotted key.
	loc := locateKeys(string(src))
	if loc.tooDeep > 0 {
		d.Errorf(planPath, loc.tooDeep, "%s", tooDeepMsg)
		return nil, d
	}
	var m map[string]any
	if _, err := toml.Decode(string(src), &m); err != nil {
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
}

// resolve makes a path from the plan relative to the working directory.
func (r *planReader) resolve(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(r.dir, p)
}

// table is one TOML table of the plan with its key path for positions.
type table struct {
	r    *planReader
	m    map[string]any
	path []string
	name string // for messages: "[paper]", "[[page]]", "[paper] margins"
}

func (t *table) key(k string) []string { return append(append([]string(nil), t.path...), k) }

// line returns the line of key k, or of the table when k is absent; at least 1.
func (t *table) line(k string) int {
	if l := t.r.loc.exact(t.key(k)...); l > 0 {
		return l
	}
	return t.self()
}

// self returns the line of the table itself; at least 1.
func (t *table) self() int {
	if len(t.path) > 0 {
		if l := t.r.loc.line(t.path...); l > 0 {
			return l
		}
	}
	return 1
}

func (t *table) has(k string) bool {
	if t == nil || t.m == nil {
		return false
	}
	_, ok := t.m[k]
	return ok
}

func (t *table) errf(k string, format string, args ...any) {
	t.r.d.ErrorAt(t.r.file, t.line(k), t.col(k, true), "%s %s", t.name, fmt.Sprintf(format, args...))
}

// col returns the column of key k (or of its value), 0 when k is absent.
func (t *table) col(k string, value bool) int {
	if t.r.loc.exact(t.key(k)...) == 0 {
		return 0
	}
	kc, vc := t.r.loc.columns(t.key(k)...)
	if value {
		return vc
	}
	return kc
}

func (t *table) typeErr(k, want string) {
	t.errf(k, "%s must be %s, not %s", k, want, describeValue(t.m[k]))
}

// check reports the keys of t that are not in allowed.
func (t *table) check(allowed ...string) {
	for _, k := range sortedKeys(t.m, t.r.loc, t.path) {
		if !contains(allowed, k) {
			t.r.d.ErrorAt(t.r.file, t.line(k), t.col(k, false), "%s", unknownKeyMsg(k, t.name, allowed))
		}
	}
}

// str returns the string at k; ok is false when absent or not a string (reported).
func (t *table) str(k string) (string, bool) {
	if !t.has(k) {
		return "", false
	}
	s, ok := t.m[k].(string)
	if !ok {
		t.typeErr(k, "a string")
	}
	for _, r := range s {
		if what := badChar(r); what != "" && ok {
			t.errf(k, "%s: %s %s", k, what, describeRune(r))
			return "", false
		}
	}
	return s, ok
}

// oneOf reads string k, which must be one of values (else an error saying
// what to use).
func (t *table) oneOf(k, use string, values ...string) (string, bool) {
	v, ok := t.str(k)
	if !ok {
		return "", false
	}
	if !contains(values, v) {
		t.errf(k, "%s = %q: %s", k, v, use)
		return "", false
	}
	return v, true
}

func (t *table) integer(k string) (int, bool) {
	if !t.has(k) {
		return 0, false
	}
	v, ok := t.m[k].(int64)
	if !ok {
		t.typeErr(k, "an integer")
		return 0, false
	}
	if v > 1<<30 || v < -(1<<30) {
		t.errf(k, "%s = %d is out of range", k, v)
		return 0, false
	}
	return int(v), true
}

func (t *table) boolean(k string) (bool, bool) {
	if !t.has(k) {
		return false, false
	}
	v, ok := t.m[k].(bool)
	if !ok {
		t.typeErr(k, "true or false")
	}
	return v, ok
}

// length returns the length at k; em is the size of one em, 0 to forbid it.
func (t *table) length(k string, em units.Length, def units.Length) (units.Length, bool) {
	if !t.has(k) {
		return def, true
	}
	s, ok := t.m[k].(string)
	if !ok {
		ex := map[string]string{"size": `"10pt"`, "leading": `"17pt"`, "column_gap": `"2em"`, "bleed": `"3mm"`}[k]
		if ex == "" {
			ex = `"20mm"`
		}
		t.typeErr(k, "a length string with a unit, such as "+ex)
		return def, false
	}
	l, err := units.Parse(s, em)
	if err != nil {
		t.errf(k, "%s: %v", k, err)
		return def, false
	}
	return l, true
}

// sub returns the table at key k; ok is false when absent or not a table (reported).
func (t *table) sub(k, name, want string) (*table, bool) {
	if !t.has(k) {
		return nil, false
	}
	m, ok := t.m[k].(map[string]any)
	if !ok {
		t.typeErr(k, want)
		return nil, false
	}
	return &table{r: t.r, m: m, path: t.key(k), name: name}, true
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

// faceRe splits "fonts/a.ttc#1" into file and face index.
var faceRe = regexp.MustCompile(`^(.+)#([0-9]+)$`)

func (r *planReader) readFonts(is *Issue, m map[string]any) {
	f := &is.Fonts
	f.Body = FontRef{Builtin: "serif", Pos: Pos{File: r.file}}
	f.Heading = FontRef{Builtin: "sans", Pos: Pos{File: r.file}}
	t := r.topTable(m, "fonts")
	if t == nil {
		return
	}
	t.check("body", "heading", "fallback", "quote", "kai")
	for _, k := range []string{"quote", "kai"} {
		if t.has(k) {
			if f.Quote != nil {
				t.errf(k, "[fonts] quote and kai name the same face: give one")
			} else if ref, ok := r.font(t.m[k], t.key(k), "[fonts] "+k); ok {
				f.Quote = &ref
			}
		}
	}
	for _, role := range []struct {
		k   string
		ref *FontRef
	}{{"body", &f.Body}, {"heading", &f.Heading}} {
		if t.has(role.k) {
			if ref, ok := r.font(t.m[role.k], t.key(role.k), "[fonts] "+role.k); ok {
				*role.ref = ref
			}
		}
	}
	if !t.has("fallback") {
		return
	}
	var list []any
	switch v := t.m["fallback"].(type) {
	case []any:
		list = v
	case []map[string]any:
		for _, x := range v {
			list = append(list, x)
		}
	case string, map[string]any:
		if ref, ok := r.font(v, t.key("fallback"), "[fonts] fallback"); ok {
			f.Fallback = append(f.Fallback, ref)
		}
		return
	default:
		t.typeErr("fallback", "an array of fonts")
		return
	}
	for i, v := range list {
		if ref, ok := r.font(v, append(t.key("fallback"), idx(i)), fmt.Sprintf("[fonts] fallback[%d]", i)); ok {
			f.Fallback = append(f.Fallback, ref)
		}
	}
}

// font reads one font value at path.
func (r *planReader) font(v any, path []string, what string) (FontRef, bool) {
	pos := Pos{File: r.file, Line: max(1, r.loc.line(path...))}
	switch x := v.(type) {
	case string:
		s := strings.TrimSpace(x)
		if b, ok := strings.CutPrefix(s, "builtin:"); ok {
			if b == "serif" || b == "sans" {
				return FontRef{Builtin: b, Pos: pos}, true
			}
			r.d.Errorf(r.file, pos.Line, "%s: unknown built-in font %q (built-in fonts are builtin:serif and builtin:sans)", what, s)
			return FontRef{}, false
		}
		file, index := s, 0
		if m := faceRe.FindStringSubmatch(s); m != nil {
			file = m[1]
			var err error
			if index, err = strconv.Atoi(m[2]); err != nil {
				r.d.Errorf(r.file, pos.Line, "%s: bad face index in %q", what, s)
				return FontRef{}, false
			}
		}
		return r.fontFile(file, index, pos, what)
	case map[string]any:
		t := &table{r: r, m: x, path: path, name: what}
		t.check("file", "index")
		if !t.has("file") {
			r.d.Errorf(r.file, pos.Line, "%s: the table form needs file, e.g. { file = \"fonts/a.ttc\", index = 1 }", what)
			return FontRef{}, false
		}
		file, ok := t.str("file")
		index, iok := t.integer("index")
		if t.has("index") && !iok {
			return FontRef{}, false
		}
		if index < 0 {
			t.errf("index", "index = %d must be 0 or more", index)
			return FontRef{}, false
		}
		if !ok {
			return FontRef{}, false
		}
		return r.fontFile(strings.TrimSpace(file), index, pos, what)
	}
	r.d.Errorf(r.file, pos.Line, "%s must be a font (\"builtin:serif\", \"fonts/a.otf\", \"fonts/a.ttc#1\" or { file = \"fonts/a.ttc\", index = 1 }), not %s", what, describeValue(v))
	return FontRef{}, false
}

func (r *planReader) fontFile(file string, index int, pos Pos, what string) (FontRef, bool) {
	if file == "" {
		r.d.Errorf(r.file, pos.Line, "%s: empty font file name", what)
		return FontRef{}, false
	}
	if msg := badPathChar(file); msg != "" {
		r.d.Errorf(r.file, pos.Line, "%s: font file %s", what, msg)
		return FontRef{}, false
	}
	path := r.resolve(file)
	if _, err := os.Stat(path); err != nil && looksLikeFamily(file) {
		// no such file, and no file name: an installed font's family and
		// style (contract version 2), found the way fontconfig finds it
		return FontRef{Family: file, Pos: pos}, true
	}
	if err := checkFontFile(path); err != nil {
		r.d.Errorf(r.file, pos.Line, "%s: %v", what, err)
		return FontRef{}, false
	}
	return FontRef{Path: path, Index: index, Pos: pos}, true
}

// looksLikeFamily: a font value without a path separator or a font file
// extension ("Noto Serif CJK SC", "方正书宋_GBK") names an installed font.
func looksLikeFamily(s string) bool {
	if strings.ContainsAny(s, `/\`) {
		return false
	}
	switch strings.ToLower(filepath.Ext(s)) {
	case ".ttf", ".otf", ".ttc", ".otc", ".woff", ".woff2", ".pfb", ".pfa":
		return false
	}
	return true
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
			if l <= 0 {
				t.errf("size", "size must be more than 0")
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

// pageKeys are the keys of a [[page]].
var pageKeys = append([]string{"slots", "section", "columns", "content", "toc", "fit"}, designKeys...)

func (r *planReader) readPages(is *Issue, m map[string]any, slotsOK bool) {
	v, present := m["page"]
	if !present {
		r.d.Errorf(r.file, 1, "the plan has no [[page]] entries: nothing to print")
		return
	}
	var list []map[string]any // nil for entries that are not tables
	switch x := v.(type) {
	case []map[string]any:
		list = x
	case []any:
		for i, e := range x {
			em, ok := e.(map[string]any)
			if !ok {
				r.d.Errorf(r.file, max(1, r.loc.line("page", idx(i))), "page entries must be tables ([[page]]), not %s", describeValue(e))
			}
			list = append(list, em)
		}
	case map[string]any:
		r.d.Errorf(r.file, max(1, r.loc.line("page")), "page must be an array of tables: write [[page]], not [page]")
		return
	default:
		r.d.Errorf(r.file, max(1, r.loc.line("page")), "page must be an array of tables ([[page]]), not %s", describeValue(v))
		return
	}
	r.articles = map[string]*Content{}
	r.slotsLine = map[*PageSpec]int{}
	owner := map[int]*PageSpec{} // slot index → page that has it
	for i, pm := range list {
		if pm == nil {
			continue
		}
		t := &table{r: r, m: pm, path: []string{"page", idx(i)}, name: "[[page]]"}
		ps := &PageSpec{Pos: Pos{File: r.file, Line: t.self()}}
		is.Pages = append(is.Pages, ps)
		t.check(pageKeys...)

		// slots
		slotsLine := t.line("slots")
		if !t.has("slots") {
			r.d.Errorf(r.file, ps.Pos.Line, "[[page]] has no slots (e.g. slots = \"05\" or slots = \"16-27\")")
		} else {
			var spec string
			switch sv := pm["slots"].(type) {
			case string:
				spec = sv
			case int64:
				spec = strconv.FormatInt(sv, 10)
			default:
				t.typeErr("slots", `a slot name or range string such as "05", "封面" or "16-27"`)
			}
			if spec != "" && slotsOK {
				idxs, err := ParseSlots(is.Slots, spec)
				if err != nil {
					r.d.Errorf(r.file, slotsLine, "[[page]] slots: %v", err)
				} else {
					ps.Slots = idxs
					r.slotsLine[ps] = slotsLine
					r.claimSlots(is, ps, owner, slotsLine)
				}
			} else if spec == "" && pm["slots"] != nil {
				if _, isStr := pm["slots"].(string); isStr {
					r.d.Errorf(r.file, slotsLine, "[[page]] slots is empty")
				}
			}
		}
		if s, ok := t.str("section"); ok {
			ps.Section = strings.TrimSpace(s)
		}
		if n, ok := t.integer("columns"); ok {
			if n < 1 || n > MaxColumns {
				t.errf("columns", "columns = %d is out of range (1 … %d)", n, MaxColumns)
			} else {
				ps.Columns = n
			}
		}
		ps.TOC, _ = t.boolean("toc")
		r.readDesign(ps, t) // design.go
		ps.Fit = "cover"
		if f, ok := t.str("fit"); ok {
			if f != "cover" && f != "contain" {
				t.errf("fit", "fit = %q: use \"cover\" (fill the cell, cropping) or \"contain\" (whole image, no cropping)", f)
			} else {
				ps.Fit = f
			}
		}

		// content
		var items []any
		if t.has("content") {
			switch cv := pm["content"].(type) {
			case []any:
				items = cv
			case string:
				items = []any{cv}
			default:
				t.typeErr("content", "an array of file paths")
			}
		}
		if ps.TOC && len(items) > 0 {
			t.errf("content", "a page with toc = true has a generated table of contents and no content")
			continue
		}
		if !ps.TOC && !t.has("content") {
			if ps.Section != "" {
				// a section whose content has not arrived yet: the plan
				// in progress builds, its pages reported as pending
				ps.Pending = true
				r.checkColumns(is, ps, t)
				continue
			}
			r.d.Errorf(r.file, ps.Pos.Line, "[[page]] has neither content, nor a section still waiting for content, nor toc = true (leave a slot out of the plan to keep it blank)")
			continue
		}
		if !ps.TOC && t.has("content") && len(items) == 0 {
			if _, isArr := pm["content"].([]any); isArr {
				t.errf("content", "content is empty (leave a slot out of the plan to keep it blank)")
			}
			continue
		}
		for j, item := range items {
			line := t.line("content")
			if _, isArr := pm["content"].([]any); isArr {
				line = max(line, r.loc.exact("page", idx(i), "content", idx(j)))
			}
			s, ok := item.(string)
			if !ok {
				r.d.Errorf(r.file, line, "[[page]] content entries must be file paths (strings), not %s", describeValue(item))
				continue
			}
			if c := r.content(strings.TrimSpace(s), Pos{File: r.file, Line: line}, ps); c != nil {
				ps.Content = append(ps.Content, c)
			}
		}
		r.checkColumns(is, ps, t)
	}
	if slotsOK {
		var blank []int
		for i := range is.Slots {
			if owner[i] == nil {
				blank = append(blank, i)
			}
		}
		if len(blank) > 0 && len(list) > 0 {
			line := max(1, r.loc.line("page", idx(0)))
			r.d.Warnf(r.file, line, "blank slots: %s", slotNames(is.Slots, blank))
		}
	}
}

// claimSlots records that ps has its slots, reporting slots another page has.
func (r *planReader) claimSlots(is *Issue, ps *PageSpec, owner map[int]*PageSpec, line int) {
	var dup []int
	var other *PageSpec
	flushDup := func() {
		if len(dup) == 0 {
			return
		}
		what := "slot " + slotNames(is.Slots, dup) + " is"
		if len(dup) > 1 {
			what = "slots " + slotNames(is.Slots, dup) + " are"
		}
		r.d.Errorf(r.file, line, "%s also in the [[page]] at line %d (a slot may be in one [[page]] only)", what, r.slotsLine[other])
		dup = nil
	}
	for _, s := range ps.Slots {
		if o := owner[s]; o != nil {
			if other != nil && o != other {
				flushDup()
			}
			other = o
			dup = append(dup, s)
			continue
		}
		owner[s] = ps
	}
	flushDup()
}

// content loads one content entry of a page.
func (r *planReader) content(p string, pos Pos, ps *PageSpec) *Content {
	if p == "" {
		r.d.Errorf(pos.File, pos.Line, "[[page]] content has an empty path")
		return nil
	}
	if msg := badPathChar(p); msg != "" {
		r.d.Errorf(pos.File, pos.Line, "[[page]] content %s", msg)
		return nil
	}
	path := r.resolve(p)
	ext := strings.ToLower(filepath.Ext(p))
	if file, page := SplitPDFPage(p); page > 0 {
		c := &Content{Pos: pos, Path: r.resolve(file), Kind: KindImage}
		if c.Image = loadPDF(c.Path, page, pos, r.d); c.Image == nil {
			return nil
		}
		return c
	}
	c := &Content{Pos: pos, Path: path}
	switch {
	case articleExts[ext]:
		c.Kind = KindArticle
		if first := r.articles[path]; first != nil {
			r.d.Warnf(pos.File, pos.Line, "%s is placed a second time (first at line %d)", path, first.Pos.Line)
			c.Article = first.Article
			if c.Article == nil {
				return nil
			}
			return c
		}
		r.articles[path] = c
		c.Article = r.cache.load(path, pos, r.d) // cache.go
		if c.Article == nil {
			return nil
		}
	case imageExts[ext] || unsupportedImageExts[ext] != "":
		c.Kind = KindImage
		c.Image = loadImage(path, pos, r.d)
		if c.Image == nil {
			return nil
		}
	default:
		what := fmt.Sprintf("%q", ext)
		if ext == "" {
			what = "without an extension"
		}
		r.d.Errorf(pos.File, pos.Line, "%s: unsupported content file type %s: content may be .txt, .md or .docx articles, .jpg, .jpeg, .png, .tif or .tiff images and .pdf pages", path, what)
		return nil
	}
	return c
}

// FullPageImage returns the image of a page whose only content is one image
// in a single slot: it fills the page to the bleed. Otherwise it returns nil.
func (ps *PageSpec) FullPageImage() *Image {
	if len(ps.Slots) == 1 && len(ps.Content) == 1 && ps.Content[0].Kind == KindImage {
		return ps.Content[0].Image
	}
	return nil
}

// Articles returns the articles of the issue in plan order, each once.
func (is *Issue) Articles() []*Article {
	var out []*Article
	seen := map[*Article]bool{}
	for _, p := range is.Pages {
		for _, c := range p.Content {
			if c.Article != nil && !seen[c.Article] {
				seen[c.Article] = true
				out = append(out, c.Article)
			}
		}
	}
	return out
}

// FixNotes returns one note per punctuation fix of every article, for the
// build report: "a.txt:12: note: ASCII , typeset as ，: 今年,党的群众".
func (is *Issue) FixNotes() diag.List {
	var l diag.List
	for _, a := range is.Articles() {
		for _, f := range a.Fixes {
			l.Notef(a.File, f.Line, "ASCII %c typeset as %c: %s", f.From, f.To, f.Context)
		}
	}
	return l
}

// sortedKeys returns the keys of m in document order (by line, then name).
func sortedKeys(m map[string]any, loc *keyLocator, prefix []string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	line := func(k string) int { return loc.exact(append(append([]string(nil), prefix...), k)...) }
	sort.Slice(keys, func(i, j int) bool {
		li, lj := line(keys[i]), line(keys[j])
		if li != lj {
			return li < lj
		}
		return keys[i] < keys[j]
	})
	return keys
}

// unknownKeyMsg words an unknown key, suggesting a near miss.
func unknownKeyMsg(k, where string, allowed []string) string {
	msg := fmt.Sprintf("unknown key %q", k)
	if where != "" {
		msg += " in " + where
	}
	best, bestD := "", 3
	for _, a := range allowed {
		d := editDistance(strings.ToLower(k), a)
		if d < bestD {
			best, bestD = a, d
		}
	}
	if best != "" {
		msg += fmt.Sprintf("; did you mean %q?", best)
	} else {
		msg += " (known keys: " + strings.Join(allowed, ", ") + ")"
	}
	return msg
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// tomlTypeName names the TOML type of a decoded value.
func tomlTypeName(v any) string {
	switch x := v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case time.Time:
		switch x.Location().String() {
		case "date-local":
			return "a date"
		case "time-local":
			return "a time"
		}
		return "a date-time"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// describeValue names the type of v and shows short scalar values.
func describeValue(v any) string {
	name := tomlTypeName(v)
	switch x := v.(type) {
	case string:
		if utf8.RuneCountInString(x) > 30 {
			x = string([]rune(x)[:30]) + "…"
		}
		return fmt.Sprintf("%s (%q)", name, x)
	case int64, float64, bool:
		return fmt.Sprintf("%s (%v)", name, x)
	}
	return name
}

func firstRuneOf(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
