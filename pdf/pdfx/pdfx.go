// Package pdfx holds the rules of PDF/X (ISO 15930) that can be checked on
// objects: what finish.Validate refuses in a print file and what the
// preflight of a supplied PDF (package supplied) reports.
package pdfx

import (
	"errors"
	"fmt"

	"github.com/paiban/paiban/pdf/cos"
)

// Object checks one object of a document: an RGB image, an image with a
// soft mask or a graphics state with transparency (PDF/X-1a, x4 false), a
// font descriptor without its font program, a page with annotations.
func Object(f *cos.Doc, r cos.Ref, v cos.Object, x4 bool) error {
	var d *cos.Dict
	switch v := v.(type) {
	case *cos.Dict:
		d = v
	case *cos.Stream:
		d = v.Dict
	default:
		return nil
	}
	switch {
	case d.Get("Subtype") == cos.Name("Image"):
		if cs := ColorSpace(f, d.Get("ColorSpace")); cs != "" {
			return fmt.Errorf("image (object %d) uses %s: PDF/X needs CMYK or gray images; convert it", r.Num, cs)
		}
		if !x4 && d.Get("SMask") != nil {
			return fmt.Errorf("image (object %d) has a soft mask (transparency), which PDF/X-1a forbids; flatten it", r.Num)
		}
	case d.Get("Type") == cos.Name("ExtGState"):
		if !x4 {
			if err := Opaque(d); err != nil {
				return fmt.Errorf("graphics state (object %d): %w, which PDF/X-1a forbids", r.Num, err)
			}
		}
	case d.Get("Type") == cos.Name("FontDescriptor"):
		if d.Get("FontFile") == nil && d.Get("FontFile2") == nil && d.Get("FontFile3") == nil {
			name, _ := d.Get("FontName").(cos.Name)
			return fmt.Errorf("font %s is not embedded", name)
		}
	case d.Get("Type") == cos.Name("Page"):
		if a, ok := f.Get(d.Get("Annots")).(cos.Array); ok && len(a) > 0 {
			return fmt.Errorf("page (object %d) has annotations, which a print file must not have", r.Num)
		}
	}
	return nil
}

// ColorSpace returns the name of a forbidden RGB space, or "".
func ColorSpace(f *cos.Doc, v cos.Object) string {
	switch cs := f.Get(v).(type) {
	case cos.Name:
		if cs == "DeviceRGB" || cs == "CalRGB" {
			return string(cs)
		}
	case cos.Array:
		if len(cs) == 0 {
			return ""
		}
		switch f.Get(cs[0]) {
		case cos.Name("CalRGB"):
			return "CalRGB"
		case cos.Name("Indexed"):
			if len(cs) > 1 {
				if s := ColorSpace(f, cs[1]); s != "" {
					return "Indexed " + s
				}
			}
		case cos.Name("ICCBased"):
			if len(cs) > 1 {
				if n, _ := cos.Float(f.Get(f.Dict(cs[1]).Get("N"))); n == 3 {
					return "an RGB ICC profile"
				}
			}
		}
	}
	return ""
}

// Opaque says why a graphics state is not opaque (transparency), or nil.
func Opaque(d *cos.Dict) error {
	for _, k := range []cos.Name{"CA", "ca"} {
		if v, ok := cos.Float(d.Get(k)); ok && v != 1 {
			return fmt.Errorf("/%s %v (transparency)", k, v)
		}
	}
	if bm, ok := d.Get("BM").(cos.Name); ok && bm != "Normal" && bm != "Compatible" {
		return fmt.Errorf("blend mode /%s", bm)
	}
	if sm, ok := d.Get("SMask").(cos.Name); d.Get("SMask") != nil && (!ok || sm != "None") {
		return errors.New("a soft mask")
	}
	return nil
}

// xmp builds the metadata packet that mirrors the Info dictionary.
