package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/signintech/gopdf/fontmaker/core"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/raster"
	"github.com/paiban/paiban/units"
)

func needTool(t *testing.T, name string) {
	t.Helper()
	testtool.Need(t, name)
}

// ---- reading our own output back ----

var objRE = regexp.MustCompile(`(?s)(\d+) 0 obj\n(.*?)endobj\n`)

// objects maps object numbers to bodies.
func objects(pdf []byte) map[int][]byte {
	m := map[int][]byte{}
	for _, s := range objRE.FindAllSubmatch(pdf, -1) {
		n, _ := strconv.Atoi(string(s[1]))
		m[n] = s[2]
	}
	return m
}

// streamOf returns a stream object's decoded data.
func streamOf(t *testing.T, body []byte) []byte {
	t.Helper()
	i := bytes.Index(body, []byte("stream\n"))
	j := bytes.LastIndex(body, []byte("endstream"))
	if i < 0 || j < i {
		t.Fatalf("not a stream: %.80q", body)
	}
	dict, data := body[:i], body[i+7:j]
	if bytes.Contains(dict, []byte("/FlateDecode")) {
		r, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		out, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	return data
}

// contents returns every page's decoded content stream, in page order.
func contents(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	d, err := cos.Read(pdf)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := d.Pages()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, p := range pages {
		list, err := d.Contents(p)
		if err != nil {
			t.Fatal(err)
		}
		var c []byte
		for _, r := range list {
			data, err := cos.Decode(d.Get(r).(*cos.Stream))
			if err != nil {
				t.Fatal(err)
			}
			c = append(c, data...)
		}
		out = append(out, c)
	}
	return out
}

// operators lists the operators of a content stream (not their operands).
func operators(content []byte) []string {
	var ops []string
	s := string(content)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t':
			i++
		case c == '[' || c == ']':
			i++
		case c == '<':
			j := strings.IndexByte(s[i:], '>')
			i += j + 1
		case c == '(':
			j := strings.IndexByte(s[i:], ')')
			i += j + 1
		case c == '/':
			i++
			for i < len(s) && !strings.ContainsRune(" \n\r\t/[]<>()", rune(s[i])) {
				i++
			}
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \n\r\t/[]<>()", rune(s[j])) {
				j++
			}
			tok := s[i:j]
			if _, err := strconv.ParseFloat(tok, 64); err != nil {
				ops = append(ops, tok)
			}
			i = j
		}
	}
	return ops
}

// ---- glyph positions ----

type stextChar struct {
	X float64 `xml:"x,attr"`
	Y float64 `xml:"y,attr"`
	C string  `xml:"c,attr"`
}

type stextPage struct {
	Chars []stextChar `xml:"block>line>font>char"`
}

type stextDoc struct {
	Pages []stextPage `xml:"page"`
}

func stext(t *testing.T, path string) stextDoc {
	t.Helper()
	out, err := exec.Command("mutool", "draw", "-q", "-F", "stext", "-o", "-", path).Output()
	if err != nil {
		t.Fatalf("mutool draw: %v", err)
	}
	var d stextDoc
	if err := xml.Unmarshal(out, &d); err != nil {
		t.Fatalf("stext: %v", err)
	}
	return d
}

// expectedOrigins computes each glyph's origin from the font's raw tables,
// read by another parser than package fonts (gopdf's fontmaker; only its raw
// hmtx and cmap, not the widths it writes), with paiban's width model (the
// advance in whole thousandths of an em, truncated, as the layout sets it):
// origin i+1 = origin i + ⌊hmtx advance × 1000 / unitsPerEm⌋ / 1000 × size +
// Spacing, in PDF points from the media box's top-left corner.
func expectedOrigins(t *testing.T, doc *layout.Document, r layout.GlyphRun) (xs []float64, y float64) {
	t.Helper()
	var f core.TTFParser
	if err := f.ParseFontData(doc.Fonts[r.Font].Data); err != nil {
		t.Fatal(err)
	}
	upem := float64(f.UnitsPerEm())
	widths := f.Widths()
	x := pt(r.X + doc.Bleed)
	for _, c := range r.Text {
		xs = append(xs, x)
		g, ok := f.Chars()[int(c)]
		if !ok {
			t.Fatalf("no glyph for %q", c)
		}
		if int(g) >= len(widths) {
			g = uint(len(widths) - 1)
		}
		x += float64(int(widths[g])*1000/int(upem))/1000*pt(r.Size) + pt(r.Spacing)
	}
	return xs, pt(r.Y + doc.Bleed)
}

