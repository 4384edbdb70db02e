package layout

import (
	"os"
	"testing"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
)

func TestDebugPlan(t *testing.T) {
	plan := os.Getenv("PAIBAN_DEBUG_PLAN")
	if plan == "" {
		t.Skip("set PAIBAN_DEBUG_PLAN")
	}
	iss, d := issue.Load(plan)
	for _, x := range d {
		t.Log(x.String())
	}
	if d.HasErrors() {
		t.Fatal("plan errors")
	}
	serif, err := fonts.Builtin("serif")
	if err != nil {
		t.Fatal(err)
	}
	sans, _ := fonts.Builtin("sans")
	doc, rep, ld := Layout(iss, Fonts{Body: serif, Heading: sans})
	for _, x := range ld {
		t.Log(x.String())
	}
	for _, r := range rep.Ranges {
		t.Logf("%s %s %d%%", r.Slots, r.Section, r.Percent())
	}
	for _, p := range doc.Pages {
		t.Log(p.Trace())
	}
}

func TestDebugPlanCheck(t *testing.T) {
	plan := os.Getenv("PAIBAN_DEBUG_PLAN")
	if plan == "" {
		t.Skip("set PAIBAN_DEBUG_PLAN")
	}
	iss, _ := issue.Load(plan)
	serif, _ := fonts.Builtin("serif")
	sans, _ := fonts.Builtin("sans")
	doc, _, _ := Layout(iss, Fonts{Body: serif, Heading: sans})
	if v := doc.CheckTypography(); len(v) > 0 {
		t.Error(violationsString(v))
	}
}

func BenchmarkDebugPlan(b *testing.B) {
	plan := os.Getenv("PAIBAN_DEBUG_PLAN")
	if plan == "" {
		b.Skip("set PAIBAN_DEBUG_PLAN")
	}
	iss, _ := issue.Load(plan)
	serif, _ := fonts.Builtin("serif")
	sans, _ := fonts.Builtin("sans")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Layout(iss, Fonts{Body: serif, Heading: sans})
	}
}
