package pipeline

import (
	"fmt"
	"strings"
	"time"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/finish"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/pdf"
	"github.com/paiban/paiban/proof"
	"github.com/paiban/paiban/raster"
)

// ProofOptions make Run write page proofs (`paiban proof`) instead of the
// print PDF: overset text is set on extra pages (a warning, not an error),
// every page gets the proof watermark and stamp (package proof), and the
// PDF is finished without printer's marks (page labels, document ID).
type ProofOptions struct {
	Round   int    // the proof round (第N校); below 1 means 1
	Date    string // YYYY-MM-DD for the stamp; "" takes the plan's date
	Spreads bool   // reader spreads instead of single pages
	// Flatplan puts the flat plan of the issue (package flatplan) in
	// front of the proof pages, with the same pages marked changed.
	Flatplan bool
	// Since is the manifest the stamp's "changed" compares with: a
	// manifest file (.json), or a PDF beside which its manifest lies
	// (usually the proof's own output, i.e. the previous round). "" or a
	// missing manifest marks nothing. With per-line records in it, the
	// lines changed since are marked too (proof.Diff, marks.go).
	Since string
	// ChangesFile, when set, is where the list of changed lines is written
	// as text (`--changes`), with the proof.
	ChangesFile string
}

// SincePath is the manifest file ProofOptions.Since names.
func SincePath(since string) string {
	if since == "" || strings.HasSuffix(since, ".json") {
		return since
	}
	return manifest.Path(since)
}

// CheckDate validates a YYYY-MM-DD date.
func CheckDate(s string) error {
	if _, err := time.Parse("2006-01-02", s); err != nil {
		return fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	return nil
}

// writeProof makes res.PDF the proof of res.Document; h and converted are
// checkImages's.
func writeProof(res *Result, diags diag.List, opt Options, h *manifest.Hasher, converted map[string]*raster.Image) (*Result, diag.List) {
	iss, doc, po := res.Issue, res.Document, opt.Proof
	m, err := h.Compute(doc, iss.PlanFile, "proof")
	if err != nil {
		diags.Errorf(iss.PlanFile, 0, "hashing the pages: %v", err)
		return res, diags
	}
	m.AddLines(iss, doc, proof.Slug)
	var old *manifest.Manifest
	if p := SincePath(po.Since); p != "" {
		if old, err = manifest.Read(p); err != nil {
			diags.Warnf(p, 0, "%v: no page is marked changed", err)
			old = nil
		}
	}
	d := manifest.Compare(old, m)
	changed := map[string]bool{}
	if !d.First {
		for _, s := range d.Changed {
			changed[s] = true
		}
	}
	hashes := make([]string, len(m.Pages))
	for i, p := range m.Pages {
		hashes[i] = p.Hash
	}
	date := po.Date
	if date == "" {
		date = iss.Date
	}
	popt := proof.Options{Round: po.Round, Date: date, Hashes: hashes, Changed: changed, Spreads: po.Spreads, Manifest: m}
	if !d.First {
		popt.Changes = proof.Diff(old, m)
	}
	pd, err := proof.Make(doc, popt)
	if err != nil {
		diags.Errorf(iss.PlanFile, 0, "%v", err)
		return res, diags
	}
	col, err := colourOf(iss)
	if err != nil {
		diags.Errorf(iss.Print.Pos.File, iss.Print.Pos.Line, "[print]: %v", err)
		return res, diags
	}
	objs, err := pdf.Render(pd, pdf.Options{Slug: proof.Slug, Cache: opt.Cache.pdfCache(), Fit: fitTargets(iss, res.Document), Colour: col, Photo: photoOptions(iss.Print), Converted: converted})
	if err != nil {
		at := writeErrPos(iss, pd, res.fonts, err) // writeerr.go
		diags.Errorf(at.File, at.Line, "writing the proof: %v", err)
		return res, diags
	}
	// The finishing steps give the proof its page labels (封二|01 for a
	// spread) and a document ID; a proof they refuse is kept as written.
	labels := make([]string, len(pd.Pages))
	for i, p := range pd.Pages {
		labels[i] = p.Label
	}
	fo := finish.Options{Title: iss.Title, Number: iss.Number, Date: date, Labels: labels, Bleed: iss.Paper.Bleed, Proof: true}
	fin := objs.Clone() // Apply edits in place; a refusal keeps objs as they were
	if po.Flatplan {
		var marked map[string]bool // nil: nothing compared
		if !d.First {
			marked = changed
		}
		if fo.Labels, err = prependFlatplan(res, fin, labels, marked); err != nil { // flatplan.go
			diags.Errorf(iss.PlanFile, 0, "the flat plan: %v", err)
			return res, diags
		}
		res.Sheets = len(fo.Labels) - len(labels)
	}
	if err := finish.Apply(fin, fo); err != nil {
		diags.Warnf(iss.PlanFile, 0, "the proof has no page labels: %v", err)
		fin = objs.Clone() // Annotate edits it; objs may be cached
	}
	if err := proof.Annotate(fin, pd, doc, popt); err != nil {
		diags.Warnf(iss.PlanFile, 0, "the proof's changed lines are not highlighted: %v", err)
	}
	if err := changesFile(res, iss, po, popt); err != nil {
		diags.Errorf(iss.PlanFile, 0, "%v", err)
		return res, diags
	}
	out := fin.Bytes()
	res.Manifest, res.Diff, res.Proof, res.PDF, res.Changes = m, &d, pd, out, popt.Changes
	return res, diags
}
