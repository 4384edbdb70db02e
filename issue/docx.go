package issue

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/internal/input"
)

// Word articles (.docx).
//
// A .docx article is read with the standard library (archive/zip,
// encoding/xml) into the same model as .txt and .md articles:
//
//   - Paragraph styles decide the kind of block: Title → the title (a second
//     Title paragraph is a subheading, with a warning); Subtitle → the
//     subtitle (several are joined); Heading 1 → the title when no paragraph
//     has the Title style and it is the first paragraph with text, else a
//     subheading, like Heading 2 … 9; Quote, Intense Quote (and LibreOffice's
//     Quotations, Block Text) → a quotation; Caption right after a picture →
//     the figure's caption; any other style → a body paragraph. Styles are
//     known by their names (styles.xml, "heading 1" whatever the language of
//     Word, 标题 1 too) and through the styles they are based on. Without a
//     Title or a leading Heading 1, the first paragraph with text is the title
//     (a note says so), as in a .txt article.
//   - A list paragraph (numbering of its own or of its style) is a paragraph
//     of its own, its number or bullet written out as Word shows it: "1．"
//     "（一）" "a）" "• ". No item merges into another.
//   - Runs: text is kept, bold and italic too (as text: the print style has no
//     bold or italic body text yet; issue 14); tabs are a space; line breaks
//     (w:br, w:cr) join the lines as in a .md paragraph. Not printed: field
//     codes (w:instrText; a field's result is printed, but for a table of
//     contents: TOC, TOA, INDEX, with a warning), deleted text (w:del,
//     w:moveFrom), comments, hidden text (w:vanish). Inserted text (w:ins,
//     w:moveTo) is printed, and a deleted paragraph mark joins two
//     paragraphs: the document is read as if every change were accepted. Invisible format characters (zero-width spaces, soft hyphens …)
//     are dropped with a warning.
//   - Footnotes and endnotes: the citing paragraph gets a reference (NoteRef)
//     where the reference is, numbered through the article; each note is a
//     Note block, set by the layout at the foot of the column that cites it
//     (or as 注释 at the article's end, [text] footnotes = "endnotes").
//   - Tables: a TableBlock, its first row the head; a nested table's text is
//     joined into its cell; a paragraph "表1 …" just before it is its caption.
//   - Pictures (w:drawing, VML w:pict) embedded in the document are figures
//     after the paragraph that holds them, as wide as they are in the
//     document: their width (wp:extent, a VML shape's style width) against
//     the section's text width (w:pgSz less w:pgMar) is their Extent, which
//     the layout turns into the nearest whole number of columns; one wider
//     than the text, or anchored to the page at about its width, runs to the bleed
//     (figureWidth). The picture is read
//     from the document, never extracted: its Image.Path is a member path,
//     "a.docx#word/media/image1.png" (package input reads it there), checked
//     as an image file is (JPEG or PNG, size, pixels). A linked (not embedded)
//     picture, a Windows metafile (EMF/WMF) or another format is an error.
//     Text boxes, charts, shapes, equations and embedded objects are not
//     printed, with a warning.
//
// Positions: a .docx has no lines. Line is the paragraph number ¶: every
// paragraph of the document's body counts, from 1, in document order — empty
// ones and those in table cells too, not those of notes, headers and
// footers — so "a.docx:12: …" is the 12th paragraph. A table row is at its
// first paragraph, a note's paragraph at the paragraph citing it.
//
// A file that is not a zip archive (an encrypted or password-protected
// document is an OLE compound file, D0 CF 11 E0, as is an old .doc), a
// damaged archive, one without its main document part, or malformed XML is
// an error naming the file and the problem. The file has the cap of a
// document (input.Document); each XML part is read up to maxDocxPart
// inflated and each picture up to the cap of an image, so a zip bomb is cut
// short.

// maxDocxPart caps the inflated size of one XML part of a .docx (the
// document.xml of a long article is a few MB).
const maxDocxPart = 32 << 20

// maxDocxDepth caps the nesting of XML elements read, maxDocxElements
// their number in one part (so that the tree read stays within a few
// hundred MB).
const (
	maxDocxDepth    = 256
	maxDocxElements = 2_000_000
)

// docxPart is the input kind of an XML part, for the cap's message.
var docxPart = input.Kind{Name: "a part of a .docx document", Limit: maxDocxPart}

// maxDocxTitleRunes is the longest first paragraph taken as the title when
// no paragraph has a title style.
const maxDocxTitleRunes = 80

// isDocx reports whether path names a Word document.
func isDocx(path string) bool { return strings.ToLower(filepath.Ext(path)) == ".docx" }

// xnode is an XML element: its name, attributes, children and, for text
// elements (w:t and the like), its character data.
type xnode struct {
	space, local string
	attr         []xml.Attr
	kids         []*xnode
	text         []byte
}

// attr returns the value of the attribute with the local name, "" if none.
func (n *xnode) attr1(local string) string {
	for _, a := range n.attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// kid returns the first child element with the local name, or nil.
func (n *xnode) kid(local string) *xnode {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.local == local {
			return k
		}
	}
	return nil
}

// find returns the first descendant (or n itself) with the local name.
func (n *xnode) find(local string) *xnode {
	if n == nil {
		return nil
	}
	if n.local == local {
		return n
	}
	for _, k := range n.kids {
		if f := k.find(local); f != nil {
			return f
		}
	}
	return nil
}

// findAll appends every descendant with the local name, in document order.
func (n *xnode) findAll(local string, out []*xnode) []*xnode {
	if n.local == local {
		return append(out, n)
	}
	for _, k := range n.kids {
		out = k.findAll(local, out)
	}
	return out
}

// onOff reads a WordprocessingML on/off property (w:b, w:vanish …): present
// and not switched off.
func onOff(n *xnode) bool {
	if n == nil {
		return false
	}
	switch strings.ToLower(n.attr1("val")) {
	case "0", "false", "off", "none":
		return false
	}
	return true
}

// textElems are the elements whose character data is kept.
var textElems = map[string]bool{"t": true, "delText": true, "instrText": true, "delInstrText": true}

// parseXML reads an XML part into a tree.
func parseXML(data []byte) (*xnode, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	root := &xnode{}
	stack := []*xnode{root}
	elements := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("XML syntax error at line %d: %s", se.Line, se.Msg)
			}
			return nil, err
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) > maxDocxDepth {
				return nil, fmt.Errorf("elements nested more than %d deep", maxDocxDepth)
			}
			if elements++; elements > maxDocxElements {
				return nil, fmt.Errorf("more than %d XML elements", maxDocxElements)
			}
			n := &xnode{space: t.Name.Space, local: t.Name.Local, attr: append([]xml.Attr(nil), t.Attr...)}
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if textElems[top.local] {
				top.text = append(top.text, t...)
			}
		}
	}
	if len(root.kids) == 0 {
		return nil, errors.New("no XML element")
	}
	return root.kids[0], nil
}

// docxRole is what a paragraph style makes of a paragraph.
type docxRole int

