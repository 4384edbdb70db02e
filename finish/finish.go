// Package finish makes a print file (or a proof) of a document held as
// objects (package cos): BleedBox from TrimBox and bleed, page labels, an
// output intent and PDF/X identification (PDF/X-1a:2003, or PDF/X-4 when an
// ICC profile is given), XMP metadata, /Trapped, a trailer /ID, the PDF
// version the standard allows, and optionally printer's marks (marks.go).
// Each step is a small operation on the document; Validate, which refuses
// what the standard forbids (RGB images, transparency in PDF/X-1a, fonts not
// embedded, annotations), is separate and changes nothing.
//
// Apply edits the document the PDF writer (package pdf) corrected, before it
// is serialised, once; Finish does the same for a file. Everything added
// derives from the document and the options, so the same input gives the
// same bytes: dates come from Options.Date (or a fixed epoch), the /ID and
// the XMP UUIDs are a hash of the objects and the options.
package finish

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/pdf/pdfx"
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
	"IFRA26":        "ISO Newspaper 26 (ISO 12647-3:2004)",
}

// Finish returns the print file made from the PDF in: Read, Apply, one
// serialisation.
func Finish(in []byte, opts Options) ([]byte, error) {
	d, err := cos.Read(in)
	if err != nil {
		return nil, fmt.Errorf("finish: %w", err)
	}
	if err := Apply(d, opts); err != nil {
		return nil, err
	}
	return d.Bytes(), nil
}

// Apply makes d a print file (or a proof): the finishing steps, each a
// small operation on the document, after Validate. d is then written once
// (cos.Doc.Bytes).
func Apply(d *cos.Doc, opts Options) (err error) {
	defer cos.Recover(&err)
	if err := apply(d, opts); err != nil {
		return fmt.Errorf("finish: %w", err)
	}
	return nil
}

// settings are the options checked and resolved.
type settings struct {
	date time.Time
	cond string
	x4   bool
}

func (opts Options) settings() (settings, error) {
	s := settings{date: epoch, cond: opts.Condition, x4: opts.Profile != nil}
	if opts.Date != "" {
		d, err := time.Parse("2006-01-02", opts.Date)
		if err != nil {
			return s, fmt.Errorf("date %q is not YYYY-MM-DD", opts.Date)
		}
		s.date = d
	}
	if opts.Bleed < 0 {
		return s, fmt.Errorf("bleed %v is negative", opts.Bleed)
	}
	if s.cond == "" {
		s.cond = "FOGRA39"
	}
	for _, c := range s.cond {
		if c < 0x20 || c > 0x7e {
			return s, fmt.Errorf("output condition %q must be ASCII", s.cond)
		}
	}
	if s.x4 {
		if err := checkProfile(opts.Profile); err != nil {
			return s, err
		}
	}
	return s, nil
}

func apply(d *cos.Doc, opts Options) error {
	s, err := opts.settings()
	if err != nil {
		return err
	}
	rootRef, ok := d.Trailer.Get("Root").(cos.Ref)
	root := d.Dict(rootRef)
	if !ok || root == nil {
		return errors.New("no document catalog")
	}
	pages, err := d.Pages()
	if err != nil {
		return err
	}
	if len(opts.Labels) != 0 && len(opts.Labels) != len(pages) {
		return fmt.Errorf("%d page labels for %d pages", len(opts.Labels), len(pages))
	}
	if err := Validate(d, s.x4); err != nil {
		return err
	}
	for i, pg := range pages {
		if err := setBoxes(d, pg, i, opts.Bleed); err != nil {
			return err
		}
	}
	if opts.Marks {
		var slugs []string
		if !opts.Proof && len(opts.Labels) == len(pages) {
			for _, l := range opts.Labels {
				slugs = append(slugs, strings.Join(strings.Fields(strings.Join([]string{opts.Title, opts.Number, "·", l, "·", opts.Date}, " ")), " "))
			}
		}
		if err := addMarks(d, pages, opts.FoldMarks, slugs); err != nil {
			return err
		}
	}
	d.Touch(rootRef)
	root.Delete("Version")
	setLabels(d, root, opts.Labels)
	if !opts.Proof {
		root.Set("OutputIntents", cos.Array{d.Add(outputIntent(d, s, opts.Profile))})
	} else {
		root.Delete("OutputIntents")
	}
	title := strings.TrimSpace(opts.Title + " " + opts.Number)
	if title == "" {
		title = "Untitled"
	}
	info := d.Add(infoDict(title, s, opts.Proof))
	// Identity: a hash of every object written and of the options; the
	// metadata stream, which holds it, is written after it is known.
	meta := d.Reserve()
	root.Set("Metadata", meta)
	h := fmt.Appendf(nil, "%q\x00%q\x00%q\x00%d\x00%q\x00", opts.Title, opts.Number, opts.Date, opts.Bleed, s.cond)
	h = fmt.Appendf(h, "%v\x00%v\x00%v\x00", opts.Marks, opts.FoldMarks, opts.Proof)
	for _, l := range opts.Labels {
		h = fmt.Appendf(h, "%q\x00", l)
	}
	sum := d.Digest(append(h, opts.Profile...), meta)
	d.Set(meta, &cos.Stream{
		Dict: cos.NewDict("Type", cos.Name("Metadata"), "Subtype", cos.Name("XML")),
		Data: xmp(title, s.date, sum, s.x4, !opts.Proof),
	})
	id := cos.String(sum[:16])
	d.Trailer = cos.NewDict("Root", rootRef, "Info", info, "ID", cos.Array{id, id})
	d.Header = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" // PDF/X-1a:2003 is based on PDF 1.4
	if s.x4 {
		d.Header = "%PDF-1.6\n%\xe2\xe3\xcf\xd3\n"
	}
	return nil
}

