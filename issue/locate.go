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
// table header) appears. Paths are kept as a tree, one node per path element,
// so that recording and looking up cost the length of the path and memory
// stays linear in the size of the plan (a map keyed by joined paths costs the
// square of the nesting depth).
type keyLocator struct {
	root *keyNode
	// tooDeep is the line where the nesting passes MaxNesting (0: it does
	// not); the scan stops there.
	tooDeep int
}

// MaxNesting is how deep keys, tables, arrays and inline tables may nest in
// a plan (or an article's front matter): the longest key path, with every
// array index counting as a level. A plan needs 5.
const MaxNesting = 32

// tooDeepMsg is the error at the line where the nesting passes MaxNesting.
var tooDeepMsg = "keys, tables and arrays nested more than " + strconv.Itoa(MaxNesting) + " levels deep (every key, table, array and inline table is a level)"

type keyNode struct {
	line int
	col  int // column of the key (of the element, for an array element), 1-based, in characters
	vcol int // column of the key's value

	arrays int // as an array of tables: the number of elements seen
	kids   map[string]*keyNode
}

func (n *keyNode) child(k string) *keyNode {
	if n == nil {
		return nil
	}
	return n.kids[k]
}

// idx is the path element of an array index; it cannot clash with a key name
// because TOML keys never contain U+0001 in practice (and it would need quoting).
func idx(i int) string { return "\x01" + strconv.Itoa(i) }

// line returns the line of path, or of its nearest recorded ancestor, or 0.
func (l *keyLocator) line(path ...string) int {
	if l == nil {
		return 0
	}
	best := 0
	n := l.root
	for _, k := range path {
		if n = n.child(k); n == nil {
			break
		}
		if n.line > 0 {
			best = n.line
		}
	}
	return best
}

// columns returns the columns of the key at path and of its value, 0 when
// not recorded.
func (l *keyLocator) columns(path ...string) (key, value int) {
	if l == nil {
		return 0, 0
	}
	n := l.root
	for _, k := range path {
		if n = n.child(k); n == nil {
			return 0, 0
		}
	}
	return n.col, n.vcol
}

// exact returns the line of path itself, or 0 when it is not recorded.
func (l *keyLocator) exact(path ...string) int {
	if l == nil {
		return 0
	}
	n := l.root
	for _, k := range path {
		if n = n.child(k); n == nil {
			return 0
		}
	}
	return n.line
}

// locateKeys scans valid TOML source and records where every key is.
func locateKeys(src string) *keyLocator {
	src = strings.TrimPrefix(src, "\ufeff")
	s := &tomlScanner{src: src, line: 1, root: &keyNode{}}
	s.document()
	return &keyLocator{root: s.root, tooDeep: s.tooDeep}
}

type tomlScanner struct {
	src       string
	pos       int
	line      int
	lineStart int // offset of the current line
	root      *keyNode
	tooDeep   int // line where the nesting passed MaxNesting
}

// at is a position in the key tree: a node and its depth.
type at struct {
	n     *keyNode
	depth int
}

// step returns the node k under a, creating it, and records line on it
// when it has none (line 0 records nothing). Past MaxNesting it stops the
// scan and returns a's node again, so nothing deeper is ever built.
func (s *tomlScanner) step(a at, k string, line int) at {
	if a.depth >= MaxNesting {
		if s.tooDeep == 0 {
			s.tooDeep = s.line
		}
		s.pos = len(s.src) // stop: the plan is refused
		return a
	}
	c := a.n.kids[k]
	if c == nil {
		if a.n.kids == nil {
			a.n.kids = map[string]*keyNode{}
		}
		c = &keyNode{}
		a.n.kids[k] = c
	}
	if c.line == 0 {
		c.line = line
	}
	return at{c, a.depth + 1}
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
		s.lineStart = s.pos + 1
	}
	s.pos++
}

// col is the column of the current position: 1 + the characters before it
// on its line.
func (s *tomlScanner) col() int {
	return 1 + utf8.RuneCountInString(s.src[s.lineStart:s.pos])
}

// mark records the column of the key (or array element) at a's node and,
// when value is set, of its value, where none is recorded yet.
func (s *tomlScanner) mark(a at, key, value int) {
	if a.n.col == 0 {
		a.n.col = key
	}
	if a.n.vcol == 0 {
		a.n.vcol = value
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
	current := at{s.root, 0}
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
			base := s.resolve(keys, !array, line)
			if array {
				n := base.n.arrays
				base.n.arrays = n + 1
				base = s.step(base, idx(n), line)
			}
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

// resolve turns header keys into a position in the tree, stepping into the
// last element of every array of tables on the way (all of them when last is
// set, all but the final key otherwise), and records line on the result.
func (s *tomlScanner) resolve(keys []string, last bool, line int) at {
	a := at{s.root, 0}
	for i, k := range keys {
		a = s.step(a, k, 0)
		if i == len(keys)-1 && !last {
			break
		}
		if n := a.n.arrays; n > 0 {
			a = s.step(a, idx(n-1), 0)
		}
	}
	if len(keys) > 0 && a.n.line == 0 {
		a.n.line = line
	}
	return a
}

// keyval reads `key = value` and records the key and what is inside the value.
func (s *tomlScanner) keyval(prefix at) {
	line := s.line
	s.skipSpace(false)
	kcol := s.col()
	keys := s.key()
	if len(keys) == 0 {
		s.skipLine()
		return
	}
	a := prefix
	for _, k := range keys {
		a = s.step(a, k, line)
	}
	s.skipSpace(false)
	if s.peek() != '=' {
		s.skipLine()
		return
	}
	s.advance()
	s.skipSpace(false)
	s.mark(a, kcol, s.col())
	s.value(a)
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
// of arrays under a.
func (s *tomlScanner) value(a at) {
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
			p := s.step(a, idx(i), s.line)
			s.mark(p, s.col(), s.col())
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
			s.keyval(a)
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
