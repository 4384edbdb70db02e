package icc

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// curve is a one-dimensional transfer function on [0, 1]: a curv
// (identity, gamma or table) or a para (parametric) curve.
type curve struct {
	kind  int       // 0 identity, 1 gamma, 2 table, 3 parametric
	gamma float64   // kind 1
	table []float64 // kind 2: values in [0, 1], evenly spaced over [0, 1]
	fn    int       // kind 3: the function type 0 … 4
	p     [7]float64
}

// paraParams is the number of parameters of each parametric function type.
var paraParams = [5]int{1, 3, 4, 5, 7}

// readCurve reads a curv or para element at the start of t and returns it
// with the number of bytes it takes (not padded).
func readCurve(t []byte) (curve, int, error) {
	if len(t) < 12 {
		return curve{}, 0, errors.New("curve too short")
	}
	switch string(t[:4]) {
	case "curv":
		n := int(binary.BigEndian.Uint32(t[8:]))
		if n < 0 || n > (len(t)-12)/2 {
			return curve{}, 0, errors.New("curv table does not fit its tag")
		}
		switch n {
		case 0:
			return curve{}, 12, nil
		case 1:
			return curve{kind: 1, gamma: float64(binary.BigEndian.Uint16(t[12:])) / 256}, 14, nil
		}
		c := curve{kind: 2, table: make([]float64, n)}
		for i := range n {
			c.table[i] = float64(binary.BigEndian.Uint16(t[12+2*i:])) / 65535
		}
		return c, 12 + 2*n, nil
	case "para":
		fn := int(binary.BigEndian.Uint16(t[8:]))
		if fn > 4 {
			return curve{}, 0, fmt.Errorf("parametric curve type %d is unknown", fn)
		}
		np := paraParams[fn]
		if len(t) < 12+4*np {
			return curve{}, 0, errors.New("para curve too short")
		}
		c := curve{kind: 3, fn: fn}
		for i := range np {
			c.p[i] = s15(t[12+4*i:])
		}
		return c, 12 + 4*np, nil
	}
	return curve{}, 0, fmt.Errorf("%q is not a curve type", string(t[:4]))
}

// eval maps x (clamped to [0, 1]) through the curve.
func (c *curve) eval(x float64) float64 {
	x = clamp01(x)
	switch c.kind {
	case 1:
		return math.Pow(x, c.gamma)
	case 2:
		n := len(c.table)
		if n == 1 {
			return c.table[0]
		}
		pos := x * float64(n-1)
		i := int(pos)
		if i >= n-1 {
			return c.table[n-1]
		}
		f := pos - float64(i)
		return c.table[i] + f*(c.table[i+1]-c.table[i])
	case 3:
		return c.para(x)
	}
	return x
}

func (c *curve) para(x float64) float64 {
	g, a, b, cc, d, e, f := c.p[0], c.p[1], c.p[2], c.p[3], c.p[4], c.p[5], c.p[6]
	pow := func(v float64) float64 {
		if v <= 0 {
			return 0
		}
		return math.Pow(v, g)
	}
	switch c.fn {
	case 0:
		return pow(x)
	case 1:
		if a != 0 && x >= -b/a {
			return pow(a*x + b)
		}
		return 0
	case 2:
		if a != 0 && x >= -b/a {
			return pow(a*x+b) + cc
		}
		return cc
	case 3:
		if x >= d {
			return pow(a*x + b)
		}
		return cc * x
	case 4:
		if x >= d {
			return pow(a*x+b) + e
		}
		return cc*x + f
	}
	return x
}

func clamp01(x float64) float64 {
	switch {
	case x > 1:
		return 1
	case x >= 0:
		return x
	}
	return 0 // and NaN
}
