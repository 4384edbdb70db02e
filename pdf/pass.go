package pdf

import (
	"compress/zlib"
	"crypto/sha256"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/pdf/cos"
)

// The object pass: gopdf's output read back as objects (package cos, by the
// grammar, whatever gopdf's whitespace) and corrected in place. Objects are
// found by what they are — the page tree, the Type0 fonts and what they
// refer to, the image XObjects, the pages' resources — never by their text.

// deflateLevel is the zlib level of content streams: content is mostly hex
// glyph codes, where level 6 is ~3 times slower for ~10 % smaller output.
var deflateLevel = zlib.BestSpeed

// overprint is the resource name of the overprint ExtGState.
const overprint = cos.Name("GSop")

// correct applies every correction to d, gopdf's output for wr's document.
func (wr *writer) correct(d *cos.Doc) error {
	pages, err := d.Pages()
	if err != nil {
		return err
	}
	if len(pages) != len(wr.doc.Pages) {
		return fmt.Errorf("gopdf output has %d pages, expected %d", len(pages), len(wr.doc.Pages))
	}
	if wr.imported, err = canonicalImports(d, pages, wr.colour); err != nil {
		return fmt.Errorf("supplied page: %w", err)
	}
	importedToUnicode(d, wr.imported)
	if err := wr.correctFonts(d); err != nil {
		return err
	}
	if wr.imageRefs, err = wr.swapImages(d); err != nil {
		return err
	}
	if err := wr.overprintState(d, pages); err != nil {
		return err
	}
	wr.boxes(d, pages)
	refs := make([]cos.Ref, len(pages))
	for i, p := range pages {
		if refs[i], err = contentRef(d, p, len(wr.text[i]) > 0); err != nil {
			return fmt.Errorf("page %d: %w", i+1, err)
		}
	}
	wr.contentRefs = refs
	return wr.contents(d, d, refs, refs, wr.text, nil)
}

// contentRef is the page's one content stream (gopdf writes one, or none
// for an empty page).
func contentRef(d *cos.Doc, p cos.Page, text bool) (cos.Ref, error) {
	list, err := d.Contents(p)
	if err != nil {
		return cos.Ref{}, err
	}
	switch {
	case len(list) == 0 && !text:
		return cos.Ref{}, nil
	case len(list) != 1:
		return cos.Ref{}, fmt.Errorf("%d content streams, expected one", len(list))
	}
	r, ok := list[0].(cos.Ref)
	if _, isStream := d.Get(r).(*cos.Stream); !ok || !isStream {
		return cos.Ref{}, errors.New("bad /Contents")
	}
	return r, nil
}

// correctFonts rewrites every Type0 font gopdf wrote: subset tag, widths,
// CIDToGIDMap, ToUnicode.
func (wr *writer) correctFonts(d *cos.Doc) error {
	families := map[cos.Name]*fontUse{}
	for _, f := range wr.used {
		families[cos.Name(f.family)] = f
	}
	wr.fontRefs = map[string]cos.Ref{}
	n := 0
	var err error
	d.Each(func(r cos.Ref, v cos.Object) {
		t0, ok := v.(*cos.Dict)
		if err != nil || !ok || wr.imported[r.Num] || t0.Get("Type") != cos.Name("Font") || t0.Get("Subtype") != cos.Name("Type0") {
			return
		}
		fam, _ := t0.Get("BaseFont").(cos.Name)
		f := families[fam]
		if f == nil {
			err = fmt.Errorf("gopdf output: unknown font %q", fam)
			return
		}
		n++
		wr.fontRefs[f.family] = r
		if e := wr.correctFont(d, r, t0, f); e != nil {
			err = fmt.Errorf("font %s: %w", f.name, e)
		}
	})
	if err == nil && n != len(wr.used) {
		err = fmt.Errorf("gopdf output has %d fonts, expected %d", n, len(wr.used))
	}
	return err
}

