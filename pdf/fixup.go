package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// The fix-up pass works on gopdf's own output, whose shape is fixed by the
// pinned gopdf version: a classic xref table, objects "N 0 obj\n…endobj\n"
// numbered 1…N-1 and written in order, dictionaries one key per line. It
// edits objects by their known text and rebuilds the file with a new xref.

type gobj struct {
	num  int
	body []byte // between "N 0 obj\n" and "endobj"
}

func splitGopdf(raw []byte) ([]gobj, error) {
	i := bytes.LastIndex(raw, []byte("startxref\n"))
	if i < 0 {
		return nil, errors.New("no startxref")
	}
	rest := raw[i+len("startxref\n"):]
	j := bytes.IndexByte(rest, '\n')
	if j < 0 {
		return nil, errors.New("bad startxref")
	}
	xoff, err := strconv.Atoi(string(rest[:j]))
	if err != nil || xoff <= 0 || xoff >= len(raw) {
		return nil, errors.New("bad startxref offset")
	}
	x := raw[xoff:]
	if !bytes.HasPrefix(x, []byte("xref\n0 ")) {
		return nil, errors.New("no xref table at startxref")
	}
	x = x[len("xref\n0 "):]
	j = bytes.IndexByte(x, '\n')
	n, err := strconv.Atoi(string(x[:j]))
	if err != nil || n < 1 || len(x) < j+1+20*n {
		return nil, errors.New("bad xref subsection")
	}
	ent := x[j+1:]
	offs := make([]int, n+1)
	for k := 1; k < n; k++ {
		e := ent[20*k : 20*k+20]
		o, err := strconv.Atoi(string(e[:10]))
		if err != nil || e[17] != 'n' {
			return nil, fmt.Errorf("bad xref entry %d", k)
		}
		offs[k] = o
	}
	offs[n] = xoff
	objs := make([]gobj, 0, n-1)
	for k := 1; k < n; k++ {
		if offs[k] <= 0 || offs[k+1] <= offs[k] || offs[k+1] > len(raw) {
			return nil, fmt.Errorf("object %d out of order", k)
		}
		s := raw[offs[k]:offs[k+1]]
		head := strconv.Itoa(k) + " 0 obj\n"
		if !bytes.HasPrefix(s, []byte(head)) {
			return nil, fmt.Errorf("object %d: no header", k)
		}
		e := bytes.LastIndex(s, []byte("endobj"))
		// gopdf ignores errors while writing an object: a failed object is
		// cut short. Catch that here rather than ship a broken file.
		if e < len(head) {
			return nil, fmt.Errorf("object %d: no endobj", k)
		}
		body := s[len(head):e]
		if bytes.Contains(body, []byte("stream\n")) && !bytes.Contains(body, []byte("endstream")) {
			return nil, fmt.Errorf("object %d: stream cut short", k)
		}
		objs = append(objs, gobj{num: k, body: body})
	}
	return objs, nil
}

// ref finds "key N 0 R" in a dictionary body and returns N.
func ref(body []byte, key string) int {
	i := bytes.Index(body, []byte(key))
	if i < 0 {
		return 0
	}
	s := bytes.TrimLeft(body[i+len(key):], " [")
	j := 0
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	n, _ := strconv.Atoi(string(s[:j]))
	return n
}

// nameAfter returns the PDF name that follows key ("/BaseFont /F0" → "F0").
func nameAfter(body []byte, key string) string {
	i := bytes.Index(body, []byte(key+" /"))
	if i < 0 {
		return ""
	}
	s := body[i+len(key)+2:]
	j := bytes.IndexAny(s, " \n\t/[<>]()")
	if j < 0 {
		j = len(s)
	}
	return string(s[:j])
}

