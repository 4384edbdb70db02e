package issue

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// BurntSushi/toml v1.6.0 records the position of every key, but only in the
// unexported MetaData.keyInfo; the public API gives positions for syntax
// errors only, and its key names carry no array index (every [[page]] has the
// key "page.slots"). So once the library has accepted a document, keyLocator
// scans the same source again, knowing it is valid TOML, and records the line
// of every key, table header and array element under its full path.

// keyLocator maps a key path to the line where the key (or array element, or
// table header) appears.
type keyLocator struct {
	lines map[string]int
}

// idx is the path element of an array index; it cannot clash with a key name
// because TOML keys never contain U+0001 in practice (and it would need quoting).
func idx(i int) string { return "\x01" + strconv.Itoa(i) }

func joinPath(p []string) string { return strings.Join(p, "\x00") }

// line returns the line of path, or of its nearest recorded ancestor, or 0.
func (l *keyLocator) line(path ...string) int {
	if l == nil {
		return 0
	}
	for n := len(path); n > 0; n-- {
		if ln, ok := l.lines[joinPath(path[:n])]; ok {
			return ln
		}
	}
	return 0
}

// exact returns the line of path itself, or 0 when it is not recorded.
func (l *keyLocator) exact(path ...string) int {
	if l == nil {
		return 0
	}
	return l.lines[joinPath(path)]
}

// locateKeys scans valid TOML source and records where every key is.
func locateKeys(src string) *keyLocator {
	src = strings.TrimPrefix(src, "\ufeff")
	s := &tomlScanner{src: src, line: 1, rec: map[string]int{}, arrays: map[string]int{}}
	s.document()
	return &keyLocator{lines: s.rec}
}

type tomlScanner struct {
	src    string
	pos    int
	line   int
	rec    map[string]int
	arrays map[string]int // array-of-tables path → number of elements seen
}

func (s *tomlScanner) eof() bool { return s.pos >= len(s.src) }

func (s *tomlScanner) peek() byte {
	if s.eof() {
		return 0
	}
	return s.src[s.pos]
}

func (s *tomlScanner) advance() {
	if s.eof() {
		return
	}
	if s.src[s.pos] == '\n' {
		s.line++
	}
	s.pos++
}

func (s *tomlScanner) record(path []string, line int) {
	k := joinPath(path)
	if _, ok := s.rec[k]; !ok {
		s.rec[k] = line
	}
}

// skipSpace skips blanks and, when nl is set, newlines and comments too.
func (s *tomlScanner) skipSpace(nl bool) {
	for !s.eof() {
		switch c := s.peek(); {
		case c == ' ' || c == '\t' || c == '\r':
			s.advance()
		case c == '#':
			for !s.eof() && s.peek() != '\n' {
				s.advance()
			}
		case c == '\n' && nl:
			s.advance()
		default:
			return
		}
	}
}

func (s *tomlScanner) skipLine() {
	for !s.eof() && s.peek() != '\n' {
		s.advance()
	}
}

func (s *tomlScanner) document() {
	var current []string
	for {
		s.skipSpace(true)
		if s.eof() {
			return
		}
		start := s.pos
		line := s.line
		if s.peek() == '[' {
			array := strings.HasPrefix(s.src[s.pos:], "[[")
			s.advance()
			if array {
				s.advance()
			}
			s.skipSpace(false)
			keys := s.key()
			base := s.resolve(keys, !array)
			if array {
				k := joinPath(base)
				n := s.arrays[k]
				s.arrays[k] = n + 1
				s.record(base, line)
				base = append(base, idx(n))
			}
			s.record(base, line)
			current = base
			s.skipLine()
		} else {
			s.keyval(current)
		}
		if s.pos == start { // not valid TOML after all: never loop forever
			s.skipLine()
			s.advance()
		}
	}
}

// resolve turns header keys into a full path, stepping into the last element
// of every array of tables on the way (all of them when last is set, all but
// the final key otherwise).
func (s *tomlScanner) resolve(keys []string, last bool) []string {
	var path []string
	for i, k := range keys {
		path = append(path, k)
		if i == len(keys)-1 && !last {
			break
		}
		if n, ok := s.arrays[joinPath(path)]; ok && n > 0 {
			path = append(path, idx(n-1))
		}
	}
	return path
}

// keyval reads `key = value` and records the key and what is inside the value.
func (s *tomlScanner) keyval(prefix []string) {
	line := s.line
	keys := s.key()
	if len(keys) == 0 {
		s.skipLine()
		return
	}
	path := append(append([]string(nil), prefix...), keys...)
	for n := len(prefix) + 1; n <= len(path); n++ {
		s.record(path[:n], line)
	}
	s.skipSpace(false)
	if s.peek() != '=' {
		s.skipLine()
		return
	}
	s.advance()
	s.skipSpace(false)
	s.value(path)
}

