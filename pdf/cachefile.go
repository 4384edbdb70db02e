package pdf

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"strings"

	"github.com/paiban/paiban/pdf/cos"
)

// The kept document on disk, for the build's disk cache: a fresh process
// draws only the pages that changed since the last run. It is stored in
// two parts, so that a run that redrew a few pages does not write
// megabytes again: the base, the document as it was made from scratch
// (fonts, images, every page; a PDF, cos.Doc.Bytes), written only when it
// is new, and a small overlay of the content streams redrawn since, with
// the table of pages and resources. The skeleton key names fonts and
// (with Options.FileSum) images by content, never by address, path or
// time; a document kept without FileSum is not exported.

type fileCache struct {
	Format  string
	Skel    string
	BaseSum uint32 // CRC-32C of the base file (a checksum: the base is written unsynced)
	BaseLen int
	Streams []int      // the base's stream objects
	Sums    [][32]byte // and their data hashes (cos.Doc.StreamSums)
	Content []cos.Ref
	Digests [][32]byte
	FontRes []resName // sorted: gob writes a map in its random order
	ImgRes  []resName
	Redrawn []int  // pages whose content stream is in the overlay
	Overlay []byte // a PDF whose objects 1…n are those streams
}

const cacheFormat = "paiban pdf cache 3"

// resName is one entry of a resource map (font family or image path →
// resource name).
type resName struct {
	Key  string
	Name cos.Name
}

func resNames(m map[string]cos.Name) []resName {
	out := make([]resName, 0, len(m))
	for k, v := range m {
		out = append(out, resName{k, v})
	}
	slices.SortFunc(out, func(a, b resName) int { return strings.Compare(a.Key, b.Key) })
	return out
}

func resMap(l []resName) map[string]cos.Name {
	m := make(map[string]cos.Name, len(l))
	for _, r := range l {
		m[r.Key] = r.Name
	}
	return m
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Export encodes the kept document: meta is the table and the overlay;
// base, when not nil, is the base file to write (by its WriteTo, which
// never holds the file in memory), when it is not the one of the last
// Export or Import; the caller keeps the file it has, whose CRC-32C and
// length are in meta. The base is the document as it is when Export first
// sees it (or again once a quarter of its pages were redrawn since). meta
// is nil when nothing is kept (or the kept document knows images by time,
// not content).
func (c *Cache) Export() (meta []byte, base io.WriterTo, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.skel == "" || !c.byContent {
		return nil, nil, nil
	}
	if !c.baseKnown || len(c.redrawn) > len(c.content)/4 {
		// a new base: a copy of the document as it is now (redraws
		// change the kept one), its checksum taken as it is written
		snap := c.base.Clone()
		crc := crc32.New(castagnoli)
		n, err := snap.WriteTo(crc)
		if err != nil {
			return nil, nil, err
		}
		c.baseSum, c.baseLen = crc.Sum32(), int(n)
		c.baseStreams, c.baseSums = snap.StreamSums()
		c.baseKnown, c.baseNew, c.redrawn = true, snap, map[int]bool{}
	}
	if c.baseNew != nil {
		base = c.baseNew
	}
	fc := fileCache{Format: cacheFormat, Skel: c.skel, BaseSum: c.baseSum, BaseLen: c.baseLen, Streams: c.baseStreams, Sums: c.baseSums, Content: c.content, Digests: c.digests, FontRes: resNames(c.fontRes), ImgRes: resNames(c.imgRes)}
	for i := range c.redrawn {
		fc.Redrawn = append(fc.Redrawn, i)
	}
	slices.Sort(fc.Redrawn)
	ov := cos.New()
	for _, i := range fc.Redrawn {
		s, ok := c.base.Get(c.content[i]).(*cos.Stream)
		if !ok {
			return nil, nil, fmt.Errorf("pdf cache: page %d has no content stream", i+1)
		}
		ov.Add(s)
	}
	fc.Overlay = ov.Bytes()
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(&fc); err != nil {
		return nil, nil, err
	}
	c.baseNew = nil // the caller writes it now
	return b.Bytes(), base, nil
}

// Import replaces the kept document with the one encoded by Export and the
// base file, whose SHA-256 must be the one meta names. The document keeps
// base, which must not change after. Data of another format, or a
// document that does not read back with the pages and streams it lists,
// is an error and keeps nothing.
func (c *Cache) Import(meta, base []byte) error {
	var fc fileCache
	if err := gob.NewDecoder(bytes.NewReader(meta)).Decode(&fc); err != nil {
		return err
	}
	if fc.Format != cacheFormat {
		return fmt.Errorf("pdf cache: format %q, want %q", fc.Format, cacheFormat)
	}
	if len(base) != fc.BaseLen || crc32.Checksum(base, castagnoli) != fc.BaseSum {
		return errors.New("pdf cache: the base file is not the one the cache names")
	}
	doc, err := cos.Read(base)
	if err != nil {
		return fmt.Errorf("pdf cache: %w", err)
	}
	if err := doc.SetStreamSums(fc.Streams, fc.Sums); err != nil {
		return fmt.Errorf("pdf cache: %w", err)
	}
	pages, err := doc.Pages()
	if err != nil || len(pages) != len(fc.Content) || len(fc.Digests) != len(fc.Content) {
		return fmt.Errorf("pdf cache: %d pages for %d contents (%v)", len(pages), len(fc.Content), err)
	}
	for _, r := range fc.Content {
		if r.Num == 0 {
			continue
		}
		if _, ok := doc.Get(r).(*cos.Stream); !ok {
			return fmt.Errorf("pdf cache: content %v is not a stream", r)
		}
	}
	ov, err := cos.Read(fc.Overlay)
	if err != nil {
		return fmt.Errorf("pdf cache: overlay: %w", err)
	}
	redrawn := map[int]bool{}
	for k, i := range fc.Redrawn {
		s, ok := ov.Get(cos.Ref{Num: k + 1}).(*cos.Stream)
		if i < 0 || i >= len(fc.Content) || fc.Content[i].Num == 0 || !ok {
			return fmt.Errorf("pdf cache: overlay object %d", k+1)
		}
		doc.Set(fc.Content[i], s)
		redrawn[i] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.skel, c.base, c.content, c.digests, c.fontRes, c.imgRes = fc.Skel, doc, fc.Content, fc.Digests, resMap(fc.FontRes), resMap(fc.ImgRes)
	c.faces = nil
	c.byContent = true
	c.baseSum, c.baseLen, c.baseKnown, c.baseNew, c.redrawn = fc.BaseSum, fc.BaseLen, true, nil, redrawn
	c.baseStreams, c.baseSums = fc.Streams, fc.Sums
	return nil
}
