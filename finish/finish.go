// Package finish turns the PDF writer's output into a print file: page
// boxes (MediaBox ⊇ BleedBox ⊇ TrimBox), page labels, an output intent, PDF/X
// identification (PDF/X-1a:2003, or PDF/X-4 when an ICC profile is given),
// XMP metadata, /Trapped, a trailer /ID and the PDF version the standard
// allows. It also tags font names as subsets and refuses content that the
// standard forbids (RGB images, transparency in PDF/X-1a, missing fonts,
// annotations, encryption).
//
// The pass is its own code rather than a general PDF library: it reads a file
// with a classic xref table, edits a handful of dictionaries, copies every
// other object byte for byte and writes one new xref section. Everything it
// adds derives from the input and the options, so the same input gives the
// same bytes: dates come from Options.Date (or a fixed epoch), the /ID and
// the XMP UUIDs are hashes of the input and the options.
package finish

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/paiban/paiban/units"
)

// Options says what the finishing pass adds.
type Options struct {
	Title, Number string
	Date          string   // the issue date, "2006-01-02", or "" for a fixed epoch
	Labels        []string // one page label per page (封面, 封二, 01 … 64, 封三, 封底), or none
	Bleed         units.Length
	Condition     string // OutputConditionIdentifier; "" means "FOGRA39"
	Profile       []byte // ICC output profile (CMYK, class prtr), or nil
	// Marks adds crop marks and registration targets outside the bleed and
	// grows the MediaBox to hold them (marks.go); FoldMarks adds fold marks
	// at the horizontal centre of the TrimBox (printer spreads).
	Marks, FoldMarks bool
	// Proof: the file is a page proof, not a print file: it gets the boxes,
	// page labels, dates and /ID, but no PDF/X identification (no output
	// intent, no GTS_PDFXVersion), so no preflight mistakes it for one.
	Proof bool
}

// Standard identification written into Info and XMP.
const (
	x1aVersion     = "PDF/X-1:2003"
	x1aConformance = "PDF/X-1a:2003"
	x4Version      = "PDF/X-4"
	producer       = "paiban"
	registry       = "http://www.color.org"
)

// epoch is the date used when the plan has none: fixed, so output is stable.
var epoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

// conditionInfo gives a readable name for common registered conditions
// (the ones the plan may name: issue.Conditions).
var conditionInfo = map[string]string{
	"FOGRA39":       "Coated FOGRA39 (ISO 12647-2:2004)",
	"FOGRA51":       "PSO Coated v3 (ISO 12647-2:2013)",
	"FOGRA52":       "PSO Uncoated v3 (ISO 12647-2:2013)",
	"FOGRA47":       "PSO Uncoated ISO12647 (ISO 12647-2:2004)",
	"JC200103":      "Japan Color 2001 Coated",
	"CGATS TR 001":  "SWOP (CGATS TR 001)",
	"CGATS TR 006":  "GRACoL (CGATS TR 006)",
	"CGATS21_CRPC6": "GRACoL 2013 (CGATS 21-2, CRPC6)",
}

// Finish returns the print file made from the PDF in.
func Finish(in []byte, opts Options) ([]byte, error) {
	out, err := finish(in, opts)
	if err != nil {
		return nil, fmt.Errorf("finish: %w", err)
	}
	return out, nil
}