// key reads a dotted key.
func (s *tomlScanner) key() []string {
	var keys []string
	for !s.eof() {
		s.skipSpace(false)
		switch c := s.peek(); {
		case c == '"':
			keys = append(keys, unescapeBasic(s.basicString()))
		case c == '\'':
			keys = append(keys, s.literalString())
		case isBareKeyByte(c):
			start := s.pos
			for !s.eof() && isBareKeyByte(s.peek()) {
				s.advance()
			}
			keys = append(keys, s.src[start:s.pos])
		default:
			return keys
		}
		s.skipSpace(false)
		if s.peek() != '.' {
			return keys
		}
		s.advance()
	}
	return keys
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// value skips a value, recording the keys of inline tables and the elements
// of arrays under path.
func (s *tomlScanner) value(path []string) {
	switch c := s.peek(); c {
	case '"':
		if strings.HasPrefix(s.src[s.pos:], `"""`) {
			s.multiline(`"`)
		} else {
			s.basicString()
		}
	case '\'':
		if strings.HasPrefix(s.src[s.pos:], `'''`) {
			s.multiline(`'`)
		} else {
			s.literalString()
		}
	case '[':
		s.advance()
		for i := 0; ; i++ {
			s.skipSpace(true)
			if s.eof() || s.peek() == ']' {
				s.advance()
				return
			}
			p := append(append([]string(nil), path...), idx(i))
			s.record(p, s.line)
			start := s.pos
			s.value(p)
			s.skipSpace(true)
			if s.peek() == ',' {
				s.advance()
			} else if s.pos == start {
				s.advance()
			}
		}
	case '{':
		s.advance()
		for {
			s.skipSpace(true)
			if s.eof() || s.peek() == '}' {
				s.advance()
				return
			}
			start := s.pos
			s.keyval(path)
			s.skipSpace(true)
			if s.peek() == ',' {
				s.advance()
			} else if s.pos == start {
				s.advance()
			}
		}
	default: // number, boolean, date-time: up to a delimiter
		for !s.eof() && !strings.ContainsRune(",]}#\n", rune(s.peek())) {
			s.advance()
		}
	}
}

// basicString reads "..." and returns the raw text between the quotes.
func (s *tomlScanner) basicString() string {
	s.advance()
	start := s.pos
	for !s.eof() {
		switch s.peek() {
		case '\\':
			s.advance()
			s.advance()
			continue
		case '"':
			raw := s.src[start:s.pos]
			s.advance()
			return raw
		case '\n':
			return s.src[start:s.pos]
		}
		s.advance()
	}
	return s.src[start:]
}

func (s *tomlScanner) literalString() string {
	s.advance()
	start := s.pos
	for !s.eof() && s.peek() != '\'' && s.peek() != '\n' {
		s.advance()
	}
	raw := s.src[start:s.pos]
	if s.peek() == '\'' {
		s.advance()
	}
	return raw
}

// multiline skips a """ or ”' string; q is the quote character.
func (s *tomlScanner) multiline(q string) {
	delim := q + q + q
	for range 3 {
		s.advance()
	}
	for !s.eof() {
		if q == `"` && s.peek() == '\\' {
			s.advance()
			s.advance()
			continue
		}
		if strings.HasPrefix(s.src[s.pos:], delim) {
			for range 3 {
				s.advance()
			}
			// up to two quotes may directly precede the closing delimiter
			for n := 0; n < 2 && s.peek() == q[0]; n++ {
				s.advance()
			}
			return
		}
		s.advance()
	}
}

// unescapeBasic decodes the escapes of a TOML basic string.
func unescapeBasic(raw string) string {
	if !strings.Contains(raw, `\`) {
		return raw
	}
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' || i+1 >= len(raw) {
			b.WriteByte(c)
			continue
		}
		i++
		hex := 0
		switch raw[i] {
		case 'b':
			b.WriteByte('\b')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'f':
			b.WriteByte('\f')
		case 'r':
			b.WriteByte('\r')
		case 'e':
			b.WriteByte(0x1b)
		case 'x':
			hex = 2
		case 'u':
			hex = 4
		case 'U':
			hex = 8
		default:
			b.WriteByte(raw[i])
		}
		if hex > 0 && i+hex < len(raw) {
			if v, err := strconv.ParseUint(raw[i+1:i+1+hex], 16, 32); err == nil && utf8.ValidRune(rune(v)) {
				b.WriteRune(rune(v))
			}
			i += hex
		}
	}
	return b.String()
}
