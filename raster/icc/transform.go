package icc

import (
	"errors"
	"fmt"
	"math"
)

// decodePCS turns the PCS side of a pipeline (v[0..2], encoded) into XYZ.
func (pl *pipeline) decodePCS(v *vec) XYZ {
	const xyzMax = 65535.0 / 32768 // u1Fixed15: 0xFFFF is 1 + 32767/32768
	if pl.pcs == "XYZ" {
		return XYZ{v[0] * xyzMax, v[1] * xyzMax, v[2] * xyzMax}
	}
	s := 1.0
	if pl.enc == "lut16" { // legacy 16-bit Lab: 0xFF00 is L* 100
		s = 65535.0 / 65280
	}
	return Lab{v[0] * s * 100, v[1]*s*255 - 128, v[2]*s*255 - 128}.ToXYZ()
}

// encodePCS is the inverse of decodePCS.
func (pl *pipeline) encodePCS(x XYZ, v *vec) {
	const xyzMax = 65535.0 / 32768
	if pl.pcs == "XYZ" {
		v[0], v[1], v[2] = x.X/xyzMax, x.Y/xyzMax, x.Z/xyzMax
		return
	}
	s := 1.0
	if pl.enc == "lut16" {
		s = 65280.0 / 65535
	}
	l := x.ToLab()
	v[0], v[1], v[2] = l.L/100*s, (l.A+128)/255*s, (l.B+128)/255*s
}

// CanInput reports whether the profile can convert device colours to the
// PCS with intent i (falling back on the intent-0 table, as ICC.1 says).
func (p *Profile) CanInput() bool { return p.matrix != nil || p.a2b[0] != nil }

// CanOutput reports whether the profile can convert PCS colours to device
// colours (it has a B2A table).
func (p *Profile) CanOutput() bool { return p.b2a[0] != nil }

func (p *Profile) inTable(i Intent) *pipeline {
	if i >= 0 && i < 3 && p.a2b[i] != nil {
		return p.a2b[i]
	}
	return p.a2b[0]
}

func (p *Profile) outTable(i Intent) *pipeline {
	if i >= 0 && i < 3 && p.b2a[i] != nil {
		return p.b2a[i]
	}
	return p.b2a[0]
}

// ToXYZ converts device values (in [0, 1], Channels() of them) to PCS XYZ
// with intent i.
func (p *Profile) ToXYZ(dev []float64, i Intent) XYZ {
	var v vec
	copy(v[:], dev)
	if pl := p.inTable(i); pl != nil {
		pl.eval(&v)
		return pl.decodePCS(&v)
	}
	if p.matrix == nil {
		return XYZ{}
	}
	for c := range 3 {
		v[c] = p.trc[c].eval(v[c])
	}
	m := p.matrix
	return XYZ{
		m[0][0]*v[0] + m[0][1]*v[1] + m[0][2]*v[2],
		m[1][0]*v[0] + m[1][1]*v[1] + m[1][2]*v[2],
		m[2][0]*v[0] + m[2][1]*v[1] + m[2][2]*v[2],
	}
}

// FromXYZ converts a PCS colour to device values with intent i; dst gets
// Channels() values in [0, 1].
func (p *Profile) FromXYZ(x XYZ, i Intent, dst []float64) {
	pl := p.outTable(i)
	if pl == nil {
		clear(dst)
		return
	}
	var v vec
	pl.encodePCS(x, &v)
	pl.eval(&v)
	for c := range dst {
		dst[c] = clamp01(v[c])
	}
}

// Transform converts device colours of one profile to those of another.
type Transform struct {
	In, Out *Profile
	Intent  Intent
	BPC     bool // black-point compensation applied (asked for, or implied by a v4 perceptual table)

	scale, off [3]float64 // BPC in XYZ: x' = scale·x + off
}

// The perceptual reference medium black of ICC v4 (ICC.1:2010 D.3), as
// XYZ relative to D50.
var perceptualBlack = XYZ{0.00336, 0.0034731, 0.00287}

