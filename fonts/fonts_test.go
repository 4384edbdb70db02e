package fonts

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Fixtures in testdata/, made by scripts/mkfonts.sh testdata: serif-sub.ttf
// and sans-sub.ttf (Noto Serif SC Regular / Noto Sans SC Bold subsets of
// fixtureText), pair.ttc (face 0 serif-sub, face 1 sans-sub), serif-sub.woff
// and .woff2, and the CFF-outline fonts cff.otf and cff.otc.
const fixtureText = "永和九年岁在癸丑暮春之初中文排版，。、“”—…·Aa1 𠂇"

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func loadFixture(t testing.TB, name string, index int) *Face {
	t.Helper()
	f, err := Load(filepath.Join("testdata", name), index)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// tableData returns the bytes of table tag of a standalone sfnt.
func tableData(t testing.TB, data []byte, tag string) []byte {
	t.Helper()
	recs, err := readDirectory(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.tag == tag {
			return data[r.offset : r.offset+r.length]
		}
	}
	t.Fatalf("no %q table", tag)
	return nil
}

func TestCoverage(t *testing.T) {
	f := loadFixture(t, "serif-sub.ttf", 0)
	if f.Name != filepath.Join("testdata", "serif-sub.ttf") {
		t.Errorf("Name = %q", f.Name)
	}
	if f.GlyphCount() != 33 {
		t.Errorf("GlyphCount = %d, want 33", f.GlyphCount())
	}
	for _, r := range fixtureText {
		if !f.Has(r) {
			t.Errorf("Has(%q %U) = false, want true", r, r)
		}
	}
	// 龘 is rare; 丁 and 丕 are GB2312 but not in this small subset;
	// U+2CB5A is outside the BMP and not in the subset; U+FFFF, negative and
	// beyond-Unicode values are never characters.
	for _, r := range []rune{'龘', '丁', '丕', 'B', '!', '\n', 0, 0x2CB5A, 0x10000, 0xFFFF, -1, 0x110000, 0x7FFFFFFF} {
		if f.Has(r) {
			t.Errorf("Has(%U) = true, want false", r)
		}
		if a := f.Advance(r); a != 0 {
			t.Errorf("Advance(%U) = %d, want 0 (absent)", r, a)
		}
	}
}

func TestAdvance(t *testing.T) {
	// Values from fontTools: TTFont(p)["hmtx"].metrics[cmap[c]][0].
	// serif-sub has numberOfHMetrics 8, so most hanzi take the repeated last
	// advance.
	want := map[string]map[rune]int{
		"serif-sub.ttf": {' ': 256, '1': 471, 'A': 718, 'a': 557, '·': 327, '—': 890, '“': 1000, '”': 1000, '…': 1000,
			'、': 1000, '。': 1000, '，': 1000, '永': 1000, '癸': 1000, '𠂇': 1000},
		"sans-sub.ttf": {' ': 227, '1': 590, 'A': 641, 'a': 591, '·': 1000, '—': 908, '“': 1000, '”': 1000, '…': 1000,
			'、': 1000, '。': 1000, '，': 1000, '永': 1000, '癸': 1000, '𠂇': 1000},
	}
	for file, adv := range want {
		f := loadFixture(t, file, 0)
		for r, w := range adv {
			if got := f.Advance(r); got != w {
				t.Errorf("%s: Advance(%q) = %d, want %d", file, r, got, w)
			}
		}
		if f.UnitsPerEm != 1000 || f.Ascender != 880 || f.Descender != -120 {
			t.Errorf("%s: UnitsPerEm, Ascender, Descender = %d, %d, %d; want 1000, 880, -120",
				file, f.UnitsPerEm, f.Ascender, f.Descender)
		}
	}
}

// GB2312 row 1 (symbols and punctuation) and row 3 (fullwidth ASCII), as
// Python's gb2312 codec decodes them, plus the usual alternative mappings of
// A1A4 and A1AA (U+00B7 ·, U+2014 —) and the punctuation a layout needs.
const (
	gb2312Row1 = "\u3000、。・ˉˇ¨〃々―～‖…‘’“”〔〕〈〉《》「」『』〖〗【】±×÷∶∧∨∑∏∪∩∈∷√⊥∥∠⌒⊙∫∮≡≌≈∽∝≠≮≯≤≥∞∵∴♂♀°′″℃＄¤￠￡‰§№☆★○●◎◇◆□■△▲※→←↑↓〓"
	gb2312Row3 = "！＂＃￥％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝￣"
	mustHave   = "\u3001\u3002\uff0c\u201c\u201d\u2014\u2026\u00b7" + "、。，“”—…·；：？！（）《》〈〉「」『』【】～"
	// First and last hanzi of GB2312 level 1 and level 2, a few in between,
	// the seed article's title, ASCII and name characters from extra-chars.txt.
	someText = "啊座亍齄永强主动探索推进县委常委组织部长宋波ABCxyz0123456789@#&镕堃喆昇珺玥"
)

func TestBuiltin(t *testing.T) {
	for _, tc := range []struct {
		name   string
		glyphs int
		advA   int
	}{{"serif", 9200, 718}, {"sans", 9200, 641}} {
		f, err := Builtin(tc.name)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != "builtin:"+tc.name {
			t.Errorf("Name = %q", f.Name)
		}
		// 9,2xx glyphs when built (GB2312 + 通用规范汉字表 + punctuation + sample/);
		// far more would mean layout closure (vert, ...) crept back in.
		if n := f.GlyphCount(); n < tc.glyphs || n > tc.glyphs+1000 {
			t.Errorf("%s: GlyphCount = %d, want about %d", tc.name, n, tc.glyphs)
		}
		if f.UnitsPerEm != 1000 || f.Ascender != 880 || f.Descender != -120 {
			t.Errorf("%s: metrics %d %d %d", tc.name, f.UnitsPerEm, f.Ascender, f.Descender)
		}
		if a := f.Advance('A'); a != tc.advA {
			t.Errorf("%s: Advance('A') = %d, want %d", tc.name, a, tc.advA)
		}
		for _, r := range gb2312Row1 + gb2312Row3 + mustHave + someText {
			if !f.Has(r) {
				t.Errorf("%s: missing %q %U", tc.name, r, r)
			}
		}
		for _, r := range []rune{'龘', '𠂇', '𠮷', '₂', '㌀'} {
			if f.Has(r) {
				t.Errorf("%s: Has(%q) = true; the builtin subset should not have it", tc.name, r)
			}
		}
		if !bytes.HasPrefix(f.Data, []byte{0, 1, 0, 0}) {
			t.Errorf("%s: Data is not a TrueType sfnt", tc.name)
		}
		for _, tag := range []string{"GSUB", "GPOS", "vhea", "vmtx", "CFF "} {
			if recs, _ := readDirectory(f.Data, 0); hasTable(recs, tag) {
				t.Errorf("%s: has a %q table", tc.name, tag)
			}
		}
	}
	if _, err := Builtin("kai"); !errors.Is(err, ErrUnknownFont) {
		t.Errorf("Builtin(kai) error = %v, want ErrUnknownFont", err)
	}
}

func hasTable(recs []tableRecord, tag string) bool {
	for _, r := range recs {
		if r.tag == tag {
			return true
		}
	}
	return false
}

func TestBuiltinConcurrentOnce(t *testing.T) {
	var wg sync.WaitGroup
	got := make([]*Face, 16)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := Builtin([]string{"serif", "sans"}[i%2])
			if err != nil {
				t.Error(err)
			}
			got[i] = f
			_ = f.Has('永') && f.Advance('永') > 0
		}()
	}
	wg.Wait()
	for i := range got {
		if got[i] != got[i%2] {
			t.Errorf("call %d returned a different *Face", i)
		}
	}
}

