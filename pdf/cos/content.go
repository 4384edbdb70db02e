package cos

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// Op is one operator of a content stream. Start and End delimit it
// (operands included) in the data it was read from, so that an editor can
// copy the operators it does not change as they are. Its operands are parsed
// only when asked for (Operands): most operators are copied unread.
type Op struct {
	Name       string
	Start, End int
	data       []byte
	spans      []int // start, end of each operand in data
}

// Operands parses the operator's operands.
func (op Op) Operands() ([]Object, error) {
	out := make([]Object, 0, len(op.spans)/2)
	for i := 0; i < len(op.spans); i += 2 {
		p := &parser{b: op.data[:op.spans[i+1]], pos: op.spans[i]}
		v, err := p.value(0)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Codes appends to buf the bytes of the operator's one operand when it is a
// string or an array of strings only (Tj, or a TJ without positioning), as
// Operands would give them, without allocating; ok is false for any other
// operand.
func (op Op) Codes(buf []byte) (out []byte, ok bool) {
	if len(op.spans) != 2 {
		return buf, false
	}
	p := &parser{b: op.data[:op.spans[1]], pos: op.spans[0]}
	array := p.b[p.pos] == '['
	if array {
		p.pos++
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.b) {
			return buf, false
		}
		var err error
		switch p.b[p.pos] {
		case '<':
			buf, err = p.hexAppend(buf)
		case '(':
			var s Object
			s, err = p.literal()
			if err == nil {
				buf = append(buf, s.(String)...)
			}
		case ']':
			return buf, array && p.pos+1 == len(p.b)
		default:
			return buf, false
		}
		if err != nil || !array {
			return buf, err == nil && p.pos == len(p.b)
		}
	}
}

// ScanContent calls fn for each operator of a content stream (ISO 32000-1
// §7.8.2) in turn; the Op is valid only during the call. An inline image
// (BI … ID data EI, §8.9.7) is one Op named "BI" whose operands are its
// dictionary's keys and values.
func ScanContent(data []byte, fn func(op Op) error) (err error) {
	defer Recover(&err)
	p := &parser{b: data}
	spans := make([]int, 0, 16)
	start := -1
	for {
		p.skipSpace()
		if p.pos >= len(p.b) {
			break
		}
		s := p.pos
		if start < 0 {
			start = s
		}
		switch c := p.b[p.pos]; c {
		case '/', '(', '<', '[':
			if err := p.skip(0); err != nil {
				return err
			}
			spans = append(spans, s, p.pos)
			continue
		case ')', '>', ']', '{', '}':
			return fmt.Errorf("%w: unexpected %q at %d", errSyntax, c, p.pos)
		}
		t := p.regular()
		switch {
		case isNumber(t), string(t) == "true", string(t) == "false", string(t) == "null":
			spans = append(spans, s, p.pos)
			continue
		case string(t) == "BI":
			// An inline image: its dictionary's keys and values are the
			// operands of one "BI" Op spanning to EI; the data is skipped.
			if len(spans) > 0 {
				return errors.New("operands before an inline image")
			}
			if err := p.inlineImage(&spans); err != nil {
				return err
			}
			if err := fn(Op{Name: "BI", Start: start, End: p.pos, data: data, spans: spans}); err != nil {
				return err
			}
			spans, start = spans[:0], -1
			continue
		case string(t) == "ID" || string(t) == "EI":
			return fmt.Errorf("%w: %s outside an inline image at %d", errSyntax, t, p.pos)
		}
		name, ok := operators[string(t)] // no allocation for the standard operators
		if !ok {
			name = string(t)
		}
		if err := fn(Op{Name: name, Start: start, End: p.pos, data: data, spans: spans}); err != nil {
			return err
		}
		spans, start = spans[:0], -1
	}
	if len(spans) > 0 {
		return errors.New("content stream ends with operands but no operator")
	}
	return nil
}

// operators holds the standard operator names (ISO 32000-1 Annex A).
var operators = func() map[string]string {
	m := map[string]string{}
	for _, n := range strings.Fields(`b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID
		j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y ' "`) {
		m[n] = n
	}
	return m
}()

// skip moves past one operand: a name, string, array or dictionary (nested).
func (p *parser) skip(depth int) error {
	if depth > 100 {
		return fmt.Errorf("%w: nesting too deep at %d", errSyntax, p.pos)
	}
	switch p.b[p.pos] {
	case '/':
		p.pos++
		p.regular()
		return nil
	case '(':
		_, err := p.literal()
		return err
	case '<':
		if p.pos+1 < len(p.b) && p.b[p.pos+1] == '<' {
			_, err := p.value(depth)
			return err
		}
		i := bytes.IndexByte(p.b[p.pos:], '>')
		if i < 0 {
			return fmt.Errorf("%w: unterminated hex string", errSyntax)
		}
		p.pos += i + 1
		return nil
	case '[':
		p.pos++
		for {
			p.skipSpace()
			if p.pos >= len(p.b) {
				return fmt.Errorf("%w: unterminated array", errSyntax)
			}
			switch p.b[p.pos] {
			case ']':
				p.pos++
				return nil
			case '/', '(', '<', '[':
				if err := p.skip(depth + 1); err != nil {
					return err
				}
			default:
				if len(p.regular()) == 0 {
					return fmt.Errorf("%w: unexpected %q at %d", errSyntax, p.b[p.pos], p.pos)
				}
			}
		}
	}
	return fmt.Errorf("%w: unexpected %q at %d", errSyntax, p.b[p.pos], p.pos)
}

// inlineImage reads an inline image after its BI: the key/value spans up to
// ID, then the data up to an EI that stands alone (white space before it,
// white space, a delimiter or the end after it).
func (p *parser) inlineImage(spans *[]int) error {
	for {
		p.skipSpace()
		if p.pos >= len(p.b) {
			return errors.New("inline image without ID")
		}
		s := p.pos
		switch p.b[p.pos] {
		case '/', '(', '<', '[':
			if err := p.skip(0); err != nil {
				return err
			}
			*spans = append(*spans, s, p.pos)
			continue
		}
		t := p.regular()
		if string(t) == "ID" {
			break
		}
		if len(t) == 0 {
			return fmt.Errorf("%w: unexpected %q in an inline image", errSyntax, p.b[p.pos])
		}
		*spans = append(*spans, s, p.pos)
	}
	if len(*spans)%4 != 0 {
		return errors.New("inline image dictionary with a key but no value")
	}
	p.pos++ // the one white-space byte after ID
	for i := p.pos; i+2 <= len(p.b); i++ {
		if p.b[i] == 'E' && p.b[i+1] == 'I' && i > 0 && isWhite(p.b[i-1]) &&
			(i+2 == len(p.b) || isWhite(p.b[i+2]) || isDelim(p.b[i+2])) {
			p.pos = i + 2
			return nil
		}
	}
	return errors.New("inline image without EI")
}