const (
	roleBody docxRole = iota
	roleTitle
	roleSubtitle
	roleHeading1
	roleHeading // Heading 2 … 9
	roleQuote
	roleCaption
	roleBoxNote    // 编者按 (boxes.go)
	roleBoxLink    // 资料链接
	roleBoxSidebar // a sidebar
	rolePullQuote  // a pull quote
)

// styleRoles maps style names, lower case without spaces, to roles.
var styleRoles = map[string]docxRole{
	"title": roleTitle, "标题": roleTitle,
	"subtitle": roleSubtitle, "副标题": roleSubtitle,
	"heading1": roleHeading1, "标题1": roleHeading1,
	"quote": roleQuote, "intensequote": roleQuote, "quotations": roleQuote, "blocktext": roleQuote,
	"引用": roleQuote, "明显引用": roleQuote, "caption": roleCaption, "题注": roleCaption,
	"编者按": roleBoxNote, "editorsnote": roleBoxNote, "资料链接": roleBoxLink, "sidebar": roleBoxSidebar,
	"侧栏": roleBoxSidebar, "pullquote": rolePullQuote, "引语": rolePullQuote,
}

func init() {
	for i := 2; i <= 9; i++ {
		styleRoles["heading"+strconv.Itoa(i)] = roleHeading
		styleRoles["标题"+strconv.Itoa(i)] = roleHeading
	}
}

type docxStyle struct {
	name, basedOn string
	numPr         *xnode
}

type docxLevel struct {
	start  int
	numFmt string
	text   string // lvlText
	legal  bool   // isLgl: decimal numbers in the text of deeper levels
}

type docxNum struct {
	abstract string
	override map[int]int // level → start override
	levels   map[int]*docxLevel
}

// docxRef is a note reference in a paragraph.
type docxRef struct {
	id      string
	endnote bool
	n       int // the note's number in the article
	line    int // the citing paragraph
}

// docxPara is what one paragraph (or table row) holds.
type docxPara struct {
	line  int
	role  docxRole
	text  textBuf
	brk   bool // a line break before the next text: join
	pics  []*xnode
	notes []docxRef
	list  bool
	// joined: its paragraph mark is a tracked deletion (w:pPr/w:rPr/w:del):
	// with the change accepted, the next paragraph continues it
	joined bool
	table  [][]textBuf // a table (w:tbl): its rows of cells
	head   int         // its head rows
	boxes  []*xnode    // the contents of its text boxes (w:txbxContent)
}

// docxReader reads one document.
type docxReader struct {
	file   string
	pos    Pos // where the plan names it (for errors about the whole file)
	zr     *zip.Reader
	d      *diag.List
	main   string // the main document part, "word/document.xml"
	rels   map[string]*xnode
	styles map[string]*docxStyle
	defSty string // the default paragraph style's ID
	nums   map[string]*docxNum
	abs    map[string]map[int]*docxLevel
	count  map[string][]int // list counters by numId

	footnotes, endnotes map[string]*xnode
	noteNo              int

	para   int      // paragraphs counted so far
	fields []int    // open fields: 1 while in the instruction, 2 in the result, 3 in a result not printed
	instr  [][]byte // the instruction of each open field
	items  []*docxPara
	ends   []docxRef // endnotes cited, in order
	warned map[string]bool

	textW  int64                 // the section's text width (page less margins), EMU; 0: not known
	extent map[*xnode]docxExtent // each picture's (blip's) size in the document
}

// docxExtent is how a picture sits in the document: its width (EMU) and
// whether it is anchored to the page (not to the text).
type docxExtent struct {
	cx   int64
	page bool
}

// loadDocx reads a .docx article named at pos.
func loadDocx(file string, pos Pos, d *diag.List) *Article {
	a := readDocx(file, pos, d)
	if a != nil {
		checkDebris(a, d)
	}
	return a
}

// oleMagic starts an OLE compound file: an encrypted (password-protected)
// Office document, or an old binary .doc.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// utf16 is s in UTF-16LE, as OLE directory entries name their streams.
func utf16(s string) []byte {
	var b []byte
	for _, c := range []byte(s) {
		b = append(b, c, 0)
	}
	return b
}

// oleMessage words an OLE compound file given as a .docx: an encrypted
// document (its directory names the stream EncryptedPackage), an old .doc
// (WordDocument), or neither.
func oleMessage(file string) string {
	data, _ := input.ReadFile(file, input.Document)
	switch {
	case bytes.Contains(data, utf16("EncryptedPackage")):
		return "is password-protected (an encrypted Word document): paiban cannot read it; open it in Word, remove the password (File ▸ Info ▸ Protect Document ▸ Encrypt with Password) and save it again"
	case bytes.Contains(data, utf16("WordDocument")):
		return "is an old Word 97–2003 document (.doc) named .docx: open it in Word and save it as a Word document (.docx)"
	}
	return "is an OLE compound file (an encrypted Office document or an old Office format), not a .docx zip archive: save it from Word as a Word document (.docx) without a password"
}

// docxFileError words why a file cannot be read as a .docx document.
func docxFileError(head []byte, zerr error) string {
	switch {
	case bytes.HasPrefix(head, []byte(`{\rtf`)):
		return "is an RTF document, not a .docx: save it as a Word document (.docx)"
	case bytes.HasPrefix(head, []byte("%PDF")):
		return "is a PDF, not a .docx document"
	case len(head) == 0:
		return "is empty: not a .docx document"
	case !bytes.HasPrefix(head, []byte("PK")):
		return "is not a .docx document (not a zip archive)"
	}
	return fmt.Sprintf("is damaged: not a readable zip archive (%v); save it again from Word", zerr)
}

// readDocx opens the document and reads it.
func readDocx(file string, pos Pos, d *diag.List) *Article {
	f, err := input.Open(file, input.Document)
	if err != nil {
		d.Errorf(pos.File, pos.Line, "%s", fileError(file, err))
		return nil
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		d.Errorf(pos.File, pos.Line, "%s", fileError(file, err))
		return nil
	}
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	zr, err := zip.NewReader(f, st.Size())
	if err != nil || !bytes.HasPrefix(head, []byte("PK")) {
		msg := docxFileError(head, err)
		if bytes.HasPrefix(head, oleMagic) {
			msg = oleMessage(file)
		}
		d.Errorf(pos.File, pos.Line, "%s %s", file, msg)
		return nil
	}
	r := &docxReader{file: file, pos: pos, zr: zr, d: d, count: map[string][]int{}, warned: map[string]bool{}}
	return r.read()
}

// part reads and parses an XML part; a missing part is nil without an
// error when optional.
func (r *docxReader) part(name string, optional bool) (*xnode, bool) {
	data, err := input.ReadMember(r.zr, name, docxPart)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if optional {
				return nil, true
			}
			r.d.Errorf(r.pos.File, r.pos.Line, "%s is not a Word document: it has no %s%s", r.file, name, r.whatElse())
			return nil, false
		}
		r.d.Errorf(r.pos.File, r.pos.Line, "%s is damaged: %v; save it again from Word", r.file, err)
		return nil, false
	}
	x, err := parseXML(data)
	if err != nil {
		r.d.Errorf(r.pos.File, r.pos.Line, "%s is damaged: %s: %v; save it again from Word", r.file, name, err)
		return nil, false
	}
	return x, true
}

