package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"

	"github.com/paiban/paiban/internal/input"
	"github.com/paiban/paiban/internal/outfile"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/pdf"
	"github.com/paiban/paiban/raster"
)

// The disk cache: what a build computed, kept beside its output
// (CachePath) so that the next `paiban build` — a fresh process — sets
// only the articles that changed and draws only the pages that changed.
// It holds the parsed articles (issue.ArticleCache), the set articles
// (layout.Cache), the last PDF before finishing (pdf.Cache) and which
// image files decoded (by content). Everything in it is keyed by content
// hashes — of the article and image bytes, of the fonts (fonts.Face.Sum)
// — and by the program version (Version), never by paths or addresses
// alone. The file is checksummed: a missing, stale (another version),
// truncated or corrupt cache is ignored and the run computes everything,
// and a run with a cache gives the same bytes as one without.

// CachePath is the disk cache of a build writing out: a directory beside
// it holding the index (cacheIndex) and the PDF cache's base file
// (cacheBase).
func CachePath(out string) string { return out + ".cache" }

const (
	cacheIndex = "index"
	cacheBase  = "base.pdf"
)

// A cache file is cacheMagic, the SHA-256 of the rest, then sections,
// each its length (uvarint) and its bytes: the program version (Version),
// the articles (issue.ArticleCache.Export), the layout (layout.Cache), the
// PDF (pdf.Cache.Export: the table and overlay; the base file, named by
// its SHA-256 there, is beside the index), the SHA-256 of each image
// content that decoded (32 bytes each), the ink coverage of each CMYK
// image content (raster.ExportCoverage), the stamps of the files hashed
// (manifest.Hasher.ExportStamps: a file whose stamp is unchanged is not
// read again to learn its hash), the tones of cover images
// (raster.ExportTones), the page hashes of the manifest the build wrote
// (lastManifest) and what the header of each image content says
// (raster.Classify: exportClassified).
const cacheMagic = "paiban cache 5\n"

const nSections = 10

// Load primes c from the disk cache at path. c stays usable whatever
// happens: when the file is missing, stale, truncated or corrupt nothing
// of it is used, and the error says why (nil for a missing file, which is
// no problem: the first build).
func (c *Cache) Load(path string) error {
	data, err := os.ReadFile(filepath.Join(path, cacheIndex))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cache not read: %w", err)
	}
	fresh := *NewCache()
	fresh.Hash = c.hasher()
	if err := fresh.load(data, func() ([]byte, error) { return readMapped(filepath.Join(path, cacheBase)) }); err != nil {
		return fmt.Errorf("cache ignored (everything is computed again): %w", err)
	}
	c.Articles, c.Layout, c.PDF, c.Hash = fresh.Articles, fresh.Layout, fresh.PDF, fresh.Hash
	c.pdfLoad, c.layoutLoad = fresh.pdfLoad, fresh.layoutLoad
	decoded.Lock()
	if decoded.m == nil {
		decoded.m = map[[32]byte]error{}
	}
	for _, s := range fresh.decoded {
		decoded.m[s] = nil
	}
	decoded.Unlock()
	// content-keyed, under the checksum: a damaged encoding primes nothing
	raster.ImportCoverage(fresh.coverage)
	raster.ImportTones(fresh.tones)
	for sum, inf := range fresh.classified {
		classified.LoadOrStore(sum, inf)
	}
	c.written = fresh.written
	return nil
}

