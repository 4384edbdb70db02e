package pipeline

import (
	"errors"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/pdf"
)

// writeErrPos is the plan line a failure of the PDF writer comes from, so
// that it is reported there and not at line 0 of the plan: an image's (where
// the plan or an article names it), else the [[page]] that fills the page,
// a font's line in [fonts]; the plan itself only when it is none of these.
// doc is the document given to pdf.Render, fs the fonts it was set with.
func writeErrPos(iss *issue.Issue, doc *layout.Document, fs layout.Fonts, err error) issue.Pos {
	var pe *pdf.PageError
	if errors.As(err, &pe) && pe.Page >= 0 && pe.Page < len(doc.Pages) {
		p := doc.Pages[pe.Page]
		if pe.Image != "" {
			if at := imagePositions(iss).find(p.Code, pe.Image); at.File != "" {
				return at
			}
		}
		for _, ps := range iss.Pages {
			for _, s := range ps.Slots {
				if s >= 0 && s < len(iss.Slots) && iss.Slots[s].Code == p.Code {
					return ps.Pos
				}
			}
		}
	}
	var fe *pdf.FontError
	if errors.As(err, &fe) && fe.Font >= 0 && fe.Font < len(doc.Fonts) {
		face := doc.Fonts[fe.Font]
		type role struct {
			f   *fonts.Face
			ref issue.FontRef
		}
		roles := []role{{fs.Body, iss.Fonts.Body}, {fs.Heading, iss.Fonts.Heading}}
		if fs.Quote != nil && iss.Fonts.Quote != nil {
			roles = append(roles, role{fs.Quote, *iss.Fonts.Quote})
		}
		for i, f := range fs.Fallback {
			if i < len(iss.Fonts.Fallback) {
				roles = append(roles, role{f, iss.Fonts.Fallback[i]})
			}
		}
		for _, r := range roles {
			if r.f == face && r.ref.Pos.File != "" {
				return r.ref.Pos
			}
		}
	}
	return issue.Pos{File: iss.PlanFile}
}
