package issue

// Reading the plan's TOML tables: typed values with their source lines and
// columns, unknown keys suggested by edit distance, values described in
// messages.

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paiban/paiban/units"
)

// table is one TOML table of the plan with its key path for positions.
type table struct {
	r    *planReader
	m    map[string]any
	path []string
	name string // for messages: "[paper]", "[[page]]", "[paper] margins"
}

func (t *table) key(k string) []string { return append(append([]string(nil), t.path...), k) }

// line returns the line of key k, or of the table when k is absent; at least 1.
func (t *table) line(k string) int {
	if l := t.r.loc.exact(t.key(k)...); l > 0 {
		return l
	}
	return t.self()
}

// self returns the line of the table itself; at least 1.
func (t *table) self() int {
	if len(t.path) > 0 {
		if l := t.r.loc.line(t.path...); l > 0 {
			return l
		}
	}
	return 1
}

func (t *table) has(k string) bool {
	if t == nil || t.m == nil {
		return false
	}
	_, ok := t.m[k]
	return ok
}

func (t *table) errf(k string, format string, args ...any) {
	t.r.d.ErrorAt(t.r.file, t.line(k), t.col(k, true), "%s %s", t.name, fmt.Sprintf(format, args...))
}

// col returns the column of key k (or of its value), 0 when k is absent.
func (t *table) col(k string, value bool) int {
	if t.r.loc.exact(t.key(k)...) == 0 {
		return 0
	}
	kc, vc := t.r.loc.columns(t.key(k)...)
	if value {
		return vc
	}
	return kc
}

func (t *table) typeErr(k, want string) {
	t.errf(k, "%s must be %s, not %s", k, want, describeValue(t.m[k]))
}

// check reports the keys of t that are not in allowed.
func (t *table) check(allowed ...string) {
	for _, k := range sortedKeys(t.m, t.r.loc, t.path) {
		if !contains(allowed, k) {
			t.r.d.ErrorAt(t.r.file, t.line(k), t.col(k, false), "%s", unknownKeyMsg(k, t.name, allowed))
		}
	}
}

// str returns the string at k; ok is false when absent or not a string (reported).
func (t *table) str(k string) (string, bool) {
	if !t.has(k) {
		return "", false
	}
	s, ok := t.m[k].(string)
	if !ok {
		t.typeErr(k, "a string")
	}
	for _, r := range s {
		if what := badChar(r); what != "" && ok {
			t.errf(k, "%s: %s %s", k, what, describeRune(r))
			return "", false
		}
	}
	return s, ok
}

// oneOf reads string k, which must be one of values (else an error saying
// what to use).
func (t *table) oneOf(k, use string, values ...string) (string, bool) {
	v, ok := t.str(k)
	if !ok {
		return "", false
	}
	if !contains(values, v) {
		t.errf(k, "%s = %q: %s", k, v, use)
		return "", false
	}
	return v, true
}

func (t *table) integer(k string) (int, bool) {
	if !t.has(k) {
		return 0, false
	}
	v, ok := t.m[k].(int64)
	if !ok {
		t.typeErr(k, "an integer")
		return 0, false
	}
	if v > 1<<30 || v < -(1<<30) {
		t.errf(k, "%s = %d is out of range", k, v)
		return 0, false
	}
	return int(v), true
}

func (t *table) boolean(k string) (bool, bool) {
	if !t.has(k) {
		return false, false
	}
	v, ok := t.m[k].(bool)
	if !ok {
		t.typeErr(k, "true or false")
	}
	return v, ok
}

// length returns the length at k; em is the size of one em, 0 to forbid it.
func (t *table) length(k string, em units.Length, def units.Length) (units.Length, bool) {
	if !t.has(k) {
		return def, true
	}
	s, ok := t.m[k].(string)
	if !ok {
		ex := map[string]string{"size": `"10pt"`, "leading": `"17pt"`, "column_gap": `"2em"`, "bleed": `"3mm"`}[k]
		if ex == "" {
			ex = `"20mm"`
		}
		t.typeErr(k, "a length string with a unit, such as "+ex)
		return def, false
	}
	l, err := units.Parse(s, em)
	if err != nil {
		t.errf(k, "%s: %v", k, err)
		return def, false
	}
	return l, true
}

// sub returns the table at key k; ok is false when absent or not a table (reported).
func (t *table) sub(k, name, want string) (*table, bool) {
	if !t.has(k) {
		return nil, false
	}
	m, ok := t.m[k].(map[string]any)
	if !ok {
		t.typeErr(k, want)
		return nil, false
	}
	return &table{r: t.r, m: m, path: t.key(k), name: name}, true
}

// sortedKeys returns the keys of m in document order (by line, then name).
func sortedKeys(m map[string]any, loc *keyLocator, prefix []string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	line := func(k string) int { return loc.exact(append(append([]string(nil), prefix...), k)...) }
	sort.Slice(keys, func(i, j int) bool {
		li, lj := line(keys[i]), line(keys[j])
		if li != lj {
			return li < lj
		}
		return keys[i] < keys[j]
	})
	return keys
}

// unknownKeyMsg words an unknown key, suggesting a near miss.
func unknownKeyMsg(k, where string, allowed []string) string {
	msg := fmt.Sprintf("unknown key %q", k)
	if where != "" {
		msg += " in " + where
	}
	best, bestD := "", 3
	for _, a := range allowed {
		d := editDistance(strings.ToLower(k), a)
		if d < bestD {
			best, bestD = a, d
		}
	}
	if best != "" {
		msg += fmt.Sprintf("; did you mean %q?", best)
	} else {
		msg += " (known keys: " + strings.Join(allowed, ", ") + ")"
	}
	return msg
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// tomlTypeName names the TOML type of a decoded value.
func tomlTypeName(v any) string {
	switch x := v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case time.Time:
		switch x.Location().String() {
		case "date-local":
			return "a date"
		case "time-local":
			return "a time"
		}
		return "a date-time"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// describeValue names the type of v and shows short scalar values.
func describeValue(v any) string {
	name := tomlTypeName(v)
	switch x := v.(type) {
	case string:
		if utf8.RuneCountInString(x) > 30 {
			x = string([]rune(x)[:30]) + "…"
		}
		return fmt.Sprintf("%s (%q)", name, x)
	case int64, float64, bool:
		return fmt.Sprintf("%s (%v)", name, x)
	}
	return name
}

func firstRuneOf(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
