package pipeline

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// A build of an issue with many large photos takes seconds, most of them
// converting images; on a terminal, a build that has run for more than a
// second shows one updating line (`images 12/40 …`), cleared when the step
// ends. Options.Progress is that terminal; nil (output to a file or a pipe,
// the tests) shows nothing.

// progressDelay is how long a build runs before its progress is shown.
const progressDelay = time.Second

// progress is one step's counter on the progress line.
type progress struct {
	mu     sync.Mutex
	w      io.Writer // nil: nothing is shown
	start  time.Time // when the build started
	what   string
	n, of  int
	shown  bool
	shownN int
}

// startProgress starts counting a step on w (nil: silent); the build
// started at start.
func startProgress(w io.Writer, start time.Time, what string) *progress {
	return &progress{w: w, start: start, what: what}
}

// total sets the number of items of the step.
func (p *progress) total(n int) {
	if p != nil {
		p.of = n
	}
}

// step counts one item done and shows the line when the build has run long
// enough.
func (p *progress) step() {
	if p == nil || p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	if p.n == p.shownN || time.Since(p.start) < progressDelay {
		return
	}
	more := " …"
	if p.n == p.of {
		more = ""
	}
	fmt.Fprintf(p.w, "\r%s %d/%d%s\x1b[K", p.what, p.n, p.of, more)
	p.shown, p.shownN = true, p.n
}

// done clears the line, if it was shown.
func (p *progress) done() {
	if p == nil || p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}
