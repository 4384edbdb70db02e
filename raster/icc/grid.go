package icc

import (
	"math"
	"runtime"
	"sync"
)

// Grid is a Transform from 8-bit RGB to 8-bit CMYK sampled on a regular
// grid over RGB and interpolated tetrahedrally: what converting an image
// costs per pixel, whatever the profiles.
type Grid struct {
	n    int      // points per axis
	node []uint16 // n³ × 4 values, 0 … 65535; red varies slowest
	idx  [256]int32
	frac [256]int32 // 0 … 256
}

// GridPoints is the size of the grids NewGrid builds per axis: 33³ nodes,
// every 8 input levels (LittleCMS uses 33 for RGB too).
const GridPoints = 33

// NewGrid samples t (an RGB → CMYK transform) on a grid of n points per
// axis. post, when not nil, adjusts each node's CMYK values (in [0, 1])
// after the transform: an ink limit. The nodes are computed in parallel;
// the result does not depend on the number of processors.
func NewGrid(t *Transform, n int, post func(cmyk []float64)) *Grid {
	g := &Grid{n: n, node: make([]uint16, n*n*n*4)}
	pos := make([]float64, n) // node i is at input level pos[i] (0 … 1)
	for i := range pos {
		pos[i] = gridPos(i, n)
	}
	for v, i := 0, 0; v < 256; v++ {
		x := float64(v) / 255
		for i < n-2 && x >= pos[i+1] {
			i++
		}
		g.idx[v] = int32(i)
		g.frac[v] = int32(math.Round((x - pos[i]) / (pos[i+1] - pos[i]) * 256))
	}
	var wg sync.WaitGroup
	rows := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src, dst := make([]float64, 3), make([]float64, 4)
			for r := range rows {
				for gi := range n {
					for b := range n {
						src[0], src[1], src[2] = pos[r], pos[gi], pos[b]
						t.Convert(src, dst)
						if post != nil {
							post(dst)
						}
						o := ((r*n+gi)*n + b) * 4
						for c := range 4 {
							g.node[o+c] = uint16(clamp01(dst[c])*65535 + 0.5)
						}
					}
				}
			}
		}()
	}
	for r := range n {
		rows <- r
	}
	close(rows)
	wg.Wait()
	return g
}

// Row converts a row of 8-bit RGB (3 bytes a pixel) to 8-bit CMYK (4 bytes
// a pixel) in dst.
func (g *Grid) Row(rgb, dst []byte) {
	n := g.n
	sr, sg := n*n*4, n*4
	const sb = 4
	node := g.node
	o3 := sr + sg + sb
	for i, j := 0, 0; i+2 < len(rgb) && j+3 < len(dst); i, j = i+3, j+4 {
		r, gr, b := rgb[i], rgb[i+1], rgb[i+2]
		fr, fg, fb := int(g.frac[r]), int(g.frac[gr]), int(g.frac[b])
		o := int(g.idx[r])*sr + int(g.idx[gr])*sg + int(g.idx[b])*sb
		o1, o2, r1, r2, r3 := tetraOrder(fr, fg, fb, sr, sg, sb)
		v0 := node[o : o+4 : o+4]
		v1 := node[o+o1 : o+o1+4 : o+o1+4]
		v2 := node[o+o2 : o+o2+4 : o+o2+4]
		v3 := node[o+o3 : o+o3+4 : o+o3+4]
		d := dst[j : j+4 : j+4]
		for c := range 4 {
			c0, c1, c2, c3 := int(v0[c]), int(v1[c]), int(v2[c]), int(v3[c])
			v := c0<<8 + r1*(c1-c0) + r2*(c2-c1) + r3*(c3-c2) // × 256
			// 16-bit × 256 to 8-bit, rounded: v / 256 / 257
			d[c] = uint8((v + 257*128) / (257 * 256))
		}
	}
}

// gridPos is the input level of node i of n: closer together in the
// shadows (the power 1.5), where press profiles change fastest.
func gridPos(i, n int) float64 {
	return math.Pow(float64(i)/float64(n-1), 1.5)
}