func TestCollection(t *testing.T) {
	path := filepath.Join("testdata", "pair.ttc")
	f0 := loadFixture(t, "pair.ttc", 0)
	f1 := loadFixture(t, "pair.ttc", 1)
	if f0.Name != path+"#0" || f1.Name != path+"#1" {
		t.Errorf("names %q, %q", f0.Name, f1.Name)
	}
	serif := loadFixture(t, "serif-sub.ttf", 0)
	sans := loadFixture(t, "sans-sub.ttf", 0)
	for _, r := range fixtureText {
		if !f0.Has(r) || !f1.Has(r) {
			t.Errorf("%q missing from a collection face", r)
		}
		if f0.Advance(r) != serif.Advance(r) || f1.Advance(r) != sans.Advance(r) {
			t.Errorf("%q: advances %d, %d; want %d, %d", r, f0.Advance(r), f1.Advance(r), serif.Advance(r), sans.Advance(r))
		}
	}
	if f0.Advance('A') == f1.Advance('A') {
		t.Error("faces 0 and 1 have the same advance for A")
	}
	// The extracted faces are standalone sfnts with the source fonts' outlines.
	for _, c := range []struct {
		face, src *Face
	}{{f0, serif}, {f1, sans}} {
		checkStandalone(t, c.face.Name, c.face.Data)
		for _, tag := range []string{"glyf", "loca", "hmtx", "cmap", "OS/2", "head"} {
			a, b := bytes.Clone(tableData(t, c.face.Data, tag)), bytes.Clone(tableData(t, c.src.Data, tag))
			if tag == "head" { // fontTools rewrites checkSumAdjustment when it saves the collection
				clear(a[8:12])
				clear(b[8:12])
			}
			if !bytes.Equal(a, b) {
				t.Errorf("%s: %q table differs from the source font's", c.face.Name, tag)
			}
		}
	}
	if bytes.Equal(tableData(t, f0.Data, "glyf"), tableData(t, f1.Data, "glyf")) {
		t.Error("faces 0 and 1 have the same glyf table")
	}

	_, err := Load(path, 2)
	if !errors.Is(err, ErrFaceIndex) || !strings.Contains(err.Error(), "2 faces") {
		t.Errorf("Load(pair.ttc, 2) error = %v; want ErrFaceIndex saying the collection has 2 faces", err)
	}
	if _, err := Load(path, -1); !errors.Is(err, ErrFaceIndex) {
		t.Errorf("Load(pair.ttc, -1) error = %v; want ErrFaceIndex", err)
	}
	_, err = Load(filepath.Join("testdata", "serif-sub.ttf"), 1)
	if !errors.Is(err, ErrFaceIndex) || !strings.Contains(err.Error(), "not a collection") {
		t.Errorf("Load(serif-sub.ttf, 1) error = %v; want ErrFaceIndex (not a collection)", err)
	}
}

