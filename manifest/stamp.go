package manifest

import (
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"
)

// A file's hash is remembered with the file's stamp: what os.Stat said
// before it was read. The stamp is only ever a shortcut in front of the
// content hash (as in git's index and Go's build cache): the hash is what
// the manifest, the caches and the PDF are keyed by; a file whose stamp
// differs in anything is read and hashed again.
type fileHash struct {
	size int64
	mod  time.Time
	id   fileID // zero where the system gives no identity (stamp_other.go)
	sum  [32]byte
	keep bool // settled when it was read: ExportStamps may write it
	used bool // hashed or looked up by this process (ExportStamps writes no other)
}

// fileID is a file's device, inode and status change time (identity).
type fileID struct {
	dev, ino uint64
	ctime    int64 // nanoseconds since 1970
}

// settle is how long a file must have been left alone, when it is read,
// for its hash to be kept beyond the process. A file written within a
// clock tick of being read could be written again in the same tick, its
// stamp unchanged (git's "racily clean" entries); it is simply hashed
// again the next time. The clock only decides what the cache keeps, never
// what is written into an output.
const settle = 2 * time.Second

// now is the clock settle is measured with (tests move it).
var now = time.Now

// stampOf is the stamp, as st states it, of a file whose content hashes to
// sum.
func stampOf(st fs.FileInfo, sum [32]byte) fileHash {
	fh := fileHash{size: st.Size(), mod: st.ModTime(), sum: sum, used: true}
	if id, ok := identity(st); ok {
		fh.id = id
		t := now()
		fh.keep = t.Sub(fh.mod) > settle && t.Sub(time.Unix(0, id.ctime)) > settle
	}
	return fh
}

// matches reports whether the file st states has the stamp fh was taken
// with.
func (fh fileHash) matches(st fs.FileInfo) bool {
	if fh.size != st.Size() || !fh.mod.Equal(st.ModTime()) {
		return false
	}
	if fh.id == (fileID{}) {
		return true
	}
	id, _ := identity(st)
	return id == fh.id
}

// known is the remembered hash of the file at path, stated as st, when its
// stamp is unchanged.
func (h *Hasher) known(path string, st fs.FileInfo) ([32]byte, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	fh, ok := h.files[path]
	if ok && fh.matches(st) {
		if !fh.used {
			fh.used = true
			h.files[path] = fh
		}
		return fh.sum, true
	}
	return [32]byte{}, false
}

// Cached returns the hash of the file at path, stated as st, without
// reading it when the hasher (or the process whose stamps it imported)
// hashed it in this version.
func (h *Hasher) Cached(path string, st fs.FileInfo) ([32]byte, bool) {
	return h.known(path, st)
}

// Lookup is Cached with the file stated here; false also when it cannot be.
func (h *Hasher) Lookup(path string) ([32]byte, bool) {
	st, err := os.Stat(path)
	if err != nil {
		return [32]byte{}, false
	}
	return h.known(path, st)
}

const stampsFormat = "stamps 1"

// ExportStamps encodes the remembered file hashes that may outlive the
// process (settled files with an identity) and that it used (a file the
// plan no longer names is forgotten), sorted by path: the build's
// disk cache keeps them, so that a fresh process need not read and hash
// megabytes of unchanged pictures to learn that they are unchanged.
func (h *Hasher) ExportStamps() []byte {
	h.mu.Lock()
	paths := make([]string, 0, len(h.files))
	for p, fh := range h.files {
		if fh.keep && fh.used {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	b := []byte(stampsFormat)
	b = binary.AppendUvarint(b, uint64(len(paths)))
	for _, p := range paths {
		fh := h.files[p]
		b = binary.AppendUvarint(b, uint64(len(p)))
		b = append(b, p...)
		b = binary.AppendVarint(b, fh.size)
		b = binary.AppendVarint(b, fh.mod.UnixNano())
		b = binary.AppendUvarint(b, fh.id.dev)
		b = binary.AppendUvarint(b, fh.id.ino)
		b = binary.AppendVarint(b, fh.id.ctime)
		b = append(b, fh.sum[:]...)
	}
	h.mu.Unlock()
	return b
}

// ImportStamps adds what ExportStamps wrote (hashes the hasher does not
// have); a damaged encoding is an error and adds nothing. Each one is
// used only while the file's stamp is the same, identity included.
func (h *Hasher) ImportStamps(b []byte) error {
	bad := errors.New("file stamps: damaged")
	if !strings.HasPrefix(string(b), stampsFormat) {
		return bad
	}
	b = b[len(stampsFormat):]
	r := &varints{b: b}
	uv, sv := r.u, r.s
	n := uv()
	if n > uint64(len(r.b)) {
		return bad
	}
	add := make(map[string]fileHash, n)
	for range n {
		l := uv()
		if l > uint64(len(r.b)) {
			return bad
		}
		p := string(r.b[:l])
		r.b = r.b[l:]
		fh := fileHash{size: sv(), mod: time.Unix(0, sv()), keep: true}
		fh.id = fileID{dev: uv(), ino: uv(), ctime: sv()}
		if r.bad || len(r.b) < len(fh.sum) || fh.id == (fileID{}) {
			return bad
		}
		copy(fh.sum[:], r.b)
		r.b = r.b[len(fh.sum):]
		add[p] = fh
	}
	if r.bad || len(r.b) != 0 {
		return bad
	}
	h.mu.Lock()
	for p, fh := range add {
		if _, ok := h.files[p]; !ok {
			h.files[p] = fh
		}
	}
	h.mu.Unlock()
	return nil
}

// varints reads varints off b; a bad one empties b and sets bad.
type varints struct {
	b   []byte
	bad bool
}

func (r *varints) u() uint64 {
	v, k := binary.Uvarint(r.b)
	return r.took(v, k)
}

func (r *varints) s() int64 {
	v, k := binary.Varint(r.b)
	return int64(r.took(uint64(v), k))
}

func (r *varints) took(v uint64, k int) uint64 {
	if k <= 0 {
		r.b, r.bad = nil, true
		return 0
	}
	r.b = r.b[k:]
	return v
}
