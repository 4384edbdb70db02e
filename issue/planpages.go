package issue

// [[page]]: the slots each entry claims, its section and design keys, and
// its content (articles, images, supplied PDF pages, the 目录).

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/paiban/paiban/diag"
)

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
			r.loads = append(r.loads, &articleLoad{c: c, ps: ps, first: first})
			return c
		}
		r.articles[path] = c
		r.startLoad(c, ps) // articles.go: read in parallel, set by finishLoads
	case imageExts[ext] || unsupportedImageExts[ext] != "":
		c.Kind = KindImage
		c.Image = loadImage(path, pos, r.d)
		if c.Image == nil {
			return nil
		}
	default:
		if fi, err := os.Stat(path); err == nil && fi.IsDir() {
			r.d.Errorf(pos.File, pos.Line, "%s is a folder: content names files (articles, images, PDF pages)", path)
			return nil
		}
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
