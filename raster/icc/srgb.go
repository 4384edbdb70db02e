package icc

import (
	"encoding/binary"
	"math"
	"sort"
	"sync"
)

// SRGB returns the bytes of a compact ICC v4 sRGB profile (IEC 61966-2-1):
// the primaries adapted to D50 with the Bradford transform, as in the
// ICC's own sRGB v4 profile, and the sRGB curve as a parametric curve of
// type 3. Untagged RGB images are taken to be sRGB.
func SRGB() []byte {
	srgbOnce.Do(func() { srgbBytes = buildSRGB() })
	return srgbBytes
}

var (
	srgbOnce  sync.Once
	srgbBytes []byte
)

// SRGBProfile is SRGB, parsed.
func SRGBProfile() *Profile {
	srgbParsed.Do(func() {
		var err error
		if srgbProfile, err = Parse(SRGB()); err != nil {
			panic("icc: the built-in sRGB profile does not parse: " + err.Error())
		}
	})
	return srgbProfile
}

var (
	srgbParsed  sync.Once
	srgbProfile *Profile
)

func buildSRGB() []byte {
	be := binary.BigEndian
	fixed := func(b []byte, v ...float64) []byte {
		for _, x := range v {
			b = be.AppendUint32(b, uint32(int32(math.Round(x*65536))))
		}
		return b
	}
	xyz := func(x, y, z float64) []byte { return fixed([]byte("XYZ \x00\x00\x00\x00"), x, y, z) }
	mluc := func(s string) []byte {
		b := []byte("mluc\x00\x00\x00\x00")
		b = be.AppendUint32(b, 1)
		b = be.AppendUint32(b, 12)
		b = append(b, "enUS"...)
		b = be.AppendUint32(b, uint32(2*len(s)))
		b = be.AppendUint32(b, 28)
		for _, r := range s {
			b = be.AppendUint16(b, uint16(r))
		}
		return b
	}
	para := fixed([]byte("para\x00\x00\x00\x00\x00\x03\x00\x00"), 2.4, 1/1.055, 0.055/1.055, 1/12.92, 0.04045)
	tags := map[string][]byte{
		"desc": mluc("sRGB IEC61966-2.1 (paiban)"),
		"cprt": mluc("No copyright, use freely"),
		"wtpt": xyz(0.9642, 1, 0.8249),
		"chad": fixed([]byte("sf32\x00\x00\x00\x00"),
			1.0478112, 0.0228866, -0.0501270,
			0.0295424, 0.9904844, -0.0170491,
			-0.0092345, 0.0150436, 0.7521316),
		"rXYZ": xyz(0.4360747, 0.2225045, 0.0139322),
		"gXYZ": xyz(0.3850649, 0.7168786, 0.0971045),
		"bXYZ": xyz(0.1430804, 0.0606169, 0.7141733),
		"rTRC": para, "gTRC": para, "bTRC": para,
	}
	return Encode("mntr", "RGB ", "XYZ ", 0x04300000, tags)
}

// Encode writes an ICC profile of the given class, colour space, PCS
// (four-character signatures) and version from its tags; tags with the
// same bytes share their data. Tests build profiles with it.
func Encode(class, space, pcs string, version uint32, tags map[string][]byte) []byte {
	be := binary.BigEndian
	sigs := make([]string, 0, len(tags))
	for s := range tags {
		sigs = append(sigs, s)
	}
	sort.Strings(sigs)
	h := make([]byte, 128)
	be.PutUint32(h[8:], version)
	copy(h[12:], class)
	copy(h[16:], space)
	copy(h[20:], pcs)
	copy(h[36:], "acsp")
	be.PutUint32(h[64:], 0)                                              // perceptual
	copy(h[68:], []byte{0, 0, 0xf6, 0xd6, 0, 1, 0, 0, 0, 0, 0xd3, 0x2d}) // D50
	table := be.AppendUint32(nil, uint32(len(sigs)))
	off := 128 + 4 + 12*len(sigs)
	var data []byte
	at := map[string]int{}
	for _, s := range sigs {
		t := tags[s]
		o, ok := at[string(t)]
		if !ok {
			for len(data)%4 != 0 {
				data = append(data, 0)
			}
			o = off + len(data)
			at[string(t)] = o
			data = append(data, t...)
		}
		table = append(table, s...)
		table = be.AppendUint32(table, uint32(o))
		table = be.AppendUint32(table, uint32(len(t)))
	}
	out := append(append(h, table...), data...)
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	be.PutUint32(out, uint32(len(out)))
	return out
}
