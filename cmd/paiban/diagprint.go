package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"unicode/utf8"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/report"
)

// Diagnostics as compilers print them (gcc, rustc, typst): "file:line:col:
// error: message", the tag coloured on a terminal (not when NO_COLOR is
// set); for a diagnostic with a column (a plan key or value), the source
// line and a caret under what is meant. Errors come first; a build that
// succeeds prints its warnings after the report, where they are seen.

// printDiags prints errors and then warnings, sorted (notes are in the
// report).
func printDiags(w io.Writer, diags diag.List) {
	printErrors(w, diags)
	printWarnings(w, diags)
}

func printErrors(w io.Writer, diags diag.List)   { printSeverity(w, diags, diag.Error) }
func printWarnings(w io.Writer, diags diag.List) { printSeverity(w, diags, diag.Warning) }

func printSeverity(w io.Writer, diags diag.List, sev diag.Severity) {
	c := useColour(w)
	src := sources{}
	for _, d := range diags.Sorted() {
		if d.Severity == sev {
			fmt.Fprint(w, formatDiag(d, c, src))
		}
	}
}

// formatDiag is one diagnostic, with its source line and caret when it has
// a column, ending in a newline.
func formatDiag(d diag.Diagnostic, colour bool, src sources) string {
	var b strings.Builder
	b.WriteString(d.Where())
	b.WriteString(tag(d.Severity, colour))
	b.WriteString(d.Message)
	b.WriteByte('\n')
	if d.Line > 0 && d.Column > 0 {
		if line, ok := src.line(d.File, d.Line); ok {
			b.WriteString(caret(line, d.Line, d.Column, colour))
		}
	}
	return b.String()
}

// tag is "error: ", "warning: " or "note: ", coloured when asked.
func tag(s diag.Severity, colour bool) string {
	t, code := "error", "1;31"
	switch s {
	case diag.Warning:
		t, code = "warning", "1;33"
	case diag.Note:
		t, code = "note", "1;36"
	}
	if colour {
		return "\x1b[" + code + "m" + t + ":\x1b[0m "
	}
	return t + ": "
}

// caret shows a source line with its number and a caret under column col
// (in characters; wide characters take two columns on a terminal):
//
//	6 | trim = 210
//	  |        ^
func caret(line string, n, col int, colour bool) string {
	line = strings.ReplaceAll(strings.TrimRight(line, "\r"), "\t", " ")
	gutter := fmt.Sprintf("%4d | ", n)
	before := []rune(line)
	pad := report.DisplayWidth(string(before[:min(col-1, len(before))]))
	mark := "^"
	if colour {
		mark = "\x1b[1;32m^\x1b[0m"
	}
	return gutter + line + "\n" + strings.Repeat(" ", len(gutter)-2) + "| " + strings.Repeat(" ", pad) + mark + "\n"
}

// sources reads the files diagnostics point into, once each.
type sources map[string][]string

func (s sources) line(file string, n int) (string, bool) {
	lines, ok := s[file]
	if !ok {
		lines = nil
		if f, err := os.Open(file); err == nil {
			sc := bufio.NewScanner(f)
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				lines = append(lines, sc.Text())
			}
			f.Close()
		}
		s[file] = lines
	}
	if n < 1 || n > len(lines) {
		return "", false
	}
	l := strings.TrimPrefix(lines[n-1], "\ufeff")
	if !utf8.ValidString(l) || strings.ContainsFunc(l, func(r rune) bool { return r < 0x20 && r != '\t' }) {
		return "", false // a file in GBK or UTF-16: not shown raw on the terminal
	}
	return l, true
}

// useColour reports whether w is a terminal that gets colours: an
// *os.File on a character device, and NO_COLOR unset (no-color.org).
func useColour(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	return isTerminal(w)
}

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// errorLine prints a command-level error (a usage error, an output that
// cannot be written) with the error tag.
func errorLine(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "%s%s\n", tag(diag.Error, useColour(w)), fmt.Sprintf(format, args...))
}

// version is what --version prints: the module version from the build
// information (a release tag), or the VCS revision the binary was built
// from ("+modified" when the tree had changes), and the Go version. It
// holds no date, so the same source gives the same line.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	rev, modified := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if v == "" || v == "(devel)" || strings.Count(v, "-") >= 2 || strings.HasSuffix(v, "+dirty") {
		// not a release: a pseudo-version carries a date; say the commit
		v = "devel"
		if rev != "" {
			v += " " + rev[:min(12, len(rev))]
			if modified {
				v += "+modified"
			}
		}
	}
	return v + " (" + bi.GoVersion + ")"
}
