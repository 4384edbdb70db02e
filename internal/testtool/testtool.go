// Package testtool decides, for every test of the project, what happens when
// something a test needs from the machine is missing: an external program
// (the PDF checkers), a system file (an ICC profile) or a font.
//
// Under CI (the environment variable CI is "true", as .ci/run sets it) a
// missing requirement fails the test: CI installs everything, so a missing
// tool is a broken CI, not a reason to pass with fewer checks. Elsewhere
// the test is skipped, saying what is missing and which Debian package has
// it, and `make test` counts it as skipped. Tests never log and return.
//
// The one exception is the project's independent referee, pdfaudit, which
// is kept outside the repository and cannot be installed by CI: its checks
// run in subtests that Referee skips, visibly, when it is absent.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// packages names the Debian package of each external program the tests run.
var packages = map[string]string{
	"pdftotext": "poppler-utils",
	"pdfinfo":   "poppler-utils",
	"pdffonts":  "poppler-utils",
	"pdftoppm":  "poppler-utils",
	"qpdf":      "qpdf",
	"mutool":    "mupdf-tools",
	"gs":        "ghostscript",
}

// CI reports whether the tests run under CI (CI=true).
func CI() bool { return os.Getenv("CI") == "true" }

// Missing stops the test because something it needs is missing: a failure
// under CI, a skip elsewhere.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if CI() {
		t.Fatalf("CI=true, and "+format, args...)
	}
	t.Skipf(format+" (a failure under CI=true)", args...)
}

// Need returns when every tool is installed, and otherwise stops the test
// (Missing).
func Need(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			pkg := packages[tool]
			if pkg == "" {
				pkg = "?"
			}
			Missing(t, "%s is not installed (Debian: apt-get install %s)", tool, pkg)
		}
	}
}

// ReadFile returns the content of a file the system provides (pkg is the
// Debian package that installs it), or stops the test (Missing).
func ReadFile(t testing.TB, path, pkg string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		Missing(t, "cannot read %s (Debian: apt-get install %s): %v", path, pkg, err)
	}
	return b
}

// Referee returns the path of pdfaudit ($PDFAUDIT, else
// /work/shared/tools/pdfaudit) with the tools it runs, or skips the test
// (always a skip, CI or not: CI cannot install it). Call it in a subtest
// of its own so that the other checks still run.
func Referee(t testing.TB) string {
	t.Helper()
	for _, p := range []string{os.Getenv("PDFAUDIT"), "/work/shared/tools/pdfaudit"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			Need(t, "qpdf", "mutool", "pdffonts", "pdftotext")
			return p
		}
	}
	t.Skip("pdfaudit (the referee kept outside the repository) not found: set PDFAUDIT to run its checks")
	return ""
}
