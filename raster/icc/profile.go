// Package icc reads ICC colour profiles (ICC.1:2001-04 "v2" and ICC.1:2010
// "v4") and converts colours between them, in Go.
//
// What it reads: matrix/TRC RGB profiles (rXYZ, gXYZ, bXYZ with rTRC, gTRC,
// bTRC as curv or para curves) and LUT-based profiles (A2B0/A2B1/A2B2 and
// B2A0/B2A1/B2A2 as lut8 'mft1', lut16 'mft2' or v4 'mAB '/'mBA '), with a
// profile connection space (PCS) of XYZ or Lab. That covers the RGB
// profiles images carry and the CMYK output profiles of printing presses.
//
// A Transform goes device → PCS → device in float64 with the perceptual or
// relative colorimetric intent, optionally with black-point compensation
// computed the way Adobe's published algorithm (and LittleCMS) does. For
// images, Transform.Grid samples it once on a regular RGB grid; Grid.CMYK
// interpolates that tetrahedrally, so the cost per pixel does not depend on
// the profiles.
package icc

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
)

// Intent is an ICC rendering intent.
type Intent int

const (
	Perceptual Intent = 0
	Relative   Intent = 1 // relative colorimetric
	Saturation Intent = 2
)

func (i Intent) String() string {
	switch i {
	case Perceptual:
		return "perceptual"
	case Relative:
		return "relative colorimetric"
	case Saturation:
		return "saturation"
	}
	return fmt.Sprintf("intent %d", int(i))
}

// Profile is a parsed ICC profile: what a transform needs of it.
type Profile struct {
	Class   string // device class: "mntr", "scnr", "prtr", "spac", "link", …
	Space   string // data colour space: "RGB", "CMYK", "GRAY", …
	PCS     string // "XYZ" or "Lab"
	Version uint32 // the header's version field: 0x02100000 is 2.1, 0x04200000 is 4.2
	Desc    string // the profile description, when it has a readable one

	White XYZ // media white point (wtpt), D50 when absent

	// matrix/TRC (shaper) profiles: device RGB, linearised by trc, times
	// matrix (columns rXYZ, gXYZ, bXYZ) is PCS XYZ
	matrix *[3][3]float64
	trc    [3]curve

	a2b [3]*pipeline // by intent; nil where the tag is absent
	b2a [3]*pipeline
}

// Channels is the number of device channels of the profile's colour space.
func (p *Profile) Channels() int {
	switch p.Space {
	case "GRAY":
		return 1
	case "CMYK":
		return 4
	case "2CLR":
		return 2
	}
	return 3
}

// IsV4 reports whether the profile is version 4 or later.
func (p *Profile) IsV4() bool { return p.Version >= 0x04000000 }

// Matrix reports whether the profile is a matrix/TRC (shaper) profile.
func (p *Profile) Matrix() bool { return p.matrix != nil }

// The largest profile Parse reads; the ICC header can claim up to 4 GB.
const maxProfile = 64 << 20

// Parse reads an ICC profile. Tags it does not use are ignored; a tag it
// uses that is malformed is an error.
func Parse(b []byte) (p *Profile, err error) {
	if len(b) < 132 || string(b[36:40]) != "acsp" {
		return nil, errors.New("not an ICC profile (no 'acsp' signature)")
	}
	if len(b) > maxProfile {
		return nil, fmt.Errorf("ICC profile of %d bytes is too large", len(b))
	}
	if n := binary.BigEndian.Uint32(b); int64(n) > int64(len(b)) || n < 132 {
		return nil, fmt.Errorf("the ICC header says %d bytes, the data has %d (truncated?)", n, len(b))
	} else {
		b = b[:n]
	}
	p = &Profile{
		Version: binary.BigEndian.Uint32(b[8:]),
		Class:   strings.TrimRight(string(b[12:16]), " \x00"),
		Space:   strings.TrimRight(string(b[16:20]), " \x00"),
		PCS:     strings.TrimRight(string(b[20:24]), " \x00"),
		White:   D50,
	}
	if p.PCS != "XYZ" && p.PCS != "Lab" {
		if p.Class != "link" {
			return nil, fmt.Errorf("ICC profile connection space %q is neither XYZ nor Lab", p.PCS)
		}
	}
	tags := map[string][]byte{}
	n := int(binary.BigEndian.Uint32(b[128:]))
	if n > (len(b)-132)/12 {
		return nil, fmt.Errorf("ICC tag count %d does not fit the profile", n)
	}
	for i := 0; i < n; i++ {
		t := b[132+12*i:]
		sig := string(t[:4])
		off, size := int64(binary.BigEndian.Uint32(t[4:])), int64(binary.BigEndian.Uint32(t[8:]))
		if off+size > int64(len(b)) || size < 8 {
			return nil, fmt.Errorf("ICC tag %q lies outside the profile", sig)
		}
		if _, dup := tags[sig]; !dup {
			tags[sig] = b[off : off+size]
		}
	}
	defer func() {
		if err != nil {
			err = fmt.Errorf("ICC profile: %w", err)
		}
	}()
	if t, ok := tags["wtpt"]; ok {
		if p.White, err = readXYZ(t); err != nil {
			return nil, fmt.Errorf("wtpt: %w", err)
		}
	}
	p.Desc = readDesc(tags["desc"])
	if err := p.readMatrix(tags); err != nil {
		return nil, err
	}
	// the 16-bit PCS encoding of a lut16 table with Lab is the legacy one
	// (v2) in every version; mAB/mBA use the v4 one
	for i := 0; i < 3; i++ {
		for _, dir := range []struct {
			sig  string
			dst  *[3]*pipeline
			toPC bool
		}{{"A2B", &p.a2b, true}, {"B2A", &p.b2a, false}} {
			t, ok := tags[fmt.Sprintf("%s%d", dir.sig, i)]
			if !ok {
				continue
			}
			pl, err := readPipeline(t, dir.toPC)
			if err != nil {
				return nil, fmt.Errorf("%s%d: %w", dir.sig, i, err)
			}
			pcsCh, devCh := pl.out, pl.in
			if !dir.toPC {
				pcsCh, devCh = pl.in, pl.out
			}
			if pcsCh != 3 || (p.Class != "link" && p.Class != "abst" && devCh != p.Channels()) {
				return nil, fmt.Errorf("%s%d has %d→%d channels, the profile is %s", dir.sig, i, pl.in, pl.out, p.Space)
			}
			pl.pcs = p.PCS
			if !dir.toPC && p.PCS == "Lab" {
				// as LittleCMS: Lab is not a cube, so a table indexed by
				// it is interpolated trilinearly
				for _, s := range pl.stages {
					if c, ok := s.(*clut); ok && c.in == 3 {
						c.trilinear = true
					}
				}
			}
			dir.dst[i] = pl
		}
	}
	return p, nil
}

