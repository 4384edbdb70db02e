package fonts

import (
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/paiban/paiban/internal/testtool"
)

// flatten is glyph g's charstring with every subroutine call replaced by
// the subroutine's tokens: what the glyph draws, whatever the numbering.
func flatten(t *testing.T, c *CFF, g int) string {
	t.Helper()
	var out []string
	var nums []int
	stems := 0
	local := c.fds[0].subrs
	if c.fdSelect != nil {
		local = c.fds[c.fdSelect[g]].subrs
	}
	var run func(cs []byte, depth int) bool
	run = func(cs []byte, depth int) bool {
		for i := 0; i < len(cs); {
			b := cs[i]
			if n := literalLen(b); n > 0 {
				var v int
				switch {
				case b == 28:
					v = int(int16(binary.BigEndian.Uint16(cs[i+1:])))
				case b <= 246:
					v = int(b) - 139
				case b <= 250:
					v = (int(b)-247)*256 + int(cs[i+1]) + 108
				case b <= 254:
					v = -(int(b)-251)*256 - int(cs[i+1]) - 108
				default:
					v = int(int32(binary.BigEndian.Uint32(cs[i+1:])))
				}
				nums = append(nums, v)
				out = append(out, fmt.Sprint(v))
				i += n
				continue
			}
			i++
			switch b {
			case 10, 29:
				subrs := local
				if b == 29 {
					subrs = c.gsubrs
				}
				k := nums[len(nums)-1] + subrBias(len(subrs))
				nums = nums[:len(nums)-1]
				out = out[:len(out)-1]
				if run(subrs[k], depth+1) {
					return true
				}
				continue
			case 11:
				return false
			case 14:
				out = append(out, "endchar")
				return true
			case 1, 3, 18, 23:
				stems += len(nums) / 2
			case 19, 20:
				stems += len(nums) / 2
				out = append(out, fmt.Sprintf("mask%x", cs[i:i+(stems+7)/8]))
				i += (stems + 7) / 8
			case 12:
				out = append(out, fmt.Sprintf("op12.%d", cs[i]))
				i++
				nums = nums[:0]
				continue
			}
			out = append(out, fmt.Sprintf("op%d", b))
			nums = nums[:0]
		}
		return false
	}
	run(c.glyphs[g], 0)
	return strings.Join(out, " ")
}

// subsetCheck subsets c with use and checks that the result parses again,
// is CID-keyed and holds exactly .notdef and, for each CID of use, a glyph
// (reached through the charset) with the charstring of its source glyph,
// whose subroutine calls are all valid in the subset.
func subsetCheck(t *testing.T, c *CFF, use map[int]int) *CFF {
	t.Helper()
	return subsetCheckRenumber(t, c, use, true)
}

func subsetCheckRenumber(t *testing.T, c *CFF, use map[int]int, renumber bool) *CFF {
	t.Helper()
	sub, err := c.subset(use, renumber)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseCFF(sub)
	if err != nil {
		t.Fatalf("subset does not parse: %v", err)
	}
	if !s.CIDKeyed() || s.FontName() != c.FontName() {
		t.Errorf("subset: CID-keyed %v, name %q", s.CIDKeyed(), s.FontName())
	}
	want := len(use) + 1
	if _, ok := use[0]; ok {
		want--
	}
	if s.NumGlyphs() != want {
		t.Fatalf("subset has %d glyphs, want %d", s.NumGlyphs(), want)
	}
	if flatten(t, s, 0) != flatten(t, c, 0) {
		t.Error(".notdef changed")
	}
	sc := &csScan{c: s, gUsed: make([]bool, len(s.gsubrs))}
	for cid, g := range use {
		sg := s.GlyphOfCID(cid)
		if sg < 0 || flatten(t, s, sg) != flatten(t, c, g) {
			t.Errorf("CID %d: glyph %d of the subset is not glyph %d", cid, sg, g)
			continue
		}
		sc.lUsed = make([]bool, len(s.fds[s.fdSelect[sg]].subrs))
		if err := sc.glyph(sg); err != nil {
			t.Errorf("CID %d in the subset: %v", cid, err)
		}
	}
	return s
}

