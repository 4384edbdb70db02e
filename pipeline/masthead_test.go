package pipeline

import (
	"os"
	"strings"
	"testing"

	"github.com/paiban/paiban/layout"
)

// mastheadCase is the sample with its plan edited, and the masthead's
// colour it should get.
type mastheadCase struct {
	name      string
	edit      func(string) string
	want      layout.CMYK
	wantNoted bool // the choice is noted (picked, not set by the plan)
}

// The default masthead takes a colour that stands out from the cover image
// behind it: deep blue over the sample's light sky, paper white over a
// night sky; [issue] masthead sets it.
func TestMastheadContrastsWithCover(t *testing.T) {
	for _, c := range []mastheadCase{
		{"light cover", func(s string) string { return s }, layout.CMYK{C: 100, M: 80, K: 20}, true},
		{"night cover", func(s string) string {
			return strings.Replace(s, `content = ["images/cover.jpg"]`, `content = ["images/back-cover.jpg"]`, 1)
		}, layout.CMYK{}, true},
		{"from the plan", func(s string) string {
			return strings.Replace(s, "[issue]\n", "[issue]\nmasthead = [0, 60, 100, 0]\n", 1)
		}, layout.CMYK{M: 60, Y: 100}, false},
	} {
		plan := writeSample(t)
		b, err := os.ReadFile(plan)
		if err != nil {
			t.Fatal(err)
		}
		s := c.edit(string(b))
		if c.name != "light cover" && s == string(b) {
			t.Fatalf("%s: the sample plan changed shape", c.name)
		}
		if err := os.WriteFile(plan, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		res, diags := Run(plan, Options{})
		if diags.HasErrors() {
			t.Fatalf("%s: %v", c.name, diags.Err())
		}
		noted := false
		for _, d := range diags {
			noted = noted || strings.Contains(d.Message, "masthead colour")
		}
		if noted != c.wantNoted {
			t.Errorf("%s: masthead choice noted %v, want %v", c.name, noted, c.wantNoted)
		}
		cover := res.Document.Pages[0]
		found := false
		for _, r := range cover.Runs {
			if strings.Contains(r.Text, "之江") {
				found = true
				if r.Color != c.want {
					t.Errorf("%s: masthead in %v, want %v", c.name, r.Color, c.want)
				}
			}
		}
		if !found {
			t.Errorf("%s: no masthead on the cover", c.name)
		}
	}
}
