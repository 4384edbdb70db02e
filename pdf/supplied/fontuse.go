package supplied

import (
	"slices"

	"github.com/paiban/paiban/pdf/cos"
)

// Fonts a page lists in its resources but never selects (Tf) do not print:
// PDF/X asks only that the fonts used be embedded, and a supplied page
// often carries a leftover unembedded one. fontUse finds which are used;
// PruneFonts drops the unused unembedded ones from an imported page.

// fontUse gives, for each resource dictionary reached from content with
// resources res, the font names content streams select with Tf (nested
// forms, tiling patterns and Type 3 glyphs included).
func fontUse(d *cos.Doc, content []byte, res *cos.Dict) map[*cos.Dict]map[cos.Name]bool {
	u := &user{d: d, use: map[*cos.Dict]map[cos.Name]bool{}, seen: map[any]bool{}}
	u.scan(content, res, 0)
	return u.use
}

type user struct {
	d    *cos.Doc
	use  map[*cos.Dict]map[cos.Name]bool
	seen map[any]bool
}

func (u *user) scan(content []byte, res *cos.Dict, depth int) {
	if res == nil || depth > 16 {
		return
	}
	if u.use[res] == nil {
		u.use[res] = map[cos.Name]bool{}
	}
	cos.ScanContent(content, func(op cos.Op) error {
		if op.Name == "Tf" {
			if args, err := op.Operands(); err == nil && len(args) == 2 {
				if n, ok := args[0].(cos.Name); ok {
					u.use[res][n] = true
				}
			}
		}
		return nil
	})
	d := u.d
	sub := func(v cos.Object, own cos.Object) {
		s, ok := d.Get(v).(*cos.Stream)
		if !ok || u.seen[s] {
			return
		}
		u.seen[s] = true
		data, err := cos.Decode(s)
		if err != nil {
			return
		}
		r := d.Dict(own)
		if r == nil {
			r = res // a form without resources of its own uses its parent's
		}
		u.scan(data, r, depth+1)
	}
	if xo := d.Dict(res.Get("XObject")); xo != nil {
		for _, k := range xo.Keys() {
			if s, ok := d.Get(xo.Get(k)).(*cos.Stream); ok && s.Dict.Get("Subtype") == cos.Name("Form") {
				sub(xo.Get(k), s.Dict.Get("Resources"))
			}
		}
	}
	if pat := d.Dict(res.Get("Pattern")); pat != nil {
		for _, k := range pat.Keys() {
			if s, ok := d.Get(pat.Get(k)).(*cos.Stream); ok {
				sub(pat.Get(k), s.Dict.Get("Resources"))
			}
		}
	}
	if fonts := d.Dict(res.Get("Font")); fonts != nil {
		for _, k := range fonts.Keys() {
			f := d.Dict(fonts.Get(k))
			if f == nil || f.Get("Subtype") != cos.Name("Type3") || !u.use[res][k] {
				continue
			}
			procs := d.Dict(f.Get("CharProcs"))
			for _, g := range procs.Keys() {
				sub(procs.Get(g), f.Get("Resources"))
			}
		}
	}
}

// embedded says whether a font dictionary carries its font program (Type 3
// fonts are drawn by their own content: always).
func embedded(d *cos.Doc, f *cos.Dict) bool {
	switch f.Get("Subtype") {
	case cos.Name("Type3"):
		return true
	case cos.Name("Type0"):
		if kids, ok := d.Get(f.Get("DescendantFonts")).(cos.Array); ok && len(kids) > 0 {
			f = d.Dict(kids[0])
		}
	}
	fd := d.Dict(f.Get("FontDescriptor"))
	return fd != nil && (fd.Get("FontFile") != nil || fd.Get("FontFile2") != nil || fd.Get("FontFile3") != nil)
}

// PruneFonts drops, from the resources of the imported page at form and of
// everything it draws, the fonts no content selects and that are not
// embedded (what the preflight let through as unused); it reports whether
// it dropped any, so the caller removes what is left unreferenced.
func PruneFonts(d *cos.Doc, form cos.Ref) bool {
	s, ok := d.Get(form).(*cos.Stream)
	if !ok {
		return false
	}
	data, err := cos.Decode(s)
	if err != nil {
		return false
	}
	res := d.Dict(s.Dict.Get("Resources"))
	use := fontUse(d, data, res)
	dropped := false
	for r, names := range use {
		fonts := d.Dict(r.Get("Font"))
		if fonts == nil {
			continue
		}
		for _, k := range slices.Clone(fonts.Keys()) {
			if f := d.Dict(fonts.Get(k)); f != nil && !names[k] && !embedded(d, f) {
				fonts.Delete(k)
				dropped = true
			}
		}
	}
	return dropped
}
