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

// toLab is the naive press: CMYK → Lab.
func toLab(dev []float64) icc.Lab {
	k := dev[3]
	rgb := [3]float64{(1 - dev[0]) * (1 - k), (1 - dev[1]) * (1 - k), (1 - dev[2]) * (1 - k)}
	return xyzOf(rgb).ToLab()
}

// fromLab is its separation: Lab → CMYK, K taking half the grey.
func fromLab(l icc.Lab) []float64 {
	rgb := rgbOf(l.ToXYZ())
	c, m, y := 1-rgb[0], 1-rgb[1], 1-rgb[2]
	k := min(c, m, y) / 2
	if k >= 1 {
		return []float64{0, 0, 0, 1}
	}
	return []float64{(c - k) / (1 - k), (m - k) / (1 - k), (y - k) / (1 - k), k}
}

// CMYKv4 is the same press as an ICC v4 profile (PCS Lab) with lutAtoB
// ('mAB ') and lutBtoA ('mBA ') tables that use every element: curves
// (parametric and tabulated), a matrix with offsets and a 16-bit CLUT, the
// CLUT's contents pre-distorted so that the whole chain is the press.
func CMYKv4() []byte {
	be := binary.BigEndian
	para := func(g float64) []byte {
		b := []byte("para\x00\x00\x00\x00\x00\x00\x00\x00")
		return be.AppendUint32(b, uint32(int32(math.Round(g*65536))))
	}
	ident := []byte("curv\x00\x00\x00\x00\x00\x00\x00\x00")
	sqrtTable := []byte("curv\x00\x00\x00\x00\x00\x00\x01\x00") // 256 entries
	for i := range 256 {
		sqrtTable = be.AppendUint16(sqrtTable, uint16(math.Round(math.Sqrt(float64(i)/255)*65535)))
	}
	for len(sqrtTable)%4 != 0 {
		sqrtTable = append(sqrtTable, 0)
	}
	// A2B0: A curves x^0.8, CLUT, M identity, matrix 1.25·v − 0.125, B curves √
	a2b := lutAB("mAB ", 4, 3,
		repeat(para(0.8), 4),
		clut16(4, 3, 5, func(u []float64) []float64 {
			dev := make([]float64, 4)
			for i := range u {
				dev[i] = math.Pow(u[i], 1/0.8)
			}
			l := toLab(dev)
			t := []float64{l.L / 100, (l.A + 128) / 255, (l.B + 128) / 255}
			for i := range t {
				t[i] = (t[i]*t[i] + 0.125) / 1.25
			}
			return t
		}),
		repeat(ident, 3),
		matrix(1.25, -0.125),
		repeat(sqrtTable, 3))
	// B2A0: B identity, matrix identity, M x^1, CLUT, A curves x^2
	b2a := lutAB("mBA ", 3, 4,
		repeat(ident, 3),
		clut16(3, 4, 9, func(u []float64) []float64 {
			dev := fromLab(icc.Lab{L: u[0] * 100, A: u[1]*255 - 128, B: u[2]*255 - 128})
			for i := range dev {
				dev[i] = math.Sqrt(max(0, dev[i]))
			}
			return dev
		}),
		repeat(para(1), 3),
		matrix(1, 0),
		repeat(para(2), 4))
	desc := []byte("mluc\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x0cenUS\x00\x00\x00\x1a\x00\x00\x00\x1c")
	for _, r := range "naive CMYK v4" {
		desc = be.AppendUint16(desc, uint16(r))
	}
	return icc.Encode("prtr", "CMYK", "Lab ", 0x04300000, map[string][]byte{
		"desc": desc,
		"wtpt": append([]byte("XYZ \x00\x00\x00\x00"), 0, 0, 0xf6, 0xd6, 0, 1, 0, 0, 0, 0, 0xd3, 0x2d),
		"A2B0": a2b, "B2A0": b2a,
	})
}

func repeat(b []byte, n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = b
	}
	return out
}

// matrix is a lutAtoB/lutBtoA matrix: s times the identity, plus o.
func matrix(s, o float64) []byte {
	var b []byte
	for i := range 12 {
		v := 0.0
		switch {
		case i < 9 && i%4 == 0:
			v = s
		case i >= 9:
			v = o
		}
		b = binary.BigEndian.AppendUint32(b, uint32(int32(math.Round(v*65536))))
	}
	return b
}

// clut16 is a CLUT of n points per input, 16-bit, sampled from f.
func clut16(in, out, n int, f func([]float64) []float64) []byte {
	b := make([]byte, 20)
	for i := range in {
		b[i] = byte(n)
	}
	b[16] = 2
	sample(in, n, f, func(v float64) { b = binary.BigEndian.AppendUint16(b, uint16(math.Round(v*65535))) })
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// lutAB writes a lutAtoBType (elements in file order A, CLUT, M, matrix,
// B) or lutBtoAType (B, matrix, M, CLUT, A); the offsets are the same
// fields in both.
func lutAB(sig string, in, out int, first [][]byte, clut []byte, mid [][]byte, mat []byte, last [][]byte) []byte {
	b := append([]byte(sig), 0, 0, 0, 0, byte(in), byte(out), 0, 0)
	b = append(b, make([]byte, 20)...)
	put := func(field int, parts ...[]byte) {
		binary.BigEndian.PutUint32(b[12+4*field:], uint32(len(b)))
		for _, p := range parts {
			b = append(b, p...)
			for len(b)%4 != 0 {
				b = append(b, 0)
			}
		}
	}
	const fB, fMat, fM, fCLUT, fA = 0, 1, 2, 3, 4
	if sig == "mAB " { // first = A, last = B
		put(fA, first...)
		put(fCLUT, clut)
		put(fM, mid...)
		put(fMat, mat)
		put(fB, last...)
	} else { // first = B, last = A
		put(fB, first...)
		put(fMat, mat)
		put(fM, mid...)
		put(fCLUT, clut)
		put(fA, last...)
	}
	return b
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
	sample(in, n, f, func(v float64) { b = append(b, byte(math.Round(v*255))) })
	for range out {
		for v := range 256 {
			b = append(b, byte(v))
		}
	}
	return b
}

// sample evaluates f at the nodes of an n-point grid over in inputs (the
// first varying slowest) and hands each output, clamped to [0, 1], to put.
func sample(in, n int, f func([]float64) []float64, put func(float64)) {
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
			put(min(1, max(0, v)))
		}
	}
}