func finish(in []byte, opts Options) ([]byte, error) {
	date := epoch
	if opts.Date != "" {
		d, err := time.Parse("2006-01-02", opts.Date)
		if err != nil {
			return nil, fmt.Errorf("date %q is not YYYY-MM-DD", opts.Date)
		}
		date = d
	}
	if opts.Bleed < 0 {
		return nil, fmt.Errorf("bleed %v is negative", opts.Bleed)
	}
	cond := opts.Condition
	if cond == "" {
		cond = "FOGRA39"
	}
	for _, c := range cond {
		if c < 0x20 || c > 0x7e {
			return nil, fmt.Errorf("output condition %q must be ASCII", cond)
		}
	}
	x4 := opts.Profile != nil
	if x4 {
		if err := checkProfile(opts.Profile); err != nil {
			return nil, err
		}
	}

	f, err := readFile(in)
	if err != nil {
		return nil, err
	}
	if f.trailer.Get("Encrypt") != nil {
		return nil, errors.New("the PDF is encrypted; PDF/X forbids encryption")
	}
	rootRef, ok := f.trailer.Get("Root").(Ref)
	root := f.dict(rootRef)
	if !ok || root == nil {
		return nil, errors.New("no document catalog")
	}
	pages, err := f.pages(root)
	if err != nil {
		return nil, err
	}
	if len(opts.Labels) != 0 && len(opts.Labels) != len(pages) {
		return nil, fmt.Errorf("%d page labels for %d pages", len(opts.Labels), len(pages))
	}
	if err := f.check(x4); err != nil {
		return nil, err
	}
	f.tagFonts()

	// Page boxes.
	for i, pg := range pages {
		if err := f.boxes(pg, i, opts.Bleed); err != nil {
			return nil, err
		}
	}
	if opts.Marks {
		if err := f.marks(pages, opts.FoldMarks); err != nil {
			return nil, err
		}
	}

	// Identity: everything below is derived from the input and the options.
	h := sha256.New()
	h.Write(in)
	fmt.Fprintf(h, "\x00%q\x00%q\x00%q\x00%d\x00%q\x00", opts.Title, opts.Number, opts.Date, opts.Bleed, cond)
	fmt.Fprintf(h, "%v\x00%v\x00%v\x00", opts.Marks, opts.FoldMarks, opts.Proof)
	for _, l := range opts.Labels {
		fmt.Fprintf(h, "%q\x00", l)
	}
	h.Write(opts.Profile)
	sum := h.Sum(nil)
	id := String(sum[:16])

	title := strings.TrimSpace(opts.Title + " " + opts.Number)
	if title == "" {
		title = "Untitled"
	}

	// Catalog additions.
	f.touch(rootRef)
	root.Delete("Version")
	if len(opts.Labels) > 0 {
		nums := Array{}
		for i, l := range opts.Labels {
			nums = append(nums, i, NewDict("P", textString(l)))
		}
		root.Set("PageLabels", f.add(NewDict("Nums", nums)))
	}
	oi := NewDict(
		"Type", Name("OutputIntent"),
		"S", Name("GTS_PDFX"),
		"OutputConditionIdentifier", String(cond),
	)
	// A condition of the registry is named with it; another one (PDF/X-4
	// only) is described by its profile.
	if _, registered := conditionInfo[cond]; registered || !x4 {
		oi.Set("RegistryName", String(registry))
	}
	oi.Set("Info", String(infoFor(cond)))
	if x4 {
		icc := &Stream{Dict: NewDict("N", 4, "Filter", Name("FlateDecode")), Data: deflate(opts.Profile)}
		oi.Set("DestOutputProfile", f.add(icc))
	}
	if !opts.Proof {
		root.Set("OutputIntents", Array{f.add(oi)})
	}
	root.Set("Metadata", f.add(&Stream{
		Dict: NewDict("Type", Name("Metadata"), "Subtype", Name("XML")),
		Data: xmp(title, date, sum, x4, !opts.Proof),
	}))

	// Info.
	pdfDate := String(date.Format("D:20060102150405") + "+00'00'")
	info := NewDict(
		"Title", textString(title),
		"Creator", String(producer),
		"Producer", String(producer),
		"CreationDate", pdfDate,
		"ModDate", pdfDate,
		"Trapped", Name("False"),
	)
	switch {
	case opts.Proof:
	case x4:
		info.Set("GTS_PDFXVersion", String(x4Version))
	default:
		info.Set("GTS_PDFXVersion", String(x1aVersion))
		info.Set("GTS_PDFXConformance", String(x1aConformance))
	}
	trailer := NewDict(
		"Root", rootRef,
		"Info", f.add(info),
		"ID", Array{id, id},
	)
	header := "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" // PDF/X-1a:2003 is based on PDF 1.4
	if x4 {
		header = "%PDF-1.6\n%\xe2\xe3\xcf\xd3\n"
	}
	return f.write(header, trailer), nil
}

func deflate(b []byte) []byte {
	var z bytes.Buffer
	w, _ := zlib.NewWriterLevel(&z, zlib.DefaultCompression)
	w.Write(b)
	w.Close()
	return z.Bytes()
}

