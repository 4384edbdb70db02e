package raster

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"io"
	"sort"
)

// Embedded ICC profiles: where each format keeps one.

// maxEmbeddedProfile bounds an embedded profile (real ones are a few KB to
// a few MB).
const maxEmbeddedProfile = 16 << 20

// EmbeddedProfile returns the ICC profile a JPEG (APP2 ICC_PROFILE
// chunks), PNG (iCCP) or TIFF (tag 34675) file carries, or nil.
func EmbeddedProfile(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8}):
		return jpegProfile(data)
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return pngProfile(data)
	case isTIFF(data):
		ifd, err := readIFD(data)
		if err != nil {
			return nil
		}
		v := ifd.fields[tICCProfile]
		if len(v) < 132 {
			return nil
		}
		b := make([]byte, len(v))
		for i, x := range v {
			b[i] = byte(x)
		}
		return b
	}
	return nil
}

// tICCProfile is the TIFF tag of an embedded ICC profile (TIFF/EP, ICC.1
// Annex B.4).
const tICCProfile = 34675

// jpegProfile joins the APP2 "ICC_PROFILE" chunks before the first scan in
// their sequence order (ICC.1 Annex B.4).
func jpegProfile(data []byte) []byte {
	type chunk struct {
		seq  int
		data []byte
	}
	var chunks []chunk
	count := 0
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			break
		}
		m := data[i+1]
		if m == 0xFF {
			i++
			continue
		}
		if m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7) {
			i += 2
			continue
		}
		if m == 0xDA || m == 0xD9 {
			break
		}
		n := int(data[i+2])<<8 | int(data[i+3])
		if n < 2 || i+2+n > len(data) {
			break
		}
		seg := data[i+4 : i+2+n]
		if m == 0xE2 && len(seg) > 14 && string(seg[:12]) == "ICC_PROFILE\x00" {
			chunks = append(chunks, chunk{int(seg[12]), seg[14:]})
			count = int(seg[13])
		}
		i += 2 + n
	}
	if len(chunks) == 0 || len(chunks) != count {
		return nil
	}
	sort.SliceStable(chunks, func(a, b int) bool { return chunks[a].seq < chunks[b].seq })
	var out []byte
	for k, c := range chunks {
		if c.seq != k+1 {
			return nil
		}
		out = append(out, c.data...)
	}
	return out
}

// pngProfile inflates the iCCP chunk before the image data.
func pngProfile(data []byte) []byte {
	for i := 8; i+12 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[i:]))
		typ := string(data[i+4 : i+8])
		if n < 0 || i+12+n > len(data) || typ == "IDAT" {
			return nil
		}
		if typ == "iCCP" {
			c := data[i+8 : i+8+n]
			z := bytes.IndexByte(c, 0)
			if z < 0 || z+2 > len(c) || c[z+1] != 0 {
				return nil
			}
			zr, err := zlib.NewReader(bytes.NewReader(c[z+2:]))
			if err != nil {
				return nil
			}
			b, err := io.ReadAll(io.LimitReader(zr, maxEmbeddedProfile))
			if err != nil {
				return nil
			}
			return b
		}
		i += 12 + n
	}
	return nil
}