func (wr *writer) correctFont(d *cos.Doc, t0ref cos.Ref, t0 *cos.Dict, f *fontUse) error {
	kids, _ := d.Get(t0.Get("DescendantFonts")).(cos.Array)
	if len(kids) != 1 {
		return errors.New("gopdf output: no descendant font")
	}
	cidRef, _ := kids[0].(cos.Ref)
	cid := d.Dict(cidRef)
	uniRef, _ := t0.Get("ToUnicode").(cos.Ref)
	fdRef, _ := cid.Get("FontDescriptor").(cos.Ref)
	fd := d.Dict(fdRef)
	if cid == nil || fd == nil || d.Get(uniRef) == nil {
		return errors.New("gopdf output: descendant, descriptor or ToUnicode missing")
	}
	// That gopdf maps every character to our glyph is checked where it
	// counts, in every TJ (codes).
	tagged, err := embedProgram(d, cid, fd, f) // fontprogram.go
	if err != nil {
		return err
	}
	name := cos.Name(subsetTag(tagged) + "+" + f.name)
	z := cos.NewDeflater(deflateLevel)
	t0.Set("BaseFont", name)
	cid.Set("BaseFont", name)
	fd.Set("FontName", name)
	if f.face.CFF() == nil {
		var cidMap cos.Object = cos.Name("Identity")
		if f.alias != nil {
			cidMap = d.Add(z.Stream(nil, cidToGIDMap(f)))
		}
		cid.Set("CIDToGIDMap", cidMap)
	}
	cid.Set("W", widths(f))
	for _, r := range []cos.Ref{t0ref, cidRef, fdRef} {
		d.Touch(r)
	}
	d.Set(uniRef, z.Stream(nil, toUnicode(f)))
	return nil
}

// widths is the CIDFont's /W: every CID's width from package fonts, in runs
// of consecutive CIDs (c [w1 w2 …]).
func widths(f *fontUse) cos.Array {
	var a cos.Array
	cids := f.cids
	for k := 0; k < len(cids); {
		m := k + 1
		for m < len(cids) && cids[m].cid == cids[m-1].cid+1 {
			m++
		}
		ws := make(cos.Array, 0, m-k)
		for x := k; x < m; x++ {
			ws = append(ws, f.face.GlyphWidth(cids[x].gid))
		}
		a = append(a, cids[k].cid, ws)
		k = m
	}
	return a
}

// cidToGIDMap returns the data of a CIDToGIDMap stream: the identity for
// every CID up to the highest, except the aliases, which map to their glyph.
func cidToGIDMap(f *fontUse) []byte {
	n := f.cids[len(f.cids)-1].cid + 1
	m := make([]byte, 2*n)
	for c := range n {
		m[2*c], m[2*c+1] = byte(c>>8), byte(c)
	}
	for _, e := range f.cids {
		m[2*e.cid], m[2*e.cid+1] = byte(e.gid>>8), byte(e.gid)
	}
	return m
}

// subsetTag derives the six-letter subset prefix from the embedded font
// program (as gopdf wrote it, deterministically): equal subsets get equal
// tags on every run, different subsets of same-named fonts different ones.
func subsetTag(program []byte) string {
	sum := sha256.Sum256(program)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}

// toUnicode builds the ToUnicode CMap: one bfchar per CID, ≤100 per block.
func toUnicode(f *fontUse) []byte {
	return cos.UnicodeCMap(2, len(f.cids), func(i int) (uint32, []rune) {
		return uint32(f.cids[i].cid), []rune{f.cids[i].char}
	})
}

// hasBlack says whether anything on the pages is 100 % K (and overprints):
// text, rules, fills.
func (wr *writer) hasBlack() bool {
	for _, p := range wr.doc.Pages {
		for _, r := range p.Runs {
			if r.Text != "" && r.Color == layout.Black {
				return true
			}
		}
		for _, l := range p.Lines {
			if l.Color == layout.Black {
				return true
			}
		}
		for _, r := range p.Rects {
			if r.W != 0 && r.H != 0 && r.Fill == layout.Black {
				return true
			}
		}
	}
	return false
}

// overprintState adds the overprint ExtGState to the resources of every
// page when some text, rule or fill is 100 % K.
func (wr *writer) overprintState(d *cos.Doc, pages []cos.Page) error {
	if !wr.hasBlack() {
		return nil
	}
	gs := d.Add(cos.NewDict("Type", cos.Name("ExtGState"), "OP", true, "op", true, "OPM", 1))
	done := map[cos.Ref]bool{}
	for _, p := range pages {
		rv := d.Resources(p)
		r, _ := rv.(cos.Ref)
		res := d.Dict(rv)
		if res == nil {
			return errors.New("gopdf output: page without resources")
		}
		if done[r] && r.Num != 0 {
			continue
		}
		done[r] = true
		ext := d.Dict(res.Get("ExtGState"))
		if ext == nil {
			ext = cos.NewDict()
			res.Set("ExtGState", ext)
		}
		ext.Set(overprint, gs)
		d.Touch(r)
		if r.Num == 0 {
			d.Touch(p.Ref)
		}
	}
	return nil
}