func fmtNum(v float64) string {
	v = math.Round(v*1000) / 1000
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func (wr *writer) fixup(raw []byte) ([]byte, error) {
	objs, err := splitGopdf(raw)
	if err != nil {
		return nil, fmt.Errorf("pdf: reading gopdf output: %w", err)
	}
	byNum := func(n int) *gobj {
		if n < 1 || n > len(objs) {
			return nil
		}
		return &objs[n-1]
	}
	out := make([][]byte, len(objs)) // replacement bodies; nil = unchanged
	next := len(objs) + 1            // next free object number
	var extra [][]byte               // bodies of new objects next, next+1, …

	z := newDeflater()

	// Fonts: Type0 → CIDFont → FontDescriptor; Type0 → ToUnicode.
	families := map[string]*fontUse{}
	for _, f := range wr.used {
		families[f.family] = f
	}
	nfonts := 0
	for k := range objs {
		o := &objs[k]
		// gopdf's Type0 font dictionary: "<<\n/BaseFont /F0\n…/Subtype /Type0\n…>>"
		if !bytes.HasPrefix(o.body, []byte("<<\n/BaseFont /")) || !bytes.Contains(o.body, []byte("/Subtype /Type0\n")) {
			continue
		}
		fam := nameAfter(o.body, "/BaseFont")
		f := families[fam]
		if f == nil {
			return nil, fmt.Errorf("pdf: gopdf output: unknown font %q", fam)
		}
		nfonts++
		cid, uni := byNum(ref(o.body, "/DescendantFonts")), byNum(ref(o.body, "/ToUnicode"))
		if cid == nil || uni == nil {
			return nil, fmt.Errorf("pdf: gopdf output: font %s: missing descendant or ToUnicode", fam)
		}
		desc := byNum(ref(cid.body, "/FontDescriptor"))
		if desc == nil {
			return nil, fmt.Errorf("pdf: gopdf output: font %s: missing descriptor", fam)
		}
		gids, err := wGlyphs(cid.body)
		if err != nil {
			return nil, fmt.Errorf("pdf: gopdf output: font %s: %w", fam, err)
		}
		// gopdf lists glyphs in the order characters were first drawn; ours
		// must agree, or gopdf mapped a character to another glyph than we did.
		if len(gids) != len(f.order) {
			return nil, fmt.Errorf("pdf: font %s: gopdf used %d characters, expected %d", f.name, len(gids), len(f.order))
		}
		for i, c := range f.order {
			if gids[i] != f.gids[c] {
				return nil, fmt.Errorf("pdf: font %s: gopdf maps %q to glyph %d, expected %d", f.name, string(c), gids[i], f.gids[c])
			}
		}
		prog := byNum(ref(desc.body, "/FontFile2"))
		if prog == nil {
			return nil, fmt.Errorf("pdf: gopdf output: font %s: no embedded font program", fam)
		}
		name := subsetTag(prog.body) + "+" + f.name
		old := []byte("/BaseFont /" + fam + "\n")
		nb := []byte("/BaseFont /" + name + "\n")
		out[o.num-1] = bytes.Replace(o.body, old, nb, 1)
		cidMap := "/Identity"
		if f.alias != nil {
			cidMap = fmt.Sprintf("%d 0 R", next)
			next++
			extra = append(extra, z.stream(nil, cidToGIDMap(f)))
		}
		out[cid.num-1] = cidFont(cid.body, old, nb, cidMap, f)
		f.setAdjust()
		out[desc.num-1] = bytes.Replace(desc.body, []byte("/FontName /"+fam+"\n"), []byte("/FontName /"+name+"\n"), 1)
		out[uni.num-1] = z.stream(nil, toUnicode(f))
	}
	if nfonts != len(wr.used) {
		return nil, fmt.Errorf("pdf: gopdf output has %d fonts, expected %d", nfonts, len(wr.used))
	}

	// Converted images in place of their placeholders (images.go).
	if err := wr.swapImages(objs, out); err != nil {
		return nil, err
	}

	// Overprint ExtGState, referenced from the shared resource dictionary.
	anyBlack := false
	for _, p := range wr.text {
		for _, t := range p {
			anyBlack = anyBlack || t.black
		}
	}
	if anyBlack {
		gsNum := next
		next++
		extra = append(extra, []byte("<< /Type /ExtGState /OP true /op true /OPM 1 >>\n"))
		done := false
		for k := range objs {
			o := &objs[k]
			if bytes.HasPrefix(o.body, []byte("<<\n\t/ProcSet ")) {
				key := []byte("\t/ExtGState <<\n")
				if !bytes.Contains(o.body, key) {
					return nil, errors.New("pdf: gopdf output: resources without /ExtGState")
				}
				out[o.num-1] = bytes.Replace(o.body, key, fmt.Appendf(nil, "%s\t\t/GSop %d 0 R\n", key, gsNum), 1)
				done = true
			}
		}
		if !done {
			return nil, errors.New("pdf: gopdf output: no resource dictionary")
		}
	}

	// Pages: exact boxes; their content streams get overprint and deflate.
	type job struct {
		obj  int
		data []byte
		text []textObj
	}
	var jobs []job
	page := 0
	for k := range objs {
		o := &objs[k]
		switch {
		case bytes.HasPrefix(o.body, []byte("<<\n  /Type /Pages\n")):
			out[k] = wr.pagesDict(o.body)
		case bytes.HasPrefix(o.body, []byte("<<\n  /Type /Page\n")):
			if page >= len(wr.doc.Pages) {
				return nil, errors.New("pdf: gopdf output has too many pages")
			}
			out[k] = wr.pageDict(o.body)
			if c := ref(o.body, "/Contents"); c != 0 {
				co := byNum(c)
				if co == nil {
					return nil, fmt.Errorf("pdf: gopdf output: page %d: bad /Contents", page+1)
				}
				data, err := streamData(co.body)
				if err != nil {
					return nil, fmt.Errorf("pdf: gopdf output: page %d content: %w", page+1, err)
				}
				jobs = append(jobs, job{obj: c, data: data, text: wr.text[page]})
			} else if len(wr.text[page]) > 0 {
				return nil, fmt.Errorf("pdf: gopdf output: page %d has text but no content", page+1)
			}
			page++
		}
	}
	if page != len(wr.doc.Pages) {
		return nil, fmt.Errorf("pdf: gopdf output has %d pages, expected %d", page, len(wr.doc.Pages))
	}
	// Edit and deflate the content streams on every core; each worker keeps
	// one compressor (they are large to allocate).
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	work := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			z := newDeflater()
			for i := range work {
				j := jobs[i]
				data, err := rewriteText(j.data, j.text)
				if err != nil {
					errs[i] = err
					continue
				}
				out[j.obj-1] = z.stream(nil, data)
			}
		}()
	}
	for i := range jobs {
		work <- i
	}
	close(work)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}

	// Rebuild the file.
	bodies := make([][]byte, 0, len(objs)+len(extra))
	for k := range objs {
		body := out[k]
		if body == nil {
			body = objs[k].body
		}
		bodies = append(bodies, body)
	}
	return assemble(append(bodies, extra...)), nil
}

