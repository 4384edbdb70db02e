package supplied

import (
	"errors"
	"fmt"
	"strings"

	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/raster"
)

// Converting a supplied page's RGB colour to CMYK, in place, on its
// objects: colours set in its content (rg, RG, an RGB colour space selected
// with cs/CS and set with sc/scn), colour space resources (DeviceRGB,
// CalRGB, RGB ICC profiles; Indexed palettes over them), RGB images (8-bit,
// Flate or uncompressed, or JPEG) and axial and radial shadings whose
// functions interpolate between two colours. Anything else RGB (a sampled
// or PostScript function, a mesh shading, an inline image, 16-bit samples)
// is an error naming it: the page is refused, never printed half converted.
// Nested forms, tiling patterns and Type 3 glyph procedures are converted
// too. Conversion uses Converter (the build's colour engine).

// Converter turns 8-bit RGB into 8-bit CMYK (0 … 255 each).
type Converter func(r, g, b uint8) (c, m, y, k uint8)

// ConvertForm converts the RGB colour of the form XObject at ref (a
// supplied page as gopdf imports it) and of everything it uses.
func ConvertForm(d *cos.Doc, ref cos.Ref, conv Converter) error {
	cv := &converter{d: d, conv: conv, done: map[cos.Ref]bool{}}
	return cv.form(ref, 0)
}

type converter struct {
	d    *cos.Doc
	conv Converter
	done map[cos.Ref]bool
}

// rgb says whether a colour space is RGB (and so becomes DeviceCMYK).
func (cv *converter) rgb(v cos.Object) bool {
	switch cs := cv.d.Get(v).(type) {
	case cos.Name:
		return cs == "DeviceRGB" || cs == "CalRGB" || cs == "RGB"
	case cos.Array:
		if len(cs) == 0 {
			return false
		}
		switch cv.d.Get(cs[0]) {
		case cos.Name("CalRGB"):
			return true
		case cos.Name("ICCBased"):
			if len(cs) > 1 {
				n, _ := cos.Float(cv.d.Get(cv.d.Dict(cs[1]).Get("N")))
				return n == 3
			}
		}
	}
	return false
}

// cmyk converts 0…1 RGB components to 0…1 CMYK ones.
func (cv *converter) cmyk(rgb []float64) []float64 {
	b := func(x float64) uint8 { return uint8(min(255, max(0, x*255+0.5))) }
	c, m, y, k := cv.conv(b(rgb[0]), b(rgb[1]), b(rgb[2]))
	return []float64{float64(c) / 255, float64(m) / 255, float64(y) / 255, float64(k) / 255}
}

func (cv *converter) form(ref cos.Ref, depth int) error {
	if cv.done[ref] || depth > 16 {
		return nil
	}
	cv.done[ref] = true
	s, ok := cv.d.Get(ref).(*cos.Stream)
	if !ok {
		return errors.New("a form is missing")
	}
	rgbNames, err := cv.resources(s.Dict.Get("Resources"), depth)
	if err != nil {
		return err
	}
	data, err := cos.Decode(s)
	if err != nil {
		return fmt.Errorf("a form's content: %w", err)
	}
	out, changed, err := cv.content(data, rgbNames)
	if err != nil || !changed {
		return err
	}
	dict := cos.NewDict()
	for _, k := range s.Dict.Keys() {
		if k != "Filter" && k != "DecodeParms" && k != "Length" {
			dict.Set(k, s.Dict.Get(k))
		}
	}
	cv.d.Set(ref, cos.Deflated(dict, out))
	return nil
}

