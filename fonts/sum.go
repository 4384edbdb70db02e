package fonts

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
)

// sums holds each face's content hash, computed once per face.
var sums sync.Map // *Face → [32]byte

// Sum is a hash of what the face is made of: its sfnt data and, for a CFF
// face, its CFF outlines. Faces with equal sums give the same glyphs,
// advances and embedded programs, so caches that outlive a process (the
// build's disk cache) key fonts by it, never by path or address.
func (f *Face) Sum() [32]byte {
	if s, ok := sums.Load(f); ok {
		return s.([32]byte)
	}
	for name, b := range builtins {
		if f.cff == nil && len(f.Data) > 0 && len(f.Data) == len(b.data) && &f.Data[0] == &b.data[0] {
			// an embedded face: its sum is known (TestBuiltinSums), not
			// computed over megabytes in every process
			s := [32]byte(builtinSums[name])
			sums.Store(f, s)
			return s
		}
	}
	h := sha256.New()
	h.Write(f.Data) // a TrueType face's sum is the SHA-256 of its data
	if f.cff != nil {
		h.Write([]byte{0})
		h.Write(f.cff.data)
	}
	var s [32]byte
	h.Sum(s[:0])
	sums.Store(f, s)
	return s
}

// builtinSums are the SHA-256 of the embedded faces' files (sha256sum
// fonts/builtin/*.ttf; TestBuiltinSums fails when a face is rebuilt and
// its sum here is not updated).
var builtinSums = map[string][]byte{
	"serif": unhex("371b4289e51e10e7b4071d6f94a4e85997bc28dad83332acc14decb5de6246a9"),
	"sans":  unhex("732396f006912f10b7addaaa23dc5bceb9c60cb084ff56db24da46b4f7e75139"),
}

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != sha256.Size {
		panic("fonts: bad builtin sum " + s)
	}
	return b
}