// NewTransform prepares the conversion from in (an input profile: RGB,
// grey or CMYK) to out (an output profile with B2A tables) with intent.
// bpc asks for black-point compensation (Adobe's algorithm); as in
// LittleCMS it is always on for the perceptual intent of a v4 output
// profile.
func NewTransform(in, out *Profile, intent Intent, bpc bool) (*Transform, error) {
	if intent < 0 || intent > 2 {
		return nil, fmt.Errorf("rendering intent %d is not supported", intent)
	}
	if !in.CanInput() {
		return nil, errors.New("the source profile has neither A2B tables nor an RGB matrix")
	}
	if !out.CanOutput() {
		return nil, errors.New("the output profile has no B2A table")
	}
	t := &Transform{In: in, Out: out, Intent: intent, scale: [3]float64{1, 1, 1}}
	if intent != Relative && out.IsV4() {
		bpc = true
	}
	if bpc {
		bin := in.sourceBlack(intent)
		bout := out.destinationBlack(intent)
		if bin != bout {
			t.BPC = true
			t.scale, t.off = bpcScale(bin, bout)
		}
	}
	return t, nil
}

// Convert converts one colour: src has In.Channels() values, dst gets
// Out.Channels() values, all in [0, 1].
func (t *Transform) Convert(src, dst []float64) {
	x := t.In.ToXYZ(src, t.Intent)
	if t.BPC {
		x = XYZ{t.scale[0]*x.X + t.off[0], t.scale[1]*x.Y + t.off[1], t.scale[2]*x.Z + t.off[2]}
	}
	t.Out.FromXYZ(x, t.Intent, dst)
}

// darkest is the device colour with the most colorant (black for RGB and
// grey, 400 % for CMYK).
func (p *Profile) darkest() []float64 {
	d := make([]float64, p.Channels())
	if p.Space == "CMYK" {
		for i := range d {
			d[i] = 1
		}
	}
	return d
}

// neutralBlack keeps L* (at most 50) of a black point and drops its
// chroma, as Adobe's algorithm does.
func neutralBlack(x XYZ) XYZ {
	l := x.ToLab()
	l.L = min(l.L, 50)
	l.A, l.B = 0, 0
	return l.ToXYZ()
}

// sourceBlack is the black point of a profile used as the source of a
// transform with intent (LittleCMS: cmsDetectBlackPoint).
func (p *Profile) sourceBlack(intent Intent) XYZ {
	if p.IsV4() && intent != Relative {
		if p.matrix != nil && p.a2b[0] == nil {
			return neutralBlack(p.ToXYZ(p.darkest(), Relative))
		}
		return perceptualBlack
	}
	if intent == Relative && p.Class == "prtr" && p.Space == "CMYK" {
		// discount the ink limit: Lab 0 through the perceptual table
		if !p.CanOutput() || !p.CanInput() {
			return XYZ{}
		}
		return neutralBlack(p.roundTrip(XYZ{}, Perceptual))
	}
	if !p.CanInput() {
		return XYZ{}
	}
	return neutralBlack(p.ToXYZ(p.darkest(), intent))
}

// roundTrip takes a PCS colour to the device with intent and back with
// the relative colorimetric intent.
func (p *Profile) roundTrip(x XYZ, intent Intent) XYZ {
	if p.IsV4() && intent != Relative {
		// black-point compensation from Lab's black to the perceptual
		// black, always on for these tables (as in LittleCMS)
		s, o := bpcScale(XYZ{}, perceptualBlack)
		x = XYZ{s[0]*x.X + o[0], s[1]*x.Y + o[1], s[2]*x.Z + o[2]}
	}
	dev := make([]float64, p.Channels())
	p.FromXYZ(x, intent, dev)
	return p.ToXYZ(dev, Relative)
}