// resources converts a resource dictionary's colour spaces, images,
// shadings, patterns and forms; it returns the names of the colour spaces
// that were RGB.
func (cv *converter) resources(v cos.Object, depth int) (map[cos.Name]bool, error) {
	d := cv.d
	res := d.Dict(v)
	rgbNames := map[cos.Name]bool{}
	if res == nil {
		return rgbNames, nil
	}
	if cs := d.Dict(res.Get("ColorSpace")); cs != nil {
		for _, n := range cs.Keys() {
			nv, isRGB, err := cv.space(cs.Get(n))
			if err != nil {
				return nil, fmt.Errorf("colour space /%s: %w", n, err)
			}
			if nv != nil {
				cs.Set(n, nv)
				rgbNames[n] = isRGB
				touch(d, res.Get("ColorSpace"))
				touch(d, v)
			}
		}
	}
	if xo := d.Dict(res.Get("XObject")); xo != nil {
		for _, n := range xo.Keys() {
			r, ok := xo.Get(n).(cos.Ref)
			s, isStream := d.Get(r).(*cos.Stream)
			if !ok || !isStream {
				continue
			}
			switch s.Dict.Get("Subtype") {
			case cos.Name("Image"):
				if err := cv.image(r, s); err != nil {
					return nil, fmt.Errorf("image /%s: %w", n, err)
				}
			case cos.Name("Form"):
				if err := cv.form(r, depth+1); err != nil {
					return nil, err
				}
			}
		}
	}
	if sh := d.Dict(res.Get("Shading")); sh != nil {
		for _, n := range sh.Keys() {
			if err := cv.shading(sh.Get(n)); err != nil {
				return nil, fmt.Errorf("shading /%s: %w", n, err)
			}
		}
	}
	if pat := d.Dict(res.Get("Pattern")); pat != nil {
		for _, n := range pat.Keys() {
			p := d.Dict(pat.Get(n))
			if p == nil {
				continue
			}
			if p.Get("Shading") != nil {
				if err := cv.shading(p.Get("Shading")); err != nil {
					return nil, fmt.Errorf("pattern /%s: %w", n, err)
				}
			} else if r, ok := pat.Get(n).(cos.Ref); ok {
				if err := cv.form(r, depth+1); err != nil { // a tiling pattern is a content stream
					return nil, err
				}
			}
		}
	}
	if fonts := d.Dict(res.Get("Font")); fonts != nil {
		for _, n := range fonts.Keys() {
			f := d.Dict(fonts.Get(n))
			if f == nil || f.Get("Subtype") != cos.Name("Type3") {
				continue
			}
			if _, err := cv.resources(f.Get("Resources"), depth+1); err != nil {
				return nil, err
			}
			procs := d.Dict(f.Get("CharProcs"))
			for _, g := range procs.Keys() {
				if r, ok := procs.Get(g).(cos.Ref); ok {
					if err := cv.form(r, depth+1); err != nil {
						return nil, err
					}
				}
			}
		}
	}
	return rgbNames, nil
}

// space converts a colour space: nil when it is not RGB-based; isRGB when
// colours in it are set as RGB triples (not Indexed).
func (cv *converter) space(v cos.Object) (nv cos.Object, isRGB bool, err error) {
	d := cv.d
	if cv.rgb(v) {
		return cos.Name("DeviceCMYK"), true, nil
	}
	a, ok := d.Get(v).(cos.Array)
	if !ok || len(a) != 4 || d.Get(a[0]) != cos.Name("Indexed") && d.Get(a[0]) != cos.Name("I") || !cv.rgb(a[1]) {
		return nil, false, nil
	}
	hival, _ := cos.Float(d.Get(a[2]))
	var lookup []byte
	switch l := d.Get(a[3]).(type) {
	case cos.String:
		lookup = l
	case *cos.Stream:
		if lookup, err = cos.Decode(l); err != nil {
			return nil, false, err
		}
	}
	n := int(hival) + 1
	if n < 1 || n > 256 || len(lookup) < 3*n {
		return nil, false, errors.New("a bad Indexed palette")
	}
	out := make([]byte, 4*n)
	for i := range n {
		out[4*i], out[4*i+1], out[4*i+2], out[4*i+3] = cv.conv(lookup[3*i], lookup[3*i+1], lookup[3*i+2])
	}
	return cos.Array{cos.Name("Indexed"), cos.Name("DeviceCMYK"), a[2], cos.String(out)}, false, nil
}

