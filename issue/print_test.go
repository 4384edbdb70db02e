package issue

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paiban/paiban/raster/icc/icctest"
)

// fakeICC returns a profile header (all that CheckOutputProfile reads) of
// the given class and colour space.
func fakeICC(class, space string) []byte {
	b := make([]byte, 200)
	binary.BigEndian.PutUint32(b, uint32(len(b)))
	copy(b[12:], class)
	copy(b[16:], space)
	copy(b[36:], "acsp")
	return b
}

func TestPrintDefaults(t *testing.T) {
	is, d := Load(planDir(t, head+pageA))
	if d.HasErrors() {
		t.Fatalf("errors:\n%s", listString(d))
	}
	p := is.Print
	if p.Condition != "FOGRA39" || p.Profile != nil || p.Marks || !p.ConvertRGB || p.MinPPIWarn != 300 || p.MinPPIError != 150 ||
		p.JPEGQuality != 90 || p.Lossless {
		t.Errorf("defaults: %+v", p)
	}
}

func TestPrintKeys(t *testing.T) {
	path := planDir(t, head+`[print]
condition = "japan color 2001 coated"
profile = "press.icc"
marks = true
convert_rgb = false
min_ppi_warn = 250
min_ppi_error = 0
jpeg_quality = 80
lossless = true
`+pageA)
	if err := os.WriteFile(filepath.Join(filepath.Dir(path), "press.icc"), icctest.CMYK(), 0o644); err != nil {
		t.Fatal(err)
	}
	is, d := Load(path)
	if d.HasErrors() {
		t.Fatalf("errors:\n%s", listString(d))
	}
	p := is.Print
	if p.Condition != "JC200103" || len(p.Profile) != len(icctest.CMYK()) ||
		p.ProfilePath != filepath.Join(filepath.Dir(path), "press.icc") || !p.Marks || p.ConvertRGB ||
		p.MinPPIWarn != 250 || p.MinPPIError != 0 || p.Pos.Line != 7 || p.JPEGQuality != 80 || !p.Lossless {
		t.Errorf("print: %+v", p)
	}
	for name, want := range map[string]string{"GRACoL": "CGATS21_CRPC6", "fogra51": "FOGRA51", "CGATS21": "CGATS21_CRPC6", "FOGRA39": "FOGRA39", "swop": "CGATS TR 001"} {
		if c, ok := LookupCondition(name); !ok || c.ID != want {
			t.Errorf("LookupCondition(%q) = %q %v, want %q", name, c.ID, ok, want)
		}
	}
}

// A condition that is not registered is fine with a profile that
// describes it, and an error without one.
func TestPrintCustomCondition(t *testing.T) {
	path := planDir(t, head+"[print]\ncondition = \"Our press 2026\"\nprofile = \"press.icc\"\n"+pageA)
	os.WriteFile(filepath.Join(filepath.Dir(path), "press.icc"), icctest.CMYK(), 0o644)
	is, d := Load(path)
	if d.HasErrors() {
		t.Fatalf("errors:\n%s", listString(d))
	}
	if p := is.Print; p.Condition != "Our press 2026" || p.Profile == nil {
		t.Errorf("print: %+v", p)
	}
}