// assemble writes a PDF file of objects 1…N with the given bodies, a classic
// xref table and a trailer whose /Root is object 1.
func assemble(bodies [][]byte) []byte {
	size := 1 << 10
	for _, body := range bodies {
		size += len(body) + 40
	}
	var b bytes.Buffer
	b.Grow(size)
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, 0, len(bodies))
	for k, body := range bodies {
		offsets = append(offsets, b.Len())
		b.WriteString(strconv.Itoa(k + 1))
		b.WriteString(" 0 obj\n")
		b.Write(body)
		if len(body) > 0 && body[len(body)-1] != '\n' {
			b.WriteByte('\n')
		}
		b.WriteString("endobj\n")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// streamData returns the data of a gopdf stream object written uncompressed.
func streamData(body []byte) ([]byte, error) {
	n := ref(body, "/Length")
	i := bytes.Index(body, []byte(">>\nstream\n"))
	if i < 0 || bytes.Contains(body[:i], []byte("/Filter")) {
		return nil, errors.New("not an uncompressed stream")
	}
	s := body[i+len(">>\nstream\n"):]
	if n > len(s) {
		return nil, errors.New("stream shorter than its /Length")
	}
	return s[:n], nil
}

// deflateLevel is the zlib level of content streams: content is mostly hex
// glyph codes, where level 6 is ~3 times slower for ~10 % smaller output.
var deflateLevel = zlib.BestSpeed

// deflater builds deflated stream objects, reusing one compressor.
type deflater struct {
	buf bytes.Buffer
	zw  *zlib.Writer
}

func newDeflater() *deflater {
	d := &deflater{}
	d.zw, _ = zlib.NewWriterLevel(&d.buf, deflateLevel)
	return d
}

// stream returns a stream object body holding data deflated; dict holds
// extra dictionary entries.
func (d *deflater) stream(dict []byte, data []byte) []byte {
	d.buf.Reset()
	d.zw.Reset(&d.buf)
	d.zw.Write(data)
	d.zw.Close()
	n := d.buf.Len()
	b := make([]byte, 0, n+len(dict)+64)
	b = append(b, "<<"...)
	b = append(b, dict...)
	b = fmt.Appendf(b, " /Filter /FlateDecode /Length %d >>\nstream\n", n)
	b = append(b, d.buf.Bytes()...)
	return append(b, "\nendstream\n"...)
}

// rewriteText edits the text objects of a content stream. gopdf writes one
// "BT\n…ET\n" object per Text call, in call order, holding one
// "[<glyph ids>] TJ"; no other drawing operation contains those lines.
//   - Glyphs whose advance is not a whole number of thousandths of an em get
//     a TJ correction after them: /W holds the rounded width (some readers,
//     mupdf among them, keep /W as integers) and the correction the rest, so
//     every reader places every glyph exactly.
//   - 100 % K objects are wrapped in q /GSop gs … Q to overprint.
func rewriteText(data []byte, text []textObj) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(len(data) + len(data)/8 + 16*len(text))
	pos, i := 0, 0
	for {
		bt := indexLine(data, pos, "BT\n")
		if bt < 0 {
			break
		}
		et := indexLine(data, bt, "ET\n")
		if et < 0 {
			return nil, errors.New("content: BT without ET")
		}
		et += 3
		if i >= len(text) {
			return nil, fmt.Errorf("content has more than %d text objects", len(text))
		}
		b.Write(data[pos:bt])
		if text[i].black {
			b.WriteString("q /GSop gs\n")
		}
		if err := writeTJ(&b, data[bt:et], text[i]); err != nil {
			return nil, err
		}
		if text[i].black {
			b.WriteString("Q\n")
		}
		pos, i = et, i+1
	}
	if i != len(text) {
		return nil, fmt.Errorf("content has %d text objects, expected %d", i, len(text))
	}
	b.Write(data[pos:])
	return b.Bytes(), nil
}