func TestGlyphPositions(t *testing.T) {
	needTool(t, "mutool")
	doc := sampleDoc(t)
	// Long runs in a 2048-unit font and a 256-unit font, odd sizes and
	// spacings: rounding errors would accumulate along the run.
	doc.Pages[1].Runs = append(doc.Pages[1].Runs,
		layout.GlyphRun{Font: 1, Size: units.FromPt(9.25), X: mm(12), Y: mm(120), Text: strings.Repeat("abcdefghijklmnopqrstuvwxyz", 3), Spacing: 137, Color: layout.Black},
		layout.GlyphRun{Font: 0, Size: units.FromPt(10.5), X: mm(12), Y: mm(130), Text: "“排版”（测试）——《中文》…ab12，。" + strings.Repeat("永", 20), Spacing: -211, Color: layout.Black},
		layout.GlyphRun{Font: 1, Size: units.FromPt(7.333), X: mm(12), Y: mm(140), Text: strings.Repeat("Wjfl1.,", 15), Spacing: 0, Color: layout.CMYK{C: 20, M: 40, Y: 60, K: 10}},
		layout.GlyphRun{Font: 1, Size: units.FromPt(11), X: mm(12), Y: mm(150), Text: "中文与English混排，数字2026年。" + strings.Repeat("汉", 25), Spacing: 50, Color: layout.Black},
	)
	b, err := Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "pos.pdf")
	os.WriteFile(path, b, 0o644)
	got := stext(t, path)
	if len(got.Pages) != len(doc.Pages) {
		t.Fatalf("mutool sees %d pages, want %d", len(got.Pages), len(doc.Pages))
	}
	worst := 0.0
	for pi, p := range doc.Pages {
		chars := got.Pages[pi].Chars
		used := make([]bool, len(chars))
		want := 0
		for _, r := range p.Runs {
			xs, y := expectedOrigins(t, doc, r)
			for i, c := range []rune(r.Text) {
				if c == ' ' {
					continue
				}
				want++
				best, bestD := -1, math.Inf(1)
				for k, ch := range chars {
					if used[k] || ch.C != string(c) {
						continue
					}
					d := math.Max(math.Abs(ch.X-xs[i]), math.Abs(ch.Y-y))
					if d < bestD {
						best, bestD = k, d
					}
				}
				if best < 0 || bestD > 0.02 {
					t.Errorf("page %d %q glyph %d %q: want origin (%.3f, %.3f), nearest off by %.4f pt", pi+1, r.Text, i, string(c), xs[i], y, bestD)
					continue
				}
				used[best] = true
				worst = math.Max(worst, bestD)
			}
		}
		n := 0
		for _, ch := range chars {
			if ch.C != " " {
				n++
			}
		}
		if n != want {
			t.Errorf("page %d: mutool sees %d glyphs, layout has %d", pi+1, n, want)
		}
	}
	t.Logf("largest position error: %.4f pt", worst)
}

// ---- colour ----