func infoFor(cond string) string {
	if s, ok := conditionInfo[cond]; ok {
		return s
	}
	return cond
}

// checkProfile accepts an ICC output profile for CMYK printing.
func checkProfile(p []byte) error {
	if len(p) < 132 || string(p[36:40]) != "acsp" {
		return errors.New("output profile is not an ICC profile")
	}
	if size := binary.BigEndian.Uint32(p); int(size) != len(p) {
		return fmt.Errorf("output profile header says %d bytes, file has %d", size, len(p))
	}
	if string(p[16:20]) != "CMYK" {
		return fmt.Errorf("output profile is for %q, not CMYK", strings.TrimSpace(string(p[16:20])))
	}
	if string(p[12:16]) != "prtr" {
		return fmt.Errorf("output profile class is %q, not an output (prtr) profile", string(p[12:16]))
	}
	return nil
}

// textString encodes a PDF text string: ASCII as is, else UTF-16BE with BOM.
func textString(s string) String {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		return String(s)
	}
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2, 2+2*len(u))
	b[0], b[1] = 0xFE, 0xFF
	for _, c := range u {
		b = append(b, byte(c>>8), byte(c))
	}
	return String(b)
}

// page is one leaf of the page tree with its inherited MediaBox.
type page struct {
	ref   Ref
	dict  *Dict
	media [4]float64
}

// pages walks the page tree in order.
func (f *file) pages(root *Dict) ([]page, error) {
	var out []page
	seen := map[int]bool{}
	var walk func(v Object, media Object, depth int) error
	walk = func(v Object, media Object, depth int) error {
		r, ok := v.(Ref)
		if !ok || seen[r.Num] || depth > 64 {
			return errors.New("malformed page tree")
		}
		seen[r.Num] = true
		d := f.dict(r)
		if d == nil {
			return errors.New("malformed page tree")
		}
		if m := d.Get("MediaBox"); m != nil {
			media = m
		}
		switch d.Get("Type") {
		case Name("Pages"):
			kids, _ := f.get(d.Get("Kids")).(Array)
			for _, k := range kids {
				if err := walk(k, media, depth+1); err != nil {
					return err
				}
			}
		case Name("Page"):
			box, ok := f.rect(media)
			if !ok {
				return fmt.Errorf("page %d has no valid MediaBox", len(out)+1)
			}
			out = append(out, page{ref: r, dict: d, media: box})
		default:
			return errors.New("malformed page tree")
		}
		return nil
	}
	if err := walk(root.Get("Pages"), nil, 0); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("the PDF has no pages")
	}
	return out, nil
}

// rect reads a rectangle and normalises it to llx lly urx ury.
func (f *file) rect(v Object) ([4]float64, bool) {
	a, ok := f.get(v).(Array)
	var r [4]float64
	if !ok || len(a) != 4 {
		return r, false
	}
	for i, e := range a {
		x, ok := num(f.get(e))
		if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
			return r, false
		}
		r[i] = x
	}
	if r[0] > r[2] {
		r[0], r[2] = r[2], r[0]
	}
	if r[1] > r[3] {
		r[1], r[3] = r[3], r[1]
	}
	return r, true
}

func rectArray(r [4]float64) Array { return Nums(r[:]...) }

// boxes sets MediaBox, BleedBox and TrimBox on a page. The TrimBox is kept
// when present; otherwise it is the MediaBox less the bleed.
func (f *file) boxes(pg page, i int, bleed units.Length) error {
	b := float64(bleed) / float64(units.Pt)
	const eps = 0.0005 // half the writer's 0.001 pt resolution
	media := pg.media
	trim, ok := f.rect(pg.dict.Get("TrimBox"))
	if !ok {
		trim = [4]float64{media[0] + b, media[1] + b, media[2] - b, media[3] - b}
	}
	if trim[2]-trim[0] <= 0 || trim[3]-trim[1] <= 0 {
		return fmt.Errorf("page %d: empty TrimBox", i+1)
	}
	bl := [4]float64{trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b}
	for k := range 4 {
		out := bl[k] < media[k]-eps
		if k >= 2 {
			out = bl[k] > media[k]+eps
		}
		if out {
			return fmt.Errorf("page %d: the TrimBox plus %v bleed does not fit in the MediaBox %v", i+1, bleed, rectArray(media))
		}
	}
	// Snap within rounding so that MediaBox ⊇ BleedBox holds exactly.
	bl[0], bl[1] = max(bl[0], media[0]), max(bl[1], media[1])
	bl[2], bl[3] = min(bl[2], media[2]), min(bl[3], media[3])
	d := pg.dict
	d.Set("MediaBox", rectArray(media))
	d.Set("BleedBox", rectArray(bl))
	d.Set("TrimBox", rectArray(trim))
	d.Delete("ArtBox") // PDF/X: TrimBox or ArtBox, not both
	if c, ok := f.rect(d.Get("CropBox")); ok {
		if c[0] > bl[0]+eps || c[1] > bl[1]+eps || c[2] < bl[2]-eps || c[3] < bl[3]-eps {
			return fmt.Errorf("page %d: the CropBox cuts into the BleedBox", i+1)
		}
	}
	f.touch(pg.ref)
	return nil
}