// setLabels gives every page its label (none: the catalog keeps none).
func setLabels(d *cos.Doc, root *cos.Dict, labels []string) {
	if len(labels) == 0 {
		return
	}
	nums := cos.Array{}
	for i, l := range labels {
		nums = append(nums, i, cos.NewDict("P", cos.TextString(l)))
	}
	root.Set("PageLabels", d.Add(cos.NewDict("Nums", nums)))
}

// outputIntent is the GTS_PDFX output intent of the condition: a condition
// of the registry is named with it; another one (PDF/X-4 only) is described
// by its profile.
func outputIntent(d *cos.Doc, s settings, profile []byte) *cos.Dict {
	oi := cos.NewDict(
		"Type", cos.Name("OutputIntent"),
		"S", cos.Name("GTS_PDFX"),
		"OutputConditionIdentifier", cos.String(s.cond),
	)
	if _, registered := conditionInfo[s.cond]; registered || !s.x4 {
		oi.Set("RegistryName", cos.String(registry))
	}
	oi.Set("Info", cos.String(infoFor(s.cond)))
	if s.x4 {
		oi.Set("DestOutputProfile", d.Add(cos.Deflated(cos.NewDict("N", 4), profile)))
	}
	return oi
}

// infoDict is the document information dictionary.
func infoDict(title string, s settings, proof bool) *cos.Dict {
	pdfDate := cos.String(s.date.Format("D:20060102150405") + "+00'00'")
	info := cos.NewDict(
		"Title", cos.TextString(title),
		"Creator", cos.String(producer),
		"Producer", cos.String(producer),
		"CreationDate", pdfDate,
		"ModDate", pdfDate,
		"Trapped", cos.Name("False"),
	)
	switch {
	case proof:
	case s.x4:
		info.Set("GTS_PDFXVersion", cos.String(x4Version))
	default:
		info.Set("GTS_PDFXVersion", cos.String(x1aVersion))
		info.Set("GTS_PDFXConformance", cos.String(x1aConformance))
	}
	return info
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

func rectArray(r [4]float64) cos.Array { return cos.Nums(r[:]...) }

// setBoxes gives a page its BleedBox: the TrimBox (which the PDF writer
// sets; when absent, the MediaBox less the bleed) plus the bleed, within the
// MediaBox. This is the only place that derives the BleedBox.
func setBoxes(f *cos.Doc, pg cos.Page, i int, bleed units.Length) error {
	b := float64(bleed) / float64(units.Pt)
	const eps = 0.0005 // half the writer's 0.001 pt resolution
	media := pg.Media
	trim, ok := f.Rect(pg.Dict.Get("TrimBox"))
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
	d := pg.Dict
	d.Set("MediaBox", rectArray(media))
	d.Set("BleedBox", rectArray(bl))
	d.Set("TrimBox", rectArray(trim))
	d.Delete("ArtBox") // PDF/X: TrimBox or ArtBox, not both
	if c, ok := f.Rect(d.Get("CropBox")); ok {
		if c[0] > bl[0]+eps || c[1] > bl[1]+eps || c[2] < bl[2]-eps || c[3] < bl[3]-eps {
			return fmt.Errorf("page %d: the CropBox cuts into the BleedBox", i+1)
		}
	}
	f.Touch(pg.Ref)
	return nil
}

// Validate refuses what PDF/X forbids and can be seen in the object graph:
// RGB images, unembedded fonts, annotations, and (PDF/X-1a, x4 false)
// transparency. It changes nothing.
func Validate(f *cos.Doc, x4 bool) error {
	var err error
	f.Each(func(r cos.Ref, v cos.Object) {
		if err == nil {
			err = pdfx.Object(f, r, v, x4)
		}
	})
	return err
}

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
