package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/units"
)

func input(t *testing.T) Input {
	t.Helper()
	serif, err := fonts.Builtin("serif")
	if err != nil {
		t.Fatal(err)
	}
	art := &issue.Article{File: "articles/a.txt", Title: "标题",
		Fixes: []issue.Fix{{Line: 4, From: ',', To: '，', Context: "中,文"}, {Line: 7, From: ';', To: '；'}, {Line: 9, From: ',', To: '，'}}}
	fig := &issue.Image{Path: "images/fig.jpg", Width: 1000, Height: 750}
	art.Blocks = []issue.Block{{Kind: issue.Figure, Image: fig}}
	cover := &issue.Image{Path: "images/cover.jpg", Width: 2552, Height: 3437}
	iss := &issue.Issue{PlanFile: "plan.toml", Title: "之江月刊", Number: "2026年第1期", Date: "2026-01-05",
		Pages: []*issue.PageSpec{
			{Pos: issue.Pos{File: "plan.toml", Line: 10}, Slots: []int{0}, Content: []*issue.Content{{Kind: issue.KindImage, Path: cover.Path, Image: cover}}},
			{Pos: issue.Pos{File: "plan.toml", Line: 20}, Slots: []int{3, 4}, Section: "目录", TOC: true},
			{Pos: issue.Pos{File: "plan.toml", Line: 15}, Slots: []int{2}, Section: "卷首", Content: []*issue.Content{{Kind: issue.KindArticle, Path: art.File, Article: art}}},
		}}
	doc := &layout.Document{Fonts: []*fonts.Face{serif}, Pages: []*layout.Page{
		{Slot: "封面", Images: []layout.Image{{Path: cover.Path, W: units.FromMM(216), H: units.FromMM(291)}}},
		{Slot: "01", Runs: []layout.GlyphRun{{Font: 0, Text: "中文中"}},
			Images: []layout.Image{{Path: fig.Path, W: units.FromMM(84.7), H: units.FromMM(63.5)}}},
		{Slot: "01+1", Overset: true, Runs: []layout.GlyphRun{{Font: 0, Text: "文字"}}},
	}}
	rep := &layout.Report{Ranges: []layout.RangeFill{
		{Slots: "封面", UsedLines: 1, TotalLines: 1, Pos: iss.Pages[0].Pos},
		{Slots: "01", Section: "卷首", UsedLines: 40, TotalLines: 40, Overset: 3, Pos: iss.Pages[2].Pos},
		{Slots: "02-03", Section: "目录", UsedLines: 20, TotalLines: 80, Pos: iss.Pages[1].Pos},
	}}
	var d diag.List
	d.Notef("plan.toml", 10, "images/cover.jpg: 300 ppi")
	d.Warnf("plan.toml", 15, "overset: …")
	diff := manifest.Compare(
		&manifest.Manifest{Pages: []manifest.Page{{Slot: "封面", Hash: "a"}, {Slot: "01", Hash: "b"}}},
		&manifest.Manifest{Pages: []manifest.Page{{Slot: "封面", Hash: "a"}, {Slot: "01", Hash: "c"}, {Slot: "01+1", Hash: "d"}}})
	return Input{Kind: "proof", Plan: "plan.toml", Output: "proof.pdf", Issue: iss, Document: doc, Layout: rep, Diags: d, Diff: &diff}
}

