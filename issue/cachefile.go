package issue

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"slices"
	"strings"
)

// The article cache as bytes, for the build's disk cache. An entry is
// the article's parse with the SHA-256 of its file's bytes and of every
// figure image it placed; it is used again only when both hashes match
// (load compares the article's bytes; Import the figures' bytes, through
// sum), never on a path, size or time alone.

type fileArticles struct {
	Format  string
	Entries []fileArticle
}

type fileArticle struct {
	Path    string
	Sum     [32]byte
	Pos     Pos
	Article *Article
	Figures []fileFigure
}

type fileFigure struct {
	Path string
	Sum  [32]byte
}

const articlesFormat = "paiban article cache 1"

// Export encodes the cached articles; sum gives the SHA-256 of a figure
// image's bytes (an article whose figure cannot be hashed is left out).
func (c *ArticleCache) Export(sum func(path string) ([32]byte, error)) ([]byte, error) {
	c.mu.Lock()
	fa := fileArticles{Format: articlesFormat}
	for path, e := range c.m {
		fe := fileArticle{Path: path, Sum: e.sum, Pos: e.pos, Article: e.article}
		ok := true
		for _, f := range e.figures {
			s, err := sum(f.path)
			if err != nil {
				ok = false
				break
			}
			fe.Figures = append(fe.Figures, fileFigure{f.path, s})
		}
		if ok {
			fa.Entries = append(fa.Entries, fe)
		}
	}
	c.mu.Unlock()
	// in path order: the same articles give the same bytes
	slices.SortFunc(fa.Entries, func(a, b fileArticle) int { return strings.Compare(a.Path, b.Path) })
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(&fa); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Import adds the articles encoded by Export whose figure images still
// have the bytes they had (by sum). Data of another format is an error
// and adds nothing.
func (c *ArticleCache) Import(data []byte, sum func(path string) ([32]byte, error)) error {
	var fa fileArticles
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&fa); err != nil {
		return err
	}
	if fa.Format != articlesFormat {
		return fmt.Errorf("article cache: format %q, want %q", fa.Format, articlesFormat)
	}
	add := map[string]*cachedArticle{}
entries:
	for _, fe := range fa.Entries {
		if fe.Article == nil {
			return fmt.Errorf("article cache: %s: no article", fe.Path)
		}
		e := &cachedArticle{sum: fe.Sum, pos: fe.Pos, article: fe.Article}
		for _, f := range fe.Figures {
			s, err := sum(f.Path)
			if err != nil || s != f.Sum {
				continue entries
			}
			st, ok := stampOf(f.Path)
			if !ok {
				continue entries
			}
			e.figures = append(e.figures, st)
		}
		add[fe.Path] = e
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for p, e := range add {
		c.m[p] = e
	}
	return nil
}
