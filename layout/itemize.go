package layout

import (
	"strings"
	"unicode"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/units"
)

// glyph is one character of an atom, positioned relative to the atom's left
// edge.
type glyph struct {
	r    rune
	font int          // index into the document's fonts
	adv  units.Length // advance as the PDF will apply it
	dx   units.Length // offset of the glyph origin from the atom's left edge
	sup  bool         // a footnote reference: set smaller and raised (supSize, supRise)
}

// atom is the content of one breaker box.
type atom struct {
	one   [1]glyph // the glyph of a single-character atom (most atoms: no allocation)
	many  []glyph  // the glyphs of a longer atom (a ——, a ……)
	src   int32    // rune index in the source text of the first character
	pen   int16    // inside a Latin word: the penalty for a line ending before this atom
	class charClass
	brk   wordBreak // … and whether it may (wordbreak.go)

	wordCont bool // continues the Latin word, or the run of dashes or ellipses, of the previous atom
	ref      bool // a footnote reference mark (footnote.go): glued to the character before it
	url      bool // part of a URL-like word
	weight   int8 // for Latin words: 1 on the first letter or digit (of each piece a break may start)
}

// faceChain picks, for each character, the first font of a role's chain that
// has it. Results are cached per rune.
type faceChain struct {
	faces []metrics
	ids   []int        // document font index of each face
	bmp   []int8       // per BMP character: 0 unknown, -1 none, i+1 = faces[i]
	cache map[rune]int // beyond the BMP: face index or -1

	// borrowed (when not nil) records the characters taken from the chain's
	// last face, the other role's font
	borrowed map[rune]bool
}

// metrics is what layout needs of a font: coverage and advances. It is
// *fonts.Face in production and a table of made-up widths in tests.
type metrics interface {
	Has(r rune) bool
	Width(r rune) int // advance in thousandths of an em: fonts.Face.Width, the PDF's /W
}

type faceMetrics struct{ *fonts.Face }

func (c *faceChain) lookup(r rune) (int, metrics, bool) {
	if r >= 0 && r < 0x10000 {
		if c.bmp == nil {
			c.bmp = make([]int8, 0x10000)
		}
		switch k := c.bmp[r]; {
		case k > 0:
			return c.ids[k-1], c.faces[k-1], true
		case k < 0:
			return -1, nil, false
		}
		for i, f := range c.faces {
			if f.Has(r) {
				c.bmp[r] = int8(i + 1)
				c.borrow(i, r)
				return c.ids[i], f, true
			}
		}
		c.bmp[r] = -1
		return -1, nil, false
	}
	if i, ok := c.cache[r]; ok {
		if i < 0 {
			return -1, nil, false
		}
		return c.ids[i], c.faces[i], true
	}
	for i, f := range c.faces {
		if f.Has(r) {
			c.cache[r] = i
			c.borrow(i, r)
			return c.ids[i], f, true
		}
	}
	c.cache[r] = -1
	return -1, nil, false
}

// style is a text style: a font chain, a size, a colour.
type style struct {
	chain   *faceChain
	size    units.Length
	color   CMYK
	punct   issue.PunctStyle
	hanging bool
}

// itemizer turns text into atoms and the breaker's boxes and joints.
type itemizer struct {
	missing func(srcIndex int, r rune) // called for characters no font has
	// chainAt (when set) gives the font chain of the character at a source
	// index when it is not the style's (bold text in the bold face), or nil
	chainAt func(srcIndex int) *faceChain
	// refAt (when set) reports the characters of footnote reference marks:
	// set superscript, one atom per mark, glued to the character before
	refAt func(srcIndex int) bool
}