// writeTJ copies a text object with its position to 0.001 pt (gopdf
// rounds it to 0.01 pt) and width corrections in its TJ array.
func writeTJ(b *bytes.Buffer, obj []byte, t textObj) error {
	f := t.font
	td := bytes.Index(obj, []byte(" TD\n"))
	if !bytes.HasPrefix(obj, []byte("BT\n")) || td < 0 {
		return errors.New("content: text object without TD")
	}
	b.WriteString("BT\n")
	b.WriteString(fmtNum(t.x))
	b.WriteByte(' ')
	b.WriteString(fmtNum(t.y))
	obj = obj[td:]
	s := bytes.Index(obj, []byte("[<"))
	e := bytes.Index(obj, []byte(">] TJ\n"))
	if s < 0 || e < s {
		return errors.New("content: text object without [<…>] TJ")
	}
	hex := obj[s+2 : e]
	if len(hex)%4 != 0 {
		return errors.New("content: glyph string is not 2-byte codes")
	}
	b.Write(obj[:s+2])
	text := t.text // walked in step with the codes when f has aliases
	for k := 0; k < len(hex); k += 4 {
		g, err := strconv.ParseUint(string(hex[k:k+4]), 16, 16)
		if err != nil {
			return errors.New("content: bad glyph code")
		}
		if f.alias == nil {
			b.Write(hex[k : k+4])
		} else {
			c, n := utf8.DecodeRuneInString(text)
			if n == 0 || f.gids[c] != int(g) {
				return errors.New("content: glyph codes do not match the text")
			}
			text = text[n:]
			if cid, ok := f.alias[c]; ok {
				fmt.Fprintf(b, "%04X", cid)
			} else {
				b.Write(hex[k : k+4])
			}
		}
		if adj, ok := f.adjust[int(g)]; ok {
			b.WriteByte('>')
			b.WriteString(adj)
			b.WriteByte('<')
		}
	}
	if f.alias != nil && text != "" {
		return errors.New("content: glyph codes do not match the text")
	}
	b.Write(obj[e:])
	return nil
}

// indexLine finds line (ending in \n) at the start of a line at or after pos.
func indexLine(data []byte, pos int, line string) int {
	for {
		i := bytes.Index(data[pos:], []byte(line))
		if i < 0 {
			return -1
		}
		i += pos
		if i == 0 || data[i-1] == '\n' {
			return i
		}
		pos = i + 1
	}
}

// wGlyphs reads the glyph indexes of gopdf's "/W [g[w]g[w]…]".
func wGlyphs(body []byte) ([]int, error) {
	i := bytes.Index(body, []byte("/W ["))
	if i < 0 {
		return nil, errors.New("CIDFont without /W")
	}
	s := body[i+4:]
	e := bytes.Index(s, []byte("]\n"))
	if e < 0 {
		return nil, errors.New("CIDFont /W not closed")
	}
	s = s[:e+1]
	var gids []int
	for len(s) > 1 {
		j := bytes.IndexByte(s, '[')
		k := bytes.IndexByte(s, ']')
		if j <= 0 || k < j {
			return nil, errors.New("CIDFont /W malformed")
		}
		g, err := strconv.Atoi(string(s[:j]))
		if err != nil {
			return nil, errors.New("CIDFont /W malformed")
		}
		gids = append(gids, g)
		s = s[k+1:]
	}
	return gids, nil
}

