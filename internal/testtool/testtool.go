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
// The project's independent referee, pdfaudit, is kept outside the
// repository, in shared/ beside it. The project and its tests must not
// depend on it: Referee skips when it is absent, under CI too (what CI
// must have, .ci/run installs; pdfaudit is not among it).
package testtool

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// packages names the Debian package of each external program the tests run.
var packages = map[string]string{
	"pdftotext": "poppler-utils",
	"pdfinfo":   "poppler-utils",
	"pdffonts":  "poppler-utils",
	"pdftoppm":  "poppler-utils",
	"pdfimages": "poppler-utils",
	"qpdf":      "qpdf",
	"mutool":    "mupdf-tools",
	"gs":        "ghostscript",
	"transicc":  "liblcms2-utils",
}

// CI reports whether the tests run under CI (CI=true).
func CI() bool { return os.Getenv("CI") == "true" }

// Missing stops the test because something it needs is missing: a failure
// under CI, a skip elsewhere.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if CI() {
		t.Fatalf("CI=true, and "+format, args...)
		return
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

// Referee returns the path of pdfaudit with the tools it runs, or skips
// the test. pdfaudit is kept outside the repository: it is $PDFAUDIT, else
// ../shared/tools/pdfaudit from the module's root, else
// /work/shared/tools/pdfaudit. Its absence is a skip even under CI=true,
// because the tests must not depend on material outside the repository;
// the checks the project owns (qpdf, pdftotext, mutool, gs) fail there.
// Call it in a subtest of its own, so that the other checks still run.
func Referee(t testing.TB) string {
	t.Helper()
	candidates := []string{os.Getenv("PDFAUDIT")}
	if root := moduleRoot(); root != "" {
		candidates = append(candidates, filepath.Join(root, "..", "shared", "tools", "pdfaudit"))
	}
	for _, p := range append(candidates, "/work/shared/tools/pdfaudit") {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			Need(t, "qpdf", "mutool", "pdffonts", "pdftotext")
			return p
		}
	}
	t.Skip("pdfaudit (the referee kept in shared/tools beside the repository) not found; set PDFAUDIT to run it")
	return ""
}

// moduleRoot is the directory of the go.mod above the working directory
// (a test runs in its package's directory), or "".
func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}
