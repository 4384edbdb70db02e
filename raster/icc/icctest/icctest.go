// Package icctest makes small ICC profiles for tests: a CMYK output
// profile of a naive separation, so that tests of the packages that take a
// press profile need no file from the system.
package icctest

import (
	"encoding/binary"
	"math"

	"github.com/paiban/paiban/raster/icc"
)

// CMYK returns a valid ICC v2 CMYK output profile (class prtr, PCS Lab)
// of about 10 KB with lut8 A2B0 and B2A0 tables: the device's inks are a
// naive separation of sRGB's primaries (C = 1 − R … with K taking half of
// the grey). Its colours are not those of any press.
func CMYK() []byte {
	toLab := func(dev []float64) icc.Lab { // CMYK → Lab
		k := dev[3]
		rgb := [3]float64{(1 - dev[0]) * (1 - k), (1 - dev[1]) * (1 - k), (1 - dev[2]) * (1 - k)}
		return xyzOf(rgb).ToLab()
	}
	fromLab := func(l icc.Lab) []float64 { // Lab → CMYK
		rgb := rgbOf(l.ToXYZ())
		c, m, y := 1-rgb[0], 1-rgb[1], 1-rgb[2]
		k := min(c, m, y) / 2
		if k >= 1 {
			return []float64{0, 0, 0, 1}
		}
		return []float64{(c - k) / (1 - k), (m - k) / (1 - k), (y - k) / (1 - k), k}
	}
	a2b := lut8(4, 3, 5, func(in []float64) []float64 {
		l := toLab(in)
		return []float64{l.L / 100, (l.A + 128) / 255, (l.B + 128) / 255}
	})
	b2a := lut8(3, 4, 9, func(in []float64) []float64 {
		return fromLab(icc.Lab{L: in[0] * 100, A: in[1]*255 - 128, B: in[2]*255 - 128})
	})
	desc := []byte("desc\x00\x00\x00\x00")
	desc = binary.BigEndian.AppendUint32(desc, 15)
	desc = append(desc, "naive CMYK v2\x00\x00"...)
	desc = append(desc, make([]byte, 4+4+2+1+67)...)
	return icc.Encode("prtr", "CMYK", "Lab ", 0x02100000, map[string][]byte{
		"desc": desc,
		"wtpt": append([]byte("XYZ \x00\x00\x00\x00"), 0, 0, 0xf6, 0xd6, 0, 1, 0, 0, 0, 0, 0xd3, 0x2d),
		"A2B0": a2b, "B2A0": b2a,
	})
}

// the sRGB primaries adapted to D50 (linear RGB ↔ XYZ)
var toXYZ = [3][3]float64{
	{0.4360747, 0.3850649, 0.1430804},
	{0.2225045, 0.7168786, 0.0606169},
	{0.0139322, 0.0971045, 0.7141733},
}

func xyzOf(rgb [3]float64) icc.XYZ {
	m := toXYZ
	return icc.XYZ{
		X: m[0][0]*rgb[0] + m[0][1]*rgb[1] + m[0][2]*rgb[2],
		Y: m[1][0]*rgb[0] + m[1][1]*rgb[1] + m[1][2]*rgb[2],
		Z: m[2][0]*rgb[0] + m[2][1]*rgb[1] + m[2][2]*rgb[2],
	}
}

func rgbOf(x icc.XYZ) [3]float64 {
	m := toXYZ
	det := m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) - m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) + m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
	inv := [3][3]float64{
		{(m[1][1]*m[2][2] - m[1][2]*m[2][1]) / det, (m[0][2]*m[2][1] - m[0][1]*m[2][2]) / det, (m[0][1]*m[1][2] - m[0][2]*m[1][1]) / det},
		{(m[1][2]*m[2][0] - m[1][0]*m[2][2]) / det, (m[0][0]*m[2][2] - m[0][2]*m[2][0]) / det, (m[0][2]*m[1][0] - m[0][0]*m[1][2]) / det},
		{(m[1][0]*m[2][1] - m[1][1]*m[2][0]) / det, (m[0][1]*m[2][0] - m[0][0]*m[2][1]) / det, (m[0][0]*m[1][1] - m[0][1]*m[1][0]) / det},
	}
	v := [3]float64{x.X, x.Y, x.Z}
	var out [3]float64
	for i := range 3 {
		out[i] = min(1, max(0, inv[i][0]*v[0]+inv[i][1]*v[1]+inv[i][2]*v[2]))
	}
	return out
}

// lut8 writes a lut8Type (mft1) with identity tables and an n-point grid
// sampled from f (inputs and outputs in [0, 1]).
func lut8(in, out, n int, f func([]float64) []float64) []byte {
	b := []byte("mft1\x00\x00\x00\x00")
	b = append(b, byte(in), byte(out), byte(n), 0)
	for i := range 9 { // identity matrix
		v := uint32(0)
		if i%4 == 0 {
			v = 1 << 16
		}
		b = binary.BigEndian.AppendUint32(b, v)
	}
	for range in {
		for v := range 256 {
			b = append(b, byte(v))
		}
	}
	nodes := 1
	for range in {
		nodes *= n
	}
	x := make([]float64, in)
	for i := range nodes {
		r := i
		for d := in - 1; d >= 0; d-- {
			x[d] = float64(r%n) / float64(n-1)
			r /= n
		}
		for _, v := range f(x) {
			b = append(b, byte(math.Round(min(1, max(0, v))*255)))
		}
	}
	for range out {
		for v := range 256 {
			b = append(b, byte(v))
		}
	}
	return b
}
