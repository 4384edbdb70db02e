package issue

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/paiban/paiban/diag"
)

// The locator records the column of every key and value, in characters,
// so a plan diagnostic can point at what is wrong.
func TestLocateColumns(t *testing.T) {
	src := "[issue]\ntitle = \"月刊\"  # 注释\n  number = 3\n[[page]]\nslots = [\"01\",  \"02\"]\nsection = \"卷首\"; x = 1\n"
	loc := locateKeys(src)
	for _, c := range []struct {
		path       []string
		key, value int
	}{
		{[]string{"issue", "title"}, 1, 9},
		{[]string{"issue", "number"}, 3, 12},
		{[]string{"page", idx(0), "slots"}, 1, 9},
		{[]string{"page", idx(0), "slots", idx(1)}, 17, 17},
		{[]string{"page", idx(0), "section"}, 1, 11},
	} {
		k, v := loc.columns(c.path...)
		if k != c.key || v != c.value {
			t.Errorf("%q: key column %d, value column %d; want %d, %d", c.path, k, v, c.key, c.value)
		}
	}
}

// A wrong value and an unknown key are reported at their columns.
func TestPlanDiagnosticColumns(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.toml")
	src := "[issue]\ntitle = \"月刊\"\nnumber = \"1\"\n\n[paper]\ntrim = 210\n  colour = \"red\"\ninner_pages = 4\n"
	if err := os.WriteFile(plan, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, d := Load(plan)
	want := map[int]int{6: 8, 7: 3} // trim's value; the unknown key
	for _, x := range d {
		if c, ok := want[x.Line]; ok && x.Severity == diag.Error {
			if x.Column != c {
				t.Errorf("%s: column %d, want %d", x, x.Column, c)
			}
			delete(want, x.Line)
		}
	}
	for l := range want {
		t.Errorf("no error at line %d: %v", l, d)
	}
}
