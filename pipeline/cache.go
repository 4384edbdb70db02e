package pipeline

import (
	"os"
	"sync"
	"time"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/pdf"
	"github.com/paiban/paiban/raster"
)

// Cache holds what one process keeps between runs of the same plan
// (`paiban build --watch`, benchmarks): the parsed articles
// (issue.ArticleCache), the set articles (layout.Cache),
// the last PDF written (pdf.Cache: font subsets, images and the content of
// unchanged pages) and file hashes for the manifest. Runs with a cache give
// the same bytes as runs without one. A nil *Cache caches nothing.
type Cache struct {
	Articles *issue.ArticleCache
	Layout   *layout.Cache
	PDF      *pdf.Cache
	Hash     *manifest.Hasher

	tried      bool                     // Options.DiskCache was read into it (disk.go)
	decoded    [][32]byte               // while loading: image contents that validated
	coverage   []byte                   // while loading: the CMYK images' ink coverage (raster.ExportCoverage)
	tones      []byte                   // while loading: the cover images' tones (raster.ExportTones)
	written    *lastManifest            // the manifest the last build saved (disk.go)
	classified map[[32]byte]raster.Info // while loading: image headers (disk.go)

	pdfLoad    *pdfLoad    // the PDF part of the disk cache, read in the background
	layoutLoad *layoutLoad // the set articles of the disk cache, decoded in the background
}

// layoutLoad is the decoding of the layout part of the disk cache: done is
// closed when cache holds it (an empty cache when it did not decode).
type layoutLoad struct {
	done  chan struct{}
	cache *layout.Cache
}

// layoutReady makes c.Layout the disk cache's, once it is decoded.
func (c *Cache) layoutReady() {
	if c.layoutLoad != nil {
		<-c.layoutLoad.done
		c.Layout, c.layoutLoad = c.layoutLoad.cache, nil
	}
}

// pdfLoad is the reading of the PDF part of the disk cache: done is
// closed when it is over; err is why it was not used.
type pdfLoad struct {
	done chan struct{}
	err  error
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{Articles: issue.NewArticleCache(), Layout: layout.NewCache(), PDF: pdf.NewCache(), Hash: manifest.NewHasher()}
}

func (c *Cache) articles() *issue.ArticleCache {
	if c == nil {
		return nil
	}
	return c.Articles
}

func (c *Cache) layoutCache() *layout.Cache {
	if c == nil {
		return nil
	}
	c.layoutReady()
	return c.Layout
}

func (c *Cache) pdfCache() *pdf.Cache {
	if c == nil {
		return nil
	}
	if c.pdfLoad != nil {
		<-c.pdfLoad.done
	}
	return c.PDF
}

func (c *Cache) hasher() *manifest.Hasher {
	if c == nil || c.Hash == nil {
		return manifest.NewHasher()
	}
	return c.Hash
}

// pdfLoadErr returns, once, why the PDF part of the disk cache was not
// used (nil when it was, or there was none).
func (c *Cache) pdfLoadErr() error {
	if c == nil || c.pdfLoad == nil {
		return nil
	}
	<-c.pdfLoad.done
	err := c.pdfLoad.err
	c.pdfLoad.err = nil
	return err
}

// prune drops cached articles the last run did not use.
func (c *Cache) prune() {
	if c != nil {
		c.layoutReady()
		c.Layout.Prune()
	}
}

// Font files are parsed once per process and file version (path, face
// index, size and modification time), like the builtin faces.
var fontFiles struct {
	sync.Mutex
	m map[fontKey]*fonts.Face
}

type fontKey struct {
	path  string
	index int
	size  int64
	mod   time.Time
}

// loadFontFile is fonts.Load with the process-wide cache.
func loadFontFile(path string, index int) (*fonts.Face, error) {
	st, err := os.Stat(path)
	if err != nil {
		return fonts.Load(path, index) // the loader words the error
	}
	k := fontKey{path, index, st.Size(), st.ModTime()}
	fontFiles.Lock()
	f := fontFiles.m[k]
	fontFiles.Unlock()
	if f != nil {
		return f, nil
	}
	f, err = fonts.Load(path, index)
	if err != nil {
		return nil, err
	}
	fontFiles.Lock()
	if fontFiles.m == nil {
		fontFiles.m = map[fontKey]*fonts.Face{}
	}
	for old := range fontFiles.m {
		if old.path == path && old.index == index {
			delete(fontFiles.m, old) // an earlier version of the file
		}
	}
	fontFiles.m[k] = f
	fontFiles.Unlock()
	return f, nil
}
