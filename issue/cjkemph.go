package issue

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// CommonMark's emphasis rules, CJK-friendly (as markdown-it-cjk-friendly
// and the proposal for CommonMark amend them): a delimiter run next to
// punctuation may open when a CJK character stands before it, and close when
// one stands after it. Strict CommonMark takes 这是**“引号”**后面 and
// **粗体。**接着 as literal asterisks, printed — the most common way Chinese
// authors write bold. Latin text is parsed as before.
type cjkEmphasis struct{}

// emphasisDelims makes emphasis (and strong emphasis) of matched runs.
type emphasisDelims struct{}

func (emphasisDelims) IsDelimiter(b byte) bool { return b == '*' || b == '_' }
func (emphasisDelims) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}
func (emphasisDelims) OnMatch(consumes int) ast.Node { return ast.NewEmphasis(consumes) }

func (cjkEmphasis) Trigger() []byte { return []byte{'*', '_'} }

func (cjkEmphasis) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	c := line[0]
	n := 0
	for n < len(line) && line[n] == c {
		n++
	}
	after := ' '
	if n < len(line) {
		after = util.ToRune(line, n)
	}
	bp, bs := util.IsPunctRune(before), util.IsSpaceRune(before)
	ap, as := util.IsPunctRune(after), util.IsSpaceRune(after)
	left := !as && (!ap || bs || bp || isCJK(before))
	right := !bs && (!bp || as || ap || isCJK(after))
	open, closes := left, right
	if c == '_' {
		open = left && (!right || bp)
		closes = right && (!left || ap)
	}
	d := parser.NewDelimiter(open, closes, n, c, emphasisDelims{})
	d.Segment = segment.WithStop(segment.Start + d.OriginalLength)
	block.Advance(d.OriginalLength)
	pc.PushDelimiter(d)
	return d
}