// boxes sets each page's MediaBox and TrimBox exactly (and the page tree's
// MediaBox, which gopdf writes too). The slug lies below the bleed.
func (wr *writer) boxes(d *cos.Doc, pages []cos.Page) {
	doc, s := wr.doc, wr.slug
	w, h := pt(doc.TrimW+2*doc.Bleed), pt(doc.TrimH+2*doc.Bleed)+s
	b := pt(doc.Bleed)
	media := cos.Nums(0, 0, w, h)
	trim := cos.Nums(b, b+s, b+pt(doc.TrimW), b+pt(doc.TrimH)+s)
	for _, p := range pages {
		p.Dict.Set("MediaBox", media)
		p.Dict.Set("TrimBox", trim)
		d.Touch(p.Ref)
		if parent, ok := p.Dict.Get("Parent").(cos.Ref); ok {
			if pd := d.Dict(parent); pd != nil && pd.Get("MediaBox") != nil {
				pd.Set("MediaBox", media)
				d.Touch(parent)
			}
		}
	}
}

// contents edits the content streams of src (gopdf's output) that refs
// name, page by page with text[i] for page i, and puts them, deflated, in
// dst at dstRefs. On every core; each worker keeps one compressor.
func (wr *writer) contents(src, dst *cos.Doc, refs, dstRefs []cos.Ref, text [][]textObj, ren *renames) error {
	errs := make([]error, len(refs))
	var wg sync.WaitGroup
	work := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(refs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			z := cos.NewDeflater(deflateLevel)
			var buf []byte
			for i := range work {
				if refs[i].Num == 0 {
					continue
				}
				s, _ := src.Get(refs[i]).(*cos.Stream)
				data, err := cos.Decode(s)
				if err == nil {
					buf, err = rewrite(buf[:0], data, text[i], ren)
				}
				if err != nil {
					errs[i] = fmt.Errorf("page %d: content: %w", i+1, err)
					continue
				}
				dst.Set(dstRefs[i], z.Stream(nil, buf))
			}
		}()
	}
	for i := range refs {
		work <- i
	}
	close(work)
	wg.Wait()
	return errors.Join(errs...)
}

// renames maps the resource names of a content stream to others (cache.go:
// content drawn by a second gopdf document for the first one's resources).
type renames struct {
	font, xobject map[cos.Name]cos.Name
}

