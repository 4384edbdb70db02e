// Package diag holds diagnostics: values with a source position, collected by
// every stage and printed by the command as "file:line: message".
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Severity orders diagnostics; only errors make a run fail.
type Severity int

const (
	Error Severity = iota
	Warning
	Note
)

// Diagnostic is one message about one place in the input.
type Diagnostic struct {
	File     string // path as the user gave it (relative to the working directory when possible)
	Line     int    // 1-based; 0 when the message is about the whole file
	Column   int    // 1-based, in characters, of the key or value meant; 0 when unknown
	Severity Severity
	Message  string
}

// Where is the diagnostic's position as it is printed before the message:
// "file:line:column: ", "file:line: ", "file: " or "".
func (d Diagnostic) Where() string {
	if d.File == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Column > 0 {
			fmt.Fprintf(&b, ":%d", d.Column)
		}
	}
	b.WriteString(": ")
	return b.String()
}

func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Where())
	switch d.Severity {
	case Warning:
		b.WriteString("warning: ")
	case Note:
		b.WriteString("note: ")
	}
	b.WriteString(d.Message)
	return b.String()
}

// List collects diagnostics.
type List []Diagnostic

// Errorf adds an error at file:line.
func (l *List) Errorf(file string, line int, format string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Severity: Error, Message: fmt.Sprintf(format, args...)})
}

// ErrorAt adds an error at file:line:column (column 0: the line).
func (l *List) ErrorAt(file string, line, column int, format string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Column: column, Severity: Error, Message: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning at file:line.
func (l *List) Warnf(file string, line int, format string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Severity: Warning, Message: fmt.Sprintf(format, args...)})
}

// Strict returns the list with every warning made an error (`--strict`:
// the final print file allows none).
func (l List) Strict() List {
	out := make(List, len(l))
	for i, d := range l {
		if d.Severity == Warning {
			d.Severity = Error
			d.Message += " (an error with --strict)"
		}
		out[i] = d
	}
	return out
}

// Notef adds a note (report line) at file:line.
func (l *List) Notef(file string, line int, format string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Severity: Note, Message: fmt.Sprintf(format, args...)})
}

// Add appends other diagnostics.
func (l *List) Add(other ...Diagnostic) { *l = append(*l, other...) }

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns the errors only.
func (l List) Errors() List {
	var out List
	for _, d := range l {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Sorted returns the list ordered by file, line and severity, keeping the
// original order among equals, so output is deterministic.
func (l List) Sorted() List {
	out := append(List(nil), l...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		if out[i].Column != out[j].Column {
			return out[i].Column < out[j].Column
		}
		return out[i].Severity < out[j].Severity
	})
	return out
}

// Err returns the list as an error when it holds errors, or nil.
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return errList(l.Errors())
}

type errList List

func (e errList) Error() string {
	s := make([]string, len(e))
	for i, d := range e {
		s[i] = d.String()
	}
	return strings.Join(s, "\n")
}
