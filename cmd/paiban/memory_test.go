package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// limitNow is the memory limit in force.
func limitNow() int64 { return debug.SetMemoryLimit(-1) }

// waitLimit waits for the tuner, which runs after a collection on the
// finalizer goroutine, to set the limit to want.
func waitLimit(t *testing.T, want int64, what string) {
	t.Helper()
	for range 200 {
		runtime.GC()
		if limitNow() == want {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%s: memory limit %d, want %d", what, limitNow(), want)
}

// The soft limit holds while the live data is small, is lifted when a
// build's live data outgrows it (no collecting without end) and comes
// back when the data is gone.
func TestTuneGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	stop := tuneGC()
	defer stop()
	waitLimit(t, memoryTarget, "small live data")
	if p := gcPercent(); p != limitedGCPercent {
		t.Errorf("GOGC %d under the limit, want %d", p, limitedGCPercent)
	}
	big := make([][]byte, 48)
	for i := range big {
		big[i] = make([]byte, 1<<20)
	}
	waitLimit(t, math.MaxInt64, "48 MiB live")
	if p := gcPercent(); p != 100 {
		t.Errorf("GOGC %d without the limit, want 100 (the heap would grow to five times the live data)", p)
	}
	runtime.KeepAlive(big)
	big = nil
	waitLimit(t, memoryTarget, "the data gone")
	stop()
	if limitNow() != math.MaxInt64 || gcPercent() != 100 {
		t.Errorf("stop left the limit %d, GOGC %d", limitNow(), gcPercent())
	}
}

// gcPercent is GOGC in force.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}
