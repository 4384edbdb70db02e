package pdf

import (
	"compress/zlib"
	"errors"
	"fmt"

	"github.com/paiban/paiban/pdf/cos"
)

// CFF-outlined faces. gopdf embeds, for such a face, a TrueType without
// outlines (fonts.Face.Data) and codes text with its glyph IDs; the object
// pass puts the CFF outlines in its place: a CID-keyed CFF subset
// (fonts.CFF.Subset) in a FontFile3 /CIDFontType0C, the CIDFont made a
// CIDFontType0. The subset's charset is the identity, so code = CID =
// glyph slot; a character that shares its glyph with another (an alias,
// write.go) gets a slot of its own holding a copy of that glyph.

// cffProgram is the CFF subset for f, nil when f's face is TrueType.
func cffProgram(f *fontUse) ([]byte, error) {
	c := f.face.CFF()
	if c == nil {
		return nil, nil
	}
	use := make(map[int]int, len(f.cids))
	for _, e := range f.cids {
		use[e.cid] = e.gid
	}
	sub, err := c.Subset(use)
	if err != nil {
		return nil, fmt.Errorf("CFF subset: %w", err)
	}
	return sub, nil
}

// embedCFF replaces the descriptor fd's FontFile2 by a FontFile3 holding
// program and makes cid a CIDFontType0 (which has no CIDToGIDMap).
func embedCFF(d *cos.Doc, cid, fd *cos.Dict, program []byte) error {
	ref, ok := fd.Get("FontFile2").(cos.Ref)
	if !ok {
		return errors.New("gopdf output: FontFile2 is not an indirect stream")
	}
	// The font program is compressed once per build: the best level pays.
	z := cos.NewDeflater(zlib.BestCompression)
	d.Set(ref, z.Stream(cos.NewDict("Subtype", cos.Name("CIDFontType0C")), program))
	fd.Delete("FontFile2")
	fd.Set("FontFile3", ref)
	cid.Set("Subtype", cos.Name("CIDFontType0"))
	cid.Delete("CIDToGIDMap")
	return nil
}
