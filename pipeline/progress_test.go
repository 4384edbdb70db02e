package pipeline

import (
	"bytes"
	"testing"
	"time"
)

// The progress line: shown once the build has run a second, updated in
// place, cleared at the end; nothing before that second, and nothing at all
// without a terminal.
func TestProgressLine(t *testing.T) {
	var b bytes.Buffer
	p := startProgress(&b, time.Now().Add(-2*time.Second), "images")
	p.total(3)
	for range 3 {
		p.step()
	}
	p.done()
	want := "\rimages 1/3 …\x1b[K\rimages 2/3 …\x1b[K\rimages 3/3\x1b[K\r\x1b[K"
	if b.String() != want {
		t.Errorf("progress %q, want %q", b.String(), want)
	}

	b.Reset()
	p = startProgress(&b, time.Now(), "images")
	p.total(2)
	p.step()
	p.done()
	if b.Len() != 0 {
		t.Errorf("a build under a second shows %q", b.String())
	}

	var none *progress = startProgress(nil, time.Now().Add(-time.Hour), "images")
	none.total(1)
	none.step()
	none.done()
}