// cidFont rewrites the CIDFont: tagged BaseFont, exact /W for every CID,
// an explicit /CIDToGIDMap: /Identity (the default, spelled out for
// preflight tools) or, when characters share a glyph, a stream reference.
func cidFont(body, oldName, newName []byte, cidMap string, f *fontUse) []byte {
	body = bytes.Replace(body, oldName, newName, 1)
	i := bytes.Index(body, []byte("/W ["))
	e := i + bytes.Index(body[i:], []byte("]\n")) + 2
	var w bytes.Buffer
	w.WriteString("/CIDToGIDMap " + cidMap + "\n/W [")
	cids := f.cids
	for k := 0; k < len(cids); {
		// a run of consecutive CIDs: c [w1 w2 …]
		m := k + 1
		for m < len(cids) && cids[m].cid == cids[m-1].cid+1 {
			m++
		}
		if k > 0 {
			w.WriteByte(' ')
		}
		fmt.Fprintf(&w, "%d [", cids[k].cid)
		for x := k; x < m; x++ {
			if x > k {
				w.WriteByte(' ')
			}
			w.WriteString(strconv.Itoa(f.width(cids[x].gid)))
		}
		w.WriteByte(']')
		k = m
	}
	w.WriteString("]\n")
	return slices.Concat(body[:i], w.Bytes(), body[e:])
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

// width returns glyph g's /W entry: its advance in thousandths of an em,
// rounded to an integer.
func (f *fontUse) width(g int) int {
	return int(math.Round(float64(f.ttf.advance(g)) * 1000 / float64(f.ttf.upem)))
}

// setAdjust computes the TJ corrections: for each glyph whose exact advance
// differs from its /W entry, the TJ number (which is subtracted from the
// advance, in thousandths of an em) that makes up the difference.
func (f *fontUse) setAdjust() {
	f.adjust = map[int]string{}
	for _, g := range sortedGlyphs(f) {
		exact := float64(f.ttf.advance(g)) * 1000 / float64(f.ttf.upem)
		d := math.Round((float64(f.width(g))-exact)*10000) / 10000
		if d != 0 {
			f.adjust[g] = strconv.FormatFloat(d, 'f', -1, 64)
		}
	}
}

func sortedGlyphs(f *fontUse) []int {
	gids := make([]int, 0, len(f.order))
	for _, c := range f.order {
		gids = append(gids, f.gids[c])
	}
	slices.Sort(gids)
	return slices.Compact(gids)
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
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for k := 0; k < len(f.cids); k += 100 {
		blk := f.cids[k:min(k+100, len(f.cids))]
		fmt.Fprintf(&b, "%d beginbfchar\n", len(blk))
		for _, e := range blk {
			fmt.Fprintf(&b, "<%04X> <", e.cid)
			for _, u := range utf16.Encode([]rune{e.char}) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

func (wr *writer) boxes() string {
	d := wr.doc
	w, h := d.TrimW+2*d.Bleed, d.TrimH+2*d.Bleed
	s := wr.slug // the slug lies below the bleed box
	media := fmt.Sprintf("[0 0 %s %s]", fmtNum(pt(w)), fmtNum(pt(h)+s))
	bleed := fmt.Sprintf("[0 %s %s %s]", fmtNum(s), fmtNum(pt(w)), fmtNum(pt(h)+s))
	trim := fmt.Sprintf("[%s %s %s %s]", fmtNum(pt(d.Bleed)), fmtNum(pt(d.Bleed)+s), fmtNum(pt(d.Bleed+d.TrimW)), fmtNum(pt(d.Bleed+d.TrimH)+s))
	return "  /MediaBox " + media + "\n  /BleedBox " + bleed + "\n  /TrimBox " + trim + "\n"
}

// pageDict replaces gopdf's rounded boxes with exact ones.
func (wr *writer) pageDict(body []byte) []byte {
	var b bytes.Buffer
	for _, line := range bytes.SplitAfter(body, []byte("\n")) {
		t := bytes.TrimLeft(line, " ")
		if bytes.HasPrefix(t, []byte("/MediaBox")) || bytes.HasPrefix(t, []byte("/TrimBox")) {
			continue
		}
		if bytes.Equal(line, []byte(">>\n")) {
			b.WriteString(wr.boxes())
		}
		b.Write(line)
	}
	return b.Bytes()
}

func (wr *writer) pagesDict(body []byte) []byte {
	d := wr.doc
	var b bytes.Buffer
	for _, line := range bytes.SplitAfter(body, []byte("\n")) {
		if bytes.HasPrefix(bytes.TrimLeft(line, " "), []byte("/MediaBox")) {
			fmt.Fprintf(&b, "  /MediaBox [0 0 %s %s]\n", fmtNum(pt(d.TrimW+2*d.Bleed)), fmtNum(pt(d.TrimH+2*d.Bleed)+wr.slug))
			continue
		}
		b.Write(line)
	}
	return b.Bytes()
}
