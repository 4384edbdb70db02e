package fonts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A character no configured font has: the installed fonts that have it are
// found by their character maps (TrueType and CFF, single files and
// collections), simplified-Chinese faces first.
func TestScanInstalled(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	for _, name := range []string{"serif-sub.ttf", "cff.otf", "cff.otc", "pair.ttc"} {
		if err := os.WriteFile(filepath.Join(dir, "sub", name), readFixture(t, name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "sub", "notes.txt"), []byte("not a font"), 0o644)
	faces := ScanInstalled([]string{dir, filepath.Join(dir, "missing")})
	byFile := map[string]int{}
	cff := 0
	for _, f := range faces {
		byFile[filepath.Base(f.Path)]++
		if f.CFF {
			cff++
		}
		if f.Family == "" {
			t.Errorf("%s#%d: no family name", f.Path, f.Index)
		}
	}
	if byFile["serif-sub.ttf"] != 1 || byFile["cff.otf"] != 1 || byFile["cff.otc"] < 1 || byFile["pair.ttc"] != 2 {
		t.Fatalf("faces per file: %v", byFile)
	}
	if cff < 2 {
		t.Errorf("%d CFF faces, want the .otf and the .otc's", cff)
	}
	serif, err := Parse("serif", readFixture(t, "serif-sub.ttf"), 0)
	if err != nil {
		t.Fatal(err)
	}
	for r := rune(0x4e00); r < 0x9fff; r++ {
		if serif.Has(r) {
			s := Suggest(faces, r, 5)
			if len(s) == 0 || strings.Contains(s[0], "CFF") || !strings.Contains(s[0], "Noto Serif SC") {
				t.Errorf("Suggest(%q) = %v, want a TrueType Noto Serif SC first", r, s)
			}
			break
		}
	}
	if s := Suggest(faces, 0x10FFFD, 5); len(s) != 0 {
		t.Errorf("a character no font has: %v", s)
	}
}

// A font role may name an installed font by family and style, as
// fontconfig does: "Noto Sans SC Bold" is that face of that family; the
// family alone is its Regular face.
func TestFindFamily(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"serif-sub.ttf", "pair.ttc", "cff.otf"} {
		if err := os.WriteFile(filepath.Join(dir, name), readFixture(t, name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	faces := ScanInstalled([]string{dir})
	in, _, ok := FindFamily(faces, "noto  sans SC bold")
	if !ok || in.Style != "Bold" || !strings.HasSuffix(in.Path, "pair.ttc") || in.Index != 1 {
		t.Errorf("Noto Sans SC Bold: %+v %v", in, ok)
	}
	if in, _, ok := FindFamily(faces, "Noto Serif SC"); !ok || in.Style != "Regular" {
		t.Errorf("Noto Serif SC: %+v %v", in, ok)
	}
	if _, near, ok := FindFamily(faces, "Noto Serif XX"); ok || len(near) == 0 {
		t.Errorf("Noto Serif XX found (%v) or nothing near: %v", ok, near)
	}
	if _, f, err := loadInstalled(faces, "Noto Sans SC Bold"); err != nil || !f.Has('中') {
		t.Errorf("load by family: %v", err)
	}
}

func loadInstalled(faces []Installed, name string) (Installed, *Face, error) {
	in, _, _ := FindFamily(faces, name)
	f, err := Load(in.Path, in.Index)
	return in, f, err
}

// A family without a Regular face, named alone, is its face closest to
// regular, as fontconfig picks it: "AR PL UMing CN" is its Light face (it
// was "no installed font is named", with AR PL UMing CN Light listed).
func TestFindFamilyWithoutRegular(t *testing.T) {
	faces := []Installed{
		{Family: "AR PL UMing CN", Style: "Light", Path: "uming.ttc", Index: 0},
		{Family: "AR PL UKai CN", Style: "Bold", Path: "x.ttc", Index: 1},
		{Family: "AR PL UKai CN", Style: "Book", Path: "ukai.ttc", Index: 0},
		{Family: "Only Bold", Style: "Bold", Path: "b.ttf"},
	}
	for name, want := range map[string]string{"AR PL UMing CN": "Light", "ar pl ukai cn": "Book", "AR PL UKai CN Bold": "Bold"} {
		if in, _, ok := FindFamily(faces, name); !ok || in.Style != want {
			t.Errorf("%s: %+v %v, want %s", name, in, ok, want)
		}
	}
	if in, _, ok := FindFamily(faces, "Only Bold"); ok {
		t.Errorf("a bold face taken for the family: %+v", in)
	}
}
