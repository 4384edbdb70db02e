package raster

// Ink limits: total area coverage (C+M+Y+K) brought down by grey component
// replacement, keeping each colour's darkness.
//
// Raising K from k to k′ and lowering each of C, M, Y from x to
//
//	x′ = 1 − (1 − x)(1 − k) / (1 − k′)
//
// keeps (1 − x)(1 − k), the light each channel's inks let through in the
// multiplicative (Yule–Nielsen n = 1) model, the same; k′ is the lowest K
// (found by bisection) that brings the sum to the limit. Where no K can
// (C, M and Y all at 100 %), C, M and Y are scaled down instead.

// limitInk brings cmyk (values in [0, 1]) to a total of at most limit
// (3 = 300 %).
func limitInk(v []float64, limit float64) {
	c, m, y, k := v[0], v[1], v[2], v[3]
	if c+m+y+k <= limit {
		return
	}
	sum := func(k2 float64) float64 {
		f := (1 - k) / (1 - k2)
		return k2 + max(0, 1-(1-c)*f) + max(0, 1-(1-m)*f) + max(0, 1-(1-y)*f)
	}
	const top = 1 - 1e-9
	if k < top && sum(top) <= limit {
		lo, hi := k, top
		for range 40 {
			mid := (lo + hi) / 2
			if sum(mid) > limit {
				lo = mid
			} else {
				hi = mid
			}
		}
		f := (1 - k) / (1 - hi)
		v[0], v[1], v[2], v[3] = max(0, 1-(1-c)*f), max(0, 1-(1-m)*f), max(0, 1-(1-y)*f), hi
		return
	}
	// scale C, M, Y into the room K leaves
	room := max(0, limit-k)
	s := room / (c + m + y)
	v[0], v[1], v[2] = c*s, m*s, y*s
}

// inkMemo remembers the last limited pixels of a row (photos repeat
// colours), keyed by the pixel's four bytes.
type inkMemo struct {
	key [256]uint32
	val [256]uint32
	ok  [256]bool
}

// limitRow brings every CMYK pixel (4 bytes) of row over lim (8-bit units
// of C+M+Y+K) down to it.
func limitRow(row []byte, lim int, memo *inkMemo) {
	for i := 0; i+3 < len(row); i += 4 {
		p := row[i : i+4 : i+4]
		if int(p[0])+int(p[1])+int(p[2])+int(p[3]) <= lim {
			continue
		}
		key := uint32(p[0])<<24 | uint32(p[1])<<16 | uint32(p[2])<<8 | uint32(p[3])
		h := (key * 2654435761) >> 24
		if memo.ok[h] && memo.key[h] == key {
			v := memo.val[h]
			p[0], p[1], p[2], p[3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
			continue
		}
		f := []float64{float64(p[0]) / 255, float64(p[1]) / 255, float64(p[2]) / 255, float64(p[3]) / 255}
		limitInk(f, float64(lim)/255)
		for c := range 4 {
			p[c] = uint8(f[c]*255 + 0.5)
		}
		// rounding may leave a unit or two over: take them from the largest
		// of C, M, Y
		for int(p[0])+int(p[1])+int(p[2])+int(p[3]) > lim {
			switch {
			case p[0] >= p[1] && p[0] >= p[2]:
				p[0]--
			case p[1] >= p[2]:
				p[1]--
			default:
				p[2]--
			}
		}
		memo.key[h], memo.ok[h] = key, true
		memo.val[h] = uint32(p[0])<<24 | uint32(p[1])<<16 | uint32(p[2])<<8 | uint32(p[3])
	}
}
