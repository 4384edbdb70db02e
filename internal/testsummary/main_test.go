package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestSummarize(t *testing.T) {
	const in = `{"Action":"run","Package":"m/a","Test":"TestOK"}
{"Action":"pass","Package":"m/a","Test":"TestOK","Elapsed":0.1}
{"Action":"run","Package":"m/a","Test":"TestSkip"}
{"Action":"output","Package":"m/a","Test":"TestSkip","Output":"    a_test.go:9: qpdf is not installed\n"}
{"Action":"output","Package":"m/a","Test":"TestSkip","Output":"--- SKIP: TestSkip (0.00s)\n"}
{"Action":"skip","Package":"m/a","Test":"TestSkip"}
{"Action":"pass","Package":"m/a","Elapsed":0.2}
{"Action":"run","Package":"m/b","Test":"TestBad"}
{"Action":"output","Package":"m/b","Test":"TestBad","Output":"    b_test.go:3: got 1, want 2\n"}
{"Action":"fail","Package":"m/b","Test":"TestBad"}
{"Action":"fail","Package":"m/b","Elapsed":0.3}
{"Action":"output","Package":"m/c","Output":"panic: boom\n"}
{"Action":"fail","Package":"m/c","Elapsed":0.1}
{"ImportPath":"m/d [m/d.test]","Action":"build-output","Output":"d_test.go:1: syntax error\n"}
{"ImportPath":"m/d [m/d.test]","Action":"build-fail"}
not json: passed on
`
	var out bytes.Buffer
	code := summarize(strings.NewReader(in), &out)
	s := out.String()
	for _, want := range []string{
		"ok\tm/a\t0.2s (1 passed, 1 skipped)",
		"--- FAIL: m/b.TestBad", "b_test.go:3: got 1, want 2",
		"FAIL\tm/c", "panic: boom",
		"BUILD FAILED m/d [m/d.test]", "d_test.go:1: syntax error",
		"not json: passed on",
		"m/a.TestSkip: a_test.go:9: qpdf is not installed",
		"tests: 1 passed, 1 failed, 1 skipped; failed packages: m/b m/c",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in:\n%s", want, s)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if code := summarize(strings.NewReader(`{"Action":"pass","Package":"m/a","Test":"T"}`+"\n"), &out); code != 0 {
		t.Errorf("all passed: exit %d", code)
	}
	if code := summarize(strings.NewReader(""), &out); code != 1 {
		t.Errorf("nothing ran: exit %d", code)
	}
}
