package jpeg

import (
	"bytes"
	"testing"
)

// Every sample value gives a flat block without AC coefficients, so each
// is written by writeFlat; and writeFlat writes the bytes writeBlock does.
func TestFlatBlocks(t *testing.T) {
	var q [nQuantIndex][blockSize]byte
	for i := range q {
		for j := range q[i] {
			q[i][j] = uint8(3 + j)
		}
	}
	for v := range int32(512) {
		qi := quantIndex(v >> 8) // luminance, then chrominance
		v &= 255
		if flatDC[v] == noFlat {
			t.Fatalf("%d: a flat block with AC coefficients", v)
		}
		a, b := encoder{w: &sink{}, quant: q}, encoder{w: &sink{}, quant: q}
		a.initRecip()
		b.initRecip()
		var blk block
		for i := range blk {
			blk[i] = v
		}
		da := a.writeFlat(v, qi, 17)
		db := b.writeBlock(&blk, qi, 17)
		a.emit(0x7f, 7)
		a.flushBits()
		b.emit(0x7f, 7)
		b.flushBits()
		if da != db || !bytes.Equal(a.w.b, b.w.b) {
			t.Fatalf("%d: writeFlat %d %x, writeBlock %d %x", v, da, a.w.b, db, b.w.b)
		}
	}
}
