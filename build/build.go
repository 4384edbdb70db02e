// Package build runs the whole pipeline for one plan: read the plan and its
// content (issue), load the fonts (fonts), set the pages (layout), write the
// PDF (pdf) and finish it for print (finish). The command is a thin layer on
// top of it.
package build

import (
	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/finish"
	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/pdf"
)

// Result is what a run produced.
type Result struct {
	Issue    *issue.Issue
	Document *layout.Document
	Report   *layout.Report
	PDF      []byte // nil for check runs or when there are errors

	Manifest *manifest.Manifest // what is on the pages, when PDF is set
	Diff     *manifest.Diff     // proofs: changes since ProofOptions.Since; after Save: since the last manifest
	Proof    *layout.Document   // proofs: the pages as stamped (spreads when asked)
}

// Options select what a run does.
type Options struct {
	WritePDF bool // false for `paiban check`
	Strict   bool // every warning is an error (`--strict`, for the final print file)

	Proof *ProofOptions // write page proofs instead of the print PDF (proof.go)
	Cache *Cache        // reuse the work of earlier runs in this process (cache.go)
}

// Run reads, lays out and (optionally) writes the plan. Diagnostics include
// warnings and notes; the run failed when they hold an error, and then
// Result.PDF is nil.
func Run(planPath string, opt Options) (*Result, diag.List) {
	res := &Result{}
	iss, diags := issue.LoadCached(planPath, opt.Cache.articles())
	res.Issue = iss
	if iss == nil || diags.HasErrors() {
		return res, diags
	}
	fs, fd := loadFonts(iss)
	diags.Add(fd...)
	if fd.HasErrors() {
		return res, diags
	}
	doc, rep, ld := layout.LayoutWith(iss, fs, layout.Options{OversetPages: opt.Proof != nil, Cache: opt.Cache.layoutCache()})
	opt.Cache.prune()
	diags.Add(ld...)
	res.Document, res.Report = doc, rep
	if doc != nil {
		diags.Add(checkImages(iss, doc)...) // images.go: resolution, conversions
	}
	if opt.Strict {
		diags = diags.Strict()
	}
	if diags.HasErrors() || !opt.WritePDF {
		return res, diags
	}
	if opt.Proof != nil {
		return writeProof(res, diags, opt)
	}
	manifestOf := startManifest(opt.Cache, doc, iss.PlanFile, "build") // output.go: hashed while the PDF is written
	// gopdf draws, one object pass corrects (pdf.Render), finish completes
	// the same objects, and the file is serialised once.
	pd, err := pdf.Render(doc, pdf.Options{Cache: opt.Cache.pdfCache()})
	if err != nil {
		diags.Errorf(iss.PlanFile, 0, "writing the PDF: %v", err)
		return res, diags
	}
	labels := make([]string, len(doc.Pages))
	for i, p := range doc.Pages {
		labels[i] = p.Label
	}
	if err := finish.Apply(pd, printOptions(iss, labels)); err != nil {
		diags.Errorf(iss.PlanFile, 0, "finishing the PDF: %v", err)
		return res, diags
	}
	out := pd.Bytes()
	if res.Manifest, err = manifestOf(); err != nil {
		diags.Errorf(iss.PlanFile, 0, "hashing the pages: %v", err)
		return res, diags
	}
	res.PDF = out
	return res, diags
}

// loadFonts loads the faces of the plan's font roles.
func loadFonts(iss *issue.Issue) (layout.Fonts, diag.List) {
	var d diag.List
	load := func(ref issue.FontRef) *fonts.Face {
		var f *fonts.Face
		var err error
		if ref.Builtin != "" {
			f, err = fonts.Builtin(ref.Builtin)
		} else {
			f, err = loadFontFile(ref.Path, ref.Index) // cache.go
		}
		if err != nil {
			d.Errorf(ref.Pos.File, ref.Pos.Line, "%v", err)
			return nil
		}
		return f
	}
	var fs layout.Fonts
	fs.Body = load(iss.Fonts.Body)
	fs.Heading = load(iss.Fonts.Heading)
	for _, ref := range iss.Fonts.Fallback {
		if f := load(ref); f != nil {
			fs.Fallback = append(fs.Fallback, f)
		}
	}
	return fs, d
}
