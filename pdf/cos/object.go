// Package cos is paiban's one PDF object layer (COS: the Carousel Object
// System, PDF's object syntax): it reads a file by its structure (a classic
// cross-reference table, objects parsed by the grammar, never by their
// whitespace), lets its objects be edited, added and copied, and serialises
// the file once, into a buffer sized up front. Package pdf reads gopdf's
// output with it and corrects it, package finish adds what a print file
// needs, package impose builds spreads with it.
//
// It handles what those need: classic cross-reference tables (incremental
// updates merged), files encrypted with an empty user password (decrypted
// as read: decrypt.go), streams stored plain or FlateDecode, and
// content streams as operators with their operands (content.go).
package cos

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
)

// Objects: the values of PDF object syntax (ISO 32000-1 §7.3), their parser
// and their serialisation. Values keep their source form where that matters
// for byte stability: numbers keep their text, dictionaries keep their key
// order.

// Object is one of: Name, String, Number, bool, nil (null), Ref, Array, *Dict, *Stream.
type Object any

// Name is a PDF name, without the slash, with #xx escapes resolved.
type Name string

// String is a PDF string's bytes.
type String []byte

// Number keeps a number's source text ("12", "-0.5").
type Number string

// Ref is an indirect reference "N G R".
type Ref struct{ Num, Gen int }

// Array is a PDF array.
type Array []Object

// Dict is a PDF dictionary that keeps its key order.
type Dict struct {
	keys []Name
	vals []Object
}

// Stream is a stream object: its dictionary and its data as stored
// (encoded). Data is never changed in place (a new Stream replaces one).
type Stream struct {
	Dict *Dict
	Data []byte
	sum  *dataSum // shared by the copies Clone makes
}

type dataSum struct {
	once sync.Once
	v    [32]byte
}

// NewStream returns a stream whose data hash is computed once for it and
// every copy of it (Doc.Digest).
func NewStream(dict *Dict, data []byte) *Stream {
	return &Stream{Dict: dict, Data: data, sum: &dataSum{}}
}

// dataSum is the SHA-256 of the stream's data.
func (s *Stream) dataSum() [32]byte {
	if s.sum == nil {
		return sha256.Sum256(s.Data)
	}
	s.sum.once.Do(func() { s.sum.v = sha256.Sum256(s.Data) })
	return s.sum.v
}

// Get returns the value of key, or nil.
func (d *Dict) Get(key Name) Object {
	if d == nil {
		return nil
	}
	for i, k := range d.keys {
		if k == key {
			return d.vals[i]
		}
	}
	return nil
}

// Set replaces key's value in place, or appends the key.
func (d *Dict) Set(key Name, v Object) {
	for i, k := range d.keys {
		if k == key {
			d.vals[i] = v
			return
		}
	}
	d.keys = append(d.keys, key)
	d.vals = append(d.vals, v)
}

// Delete removes key.
func (d *Dict) Delete(key Name) {
	for i, k := range d.keys {
		if k == key {
			d.keys = append(d.keys[:i], d.keys[i+1:]...)
			d.vals = append(d.vals[:i], d.vals[i+1:]...)
			return
		}
	}
}

// Keys returns the keys in order.
func (d *Dict) Keys() []Name { return d.keys }

// NewDict builds a dictionary from alternating keys and values.
func NewDict(kv ...any) *Dict {
	d := &Dict{}
	for i := 0; i+1 < len(kv); i += 2 {
		d.Set(Name(kv[i].(string)), kv[i+1])
	}
	return d
}

// ---- lexer and parser ----

type parser struct {
	b   []byte
	pos int
}

var errSyntax = errors.New("PDF syntax error")

func isWhite(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func (p *parser) skipSpace() {
	for p.pos < len(p.b) {
		c := p.b[p.pos]
		if isWhite(c) {
			p.pos++
		} else if c == '%' {
			for p.pos < len(p.b) && p.b[p.pos] != '\n' && p.b[p.pos] != '\r' {
				p.pos++
			}
		} else {
			return
		}
	}
}

// regular reads a run of regular characters (a keyword or number).
func (p *parser) regular() []byte {
	s := p.pos
	for p.pos < len(p.b) && !isWhite(p.b[p.pos]) && !isDelim(p.b[p.pos]) {
		p.pos++
	}
	return p.b[s:p.pos]
}

func isNumber(t []byte) bool {
	if len(t) == 0 {
		return false
	}
	digits := 0
	for i, c := range t {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case (c == '+' || c == '-') && i == 0:
		case c == '.':
		default:
			return false
		}
	}
	return digits > 0
}

