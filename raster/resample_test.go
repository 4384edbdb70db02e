package raster

import (
	"bytes"
	"fmt"
	"testing"
)

// refScaleRow is scaleRow written plainly: each column's source rows summed
// and rounded, then each result pixel's columns, channel by channel.
func refScaleRow(src []byte, sstride, nc int, f filter, hw []filter, n int, out []byte, dnc int) {
	col := make([]byte, n)
	for i := range col {
		var a int32
		for k, wt := range f.w {
			a += wt * int32(src[(f.start+k)*sstride+i])
		}
		col[i] = clamp8(a)
	}
	for x, g := range hw {
		for c := range nc {
			var a int32
			for k, wt := range g.w {
				a += wt * int32(col[(g.start+k)*nc+c])
			}
			out[x*dnc+c] = clamp8(a)
		}
	}
}

// scaleRow's unrolled paths (one to ten and more rows of taps, planes of
// four taps and others, CMYK, RGB into RGBA, a crop's part of the
// filters, the filters padded) give the plain sums' bytes, on noise that
// clamps at both ends.
func TestScaleRowPaths(t *testing.T) {
	s := uint32(1)
	for _, lay := range [][2]int{{1, 1}, {4, 4}, {3, 4}} {
		nc, dnc := lay[0], lay[1]
		for _, c := range [][4]int{{50, 40, 50, 40}, {50, 40, 47, 38}, {97, 61, 31, 17}, {200, 150, 23, 9}, {9, 7, 40, 30}, {3, 2, 1, 1}, {640, 480, 100, 75}, {60, 40, 90, 61}, {100, 80, 93, 70}} {
			sw, sh, dw, dh := c[0], c[1], c[2], c[3]
			sstride := sw*nc + 5
			src := make([]byte, sstride*sh)
			for i := range src {
				s = s*1664525 + 1013904223
				src[i] = byte(s >> 24)
				if s>>20&3 == 0 {
					src[i] = 255 * byte(s>>22&1)
				}
			}
			hw, vw := filterWeights(sw, dw), filterWeights(sh, dh)
			for _, part := range [][2]int{{0, dw}, {dw / 3, dw - dw/4}} {
				h := hw[part[0]:part[1]]
				hf := across(hw).part(part[0], part[1])
				acc, col := make([]int32, sw*nc), make([]byte, (sw+slack)*nc)
				for y := range dh {
					got, want := make([]byte, len(h)*dnc), make([]byte, len(h)*dnc)
					for i := range got {
						got[i], want[i] = 7, 7
					}
					scaleRow(src, sstride, nc, vw[y], hf, acc, col, got, dnc)
					refScaleRow(src, sstride, nc, vw[y], h, sw*nc, want, dnc)
					if !bytes.Equal(got, want) {
						t.Fatalf("%d→%d channels, %v, columns %v, row %d (%d taps): %v, want %v", nc, dnc, c, part, y, len(vw[y].w), got, want)
					}
				}
			}
		}
	}
}

// BenchmarkScaleRow: a 1.3-megapixel CMYK photo reduced by 5 % (the
// sample's pass-through CMYK JPEGs placed a little smaller), and a plane
// reduced by a third.
func BenchmarkScaleRow(b *testing.B) {
	for _, c := range [][5]int{{4, 1400, 950, 1330, 902}, {1, 2000, 1500, 1500, 1125}, {1, 1000, 750, 1500, 1125}} {
		nc, sw, sh, dw, dh := c[0], c[1], c[2], c[3], c[4]
		src := make([]byte, sw*sh*nc)
		for i := range src {
			src[i] = byte(i * 7 >> 3)
		}
		dst := make([]byte, dw*dh*nc)
		b.Run(fmt.Sprintf("nc%d-%dx%d", nc, sw, sh), func(b *testing.B) {
			for b.Loop() {
				resamplePlane(src, sw*nc, sw, sh, nc, dst, dw*nc, dw, dh, nc)
			}
		})
	}
}
