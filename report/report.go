// Package report is the build report: what a build or proof made and what
// an editor should look at — pages, how full every range is, overset and
// underfull ranges, ASCII punctuation set as Chinese, fonts with the glyphs
// they set, images with their effective resolution, notes and warnings, and
// which pages changed since the last build. The command prints it as text
// and writes it as JSON for scripts (--report); both come from one Report
// value and are deterministic.
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/manifest"
)

// UnderfullBelow is the fill (percent) under which a range is reported as
// underfull: a visibly empty stretch at the end of its pages.
const UnderfullBelow = 75

// maxNotes is how many notes the text report prints.
const maxNotes = 5

// Report is one run's report. The JSON keys are the field tags, in this
// order; lists are never null.
type Report struct {
	Kind      string    `json:"kind"` // "build", "proof" or "check"
	Plan      string    `json:"plan"`
	Output    string    `json:"output"` // "" for check
	Title     string    `json:"title"`
	Number    string    `json:"number"`
	Date      string    `json:"date"`
	Pages     int       `json:"pages"`
	Ranges    []Range   `json:"ranges"`
	Overset   []string  `json:"overset"`   // ranges (slots) with text left over
	Underfull []string  `json:"underfull"` // ranges (slots) under UnderfullBelow
	Pending   []string  `json:"pending"`   // ranges (slots) of sections waiting for their content
	Fixes     []Fix     `json:"punctuation_fixes"`
	Fonts     []Font    `json:"fonts"`
	Images    []Image   `json:"images"`
	MinPPI    int       `json:"min_ppi_warn"` // [print] min_ppi_warn: images below it are listed
	Notes     []Message `json:"notes"`
	Warnings  []Message `json:"warnings"`
	Errors    []Message `json:"errors"`
	Changed   *Changes  `json:"changed"` // nil when nothing was written
}

// Range is one [[page]] entry's fill.
type Range struct {
	Slots        string `json:"slots"` // "16-27" or "01"
	Section      string `json:"section"`
	Fill         int    `json:"fill_percent"`
	UsedLines    int    `json:"used_lines"`
	TotalLines   int    `json:"total_lines"`
	OversetLines int    `json:"overset_lines"`
	Underfull    bool   `json:"underfull"`
	Pending      bool   `json:"pending"` // the section has no content yet
}

// Fix is one ASCII punctuation mark set as its Chinese counterpart.
type Fix struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	From    string `json:"from"`
	To      string `json:"to"`
	Context string `json:"context"`
}

// Font is one font of the document with what it set.
type Font struct {
	Name   string `json:"name"`
	Glyphs int    `json:"glyphs"` // distinct characters set in it
	Chars  int    `json:"chars"`  // characters set in it
}

// Image is one image file with where it is placed.
type Image struct {
	Path   string   `json:"path"`
	Width  int      `json:"width_px"` // 0 when unknown
	Height int      `json:"height_px"`
	PPI    int      `json:"effective_ppi"` // the lowest over its placements; 0 when unknown
	Pages  []string `json:"pages"`
}

// Message is a diagnostic.
type Message struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// Changes says which pages changed since the output's last manifest.
type Changes struct {
	First   bool     `json:"first"` // no earlier manifest
	Slots   []string `json:"slots"`
	Gone    []string `json:"gone"`
	Total   int      `json:"total"`
	Summary string   `json:"summary"` // "changed: 05 06 12 — 3 of 68"
}

// Input is what a report is made from; any field may be nil.
type Input struct {
	Kind, Plan, Output string
	Issue              *issue.Issue
	Document           *layout.Document // the issue's pages (before proof marks)
	Layout             *layout.Report
	Diags              diag.List
	Diff               *manifest.Diff // nil when nothing was compared
}

