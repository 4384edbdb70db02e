package jpeg

// This file is paiban's, not the Go authors': the reduced inverse DCTs of a
// scaled decode (see Decode).

import "math"

// idctTables[n][x][u] is C(u)/2 · cos((2x+1)uπ / 2n) in units of 2^-idctBits
// (C(0) = 1/√2, else 1), for n = 2 and 4: the n-point inverse DCT of the
// n lowest frequencies of an 8-point DCT samples the band-limited signal
// at the centres of n equal parts of the block (libjpeg's jidctred.c does
// the same with other arithmetic).
var idctTables [5][4][4]int64

const idctBits = 13

func init() {
	for _, n := range []int{2, 4} {
		for x := range n {
			for u := range n {
				c := 0.5
				if u == 0 {
					c = 0.5 / math.Sqrt2
				}
				v := c * math.Cos(float64(2*x+1)*float64(u)*math.Pi/float64(2*n))
				idctTables[n][x][u] = int64(math.Round(v * (1 << idctBits)))
			}
		}
	}
}

// idctScaled is idct for a block reduced to n×n pixels (n = 1, 2 or 4):
// the result, level-shifted by −128 like idct's, is in b[8y+x] for x, y < n.
// Integer arithmetic only, so the pixels are the same on every machine.
func idctScaled(b *block, n int) {
	if n == 1 {
		b[0] = (b[0] + 4) >> 3 // the mean of the 64 samples
		return
	}
	t := &idctTables[n]
	var tmp [4][4]int64 // [v][x]: rows transformed
	for v := range n {
		for x := range n {
			var s int64
			for u := range n {
				s += t[x][u] * int64(b[8*v+u])
			}
			tmp[v][x] = s
		}
	}
	const round = 1 << (2*idctBits - 1)
	for y := range n {
		for x := range n {
			var s int64
			for v := range n {
				s += t[y][v] * tmp[v][x]
			}
			b[8*y+x] = int32((s + round) >> (2 * idctBits))
		}
	}
}
