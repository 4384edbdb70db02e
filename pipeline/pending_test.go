package pipeline

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/paiban/paiban/layout"
)

// The plan of a standard issue in progress: a section whose content has not
// arrived was refused, so the plan could be neither built nor proofed. Now
// it builds and proofs with placeholder pages reported as pending, and
// --strict (the final print file) refuses it.
func TestPendingSectionBuilds(t *testing.T) {
	plan := writeSample(t)
	src, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	// drop the content of 论坛: the section is planned, its articles not in
	re := regexp.MustCompile(`(section = "论坛"[^\n]*\n)content = \[[^\]]*\][^\n]*\n`)
	if !re.Match(src) {
		t.Fatal("the sample has no 论坛 section to empty")
	}
	if err := os.WriteFile(plan, re.ReplaceAll(src, []byte("$1")), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, proof := range []bool{false, true} {
		opt := Options{WritePDF: true}
		if proof {
			opt.Proof = &ProofOptions{Round: 1}
		}
		res, d := Run(plan, opt)
		if d.HasErrors() || res.PDF == nil {
			t.Fatalf("proof %v: a plan with a pending section does not build:\n%v", proof, d.Err())
		}
		warned := false
		for _, x := range d {
			warned = warned || strings.Contains(x.Message, `pending: section "论坛" has no content yet`) && x.Line > 0
		}
		if !warned {
			t.Errorf("proof %v: no pending warning at the plan line:\n%v", proof, d)
		}
		var pending []*layout.Page
		for _, p := range res.Document.Pages {
			if p.Pending {
				pending = append(pending, p)
			}
		}
		if len(pending) == 0 || !strings.Contains(pageText(pending[0]), "待稿") {
			t.Errorf("proof %v: no placeholder page (%d pending pages)", proof, len(pending))
		}
		found := false
		for _, r := range res.Report.Ranges {
			found = found || r.Pending && r.Section == "论坛"
		}
		if !found {
			t.Errorf("proof %v: the report's ranges do not mark 论坛 pending", proof)
		}
	}
	res, d := Run(plan, Options{WritePDF: true, Strict: true})
	if !d.HasErrors() || res.PDF != nil {
		t.Fatalf("--strict built a plan with a pending section")
	}
	if !strings.Contains(d.Errors()[0].String(), "pending") {
		t.Errorf("--strict error does not name the pending section: %v", d.Errors())
	}
}

func pageText(p *layout.Page) string {
	var b strings.Builder
	for _, r := range p.Runs {
		b.WriteString(r.Text)
	}
	return b.String()
}
