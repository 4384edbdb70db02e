package icc

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// maxCh bounds the channels of a pipeline stage (ICC allows 15).
const maxCh = 16

// vec is the value passed between the stages of a pipeline: channel
// values, normally in [0, 1].
type vec [maxCh]float64

// pipeline is an A2B or B2A table: stages in order, from in to out
// channels. The PCS side is encoded per enc (see decodePCS).
type pipeline struct {
	in, out int
	stages  []stage
	enc     string // "lut8", "lut16" or "mAB" (mAB and mBA)
	pcs     string // "XYZ" or "Lab", set by Parse
}

type stage interface {
	eval(v *vec)
}

func (p *pipeline) eval(v *vec) {
	for _, s := range p.stages {
		s.eval(v)
	}
}

// curves applies one curve per channel.
type curves []curve

func (cs curves) eval(v *vec) {
	for i := range cs {
		v[i] = cs[i].eval(v[i])
	}
}

// matrix is a 3×3 matrix with an offset, on channels 0 … 2.
type matrix struct {
	m   [3][3]float64
	off [3]float64
}

func (m *matrix) eval(v *vec) {
	x, y, z := v[0], v[1], v[2]
	for i := range 3 {
		v[i] = m.m[i][0]*x + m.m[i][1]*y + m.m[i][2]*z + m.off[i]
	}
}

// clut is a multidimensional lookup table: the first input varies
// slowest; each grid point holds out values in [0, 1].
type clut struct {
	in, out   int
	grid      []int     // points per input
	stride    []int     // values per step of each input
	data      []float64 // grid points × out
	trilinear bool      // 3 inputs: trilinear instead of tetrahedral
}

func newCLUT(in, out int, grid []int) (*clut, error) {
	c := &clut{in: in, out: out, grid: grid, stride: make([]int, in)}
	n := out
	for i := in - 1; i >= 0; i-- {
		if grid[i] < 2 {
			return nil, fmt.Errorf("CLUT with %d grid points", grid[i])
		}
		c.stride[i] = n
		n *= grid[i]
		if n > 1<<26 {
			return nil, errors.New("CLUT too large")
		}
	}
	c.data = make([]float64, n)
	return c, nil
}

func (c *clut) eval(v *vec) {
	var out vec
	switch {
	case c.in == 3 && !c.trilinear:
		c.tetra(v, 0, &out)
	default:
		c.interp(v, 0, 0, &out)
	}
	*v = out
}

// interp interpolates linearly along input dim (recursively), starting at
// data offset base; the last three inputs are interpolated tetrahedrally
// unless trilinear (what LittleCMS does for tables of four inputs).
func (c *clut) interp(v *vec, dim, base int, out *vec) {
	if dim == c.in {
		copy(out[:c.out], c.data[base:base+c.out])
		return
	}
	if c.in-dim == 3 && !c.trilinear {
		c.tetra(v, base, out)
		return
	}
	i0, f := cell(v[dim], c.grid[dim])
	var a, b vec
	c.interp(v, dim+1, base+i0*c.stride[dim], &a)
	if f == 0 {
		*out = a
		return
	}
	c.interp(v, dim+1, base+(i0+1)*c.stride[dim], &b)
	for k := 0; k < c.out; k++ {
		out[k] = a[k] + f*(b[k]-a[k])
	}
}

// cell finds the grid cell of x in [0, 1] over n points: the lower index
// (at most n−2) and the fraction within it.
func cell(x float64, n int) (int, float64) {
	p := clamp01(x) * float64(n-1)
	i := int(p)
	if i >= n-1 {
		i = n - 2
	}
	return i, p - float64(i)
}

// tetra interpolates the last three inputs tetrahedrally (Sakamoto's
// method, as in ICC.1 and LittleCMS).
func (c *clut) tetra(v *vec, base int, out *vec) {
	d := c.in - 3
	x0, rx := cell(v[d], c.grid[d])
	y0, ry := cell(v[d+1], c.grid[d+1])
	z0, rz := cell(v[d+2], c.grid[d+2])
	sx, sy, sz := c.stride[d], c.stride[d+1], c.stride[d+2]
	o := base + x0*sx + y0*sy + z0*sz
	o1, o2, r1, r2, r3 := tetraOrder(rx, ry, rz, sx, sy, sz)
	o3 := sx + sy + sz
	for k := 0; k < c.out; k++ {
		c0 := c.data[o+k]
		c1 := c.data[o+o1+k]
		c2 := c.data[o+o2+k]
		c3 := c.data[o+o3+k]
		out[k] = c0 + r1*(c1-c0) + r2*(c2-c1) + r3*(c3-c2)
	}
}

