package issue

import (
	"crypto/sha256"
	"sync"
	"time"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/internal/input"
)

// ArticleCache keeps parsed articles between loads of a plan in one process
// (`paiban build --watch`, benchmarks; see LoadCached), so that loading the
// plan again after one article was edited parses only that article.
//
// An article is reused when its file's bytes (by SHA-256) and the plan
// position naming it are the same, and every figure image it places still
// has the size and modification time it had. Articles whose parsing said
// anything (errors, warnings, notes) are not kept, so their diagnostics are
// always fresh. Reused articles are shared between the loads' issues: an
// Article is never changed after parsing. Safe for concurrent use.
type ArticleCache struct {
	mu sync.Mutex
	m  map[string]*cachedArticle // by path: the latest version only

	Hits, Misses int // articles reused and parsed, over the cache's life
}

// NewArticleCache returns an empty cache.
func NewArticleCache() *ArticleCache { return &ArticleCache{m: map[string]*cachedArticle{}} }

type cachedArticle struct {
	sum     [32]byte
	pos     Pos
	article *Article
	figures []fileStamp
}

type fileStamp struct {
	path string
	size int64
	mod  time.Time
}

func stampOf(path string) (fileStamp, bool) {
	st, err := input.StatFile(path) // a .docx document for its pictures
	if err != nil {
		return fileStamp{}, false
	}
	return fileStamp{path, st.Size(), st.ModTime()}, true
}

// load is loadArticle through the cache; a nil cache just parses.
func (c *ArticleCache) load(path string, pos Pos, d *diag.List) *Article {
	if c == nil {
		return loadArticle(path, pos, d)
	}
	kind := input.Article
	if isDocx(path) {
		kind = input.Document
	}
	data, err := input.ReadFile(path, kind)
	if err != nil {
		return loadArticle(path, pos, d) // which words the error
	}
	sum := sha256.Sum256(data)
	c.mu.Lock()
	e := c.m[path]
	c.mu.Unlock()
	if e != nil && e.sum == sum && e.pos == pos && figuresUnchanged(e.figures) {
		c.mu.Lock()
		c.Hits++
		c.mu.Unlock()
		return e.article
	}
	var own diag.List
	a := loadArticle(path, pos, &own)
	d.Add(own...)
	c.mu.Lock()
	c.Misses++
	delete(c.m, path)
	c.mu.Unlock()
	if a == nil || len(own) > 0 {
		return a
	}
	e = &cachedArticle{sum: sum, pos: pos, article: a}
	for _, b := range a.Blocks {
		if b.Image == nil {
			continue
		}
		st, ok := stampOf(b.Image.Path)
		if !ok {
			return a
		}
		e.figures = append(e.figures, st)
	}
	c.mu.Lock()
	c.m[path] = e
	c.mu.Unlock()
	return a
}

func figuresUnchanged(figs []fileStamp) bool {
	for _, f := range figs {
		st, ok := stampOf(f.path)
		if !ok || st.size != f.size || !st.mod.Equal(f.mod) {
			return false
		}
	}
	return true
}