// image converts an RGB image XObject (or its Indexed palette).
func (cv *converter) image(r cos.Ref, s *cos.Stream) error {
	d := cv.d
	if cv.done[r] {
		return nil
	}
	cv.done[r] = true
	cs := s.Dict.Get("ColorSpace")
	if nv, isRGB, err := cv.space(cs); err != nil {
		return err
	} else if nv != nil && !isRGB {
		s.Dict.Set("ColorSpace", nv) // Indexed: the palette converted
		d.Touch(r)
		return nil
	}
	if !cv.rgb(cs) {
		return nil
	}
	bpc, _ := cos.Float(d.Get(s.Dict.Get("BitsPerComponent")))
	w, _ := cos.Float(d.Get(s.Dict.Get("Width")))
	h, _ := cos.Float(d.Get(s.Dict.Get("Height")))
	if w < 1 || h < 1 || w*h > raster.MaxPixels {
		return errors.New("bad image size")
	}
	var im *raster.Image
	if f := s.Dict.Get("Filter"); f == cos.Name("DCTDecode") || fmt.Sprint(f) == "[DCTDecode]" {
		var err error
		if im, err = raster.Convert(s.Data); err != nil {
			return err
		}
	} else {
		if bpc != 8 {
			return fmt.Errorf("%v-bit RGB samples", bpc)
		}
		raw, err := cos.Decode(s)
		if err != nil {
			return err
		}
		n := int(w) * int(h)
		if len(raw) < 3*n {
			return errors.New("image data too short")
		}
		out := make([]byte, 4*n)
		for i := range n {
			out[4*i], out[4*i+1], out[4*i+2], out[4*i+3] = cv.conv(raw[3*i], raw[3*i+1], raw[3*i+2])
		}
		dict := cos.NewDict()
		for _, k := range s.Dict.Keys() {
			if k != "Filter" && k != "DecodeParms" && k != "Length" && k != "Decode" {
				dict.Set(k, s.Dict.Get(k))
			}
		}
		dict.Set("ColorSpace", cos.Name("DeviceCMYK"))
		d.Set(r, cos.Deflated(dict, out))
		return nil
	}
	dict := cos.NewDict()
	for _, k := range s.Dict.Keys() {
		if k != "Filter" && k != "DecodeParms" && k != "Length" && k != "Decode" && k != "ColorSpace" && k != "Width" && k != "Height" {
			dict.Set(k, s.Dict.Get(k))
		}
	}
	SetImage(dict, im)
	d.Set(r, cos.NewStream(dict, im.Data))
	return nil
}

// SetImage sets the entries of an image dictionary that a converted image
// (raster.Image) decides: its size, colour space and 8 bits, and how its
// data is encoded — a JPEG (raster's photos) as DCTDecode, CMYK inverted
// as Adobe writes it (/Decode [1 0 1 0 1 0 1 0], as every CMYK JPEG
// passed through has) and YCCK with /ColorTransform 1 (as its Adobe marker
// says; the default for four components is 0), else Flate with PNG
// predictors. The pdf writer's converted images and the images of
// supplied pages converted to CMYK both take it.
func SetImage(d *cos.Dict, im *raster.Image) {
	d.Set("Width", im.Width)
	d.Set("Height", im.Height)
	d.Set("ColorSpace", cos.Name(im.ColorSpace()))
	d.Set("BitsPerComponent", 8)
	if !im.DCT {
		d.Set("Filter", cos.Name("FlateDecode"))
		d.Set("DecodeParms", cos.NewDict("Predictor", 15, "Colors", im.Components(), "BitsPerComponent", 8, "Columns", im.Width))
		return
	}
	d.Set("Filter", cos.Name("DCTDecode"))
	if !im.Gray {
		d.Set("Decode", cos.Array{1, 0, 1, 0, 1, 0, 1, 0})
	}
	if im.YCCK() {
		d.Set("DecodeParms", cos.NewDict("ColorTransform", 1))
	}
}

// shading converts an axial or radial shading between two RGB colours.
func (cv *converter) shading(v cos.Object) error {
	d := cv.d
	sh := d.Dict(v)
	if sh == nil || !cv.rgb(sh.Get("ColorSpace")) {
		return nil
	}
	if t, _ := cos.Float(d.Get(sh.Get("ShadingType"))); t != 2 && t != 3 {
		return fmt.Errorf("an RGB shading of type %v (only axial and radial ones are converted)", t)
	}
	fn, err := cv.function(sh.Get("Function"), 0)
	if err != nil {
		return err
	}
	sh.Set("Function", fn)
	sh.Set("ColorSpace", cos.Name("DeviceCMYK"))
	if r, ok := v.(cos.Ref); ok {
		d.Touch(r)
	}
	return nil
}