func (p *Profile) readMatrix(tags map[string][]byte) error {
	cols := []string{"rXYZ", "gXYZ", "bXYZ"}
	trcs := []string{"rTRC", "gTRC", "bTRC"}
	if p.Space == "GRAY" {
		t, ok := tags["kTRC"]
		if !ok {
			return nil
		}
		c, _, err := readCurve(t)
		if err != nil {
			return fmt.Errorf("kTRC: %w", err)
		}
		p.trc = [3]curve{c, c, c}
		return nil
	}
	if p.Space != "RGB" {
		return nil
	}
	for i := range 3 {
		if _, ok := tags[cols[i]]; !ok {
			return nil
		}
		if _, ok := tags[trcs[i]]; !ok {
			return nil
		}
	}
	var m [3][3]float64
	for i := range 3 {
		v, err := readXYZ(tags[cols[i]])
		if err != nil {
			return fmt.Errorf("%s: %w", cols[i], err)
		}
		m[0][i], m[1][i], m[2][i] = v.X, v.Y, v.Z
		if p.trc[i], _, err = readCurve(tags[trcs[i]]); err != nil {
			return fmt.Errorf("%s: %w", trcs[i], err)
		}
	}
	p.matrix = &m
	return nil
}

// s15 reads an s15Fixed16Number.
func s15(b []byte) float64 { return float64(int32(binary.BigEndian.Uint32(b))) / 65536 }

func readXYZ(t []byte) (XYZ, error) {
	if len(t) < 20 || string(t[:4]) != "XYZ " {
		return XYZ{}, errors.New("not an XYZType")
	}
	return XYZ{s15(t[8:]), s15(t[12:]), s15(t[16:])}, nil
}

// readDesc reads a v2 textDescriptionType or a v4 multiLocalizedUnicode
// (its first record), else "".
func readDesc(t []byte) string {
	switch {
	case len(t) >= 12 && string(t[:4]) == "desc":
		n := int(binary.BigEndian.Uint32(t[8:]))
		if n > 0 && 12+n <= len(t) {
			return strings.TrimRight(string(t[12:12+n]), "\x00")
		}
	case len(t) >= 28 && string(t[:4]) == "mluc":
		n := binary.BigEndian.Uint32(t[8:])
		if n == 0 {
			return ""
		}
		l, off := int(binary.BigEndian.Uint32(t[20:])), int(binary.BigEndian.Uint32(t[24:]))
		if off+l > len(t) || l < 0 {
			return ""
		}
		var r []rune
		for i := off; i+1 < off+l; i += 2 {
			r = append(r, rune(binary.BigEndian.Uint16(t[i:])))
		}
		return string(r)
	}
	return ""
}

// XYZ is a CIE 1931 tristimulus value (Y = 1 for the white).
type XYZ struct{ X, Y, Z float64 }

// Lab is a CIELAB colour.
type Lab struct{ L, A, B float64 }

// D50 is the PCS illuminant (ICC.1 7.2.16).
var D50 = XYZ{0.9642, 1.0, 0.8249}

func labF(t float64) float64 {
	const e = 216.0 / 24389
	if t > e {
		return math.Cbrt(t)
	}
	return (24389.0/27*t + 16) / 116
}

func labFInv(t float64) float64 {
	if t > 6.0/29 {
		return t * t * t
	}
	return 108.0 / 841 * (t - 4.0/29)
}

// ToLab is the CIELAB of x relative to D50.
func (x XYZ) ToLab() Lab {
	fx, fy, fz := labF(x.X/D50.X), labF(x.Y/D50.Y), labF(x.Z/D50.Z)
	return Lab{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

// ToXYZ is the XYZ (relative to D50) of the CIELAB colour l.
func (l Lab) ToXYZ() XYZ {
	fy := (l.L + 16) / 116
	return XYZ{D50.X * labFInv(fy+l.A/500), D50.Y * labFInv(fy), D50.Z * labFInv(fy-l.B/200)}
}
