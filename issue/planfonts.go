package issue

// [fonts]: the font roles (body, heading, quote, fallback) by file, face of
// a collection, builtin name or installed family and style.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// faceRe splits "fonts/a.ttc#1" into file and face index.
var faceRe = regexp.MustCompile(`^(.+)#([0-9]+)$`)

func (r *planReader) readFonts(is *Issue, m map[string]any) {
	f := &is.Fonts
	f.Body = FontRef{Builtin: "serif", Pos: Pos{File: r.file}}
	f.Heading = FontRef{Builtin: "sans", Pos: Pos{File: r.file}}
	t := r.topTable(m, "fonts")
	if t == nil {
		return
	}
	t.check("body", "heading", "fallback", "quote", "kai")
	for _, k := range []string{"quote", "kai"} {
		if t.has(k) {
			if f.Quote != nil {
				t.errf(k, "[fonts] quote and kai name the same face: give one")
			} else if ref, ok := r.font(t.m[k], t.key(k), "[fonts] "+k); ok {
				f.Quote = &ref
			}
		}
	}
	for _, role := range []struct {
		k   string
		ref *FontRef
	}{{"body", &f.Body}, {"heading", &f.Heading}} {
		if t.has(role.k) {
			if ref, ok := r.font(t.m[role.k], t.key(role.k), "[fonts] "+role.k); ok {
				*role.ref = ref
			}
		}
	}
	if !t.has("fallback") {
		return
	}
	var list []any
	switch v := t.m["fallback"].(type) {
	case []any:
		list = v
	case []map[string]any:
		for _, x := range v {
			list = append(list, x)
		}
	case string, map[string]any:
		if ref, ok := r.font(v, t.key("fallback"), "[fonts] fallback"); ok {
			f.Fallback = append(f.Fallback, ref)
		}
		return
	default:
		t.typeErr("fallback", "an array of fonts")
		return
	}
	for i, v := range list {
		if ref, ok := r.font(v, append(t.key("fallback"), idx(i)), fmt.Sprintf("[fonts] fallback[%d]", i)); ok {
			f.Fallback = append(f.Fallback, ref)
		}
	}
}

// font reads one font value at path.
func (r *planReader) font(v any, path []string, what string) (FontRef, bool) {
	pos := Pos{File: r.file, Line: max(1, r.loc.line(path...))}
	switch x := v.(type) {
	case string:
		s := strings.TrimSpace(x)
		if b, ok := strings.CutPrefix(s, "builtin:"); ok {
			if b == "serif" || b == "sans" {
				return FontRef{Builtin: b, Pos: pos}, true
			}
			r.d.Errorf(r.file, pos.Line, "%s: unknown built-in font %q (built-in fonts are builtin:serif and builtin:sans)", what, s)
			return FontRef{}, false
		}
		file, index := s, 0
		if m := faceRe.FindStringSubmatch(s); m != nil {
			file = m[1]
			var err error
			if index, err = strconv.Atoi(m[2]); err != nil {
				r.d.Errorf(r.file, pos.Line, "%s: bad face index in %q", what, s)
				return FontRef{}, false
			}
		}
		return r.fontFile(file, index, pos, what)
	case map[string]any:
		t := &table{r: r, m: x, path: path, name: what}
		t.check("file", "index")
		if !t.has("file") {
			r.d.Errorf(r.file, pos.Line, "%s: the table form needs file, e.g. { file = \"fonts/a.ttc\", index = 1 }", what)
			return FontRef{}, false
		}
		file, ok := t.str("file")
		index, iok := t.integer("index")
		if t.has("index") && !iok {
			return FontRef{}, false
		}
		if index < 0 {
			t.errf("index", "index = %d must be 0 or more", index)
			return FontRef{}, false
		}
		if !ok {
			return FontRef{}, false
		}
		return r.fontFile(strings.TrimSpace(file), index, pos, what)
	}
	r.d.Errorf(r.file, pos.Line, "%s must be a font (\"builtin:serif\", \"fonts/a.otf\", \"fonts/a.ttc#1\" or { file = \"fonts/a.ttc\", index = 1 }), not %s", what, describeValue(v))
	return FontRef{}, false
}

func (r *planReader) fontFile(file string, index int, pos Pos, what string) (FontRef, bool) {
	if file == "" {
		r.d.Errorf(r.file, pos.Line, "%s: empty font file name", what)
		return FontRef{}, false
	}
	if msg := badPathChar(file); msg != "" {
		r.d.Errorf(r.file, pos.Line, "%s: font file %s", what, msg)
		return FontRef{}, false
	}
	path := r.resolve(file)
	if _, err := os.Stat(path); err != nil && looksLikeFamily(file) {
		// no such file, and no file name: an installed font's family and
		// style (contract version 2), found the way fontconfig finds it
		return FontRef{Family: file, Pos: pos}, true
	}
	if err := checkFontFile(path); err != nil {
		r.d.Errorf(r.file, pos.Line, "%s: %v", what, err)
		return FontRef{}, false
	}
	return FontRef{Path: path, Index: index, Pos: pos}, true
}

// looksLikeFamily: a font value without a path separator or a font file
// extension ("Noto Serif CJK SC", "方正书宋_GBK") names an installed font.
func looksLikeFamily(s string) bool {
	if strings.ContainsAny(s, `/\`) {
		return false
	}
	switch strings.ToLower(filepath.Ext(s)) {
	case ".ttf", ".otf", ".ttc", ".otc", ".woff", ".woff2", ".pfb", ".pfa":
		return false
	}
	return true
}