// function converts an exponential function between two RGB colours (type
// 2), or a stitching of such (type 3), to give CMYK.
func (cv *converter) function(v cos.Object, depth int) (cos.Object, error) {
	d := cv.d
	f := d.Dict(v)
	if f == nil || depth > 8 {
		return nil, errors.New("a missing shading function")
	}
	if _, isStream := d.Get(v).(*cos.Stream); isStream {
		return nil, errors.New("a sampled or PostScript shading function")
	}
	nf := cos.NewDict()
	for _, k := range f.Keys() {
		nf.Set(k, f.Get(k))
	}
	nf.Delete("Range")
	switch t, _ := cos.Float(d.Get(f.Get("FunctionType"))); t {
	case 2:
		for _, k := range []cos.Name{"C0", "C1"} {
			c := []float64{0, 0, 0}
			if k == "C1" {
				c = []float64{1, 1, 1}
			}
			if a, ok := d.Get(f.Get(k)).(cos.Array); ok {
				if len(a) != 3 {
					return nil, errors.New("a shading function that is not RGB")
				}
				for i := range a {
					c[i], _ = cos.Float(d.Get(a[i]))
				}
			}
			nf.Set(k, cos.Nums(cv.cmyk(c)...))
		}
	case 3:
		fs, _ := d.Get(f.Get("Functions")).(cos.Array)
		out := make(cos.Array, len(fs))
		for i, sub := range fs {
			var err error
			if out[i], err = cv.function(sub, depth+1); err != nil {
				return nil, err
			}
		}
		nf.Set("Functions", out)
	default:
		return nil, fmt.Errorf("a shading function of type %v", t)
	}
	return nf, nil
}

// content rewrites a content stream: RGB colours set as CMYK. rgbNames are
// the resource colour spaces now DeviceCMYK that were RGB.
func (cv *converter) content(data []byte, rgbNames map[cos.Name]bool) ([]byte, bool, error) {
	var b strings.Builder
	b.Grow(len(data) + 64)
	pos := 0
	changed := false
	type state struct{ fill, stroke bool } // the current colour space is RGB
	var st state
	var stack []state
	emit := func(op cos.Op, s string) {
		b.Write(data[pos:op.Start])
		b.WriteString(s)
		pos = op.End
		changed = true
	}
	nums := func(op cos.Op) ([]float64, bool) {
		args, err := op.Operands()
		if err != nil {
			return nil, false
		}
		out := make([]float64, len(args))
		for i, a := range args {
			x, ok := cos.Float(a)
			if !ok {
				return nil, false
			}
			out[i] = x
		}
		return out, true
	}
	setCMYK := func(op cos.Op, name string) error {
		c, ok := nums(op)
		if !ok || len(c) != 3 {
			return fmt.Errorf("bad %s", op.Name)
		}
		k := cv.cmyk(c)
		emit(op, fmt.Sprintf("%s %s %s %s %s", cos.FormatNum(k[0]), cos.FormatNum(k[1]), cos.FormatNum(k[2]), cos.FormatNum(k[3]), name))
		return nil
	}
	err := cos.ScanContent(data, func(op cos.Op) error {
		switch op.Name {
		case "q":
			stack = append(stack, st)
		case "Q":
			if len(stack) > 0 {
				st, stack = stack[len(stack)-1], stack[:len(stack)-1]
			}
		case "rg":
			return setCMYK(op, "k")
		case "RG":
			return setCMYK(op, "K")
		case "cs", "CS":
			args, _ := op.Operands()
			if len(args) != 1 {
				return fmt.Errorf("bad %s", op.Name)
			}
			n, _ := args[0].(cos.Name)
			isRGB := n == "DeviceRGB" || n == "CalRGB" || rgbNames[n]
			if op.Name == "cs" {
				st.fill = isRGB
			} else {
				st.stroke = isRGB
			}
			if n == "DeviceRGB" || n == "CalRGB" {
				emit(op, "/DeviceCMYK "+op.Name)
			}
		case "sc", "scn":
			if st.fill {
				return setCMYK(op, op.Name)
			}
		case "SC", "SCN":
			if st.stroke {
				return setCMYK(op, op.Name)
			}
		case "g", "k":
			st.fill = false
		case "G", "K":
			st.stroke = false
		case "BI":
			args, _ := op.Operands()
			for i := 0; i+1 < len(args); i += 2 {
				if k := args[i]; (k == cos.Name("CS") || k == cos.Name("ColorSpace")) && (cv.rgb(args[i+1]) || rgbNames[nameOf(args[i+1])]) {
					return errors.New("an RGB inline image")
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	b.Write(data[pos:])
	return []byte(b.String()), changed, nil
}

func nameOf(v cos.Object) cos.Name { n, _ := v.(cos.Name); return n }

func touch(d *cos.Doc, v cos.Object) {
	if r, ok := v.(cos.Ref); ok {
		d.Touch(r)
	}
}
