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
	"serif": unhex("806f21d531dbcb2a83685f21401eeed24cbc47c00023b7f6576cb0b6c6a5f0c0"),
	"sans":  unhex("1b46341755695b17279007093a7c3856301fc30e0e0314fe236de928cc0a0900"),
}

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != sha256.Size {
		panic("fonts: bad builtin sum " + s)
	}
	return b
}