func TestNoRGB(t *testing.T) {
	doc := sampleDoc(t)
	doc.Pages[1].Images = []layout.Image{
		{Path: "testdata/cmyk.jpg", X: mm(10), Y: mm(10), W: mm(40), H: mm(40)},
		{Path: "testdata/gray.png", X: mm(60), Y: mm(10), W: mm(20), H: mm(20)},
	}
	b, err := Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{"q": true, "Q": true, "cm": true, "re": true, "f": true, "m": true, "l": true, "h": true,
		"W": true, "n": true, "S": true, "w": true, "k": true, "K": true, "BT": true, "ET": true, "TD": true, "Tf": true,
		"Tc": true, "TJ": true, "Do": true, "gs": true}
	for i, c := range contents(t, b) {
		for _, op := range operators(c) {
			if !allowed[op] {
				t.Errorf("page %d: operator %q in content", i+1, op)
			}
		}
	}
	if bytes.Contains(b, []byte("RGB")) {
		t.Error("file mentions RGB")
	}
}

// The rect after a coloured text run must not inherit the text colour.
func TestFillColourSetBeforeEveryFill(t *testing.T) {
	doc := sampleDoc(t)
	p := doc.Pages[0]
	p.Rects = append(p.Rects, layout.Rect{X: mm(10), Y: mm(200), W: mm(10), H: mm(10), Fill: layout.CMYK{M: 30}},
		layout.Rect{X: mm(30), Y: mm(200), W: mm(10), H: mm(10), Fill: layout.CMYK{M: 30}})
	b, err := Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	for pi, c := range contents(t, b) {
		lines := strings.Split(string(c), "\n")
		fill := ""
		for _, l := range lines {
			if strings.HasSuffix(l, " k") {
				fill = l
			}
			if strings.HasSuffix(l, " re f") {
				if fill == "" {
					t.Errorf("page %d: fill without colour", pi+1)
				}
				fill = "" // consumed: the next fill must set its own
			}
		}
	}
}