func TestPrintErrors(t *testing.T) {
	cases := []struct {
		name string
		plan string
		icc  []byte
		want []wantDiag
	}{
		{"unknown key", "[print]\nmark = true\n", nil,
			[]wantDiag{{8, `unknown key "mark" in [print]; did you mean "marks"?`}}},
		{"unknown condition", "[print]\ncondition = \"FOGRA99\"\n", nil,
			[]wantDiag{{8, `unknown output condition "FOGRA99": known conditions are "CGATS TR 001", "CGATS TR 006", "CGATS21_CRPC6", "FOGRA39"`}}},
		{"empty condition", "[print]\ncondition = \" \"\n", nil,
			[]wantDiag{{8, "condition is empty"}}},
		{"non-ASCII condition", "[print]\ncondition = \"日本\"\nprofile = \"p.icc\"\n", icctest.CMYK(),
			[]wantDiag{{8, "must be printable ASCII"}}},
		{"missing profile", "[print]\nprofile = \"none.icc\"\n", nil,
			[]wantDiag{{8, "profile: file not found: DIR/none.icc"}}},
		{"RGB profile", "[print]\nprofile = \"p.icc\"\n", fakeICC("mntr", "RGB "),
			[]wantDiag{{8, `colour space is "RGB", not CMYK`}}},
		{"input profile", "[print]\nprofile = \"p.icc\"\n", fakeICC("scnr", "CMYK"),
			[]wantDiag{{8, `class is "scnr", not 'prtr'`}}},
		{"profile without tables", "[print]\nprofile = \"p.icc\"\n", fakeICC("prtr", "CMYK"),
			[]wantDiag{{8, "images cannot be converted with it"}}},
		{"bad intent", "[print]\nintent = \"saturation\"\n", nil,
			[]wantDiag{{8, `intent "saturation" is not known: "perceptual" (the default) or "relative"`}}},
		{"ink limit out of range", "[print]\nink_limit = 450\n", nil,
			[]wantDiag{{8, "ink_limit = 450 is out of range (180 … 400"}}},
		{"not a profile", "[print]\nprofile = \"p.icc\"\n", []byte("hello"),
			[]wantDiag{{8, "not an ICC profile"}}},
		{"truncated profile", "[print]\nprofile = \"p.icc\"\n", fakeICC("prtr", "CMYK")[:150],
			[]wantDiag{{8, "the ICC header says 200 bytes, the file has 150"}}},
		{"wrong types", "[print]\nmarks = \"yes\"\nconvert_rgb = 1\nmin_ppi_warn = \"300\"\n", nil,
			[]wantDiag{{8, `[print] marks must be true or false, not a string ("yes")`}, {9, "convert_rgb must be true or false"}, {10, "min_ppi_warn must be an integer"}}},
		{"ppi out of range", "[print]\nmin_ppi_error = -1\n", nil,
			[]wantDiag{{8, "min_ppi_error = -1 is out of range"}}},
		{"jpeg quality out of range", "[print]\njpeg_quality = 0\nlossless = \"no\"\n", nil,
			[]wantDiag{{8, "jpeg_quality = 0 is out of range (1 … 100"}, {9, "lossless must be true or false"}}},
		{"error above warn", "[print]\nmin_ppi_warn = 200\nmin_ppi_error = 250\n", nil,
			[]wantDiag{{9, "min_ppi_error = 250 is more than min_ppi_warn = 200"}}},
		{"default error above warn", "[print]\nmin_ppi_warn = 100\n", nil,
			[]wantDiag{{8, "min_ppi_error = 150 is more than min_ppi_warn = 100"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := planDir(t, head+c.plan+pageA)
			dir := filepath.Dir(path)
			if c.icc != nil {
				os.WriteFile(filepath.Join(dir, "p.icc"), c.icc, 0o644)
			}
			_, d := Load(path)
			errs := d.Errors()
			for _, w := range c.want {
				msg := strings.ReplaceAll(w.msg, "DIR/", dir+"/")
				found := false
				for _, e := range errs {
					if e.File == path && e.Line == w.line && strings.Contains(e.Message, msg) {
						found = true
					}
				}
				if !found {
					t.Errorf("missing error %d: %s\ngot:\n%s", w.line, msg, listString(errs))
				}
			}
			if len(errs) != len(c.want) {
				t.Errorf("got %d errors, want %d:\n%s", len(errs), len(c.want), listString(errs))
			}
		})
	}
}

// The ink limit comes from the condition's table entry unless ink_limit
// gives one; the intent is perceptual unless relative is asked for.
func TestPrintInkLimitAndIntent(t *testing.T) {
	for _, c := range []struct {
		print  string
		limit  int
		from   string
		intent string
	}{
		{"", 330, "FOGRA39: ECI ISO Coated v2", "perceptual"},
		{"[print]\ncondition = \"FOGRA47\"\n", 260, "FOGRA47: uncoated", "perceptual"},
		{"[print]\ncondition = \"newsprint\"\nintent = \"relative\"\n", 240, "IFRA26: ISO 12647-3", "relative"},
		{"[print]\ncondition = \"FOGRA51\"\nink_limit = 280\n", 280, "[print] ink_limit", "perceptual"},
	} {
		is, d := Load(planDir(t, head+c.print+pageA))
		if d.HasErrors() {
			t.Fatalf("%q: errors:\n%s", c.print, listString(d))
		}
		p := is.Print
		if p.InkLimit != c.limit || !strings.HasPrefix(p.InkLimitFrom, c.from) || p.Intent != c.intent {
			t.Errorf("%q: ink limit %d from %q, intent %q; want %d from %q…, %q", c.print, p.InkLimit, p.InkLimitFrom, p.Intent, c.limit, c.from, c.intent)
		}
	}
	for _, c := range Conditions {
		if c.InkLimit < 240 || c.InkLimit > 330 || c.Source == "" {
			t.Errorf("condition %s: ink limit %d %%, source %q", c.ID, c.InkLimit, c.Source)
		}
	}
}
