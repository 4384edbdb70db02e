package pipeline

import (
	"github.com/paiban/paiban/internal/outfile"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/proof"
)

// changesFile adds the text list of the changed lines to the files Save
// writes with the proof, when ProofOptions.ChangesFile asks for it; it
// refuses a path that is an input of the plan.
func changesFile(res *Result, iss *issue.Issue, po *ProofOptions, popt proof.Options) error {
	if po.ChangesFile == "" {
		return nil
	}
	if err := CheckOutputs(iss.PlanFile, iss, po.ChangesFile); err != nil {
		return err
	}
	res.Extra = append(res.Extra, outfile.File{Path: po.ChangesFile, Data: []byte(proof.Report(popt.Changes, popt.Round))})
	return nil
}