// Make builds the report.
func Make(in Input) *Report {
	r := &Report{Kind: in.Kind, Plan: in.Plan, Output: in.Output,
		Ranges: []Range{}, Overset: []string{}, Underfull: []string{}, Pending: []string{}, Fixes: []Fix{},
		Fonts: []Font{}, Images: []Image{}, Notes: []Message{}, Warnings: []Message{}, Errors: []Message{}}
	if iss := in.Issue; iss != nil {
		r.Title, r.Number, r.Date = iss.Title, iss.Number, iss.Date
		for _, a := range iss.Articles() {
			for _, f := range a.Fixes {
				r.Fixes = append(r.Fixes, Fix{File: a.File, Line: f.Line, From: string(f.From), To: string(f.To), Context: f.Context})
			}
		}
	}
	if in.Layout != nil {
		ranges := append([]layout.RangeFill(nil), in.Layout.Ranges...)
		if in.Issue != nil {
			// in page order (the 目录 is laid out last)
			first := map[issue.Pos]int{}
			for _, ps := range in.Issue.Pages {
				if len(ps.Slots) > 0 {
					first[ps.Pos] = ps.Slots[0]
				}
			}
			sort.SliceStable(ranges, func(i, j int) bool { return first[ranges[i].Pos] < first[ranges[j].Pos] })
		}
		for _, f := range ranges {
			g := Range{Slots: f.Slots, Section: f.Section, Fill: f.Percent(), UsedLines: f.UsedLines, TotalLines: f.TotalLines, OversetLines: f.Overset}
			g.Underfull = f.Overset == 0 && f.TotalLines > 0 && g.Fill < UnderfullBelow
			g.Pending = f.Pending
			r.Ranges = append(r.Ranges, g)
			if f.Pending {
				r.Pending = append(r.Pending, f.Slots)
			}
			if f.Overset > 0 {
				r.Overset = append(r.Overset, f.Slots)
			}
			if g.Underfull {
				r.Underfull = append(r.Underfull, f.Slots)
			}
		}
	}
	if doc := in.Document; doc != nil {
		for _, p := range doc.Pages {
			if !p.Overset {
				r.Pages++
			}
		}
		r.Fonts = fontsOf(doc)
		r.Images = imagesOf(doc, in.Issue)
		r.MinPPI = issue.DefaultMinPPIWarn
		if in.Issue != nil && in.Issue.Print.Pos.File != "" {
			// the plan's [print] min_ppi_warn (the loader sets the
			// default); 0 turns the check off: no image is listed as low
			r.MinPPI = in.Issue.Print.MinPPIWarn
		}
	}
	for _, d := range in.Diags.Sorted() {
		m := Message{File: d.File, Line: d.Line, Message: d.Message}
		switch d.Severity {
		case diag.Note:
			r.Notes = append(r.Notes, m)
		case diag.Warning:
			r.Warnings = append(r.Warnings, m)
		default:
			r.Errors = append(r.Errors, m)
		}
	}
	if d := in.Diff; d != nil {
		r.Changed = &Changes{First: d.First, Slots: append([]string{}, d.Changed...), Gone: append([]string{}, d.Removed...), Total: d.Total, Summary: d.String()}
	}
	return r
}

func fontsOf(doc *layout.Document) []Font {
	out := make([]Font, len(doc.Fonts))
	seen := make([]map[rune]bool, len(doc.Fonts))
	for i, f := range doc.Fonts {
		out[i].Name = f.Name
		seen[i] = map[rune]bool{}
	}
	for _, p := range doc.Pages {
		for _, run := range p.Runs {
			if run.Font < 0 || run.Font >= len(out) {
				continue
			}
			for _, c := range run.Text {
				out[run.Font].Chars++
				seen[run.Font][c] = true
			}
		}
	}
	used := []Font{}
	for i := range out {
		out[i].Glyphs = len(seen[i])
		if out[i].Chars > 0 {
			used = append(used, out[i])
		}
	}
	return used
}

// imagesOf lists the placed images in first-use order with their lowest
// effective resolution: pixels over the placed size, the smaller of the
// horizontal and vertical figure.
func imagesOf(doc *layout.Document, iss *issue.Issue) []Image {
	dims := map[string]*issue.Image{}
	if iss != nil {
		for _, ps := range iss.Pages {
			for _, c := range ps.Content {
				if c.Image != nil {
					dims[c.Image.Path] = c.Image
				}
				if c.Article != nil {
					for _, b := range c.Article.Blocks {
						if b.Image != nil {
							dims[b.Image.Path] = b.Image
						}
					}
				}
			}
		}
	}
	var out []Image
	at := map[string]int{}
	for _, p := range doc.Pages {
		for _, im := range p.Images {
			k, ok := at[im.Path]
			if !ok {
				k = len(out)
				at[im.Path] = k
				e := Image{Path: im.Path, Pages: []string{}}
				if d := dims[im.Path]; d != nil {
					e.Width, e.Height = d.Width, d.Height
				}
				out = append(out, e)
			}
			e := &out[k]
			if n := len(e.Pages); n == 0 || e.Pages[n-1] != p.Slot {
				e.Pages = append(e.Pages, p.Slot)
			}
			if v := issue.EffectivePPI(e.Width, e.Height, im.W, im.H); v > 0 && (e.PPI == 0 || v < e.PPI) {
				e.PPI = v
			}
		}
	}
	if out == nil {
		return []Image{}
	}
	return out
}

// JSON is the report as indented JSON with a final newline.
func (r *Report) JSON() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		panic(err) // cannot happen: strings, ints and bools
	}
	return b.Bytes()
}

