package layout

import (
	"cmp"
	"runtime"
	"slices"
	"sync"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/issue"
)

// Ranges are laid out at the same time. Each section owns its slots, so a
// range's pages, and everything its layout decides, depend on that range
// alone: the 目录 and the cover, which read what the ranges set, are laid
// out after them. Each worker is a fork of the engine with state of its
// own (the font chains' lookup caches, diagnostics, report, missing
// characters, overset pages); what a range adds is taken off the worker
// when the range is done and merged in plan order, so the document, the
// report and the diagnostics are those of one engine laying the ranges
// out in sequence (TestParallelSameAsSequential).

// Workers, when above 0, is how many ranges are laid out at a time (tests
// set 1 to compare); 0 means GOMAXPROCS.
var Workers = 0

// rangeOut is what laying out one range added to a worker's state.
type rangeOut struct {
	diags   diag.List
	ranges  []RangeFill
	starts  []articleStart
	missing []missed
	extra   map[int][]*Page
	dropped []int
}

// missed is one character no font has, in a range, where it first occurred.
type missed struct {
	key  missKey
	info missInfo
}

// layoutRanges lays out every range of specs (neither 目录 nor pending).
func (e *engine) layoutRanges(specs []*issue.PageSpec) {
	workers := Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(specs))
	if workers <= 1 {
		for _, ps := range specs {
			e.layoutSpec(ps)
		}
		return
	}
	// the longest ranges first, so that no worker starts a long one last
	order := make([]int, len(specs))
	for i := range order {
		order[i] = i
	}
	weight := func(ps *issue.PageSpec) int {
		n := len(ps.Slots)
		for _, c := range ps.Content {
			if c.Article != nil {
				for _, b := range c.Article.Blocks {
					n += len(b.Text) / 512
				}
			}
		}
		return n
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(weight(specs[b]), weight(specs[a])) })
	outs := make([]rangeOut, len(specs))
	forks := make([]*engine, workers)
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for w := range forks {
		f := e.fork()
		forks[w] = f
		wg.Go(func() {
			for {
				mu.Lock()
				k := next
				next++
				mu.Unlock()
				if k >= len(order) {
					return
				}
				i := order[k]
				f.layoutSpec(specs[i])
				outs[i] = f.take()
			}
		})
	}
	wg.Wait()
	for _, o := range outs {
		e.merge(o)
	}
	for _, f := range forks {
		for _, c := range [][2]*faceChain{{e.body, f.body}, {e.heading, f.heading}, {e.quote, f.quote}} {
			if c[0] == nil {
				continue
			}
			for r := range c[1].borrowed {
				c[0].borrowed[r] = true
			}
		}
	}
}

// layoutSpec lays out one range: a section's content, or its placeholder
// while the content is pending.
func (e *engine) layoutSpec(ps *issue.PageSpec) {
	if ps.Pending {
		e.layoutPending(ps)
	} else {
		e.layoutRange(ps)
	}
}

// fork returns a worker: e's settings and document, state of its own.
func (e *engine) fork() *engine {
	f := *e
	f.diags = nil
	f.report = Report{}
	f.starts = nil
	f.missing = map[missKey]*missInfo{}
	f.missOrd = nil
	f.extra = map[int][]*Page{}
	f.dropped = map[int]bool{}
	f.picMemo = picMemo{}
	f.body, f.heading, f.quote = e.body.fork(), e.heading.fork(), e.quote.fork()
	return &f
}

// fork returns a chain of the same faces with empty caches.
func (c *faceChain) fork() *faceChain {
	if c == nil {
		return nil
	}
	f := &faceChain{faces: c.faces, ids: c.ids, cache: map[rune]int{}}
	if c.borrowed != nil {
		f.borrowed = map[rune]bool{}
	}
	return f
}

// take returns what the worker's last range added and clears it.
func (e *engine) take() rangeOut {
	o := rangeOut{diags: e.diags, ranges: e.report.Ranges, starts: e.starts, extra: e.extra}
	for _, k := range e.missOrd {
		o.missing = append(o.missing, missed{k, *e.missing[k]})
	}
	for id := range e.dropped {
		o.dropped = append(o.dropped, id)
	}
	e.diags, e.report.Ranges, e.starts = nil, nil, nil
	e.missing, e.missOrd = map[missKey]*missInfo{}, nil
	e.extra, e.dropped = map[int][]*Page{}, map[int]bool{}
	return o
}

// merge adds a range's output to e, as if e had laid the range out.
func (e *engine) merge(o rangeOut) {
	e.diags.Add(o.diags...)
	e.report.Ranges = append(e.report.Ranges, o.ranges...)
	e.starts = append(e.starts, o.starts...)
	for _, m := range o.missing {
		if have, ok := e.missing[m.key]; ok {
			have.count += m.info.count
			continue
		}
		info := m.info
		e.missing[m.key] = &info
		e.missOrd = append(e.missOrd, m.key)
	}
	for slot, ps := range o.extra {
		e.extra[slot] = append(e.extra[slot], ps...)
	}
	for _, id := range o.dropped {
		e.dropped[id] = true
	}
}
