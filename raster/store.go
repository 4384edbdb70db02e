package raster

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
)

// Store keeps converted images beyond the process: the build's disk cache
// (package pipeline), so that a fresh `paiban build` does not decode,
// resample and encode again the photos it converted last time. Keys are
// FitWith's: the file's content, the conversion (Colour) and the options.
// A Store must be safe for concurrent use; what it loads is checked
// (MarshalImage's checksum) and, when wrong, converted again.
type Store interface {
	Load(key [32]byte) []byte
	Save(key [32]byte, data []byte)
}

const imageMagic = "paiban image 1\n"

// MarshalImage encodes a converted image with a checksum.
func MarshalImage(im *Image) []byte {
	b := []byte(imageMagic)
	b = binary.AppendUvarint(b, uint64(im.Width))
	b = binary.AppendUvarint(b, uint64(im.Height))
	var flags byte
	if im.Gray {
		flags |= 1
	}
	if im.DCT {
		flags |= 2
	}
	b = append(b, flags)
	for _, s := range [][]byte{[]byte(im.Note), []byte(im.Warning), im.Data} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

// UnmarshalImage decodes what MarshalImage wrote; a damaged or truncated
// encoding is an error.
func UnmarshalImage(b []byte) (*Image, error) {
	bad := errors.New("damaged image in the cache")
	if len(b) < len(imageMagic)+sha256.Size || !bytes.HasPrefix(b, []byte(imageMagic)) {
		return nil, bad
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if s := sha256.Sum256(body); !bytes.Equal(s[:], sum) {
		return nil, bad
	}
	p := body[len(imageMagic):]
	num := func() int {
		v, k := binary.Uvarint(p)
		if k <= 0 || v > 1<<40 {
			p = nil
			return -1
		}
		p = p[k:]
		return int(v)
	}
	im := &Image{Width: num(), Height: num()}
	if len(p) < 1 || im.Width <= 0 || im.Height <= 0 {
		return nil, bad
	}
	im.Gray, im.DCT = p[0]&1 != 0, p[0]&2 != 0
	p = p[1:]
	var parts [3][]byte
	for i := range parts {
		n := num()
		if n < 0 || n > len(p) {
			return nil, bad
		}
		parts[i], p = p[:n:n], p[n:]
	}
	if len(p) != 0 {
		return nil, bad
	}
	im.Note, im.Warning, im.Data = string(parts[0]), string(parts[1]), parts[2]
	return im, nil
}

// Conversions is how many conversions this process has done (not found in
// its cache or a Store): for tests of the caches.
func Conversions() int64 { return conversions.Load() }
