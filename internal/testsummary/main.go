// Command testsummary reads `go test -json` on stdin and prints, per
// package, one line (ok or FAIL, with its counts); the whole output of every
// failed test and of every package that failed outside a test (a build
// error, a panic); every skipped test with its reason; and, last, the count
// of tests passed, failed and skipped (subtests count as tests). It exits 1
// when anything failed or no test ran, so `make test` fails too.
//
//	go test -json ./... | go run ./internal/testsummary
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

type event struct {
	Action     string
	Package    string
	ImportPath string // build-output, build-fail
	Test       string
	Elapsed    float64
	Output     string
}

type pkgState struct {
	pass, fail, skip int
	out              map[string]*strings.Builder // test ("" for the package) → output
}

func main() {
	os.Exit(summarize(os.Stdin, os.Stdout))
}

func summarize(in io.Reader, w io.Writer) int {
	pkgs := map[string]*pkgState{}
	state := func(p string) *pkgState {
		s := pkgs[p]
		if s == nil {
			s = &pkgState{out: map[string]*strings.Builder{}}
			pkgs[p] = s
		}
		return s
	}
	var total [3]int // passed, failed, skipped
	var skipped, failedPkgs []string
	failed := false
	build := map[string]*strings.Builder{}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Fprintf(w, "%s\n", line) // not an event: pass it on
			continue
		}
		switch e.Action {
		case "build-output":
			if build[e.ImportPath] == nil {
				build[e.ImportPath] = &strings.Builder{}
			}
			build[e.ImportPath].WriteString(e.Output)
			continue
		case "build-fail":
			failed = true
			fmt.Fprintf(w, "BUILD FAILED %s\n", e.ImportPath)
			if b := build[e.ImportPath]; b != nil {
				fmt.Fprint(w, indent(b.String()))
			}
			continue
		}
		s := state(e.Package)
		switch e.Action {
		case "output":
			b := s.out[e.Test]
			if b == nil {
				b = &strings.Builder{}
				s.out[e.Test] = b
			}
			b.WriteString(e.Output)
		case "pass", "fail", "skip":
			if e.Test == "" { // the package
				switch {
				case e.Action == "fail":
					failed = true
					failedPkgs = append(failedPkgs, e.Package)
					fmt.Fprintf(w, "FAIL\t%s\t%.1fs (%d passed, %d failed, %d skipped)\n", e.Package, e.Elapsed, s.pass, s.fail, s.skip)
					if s.fail == 0 { // failed outside a test: show why
						fmt.Fprint(w, indent(s.out[""].String()))
					}
				case s.pass+s.fail+s.skip == 0:
					fmt.Fprintf(w, "?\t%s\t(no tests)\n", e.Package)
				default:
					fmt.Fprintf(w, "ok\t%s\t%.1fs (%d passed, %d skipped)\n", e.Package, e.Elapsed, s.pass, s.skip)
				}
				continue
			}
			switch e.Action {
			case "pass":
				s.pass++
				total[0]++
			case "fail":
				s.fail++
				total[1]++
				failed = true
				fmt.Fprintf(w, "--- FAIL: %s.%s (%.2fs)\n", short(e.Package), e.Test, e.Elapsed)
				fmt.Fprint(w, indent(s.out[e.Test].String()))
			case "skip":
				s.skip++
				total[2]++
				skipped = append(skipped, fmt.Sprintf("%s.%s: %s", short(e.Package), e.Test, skipReason(s.out[e.Test].String())))
			}
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(w, "testsummary: reading go test -json: %v\n", err)
		failed = true
	}
	if len(skipped) > 0 {
		fmt.Fprintf(w, "\nskipped:\n")
		for _, s := range skipped {
			fmt.Fprintf(w, "  %s\n", s)
		}
	}
	fmt.Fprintf(w, "\ntests: %d passed, %d failed, %d skipped", total[0], total[1], total[2])
	if len(failedPkgs) > 0 {
		fmt.Fprintf(w, "; failed packages: %s", strings.Join(failedPkgs, " "))
	}
	fmt.Fprintln(w)
	if total[0]+total[1] == 0 {
		fmt.Fprintln(w, "testsummary: no test ran")
		return 1
	}
	if failed {
		return 1
	}
	return 0
}

// short is the package path without the module's.
func short(pkg string) string { return strings.TrimPrefix(pkg, "github.com/paiban/paiban/") }

// skipReason is what t.Skip said: the test's last output line that is not
// the --- SKIP line itself.
func skipReason(out string) string {
	reason := "(no reason given)"
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- SKIP") {
			continue
		}
		reason = l
	}
	return reason
}

func indent(s string) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if l != "" && !strings.HasPrefix(l, "=== ") {
			b.WriteString("    " + l)
		}
	}
	if !strings.HasSuffix(b.String(), "\n") {
		b.WriteString("\n")
	}
	return b.String()
}