func TestOverprint(t *testing.T) {
	doc := sampleDoc(t)
	b, err := Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("<< /Type /ExtGState /OP true /op true /OPM 1 >>")) {
		t.Fatal("no overprint ExtGState")
	}
	for pi, c := range contents(t, b) {
		var runs []layout.GlyphRun
		for _, r := range doc.Pages[pi].Runs {
			if r.Text != "" {
				runs = append(runs, r)
			}
		}
		// Walk the operators: the overprint state is q /GSop gs … Q.
		type op struct {
			Name string
			gsop bool
		}
		var ops []op
		if err := cos.ScanContent(c, func(o cos.Op) error {
			args, err := o.Operands()
			ops = append(ops, op{o.Name, len(args) == 1 && args[0] == cos.Name("GSop")})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		var depth, opDepth, texts, sets, blackRuns int
		prevBlack := false
		for _, o := range ops {
			switch o.Name {
			case "q":
				depth++
			case "Q":
				if depth == opDepth {
					opDepth = 0
				}
				depth--
			case "gs":
				if o.gsop {
					opDepth, sets = depth, sets+1
				}
			case "BT":
				if texts >= len(runs) {
					t.Fatalf("page %d: more text objects than runs (%d)", pi+1, len(runs))
				}
				black := runs[texts].Color == layout.Black
				if op := opDepth > 0; op != black {
					t.Errorf("page %d run %d (%v): overprint %v, want %v", pi+1, texts, runs[texts].Color, op, black)
				}
				if black && !prevBlack {
					blackRuns++
				}
				prevBlack = black
				texts++
			default:
				// Only text is ever drawn in the overprint state.
				if opDepth > 0 && strings.Contains(" re f S Do B b m l ", " "+o.Name+" ") {
					t.Errorf("page %d: %s drawn with overprint", pi+1, o.Name)
				}
				if o.Name != "ET" && o.Name != "TD" && o.Name != "Tf" && o.Name != "Tc" && o.Name != "k" && o.Name != "TJ" {
					prevBlack = false
				}
			}
		}
		if texts != len(runs) {
			t.Fatalf("page %d: %d text objects, %d runs", pi+1, texts, len(runs))
		}
		// Set once per run of black text objects, not once per object.
		if sets != blackRuns {
			t.Errorf("page %d: overprint set %d times for %d runs of black text", pi+1, sets, blackRuns)
		}
	}
}

// Ghostscript's separation device simulates overprint: under 100 % K text the
// cyan of a rectangle below survives, under yellow text it is knocked out.
func TestOverprintSeparations(t *testing.T) {
	needTool(t, "gs")
	doc := &layout.Document{TrimW: mm(50), TrimH: mm(30), Bleed: mm(3), Fonts: []*fonts.Face{builtin(t, "serif")}}
	p := &layout.Page{}
	p.Rects = []layout.Rect{{X: 0, Y: 0, W: mm(50), H: mm(30), Fill: layout.CMYK{C: 100}},
		// a 100 % K square (a 着重号 dot, a ■) and a 60 % K one
		{X: mm(2), Y: mm(24), W: mm(4), H: mm(4), Fill: layout.Black},
		{X: mm(26), Y: mm(24), W: mm(4), H: mm(4), Fill: layout.CMYK{K: 60}}}
	// a 100 % K rule overprints too; a magenta one knocks out
	p.Lines = []layout.Line{{X1: mm(2), Y1: mm(4), X2: mm(20), Y2: mm(4), Width: units.FromPt(3), Color: layout.Black},
		{X1: mm(26), Y1: mm(4), X2: mm(44), Y2: mm(4), Width: units.FromPt(3), Color: layout.CMYK{M: 100}}}
	p.Runs = []layout.GlyphRun{
		{Font: 0, Size: units.FromPt(40), X: mm(2), Y: mm(20), Text: "一", Color: layout.Black},
		{Font: 0, Size: units.FromPt(40), X: mm(26), Y: mm(20), Text: "一", Color: layout.CMYK{Y: 100}},
	}
	doc.Pages = []*layout.Page{p}
	b, err := Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "op.pdf")
	os.WriteFile(in, b, 0o644)
	// bitcmyk-like raw output: one byte per plate per pixel (CMYK order).
	raw := filepath.Join(dir, "op.cmyk")
	out, err := exec.Command("gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=psdcmyk",
		"-dOverprint=/simulate", "-r72", "-o", raw, in).CombinedOutput()
	if err != nil {
		t.Fatalf("gs: %v\n%s", err, out)
	}
	img, w, h := readPSD(t, raw)
	// Find the glyph's stroke: the row with most K in each half.
	sample := func(x0, x1 int) [4]int {
		var best [4]int
		for y := 0; y < h; y++ {
			for x := x0; x < x1; x++ {
				px := img(x, y)
				if px[3] > 200 || px[2] > 200 {
					if px[3]+px[2] > best[3]+best[2] {
						best = px
					}
				}
			}
		}
		return best
	}
	black := sample(0, w/2)
	yellow := sample(w/2, w)
	if black[3] < 200 || black[0] < 200 {
		t.Errorf("black text: CMYK %v, want cyan kept under K (overprint)", black)
	}
	if yellow[2] < 200 || yellow[0] > 50 {
		t.Errorf("yellow text: CMYK %v, want cyan knocked out", yellow)
	}
	// pixel at x, y mm from the MediaBox's top left (72 dpi, 3 mm bleed)
	at := func(x, y float64) [4]int { return img(int((x+3)*72/25.4), int((y+3)*72/25.4)) }
	for _, c := range []struct {
		what       string
		x, y       float64
		cyan, mine int // cyan kept?, the shape's own plate and value
		plate      int
	}{
		{"100 % K square", 4, 26, 255, 255, 3},
		{"60 % K square", 28, 26, 0, 153, 3},
		{"100 % K rule", 10, 4, 255, 255, 3},
		{"magenta rule", 34, 4, 0, 255, 1},
	} {
		px := at(c.x, c.y)
		if abs(px[0]-c.cyan) > 30 || abs(px[c.plate]-c.mine) > 30 {
			t.Errorf("%s: CMYK %v, want cyan %d and plate %d at %d", c.what, px, c.cyan, c.plate, c.mine)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// readPSD reads gs's psdcmyk output (8-bit, uncompressed planes).
func readPSD(t *testing.T, path string) (func(x, y int) [4]int, int, int) {
	t.Helper()
	d, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	be := func(b []byte) int {
		v := 0
		for _, c := range b {
			v = v<<8 | int(c)
		}
		return v
	}
	if string(d[:4]) != "8BPS" {
		t.Fatal("not a PSD file")
	}
	ch, h, w := be(d[12:14]), be(d[14:18]), be(d[18:22])
	off := 26
	off += 4 + be(d[off:off+4]) // colour mode data
	off += 4 + be(d[off:off+4]) // image resources
	off += 4 + be(d[off:off+4]) // layer and mask info
	if be(d[off:off+2]) != 0 {
		t.Fatal("compressed PSD")
	}
	off += 2
	plane := w * h
	if len(d) < off+ch*plane || ch < 4 {
		t.Fatalf("PSD too short: %d channels", ch)
	}
	return func(x, y int) [4]int {
		var px [4]int
		for c := 0; c < 4; c++ {
			px[c] = 255 - int(d[off+c*plane+y*w+x]) // PSD CMYK stores inverted
		}
		return px
	}, w, h
}

// ---- images ----

// A PIL-made CMYK JPEG (Adobe marker, inverted data) renders with its own
// colours: gopdf's /Decode [1 0 1 0 1 0 1 0] is right for it.
func TestCMYKJPEGColours(t *testing.T) {
	cmykQuadrants(t, Options{}, 3)
}

// cmykQuadrants renders testdata/cmyk.jpg, drawn with opt, and checks the
// colours of its quadrants (see testdata/README: C, M, Y, and 20/40/60/10)
// within tol.
func cmykQuadrants(t *testing.T, opt Options, tol int) {
	t.Helper()
	needTool(t, "mutool")
	doc := sampleDoc(t)
	doc.Pages = doc.Pages[1:]
	doc.Pages[0].Images = []layout.Image{{Path: "testdata/cmyk.jpg", X: mm(10), Y: mm(10), W: mm(40), H: mm(40)}}
	at := renderCMYKWith(t, doc, opt)
	x0, s := pt(mm(13)), pt(mm(40))
	want := [][4]byte{{255, 0, 0, 0}, {0, 255, 0, 0}, {0, 0, 255, 0}, {51, 102, 153, 26}}
	for i, q := range [][2]float64{{.25, .25}, {.75, .25}, {.25, .75}, {.75, .75}} {
		got := at(x0+s*q[0], x0+s*q[1])
		for c := range 4 {
			if d := int(got[c]) - int(want[i][c]); d < -tol || d > tol {
				t.Errorf("quadrant %d: CMYK %v, want %v", i, got, want[i])
				break
			}
		}
	}
}

// The same CMYK JPEG downsampled (decoded at ½ in the DCT domain) and
// written again as a JPEG by the converter, with its /Decode, renders with
// the same colours: the converter's CMYK JPEGs are inverted as Adobe's are.
func TestConvertedCMYKJPEGColours(t *testing.T) {
	doc := sampleDoc(t)
	doc.Pages[1].Images = []layout.Image{{Path: "testdata/cmyk.jpg", X: mm(10), Y: mm(10), W: mm(40), H: mm(40)}}
	opt := Options{Fit: map[string][2]int{"testdata/cmyk.jpg": {16, 16}}}
	if b, err := BytesWith(doc, opt); err != nil || !regexp.MustCompile(`/Width 16\b[^>]*/Filter /DCTDecode|/Filter /DCTDecode[^>]*/Width 16\b`).Match(b) {
		t.Fatalf("no 16 px DCTDecode image (%v)", err)
	}
	cmykQuadrants(t, opt, 6)
}

// An image the build has converted already (Options.Converted) is
// embedded without reading its file.
func TestConvertedImageNotRead(t *testing.T) {
	reads := 0
	old := readFile
	readFile = func(p string) ([]byte, error) { reads++; return os.ReadFile(p) }
	defer func() { readFile = old }()
	data, err := os.ReadFile("testdata/rgb.png")
	if err != nil {
		t.Fatal(err)
	}
	conv, err := raster.Convert(data)
	if err != nil {
		t.Fatal(err)
	}
	doc := sampleDoc(t)
	doc.Pages[1].Images = []layout.Image{{Path: "testdata/rgb.png", X: mm(10), Y: mm(10), W: mm(40), H: mm(40)}}
	b, err := BytesWith(doc, Options{Converted: map[string]*raster.Image{"testdata/rgb.png": conv}})
	if err != nil {
		t.Fatal(err)
	}
	if reads != 0 {
		t.Errorf("the file was read %d times", reads)
	}
	if !bytes.Contains(b, conv.Data) {
		t.Error("the conversion is not in the PDF")
	}
}

func TestImageStoredOnce(t *testing.T) {
	reads := 0
	old := readFile
	readFile = func(p string) ([]byte, error) { reads++; return os.ReadFile(p) }
	defer func() { readFile = old }()
	doc := sampleDoc(t)
	for _, p := range doc.Pages {
		p.Images = []layout.Image{
			{Path: "testdata/cmyk.jpg", X: mm(10), Y: mm(10), W: mm(40), H: mm(40)},
			{Path: "testdata/cmyk.jpg", X: mm(60), Y: mm(10), W: mm(20), H: mm(20), ClipX: mm(65), ClipY: mm(15), ClipW: mm(10), ClipH: mm(10)},
		}
	}
	b, err := Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("/Subtype /Image")); n != 1 {
		t.Errorf("%d image XObjects, want 1", n)
	}
	if reads != 1 {
		t.Errorf("image file read %d times, want 1", reads)
	}
	jpg, _ := os.ReadFile("testdata/cmyk.jpg")
	if !bytes.Contains(b, jpg) {
		t.Error("JPEG not passed through byte for byte")
	}
	// Each placement is clipped inside q … Q.
	for pi, c := range contents(t, b) {
		if n := strings.Count(string(c), "h W n"); n != 2 {
			t.Errorf("page %d: %d clips, want 2", pi+1, n)
		}
	}
}

// ---- determinism, errors ----

func TestDeterministic(t *testing.T) {
	doc := sampleDoc(t)
	doc.Pages[1].Images = []layout.Image{{Path: "testdata/cmyk.jpg", X: mm(10), Y: mm(10), W: mm(40), H: mm(40)}}
	a, err := Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	prev := runtime.GOMAXPROCS(1)
	b, err := Bytes(doc)
	runtime.GOMAXPROCS(prev)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two writes of the same document differ")
	}
	if bytes.Contains(a, []byte("CreationDate")) || bytes.Contains(a, []byte("/ID")) {
		t.Error("writer output carries a date or an ID")
	}
}

func TestMissingGlyph(t *testing.T) {
	doc := sampleDoc(t)
	doc.Pages[1].Runs[0].Text = "Page 㐀 two" // the builtin fonts have no CJK extension A
	_, err := Bytes(doc)
	var mg *MissingGlyphError
	if !errors.As(err, &mg) {
		t.Fatalf("error %v, want MissingGlyphError", err)
	}
	if mg.Char != '㐀' || !strings.Contains(err.Error(), "U+3400") || !strings.Contains(err.Error(), "㐀") || !strings.Contains(err.Error(), "封二") {
		t.Errorf("unhelpful message: %v", err)
	}
	// Characters beyond the BMP that the font lacks are refused too.
	doc.Pages[1].Runs[0].Text = "𠮷"
	if _, err := Bytes(doc); !errors.As(err, &mg) || !strings.Contains(err.Error(), "U+20BB7") {
		t.Errorf("non-BMP: %v", err)
	}
}

func TestBadInput(t *testing.T) {
	good := func() *layout.Document { return sampleDoc(t) }
	font := builtin(t, "sans")
	cases := map[string]func(d *layout.Document){
		"no pages":       func(d *layout.Document) { d.Pages = nil },
		"nil page":       func(d *layout.Document) { d.Pages[0] = nil },
		"zero trim":      func(d *layout.Document) { d.TrimW = 0 },
		"negative bleed": func(d *layout.Document) { d.Bleed = -1 },
		"font index":     func(d *layout.Document) { d.Pages[0].Runs[0].Font = 7 },
		"nil font":       func(d *layout.Document) { d.Fonts[0] = nil },
		"zero size":      func(d *layout.Document) { d.Pages[0].Runs[0].Size = 0 },
		"colour":         func(d *layout.Document) { d.Pages[0].Runs[0].Color.K = 101 },
		"bad utf8":       func(d *layout.Document) { d.Pages[0].Runs[0].Text = "\xff" },
		"empty font":     func(d *layout.Document) { d.Fonts[1] = &fonts.Face{Name: "empty"} },
		"not a font":     func(d *layout.Document) { d.Fonts[1] = &fonts.Face{Name: "x", Data: bytes.Repeat([]byte("x"), 100)} },
		"truncated font": func(d *layout.Document) { d.Fonts[1] = &fonts.Face{Name: "t", Data: font.Data[:len(font.Data)/3]} },
		"ttc": func(d *layout.Document) {
			d.Fonts[1] = &fonts.Face{Name: "c", Data: append([]byte("ttcf"), font.Data...)}
		},
		"rect":       func(d *layout.Document) { d.Pages[0].Rects[0].W = -1 },
		"line width": func(d *layout.Document) { d.Pages[0].Lines[0].Width = 0 },
		"far away":   func(d *layout.Document) { d.Pages[0].Runs[0].X = 1 << 40 },
		"no image": func(d *layout.Document) {
			d.Pages[0].Images = []layout.Image{{Path: "testdata/none.jpg", W: 1000, H: 1000}}
		},
		"not an image": func(d *layout.Document) {
			d.Pages[0].Images = []layout.Image{{Path: "pdf_test.go", W: 1000, H: 1000}}
		},
		"image size": func(d *layout.Document) {
			d.Pages[0].Images = []layout.Image{{Path: "testdata/cmyk.jpg", W: 0, H: 1000}}
		},
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			d := good()
			mutate(d)
			if _, err := Bytes(d); err == nil {
				t.Error("no error")
			} else {
				t.Log(err)
			}
		})
	}
	if _, err := Bytes(nil); err == nil {
		t.Error("nil document: no error")
	}
}