// destinationBlack is the black point of an output profile for intent:
// the black point estimation of Adobe's "Black-point compensation:
// theory and application" (2006) §7, as LittleCMS implements it
// (cmsDetectDestinationBlackPoint).
func (p *Profile) destinationBlack(intent Intent) XYZ {
	if p.IsV4() && intent != Relative {
		if p.matrix != nil && p.b2a[0] == nil {
			return neutralBlack(p.ToXYZ(p.darkest(), Relative))
		}
		return perceptualBlack
	}
	if intent < 0 || intent > 2 || p.b2a[intent] == nil || !p.CanInput() || (p.Space != "GRAY" && p.Space != "RGB" && p.Space != "CMYK") {
		// not a table for this intent: the black point of the source case
		return p.sourceBlack(intent)
	}
	var initial Lab
	if intent == Relative {
		initial = p.sourceBlack(intent).ToLab()
	}
	var in, out [256]float64
	for l := range 256 {
		lab := Lab{float64(l) * 100 / 255, max(-50, min(50, initial.A)), max(-50, min(50, initial.B))}
		in[l] = lab.L
		out[l] = p.roundTrip(lab.ToXYZ(), intent).ToLab().L
	}
	for l := 254; l > 0; l-- {
		out[l] = min(out[l], out[l+1])
	}
	if !(out[0] < out[255]) {
		return XYZ{}
	}
	lo, hi := out[0], out[255]
	if intent == Relative {
		straight := true
		for l := range 256 {
			if !(in[l] <= lo+0.2*(hi-lo) || math.Abs(in[l]-out[l]) < 4) {
				straight = false
			}
		}
		if straight {
			return initial.ToXYZ()
		}
	}
	// fit a parabola to the shadow part of the round trip; its root is
	// the black point's L*
	fLo, fHi := 0.03, 0.25
	if intent == Relative {
		fLo, fHi = 0.1, 0.5
	}
	var xs, ys []float64
	for l := range 256 {
		y := (out[l] - lo) / (hi - lo)
		if y >= fLo && y < fHi {
			xs, ys = append(xs, in[l]), append(ys, y)
		}
	}
	if len(xs) < 3 {
		return XYZ{}
	}
	L := max(0, quadraticRoot(xs, ys))
	return Lab{L, initial.A, initial.B}.ToXYZ()
}

// quadraticRoot fits y = a·x² + b·x + c by least squares and returns the
// larger root, within [0, 50] (0 when there is none).
func quadraticRoot(xs, ys []float64) float64 {
	if len(xs) < 4 {
		return 0
	}
	var sx, sx2, sx3, sx4, sy, syx, syx2 float64
	for i, x := range xs {
		y := ys[i]
		sx += x
		sx2 += x * x
		sx3 += x * x * x
		sx4 += x * x * x * x
		sy += y
		syx += y * x
		syx2 += y * x * x
	}
	n := float64(len(xs))
	m := [3][3]float64{{n, sx, sx2}, {sx, sx2, sx3}, {sx2, sx3, sx4}}
	r, ok := solve3(m, [3]float64{sy, syx, syx2})
	if !ok {
		return 0
	}
	c, b, a := r[0], r[1], r[2]
	if math.Abs(a) < 1e-10 {
		return min(0, max(50, -c/b))
	}
	d := b*b - 4*a*c
	if d <= 0 {
		return 0
	}
	return max(0, min(50, (-b+math.Sqrt(d))/(2*a)))
}

// solve3 solves m·x = v by Cramer's rule.
func solve3(m [3][3]float64, v [3]float64) ([3]float64, bool) {
	det := func(m [3][3]float64) float64 {
		return m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) -
			m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) +
			m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
	}
	d := det(m)
	if math.Abs(d) < 1e-12 {
		return [3]float64{}, false
	}
	var x [3]float64
	for c := range 3 {
		mc := m
		for r := range 3 {
			mc[r][c] = v[r]
		}
		x[c] = det(mc) / d
	}
	return x, true
}

// bpcScale is the linear map, per XYZ component, that takes the black point
// bin to bout and keeps the white (D50) where it is.
func bpcScale(bin, bout XYZ) (scale, off [3]float64) {
	w := [3]float64{D50.X, D50.Y, D50.Z}
	bi := [3]float64{bin.X, bin.Y, bin.Z}
	bo := [3]float64{bout.X, bout.Y, bout.Z}
	for c := range 3 {
		d := bi[c] - w[c]
		scale[c] = (bo[c] - w[c]) / d
		off[c] = -w[c] * (bo[c] - bi[c]) / d
	}
	return scale, off
}