// check refuses what PDF/X forbids and can be seen in the object graph:
// RGB images, unembedded fonts, annotations, and (PDF/X-1a) transparency.
func (f *file) check(x4 bool) error {
	for _, e := range f.objs {
		if e == nil {
			continue
		}
		var d *Dict
		switch v := e.val.(type) {
		case *Dict:
			d = v
		case *Stream:
			d = v.Dict
		default:
			continue
		}
		switch {
		case d.Get("Subtype") == Name("Image"):
			if cs := f.colorSpace(d.Get("ColorSpace")); cs != "" {
				return fmt.Errorf("image (object %d) uses %s: PDF/X needs CMYK or gray images; convert it", e.num, cs)
			}
			if !x4 && d.Get("SMask") != nil {
				return fmt.Errorf("image (object %d) has a soft mask (transparency), which PDF/X-1a forbids; flatten it", e.num)
			}
		case d.Get("Type") == Name("ExtGState"):
			if !x4 {
				if err := opaque(d); err != nil {
					return fmt.Errorf("graphics state (object %d): %w, which PDF/X-1a forbids", e.num, err)
				}
			}
		case d.Get("Type") == Name("FontDescriptor"):
			if d.Get("FontFile") == nil && d.Get("FontFile2") == nil && d.Get("FontFile3") == nil {
				name, _ := d.Get("FontName").(Name)
				return fmt.Errorf("font %s is not embedded", name)
			}
		case d.Get("Type") == Name("Page"):
			if a, ok := f.get(d.Get("Annots")).(Array); ok && len(a) > 0 {
				return fmt.Errorf("page (object %d) has annotations, which a print file must not have", e.num)
			}
		}
	}
	return nil
}

// colorSpace returns the name of a forbidden RGB space, or "".
func (f *file) colorSpace(v Object) string {
	switch cs := f.get(v).(type) {
	case Name:
		if cs == "DeviceRGB" || cs == "CalRGB" {
			return string(cs)
		}
	case Array:
		if len(cs) == 0 {
			return ""
		}
		switch f.get(cs[0]) {
		case Name("CalRGB"):
			return "CalRGB"
		case Name("Indexed"):
			if len(cs) > 1 {
				if s := f.colorSpace(cs[1]); s != "" {
					return "Indexed " + s
				}
			}
		case Name("ICCBased"):
			if len(cs) > 1 {
				if n, _ := num(f.get(f.dict(cs[1]).Get("N"))); n == 3 {
					return "an RGB ICC profile"
				}
			}
		}
	}
	return ""
}

func opaque(d *Dict) error {
	for _, k := range []Name{"CA", "ca"} {
		if v, ok := num(d.Get(k)); ok && v != 1 {
			return fmt.Errorf("/%s %v (transparency)", k, v)
		}
	}
	if bm, ok := d.Get("BM").(Name); ok && bm != "Normal" && bm != "Compatible" {
		return fmt.Errorf("blend mode /%s", bm)
	}
	if sm, ok := d.Get("SMask").(Name); d.Get("SMask") != nil && (!ok || sm != "None") {
		return errors.New("a soft mask")
	}
	return nil
}

var tagged = regexp.MustCompile(`^[A-Z]{6}\+`)