func isInt(t []byte) bool {
	if len(t) == 0 {
		return false
	}
	for _, c := range t {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// value parses one object. Indirect references are recognised by looking
// ahead for "G R".
func (p *parser) value(depth int) (Object, error) {
	if depth > 100 {
		return nil, fmt.Errorf("%w: nesting too deep at %d", errSyntax, p.pos)
	}
	p.skipSpace()
	if p.pos >= len(p.b) {
		return nil, fmt.Errorf("%w: unexpected end of data", errSyntax)
	}
	switch c := p.b[p.pos]; c {
	case '/':
		p.pos++
		return p.name(), nil
	case '(':
		return p.literal()
	case '<':
		if p.pos+1 < len(p.b) && p.b[p.pos+1] == '<' {
			p.pos += 2
			return p.dict(depth)
		}
		return p.hex()
	case '[':
		p.pos++
		a := Array{}
		for {
			p.skipSpace()
			if p.pos >= len(p.b) {
				return nil, fmt.Errorf("%w: unterminated array", errSyntax)
			}
			if p.b[p.pos] == ']' {
				p.pos++
				return a, nil
			}
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	default:
		t := p.regular()
		switch {
		case len(t) == 0:
			return nil, fmt.Errorf("%w: unexpected %q at %d", errSyntax, c, p.pos)
		case string(t) == "true":
			return true, nil
		case string(t) == "false":
			return false, nil
		case string(t) == "null":
			return nil, nil
		case isInt(t):
			// maybe "N G R"
			save := p.pos
			p.skipSpace()
			g := p.regular()
			if isInt(g) {
				p.skipSpace()
				if r := p.regular(); string(r) == "R" {
					n, err1 := strconv.Atoi(string(t))
					gen, err2 := strconv.Atoi(string(g))
					if err1 != nil || err2 != nil {
						return nil, fmt.Errorf("%w: bad reference", errSyntax)
					}
					return Ref{n, gen}, nil
				}
			}
			p.pos = save
			return Number(t), nil
		case isNumber(t):
			return Number(t), nil
		}
		return nil, fmt.Errorf("%w: unexpected keyword %q at %d", errSyntax, t, p.pos)
	}
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func (p *parser) name() Name {
	t := p.regular()
	if bytes.IndexByte(t, '#') < 0 {
		return Name(t)
	}
	var b []byte
	for i := 0; i < len(t); i++ {
		if t[i] == '#' && i+2 < len(t) && unhex(t[i+1]) >= 0 && unhex(t[i+2]) >= 0 {
			b = append(b, byte(unhex(t[i+1])<<4|unhex(t[i+2])))
			i += 2
		} else {
			b = append(b, t[i])
		}
	}
	return Name(b)
}

func (p *parser) literal() (Object, error) {
	p.pos++ // (
	var b []byte
	depth := 1
	for p.pos < len(p.b) {
		c := p.b[p.pos]
		p.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return String(b), nil
			}
		case '\\':
			if p.pos >= len(p.b) {
				return nil, fmt.Errorf("%w: unterminated string", errSyntax)
			}
			e := p.b[p.pos]
			p.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if p.pos < len(p.b) && p.b[p.pos] == '\n' {
					p.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && p.pos < len(p.b) && p.b[p.pos] >= '0' && p.b[p.pos] <= '7'; k++ {
						v = v*8 + int(p.b[p.pos]-'0')
						p.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		b = append(b, c)
	}
	return nil, fmt.Errorf("%w: unterminated string", errSyntax)
}

func (p *parser) hex() (Object, error) {
	b, err := p.hexAppend(nil)
	if err != nil {
		return nil, err
	}
	return String(b), nil
}

// hexAppend appends the bytes of the hex string at p.pos to b.
func (p *parser) hexAppend(b []byte) ([]byte, error) {
	p.pos++ // <
	hi := -1
	for p.pos < len(p.b) {
		c := p.b[p.pos]
		p.pos++
		if c == '>' {
			if hi >= 0 {
				b = append(b, byte(hi<<4))
			}
			return b, nil
		}
		if isWhite(c) {
			continue
		}
		v := unhex(c)
		if v < 0 {
			return nil, fmt.Errorf("%w: bad hex string", errSyntax)
		}
		if hi < 0 {
			hi = v
		} else {
			b = append(b, byte(hi<<4|v))
			hi = -1
		}
	}
	return nil, fmt.Errorf("%w: unterminated hex string", errSyntax)
}

func (p *parser) dict(depth int) (Object, error) {
	d := &Dict{}
	for {
		p.skipSpace()
		if p.pos+1 >= len(p.b) {
			return nil, fmt.Errorf("%w: unterminated dictionary", errSyntax)
		}
		if p.b[p.pos] == '>' && p.b[p.pos+1] == '>' {
			p.pos += 2
			return d, nil
		}
		if p.b[p.pos] != '/' {
			return nil, fmt.Errorf("%w: dictionary key expected at %d", errSyntax, p.pos)
		}
		p.pos++
		k := p.name()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		// A null value is the same as an absent key.
		if v != nil {
			d.keys = append(d.keys, k)
			d.vals = append(d.vals, v)
		}
	}
}

// ---- writer ----

func appendName(b []byte, n Name) []byte {
	b = append(b, '/')
	for i := 0; i < len(n); i++ {
		c := n[i]
		if c < 0x21 || c > 0x7e || c == '#' || isDelim(c) {
			b = fmt.Appendf(b, "#%02X", c)
		} else {
			b = append(b, c)
		}
	}
	return b
}

func appendString(b []byte, s []byte) []byte {
	// Printable ASCII as a literal string, anything else as hex.
	for _, c := range s {
		if c < 0x20 || c > 0x7e {
			b = append(b, '<')
			for _, c := range s {
				b = append(b, "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
			}
			return append(b, '>')
		}
	}
	b = append(b, '(')
	for _, c := range s {
		if c == '(' || c == ')' || c == '\\' {
			b = append(b, '\\')
		}
		b = append(b, c)
	}
	return append(b, ')')
}

// AppendObject appends the serialisation of v to b.
func AppendObject(b []byte, v Object) []byte { return appendObject(b, v) }

// appendObject serialises v. Dictionaries are written on one line each.
func appendObject(b []byte, v Object) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		if v {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case Number:
		return append(b, v...)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case Name:
		return appendName(b, v)
	case String:
		return appendString(b, v)
	case Ref:
		return fmt.Appendf(b, "%d %d R", v.Num, v.Gen)
	case Array:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendObject(b, e)
		}
		return append(b, ']')
	case *Dict:
		b = append(b, "<<"...)
		for i, k := range v.keys {
			b = append(b, ' ')
			b = appendName(b, k)
			b = append(b, ' ')
			b = appendObject(b, v.vals[i])
		}
		return append(b, " >>"...)
	case *Stream:
		v.Dict.Set("Length", len(v.Data))
		b = appendObject(b, v.Dict)
		b = append(b, "\nstream\n"...)
		b = append(b, v.Data...)
		return append(b, "\nendstream"...)
	}
	panic(fmt.Sprintf("cos: cannot serialise %T", v))
}

// Float reads a numeric object as float64.
func Float(v Object) (float64, bool) {
	switch v := v.(type) {
	case Number:
		f, err := strconv.ParseFloat(string(v), 64)
		return f, err == nil
	case int:
		return float64(v), true
	}
	return 0, false
}

// sortKeys orders the entries by key.
func (d *Dict) sortKeys() {
	idx := make([]int, len(d.keys))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return d.keys[idx[a]] < d.keys[idx[b]] })
	keys, vals := make([]Name, len(idx)), make([]Object, len(idx))
	for i, j := range idx {
		keys[i], vals[i] = d.keys[j], d.vals[j]
	}
	d.keys, d.vals = keys, vals
}
