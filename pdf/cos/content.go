package cos

import (
	"errors"
	"fmt"
)

// Op is one operator of a content stream with its operands. Start and End
// delimit it (operands included) in the data it was read from, so that an
// editor can copy the operators it does not change as they are.
type Op struct {
	Name       string
	Args       []Object
	Start, End int
}

// Content splits a content stream into its operators (ISO 32000-1 §7.8.2).
// Inline images (BI … ID … EI) are refused: nothing paiban reads has them.
func Content(data []byte) (ops []Op, err error) {
	defer Recover(&err)
	p := &parser{b: data}
	var args []Object
	start := -1
	for {
		p.skipSpace()
		if p.pos >= len(p.b) {
			break
		}
		if start < 0 {
			start = p.pos
		}
		switch c := p.b[p.pos]; c {
		case '/', '(', '<', '[':
			v, err := p.value(0)
			if err != nil {
				return nil, err
			}
			args = append(args, v)
			continue
		case ')', '>', ']', '{', '}':
			return nil, fmt.Errorf("%w: unexpected %q at %d", errSyntax, c, p.pos)
		}
		t := p.regular()
		switch {
		case isNumber(t):
			args = append(args, Number(t))
			continue
		case string(t) == "true":
			args = append(args, true)
			continue
		case string(t) == "false":
			args = append(args, false)
			continue
		case string(t) == "null":
			args = append(args, nil)
			continue
		case string(t) == "BI" || string(t) == "ID":
			return nil, errors.New("inline images are not supported")
		}
		ops = append(ops, Op{Name: string(t), Args: args, Start: start, End: p.pos})
		args, start = nil, -1
	}
	if len(args) > 0 {
		return nil, errors.New("content stream ends with operands but no operator")
	}
	return ops, nil
}

// AppendOp appends an operator with its operands, separated by spaces, and
// a newline.
func AppendOp(b []byte, name string, args ...Object) []byte {
	for _, a := range args {
		b = appendObject(b, a)
		b = append(b, ' ')
	}
	b = append(b, name...)
	return append(b, '\n')
}