// whatElse names what a zip archive without a Word document is.
func (r *docxReader) whatElse() string {
	for _, f := range r.zr.File {
		switch f.Name {
		case "xl/workbook.xml":
			return " (it is an Excel workbook)"
		case "ppt/presentation.xml":
			return " (it is a PowerPoint presentation)"
		case "content.xml":
			return " (it is an OpenDocument file: save it as .docx)"
		}
	}
	return ""
}

// relsOf reads the relationships of a part: id → Relationship element.
func (r *docxReader) relsOf(part string) (map[string]*xnode, bool) {
	dir, base := path.Split(part)
	x, ok := r.part(dir+"_rels/"+base+".rels", true)
	if !ok {
		return nil, false
	}
	m := map[string]*xnode{}
	if x != nil {
		for _, k := range x.kids {
			if k.local == "Relationship" {
				m[k.attr1("Id")] = k
			}
		}
	}
	return m, true
}

// target resolves a relationship's target against the part's folder.
func relTarget(part, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join(path.Dir(part), target)), "/")
}

func (r *docxReader) read() *Article {
	// the main part: by the package relationships, else the usual name
	r.main = "word/document.xml"
	if pr, ok := r.relsOf(""); ok {
		for _, rel := range pr {
			if strings.HasSuffix(rel.attr1("Type"), "/officeDocument") {
				r.main = relTarget("", rel.attr1("Target"))
			}
		}
	} else {
		return nil
	}
	doc, ok := r.part(r.main, false)
	if !ok {
		return nil
	}
	if r.rels, ok = r.relsOf(r.main); !ok {
		return nil
	}
	partOf := func(kind string) string {
		for _, rel := range r.rels {
			if strings.HasSuffix(rel.attr1("Type"), "/"+kind) && rel.attr1("TargetMode") != "External" {
				return relTarget(r.main, rel.attr1("Target"))
			}
		}
		return ""
	}
	if !r.readStyles(partOf("styles")) || !r.readNumbering(partOf("numbering")) {
		return nil
	}
	if r.footnotes, ok = r.readNotes(partOf("footnotes")); !ok {
		return nil
	}
	if r.endnotes, ok = r.readNotes(partOf("endnotes")); !ok {
		return nil
	}
	body := doc.kid("body")
	if doc.local != "document" || body == nil {
		r.d.Errorf(r.pos.File, r.pos.Line, "%s is not a Word document: %s has no document body", r.file, r.main)
		return nil
	}
	r.textW = sectionTextWidth(body)
	r.blocks(body)
	return r.article()
}

// maxTwips is more than any page is wide (Word's largest is 22 inches,
// 31680 twips): a section wider is damaged, its width not used.
const maxTwips = 1 << 20

// sectionTextWidth is the text width of the document's (last) section that
// has a page size: its page width less the left and right margins (w:pgSz,
// w:pgMar, in twips), in EMU (635 a twip); 0 when the document does not say.
func sectionTextWidth(body *xnode) int64 {
	var sect *xnode
	for _, k := range body.kids {
		if k.local == "sectPr" && k.kid("pgSz") != nil {
			sect = k
		}
	}
	twips := func(n *xnode, attr string) int64 {
		v, _ := strconv.ParseInt(n.attrOr(attr), 10, 64)
		return v
	}
	page := twips(sect.kid("pgSz"), "w")
	w := page - twips(sect.kid("pgMar"), "left") - twips(sect.kid("pgMar"), "right")
	if page <= 0 || page > maxTwips || w <= 0 || w > page {
		// (no size, or none a page has: Word's largest is 22 in; a
		// margin less than none)
		return 0
	}
	return w * 635
}

func (r *docxReader) readStyles(name string) bool {
	r.styles = map[string]*docxStyle{}
	if name == "" {
		return true
	}
	x, ok := r.part(name, true)
	if !ok || x == nil {
		return ok
	}
	for _, s := range x.kids {
		if s.local != "style" || s.attr1("type") != "paragraph" {
			continue
		}
		id := s.attr1("styleId")
		st := &docxStyle{name: s.kid("name").attrOr("val"), basedOn: s.kid("basedOn").attrOr("val")}
		st.numPr = s.kid("pPr").kid("numPr")
		r.styles[id] = st
		if d := s.attr1("default"); d == "1" || d == "true" || d == "on" {
			r.defSty = id
		}
	}
	return true
}

// attrOr is attr1 on a node that may be nil.
func (n *xnode) attrOr(local string) string {
	if n == nil {
		return ""
	}
	return n.attr1(local)
}

// role returns the role of the paragraph style id, following the styles it
// is based on.
func (r *docxReader) role(id string) docxRole {
	for range 16 {
		st := r.styles[id]
		if st == nil {
			// a document without styles.xml names built-in styles by ID
			if ro, ok := styleRoles[normStyle(id)]; ok {
				return ro
			}
			return roleBody
		}
		if ro, ok := styleRoles[normStyle(st.name)]; ok {
			return ro
		}
		if st.basedOn == "" || st.basedOn == id {
			return roleBody
		}
		id = st.basedOn
	}
	return roleBody
}

// styleNumPr returns the numbering of the paragraph style id, or nil.
func (r *docxReader) styleNumPr(id string) *xnode {
	for range 16 {
		st := r.styles[id]
		if st == nil {
			return nil
		}
		if st.numPr != nil {
			return st.numPr
		}
		id = st.basedOn
	}
	return nil
}

