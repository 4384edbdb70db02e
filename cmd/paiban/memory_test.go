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
	big := make([][]byte, 48)
	for i := range big {
		big[i] = make([]byte, 1<<20)
	}
	waitLimit(t, math.MaxInt64, "48 MiB live")
	runtime.KeepAlive(big)
	big = nil
	waitLimit(t, memoryTarget, "the data gone")
	stop()
	if limitNow() != math.MaxInt64 {
		t.Error("stop left the limit set")
	}
}