// itemize builds the abstract paragraph for text in style st. The
// punctuation style is 全角 with the compressions of clreq §3.1.6.2: two
// adjacent full-width marks take 1.5 em, and a mark at a line edge may lose
// its blank half.
func (it *itemizer) itemize(text []rune, st style) ([]atom, Paragraph) {
	em := st.size
	atoms := make([]atom, 0, len(text))
	spaceBefore := make([]bool, 0, len(text)) // a source space precedes atom i
	pendingSpace := false
	add := func(a atom) {
		atoms = append(atoms, a)
		spaceBefore = append(spaceBefore, pendingSpace)
		pendingSpace = false
	}
	// addMany adds an atom of several glyphs (one in a.one), if any
	addMany := func(a atom) {
		if len(a.many) == 1 {
			a.one[0], a.many = a.many[0], nil
		}
		if len(a.many) > 0 || a.one[0].r != 0 {
			add(a)
		}
	}
	var mkSized func(i int, r rune, size units.Length) (glyph, bool)
	mk := func(i int, r rune) (glyph, bool) { return mkSized(i, r, st.size) }
	mkSized = func(i int, r rune, size units.Length) (glyph, bool) {
		chain := st.chain
		if it.chainAt != nil {
			if c := it.chainAt(i); c != nil {
				chain = c
			}
		}
		id, f, ok := chain.lookup(r)
		if !ok {
			if it.missing != nil {
				it.missing(i, r)
			}
			return glyph{}, false
		}
		return glyph{r: r, font: id, adv: glyphAdvance(f, r, size)}, true
	}
	hyphenHave := 0 // whether the style has a hyphen to add: 0 not asked yet, 1 yes, -1 no
	for i := 0; i < len(text); {
		r := text[i]
		c := classOf(r)
		if it.refAt != nil && it.refAt(i) {
			// a footnote reference: its mark in one atom, superscript
			j := i
			a := atom{src: int32(i), class: clOther, ref: true}
			var x units.Length
			for ; j < len(text) && it.refAt(j); j++ {
				if g, ok := mkSized(j, text[j], supSize(st.size)); ok {
					g.sup = true
					g.dx, x = x, x+g.adv
					a.many = append(a.many, g)
				}
			}
			addMany(a)
			i = j
			continue
		}
		switch c {
		case clSpace:
			pendingSpace = true
			i++
			continue
		case clLatin, clLatinPunct:
			// a word: letters, digits and the ASCII punctuation glued to
			// them, one atom per character so that an over-long word (a URL)
			// can still be broken; joints inside a word forbid breaks except
			// in emergencies or, in URLs, after / . - and the like.
			j := i
			for j < len(text) {
				cj := classOf(text[j])
				if cj != clLatin && cj != clLatinPunct {
					break
				}
				j++
			}
			url := isURLLike(text[i:j])
			kinds, pens := wordBreaks(text[i:j], url)
			hasAlnum := false
			for k := i; k < j; k++ {
				g, ok := mk(k, text[k])
				if !ok {
					continue
				}
				a := atom{src: int32(k), class: classOf(text[k]), one: [1]glyph{g}, wordCont: k > i, url: url, brk: kinds[k-i], pen: int16(pens[k-i])}
				if a.brk == wbHyphen && hyphenHave == 0 {
					hyphenHave = -1
					if _, ok := hyphenGlyph(st); ok {
						hyphenHave = 1
					}
				}
				if a.brk == wbHyphen && hyphenHave < 0 {
					a.brk = wbEmergency
				}
				if a.brk == wbSoft || a.brk == wbHyphen {
					hasAlnum = false // a new piece: its first letter weighs too
				}
				if a.class == clLatin && !hasAlnum {
					a.weight = 1
					hasAlnum = true
				}
				add(a)
			}
			i = j
			continue
		case clDash, clEllipsis:
			// a —— or …… is one atom, never split; a longer run is a
			// chain of pairs (the last of three when the run is odd) that
			// breaks only in an emergency, as an over-long word does
			j := i
			for j < len(text) && classOf(text[j]) == c {
				j++
			}
			for k0 := i; k0 < j; {
				k1 := min(k0+2, j)
				if j-k1 == 1 {
					k1 = j
				}
				a := atom{src: int32(k0), class: c, wordCont: k0 > i}
				var x units.Length
				for k := k0; k < k1; k++ {
					if g, ok := mk(k, text[k]); ok {
						g.dx = x
						x += g.adv
						a.many = append(a.many, g)
					}
				}
				addMany(a)
				k0 = k1
			}
			i = j
			continue
		}
		if g, ok := mk(i, r); ok {
			add(atom{src: int32(i), class: c, one: [1]glyph{g}})
		}
		i++
	}

	p := Paragraph{Boxes: make([]Box, len(atoms))}
	if len(atoms) > 1 {
		p.Joints = make([]Joint, len(atoms)-1)
	}
	for i := range atoms {
		a := &atoms[i]
		w := a.width()
		b := Box{W: w}
		switch a.class {
		case clHan, clOther:
			b.Weight = 1
			if a.ref {
				b.Weight = 0 // a reference mark is no character of the line's text
			}
			if r := a.first(); r >= 0x25A0 && r <= 0x25FF {
				b.Weight = 0 // a geometric shape (an end mark ■, a bullet ●) is no character of the text
			}
		case clLatin, clLatinPunct:
			b.Weight = int(a.weight)
		}
		full := a.many == nil && a.one[0].adv >= em*9/10
		if full && a.class == clClose {
			b.EndShrink = em / 2
		}
		if full && a.class == clOpen {
			b.StartShrink = em / 2
		}
		p.Boxes[i] = b
	}
	// The punctuation style (xeCJK's names; clreq §3.1.6): 半角 sets every
	// mark half width, 开明 every mark but 。？！; the blank half goes.
	for i := range atoms {
		a := &atoms[i]
		if a.class != clClose && a.class != clOpen || a.many != nil || a.one[0].adv < em*9/10 {
			continue
		}
		half := st.punct == issue.Banjiao || st.punct == issue.Kaiming && !strings.ContainsRune("。？！", a.one[0].r)
		if !half {
			continue
		}
		p.Boxes[i].W -= em / 2
		if a.class == clClose {
			p.Boxes[i].EndShrink = 0
		} else {
			p.Boxes[i].StartShrink = 0
			a.one[0].dx -= em / 2
		}
	}
	// adjacent punctuation: 2 em → 1.5 em (clreq §3.1.6.2), where both
	// marks are still full width
	for i := 0; i+1 < len(atoms); i++ {
		a, b := &atoms[i], &atoms[i+1]
		if a.many != nil || b.many != nil {
			continue
		}
		// (an opening mark the style set half width has no blank left
		// of its ink: the closing mark before it keeps its own, so that
		// 开明's 。“ stays 1.5 em instead of setting the quote's ink
		// against the stop's)
		switch {
		case a.class == clClose && (b.class == clClose || b.class == clOpen && p.Boxes[i+1].StartShrink > 0) && p.Boxes[i].EndShrink > 0:
			// remove the blank right half of the closing mark
			p.Boxes[i].W -= em / 2
			p.Boxes[i].EndShrink = 0
		case a.class == clOpen && b.class == clOpen && p.Boxes[i+1].StartShrink > 0:
			// remove the blank left half of the second opening mark
			p.Boxes[i+1].W -= em / 2
			p.Boxes[i+1].StartShrink = 0
			b.one[0].dx -= em / 2
		}
	}
	// a footnote reference after a full-width closing mark (研究。①) takes
	// the mark's blank half, as far as it goes: it stands by the mark's
	// ink and the text after it keeps its place
	for i := 0; i+1 < len(atoms); i++ {
		if atoms[i+1].ref && atoms[i].class == clClose && p.Boxes[i].EndShrink > 0 {
			d := min(p.Boxes[i].EndShrink, p.Boxes[i+1].W)
			p.Boxes[i].W -= d
			p.Boxes[i].EndShrink -= d
		}
	}
	// hanging punctuation (clreq §3.1.7): 、，。 may stand wholly past the
	// right edge rather than be pushed in or out
	if st.hanging {
		for i := range atoms {
			if a := &atoms[i]; a.many == nil && strings.ContainsRune("、，。", a.one[0].r) {
				p.Boxes[i].EndShrink = p.Boxes[i].W
				p.Boxes[i].Hang = true
			}
		}
	}
	p.TrimEnd = st.punct == issue.Hangmobanjiao
	for i := 0; i+1 < len(atoms); i++ {
		switch {
		case atoms[i+1].ref:
			p.Joints[i] = Joint{Break: NoBreak} // the mark stays with what it cites
		case atoms[i].ref && i > 0 && !atoms[i-1].ref:
			// after a mark: as after the character it follows, without
			// a gap a Latin word would have
			p.Joints[i] = joint(atoms[i-1], atoms[i+1], spaceBefore[i+1], em, st)
		default:
			p.Joints[i] = joint(atoms[i], atoms[i+1], spaceBefore[i+1], em, st)
		}
		// a line too long by a little may compress the full-width marks
		// inside it (clreq §3.8, 标点挤压): the blank half of a closing
		// mark, or of an opening one, is the first space to give
		if b := p.Boxes[i]; b.EndShrink > 0 && !b.Hang {
			p.Joints[i].Shrink += b.EndShrink
		}
		if b := p.Boxes[i+1]; b.StartShrink > 0 {
			p.Joints[i].Shrink += b.StartShrink
		}
	}
	return atoms, p
}