// checkStandalone checks the sfnt header, 4-byte alignment, zero padding,
// bounds and every table checksum of an extracted face.
func checkStandalone(t *testing.T, name string, data []byte) {
	t.Helper()
	if !bytes.HasPrefix(data, []byte{0, 1, 0, 0}) {
		t.Errorf("%s: sfnt version % x", name, data[:4])
	}
	recs, err := readDirectory(data, 0)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	end := uint32(12 + 16*len(recs))
	for i, r := range recs {
		if i > 0 && recs[i-1].tag >= r.tag {
			t.Errorf("%s: table records not sorted at %q", name, r.tag)
		}
		if r.offset%4 != 0 || r.offset != end {
			t.Errorf("%s: %q at offset %d, want %d (4-byte aligned, packed)", name, r.tag, r.offset, end)
		}
		padded := data[r.offset : r.offset+(r.length+3)&^3]
		for _, b := range padded[r.length:] {
			if b != 0 {
				t.Errorf("%s: %q padding not zero", name, r.tag)
			}
		}
		if r.tag != "head" && checksum(padded) != r.checksum {
			t.Errorf("%s: %q checksum mismatch", name, r.tag)
		}
		end = r.offset + (r.length+3)&^3
	}
	if int(end) != len(data) {
		t.Errorf("%s: %d bytes, tables end at %d", name, len(data), end)
	}
}

func checksum(b []byte) uint32 {
	var s uint32
	for i := 0; i+4 <= len(b); i += 4 {
		s += binary.BigEndian.Uint32(b[i:])
	}
	return s
}

