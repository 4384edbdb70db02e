package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// memoryTarget is a soft limit on the memory of the Go runtime of a
// build of a magazine's size (runtime/debug.SetMemoryLimit). A build's
// live data is small (the sample: 10–15 MB for the set pages, up to about
// 30 MB while a photo is decoded and downsampled), but with the default
// GOGC=100 the heap may grow to twice the largest live data before it is
// collected — a peak made of a photo's buffers, dead a moment later. With
// the limit the collector runs a few more cycles while photos are
// converted (the sample: about 40 instead of 35, mostly over buffers
// without pointers) and the peak resident memory of the cold sample build
// is 57–59 MiB instead of 75–90 (16 MiB of it the program's own pages).
const memoryTarget = 44 << 20

// tuneGC sets memoryTarget, unless GOGC or GOMEMLIMIT say otherwise, and
// returns a function that stops tuning (and lifts the limit). A build whose
// live data outgrows the target (an issue of camera photos decoded two at
// a time, or of hundreds of pages) must not spend its time collecting:
// after a collection that leaves more than 7/8 of the target live the
// limit is lifted (GOGC alone decides, as without it), and it is set again
// once the live data is below half of it.
func tuneGC() (stop func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	t := &gcTuner{target: memoryTarget, limited: true}
	debug.SetMemoryLimit(t.target)
	debug.SetGCPercent(limitedGCPercent)
	afterGC(t.adjust, &t.stopped)
	return func() {
		t.stopped.Store(true)
		debug.SetMemoryLimit(math.MaxInt64)
		debug.SetGCPercent(100)
	}
}

// limitedGCPercent is GOGC while the limit holds: the heap may grow to
// five times its live data, so the limit, not the small heaps of a build's
// first moments, decides when to collect (the sample's cold build collected
// about 40 times, most of them over heaps of 3–12 MB; a build after an
// edit spent a fifth of its processor time assisting the collector).
// Without the limit GOGC is 100 again.
const limitedGCPercent = 400

type gcTuner struct {
	target  int64
	limited bool // the limit is set (only adjust changes it, on one goroutine)
	stopped atomic.Bool
}

var liveHeap = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}

// adjust runs after each collection.
func (t *gcTuner) adjust() {
	metrics.Read(liveHeap)
	if liveHeap[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	switch n := int64(liveHeap[0].Value.Uint64()); {
	case t.limited && n > t.target*7/8:
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
		t.limited = false
	case !t.limited && n < t.target/2:
		debug.SetMemoryLimit(t.target)
		debug.SetGCPercent(limitedGCPercent)
		t.limited = true
	}
}

// afterGC calls f after every garbage collection until stopped, on the
// finalizer goroutine: an object only its finalizer refers to is found
// unreachable by each cycle, and the finalizer sets itself again.
func afterGC(f func(), stopped *atomic.Bool) {
	h := &gcHook{f: f, stopped: stopped}
	runtime.SetFinalizer(h, (*gcHook).run)
}

type gcHook struct {
	f       func()
	stopped *atomic.Bool
}

func (h *gcHook) run() {
	if h.stopped.Load() {
		return
	}
	h.f()
	runtime.SetFinalizer(h, (*gcHook).run)
}