func TestJSON(t *testing.T) {
	r := Make(input(t))
	b := r.JSON()
	if !bytes.Equal(b, Make(input(t)).JSON()) {
		t.Fatal("JSON differs between two reports of the same input")
	}
	// key order is the field order, at the top level
	var keys []string
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.Token()
	for dec.More() {
		k, _ := dec.Token()
		keys = append(keys, k.(string))
		var skip json.RawMessage
		dec.Decode(&skip)
	}
	want := []string{"kind", "plan", "output", "title", "number", "date", "pages", "ranges", "overset", "underfull", "pending",
		"punctuation_fixes", "fonts", "images", "min_ppi_warn", "notes", "warnings", "errors", "changed"}
	if !reflect.DeepEqual(keys, want) {
		t.Fatalf("keys %v\nwant %v", keys, want)
	}
	var got struct {
		Pages  int
		Ranges []struct {
			Slots        string
			Fill         int `json:"fill_percent"`
			OversetLines int `json:"overset_lines"`
			Underfull    bool
		}
		Overset   []string
		Underfull []string
		Fixes     []struct{ File, From, To string } `json:"punctuation_fixes"`
		Fonts     []struct {
			Name          string
			Glyphs, Chars int
		}
		Images []struct {
			Path  string
			PPI   int `json:"effective_ppi"`
			Pages []string
		}
		Notes, Warnings, Errors []struct {
			File    string
			Line    int
			Message string
		}
		Changed struct {
			Slots   []string
			Summary string
		}
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Pages != 2 {
		t.Errorf("pages %d, want 2 (the overset page is not one of the issue's)", got.Pages)
	}
	if len(got.Ranges) != 3 || got.Ranges[1].Slots != "01" || got.Ranges[2].Slots != "02-03" {
		t.Errorf("ranges not in page order: %+v", got.Ranges)
	}
	if got.Ranges[1].OversetLines != 3 || !got.Ranges[2].Underfull || got.Ranges[2].Fill != 25 {
		t.Errorf("ranges %+v", got.Ranges)
	}
	if !reflect.DeepEqual(got.Overset, []string{"01"}) || !reflect.DeepEqual(got.Underfull, []string{"02-03"}) {
		t.Errorf("overset %v underfull %v", got.Overset, got.Underfull)
	}
	if len(got.Fixes) != 3 || got.Fixes[0].From != "," || got.Fixes[0].To != "，" {
		t.Errorf("fixes %+v", got.Fixes)
	}
	if len(got.Fonts) != 1 || got.Fonts[0].Glyphs != 3 || got.Fonts[0].Chars != 5 {
		t.Errorf("fonts %+v", got.Fonts)
	}
	if len(got.Images) != 2 || got.Images[0].PPI != 300 || got.Images[1].PPI != 300 || !reflect.DeepEqual(got.Images[1].Pages, []string{"01"}) {
		t.Errorf("images %+v", got.Images)
	}
	if len(got.Notes) != 1 || len(got.Warnings) != 1 || got.Errors == nil || len(got.Errors) != 0 {
		t.Errorf("notes %v warnings %v errors %v", got.Notes, got.Warnings, got.Errors)
	}
	if !reflect.DeepEqual(got.Changed.Slots, []string{"01", "01+1"}) || got.Changed.Summary != "changed: 01 01+1 — 2 of 3" {
		t.Errorf("changed %+v", got.Changed)
	}
	// an empty report has lists, not nulls
	empty := string(Make(Input{Kind: "check"}).JSON())
	if strings.Count(empty, "null") != 1 || !strings.Contains(empty, `"changed": null`) {
		t.Errorf("empty report has null lists:\n%s", empty)
	}
}

func TestText(t *testing.T) {
	var b bytes.Buffer
	Make(input(t)).WriteText(&b)
	out := b.String()
	for _, want := range []string{
		"之江月刊 2026年第1期: 2 pages\n",
		"01 卷首:",
		"overset 3 lines",
		"02–03 目录:",
		"underfull",
		"articles/a.txt: 3 ASCII punctuation marks set as Chinese: ,→， ×2, ;→； ×1 (first at line 4)",
		"fonts: builtin:serif 3 glyphs",
		"images: 2, lowest 300 ppi",
		"note: plan.toml:10: images/cover.jpg: 300 ppi",
		"1 warning\n",
		"changed: 01 01+1 — 2 of 3",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "01 卷首") > strings.Index(out, "02–03 目录") {
		t.Errorf("ranges not in page order:\n%s", out)
	}
}

// The images under the plan's [print] min_ppi_warn are listed; with
// min_ppi_warn = 0 (the check off) none is, whatever its resolution.
func TestTextLowImagesFollowMinPPIWarn(t *testing.T) {
	for _, c := range []struct {
		warn int
		want string // "" for no list
	}{{400, "; under 400 ppi: cover.jpg 300 ppi (封面), fig.jpg 300 ppi (01)"}, {0, ""}} {
		in := input(t)
		in.Issue.Print.Pos = issue.Pos{File: "plan.toml"}
		in.Issue.Print.MinPPIWarn = c.warn
		var b bytes.Buffer
		r := Make(in)
		r.WriteText(&b)
		out := b.String()
		if c.want != "" && !strings.Contains(out, "images: 2, lowest 300 ppi"+c.want+"\n") ||
			c.want == "" && (strings.Contains(out, "; under ") || !strings.Contains(out, "images: 2, lowest 300 ppi\n")) {
			t.Errorf("min_ppi_warn = %d: text report:\n%s", c.warn, out)
		}
		if r.MinPPI != c.warn {
			t.Errorf("min_ppi_warn = %d: report has %d", c.warn, r.MinPPI)
		}
	}
}
