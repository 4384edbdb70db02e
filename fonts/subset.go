package fonts

import (
	"encoding/binary"
	"errors"
	"slices"
)

// Subset returns the font program a PDF embeds for a TrueType face
// (FontFile2) when the glyphs gids are drawn: the outlines of those glyphs,
// of glyph 0 (.notdef) and of the components of composite glyphs, every
// other glyph kept with an empty outline, so glyph IDs are unchanged (the
// CIDToGIDMap stays the identity). The tables are those gopdf v0.37.0's
// subsetter writes (PDF 32000-1 9.9: what a consumer of an embedded
// TrueType needs): cvt, fpgm, glyf, head, hhea, hmtx, loca, maxp and prep,
// each copied except glyf and loca (long offsets) and head (its
// indexToLocFormat and checksum adjustment). Deterministic: the bytes depend
// only on the face and the set of glyphs.
//
// The writer builds it instead of gopdf (which is given WithoutOutlines) so
// that the subsets of a document's fonts are made and compressed in
// parallel, while gopdf writes the pages.
func (f *Face) Subset(gids []int) ([]byte, error) {
	if f.cff != nil {
		return nil, errors.New("a CFF face is embedded from its CFF table (CFF.Subset)")
	}
	recs, err := readDirectory(f.Data, 0)
	if err != nil {
		return nil, err
	}
	src := make(map[string][]byte, len(recs))
	for _, r := range recs {
		src[r.tag] = f.Data[r.offset : r.offset+r.length]
	}
	head := src["head"]
	if len(head) < 54 {
		return nil, errors.New("damaged font: truncated head table")
	}
	// the glyphs and, transitively, their components
	use := make([]bool, f.numGlyphs)
	stack := make([]int, 0, len(gids)+1)
	add := func(g int) {
		if g >= 0 && g < f.numGlyphs && !use[g] {
			use[g] = true
			stack = append(stack, g)
		}
	}
	add(0)
	for _, g := range gids {
		add(g)
	}
	for len(stack) > 0 {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if err := f.components(g, add); err != nil {
			return nil, err
		}
	}
	size := 0
	for g, u := range use {
		if u {
			size += (int(f.loca[g+1]-f.loca[g]) + 3) &^ 3
		}
	}
	glyf := make([]byte, 0, size)
	loca := make([]byte, 4*(f.numGlyphs+1))
	for g, u := range use {
		if u {
			glyf = append(glyf, f.glyf[f.loca[g]:f.loca[g+1]]...)
			for len(glyf)%4 != 0 {
				glyf = append(glyf, 0)
			}
		}
		binary.BigEndian.PutUint32(loca[4*(g+1):], uint32(len(glyf)))
	}
	t := map[string][]byte{"glyf": glyf, "loca": loca, "head": slices.Clone(head)}
	binary.BigEndian.PutUint32(t["head"][8:], 0)  // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(t["head"][50:], 1) // indexToLocFormat: long
	for _, tag := range []string{"cvt ", "fpgm", "hhea", "hmtx", "maxp", "prep"} {
		if b, ok := src[tag]; ok {
			t[tag] = b
		}
	}
	out := writeSfnt(t)
	// the head table's checkSumAdjustment makes the whole font sum to
	// 0xB1B0AFBA (OpenType, head)
	recs, err = readDirectory(out, 0)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		if r.tag == "head" {
			binary.BigEndian.PutUint32(out[r.offset+8:], 0xB1B0AFBA-tableChecksum(out))
		}
	}
	return out, nil
}