// WriteText prints the report for people: a few lines, the ranges as a
// table. Warnings and errors are printed by the command as diagnostics
// beforehand; here they are only counted.
func (r *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "%s %s: %d pages\n", r.Title, r.Number, r.Pages)
	width := 0
	for _, g := range r.Ranges {
		width = max(width, displayWidth(rangeName(g)))
	}
	for _, g := range r.Ranges {
		name := rangeName(g)
		note := ""
		switch {
		case g.Pending:
			note = "  pending (no content yet)"
		case g.OversetLines > 0:
			note = fmt.Sprintf("  overset %d line%s", g.OversetLines, plural(g.OversetLines))
		case g.Underfull:
			note = "  underfull"
		}
		fmt.Fprintf(w, "  %s%s %3d %%%s\n", name+":", strings.Repeat(" ", width-displayWidth(name)), g.Fill, note)
	}
	if len(r.Overset) > 0 {
		fmt.Fprintf(w, "  overset: %s\n", strings.Join(r.Overset, ", "))
	}
	if len(r.Pending) > 0 {
		fmt.Fprintf(w, "  pending: %s\n", strings.Join(r.Pending, ", "))
	}
	if len(r.Underfull) > 0 {
		fmt.Fprintf(w, "  underfull (below %d %%): %s\n", UnderfullBelow, strings.Join(r.Underfull, ", "))
	}
	// punctuation fixes, one line per file: the marks with their counts
	var files []string
	byFile := map[string][]Fix{}
	for _, f := range r.Fixes {
		if byFile[f.File] == nil {
			files = append(files, f.File)
		}
		byFile[f.File] = append(byFile[f.File], f)
	}
	for _, file := range files {
		fs := byFile[file]
		var marks []string
		count := map[string]int{}
		for _, f := range fs {
			m := f.From + "→" + f.To
			if count[m] == 0 {
				marks = append(marks, m)
			}
			count[m]++
		}
		for i, m := range marks {
			marks[i] = fmt.Sprintf("%s ×%d", m, count[m])
		}
		fmt.Fprintf(w, "  %s: %d ASCII punctuation mark%s set as Chinese: %s (first at line %d)\n", file, len(fs), plural(len(fs)), strings.Join(marks, ", "), fs[0].Line)
	}
	if len(r.Fonts) > 0 {
		var fs []string
		for _, f := range r.Fonts {
			fs = append(fs, fmt.Sprintf("%s %d glyphs", f.Name, f.Glyphs))
		}
		fmt.Fprintf(w, "  fonts: %s\n", strings.Join(fs, ", "))
	}
	if len(r.Images) > 0 {
		low, unknown := []string{}, 0
		minPPI := 0
		for _, im := range r.Images {
			if im.PPI == 0 {
				unknown++
				continue
			}
			if minPPI == 0 || im.PPI < minPPI {
				minPPI = im.PPI
			}
			if im.PPI < r.MinPPI {
				low = append(low, fmt.Sprintf("%s %d ppi (%s)", filepath.Base(im.Path), im.PPI, strings.Join(im.Pages, " ")))
			}
		}
		line := fmt.Sprintf("  images: %d", len(r.Images))
		if minPPI > 0 {
			line += fmt.Sprintf(", lowest %d ppi", minPPI)
		}
		if len(low) > 0 {
			line += fmt.Sprintf("; under %d ppi: ", r.MinPPI) + strings.Join(low, ", ")
		}
		fmt.Fprintln(w, line)
	}
	for i, n := range r.Notes {
		if i == maxNotes && len(r.Notes) > maxNotes+1 {
			fmt.Fprintf(w, "  … and %d more notes (all in the JSON report)\n", len(r.Notes)-i)
			break
		}
		fmt.Fprintf(w, "  note: %s\n", n.String())
	}
	if n := len(r.Warnings); n > 0 {
		fmt.Fprintf(w, "  %d warning%s\n", n, plural(n))
	}
	if r.Changed != nil {
		fmt.Fprintf(w, "  %s\n", r.Changed.Summary)
	}
}

func (m Message) String() string {
	return diag.Diagnostic{File: m.File, Line: m.Line, Severity: diag.Error, Message: m.Message}.String()
}

// rangeName is "16–27 本期策划·微故事" (an en dash between slots).
func rangeName(g Range) string {
	s := strings.Replace(g.Slots, "-", "–", 1)
	if g.Section != "" {
		s += " " + g.Section
	}
	return s
}

// DisplayWidth is the width of s on a terminal: wide (CJK) characters
// count as two columns.
func DisplayWidth(s string) int { return displayWidth(s) }

// displayWidth counts wide (CJK) characters as two columns.
func displayWidth(s string) int {
	n := 0
	for _, c := range s {
		if c >= 0x1100 && (c <= 0x115F || c >= 0x2E80 && c <= 0xA4CF || c >= 0xAC00 && c <= 0xD7A3 || c >= 0xF900 && c <= 0xFAFF || c >= 0xFE30 && c <= 0xFE4F || c >= 0xFF00 && c <= 0xFF60 || c >= 0xFFE0 && c <= 0xFFE6 || c >= 0x20000) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