func TestCFFSubsetFixture(t *testing.T) {
	f := loadFixture(t, "cff.otf", 0)
	c := f.CFF()
	if c.CIDKeyed() {
		t.Fatal("fixture is name-keyed")
	}
	a, yong := f.Glyph('A'), f.Glyph('永')
	subsetCheck(t, c, map[int]int{a: a})
	// An alias CID past the glyph count has a copy of its glyph.
	s5 := subsetCheck(t, c, map[int]int{a: a, yong: yong, 5: yong})
	if s5.GlyphOfCID(3) != -1 || s5.GlyphOfCID(5) != 3 {
		t.Errorf("CIDs 3, 5: glyphs %d, %d", s5.GlyphOfCID(3), s5.GlyphOfCID(5))
	}
	// The subset of a subset (CID-keyed) works too.
	sub, _ := c.Subset(map[int]int{yong: yong})
	s, err := ParseCFF(sub)
	if err != nil {
		t.Fatal(err)
	}
	subsetCheck(t, s, map[int]int{yong: s.GlyphOfCID(yong)})
	if _, err := c.Subset(map[int]int{1: 99}); err == nil {
		t.Error("a glyph out of range was accepted")
	}
}

// TestCFFSubsetNotoCJK subsets the system's Noto CJK (fonts-noto-cjk):
// CID-keyed, many Font DICTs and subroutines.
func TestCFFSubsetNotoCJK(t *testing.T) {
	for _, path := range []string{
		"/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
		"/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
	} {
		data := testtool.ReadFile(t, path, "fonts-noto-cjk")
		f, err := Parse(path, data, 2) // the SC face
		if err != nil {
			t.Fatal(err)
		}
		c := f.CFF()
		if c == nil || !c.CIDKeyed() || len(c.fds) < 2 {
			t.Fatalf("%s: not a CID-keyed CFF with Font DICTs", f.Name)
		}
		use := map[int]int{}
		for _, r := range "永和九年，岁在癸丑，暮春之初。保俶塔 ABCabc 123" {
			if g := f.Glyph(r); g != 0 {
				use[g] = g
			} else if r != ' ' {
				t.Errorf("%s: no glyph for %q", f.Name, r)
			}
		}
		use[1] = f.Glyph('永') // an alias
		sub, err := c.Subset(use)
		if err != nil {
			t.Fatal(err)
		}
		subsetCheck(t, c, use)
		// Without renumbering (the fallback), unused subroutines are emptied.
		kept := subsetCheckRenumber(t, c, use, false)
		if len(kept.gsubrs) != len(c.gsubrs) {
			t.Errorf("fallback: %d global subroutines, want %d", len(kept.gsubrs), len(c.gsubrs))
		}
		if len(sub) > 20_000 {
			t.Errorf("%s: subset of %d glyphs is %d bytes (the font's CFF %d)", f.Name, len(use), len(sub), len(c.data))
		}
		t.Logf("%s: %d glyphs: subset %d bytes of %d", f.Name, len(use), len(sub), len(c.data))
	}
}

func FuzzCFF(f *testing.F) {
	f.Add(tableData(f, loadFixture(f, "cff.otf", 0).Data, "name")[:0]) // empty
	cff := loadFixture(f, "cff.otf", 0).CFF()
	f.Add(cff.data)
	if sub, err := cff.Subset(map[int]int{1: 1, 2: 2}); err == nil {
		f.Add(sub)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCFF(data)
		if err != nil {
			return
		}
		use := map[int]int{}
		for g := range min(c.NumGlyphs(), 8) {
			use[g] = g
		}
		sub, err := c.Subset(use)
		if err != nil {
			return
		}
		if _, err := ParseCFF(sub); err != nil {
			t.Fatalf("subset does not parse: %v", err)
		}
	})
}