func TestCFFFaces(t *testing.T) {
	for _, c := range []struct {
		file  string
		index int
		name  string
	}{{"cff.otf", 0, "TestCFF"}, {"cff.otc", 0, "TestCFF"}, {"cff.otc", 1, "TestCFFWide"}} {
		f, err := Load(filepath.Join("testdata", c.file), c.index)
		if err != nil {
			t.Errorf("%s#%d: %v", c.file, c.index, err)
			continue
		}
		if f.CFF() == nil || f.CFF().NumGlyphs() != f.GlyphCount() || f.PostScriptName() != c.name {
			t.Errorf("%s#%d: CFF %v, %d glyphs, PostScript name %q", c.file, c.index, f.CFF() != nil, f.GlyphCount(), f.PostScriptName())
		}
		if !f.Has('A') || !f.Has('永') || f.Has('B') || f.Width('永') == 0 {
			t.Errorf("%s#%d: character map or widths wrong: A %v 永 %v (width %d)", c.file, c.index, f.Has('A'), f.Has('永'), f.Width('永'))
		}
		// The TrueType given to gopdf has the same character map and no outlines.
		tt, err := Parse("synth", f.Data, 0)
		if err != nil {
			t.Errorf("%s#%d: synthesised TrueType: %v", c.file, c.index, err)
			continue
		}
		if !slices.Equal(tt.advances, f.advances) || !bytes.Equal(tableData(t, f.Data, "cmap"), tableData(t, otf(t, c.file, c.index), "cmap")) ||
			len(tt.glyf) > 4 || tt.Has('A') {
			t.Errorf("%s#%d: synthesised TrueType differs", c.file, c.index)
		}
	}
	if _, err := Load(filepath.Join("testdata", "cff.otc"), 2); !errors.Is(err, ErrFaceIndex) {
		t.Errorf("cff.otc#2: error = %v, want ErrFaceIndex", err)
	}
	if _, err := Load(filepath.Join("testdata", "cff.otf"), 1); !errors.Is(err, ErrFaceIndex) {
		t.Errorf("cff.otf#1: error = %v, want ErrFaceIndex", err)
	}
	// CFF2 (variable) outlines are refused.
	if _, err := Parse("v.otf", retag(t, readFixture(t, "cff.otf"), "CFF ", "CFF2"), 0); !errors.Is(err, ErrCFF) {
		t.Errorf("CFF2: error = %v, want ErrCFF", err)
	}
	// A TrueType-signature sfnt with a "CFF " table is refused.
	data := retag(t, readFixture(t, "serif-sub.ttf"), "OS/2", "CFF ")
	if _, err := Parse("x.ttf", data, 0); !errors.Is(err, ErrCFF) || !strings.Contains(err.Error(), "TrueType") {
		t.Errorf("sfnt with CFF table: error = %v, want ErrCFF", err)
	}
}

// otf is the sfnt of face index of a fixture, standalone (tables stay
// where they are, so offsets remain valid for tableData).
func otf(t *testing.T, file string, index int) []byte {
	data := readFixture(t, file)
	if string(data[:4]) == "ttcf" {
		_, off, err := collectionFace(data, index)
		if err != nil {
			t.Fatal(err)
		}
		d := bytes.Clone(data)
		copy(d, d[off:off+12+16*uint32(binary.BigEndian.Uint16(d[off+4:]))])
		return d
	}
	return data
}

// retag renames table from to "to" in a copy of data.
func retag(t *testing.T, data []byte, from, to string) []byte {
	t.Helper()
	d := bytes.Clone(data)
	n := int(binary.BigEndian.Uint16(d[4:]))
	for i := 0; i < n; i++ {
		if string(d[12+16*i:16+16*i]) == from {
			copy(d[12+16*i:], to)
			return d
		}
	}
	t.Fatalf("no %q table", from)
	return nil
}

func TestRefuseWOFF(t *testing.T) {
	for _, file := range []string{"serif-sub.woff", "serif-sub.woff2"} {
		_, err := Load(filepath.Join("testdata", file), 0)
		if !errors.Is(err, ErrWOFF) {
			t.Errorf("%s: error = %v, want ErrWOFF", file, err)
			continue
		}
		kind := strings.ToUpper(strings.TrimPrefix(filepath.Ext(file), "."))
		for _, s := range []string{kind + " web font", "TrueType", "@expo-google-fonts"} {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%s: message lacks %q: %v", file, s, err)
			}
		}
	}
}