func normStyle(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

func (r *docxReader) readNumbering(name string) bool {
	r.nums, r.abs = map[string]*docxNum{}, map[string]map[int]*docxLevel{}
	if name == "" {
		return true
	}
	x, ok := r.part(name, true)
	if !ok || x == nil {
		return ok
	}
	levels := func(n *xnode) map[int]*docxLevel {
		m := map[int]*docxLevel{}
		for _, l := range n.kids {
			if l.local != "lvl" {
				continue
			}
			il, err := strconv.Atoi(l.attr1("ilvl"))
			if err != nil || il < 0 || il > 8 {
				continue
			}
			lv := &docxLevel{start: 1, numFmt: l.kid("numFmt").attrOr("val"), text: l.kid("lvlText").attrOr("val"), legal: onOff(l.kid("isLgl"))}
			if s, err := strconv.Atoi(l.kid("start").attrOr("val")); err == nil && s >= 0 {
				lv.start = s
			}
			if lv.numFmt == "" {
				lv.numFmt = "decimal"
			}
			m[il] = lv
		}
		return m
	}
	for _, k := range x.kids {
		switch k.local {
		case "abstractNum":
			r.abs[k.attr1("abstractNumId")] = levels(k)
		case "num":
			n := &docxNum{abstract: k.kid("abstractNumId").attrOr("val"), override: map[int]int{}, levels: map[int]*docxLevel{}}
			for _, o := range k.kids {
				if o.local != "lvlOverride" {
					continue
				}
				il, err := strconv.Atoi(o.attr1("ilvl"))
				if err != nil || il < 0 || il > 8 {
					continue
				}
				if s, err := strconv.Atoi(o.kid("startOverride").attrOr("val")); err == nil && s >= 0 {
					n.override[il] = s
				}
				if l := o.kid("lvl"); l != nil {
					for _, lv := range levels(&xnode{kids: []*xnode{l}}) {
						n.levels[il] = lv
					}
				}
			}
			r.nums[k.attr1("numId")] = n
		}
	}
	return true
}

// readNotes reads footnotes.xml or endnotes.xml: id → note element.
func (r *docxReader) readNotes(name string) (map[string]*xnode, bool) {
	m := map[string]*xnode{}
	if name == "" {
		return m, true
	}
	x, ok := r.part(name, true)
	if !ok || x == nil {
		return m, ok
	}
	for _, k := range x.kids {
		if (k.local == "footnote" || k.local == "endnote") && k.attr1("type") == "" {
			m[k.attr1("id")] = k
		}
	}
	return m, true
}

// warnOnce warns about something not printed, once per kind and paragraph.
func (r *docxReader) warnOnce(line int, what string) {
	k := fmt.Sprint(line, what)
	if r.warned[k] {
		return
	}
	r.warned[k] = true
	r.d.Warnf(r.file, line, "paragraph %d: %s", line, what)
}

// blocks reads the block-level children of the body, a cell or a content
// control.
func (r *docxReader) blocks(n *xnode) {
	for _, k := range n.kids {
		switch k.local {
		case "p":
			dp := r.paragraph(k)
			if n := len(r.items); n > 0 && r.items[n-1].joined && r.items[n-1].table == nil {
				// the mark between them deleted: one paragraph
				prev := r.items[n-1]
				appendJoin(&prev.text, dp.text)
				prev.pics = append(prev.pics, dp.pics...)
				prev.notes = append(prev.notes, dp.notes...)
				prev.joined = dp.joined
				prev.role = dp.role // (the style is the surviving mark's, as in Word)
			} else {
				r.items = append(r.items, dp)
			}
			for _, b := range dp.boxes {
				// a text box's paragraphs after the paragraph that
				// holds it
				r.blocks(b)
			}
		case "tbl":
			r.table(k)
		case "sdt":
			if g := k.kid("sdtPr").kid("docPartObj").kid("docPartGallery").attrOr("val"); strings.EqualFold(g, "Table of Contents") {
				// Word's table of contents with its heading (目录,
				// Contents): left out whole; its paragraphs counted
				r.warnOnce(r.para+1, tocNote)
				r.para += len(k.findAll("p", nil))
				continue
			}
			if c := k.kid("sdtContent"); c != nil {
				r.blocks(c)
			}
		case "customXml", "ins", "moveTo":
			r.blocks(k)
		case "altChunk":
			r.warnOnce(r.para, "an imported part of the document (altChunk) is not printed: copy its text into the document")
		}
	}
}

// paragraph reads a w:p.
func (r *docxReader) paragraph(p *xnode) *docxPara {
	r.para++
	dp := &docxPara{line: r.para}
	ppr := p.kid("pPr")
	sty := ppr.kid("pStyle").attrOr("val")
	if sty == "" {
		sty = r.defSty
	}
	dp.role = r.role(sty)
	numPr := ppr.kid("numPr")
	if numPr == nil {
		numPr = r.styleNumPr(sty)
	}
	r.inline(dp, p)
	dp.joined = ppr.kid("rPr").kid("del") != nil
	r.trim(dp)
	if numPr != nil && (len(dp.text.r) > 0 || len(dp.pics) > 0) {
		if label := r.listLabel(numPr, dp.text.r); label != "" {
			var t textBuf
			t.add(label, dp.line)
			appendText(&t, dp.text)
			dp.text = t
			dp.list = true
		}
	}
	return dp
}

// inline reads the content of a paragraph (or of an element inside one).
func (r *docxReader) inline(dp *docxPara, n *xnode) {
	for _, k := range n.kids {
		switch k.local {
		case "r":
			r.run(dp, k)
		case "fldSimple":
			if tocField(k.attr1("instr")) {
				r.warnOnce(dp.line, tocNote)
				continue
			}
			r.inline(dp, k)
		case "hyperlink", "smartTag", "ins", "moveTo", "customXml", "bdo", "dir":
			r.inline(dp, k)
		case "sdt":
			if c := k.kid("sdtContent"); c != nil {
				r.inline(dp, c)
			}
		case "AlternateContent":
			if c := k.kid("Choice"); c != nil {
				r.inline(dp, c)
			} else if c := k.kid("Fallback"); c != nil {
				r.inline(dp, c)
			}
		case "oMath", "oMathPara":
			r.warnOnce(dp.line, "an equation is not printed")
		}
		// not printed: w:del, w:moveFrom (deleted), comment ranges,
		// bookmarks, proofing marks, paragraph properties
	}
}

// inField reports whether text is in a field's instruction, or in the
// result of a table of contents (not printed).
func (r *docxReader) inField() bool {
	for _, f := range r.fields {
		if f == 1 || f == 3 {
			return true
		}
	}
	return false
}

// tocNote is the warning for a table of contents left out.
const tocNote = "the document's table of contents (a TOC field) is not printed: the 目录 of the issue is paiban's"

// tocField reports whether a field instruction makes a table of contents
// (Word's TOC; TOA and INDEX make lists of page numbers too).
func tocField(instr string) bool {
	f := strings.Fields(instr)
	return len(f) > 0 && (strings.EqualFold(f[0], "TOC") || strings.EqualFold(f[0], "TOA") || strings.EqualFold(f[0], "INDEX"))
}

func (dp *docxPara) add(s string) {
	if dp.brk {
		dp.text.join(s, dp.line)
		dp.brk = false
		return
	}
	dp.text.add(s, dp.line)
}

// run reads a w:r.
func (r *docxReader) run(dp *docxPara, run *xnode) {
	hidden := onOff(run.kid("rPr").kid("vanish")) || onOff(run.kid("rPr").kid("specVanish"))
	// bold runs in the bold face; Word's 着重号 (w:em) and italic as 着重号
	prev := dp.text.cur
	defer func() { dp.text.cur = prev }()
	switch rpr := run.kid("rPr"); {
	case onOff(rpr.kid("b")):
		dp.text.cur = Bold
	case rpr.kid("em") != nil && rpr.kid("em").attr1("val") != "none", onOff(rpr.kid("i")):
		dp.text.cur = Emphasis
	}
	for _, k := range run.kids {
		switch k.local {
		case "fldChar":
			switch k.attr1("fldCharType") {
			case "begin":
				r.fields = append(r.fields, 1)
				r.instr = append(r.instr, nil)
			case "separate":
				if n := len(r.fields); n > 0 && r.fields[n-1] == 1 {
					r.fields[n-1] = 2
					if tocField(string(r.instr[n-1])) {
						// Word's table of contents: its entries and
						// page numbers are the manuscript's, not the
						// article's text
						r.fields[n-1] = 3
						r.warnOnce(dp.line, tocNote)
					}
				}
			case "end":
				if n := len(r.fields); n > 0 {
					r.fields, r.instr = r.fields[:n-1], r.instr[:n-1]
				}
			}
			continue
		}
		if k.local == "instrText" && len(r.fields) > 0 && r.fields[len(r.fields)-1] == 1 && len(r.instr[len(r.instr)-1]) < 256 {
			r.instr[len(r.instr)-1] = append(r.instr[len(r.instr)-1], k.text...)
		}
		if hidden || r.inField() {
			continue
		}
		switch k.local {
		case "t":
			t := strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(string(k.text))
			if kind := runSymbolFont(run.kid("rPr")); kind != "" {
				// typed in Symbol or Wingdings: the characters it shows
				t = r.symbolText(dp, kind, run.kid("rPr").kid("rFonts").attr1("ascii"), t)
			}
			dp.add(t)
		case "ruby":
			r.ruby(dp, k)
		case "tab", "ptab":
			dp.add(" ")
		case "br", "cr":
			dp.brk = true
		case "noBreakHyphen":
			dp.add("-")
		case "footnoteReference", "endnoteReference":
			r.noteNo++
			ref := docxRef{id: k.attr1("id"), endnote: k.local == "endnoteReference", n: r.noteNo}
			notes := r.footnotes
			if ref.endnote {
				notes = r.endnotes
			}
			if notes[ref.id] == nil {
				r.d.Warnf(r.file, dp.line, "paragraph %d: note %s is cited but the document has no such note", dp.line, ref.id)
				r.noteNo--
				continue
			}
			dp.text.addRef(ref.n, dp.line)
			dp.brk = false
			dp.notes = append(dp.notes, ref)
		case "drawing", "pict":
			r.drawing(dp, k)
		case "AlternateContent":
			alt := k.kid("Choice")
			if alt == nil {
				alt = k.kid("Fallback")
			}
			if alt != nil {
				r.run(dp, &xnode{local: "r", kids: alt.kids})
			}
		case "sym":
			r.sym(dp, k)
		case "object":
			r.warnOnce(dp.line, "an embedded object (OLE) is not printed")
		}
		// not printed: w:instrText, w:delText, comment and note marks of
		// the note itself (footnoteRef), run properties, page-break marks
	}
}

// drawing reads a picture (w:drawing or VML w:pict).
func (r *docxReader) drawing(dp *docxPara, n *xnode) {
	blips := n.findAll("blip", nil)
	if n.local == "pict" {
		blips = n.findAll("imagedata", blips)
	}
	if len(blips) > 0 {
		dp.pics = append(dp.pics, blips...)
	}
	// each picture's size and anchoring (wp:inline, wp:anchor), for its
	// width in the layout
	if r.extent == nil {
		r.extent = map[*xnode]docxExtent{}
	}
	for _, c := range n.findAll("anchor", n.findAll("inline", nil)) {
		cx, _ := strconv.ParseInt(c.kid("extent").attrOr("cx"), 10, 64)
		page := c.local == "anchor" && c.kid("positionH").attrOr("relativeFrom") == "page"
		for _, b := range c.findAll("blip", nil) {
			r.extent[b] = docxExtent{cx: cx, page: page}
		}
	}
	// VML (w:pict, older documents): v:shape style="width:415.3pt;…",
	// mso-position-horizontal-relative:page when anchored to the page
	for _, sh := range n.findAll("shape", nil) {
		e := vmlExtent(sh.attr1("style"))
		for _, b := range sh.findAll("imagedata", nil) {
			r.extent[b] = e
		}
	}
	switch {
	case n.find("txbxContent") != nil:
		dp.boxes = n.findAll("txbxContent", dp.boxes)
		r.warnOnce(dp.line, "the text of a text box is set as paragraphs after the paragraph that holds it: check its place")
	case n.find("chart") != nil:
		r.warnOnce(dp.line, "a chart is not printed: insert it as a picture (PNG or JPEG)")
	case len(blips) == 0:
		r.warnOnce(dp.line, "a drawing (shape, SmartArt) is not printed: insert it as a picture (PNG or JPEG)")
	}
}

// trim removes the white space around a paragraph's text, collapses runs of
// spaces, and drops invisible format characters with a warning.
func (r *docxReader) trim(dp *docxPara) {
	b := &dp.text
	del := make([]bool, len(b.r))
	cf := 0
	for i, c := range b.r {
		if c != '\t' && (badChar(c) != "" || invisible(c)) {
			del[i] = true
			cf++
		}
	}
	b.remove(del)
	del = make([]bool, len(b.r))
	for i, c := range b.r {
		if c == ' ' && (i == 0 || b.r[i-1] == ' ') {
			del[i] = true
		}
	}
	b.remove(del)
	start, end := 0, len(b.r)
	for start < end && unicode.IsSpace(b.r[start]) {
		start++
	}
	for end > start && unicode.IsSpace(b.r[end-1]) {
		end--
	}
	b.r, b.line = b.r[start:end], b.line[start:end]
	if b.style != nil {
		b.style = b.style[start:end]
	}
	if cf > 0 {
		r.d.Warnf(r.file, dp.line, "paragraph %d: %d invisible format character%s (zero-width space, soft hyphen, direction mark …) left out", dp.line, cf, plural(cf))
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// table reads a w:tbl as one item: its rows of cells (a cell's paragraphs
// joined), the rows marked as header rows (w:tblHeader) its head, else the
// first row.
func (r *docxReader) table(t *xnode) {
	item := &docxPara{line: r.para + 1}
	header := 0 // (only counted: one head row is set)
	var rows func(n *xnode)
	rows = func(n *xnode) {
		for _, k := range n.kids {
			switch k.local {
			case "tr":
				if h := k.kid("trPr").kid("tblHeader"); h != nil && onOff(h) && header == len(item.table) {
					header++
				}
				row := r.row(k)
				item.table = append(item.table, row.cells)
				item.pics = append(item.pics, row.pics...)
				item.notes = append(item.notes, row.notes...)
			case "sdt":
				if c := k.kid("sdtContent"); c != nil {
					rows(c)
				}
			case "customXml", "ins", "moveTo":
				rows(k)
			}
		}
	}
	rows(t)
	item.head = 1 // a 三线表 has a head: the first row when none is marked
	if len(item.table) < 2 {
		item.head = 0
	}
	r.items = append(r.items, item)
}

// maxGridSpan bounds the columns one merged cell may take (a damaged
// document's gridSpan of a billion).
const maxGridSpan = 64

type docxRow struct {
	cells []textBuf
	pics  []*xnode
	notes []docxRef
}

func (r *docxReader) row(tr *xnode) docxRow {
	var row docxRow
	var cells func(n *xnode)
	cells = func(n *xnode) {
		for _, k := range n.kids {
			switch k.local {
			case "tc":
				var cell docxPara
				r.cell(&cell, k)
				row.cells = append(row.cells, cell.text)
				// a cell merged across columns (w:gridSpan) keeps the
				// row's cells under their columns: empty cells after it
				// (else a merged head put the next heading over the
				// wrong column)
				if n, err := strconv.Atoi(k.kid("tcPr").kid("gridSpan").attrOr("val")); err == nil && n > 1 {
					for range min(n, maxGridSpan) - 1 {
						row.cells = append(row.cells, textBuf{})
					}
				}
				row.pics = append(row.pics, cell.pics...)
				row.notes = append(row.notes, cell.notes...)
			case "sdt":
				if c := k.kid("sdtContent"); c != nil {
					cells(c)
				}
			case "customXml", "ins", "moveTo":
				cells(k)
			}
		}
	}
	cells(tr)
	return row
}

// flatten is a nested table's text: its cells joined, row by row.
func (dp *docxPara) flatten() textBuf {
	var out textBuf
	for _, row := range dp.table {
		for _, c := range row {
			if len(c.r) > 0 {
				if len(out.r) > 0 {
					out.add("\u3000", out.line[len(out.line)-1])
				}
				appendText(&out, c)
			}
		}
	}
	return out
}

// tableBlock makes the TableBlock of a table item; a "表1 …" paragraph just
// before it is its caption.
func (r *docxReader) tableBlock(it *docxPara, a *Article) Block {
	tb := &Table{Head: it.head}
	for _, row := range it.table {
		var cells []Cell
		for _, c := range row {
			buf := c
			trimSpace(&buf)
			refs := takeRefs(&buf)
			a.Fixes = append(a.Fixes, fixPunct(&buf)...)
			cells = append(cells, Cell{Text: buf.String(), Line: it.line, Spans: buf.spans(), Refs: refs})
		}
		tb.Rows = append(tb.Rows, cells)
	}
	var caption string
	caption, a.Blocks = takeCaption(a.Blocks, it.line)
	return Block{Kind: TableBlock, Text: caption, Line: it.line, Table: tb}
}

// cell reads a table cell's paragraphs (and nested tables) into one text.
func (r *docxReader) cell(out *docxPara, n *xnode) {
	for _, k := range n.kids {
		switch k.local {
		case "p":
			p := r.paragraph(k)
			appendCellPara(&out.text, p.text)
			out.pics = append(out.pics, p.pics...)
			out.notes = append(out.notes, p.notes...)
			for _, b := range p.boxes {
				r.cell(out, b)
			}
		case "tbl":
			save := r.items
			r.table(k)
			nested := r.items[len(save):]
			r.items = save
			for _, p := range nested {
				if p.table != nil {
					appendJoin(&out.text, p.flatten())
				}
				appendJoin(&out.text, p.text)
				out.pics = append(out.pics, p.pics...)
				out.notes = append(out.notes, p.notes...)
			}
		case "sdt", "customXml":
			c := k
			if k.local == "sdt" {
				c = k.kid("sdtContent")
			}
			if c != nil {
				r.cell(out, c)
			}
		}
	}
}

// appendText appends src to dst, keeping the paragraph of every character.
func appendText(dst *textBuf, src textBuf) {
	if src.style != nil || dst.style != nil {
		// the styles (bold, emphasis) of both, kept in step with the runes
		if dst.style == nil {
			dst.style = make([]Style, len(dst.r))
		}
		if src.style != nil {
			dst.style = append(dst.style, src.style...)
		} else {
			dst.style = append(dst.style, make([]Style, len(src.r))...)
		}
	}
	dst.r, dst.line = append(dst.r, src.r...), append(dst.line, src.line...)
}

// appendJoin appends src to dst as a further line (textBuf.join: a space
// only between Latin texts), keeping the paragraph of every character.
func appendJoin(dst *textBuf, src textBuf) {
	if len(src.r) == 0 {
		return
	}
	if len(dst.r) > 0 {
		last, first := dst.r[len(dst.r)-1], src.r[0]
		if !isCJK(last) && !isCJK(first) && !isSpace(last) && !isSpace(first) {
			dst.add(" ", dst.line[len(dst.line)-1])
		}
	}
	appendText(dst, src)
}

// appendCellPara appends a cell's next paragraph: a Chinese character
// after a Chinese character is kept apart by an ideographic space (a
// cell's lines 男 and 女 are not the word 男女; after a mark such as 。 or
// before one such as （ nothing is needed); otherwise as appendJoin.
func appendCellPara(dst *textBuf, src textBuf) {
	if len(src.r) > 0 && len(dst.r) > 0 {
		last, first := dst.r[len(dst.r)-1], src.r[0]
		if unicode.Is(unicode.Han, first) && unicode.Is(unicode.Han, last) {
			dst.add("\u3000", dst.line[len(dst.line)-1])
		}
	}
	appendJoin(dst, src)
}

// article assembles the blocks, the title and the notes.
func (r *docxReader) article() *Article {
	a := &Article{File: r.file}
	var title, subtitle textBuf
	titleAt := -1 // index of the title paragraph
	hasTitleStyle := false
	for _, it := range r.items {
		if it.role == roleTitle && len(it.text.r) > 0 {
			hasTitleStyle = true
			break
		}
	}
	firstText := -1
	for i, it := range r.items {
		if len(it.text.r) > 0 {
			firstText = i
			break
		}
	}
	if firstText < 0 {
		if len(r.items) == 0 || !r.anyPictures() {
			r.d.Errorf(r.file, 0, "the article is empty: the document has no text")
			return nil
		}
		r.d.Errorf(r.file, 0, "the article has no title: the document has pictures but no text")
		return nil
	}
	switch {
	case hasTitleStyle:
	case r.items[firstText].role == roleHeading1:
		titleAt = firstText
	default:
		ft := r.items[firstText]
		if n := len(ft.text.r); n > maxDocxTitleRunes || ft.list {
			r.d.Errorf(r.file, ft.line, "the article has no title: no paragraph has the Title style, and the first paragraph (%d characters) is not a title; give the title the Title (标题) style in Word", n)
			return nil
		}
		titleAt = firstText
		r.d.Notef(r.file, ft.line, "paragraph %d is taken as the title: no paragraph has the Title (标题) style", ft.line)
	}
	lastFig := -1 // index in a.Blocks of a figure without caption from the previous item
	var box docxBoxes
	for i, it := range r.items {
		if docxBoxKinds[it.role] == "" && len(it.text.r) > 0 {
			box.cur = 0 // a paragraph of another style ends a box
		}
		kind := Para
		hasText := len(it.text.r) > 0
		switch {
		case !hasText:
		case i == titleAt || it.role == roleTitle && title.r == nil:
			title = it.text
			a.TitlePos = Pos{File: r.file, Line: it.line}
			hasText = false
		case it.role == roleTitle:
			r.d.Warnf(r.file, it.line, "paragraph %d: a second paragraph in the Title style (the title is paragraph %d): set as a subheading", it.line, a.TitlePos.Line)
			kind = Heading
		case it.role == roleSubtitle:
			appendJoin(&subtitle, it.text)
			hasText = false
		case it.role == roleHeading1, it.role == roleHeading:
			kind = Heading
		case it.role == roleQuote:
			kind = Quote
		case docxBoxKinds[it.role] != "":
			box.open(a, docxBoxKinds[it.role], it.line)
		case it.role == roleCaption && lastFig >= 0 && len(it.pics) == 0:
			buf := it.text
			dropRefs(&buf, r.file, it.line, "caption", r.d)
			a.Fixes = append(a.Fixes, fixPunct(&buf)...)
			a.Blocks[lastFig].Text = buf.String()
			hasText = false
		}
		lastFig = -1
		if it.table != nil {
			a.Blocks = append(a.Blocks, r.tableBlock(it, a))
		}
		if hasText {
			buf := it.text
			refs := takeRefs(&buf)
			a.Fixes = append(a.Fixes, fixPunct(&buf)...)
			a.Blocks = append(a.Blocks, Block{Kind: kind, Text: buf.String(), Line: it.line, Spans: buf.spans(), Refs: refs, Box: box.cur})
		}
		for _, pic := range it.pics {
			if b, ok := r.figure(pic, it.line); ok {
				a.Blocks = append(a.Blocks, b)
				lastFig = len(a.Blocks) - 1
			}
		}
		for _, ref := range it.notes {
			if ref.endnote {
				ref.line = it.line
				r.ends = append(r.ends, ref)
				continue
			}
			if b, ok := r.note(ref, it.line, a); ok {
				a.Blocks = append(a.Blocks, b)
			}
		}
	}
	for _, ref := range r.ends {
		if b, ok := r.note(ref, ref.line, a); ok {
			a.Blocks = append(a.Blocks, b)
		}
	}
	titleRefs(a, &title, r.d)
	dropRefs(&subtitle, r.file, a.TitlePos.Line, "subtitle", r.d)
	pruneNotes(a, r.d)
	a.Fixes = append(a.Fixes, fixPunct(&title)...)
	a.Fixes = append(a.Fixes, fixPunct(&subtitle)...)
	a.Title, a.Subtitle = title.String(), subtitle.String()
	a.SubtitleLine = subtitle.firstLine(0)
	if a.Title == "" {
		r.d.Errorf(r.file, 0, "the article has no title: give the title the Title (标题) style in Word")
		return nil
	}
	sort.SliceStable(a.Fixes, func(i, j int) bool { return a.Fixes[i].Line < a.Fixes[j].Line })
	body := false
	for _, b := range a.Blocks {
		if b.Kind != Heading {
			body = true
		}
	}
	if !body {
		r.d.Errorf(r.file, a.TitlePos.Line, "the article has no text: no paragraphs, quotations or pictures after the title")
		return nil
	}
	return a
}

func (r *docxReader) anyPictures() bool {
	for _, it := range r.items {
		if len(it.pics) > 0 {
			return true
		}
	}
	return false
}

// note makes the paragraph of a footnote or endnote: its number, then its
// text. Issue 14 typesets real notes; until then a note is a body
// paragraph after the paragraph citing it (a footnote) or at the end of the
// article (an endnote).
func (r *docxReader) note(ref docxRef, line int, a *Article) (Block, bool) {
	notes := r.footnotes
	if ref.endnote {
		notes = r.endnotes
	}
	n := notes[ref.id]
	nr := &docxReader{file: r.file, zr: r.zr, d: r.d, styles: r.styles, defSty: r.defSty, nums: r.nums, abs: r.abs,
		count: map[string][]int{}, warned: r.warned, footnotes: map[string]*xnode{}, endnotes: map[string]*xnode{}, para: line - 1}
	var buf textBuf
	body := false
	for _, k := range n.kids {
		if k.local != "p" {
			continue
		}
		nr.para = line - 1
		p := nr.paragraph(k)
		if len(p.pics) > 0 {
			r.warnOnce(line, "a picture in a note is not printed")
		}
		if len(p.text.r) == 0 {
			continue
		}
		if body {
			appendJoin(&buf, p.text)
		} else {
			appendText(&buf, p.text)
		}
		body = true
	}
	if !body {
		r.d.Warnf(r.file, line, "paragraph %d: note %d has no text", line, ref.n)
		return Block{}, false
	}
	takeRefs(&buf) // a reference inside a note is not a note of its own
	a.Fixes = append(a.Fixes, fixPunct(&buf)...)
	return Block{Kind: Note, Text: buf.String(), Line: line, Level: ref.n, Spans: buf.spans()}, true
}

// figure makes the figure of an embedded picture.
func (r *docxReader) figure(blip *xnode, line int) (Block, bool) {
	pos := Pos{File: r.file, Line: line}
	id := blip.attr1("embed")
	if blip.local == "imagedata" {
		id = blip.attr1("id")
	}
	if id == "" {
		if link := blip.attr1("link"); link != "" {
			r.d.Errorf(r.file, line, "paragraph %d: the picture is linked (%s), not embedded in the document: insert it into the document (in Word: Insert ▸ Pictures, not \"Link to File\")", line, r.rels[link].attrOr("Target"))
		}
		return Block{}, false
	}
	rel := r.rels[id]
	if rel == nil {
		r.d.Errorf(r.file, line, "paragraph %d: the picture refers to %s, which the document does not have: it is damaged; insert the picture again", line, id)
		return Block{}, false
	}
	if rel.attr1("TargetMode") == "External" {
		r.d.Errorf(r.file, line, "paragraph %d: the picture is linked to %s, not embedded in the document: insert it into the document", line, rel.attr1("Target"))
		return Block{}, false
	}
	member := relTarget(r.main, rel.attr1("Target"))
	mpath := input.MemberPath(r.file, member)
	ext := strings.ToLower(path.Ext(member))
	switch {
	case ext == ".emf" || ext == ".wmf":
		r.d.Errorf(r.file, line, "paragraph %d: the picture %s is a Windows metafile (EMF/WMF): %s; save the picture as PNG or JPEG and insert that", line, member, supportedImages)
		return Block{}, false
	case unsupportedImageExts[ext] != "":
		r.d.Errorf(r.file, line, "paragraph %d: the picture %s is a %s image: %s; save the picture as PNG or JPEG and insert that", line, member, unsupportedImageExts[ext], supportedImages)
		return Block{}, false
	case !imageExts[ext]:
		r.d.Errorf(r.file, line, "paragraph %d: the picture %s is not a JPEG or PNG image: %s", line, member, supportedImages)
		return Block{}, false
	}
	data, err := input.ReadMember(r.zr, member, input.Image)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			r.d.Errorf(r.file, line, "paragraph %d: the picture %s is missing from the document: it is damaged; insert the picture again", line, member)
		} else {
			r.d.Errorf(r.file, line, "paragraph %d: the picture %v", line, err)
		}
		return Block{}, false
	}
	img := checkImage(mpath, ext, bytes.NewReader(data), pos, r.d)
	if img == nil {
		return Block{}, false
	}
	b := Block{Kind: Figure, Line: line, Image: img}
	r.figureWidth(blip, &b)
	return b, true
}

// vmlExtent reads a VML shape's width and anchoring from its style.
func vmlExtent(style string) docxExtent {
	var e docxExtent
	for _, decl := range strings.Split(style, ";") {
		k, v, _ := strings.Cut(decl, ":")
		switch strings.TrimSpace(k) {
		case "width":
			v = strings.TrimSpace(v)
			for _, u := range []struct {
				suffix string
				emu    float64
			}{{"pt", 12700}, {"in", 914400}, {"cm", 360000}, {"mm", 36000}, {"px", 9525}} {
				if num, ok := strings.CutSuffix(v, u.suffix); ok {
					if f, err := strconv.ParseFloat(num, 64); err == nil && f > 0 && f < 1e6 {
						e.cx = int64(f * u.emu)
					}
				}
			}
		case "mso-position-horizontal-relative":
			e.page = strings.TrimSpace(v) == "page"
		}
	}
	return e
}

// figureWidth gives a picture its width from its size in the document
// against the section's text width: wider than the text (by more than 2
// %), or anchored to the page and at least nine tenths of the text width,
// to the bleed; else its Extent, which the layout turns into the nearest
// whole number of columns (about the text width: the type area; half of it
// on a grid of 4: 2 columns …) — a small picture anchored to the page is
// placed by its width like any other, never blown up to the bleed.
func (r *docxReader) figureWidth(blip *xnode, b *Block) {
	e, ok := r.extent[blip]
	if !ok || e.cx <= 0 || r.textW <= 0 {
		return
	}
	if e.cx > r.textW+r.textW/50 || e.page && e.cx >= r.textW-r.textW/10 {
		// (never e.cx*100: an extent near the int64 limit wraps)
		b.Width, b.Wide = WidthBleed, true
		return
	}
	b.Extent = int(max(1, min(1000, e.cx*1000/r.textW)))
}

// listLabel returns the number or bullet of a list paragraph as Word shows
// it, advancing the list's counter; "" for no numbering. text is the
// paragraph's text (a label before Chinese text takes full-width marks).
func (r *docxReader) listLabel(numPr *xnode, text []rune) string {
	numID := numPr.kid("numId").attrOr("val")
	if numID == "" || numID == "0" {
		return ""
	}
	il, _ := strconv.Atoi(numPr.kid("ilvl").attrOr("val"))
	il = max(0, min(il, 8))
	num := r.nums[numID]
	var lv *docxLevel
	levelOf := func(i int) *docxLevel {
		if num == nil {
			return nil
		}
		if l := num.levels[i]; l != nil {
			return l
		}
		return r.abs[num.abstract][i]
	}
	lv = levelOf(il)
	if lv == nil {
		lv = &docxLevel{start: 1, numFmt: "bullet", text: "•"}
	}
	cjk := len(text) > 0 && isCJK(text[0])
	if lv.numFmt == "bullet" {
		return "• "
	}
	if lv.numFmt == "none" && !strings.Contains(lv.text, "%") {
		return ""
	}
	// Word continues the numbering of lists that share an abstract
	// numbering, unless a list restarts it (lvlOverride)
	key := "num " + numID
	if num != nil && len(num.override) == 0 && len(num.levels) == 0 {
		key = "abstract " + num.abstract
	}
	cs := r.count[key]
	if cs == nil {
		cs = make([]int, 9)
		for i := range cs {
			cs[i] = -1 // not started
		}
		r.count[key] = cs
	}
	startOf := func(i int) int {
		if num != nil {
			if s, ok := num.override[i]; ok {
				return s
			}
		}
		if l := levelOf(i); l != nil {
			return l.start
		}
		return 1
	}
	if cs[il] < 0 {
		cs[il] = startOf(il)
	} else {
		cs[il]++
	}
	for i := il + 1; i < 9; i++ {
		cs[i] = -1
	}
	label := lv.text
	if label == "" && lv.numFmt != "none" {
		label = "%" + strconv.Itoa(il+1) + "."
	}
	var b strings.Builder
	for i := 0; i < len(label); i++ {
		c := label[i]
		if c == '%' && i+1 < len(label) && label[i+1] >= '1' && label[i+1] <= '9' {
			k := int(label[i+1] - '1')
			i++
			n := cs[k]
			if n < 0 {
				n = startOf(k)
			}
			f := "decimal"
			if l := levelOf(k); l != nil {
				f = l.numFmt
			}
			if lv.legal && k != il {
				f = "decimal"
			}
			b.WriteString(formatNumber(n, f))
			continue
		}
		b.WriteByte(c)
	}
	s := strings.TrimSpace(b.String())
	if s == "" {
		return ""
	}
	if cjk {
		s = strings.NewReplacer(".", "．", ")", "）", "(", "（", ":", "：", ",", "，").Replace(s)
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	if cjk && (isCJK(last) || unicode.IsPunct(last) && last > 0x7F) {
		return s // a full-width mark carries its own space: "1．" "一、"
	}
	if cjk {
		return s + "\u3000"
	}
	return s + " "
}

// formatNumber writes n in a Word number format.
func formatNumber(n int, f string) string {
	switch f {
	case "decimalZero":
		if n < 10 {
			return "0" + strconv.Itoa(n)
		}
	case "upperRoman", "lowerRoman":
		s := roman(n)
		if f == "lowerRoman" {
			s = strings.ToLower(s)
		}
		return s
	case "upperLetter", "lowerLetter":
		if n >= 1 && n <= 26*4 { // A … Z, AA … ZZ … ZZZZ
			c := byte('A' + (n-1)%26)
			if f == "lowerLetter" {
				c += 'a' - 'A'
			}
			return strings.Repeat(string(c), (n-1)/26+1)
		}
	case "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital", "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand":
		if s := chineseNumber(n, f == "chineseLegalSimplified"); s != "" {
			return s
		}
	case "ideographTraditional":
		if n >= 1 && n <= 10 {
			return string([]rune("甲乙丙丁戊己庚辛壬癸")[n-1])
		}
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		if n >= 1 && n <= 10 {
			return string(rune('①' + n - 1))
		}
	case "decimalFullWidth", "decimalFullWidth2":
		var b strings.Builder
		for _, c := range strconv.Itoa(n) {
			b.WriteRune(c - '0' + '０')
		}
		return b.String()
	}
	return strconv.Itoa(n)
}

func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// chineseNumber writes 1 … 99 in Chinese numerals (一 … 九十九); "" for
// other numbers.
func chineseNumber(n int, legal bool) string {
	digits := []rune("〇一二三四五六七八九")
	ten := "十"
	if legal {
		digits = []rune("零壹贰叁肆伍陆柒捌玖")
		ten = "拾"
	}
	switch {
	case n >= 1 && n <= 9:
		return string(digits[n])
	case n >= 10 && n <= 99:
		s := ""
		if n/10 > 1 || legal {
			s = string(digits[n/10])
		}
		s += ten
		if n%10 > 0 {
			s += string(digits[n%10])
		}
		return s
	}
	return ""
}