// isURLLike: words with a scheme, a path or an address may break after
// / . - _ ? & = when too long for the line.
func isURLLike(rs []rune) bool {
	s := string(rs)
	return strings.Contains(s, "://") || strings.Contains(s, "/") || strings.Contains(s, "@") || strings.HasPrefix(s, "www.")
}

func (a *atom) width() units.Length {
	gs := a.glyphs()
	g := gs[len(gs)-1]
	return g.dx + g.adv
}

// glyphs returns the atom's glyphs (never empty).
func (a *atom) glyphs() []glyph {
	if a.many != nil {
		return a.many
	}
	return a.one[:]
}

func (a *atom) first() rune { return a.glyphs()[0].r }
func (a *atom) last() rune  { gs := a.glyphs(); return gs[len(gs)-1].r }

// cjkLike: atoms that take the inter-character stretch of CJK text.
func cjkLike(c charClass) bool {
	switch c {
	case clHan, clOpen, clClose, clMiddle, clDash, clEllipsis, clOther:
		return true
	}
	return false
}

// joint decides the space between atoms a and b (clreq §3.2.1–3.2.2 for
// Han–Latin spacing, §3.1.4 for the prohibition rules).
func joint(a, b atom, space bool, em units.Length, st style) Joint {
	var j Joint
	j.Break = CanBreak
	if b.wordCont {
		// inside a word: broken where wordbreak.go allows, else only in an
		// emergency (a word longer than the line)
		j.Break = EmergencyBreak
		// a line short of breaks (a URL, a long package name) may need
		// letter-spacing to reach the measure: only when the line's
		// ordinary stretch is not enough (Joint.Stretch2); never inside a
		// number (0.5, 1,024)
		if !(isDigit(a.last()) || isDigit(b.first())) {
			j.Stretch2 = em / 10
		}
		switch b.brk {
		case wbNever:
			j.Break = NoBreak
		case wbSoft:
			j.Break, j.Penalty = CanBreak, int(b.pen)
		case wbHyphen:
			g, _ := hyphenGlyph(st)
			j.Break, j.Penalty, j.Hyphen = CanBreak, int(b.pen), g.adv
		}
		return j
	}
	// a space typed beside a full-width mark ("tar.gz ，", "节 “Debian")
	// is not kept: the mark's own blank half is the space
	if space && (fullWidthMark(a.class) || fullWidthMark(b.class)) {
		space = false
	}
	// prohibitions
	if isNoLineStart(b.first()) || isNoLineEnd(a.last()) {
		j.Break = NoBreak
	}
	if a.class == clLatinPunct && latinGluesToNext(a.last()) || b.class == clLatinPunct && latinGluesToPrev(b.first()) {
		j.Break = NoBreak
	}
	if a.class == clLatin && b.class == clLatinPunct && !space {
		j.Break = NoBreak
	}
	if (a.class == clLatin || a.class == clLatinPunct) && (b.class == clLatin || b.class == clLatinPunct) {
		if space {
			// a word space: natural, stretchable, a little shrinkable
			w := spaceWidth(st)
			j.W, j.Stretch, j.Shrink = w, w, w/3
		} else {
			j.Break = NoBreak
		}
		return j
	}
	if blank(a.last()) || blank(b.first()) {
		// beside an ideographic, no-break or other fixed space the author
		// typed, that space is the gap: no ¼ em beside Latin added to it
		// ("表3　显著" had 1¼ em, "100\u00a0km" a space and a half);
		// never a break beside a no-break space
		if noBreakSpace(a.last()) || noBreakSpace(b.first()) {
			j.Break = NoBreak
		}
		j.Stretch = em / 4
		return j
	}
	han := func(c charClass) bool { return c == clHan || c == clOther }
	lat := func(c charClass) bool { return c == clLatin || c == clLatinPunct }
	if han(a.class) && lat(b.class) || lat(a.class) && han(b.class) {
		// ¼ em between hanzi and Latin letters or digits, ⅛–½ em; a source
		// space here is the same gap, not an addition.
		j.W, j.Stretch, j.Shrink = em/4, em/4, em/8
		return j
	}
	// CJK text: no natural space; stretch evenly when a line must expand. A
	// space the author typed between CJK characters (as in a byline
	// "组织部长 宋波") is kept as half an em.
	j.Stretch = em / 4
	if space {
		j.W = em / 2
	}
	if !cjkLike(a.class) && !cjkLike(b.class) {
		j.Stretch = 0
	}
	return j
}

