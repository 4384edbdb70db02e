package issue

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/paiban/paiban/diag"
)

// YAML front matter, as Hugo, Jekyll, Obsidian, Typora and pandoc write
// it: a first line "---", lines "key: value", and a closing "---" (or
// "..."). Its title, subtitle, kicker and byline are read as the TOML
// front matter's (author is the byline when there is none); other keys
// (date, tags, layout …) are left out with a warning.

var yamlKeyRe = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$`)

// yamlFrontMatter finds YAML front matter at the top of lines: the index
// of its closing line (-1 when there is none) and the same keys written as
// TOML, one line for each of its lines (so that positions stay), for
// parseMarkdown to read as it reads +++ front matter; bad says an error
// was reported (a title that is not a string: no "no title" error then).
func yamlFrontMatter(file string, lines []string, d *diag.List) (end int, src string, bad bool) {
	if len(lines) < 3 || strings.TrimRight(lines[0], " \t") != "---" {
		return -1, "", false
	}
	end = -1
	for i := 1; i < len(lines); i++ {
		if l := strings.TrimRight(lines[i], " \t"); l == "---" || l == "..." {
			end = i
			break
		}
		if l := strings.TrimSpace(lines[i]); l != "" && !strings.HasPrefix(l, "#") && !yamlKeyRe.MatchString(lines[i]) &&
			!strings.HasPrefix(lines[i], " ") && !strings.HasPrefix(lines[i], "\t") && !strings.HasPrefix(l, "- ") {
			return -1, "", false // not "key: value": a thematic break and text
		}
	}
	if end < 2 {
		return -1, "", false
	}
	out := make([]string, end-1)
	hasByline := false
	for _, l := range lines[1:end] {
		if m := yamlKeyRe.FindStringSubmatch(l); m != nil && m[1] == "byline" {
			hasByline = true
		}
	}
	for i, l := range lines[1:end] {
		m := yamlKeyRe.FindStringSubmatch(l)
		if m == nil {
			continue // a list item or a continuation of a key left out
		}
		key, val := m[1], m[2]
		if key == "author" && !hasByline {
			key = "byline"
		}
		switch key {
		case "title", "subtitle", "kicker", "byline":
			v, ok := yamlScalar(val)
			if !ok {
				d.Errorf(file, i+2, "front matter: %s must be a single-line string", key)
				bad = true
				continue
			}
			out[i] = key + " = " + strconv.Quote(v)
		default:
			d.Warnf(file, i+2, "front matter: %q is not used (paiban reads title, subtitle, kicker, byline and author): left out", m[1])
		}
	}
	return end, strings.Join(out, "\n"), bad
}

// yamlScalar is the string of a one-line YAML scalar: plain (a # comment
// after a space left out), 'single' or "double" quoted; ok is false for
// none, a block (| or >), a list or a map.
func yamlScalar(v string) (string, bool) {
	switch {
	case v == "" || v == "|" || v == ">" || strings.HasPrefix(v, "[") || strings.HasPrefix(v, "{") ||
		strings.HasPrefix(v, "|") || strings.HasPrefix(v, ">"):
		return "", false
	case strings.HasPrefix(v, `"`):
		if s, err := strconv.Unquote(v); err == nil {
			return s, true
		}
		if len(v) >= 2 && strings.HasSuffix(v, `"`) {
			return v[1 : len(v)-1], true
		}
		return "", false
	case strings.HasPrefix(v, "'"):
		if len(v) >= 2 && strings.HasSuffix(v, "'") {
			return strings.ReplaceAll(v[1:len(v)-1], "''", "'"), true
		}
		return "", false
	}
	if k := strings.Index(v, " #"); k >= 0 {
		v = strings.TrimSpace(v[:k])
	}
	return v, v != ""
}