// rewrite appends to b the content stream data, edited. gopdf writes one
// text object (BT … ET) per Text call, in call order, each with one TJ;
// text holds them. Operators that are not edited are copied as they are.
//   - TD: the position exact to 0.001 pt (gopdf rounds it to 0.01 pt).
//   - TJ: the glyph codes checked against the run's text, and characters
//     that share a glyph given their own CID.
//   - each run of consecutive 100 % K text objects goes in one
//     q /GSop gs … Q (overprint).
func rewrite(b, data []byte, text []textObj, ren *renames) ([]byte, error) {
	b = slices.Grow(b, len(data)+len(data)/16)
	pos, ti := 0, -1
	inText, group := false, false
	var t textObj
	emit := func(op cos.Op, repl []byte) {
		b = append(b, data[pos:op.Start]...)
		b = append(b, repl...)
		pos = op.End
	}
	mark := func(at int, s string) {
		b = append(b, data[pos:at]...)
		b = append(b, s...)
		pos = at
	}
	// 100 % K rules and fills overprint too: gopdf sets the colour, then
	// draws each shape in its own q … Q; a shape painted in black (S with
	// a black stroke, f with a black fill) gets /GSop gs after its q.
	blackFill, blackStroke := false, false
	qAt := -1 // where the last q outside text ends, while nothing else was drawn
	err := cos.ScanContent(data, func(op cos.Op) error {
		switch op.Name {
		case "k", "K":
			args, err := op.Operands()
			black := err == nil && len(args) == 4 && isBlack(args)
			if op.Name == "k" {
				blackFill = black
			} else {
				blackStroke = black
			}
		case "g", "G", "rg", "RG", "cs", "CS", "sc", "SC", "scn", "SCN":
			if op.Name[0] >= 'a' {
				blackFill = false
			} else {
				blackStroke = false
			}
		case "q":
			if !inText {
				qAt = op.End
			}
		case "Q", "Do", "BT":
			qAt = -1
		case "S", "s", "f", "F", "f*", "B", "B*", "b", "b*":
			stroke := op.Name != "f" && op.Name != "F" && op.Name != "f*"
			fill := op.Name != "S" && op.Name != "s"
			if qAt >= pos && (!stroke || blackStroke) && (!fill || blackFill) {
				mark(qAt, " /GSop gs")
			}
			qAt = -1
		}
		switch {
		case op.Name == "BT":
			if inText {
				return errors.New("nested BT")
			}
			ti++
			if ti >= len(text) {
				return fmt.Errorf("more than %d text objects", len(text))
			}
			t, inText = text[ti], true
			if t.black && !group {
				mark(op.Start, "q /GSop gs\n")
				group = true
			} else if !t.black && group {
				mark(op.Start, "Q\n")
				group = false
			}
			return nil
		case !inText:
			if group {
				mark(op.Start, "Q\n")
				group = false
			}
			if op.Name == "Do" && ren != nil {
				args, err := op.Operands()
				if err != nil || len(args) != 1 {
					return errors.New("bad Do")
				}
				if n, ok := args[0].(cos.Name); ok && ren.xobject[n] != "" {
					emit(op, append(cos.AppendObject(nil, ren.xobject[n]), " Do"...))
				} else {
					return fmt.Errorf("image %v not in the document", args[0])
				}
			}
			return nil
		}
		switch op.Name {
		case "ET":
			inText = false
		case "TD":
			emit(op, []byte(cos.FormatNum(t.x)+" "+cos.FormatNum(t.y)+" TD"))
		case "Tf":
			if ren != nil {
				args, err := op.Operands()
				if err != nil || len(args) != 2 {
					return errors.New("bad Tf")
				}
				n, _ := args[0].(cos.Name)
				if ren.font[n] == "" {
					return fmt.Errorf("font %v not in the document", args[0])
				}
				tf := append(cos.AppendObject(nil, ren.font[n]), ' ')
				emit(op, append(cos.AppendObject(tf, args[1]), " Tf"...))
			}
		case "TJ":
			tj, err := codes(op, t)
			if err != nil {
				return err
			}
			if tj != nil {
				emit(op, tj)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if inText {
		return nil, errors.New("BT without ET")
	}
	if ti+1 != len(text) {
		return nil, fmt.Errorf("%d text objects, expected %d", ti+1, len(text))
	}
	b = append(b, data[pos:]...)
	if group {
		if len(b) > 0 && b[len(b)-1] != '\n' {
			b = append(b, '\n')
		}
		b = append(b, "Q\n"...)
	}
	return b, nil
}

// codes checks the glyph codes of a TJ against the run's text and returns
// the TJ with aliased CIDs when the font has aliases (else nil: unchanged).
func codes(op cos.Op, t textObj) ([]byte, error) {
	var scratch [512]byte
	s, ok := op.Codes(scratch[:0])
	if !ok || len(s)%2 != 0 {
		return nil, errors.New("TJ is not [<2-byte codes>]")
	}
	f := t.font
	text := t.text
	var out []byte
	if f.alias != nil {
		out = make([]byte, 0, 2*len(s)+8)
		out = append(out, "[<"...)
	}
	const hexd = "0123456789ABCDEF"
	for k := 0; k < len(s); k += 2 {
		g := int(s[k])<<8 | int(s[k+1])
		c, n := utf8.DecodeRuneInString(text)
		if n == 0 || f.gids.get(c) != g {
			return nil, errors.New("glyph codes do not match the text")
		}
		text = text[n:]
		if out != nil {
			if cid, ok := f.alias[c]; ok {
				g = cid
			}
			out = append(out, hexd[g>>12&15], hexd[g>>8&15], hexd[g>>4&15], hexd[g&15])
		}
	}
	if text != "" {
		return nil, errors.New("glyph codes do not match the text")
	}
	if out != nil {
		out = append(out, ">] TJ"...)
	}
	return out, nil
}

// isBlack says whether CMYK operands are 0 0 0 1.
func isBlack(args []cos.Object) bool {
	for i, v := range args {
		x, ok := cos.Float(v)
		if !ok || (i < 3 && x != 0) || (i == 3 && x != 1) {
			return false
		}
	}
	return true
}