func TestRefuseGarbage(t *testing.T) {
	ttf := readFixture(t, "serif-sub.ttf")
	cases := map[string][]byte{
		"empty":     nil,
		"short":     []byte("\x00\x01\x00"),
		"text":      []byte("这不是字体文件。This is not a font file at all."),
		"pdf":       []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"),
		"png":       []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"zip":       []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"),
		"type1":     append([]byte{0x80, 0x01, 0x10, 0x00, 0x00, 0x00}, "%!PS-AdobeFont-1.0"...),
		"truncated": ttf[:200],
		"ttc hdr":   []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x00"),
		"ttc 9999":  []byte("ttcf\x00\x01\x00\x00\x00\x00\x27\x0f\x00\x00\x00\x00"),
	}
	for name, data := range cases {
		_, err := Parse(name, data, 0)
		if !errors.Is(err, ErrNotFont) {
			t.Errorf("%s: error = %v, want ErrNotFont", name, err)
		} else if !strings.HasPrefix(err.Error(), name+": ") {
			t.Errorf("%s: message does not start with the font name: %v", name, err)
		}
	}
	if _, err := Parse("type1", cases["type1"], 0); !strings.Contains(err.Error(), "Type 1") {
		t.Errorf("type1: %v", err)
	}
	if _, err := Load(filepath.Join("testdata", "no-such-font.ttf"), 0); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: error = %v", err)
	}
}

// setFSType returns a copy of the TrueType font data with OS/2 fsType = v.
func setFSType(t *testing.T, data []byte, v uint16) []byte {
	t.Helper()
	d := bytes.Clone(data)
	recs, err := readDirectory(d, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.tag == "OS/2" {
			binary.BigEndian.PutUint16(d[r.offset+8:], v)
			return d
		}
	}
	t.Fatal("no OS/2")
	return nil
}

func TestEmbeddingPermission(t *testing.T) {
	ttf := readFixture(t, "serif-sub.ttf")
	for fsType, refused := range map[uint16]bool{
		0x0000: false, // installable
		0x0002: true,  // restricted licence
		0x0004: false, // preview & print
		0x0006: false, // restricted + preview: the less restrictive applies
		0x0008: false, // editable
		0x0102: true,  // restricted, no subsetting
		0x0100: true,  // no subsetting: gopdf always subsets
		0x0208: true,  // bitmap embedding only
	} {
		_, err := Parse("fs.ttf", setFSType(t, ttf, fsType), 0)
		if refused != errors.Is(err, ErrNoEmbedding) || (!refused && err != nil) {
			t.Errorf("fsType 0x%04X: error = %v, refused want %v", fsType, err, refused)
		}
		if fsType == 0x0002 && (err == nil || !strings.Contains(err.Error(), "forbids embedding")) {
			t.Errorf("fsType 0x0002: message %v", err)
		}
	}
}

