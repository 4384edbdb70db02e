package fonts

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"unicode/utf16"
)

// Installed fonts: when a character is in no configured font, the message
// names the fonts installed on this machine that have it, so the fix is one
// line of the plan. Only the table directory, cmap, maxp and name tables of
// each face are read (a 26 MB Noto CJK collection costs a few hundred KB),
// and only when a character is missing.

// Installed is one face of an installed font file.
type Installed struct {
	Path   string
	Index  int // face index in a collection (.ttc, .otc); 0 otherwise
	Family string
	Style  string
	CFF    bool // CFF (PostScript) outlines

	face *Face // its character map only
}

// Has reports whether the face maps r.
func (in Installed) Has(r rune) bool { return in.face.Has(r) }

// Ref is how a plan names the face: "path" or "path#index".
func (in Installed) Ref() string {
	if in.Index > 0 || strings.HasSuffix(strings.ToLower(in.Path), ".ttc") || strings.HasSuffix(strings.ToLower(in.Path), ".otc") {
		return fmt.Sprintf("%s#%d", in.Path, in.Index)
	}
	return in.Path
}

// SystemFontDirs are where installed fonts are looked for: fontconfig's
// usual directories on Linux, the Library on macOS, Windows' Fonts.
func SystemFontDirs() []string {
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "darwin":
		return []string{"/System/Library/Fonts", "/Library/Fonts", filepath.Join(home, "Library", "Fonts")}
	case "windows":
		return []string{filepath.Join(os.Getenv("WINDIR"), "Fonts"), filepath.Join(os.Getenv("LOCALAPPDATA"), "Microsoft", "Windows", "Fonts")}
	}
	dirs := []string{"/usr/share/fonts", "/usr/local/share/fonts"}
	if home != "" {
		dirs = append(dirs, filepath.Join(home, ".local", "share", "fonts"), filepath.Join(home, ".fonts"))
	}
	return dirs
}

// maxScanFiles bounds a scan of font directories.
const maxScanFiles = 5000

// ScanInstalled reads the faces of the font files (.ttf .otf .ttc .otc)
// under dirs, in path order. Files it cannot read are skipped.
func ScanInstalled(dirs []string) []Installed {
	var paths []string
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || len(paths) >= maxScanFiles {
				return nil
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".ttf", ".otf", ".ttc", ".otc":
				if d.Type().IsRegular() {
					paths = append(paths, p)
				}
			}
			return nil
		})
	}
	sort.Strings(paths)
	var out []Installed
	for _, p := range paths {
		out = append(out, scanFile(p)...)
	}
	return out
}

// scanFile reads the faces of one font file.
func scanFile(path string) []Installed {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	head := make([]byte, 12)
	if _, err := f.ReadAt(head, 0); err != nil {
		return nil
	}
	offsets := []int64{0}
	if string(head[:4]) == "ttcf" {
		n := int(u32(head[8:]))
		if n <= 0 || n > maxFaces {
			return nil
		}
		b := make([]byte, 4*n)
		if _, err := f.ReadAt(b, 12); err != nil {
			return nil
		}
		offsets = offsets[:0]
		for i := 0; i < n; i++ {
			offsets = append(offsets, int64(u32(b[4*i:])))
		}
	}
	var out []Installed
	for i, off := range offsets {
		if in, err := scanFace(f, off); err == nil {
			in.Path, in.Index = path, i
			out = append(out, in)
		}
	}
	return out
}

// scanFace reads the character map and names of the face whose table
// directory is at off.
func scanFace(r io.ReaderAt, off int64) (Installed, error) {
	hdr := make([]byte, 12)
	if _, err := r.ReadAt(hdr, off); err != nil {
		return Installed{}, err
	}
	n := int(u16(hdr[4:]))
	if n == 0 || n > maxTables {
		return Installed{}, errors.New("implausible table count")
	}
	dir := make([]byte, 16*n)
	if _, err := r.ReadAt(dir, off+12); err != nil {
		return Installed{}, err
	}
	tables := map[string][]byte{}
	cff := string(hdr[:4]) == "OTTO"
	for i := 0; i < n; i++ {
		rec := dir[16*i:]
		tag, toff, tlen := string(rec[:4]), int64(u32(rec[8:])), int64(u32(rec[12:]))
		switch tag {
		case "CFF ", "CFF2":
			cff = true
		case "cmap", "maxp", "name":
			if tlen > 16<<20 {
				return Installed{}, errors.New("table too large")
			}
			b := make([]byte, tlen)
			if _, err := r.ReadAt(b, toff); err != nil {
				return Installed{}, err
			}
			tables[tag] = b
		}
	}
	if tables["cmap"] == nil || len(tables["maxp"]) < 6 {
		return Installed{}, errors.New("no cmap or maxp")
	}
	face := &Face{Name: "scan", numGlyphs: int(u16(tables["maxp"][4:]))}
	if err := face.parseCmap(tables["cmap"]); err != nil {
		return Installed{}, err
	}
	family := nameString(tables["name"], 16)
	if family == "" {
		family = nameString(tables["name"], 1)
	}
	style := nameString(tables["name"], 17)
	if style == "" {
		style = nameString(tables["name"], 2)
	}
	return Installed{Family: family, Style: style, CFF: cff, face: face}, nil
}