// readPipeline reads a lut8, lut16, lutAtoB or lutBtoA element; toPCS says
// which direction the tag goes (A2B: device → PCS).
func readPipeline(t []byte, toPCS bool) (*pipeline, error) {
	if len(t) < 32 {
		return nil, errors.New("LUT tag too short")
	}
	in, out := int(t[8]), int(t[9])
	if in < 1 || out < 1 || in > 15 || out > 15 {
		return nil, fmt.Errorf("LUT with %d inputs and %d outputs", in, out)
	}
	switch typ := string(t[:4]); typ {
	case "mft1", "mft2":
		return readLut(t, in, out, typ == "mft2")
	case "mAB ", "mBA ":
		if (typ == "mAB ") != toPCS {
			return nil, fmt.Errorf("%q in the wrong direction", typ)
		}
		return readLutAB(t, in, out, typ == "mAB ")
	default:
		return nil, fmt.Errorf("LUT type %q is not supported", typ)
	}
}

// readLut reads lut8Type (mft1) or lut16Type (mft2).
func readLut(t []byte, in, out int, wide bool) (*pipeline, error) {
	if len(t) < 48 {
		return nil, errors.New("lut8/lut16 too short")
	}
	pl := &pipeline{in: in, out: out, enc: "lut8"}
	if wide {
		pl.enc = "lut16"
	}
	g := int(t[10])
	if g < 2 {
		return nil, fmt.Errorf("CLUT with %d grid points", g)
	}
	var m matrix
	ident := true
	for i := range 9 {
		m.m[i/3][i%3] = s15(t[12+4*i:])
		want := 0.0
		if i%4 == 0 {
			want = 1
		}
		if m.m[i/3][i%3] != want {
			ident = false
		}
	}
	// as LittleCMS: the matrix applies to three inputs when it is not the
	// identity (ICC.1 allows it only for an XYZ input)
	if in == 3 && !ident {
		pl.stages = append(pl.stages, &m)
	}
	inN, outN, size, off := 256, 256, 1, 48
	if wide {
		if len(t) < 52 {
			return nil, errors.New("lut16 too short")
		}
		inN, outN, size, off = int(binary.BigEndian.Uint16(t[48:])), int(binary.BigEndian.Uint16(t[50:])), 2, 52
		if inN < 2 || outN < 2 || inN > 4096 || outN > 4096 {
			return nil, fmt.Errorf("lut16 table of %d/%d entries", inN, outN)
		}
	}
	grid := make([]int, in)
	for i := range grid {
		grid[i] = g
	}
	cl, err := newCLUT(in, out, grid)
	if err != nil {
		return nil, err
	}
	need := off + size*(in*inN+len(cl.data)+out*outN)
	if need > len(t) {
		return nil, fmt.Errorf("LUT needs %d bytes, the tag has %d", need, len(t))
	}
	val := func(i int) float64 {
		if wide {
			return float64(binary.BigEndian.Uint16(t[off+2*i:])) / 65535
		}
		return float64(t[off+i]) / 255
	}
	inC := make(curves, in)
	for c := range in {
		inC[c] = curve{kind: 2, table: make([]float64, inN)}
		for i := range inN {
			inC[c].table[i] = val(c*inN + i)
		}
	}
	off += size * in * inN
	for i := range cl.data {
		cl.data[i] = val(i)
	}
	off += size * len(cl.data)
	outC := make(curves, out)
	for c := range out {
		outC[c] = curve{kind: 2, table: make([]float64, outN)}
		for i := range outN {
			outC[c].table[i] = val(c*outN + i)
		}
	}
	pl.stages = append(pl.stages, inC, cl, outC)
	return pl, nil
}