// load primes c from an index file; base reads the PDF cache's base file.
func (c *Cache) load(data []byte, base func() ([]byte, error)) error {
	head := len(cacheMagic) + sha256.Size
	if !bytes.HasPrefix(data, []byte(cacheMagic)) || len(data) < head {
		return errors.New("not a paiban cache")
	}
	sec, err := sections(data[head:])
	if err != nil {
		return err
	}
	v := Version()
	if v == "" {
		return errors.New("the program's version is unknown")
	}
	if string(sec[0]) != v {
		return errors.New("written by another version of paiban")
	}
	if sum := sha256.Sum256(data[head:]); !bytes.Equal(sum[:], data[len(cacheMagic):head]) {
		return errors.New("checksum mismatch (truncated or damaged)")
	}
	// the stamps first: the articles' figures are hashed by them
	if err := c.hasher().ImportStamps(sec[6]); err != nil {
		return err
	}
	if err := c.Articles.Import(sec[1], c.hasher().File); err != nil {
		return err
	}
	// the set articles in the background, while the plan and the articles
	// are read: the layout waits for them (layoutReady); ones that do not
	// decode are not used
	ll := &layoutLoad{done: make(chan struct{})}
	c.layoutLoad = ll
	go func(b []byte) {
		defer close(ll.done)
		lc := layout.NewCache()
		if err := lc.UnmarshalBinary(b); err != nil {
			lc = layout.NewCache()
		}
		ll.cache = lc
	}(sec[2])
	if len(sec[3]) > 0 {
		// the PDF part in the background, while the plan is read and set:
		// pdfCache waits for it; on any problem it stays empty and the PDF
		// is written from scratch
		l := &pdfLoad{done: make(chan struct{})}
		c.pdfLoad = l
		go func(meta []byte, p *pdf.Cache) {
			defer close(l.done)
			b, err := base()
			if err == nil {
				err = p.Import(meta, b)
			}
			l.err = err
		}(sec[3], c.PDF)
	}
	if len(sec[4])%sha256.Size != 0 {
		return errors.New("bad image section")
	}
	for i := 0; i < len(sec[4]); i += sha256.Size {
		c.decoded = append(c.decoded, [32]byte(sec[4][i:i+sha256.Size]))
	}
	c.coverage = sec[5]
	c.tones = sec[7]
	if len(sec[8]) > 0 {
		w, err := parseWritten(sec[8])
		if err != nil {
			return err
		}
		c.written = w
	}
	infos, err := parseClassified(sec[9])
	if err != nil {
		return err
	}
	c.classified = infos
	return nil
}

// sections splits a cache file's body.
func sections(b []byte) ([nSections][]byte, error) {
	var sec [nSections][]byte
	for i := range sec {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return sec, errors.New("truncated")
		}
		sec[i], b = b[k:k+int(n)], b[k+int(n):]
	}
	if len(b) != 0 {
		return sec, errors.New("trailing bytes")
	}
	return sec, nil
}

// Marshal encodes the cache as a disk cache index, and gives the PDF
// cache's base file to write when the index needs a new one (else nil).
func (c *Cache) Marshal() (index []byte, base io.WriterTo, err error) {
	v := Version()
	if v == "" {
		return nil, nil, errors.New("the program's version is unknown")
	}
	var sec [nSections][]byte
	sec[0] = []byte(v)
	if sec[1], err = c.Articles.Export(c.hasher().File); err != nil {
		return nil, nil, err
	}
	c.layoutReady()
	if sec[2], err = c.Layout.MarshalBinary(); err != nil {
		return nil, nil, err
	}
	if sec[3], base, err = c.pdfCache().Export(); err != nil {
		return nil, nil, err
	}
	decoded.Lock()
	var good [][32]byte
	for s, e := range decoded.m {
		if e == nil {
			good = append(good, s)
		}
	}
	decoded.Unlock()
	slices.SortFunc(good, func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) })
	for _, s := range good {
		sec[4] = append(sec[4], s[:]...)
	}
	sec[5] = raster.ExportCoverage()
	sec[6] = c.hasher().ExportStamps()
	sec[7] = raster.ExportTones()
	if c.written != nil {
		sec[8] = c.written.marshal()
	}
	sec[9] = exportClassified()
	size := len(cacheMagic) + sha256.Size
	for _, b := range sec {
		size += binary.MaxVarintLen64 + len(b)
	}
	out := make([]byte, len(cacheMagic)+sha256.Size, size)
	copy(out, cacheMagic)
	for _, b := range sec {
		out = binary.AppendUvarint(out, uint64(len(b)))
		out = append(out, b...)
	}
	sum := sha256.Sum256(out[len(cacheMagic)+sha256.Size:])
	copy(out[len(cacheMagic):], sum[:])
	return out, base, nil
}

