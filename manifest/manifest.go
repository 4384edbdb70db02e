// Package manifest records what is on every page of a built PDF, so that the
// next build or proof to the same output can say which pages changed.
//
// A manifest sits beside its PDF (OUT.pdf.manifest.json). It lists, per slot,
// a hash of what the page draws: the layout's exact page content
// (layout.Page.Digest), the page label, the fonts the page uses (their data)
// and the image files it places (their bytes). It is written after the PDF,
// by the same run, and only when the PDF was written.
package manifest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/internal/input"
	"github.com/paiban/paiban/layout"
)

// Version is the manifest format version. Version 2 adds the geometry and
// the per-line records (lines.go); version 1 manifests are still read.
const Version = 2

// Manifest is the record of one output.
type Manifest struct {
	Version  int       `json:"version"`
	Kind     string    `json:"kind"` // "build" or "proof"
	Plan     string    `json:"plan"` // the plan path as given
	Geometry *Geometry `json:"geometry,omitempty"`
	Pages    []Page    `json:"pages"`
}

// Page is one page of the output, in physical order. Overset pages of a
// proof are included under their own names (e.g. "27+1").
type Page struct {
	Slot  string `json:"slot"`
	Label string `json:"label,omitempty"` // the page label, when it is not the slot name
	Hash  string `json:"hash"`            // hex SHA-256
	Lines []Line `json:"lines,omitempty"` // every line of article text on the page (lines.go)
}

// Path is where the manifest of the PDF at out lives.
func Path(out string) string { return out + ".manifest.json" }

// Hasher computes manifests. It remembers the hash of every file it read,
// keyed by path, size and modification time (and, where the system gives
// them, device, inode and status change time: stamp.go), and of every font
// face, so a rerun in the same process — or, through ExportStamps and
// ImportStamps, the next process — hashes only what changed. Safe for
// concurrent use.
type Hasher struct {
	mu    sync.Mutex
	files map[string]fileHash
	faces map[*fonts.Face][32]byte
}

// NewHasher returns an empty hasher.
func NewHasher() *Hasher {
	return &Hasher{files: map[string]fileHash{}, faces: map[*fonts.Face][32]byte{}}
}

// File returns the SHA-256 of a file's content.
func (h *Hasher) File(path string) ([32]byte, error) {
	if _, _, ok := input.SplitMember(path); ok {
		// a picture inside a .docx document: read from it
		data, err := input.ReadFile(path, input.Image)
		if err != nil {
			return [32]byte{}, err
		}
		return sha256.Sum256(data), nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return [32]byte{}, err
	}
	if sum, ok := h.known(path, st); ok {
		return sum, nil
	}
	f, err := input.Open(path, input.Image)
	if err != nil {
		return [32]byte{}, err
	}
	defer f.Close()
	s := sha256.New()
	if _, err := io.Copy(s, input.Limit(f, input.Image)); err != nil {
		return [32]byte{}, err
	}
	var sum [32]byte
	s.Sum(sum[:0])
	h.mu.Lock()
	h.files[path] = stampOf(st, sum)
	h.mu.Unlock()
	return sum, nil
}

// Known records the SHA-256 of a file read elsewhere (the build reads every
// image once, to convert it) with st, its os.Stat from before it was read:
// File then returns sum without reading the file while its size and
// modification time are st's.
func (h *Hasher) Known(path string, st os.FileInfo, sum [32]byte) {
	h.mu.Lock()
	h.files[path] = stampOf(st, sum)
	h.mu.Unlock()
}

// Read reads an image file (input.ReadFile) and returns its bytes and
// their SHA-256, which File then returns for the file without reading it
// again (while its size and modification time are the ones it had).
func (h *Hasher) Read(path string) ([]byte, [32]byte, error) { return h.ReadInto(path, nil) }

// ReadInto is Read into buf when it is large enough (input.ReadFileInto).
func (h *Hasher) ReadInto(path string, buf []byte) ([]byte, [32]byte, error) {
	before, err := os.Stat(path)
	data, err2 := input.ReadFileInto(path, input.Image, buf)
	if err2 != nil {
		return nil, [32]byte{}, err2
	}
	sum := sha256.Sum256(data)
	if _, _, member := input.SplitMember(path); member || err != nil {
		return data, sum, nil
	}
	if after, err := os.Stat(path); err == nil && stampOf(before, sum).matches(after) && int64(len(data)) == after.Size() {
		h.mu.Lock()
		h.files[path] = stampOf(after, sum)
		h.mu.Unlock()
	}
	return data, sum, nil
}

// face is the face's hash (fonts.Face.Sum: its data, and its CFF
// outlines for a CFF face).
func (h *Hasher) face(f *fonts.Face) [32]byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	sum, ok := h.faces[f]
	if !ok {
		sum = f.Sum()
		h.faces[f] = sum
	}
	return sum
}

