package sample

import (
	"bytes"
	"image"
	"image/color"
	_ "image/jpeg"
	_ "image/png"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// names lists the sample's files, slash-separated, in lexical order.
func names(t *testing.T) []string {
	t.Helper()
	var out []string
	err := fs.WalkDir(Files(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "issue") // does not exist yet: Write creates it
	if err := Write(dir); err != nil {
		t.Fatalf("Write: %v", err)
	}
	for _, p := range []string{"plan.toml", "articles/qiangzhudong.txt", "images/cover.jpg"} {
		fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatalf("%s not written: %v", p, err)
		}
		if fi.Size() == 0 {
			t.Errorf("%s is empty", p)
		}
	}
	// Every embedded file, byte for byte.
	all := names(t)
	for _, p := range all {
		want, err := fs.ReadFile(Files(), p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatalf("%s not written: %v", p, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the embedded file", p)
		}
	}

	// A second Write must refuse and change nothing.
	plan := filepath.Join(dir, "plan.toml")
	if err := os.WriteFile(plan, []byte("# the user's own plan\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(dir)
	if err == nil {
		t.Fatal("second Write into the same directory succeeded; want an error")
	}
	if !strings.Contains(err.Error(), "plan.toml") || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("error %q should say that plan.toml already exists", err)
	}
	if b, _ := os.ReadFile(plan); string(b) != "# the user's own plan\n" {
		t.Error("second Write changed the existing plan.toml")
	}
}

func TestWriteRefusesOtherExistingFiles(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "articles", "shengyin.md")
	if err := os.MkdirAll(filepath.Dir(mine), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir); err == nil || !strings.Contains(err.Error(), "shengyin.md") {
		t.Fatalf("Write over an existing article: err = %v, want a refusal naming it", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "plan.toml")); err == nil {
		t.Error("a refused Write still wrote plan.toml")
	}
	if b, _ := os.ReadFile(mine); string(b) != "mine" {
		t.Error("a refused Write changed the existing article")
	}
}

func TestWriteDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := Write(a); err != nil {
		t.Fatal(err)
	}
	if err := Write(b); err != nil {
		t.Fatal(err)
	}
	for _, p := range names(t) {
		x, _ := os.ReadFile(filepath.Join(a, p))
		y, _ := os.ReadFile(filepath.Join(b, p))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two Writes", p)
		}
		fi, err := os.Stat(filepath.Join(a, p))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&^0o644 != 0 {
			t.Errorf("%s has mode %v, want at most 0644", p, fi.Mode().Perm())
		}
	}
}

// Every path the plan and the articles name must be in the sample, and every
// image must follow the print rules.
func TestContentComplete(t *testing.T) {
	have := map[string]bool{}
	for _, p := range names(t) {
		have[p] = true
	}
	plan, err := fs.ReadFile(Files(), "plan.toml")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, m := range regexp.MustCompile(`"((?:articles|images)/[^"]+)"`).FindAllStringSubmatch(string(plan), -1) {
		used[m[1]] = true
		if !have[m[1]] {
			t.Errorf("plan.toml names %s, which the sample does not have", m[1])
		}
	}
	fig := regexp.MustCompile(`!\[[^\]]*\]\(([^)]+)\)`)
	for p := range have {
		if !strings.HasPrefix(p, "articles/") || !strings.HasSuffix(p, ".md") {
			continue
		}
		b, _ := fs.ReadFile(Files(), p)
		for _, m := range fig.FindAllStringSubmatch(string(b), -1) {
			img := path.Clean(path.Join("articles", m[1]))
			used[img] = true
			if !have[img] {
				t.Errorf("%s shows %s, which the sample does not have", p, m[1])
			}
		}
	}
	if !used["articles/qiangzhudong.txt"] {
		t.Error("the plan does not use the seed article qiangzhudong.txt")
	}
}

func TestImagesPrintReady(t *testing.T) {
	var total int64
	for _, p := range names(t) {
		if !strings.HasPrefix(p, "images/") {
			continue
		}
		b, err := fs.ReadFile(Files(), p)
		if err != nil {
			t.Fatal(err)
		}
		total += int64(len(b))
		cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		base := path.Base(p)
		switch {
		case base == "fig-xinli.jpg" || base == "fig-sudi.jpg" || format == "png":
			if cfg.ColorModel != color.GrayModel {
				t.Errorf("%s: want grayscale", p)
			}
		case format == "jpeg":
			if cfg.ColorModel != color.CMYKModel {
				t.Errorf("%s: want a CMYK JPEG", p)
			}
		default:
			t.Errorf("%s: unexpected format %s", p, format)
		}
		// At least 300 ppi where placed: full pages 216x291 mm with bleed,
		// opening images 216x132 mm, column figures about 85 mm wide,
		// picture-page images 2100x1575 or 2100x2800 (picture pages may set them across
		// the whole type area, 177 mm).
		minW, minH := 0, 0
		switch {
		case format == "png":
			// fig-logo.png is placed nowhere yet
		case strings.HasPrefix(base, "open-"):
			minW, minH = 2552, 1680
		case !strings.HasPrefix(base, "fig-") && !strings.HasPrefix(base, "tugushi-") && !strings.HasPrefix(base, "xingxiang-"):
			minW, minH = 2552, 3437
		case strings.HasPrefix(base, "fig-"):
			minW = 1000
		default:
			if cfg.Width*cfg.Height < 2100*1575 {
				t.Errorf("%s: %dx%d, want 2100x1575 or 2100x2800", p, cfg.Width, cfg.Height)
			}
		}
		if cfg.Width < minW || cfg.Height < minH {
			t.Errorf("%s: %dx%d, want at least %dx%d", p, cfg.Width, cfg.Height, minW, minH)
		}
	}
	// (7 MB until picture pages set their images across the type area,
	// figures went across the type area and the bleed, and the feature
	// got its opening image: issue 15)
	if total >= 9_000_000 {
		t.Errorf("images total %d bytes, want under 9 MB", total)
	}
}
