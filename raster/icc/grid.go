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
	n int // points per axis
	// node holds each node's CMYK as two words, C and M then Y and K,
	// each value in units of 1/256 of an 8-bit level (0 … 255·256) in
	// the low half of a 32-bit lane: four weights summing to 256 times
	// them stay within their lane, so a vertex takes two multiplications.
	// Red varies slowest.
	node []cmykPair
	off  [3][256]int32 // [axis][level]: the index in node of the cell below
	frac [256]int32    // 0 … 256
	// tetra[case] are the offsets of a cell's second and third vertices
	// in the tetrahedron of the case (Row: which fractions are larger)
	tetra [8][2]int32
}

// cmykPair is a node's C and M, then Y and K (see Grid.node).
type cmykPair struct{ cm, yk uint64 }

// GridPoints is the size of the grids NewGrid builds per axis: 33³ nodes,
// every 8 input levels (LittleCMS uses 33 for RGB too).
const GridPoints = 33

// NewGrid samples t (an RGB → CMYK transform) on a grid of n points per
// axis. post, when not nil, adjusts each node's CMYK values (in [0, 1])
// after the transform: an ink limit. The nodes are computed in parallel;
// the result does not depend on the number of processors.
func NewGrid(t *Transform, n int, post func(cmyk []float64)) *Grid {
	g := &Grid{n: n, node: make([]cmykPair, n*n*n)}
	pos := make([]float64, n) // node i is at input level pos[i] (0 … 1)
	for i := range pos {
		pos[i] = gridPos(i, n)
	}
	sr, sg, sb := int32(n*n), int32(n), int32(1)
	for v, i := 0, 0; v < 256; v++ {
		x := float64(v) / 255
		for i < n-2 && x >= pos[i+1] {
			i++
		}
		g.off[0][v], g.off[1][v], g.off[2][v] = int32(i)*sr, int32(i)*sg, int32(i)*sb
		g.frac[v] = int32(math.Round((x - pos[i]) / (pos[i+1] - pos[i]) * 256))
	}
	// the case is (fr ≥ fg) | (fg ≥ fb)<<1 | (fr ≥ fb)<<2; the impossible
	// ones (2 and 5) are given any tetrahedron
	for k := range g.tetra {
		ge := func(bit int) bool { return k>>bit&1 == 1 }
		var o1, o2 int32
		switch {
		case ge(0) && ge(1): // r ≥ g ≥ b
			o1, o2 = sr, sr+sg
		case ge(0) && ge(2): // r ≥ b > g
			o1, o2 = sr, sr+sb
		case ge(0): // b > r ≥ g
			o1, o2 = sb, sr+sb
		case ge(2): // g > r ≥ b
			o1, o2 = sg, sr+sg
		case ge(1): // g ≥ b > r
			o1, o2 = sg, sg+sb
		default: // b > g > r
			o1, o2 = sb, sg+sb
		}
		g.tetra[k] = [2]int32{o1, o2}
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
						var v [4]uint64
						for c := range 4 {
							v[c] = uint64(clamp01(dst[c])*255*256 + 0.5)
						}
						g.node[(r*n+gi)*n+b] = cmykPair{v[0] | v[1]<<32, v[2] | v[3]<<32}
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
// a pixel) in dst. The tetrahedron is picked without branches (a photo's
// pixels fall in them at random) and its four vertices weighted by integer
// weights that sum to 256.
func (g *Grid) Row(rgb, dst []byte) {
	node := g.node
	o3 := int32(g.n*g.n + g.n + 1) // a cell's far corner
	const round = 1<<15 | 1<<47
	for i, j := 0, 0; i+2 < len(rgb) && j+3 < len(dst); i, j = i+3, j+4 {
		r, gr, b := rgb[i], rgb[i+1], rgb[i+2]
		fr, fg, fb := g.frac[r], g.frac[gr], g.frac[b]
		o := g.off[0][r] + g.off[1][gr] + g.off[2][b]
		k := b2i(fr >= fg) | b2i(fg >= fb)<<1 | b2i(fr >= fb)<<2
		t := &g.tetra[k&7]
		hi, lo := max(fr, fg, fb), min(fr, fg, fb)
		mid := fr + fg + fb - hi - lo
		w0, w1, w2, w3 := uint64(256-hi), uint64(hi-mid), uint64(mid-lo), uint64(lo)
		v0, v1, v2, v3 := &node[o], &node[o+t[0]], &node[o+t[1]], &node[o+o3]
		cm := v0.cm*w0 + v1.cm*w1 + v2.cm*w2 + v3.cm*w3 + round
		yk := v0.yk*w0 + v1.yk*w1 + v2.yk*w2 + v3.yk*w3 + round
		d := dst[j : j+4 : j+4]
		d[0], d[1], d[2], d[3] = byte(cm>>16), byte(cm>>48), byte(yk>>16), byte(yk>>48)
	}
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// gridPos is the input level of node i of n: closer together in the
// shadows (the power 1.5), where press profiles change fastest.
func gridPos(i, n int) float64 {
	return math.Pow(float64(i)/float64(n-1), 1.5)
}
