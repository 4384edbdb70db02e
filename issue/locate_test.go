package issue

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestLocateKeys(t *testing.T) {
	const src = "\ufeff# [not] a = header\n" + // 1
		`top = 1` + "\n" + // 2
		`[issue]  # comment [x]` + "\n" + // 3
		`title = """` + "\n" + // 4
		`[paper]` + "\n" + // 5
		`fake = 1"""` + "\n" + // 6
		`"quoted key" = 'lit [x]'` + "\n" + // 7
		`dotted . key = 2` + "\n" + // 8
		`[paper]` + "\n" + // 9
		`margins = { top = "1mm",` + "\n" + // 10
		`  bottom = "2mm" }` + "\n" + // 11
		`trim = '''` + "\n" + // 12
		`x = 1''''` + "\n" + // 13
		`[fonts]` + "\n" + // 14
		`fallback = [` + "\n" + // 15
		`  "a.ttf", # one` + "\n" + // 16
		`  { file = "b.ttc", index = 1 },` + "\n" + // 17
		`]` + "\n" + // 18
		`[[page]]` + "\n" + // 19
		`slots = "01"` + "\n" + // 20
		`[[page]]` + "\n" + // 21
		"\n" + // 22
		`slots = "02"` + "\n" + // 23
		`content = ["a", "b\"]",` + "\n" + // 24
		`  "c"]` + "\n" + // 25
		`[page.sub]` + "\n" + // 26
		`k = 1979-05-27 07:32:00` + "\n" + // 27
		`[[page.list]]` + "\n" + // 28
		`v = 1` + "\n" + // 29
		`[[page]]` + "\n" + // 30
		`slots = "03"` + "\n" // 31
	var m map[string]any
	if _, err := toml.Decode(src, &m); err != nil {
		t.Fatalf("the test document is not valid TOML: %v", err)
	}
	loc := locateKeys(src)
	for _, c := range []struct {
		path []string
		line int
	}{
		{[]string{"top"}, 2},
		{[]string{"issue"}, 3},
		{[]string{"issue", "title"}, 4},
		{[]string{"issue", "fake"}, 0},
		{[]string{"paper", "fake"}, 0},
		{[]string{"issue", "quoted key"}, 7},
		{[]string{"issue", "dotted"}, 8},
		{[]string{"issue", "dotted", "key"}, 8},
		{[]string{"paper"}, 9},
		{[]string{"paper", "margins"}, 10},
		{[]string{"paper", "margins", "top"}, 10},
		{[]string{"paper", "margins", "bottom"}, 11},
		{[]string{"paper", "trim"}, 12},
		{[]string{"paper", "x"}, 0},
		{[]string{"fonts", "fallback"}, 15},
		{[]string{"fonts", "fallback", idx(0)}, 16},
		{[]string{"fonts", "fallback", idx(1)}, 17},
		{[]string{"fonts", "fallback", idx(1), "index"}, 17},
		{[]string{"page"}, 19},
		{[]string{"page", idx(0)}, 19},
		{[]string{"page", idx(0), "slots"}, 20},
		{[]string{"page", idx(1)}, 21},
		{[]string{"page", idx(1), "slots"}, 23},
		{[]string{"page", idx(1), "content", idx(1)}, 24},
		{[]string{"page", idx(1), "content", idx(2)}, 25},
		{[]string{"page", idx(1), "sub", "k"}, 27},
		{[]string{"page", idx(1), "list", idx(0), "v"}, 29},
		{[]string{"page", idx(2), "slots"}, 31},
	} {
		if got := loc.exact(c.path...); got != c.line {
			t.Errorf("%q: line %d, want %d", c.path, got, c.line)
		}
	}
	if got := loc.line("page", idx(2), "missing"); got != 30 {
		t.Errorf("fallback to parent: %d", got)
	}
}

// FuzzLocateKeys checks that the scanner terminates and does not panic on
// any input, valid TOML or not.
func FuzzLocateKeys(f *testing.F) {
	for _, s := range []string{"[a]\nb = 1\n", "[[p]]\nx = [1, {y = 2}]\n", "a = \"\"\"\n\"\"\"\"\"", "x = '''", "[", "{", "a.b.\"c\" = {", "a = [", "a = [}\n]]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		locateKeys(s)
	})
}

// A plan nested ever deeper is refused at its line, in memory linear in its
// size: the key locator used to take the square of the depth (3.8 GB for
// a 40 KB plan), and the TOML library takes the square of a dotted key's
// length, so the depth is checked before the library reads the plan.
func TestDeepPlanIsAnError(t *testing.T) {
	const depth = 5000
	for name, src := range map[string]string{
		"arrays":       "[issue]\ntitle = \"x\"\nx = " + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "\n",
		"inline table": "[issue]\ntitle = \"x\"\nx = " + strings.Repeat("{a=", depth) + "1" + strings.Repeat("}", depth) + "\n",
		"dotted key":   "[issue]\ntitle = \"x\"\n" + strings.Repeat("a.", depth) + "a = 1\n",
		"header":       "[issue]\ntitle = \"x\"\n[" + strings.Repeat("a.", depth) + "a]\n",
		"array header": "[issue]\ntitle = \"x\"\n[[" + strings.Repeat("a.", depth) + "a]]\n",
	} {
		plan := filepath.Join(t.TempDir(), "plan.toml")
		if err := os.WriteFile(plan, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		is, d := Load(plan)
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
			t.Errorf("%s: loading a %d-byte plan allocated %d MB", name, len(src), alloc>>20)
		}
		want := plan + ":3: keys, tables and arrays nested more than 32 levels deep"
		if is != nil || len(d) != 1 || !strings.HasPrefix(d[0].String(), want) {
			t.Errorf("%s: got %v, want %q", name, d, want)
		}
	}
}
