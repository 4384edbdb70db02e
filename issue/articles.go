package issue

import (
	"runtime"
	"slices"

	"github.com/paiban/paiban/diag"
)

// The articles a plan places are read and parsed in parallel, GOMAXPROCS at
// a time, while the plan is read on (each is a file of its own, parsed
// alone); finishLoads then puts each in its place in plan order, with its
// diagnostics, exactly as reading them one after another would.

// articleLoad is one article content entry being loaded.
type articleLoad struct {
	c     *Content
	ps    *PageSpec
	first *Content // a second placement of the article of first
	done  chan struct{}
	a     *Article
	d     diag.List
}

// startLoad starts loading the article of c, a content entry of ps.
func (r *planReader) startLoad(c *Content, ps *PageSpec) {
	if r.slots == nil {
		r.slots = make(chan struct{}, runtime.GOMAXPROCS(0))
	}
	l := &articleLoad{c: c, ps: ps, done: make(chan struct{})}
	r.loads = append(r.loads, l)
	r.slots <- struct{}{}
	go func() {
		defer func() { <-r.slots; close(l.done) }()
		l.a = r.cache.load(c.Path, c.Pos, &l.d) // cache.go
	}()
}

// finishLoads waits for the articles, sets them in their content entries
// with their diagnostics, in plan order, and takes out the entries whose
// article could not be loaded.
func (r *planReader) finishLoads() {
	for _, l := range r.loads {
		if l.first != nil {
			l.c.Article = l.first.Article
		} else {
			<-l.done
			r.d.Add(l.d...)
			l.c.Article = l.a
		}
		if l.c.Article == nil {
			l.ps.Content = slices.DeleteFunc(l.ps.Content, func(c *Content) bool { return c == l.c })
		}
	}
	r.loads = nil
}
