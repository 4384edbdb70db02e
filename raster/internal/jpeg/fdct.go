package jpeg

// This file is paiban's: the encoder's forward DCT.
//
// It is the transform of Arai, Agui and Nakajima (“A fast DCT-SQ scheme for
// images”, 1988) as libjpeg's jfdctflt.c writes it: 5 multiplications and
// 29 additions for 8 points (Loeffler's needs 11 and 29), because its
// outputs are left scaled: coefficient (u, v) comes out multiplied by
// aanScale[u]·aanScale[v], and that factor is folded into the quantiser
// (encoder.initRecip), not undone here. It runs in integers with 8
// fractional bits and 16-bit constants (int64 locals, so the products never
// overflow; as cheap as int32 on a 64-bit processor), precise to a small
// fraction of a unit where libjpeg's integer jfdctfst.c keeps none
// (TestFDCTAgainstFloat).

// fdctFrac is the number of fractional bits of fdct's outputs.
const fdctFrac = 8

// The constants, ×2^16.
const (
	aan0707 = 46341 // cos 4π/16 = 1/√2
	aan0382 = 25080 // cos 6π/16
	aan0541 = 35468 // √2·cos 6π/16
	aan1306 = 85627 // √2·cos 2π/16
)

// aanScale[k] is cos(kπ/16)·√2 (1 for k = 0): fdct's output (u, v) is the
// transform libjpeg's jfdctint.c gives (8 × the JPEG coefficient)
// × aanScale[u] × aanScale[v] × 2^fdctFrac.
var aanScale = [8]float64{
	1,
	1.3870398453221475,
	1.3065629648763766,
	1.1758756024193588,
	1,
	0.7856949583871023,
	0.5411961001461971,
	0.2758993792829431,
}

// fdct transforms b, samples 0 … 255 (taken as −128 … 127), in place into
// scaled coefficients (see aanScale) in natural order.
func fdct(b *block) {
	// columns: the samples ×2^fdctFrac in, the same precision out
	for i := range 8 {
		tmp0, tmp1, tmp2, tmp3, tmp4, tmp5, tmp6, tmp7 := butterflies(b[0*8+i], b[1*8+i], b[2*8+i], b[3*8+i], b[4*8+i], b[5*8+i], b[6*8+i], b[7*8+i])

		// even part; the 128 of every sample cancels except in the sum
		tmp10, tmp13 := tmp0+tmp3, tmp0-tmp3
		tmp11, tmp12 := tmp1+tmp2, tmp1-tmp2
		b[0*8+i] = int32((tmp10 + tmp11 - 8*128) << fdctFrac)
		b[4*8+i] = int32((tmp10 - tmp11) << fdctFrac)
		z1 := (tmp12 + tmp13) * aan0707 >> (16 - fdctFrac)
		tmp13 <<= fdctFrac
		b[2*8+i] = int32(tmp13 + z1)
		b[6*8+i] = int32(tmp13 - z1)

		// odd part
		tmp10, tmp11, tmp12 = tmp4+tmp5, tmp5+tmp6, tmp6+tmp7
		z5 := (tmp10 - tmp12) * aan0382
		z2 := (tmp10*aan0541 + z5) >> (16 - fdctFrac)
		z4 := (tmp12*aan1306 + z5) >> (16 - fdctFrac)
		z3 := tmp11 * aan0707 >> (16 - fdctFrac)
		tmp7 <<= fdctFrac
		z11, z13 := tmp7+z3, tmp7-z3
		b[5*8+i] = int32(z13 + z2)
		b[3*8+i] = int32(z13 - z2)
		b[1*8+i] = int32(z11 + z4)
		b[7*8+i] = int32(z11 - z4)
	}
	// rows: fdctFrac fractional bits in and out
	for i := range 8 {
		x := b[8*i : 8*i+8 : 8*i+8]
		tmp0, tmp1, tmp2, tmp3, tmp4, tmp5, tmp6, tmp7 := butterflies(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7])

		tmp10, tmp13 := tmp0+tmp3, tmp0-tmp3
		tmp11, tmp12 := tmp1+tmp2, tmp1-tmp2
		z1 := (tmp12 + tmp13) * aan0707 >> 16

		tmp10b, tmp11b, tmp12b := tmp4+tmp5, tmp5+tmp6, tmp6+tmp7
		z5 := (tmp10b - tmp12b) * aan0382
		z2 := (tmp10b*aan0541 + z5) >> 16
		z4 := (tmp12b*aan1306 + z5) >> 16
		z3 := tmp11b * aan0707 >> 16
		z11, z13 := tmp7+z3, tmp7-z3

		x[0] = int32(tmp10 + tmp11)
		x[1] = int32(z11 + z4)
		x[2] = int32(tmp13 + z1)
		x[3] = int32(z13 - z2)
		x[4] = int32(tmp10 - tmp11)
		x[5] = int32(z13 + z2)
		x[6] = int32(tmp13 - z1)
		x[7] = int32(z11 - z4)
	}
}

// butterflies is the transform's first stage: the sums and differences of
// d0 and d7, d1 and d6, d2 and d5, d3 and d4 (tmp0 … tmp3 and tmp7 … tmp4).
func butterflies(d0, d1, d2, d3, d4, d5, d6, d7 int32) (tmp0, tmp1, tmp2, tmp3, tmp4, tmp5, tmp6, tmp7 int64) {
	return int64(d0) + int64(d7), int64(d1) + int64(d6), int64(d2) + int64(d5), int64(d3) + int64(d4),
		int64(d3) - int64(d4), int64(d2) - int64(d5), int64(d1) - int64(d6), int64(d0) - int64(d7)
}