func TestAppleTrueSignature(t *testing.T) {
	ttf := readFixture(t, "serif-sub.ttf")
	d := bytes.Clone(ttf)
	copy(d, "true")
	f, err := Parse("apple.ttf", d, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(f.Data, ttf) || string(d[:4]) != "true" {
		t.Error("want Data rewritten to version 0x00010000 without touching the input")
	}
}

// Damaged input must give an error, never a panic.
func TestDamagedNoPanic(t *testing.T) {
	for _, file := range []string{"serif-sub.ttf", "pair.ttc"} {
		good := readFixture(t, file)
		for n := 0; n < len(good); n += 37 {
			Parse("cut", good[:n], 0)
		}
		rng := rand.New(rand.NewSource(1))
		for i := 0; i < 300; i++ {
			d := bytes.Clone(good)
			for j := 0; j < 1+rng.Intn(8); j++ {
				d[rng.Intn(min(len(d), 600))] = byte(rng.Intn(256))
			}
			if f, err := Parse("flip", d, rng.Intn(2)); err == nil {
				for _, r := range fixtureText + "龘" {
					f.Has(r)
					f.Advance(r)
				}
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, file := range []string{"serif-sub.ttf", "pair.ttc", "cff.otf", "serif-sub.woff"} {
		f.Add(readFixture(f, file), 0)
	}
	f.Fuzz(func(t *testing.T, data []byte, index int) {
		face, err := Parse("fuzz", data, index%4)
		if err == nil {
			for _, r := range fixtureText {
				face.Advance(r)
			}
		}
	})
}

func BenchmarkBuiltin(b *testing.B) {
	for _, name := range []string{"serif", "sans"} {
		data := builtins[name].data
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Parse("builtin:"+name, data, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAdvance(b *testing.B) {
	f, err := Builtin("serif")
	if err != nil {
		b.Fatal(err)
	}
	text := []rune("今年，党的群众路线教育实践活动将在县级层面全面开展。“我学习、我快乐”——ABC 123…𠂇龘")
	b.ResetTimer()
	sum := 0
	for i := 0; b.Loop(); i++ {
		r := text[i%len(text)]
		if f.Has(r) {
			sum += f.Advance(r)
		}
	}
	_ = sum
}

// A font that maps a visible character to a glyph without an outline (a
// placeholder) printed that character as a blank. Such a character now
// counts as missing, so the next font is tried or it is reported.
func TestEmptyGlyphIsNotCoverage(t *testing.T) {
	data := readFixture(t, "serif-sub.ttf")
	f, err := Parse("serif-sub.ttf", data, 0)
	if err != nil || !f.Has('永') || !f.Has(' ') {
		t.Fatalf("fixture: %v", err)
	}
	g := int(f.bmp['永'])
	// empty glyph g: loca[g+1] = loca[g] (the next glyph starts where g did)
	recs, err := readDirectory(data, 0)
	if err != nil {
		t.Fatal(err)
	}
	d := append([]byte(nil), data...)
	var head, loca tableRecord
	for _, r := range recs {
		switch r.tag {
		case "head":
			head = r
		case "loca":
			loca = r
		}
	}
	if int16(binary.BigEndian.Uint16(d[head.offset+50:])) == 0 {
		copy(d[loca.offset+2*uint32(g)+2:], d[loca.offset+2*uint32(g):loca.offset+2*uint32(g)+2])
	} else {
		copy(d[loca.offset+4*uint32(g)+4:], d[loca.offset+4*uint32(g):loca.offset+4*uint32(g)+4])
	}
	f, err = Parse("blank.ttf", d, 0)
	if err != nil {
		t.Fatal(err)
	}
	if f.Has('永') || f.Advance('永') != 0 {
		t.Error("永 maps to a glyph without an outline, yet Has reports it")
	}
	if !f.Has('和') || !f.Has(' ') {
		t.Error("other characters, and the space (whose glyph has no outline), must stay")
	}
}

// The embedded default fonts cover every character of 《通用规范汉字表》
// (fonts/tongyong-8105.txt), supplementary-plane ones (𬭚 𫖯 …) included, so
// a name such as 王𬭚 or 赟 never stops a build that uses them (issue 12).
func TestBuiltinCoversTongyong8105(t *testing.T) {
	data, err := os.ReadFile("tongyong-8105.txt")
	if err != nil {
		t.Fatal(err)
	}
	var chars []rune
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "#") {
			chars = append(chars, []rune(strings.TrimSpace(line))...)
		}
	}
	if len(chars) != 8105 {
		t.Fatalf("%d characters in the table, want 8105", len(chars))
	}
	for _, name := range []string{"serif", "sans"} {
		f, err := Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		var missing []rune
		for _, c := range chars {
			if !f.Has(c) || f.Width(c) <= 0 {
				missing = append(missing, c)
			}
		}
		if len(missing) > 0 {
			t.Errorf("builtin:%s lacks %d characters of the table: %s", name, len(missing), string(missing[:min(40, len(missing))]))
		}
	}
}

// The builtin faces have the symbols newsrooms type that GB2312 lacks (a
// −5℃, €15亿, ™, the eleventh circled number, ㎡, pinyin capitals): each was
// "in no configured font" with the default fonts.
func TestBuiltinCoversNewsroomSymbols(t *testing.T) {
	const symbols = "−€™℉⑪⑳㉑㎡㎏㏄ĀŌǓŒđⅰ⇒≦⊕▶☎✓❶➀㈠₩⁴"
	for _, name := range []string{"serif", "sans"} {
		f, err := Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range symbols {
			if !f.Has(c) || f.Width(c) <= 0 {
				t.Errorf("builtin:%s lacks %c (U+%04X)", name, c, c)
			}
		}
	}
}
