package pipeline

import (
	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/flatplan"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/pdf/cos"
)

// FlatplanOptions make Flatplan's sheets.
type FlatplanOptions struct {
	// Since is the earlier build or proof whose pages the flat plan marks
	// as changed: a PDF (its manifest beside it) or a manifest (.json);
	// "" compares nothing. A missing manifest is a warning.
	Since string
	Paper string // "a4" (default) or "a3"
}

// Flatplan lays out the plan as Run does — text that does not fit is a
// state the flat plan shows (overset), not an error — and sets res.PDF to
// its flat plan (package flatplan), and res.Diff to the changes since
// fo.Since when it is given. The print file is neither written nor
// changed: the flat plan reads the laid-out document.
func Flatplan(plan string, fo FlatplanOptions, c *Cache) (*Result, diag.List) {
	res, diags := Run(plan, Options{Cache: c, oversetPages: true})
	if diags.HasErrors() || res.Document == nil {
		return res, diags
	}
	iss, doc := res.Issue, res.Document
	in := flatplan.Input{Issue: iss, Document: doc, Layout: res.Report}
	if p := SincePath(fo.Since); p != "" {
		m, err := c.hasher().Compute(doc, iss.PlanFile, "flatplan")
		if err != nil {
			diags.Errorf(iss.PlanFile, 0, "hashing the pages: %v", err)
			return res, diags
		}
		old, err := manifest.Read(p)
		switch {
		case err != nil:
			diags.Warnf(p, 0, "%v: no page is marked changed", err)
		case old == nil:
			diags.Warnf(p, 0, "no manifest (the output of paiban build or proof): no page is marked changed")
		default:
			d := manifest.Compare(old, m)
			res.Diff = &d
			in.Changed = changedSet(d)
		}
	}
	out, err := flatplan.Make(in, flatplan.Options{Paper: fo.Paper, Fit: fitTargets(iss, doc)})
	if err != nil {
		diags.Errorf(iss.PlanFile, 0, "writing the flat plan: %v", err)
		return res, diags
	}
	res.PDF = out
	return res, diags
}

// changedSet is the set of slots d lists as changed (empty, not nil).
func changedSet(d manifest.Diff) map[string]bool {
	out := map[string]bool{}
	for _, s := range d.Changed {
		out[s] = true
	}
	return out
}

// prependFlatplan puts the flat plan of res in front of the proof pages in
// d (`paiban proof --flatplan`) and returns the page labels with the
// sheets' first. changed is what the proof marks as changed (nil: nothing
// was compared). The sheets get the issue's bleed as white paper, so
// that finishing gives every page of the proof a BleedBox.
func prependFlatplan(res *Result, d *cos.Doc, labels []string, changed map[string]bool) ([]string, error) {
	iss := res.Issue
	in := flatplan.Input{Issue: iss, Document: res.Document, Layout: res.Report, Changed: changed}
	sheets, names, err := flatplan.Render(in, flatplan.Options{Bleed: iss.Paper.Bleed, Fit: fitTargets(iss, res.Document)})
	if err != nil {
		return labels, err
	}
	if err := flatplan.Prepend(d, sheets); err != nil {
		return labels, err
	}
	return append(names, labels...), nil
}