func spaceWidth(st style) units.Length {
	_, f, ok := st.chain.lookup(' ')
	if !ok {
		return st.size / 4
	}
	return glyphAdvance(f, ' ', st.size)
}

// glyphAdvance is the advance of r in f at size from the one width model
// (fonts.Face.Width: whole thousandths of an em, the PDF's /W widths), so
// the positions the layout computes are the ones a viewer applies.
func glyphAdvance(f metrics, r rune, size units.Length) units.Length {
	return units.Length(f.Width(r)).Scale(int64(size), 1000)
}

// blank: a space character other than the ASCII space (which itemize
// turns into joints): U+3000, U+00A0, U+2002–200A, U+202F …
func blank(r rune) bool { return r != ' ' && unicode.Is(unicode.Zs, r) }

// noBreakSpace: the spaces no line may break beside.
func noBreakSpace(r rune) bool { return r == 0xA0 || r == 0x202F || r == 0x2007 }

// fullWidthMark: the classes of full-width punctuation, whose blank half is
// their own spacing.
func fullWidthMark(c charClass) bool { return c == clOpen || c == clClose || c == clMiddle }

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// hyphenGlyph is the hyphen added where a word is hyphenated: a soft hyphen
// (U+00AD), which fonts draw as a hyphen, so text copied from the PDF and
// every extractor know it is not part of the word (unlike the hyphen of
// "dpkg-reconfigure" broken after its hyphen); '-' when the font has no
// soft hyphen.
func hyphenGlyph(st style) (glyph, bool) {
	for _, r := range []rune{0xAD, '-'} {
		if id, f, ok := st.chain.lookup(r); ok {
			return glyph{r: r, font: id, adv: glyphAdvance(f, r, st.size)}, true
		}
	}
	return glyph{}, false
}

// borrow records r when face i is the chain's last, the other role's font
// (only for characters that are not blank: a space is the same in any face).
func (c *faceChain) borrow(i int, r rune) {
	if c.borrowed != nil && i == len(c.faces)-1 && i > 0 && r > ' ' {
		c.borrowed[r] = true
	}
}