// Damaged fonts are refused with an error, never a panic inside gopdf.
func TestDamagedFontsDoNotPanic(t *testing.T) {
	font := builtin(t, "sans")
	for i := 0; i < 100; i++ {
		data := append([]byte(nil), font.Data...)
		// Flip bytes in the table directory and the first tables.
		for k := 0; k < 4; k++ {
			pos := (i*7919 + k*104729) % min(len(data), 4096)
			data[pos] ^= byte(i*31 + k + 1)
		}
		doc := &layout.Document{TrimW: mm(50), TrimH: mm(50), Fonts: []*fonts.Face{parsed(t, "damaged", data)},
			Pages: []*layout.Page{{Runs: []layout.GlyphRun{{Size: units.Pt, Text: "Damaged ÀÉ fi 12"}}}}}
		Bytes(doc) // must return, error or not
	}
}

// ---- files ----

func TestQpdfAndGhostscriptAccept(t *testing.T) {
	needTool(t, "qpdf")
	needTool(t, "gs")
	doc := sampleDoc(t)
	doc.Pages[1].Images = []layout.Image{{Path: "testdata/cmyk.jpg", X: mm(10), Y: mm(10), W: mm(40), H: mm(40)},
		{Path: "testdata/gray.png", X: mm(60), Y: mm(10), W: mm(20), H: mm(20)}}
	b, err := Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ok.pdf")
	os.WriteFile(path, b, 0o644)
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil || bytes.Contains(out, []byte("WARNING")) {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	if out, err := exec.Command("gs", "-q", "-o", "/dev/null", "-sDEVICE=nullpage", path).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("gs: %v\n%s", err, out)
	}
}