// PageHash is the hash of page i of doc as the manifest records it. It
// hashes content, never paths: an image is its bytes (the page's digest is
// taken with each image path replaced by the hash of the file), so the
// same plan gives the same hashes whether its path is typed relative or
// absolute, and from a copy of its folder.
func (h *Hasher) PageHash(doc *layout.Document, i int) (string, error) {
	p := *doc.Pages[i]
	p.Images = append([]layout.Image(nil), p.Images...)
	sums := make([][32]byte, len(p.Images))
	for k := range p.Images {
		f, err := h.File(p.Images[k].Path)
		if err != nil {
			return "", err
		}
		sums[k] = f
		p.Images[k].Path = hex.EncodeToString(f[:])
	}
	s := sha256.New()
	d := p.Digest()
	fmt.Fprintf(s, "paiban page 2\nlabel %q overset %t\n", p.Label, p.Overset)
	s.Write(d[:])
	seen := map[int]bool{}
	for _, r := range p.Runs {
		if seen[r.Font] || r.Font < 0 || r.Font >= len(doc.Fonts) {
			continue
		}
		seen[r.Font] = true
		f := h.face(doc.Fonts[r.Font])
		fmt.Fprintf(s, "font %d ", r.Font) // its data, not its name: a file font's name is its path
		s.Write(f[:])
	}
	for k := range p.Images {
		s.Write([]byte("image "))
		s.Write(sums[k][:])
	}
	return hex.EncodeToString(s.Sum(nil)), nil
}

// Compute makes the manifest of doc, built from the plan at plan.
func (h *Hasher) Compute(doc *layout.Document, plan, kind string) (*Manifest, error) {
	m := &Manifest{Version: Version, Kind: kind, Plan: plan, Pages: make([]Page, len(doc.Pages))}
	for i, p := range doc.Pages {
		sum, err := h.PageHash(doc, i)
		if err != nil {
			return nil, err
		}
		m.Pages[i] = Page{Slot: p.Slot, Hash: sum}
	}
	return m, nil
}

// Hash returns the hash recorded for slot, or "".
func (m *Manifest) Hash(slot string) string {
	if m == nil {
		return ""
	}
	for _, p := range m.Pages {
		if p.Slot == slot {
			return p.Hash
		}
	}
	return ""
}

// Marshal returns the manifest as JSON with a final newline: indented,
// one page and one line record per line of the file (marshal in lines.go).
func (m *Manifest) Marshal() []byte { return m.marshal() }

// Parse reads a manifest.
func Parse(data []byte) (*Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("not a paiban manifest: %w", err)
	}
	if m.Version != Version && m.Version != 1 {
		return nil, fmt.Errorf("manifest version %d (this paiban reads version %d)", m.Version, Version)
	}
	return &m, nil
}

// Read reads the manifest at path; a missing file gives nil and no error.
func Read(path string) (*Manifest, error) {
	data, err := input.ReadFile(path, input.Manifest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	m, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Diff is what changed from one manifest to the next.
type Diff struct {
	First   bool     // there was no earlier manifest: everything is new
	Changed []string // slots of the new manifest that are new or differ, in page order
	Removed []string // slots of the old manifest the new one lacks
	Total   int      // pages in the new manifest
}

// Compare lists the pages of next that differ from old (nil: none before).
func Compare(old, next *Manifest) Diff {
	d := Diff{Total: len(next.Pages), Changed: []string{}, Removed: []string{}}
	if old == nil {
		d.First = true
		for _, p := range next.Pages {
			d.Changed = append(d.Changed, p.Slot)
		}
		return d
	}
	before := make(map[string]string, len(old.Pages))
	for _, p := range old.Pages {
		before[p.Slot] = p.Hash
	}
	now := make(map[string]bool, len(next.Pages))
	for _, p := range next.Pages {
		now[p.Slot] = true
		if h, ok := before[p.Slot]; !ok || h != p.Hash {
			d.Changed = append(d.Changed, p.Slot)
		}
	}
	for _, p := range old.Pages {
		if !now[p.Slot] {
			d.Removed = append(d.Removed, p.Slot)
		}
	}
	return d
}

// IsChanged reports whether slot is among the changed pages.
func (d Diff) IsChanged(slot string) bool {
	for _, s := range d.Changed {
		if s == slot {
			return true
		}
	}
	return false
}

// String is the report line: "changed: 05 06 12 — 3 of 68", "changed:
// none", or for a first build "changed: all 68 (no earlier manifest)".
func (d Diff) String() string {
	var b strings.Builder
	switch {
	case d.First:
		fmt.Fprintf(&b, "changed: all %d (no earlier manifest)", d.Total)
	case len(d.Changed) == 0:
		b.WriteString("changed: none")
	default:
		fmt.Fprintf(&b, "changed: %s — %d of %d", strings.Join(d.Changed, " "), len(d.Changed), d.Total)
	}
	if len(d.Removed) > 0 {
		fmt.Fprintf(&b, "; gone: %s", strings.Join(d.Removed, " "))
	}
	return b.String()
}
