package main

import (
	"io"
	"os"

	"golang.org/x/term"
)

// terminal returns w when it is a terminal, for the build's progress line;
// else (a file, a pipe, a buffer) nil: no progress in output kept.
func terminal(w io.Writer) io.Writer {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return w
	}
	return nil
}
