package testtool

import (
	"fmt"
	"strings"
	"testing"
)

// recorder is a testing.TB that records Fatalf and Skipf instead of
// stopping.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Fatalf(f string, a ...any) { r.fatal = fmt.Sprintf(f, a...) }
func (r *recorder) Skipf(f string, a ...any)  { r.skip = fmt.Sprintf(f, a...) }

// A missing tool skips the test, saying which package has it, and fails it
// under CI=true.
func TestNeed(t *testing.T) {
	t.Setenv("CI", "")
	r := &recorder{TB: t}
	Need(r, "paiban-no-such-tool")
	if r.fatal != "" || !strings.Contains(r.skip, "paiban-no-such-tool is not installed") {
		t.Errorf("without CI: fatal %q, skip %q", r.fatal, r.skip)
	}
	t.Setenv("CI", "true")
	r = &recorder{TB: t}
	Need(r, "paiban-no-such-tool")
	if r.skip != "" || !strings.HasPrefix(r.fatal, "CI=true, and paiban-no-such-tool is not installed") {
		t.Errorf("CI=true: fatal %q, skip %q", r.fatal, r.skip)
	}
	r = &recorder{TB: t}
	Need(r, "sh")
	if r.skip != "" || r.fatal != "" {
		t.Errorf("an installed tool: fatal %q, skip %q", r.fatal, r.skip)
	}
}