// SaveCache writes c to the cache directory path: the base file first
// when it is new, then the index, each replaced in one rename (an index
// naming a base file that is not there, or not yet, is ignored when read).
// It is best-effort: the caller reports an error, but a build never fails
// because its cache could not be written.
func SaveCache(c *Cache, path string) error {
	index, base, err := c.Marshal()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(path, 0o755); err != nil {
		return err
	}
	if base != nil {
		if err := outfile.WriteUnsynced(filepath.Join(path, cacheBase), base); err != nil {
			return err
		}
	}
	return outfile.WriteUnsynced(filepath.Join(path, cacheIndex), bytes.NewReader(index))
}

// Version identifies the program for the disk cache: the module version
// and VCS revision from the build information, and, for a build from a
// modified tree or without VCS information (go run, go test), a hash of
// the executable itself — a cache written by other code is never used.
func Version() string {
	versionOnce.Do(func() { version = readVersion() })
	return version
}

var (
	versionOnce sync.Once
	version     string
)

func readVersion() string {
	v := "paiban"
	if bi, ok := debug.ReadBuildInfo(); ok {
		v = bi.GoVersion + " " + bi.Main.Path + " " + bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				v += " " + s.Value
			}
		}
	}
	// The Go build ID is a hash of the program: it differs whenever the
	// code does, whatever the version says (a modified tree, go run).
	id := buildID()
	if id == "" {
		return ""
	}
	return v + " " + id
}

// buildID is the running executable's Go build ID (an ELF note, or the
// string the linker writes at the start of the text), else the SHA-256 of
// the executable; "" when it cannot be read (then no cache is read or
// written).
func buildID() string {
	p, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	// ELF note: namesz 4, descsz, type 4 (little-endian), "Go\0\0", the ID
	if i := bytes.Index(head, []byte("\x04\x00\x00\x00Go\x00\x00")); i >= 8 && binary.LittleEndian.Uint32(head[i-8:]) == 4 {
		if n := int(binary.LittleEndian.Uint32(head[i-4:])); n > 0 && i+8+n <= len(head) {
			return "id " + string(head[i+8:i+8+n])
		}
	}
	const mark = "\xff Go build ID: \""
	if i := bytes.Index(head, []byte(mark)); i >= 0 {
		if j := bytes.IndexByte(head[i+len(mark):], '"'); j > 0 {
			return "id " + string(head[i+len(mark):i+len(mark)+j])
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return ""
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return fmt.Sprintf("sha256 %x", h.Sum(nil))
}

// lastManifest is the manifest a build wrote beside its PDF, as far as the
// next build compares with it (Compare: the page hashes), with the SHA-256
// of the file: the next build reads the file and, when its bytes are
// these, need not parse hundreds of kilobytes of JSON.
type lastManifest struct {
	sum   [32]byte
	pages []manifest.Page // Slot and Hash only
}

func (w *lastManifest) marshal() []byte {
	b := append([]byte(nil), w.sum[:]...)
	b = binary.AppendUvarint(b, uint64(len(w.pages)))
	for _, p := range w.pages {
		for _, s := range []string{p.Slot, p.Hash} {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	return b
}

func parseWritten(b []byte) (*lastManifest, error) {
	bad := errors.New("bad manifest section")
	if len(b) < sha256.Size {
		return nil, bad
	}
	w := &lastManifest{sum: [32]byte(b)}
	b = b[sha256.Size:]
	str := func() (string, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return "", false
		}
		s := string(b[k : k+int(n)])
		b = b[k+int(n):]
		return s, true
	}
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, bad
	}
	b = b[k:]
	w.pages = make([]manifest.Page, n)
	for i := range w.pages {
		var ok1, ok2 bool
		w.pages[i].Slot, ok1 = str()
		w.pages[i].Hash, ok2 = str()
		if !ok1 || !ok2 {
			return nil, bad
		}
	}
	if len(b) != 0 {
		return nil, bad
	}
	return w, nil
}

// lastManifest reads the manifest at path for Compare: nil when there is
// none, or it cannot be read (compared with nothing; it is replaced). When
// its bytes are those the last build wrote (c.written), their page hashes
// are taken from the cache, not parsed again.
func (c *Cache) lastManifest(path string) *manifest.Manifest {
	if c != nil && c.written != nil {
		if data, err := input.ReadFile(path, input.Manifest); err == nil && sha256.Sum256(data) == c.written.sum {
			return &manifest.Manifest{Pages: c.written.pages}
		}
	}
	old, err := manifest.Read(path)
	if err != nil {
		return nil
	}
	return old
}

// wrote records the manifest m, whose file's bytes are data, as the one
// the next build compares with.
func (c *Cache) wrote(m *manifest.Manifest, data []byte) {
	if c == nil {
		return
	}
	w := &lastManifest{sum: sha256.Sum256(data), pages: make([]manifest.Page, len(m.Pages))}
	for i, p := range m.Pages {
		w.pages[i] = manifest.Page{Slot: p.Slot, Hash: p.Hash}
	}
	c.written = w
}

// exportClassified encodes the classified image contents (classified),
// in content order: each its SHA-256 and raster.Info's fields.
func exportClassified() []byte {
	var sums [][32]byte
	classified.Range(func(k, _ any) bool {
		sums = append(sums, k.([32]byte))
		return true
	})
	slices.SortFunc(sums, func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) })
	var b []byte
	for _, s := range sums {
		v, _ := classified.Load(s)
		inf := v.(raster.Info)
		b = append(b, s[:]...)
		for _, f := range []string{inf.Format, inf.Color, inf.Why} {
			b = binary.AppendUvarint(b, uint64(len(f)))
			b = append(b, f...)
		}
		b = binary.AppendUvarint(b, uint64(inf.Width))
		b = binary.AppendUvarint(b, uint64(inf.Height))
		pass := byte(0)
		if inf.PassThrough {
			pass = 1
		}
		b = append(b, pass)
	}
	return b
}