// Pages with nothing on them, and documents without text, are valid too.
func TestEmptyPagesAndNoText(t *testing.T) {
	doc := &layout.Document{TrimW: mm(100), TrimH: mm(100), Bleed: mm(3),
		Pages: []*layout.Page{{}, {Rects: []layout.Rect{{W: mm(10), H: mm(10), Fill: layout.CMYK{K: 50}}}}, {Runs: []layout.GlyphRun{{Size: units.Pt, Text: ""}}}}}
	doc.Fonts = []*fonts.Face{builtin(t, "serif")}
	b, err := Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("/FontFile2")) || bytes.Contains(b, []byte("/GSop")) {
		t.Error("unused font or overprint state written")
	}
	testtool.Need(t, "qpdf")
	path := filepath.Join(t.TempDir(), "empty.pdf")
	os.WriteFile(path, b, 0o644)
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil || bytes.Contains(out, []byte("WARNING")) {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}

// Characters beyond the BMP extract as themselves: the ToUnicode map is
// rewritten with UTF-16 surrogate pairs (gopdf writes them as garbage). The
// font is the committed subset of Noto Serif SC (fonts/testdata), whose
// (3,10) cmap maps U+20087 𠂇.
func TestNonBMPToUnicode(t *testing.T) {
	needTool(t, "mutool")
	data, err := os.ReadFile(filepath.Join("..", "fonts", "testdata", "serif-sub.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	doc := &layout.Document{TrimW: mm(100), TrimH: mm(50), Fonts: []*fonts.Face{parsed(t, "serif-sub", data)},
		Pages: []*layout.Page{{Runs: []layout.GlyphRun{{Size: units.FromPt(12), X: mm(10), Y: mm(20), Text: "永\U00020087永", Color: layout.Black}}}}}
	b, err := Bytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "smp.pdf")
	os.WriteFile(path, b, 0o644)
	var got string
	for _, c := range stext(t, path).Pages[0].Chars {
		got += c.C
	}
	if got != "永\U00020087永" {
		t.Errorf("extracted %q", got)
	}
}