// nameString reads name id (Windows Unicode, preferring English, else
// Macintosh Roman), or "".
func nameString(t []byte, id uint16) string {
	if len(t) < 6 {
		return ""
	}
	n := int(u16(t[2:]))
	strOff := int(u16(t[4:]))
	var best, mac string
	for i := 0; i < n && 6+12*i+12 <= len(t); i++ {
		rec := t[6+12*i:]
		pid, eid, lang := u16(rec), u16(rec[2:]), u16(rec[4:])
		ln, off := int(u16(rec[8:])), int(u16(rec[10:]))
		if u16(rec[6:]) != id || strOff+off+ln > len(t) {
			continue
		}
		s := t[strOff+off : strOff+off+ln]
		if pid == 3 && (eid == 1 || eid == 0) {
			u := make([]uint16, len(s)/2)
			for j := range u {
				u[j] = u16(s[2*j:])
			}
			if str := string(utf16.Decode(u)); best == "" || lang == 0x409 {
				best = str
			}
		}
		if pid == 1 && eid == 0 && mac == "" {
			mac = string(s)
		}
	}
	if best != "" {
		return best
	}
	return mac
}

// Suggest names, for a character, the installed faces that have it
// (TrueType and CFF alike), simplified-Chinese faces first, at most max of
// them: "Droid Sans Fallback (/usr/share/…/DroidSansFallbackFull.ttf)".
func Suggest(faces []Installed, r rune, max int) []string {
	var out []string
	seen := map[string]bool{}
	// simplified-Chinese faces first (SC, CN, GB, Hans in the family)
	sc := func(in Installed) bool {
		f := in.Family
		return strings.Contains(f, " SC") || strings.Contains(f, " CN") || strings.Contains(f, "GB") || strings.Contains(f, "Hans")
	}
	ordered := make([]Installed, 0, len(faces))
	for _, in := range faces {
		if sc(in) {
			ordered = append(ordered, in)
		}
	}
	for _, in := range faces {
		if !sc(in) {
			ordered = append(ordered, in)
		}
	}
	for _, in := range ordered {
		if !in.Has(r) {
			continue
		}
		name := strings.TrimSpace(in.Family + " " + in.Style)
		if seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, fmt.Sprintf("%s (%s)", name, in.Ref()))
	}
	if len(out) > max {
		out = out[:max]
	}
	return out
}

// FindFamily finds the installed face named by family and style, the way
// fontconfig matches "Noto Sans CJK SC Bold": the family alone means its
// Regular face (or, when it has none, its Book, Medium or Light face); the
// family followed by a style means that face. Case and
// spacing are ignored. It returns the closest family names when nothing
// matches.
func FindFamily(faces []Installed, name string) (Installed, []string, bool) {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	want := norm(name)
	for _, in := range faces {
		fam, style := norm(in.Family), norm(in.Style)
		if want == fam+" "+style || want == fam && (style == "regular" || style == "") {
			return in, nil, true
		}
	}
	// a family without a Regular face (AR PL UMing CN has only Light, the
	// AR PL UKai faces only Book): the family alone means the face closest
	// to regular, as fontconfig picks it
	rank := func(style string) int {
		for i, s := range []string{"book", "normal", "roman", "medium", "light", "regular light", "semilight", "demilight"} {
			if style == s {
				return i
			}
		}
		return -1
	}
	best, bestRank := -1, 0
	for i, in := range faces {
		if norm(in.Family) != want {
			continue
		}
		if r := rank(norm(in.Style)); r >= 0 && (best < 0 || r < bestRank || r == bestRank && in.Style < faces[best].Style) {
			best, bestRank = i, r
		}
	}
	if best >= 0 {
		return faces[best], nil, true
	}
	// the closest: families sharing the first word, or containing the name
	first := strings.Fields(want)
	seen := map[string]bool{}
	var near []string
	for _, in := range faces {
		full := strings.TrimSpace(in.Family + " " + in.Style)
		fam := norm(in.Family)
		if seen[full] || len(first) == 0 || !strings.HasPrefix(fam, first[0]) && !strings.Contains(fam, want) {
			continue
		}
		seen[full] = true
		near = append(near, full)
	}
	sort.Strings(near)
	if len(near) > 6 {
		near = near[:6]
	}
	return Installed{}, near, false
}