// parseClassified reads what exportClassified wrote.
func parseClassified(b []byte) (map[[32]byte]raster.Info, error) {
	bad := errors.New("bad image header section")
	m := map[[32]byte]raster.Info{}
	for len(b) > 0 {
		if len(b) < sha256.Size {
			return nil, bad
		}
		sum := [32]byte(b)
		b = b[sha256.Size:]
		var f [3]string
		for i := range f {
			n, k := binary.Uvarint(b)
			if k <= 0 || n > uint64(len(b)-k) {
				return nil, bad
			}
			f[i], b = string(b[k:k+int(n)]), b[k+int(n):]
		}
		var wh [2]uint64
		for i := range wh {
			v, k := binary.Uvarint(b)
			if k <= 0 || v > 1<<31 {
				return nil, bad
			}
			wh[i], b = v, b[k:]
		}
		if len(b) < 1 || b[0] > 1 {
			return nil, bad
		}
		m[sum] = raster.Info{Format: f[0], Color: f[1], Why: f[2], Width: int(wh[0]), Height: int(wh[1]), PassThrough: b[0] == 1}
		b = b[1:]
	}
	return m, nil
}

// imageStore keeps the conversions of images (raster.Store) as files in
// the disk cache's images/ directory, one per conversion, named by its key
// and the program version: written once, atomically, best effort (a build
// never fails for it); raster checks each one it loads.
func imageStore(cacheDir string) raster.Store {
	return &dirStore{dir: filepath.Join(cacheDir, "images"), version: Version()}
}

type dirStore struct {
	dir, version string
	mu           sync.Mutex
	used         map[string]bool // files this run loaded or saved
}

func (s *dirStore) name(key [32]byte) string {
	h := sha256.Sum256(append([]byte(s.version+"\x00"), key[:]...))
	n := fmt.Sprintf("%x", h[:16])
	s.mu.Lock()
	if s.used == nil {
		s.used = map[string]bool{}
	}
	s.used[n] = true
	s.mu.Unlock()
	return filepath.Join(s.dir, n)
}

// prune removes the conversions this run did not use (images changed or
// gone, another version's): the directory holds what the next run needs.
func (s *dirStore) prune() {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range entries {
		if !s.used[e.Name()] {
			os.Remove(filepath.Join(s.dir, e.Name()))
		}
	}
}

func (s *dirStore) Load(key [32]byte) []byte {
	if s.version == "" {
		return nil
	}
	b, err := os.ReadFile(s.name(key))
	if err != nil {
		return nil
	}
	return b
}

func (s *dirStore) Save(key [32]byte, data []byte) {
	if s.version == "" {
		return
	}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(s.dir, ".tmp-*")
	if err != nil {
		return
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil && cerr == nil {
		if os.Rename(f.Name(), s.name(key)) == nil {
			return
		}
	}
	os.Remove(f.Name())
}