// tagFonts gives embedded fonts without a subset tag a deterministic one,
// derived from the embedded font program, on the font, its descendant and
// its descriptor.
func (f *file) tagFonts() {
	for _, e := range f.objs {
		if e == nil {
			continue
		}
		d, ok := e.val.(*Dict)
		if !ok || d.Get("Type") != Name("Font") {
			continue
		}
		base, ok := d.Get("BaseFont").(Name)
		if !ok || tagged.MatchString(string(base)) {
			continue
		}
		targets := []*Dict{d}
		refs := []Object{Ref{e.num, e.gen}}
		desc := d.Get("FontDescriptor")
		if d.Get("Subtype") == Name("Type0") {
			kids, _ := f.get(d.Get("DescendantFonts")).(Array)
			if len(kids) != 1 {
				continue
			}
			cid := f.dict(kids[0])
			if cid == nil {
				continue
			}
			targets, refs = append(targets, cid), append(refs, kids[0])
			desc = cid.Get("FontDescriptor")
		}
		fd := f.dict(desc)
		if fd == nil {
			continue
		}
		var prog *Stream
		for _, k := range []Name{"FontFile2", "FontFile", "FontFile3"} {
			if s, ok := f.get(fd.Get(k)).(*Stream); ok {
				prog = s
			}
		}
		if prog == nil {
			continue
		}
		sum := sha256.Sum256(prog.Data)
		tag := make([]byte, 6)
		for i := range tag {
			tag[i] = 'A' + sum[i]%26
		}
		name := Name(string(tag) + "+" + string(base))
		for i, t := range targets {
			t.Set("BaseFont", name)
			if r, ok := refs[i].(Ref); ok {
				f.touch(r)
			}
		}
		fd.Set("FontName", name)
		if r, ok := desc.(Ref); ok {
			f.touch(r)
		}
	}
}

// xmp builds the metadata packet that mirrors the Info dictionary.
func xmp(title string, date time.Time, sum []byte, x4, pdfx bool) []byte {
	uuid := func(b []byte) string {
		b = append([]byte(nil), b[:16]...)
		b[6] = b[6]&0x0f | 0x50 // name-based layout, deterministic
		b[8] = b[8]&0x3f | 0x80
		return fmt.Sprintf("uuid:%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
	}
	d := date.Format("2006-01-02T15:04:05Z07:00")
	var b bytes.Buffer
	b.WriteString("<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">`)
	b.WriteString(xmlEscape(title))
	b.WriteString("</rdf:li></rdf:Alt></dc:title>\n")
	fmt.Fprintf(&b, "   <xmp:CreateDate>%s</xmp:CreateDate>\n   <xmp:ModifyDate>%s</xmp:ModifyDate>\n   <xmp:MetadataDate>%s</xmp:MetadataDate>\n", d, d, d)
	fmt.Fprintf(&b, "   <xmp:CreatorTool>%s</xmp:CreatorTool>\n   <pdf:Producer>%s</pdf:Producer>\n   <pdf:Trapped>False</pdf:Trapped>\n", producer, producer)
	fmt.Fprintf(&b, "   <xmpMM:DocumentID>%s</xmpMM:DocumentID>\n   <xmpMM:InstanceID>%s</xmpMM:InstanceID>\n", uuid(sum[:16]), uuid(sum[16:32]))
	b.WriteString("   <xmpMM:VersionID>1</xmpMM:VersionID>\n   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n")
	switch {
	case !pdfx:
	case x4:
		fmt.Fprintf(&b, "   <pdfxid:GTS_PDFXVersion>%s</pdfxid:GTS_PDFXVersion>\n", x4Version)
	default:
		fmt.Fprintf(&b, "   <pdfx:GTS_PDFXVersion>%s</pdfx:GTS_PDFXVersion>\n   <pdfx:GTS_PDFXConformance>%s</pdfx:GTS_PDFXConformance>\n", x1aVersion, x1aConformance)
	}
	b.WriteString("  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n")
	// Padding lets editors update the packet in place.
	b.WriteString(strings.Repeat(strings.Repeat(" ", 99)+"\n", 20))
	b.WriteString("<?xpacket end=\"w\"?>")
	return b.Bytes()
}

func xmlEscape(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		default:
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				continue // not allowed in XML 1.0
			}
			b.WriteRune(c)
		}
	}
	return b.String()
}
