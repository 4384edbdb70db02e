package pdf

import (
	"compress/zlib"
	"errors"
	"fmt"

	"github.com/paiban/paiban/pdf/cos"
)

// Font programs. gopdf is given every face without outlines
// (fonts.Face.WithoutOutlines): it codes text and writes the font
// dictionaries with it, and its subset costs next to nothing. The
// programs embedded are made here, one goroutine per font, while gopdf
// draws and writes the pages (startPrograms), and the object pass puts
// them in place of gopdf's (correctFont):
//   - a TrueType face: a subset with the glyph IDs kept (fonts.Face.Subset)
//     in the FontFile2;
//   - a CFF-outlined face: a CID-keyed CFF subset (fonts.CFF.Subset) in a
//     FontFile3 /CIDFontType0C, the CIDFont made a CIDFontType0. The
//     subset's charset is the identity, so code = CID = glyph slot; a
//     character that shares its glyph with another (an alias, write.go)
//     gets a slot of its own holding a copy of that glyph.

// programLevel is the zlib level of the font programs (klauspost's
// compress, about twice as fast as the standard library's at the same
// level). On the sample's two subsets (1.11 MB): level 1 gives 704 KB in
// 12 ms, level 6 653 KB in 23 ms (the standard library: 647 KB in 36 ms);
// 6 is where the size stops paying.
const programLevel = zlib.DefaultCompression

// fontProgram is a font's embedded program, being made.
type fontProgram struct {
	done   chan struct{}
	tagged []byte      // the program, uncompressed: the subset tag is its hash
	stream *cos.Stream // FontFile2 or FontFile3 stream
	err    error
}

// startPrograms starts making the program of every font drawn with.
func (wr *writer) startPrograms() {
	for _, f := range wr.fonts {
		if f == nil {
			continue
		}
		p := &fontProgram{done: make(chan struct{})}
		f.program = p
		go func() {
			defer close(p.done)
			p.tagged, p.stream, p.err = program(f)
		}()
	}
}

// program makes f's font program.
func program(f *fontUse) (tagged []byte, s *cos.Stream, err error) {
	z := cos.NewDeflater(programLevel)
	if c := f.face.CFF(); c != nil {
		use := make(map[int]int, len(f.cids))
		for _, e := range f.cids {
			use[e.cid] = e.gid
		}
		sub, err := c.Subset(use)
		if err != nil {
			return nil, nil, fmt.Errorf("CFF subset: %w", err)
		}
		return sub, z.Stream(cos.NewDict("Subtype", cos.Name("CIDFontType0C")), sub), nil
	}
	gids := make([]int, len(f.cids))
	for i, e := range f.cids {
		gids[i] = e.gid
	}
	sub, err := f.face.Subset(gids)
	if err != nil {
		return nil, nil, fmt.Errorf("TrueType subset: %w", err)
	}
	return sub, z.Stream(cos.NewDict("Length1", len(sub)), sub), nil
}

// embedProgram puts f's program in place of the one gopdf wrote in the
// descriptor fd: the FontFile2 stream replaced, or, for a CFF face, made a
// FontFile3 and cid a CIDFontType0 (which has no CIDToGIDMap). It returns
// the program, uncompressed.
func embedProgram(d *cos.Doc, cid, fd *cos.Dict, f *fontUse) ([]byte, error) {
	p := f.program
	if p == nil {
		return nil, errors.New("no font program was made")
	}
	<-p.done
	if p.err != nil {
		return nil, p.err
	}
	ref, ok := fd.Get("FontFile2").(cos.Ref)
	if !ok {
		return nil, errors.New("gopdf output: FontFile2 is not an indirect stream")
	}
	if _, ok := d.Get(ref).(*cos.Stream); !ok {
		return nil, errors.New("gopdf output: no embedded font program")
	}
	d.Set(ref, p.stream)
	if f.face.CFF() != nil {
		fd.Delete("FontFile2")
		fd.Set("FontFile3", ref)
		cid.Set("Subtype", cos.Name("CIDFontType0"))
		cid.Delete("CIDToGIDMap")
	}
	return p.tagged, nil
}