// CheckImport runs gopdf's page import as the writer does: nil for a page
// it reads; an error, never a panic, for one it cannot (gofpdi panics).
func TestCheckImport(t *testing.T) {
	b, err := Bytes(sampleDoc(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckImport(b, 2); err != nil {
		t.Errorf("page 2 of a good file: %v", err)
	}
	if err := CheckImport(b, 9); err == nil {
		t.Error("page 9 of a 2-page file was imported")
	}
}

// A failure drawing a page says which page and image (PageError), a damaged
// font which font (FontError), so that the build reports it at the plan
// line that put it there, not at line 0 of the plan.
func TestWriteErrorsNameTheirPage(t *testing.T) {
	doc := sampleDoc(t)
	doc.Pages[1].Images = append(doc.Pages[1].Images, layout.Image{Path: filepath.Join(t.TempDir(), "gone.jpg"), X: mm(10), Y: mm(10), W: mm(50), H: mm(50), ClipX: mm(10), ClipY: mm(10), ClipW: mm(50), ClipH: mm(50)})
	_, err := Bytes(doc)
	var pe *PageError
	if !errors.As(err, &pe) || pe.Page != 1 || pe.Image != doc.Pages[1].Images[0].Path {
		t.Errorf("error %v (%#v), want a PageError for page 1 and its image", err, pe)
	}
	doc = sampleDoc(t)
	doc.Pages[1].Runs[0].Text = "Page 㐀 two"
	if _, err := Bytes(doc); !errors.As(err, &pe) || pe.Page != 1 || pe.Image != "" {
		t.Errorf("missing glyph: error %v, want a PageError for page 1", err)
	}
}