// readLutAB reads lutAtoBType (mAB: A curves, CLUT, M curves, matrix, B
// curves) or lutBtoAType (mBA: B curves, matrix, M curves, CLUT, A curves).
func readLutAB(t []byte, in, out int, aToB bool) (*pipeline, error) {
	pl := &pipeline{in: in, out: out, enc: "mAB"}
	offB, offMat, offM, offCLUT, offA := be32(t[12:]), be32(t[16:]), be32(t[20:]), be32(t[24:]), be32(t[28:])
	readCurves := func(off, n int) (curves, error) {
		cs := make(curves, n)
		for i := range n {
			if off <= 0 || off >= len(t) {
				return nil, errors.New("curve offset outside the tag")
			}
			c, size, err := readCurve(t[off:])
			if err != nil {
				return nil, err
			}
			cs[i] = c
			off += (size + 3) &^ 3
		}
		return cs, nil
	}
	readMatrix := func(off int) (*matrix, error) {
		if off+48 > len(t) {
			return nil, errors.New("matrix outside the tag")
		}
		var m matrix
		for i := range 9 {
			m.m[i/3][i%3] = s15(t[off+4*i:])
		}
		for i := range 3 {
			m.off[i] = s15(t[off+36+4*i:])
		}
		return &m, nil
	}
	readCLUT := func(off, in, out int) (*clut, error) {
		if off+20 > len(t) {
			return nil, errors.New("CLUT outside the tag")
		}
		grid := make([]int, in)
		for i := range grid {
			grid[i] = int(t[off+i])
		}
		prec := int(t[off+16])
		if prec != 1 && prec != 2 {
			return nil, fmt.Errorf("CLUT precision %d", prec)
		}
		c, err := newCLUT(in, out, grid)
		if err != nil {
			return nil, err
		}
		d := off + 20
		if d+prec*len(c.data) > len(t) {
			return nil, errors.New("CLUT data outside the tag")
		}
		for i := range c.data {
			if prec == 2 {
				c.data[i] = float64(binary.BigEndian.Uint16(t[d+2*i:])) / 65535
			} else {
				c.data[i] = float64(t[d+i]) / 255
			}
		}
		return c, nil
	}
	// which side has how many channels
	aCh, bCh := in, out // mAB: A = device (in), B = PCS (out)
	if !aToB {
		aCh, bCh = out, in
	}
	var A, M, B curves
	var mat *matrix
	var cl *clut
	var err error
	if offA != 0 {
		if A, err = readCurves(offA, aCh); err != nil {
			return nil, fmt.Errorf("A curves: %w", err)
		}
	}
	if offB == 0 {
		return nil, errors.New("no B curves")
	}
	if B, err = readCurves(offB, bCh); err != nil {
		return nil, fmt.Errorf("B curves: %w", err)
	}
	if offM != 0 {
		if bCh != 3 {
			return nil, errors.New("M curves need three channels")
		}
		if M, err = readCurves(offM, bCh); err != nil {
			return nil, fmt.Errorf("M curves: %w", err)
		}
	}
	if offMat != 0 && bCh == 3 {
		if mat, err = readMatrix(offMat); err != nil {
			return nil, err
		}
	}
	if offCLUT != 0 {
		if aToB {
			cl, err = readCLUT(offCLUT, in, bCh)
		} else {
			cl, err = readCLUT(offCLUT, bCh, out)
		}
		if err != nil {
			return nil, err
		}
	} else if aCh != bCh {
		return nil, errors.New("no CLUT between different channel counts")
	}
	add := func(s stage, ok bool) {
		if ok {
			pl.stages = append(pl.stages, s)
		}
	}
	if aToB {
		add(A, A != nil)
		add(cl, cl != nil)
		add(M, M != nil)
		add(mat, mat != nil)
		add(B, true)
	} else {
		add(B, true)
		add(mat, mat != nil)
		add(M, M != nil)
		add(cl, cl != nil)
		add(A, A != nil)
	}
	return pl, nil
}

func be32(b []byte) int { return int(binary.BigEndian.Uint32(b)) }

// tetraOrder picks the tetrahedron of a cube cell that holds the point at
// fractions fx, fy, fz: the offsets (strides sx, sy, sz) of its second and
// third vertices (the first is the cell's origin, the last its far corner)
// and the fractions in decreasing order.
func tetraOrder[O int, F int | float64](fx, fy, fz F, sx, sy, sz O) (o1, o2 O, r1, r2, r3 F) {
	switch {
	case fx >= fy && fy >= fz:
		return sx, sx + sy, fx, fy, fz
	case fx >= fz && fz >= fy:
		return sx, sx + sz, fx, fz, fy
	case fz >= fx && fx >= fy:
		return sz, sx + sz, fz, fx, fy
	case fy >= fx && fx >= fz:
		return sy, sx + sy, fy, fx, fz
	case fy >= fz && fz >= fx:
		return sy, sy + sz, fy, fz, fx
	}
	return sz, sy + sz, fz, fy, fx
}
