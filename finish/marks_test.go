package finish_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/paiban/paiban/finish"
	"github.com/paiban/paiban/internal/testtool"
	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/units"
)

func marked(tb testing.TB, n int) []byte {
	tb.Helper()
	doc := issueDoc(tb, n)
	o := opts(doc)
	o.Marks = true
	out, err := finish.Finish(written(tb, doc), o)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestMarksBoxes(t *testing.T) {
	plain, _ := finished(t, 4)
	out := marked(t, 4)
	rp, _ := finish.Inspect(plain)
	rm, err := finish.Inspect(out)
	if err != nil {
		t.Fatal(err)
	}
	s := finish.MarkSlug.Points()
	for i, p := range rm.Pages {
		q := rp.Pages[i]
		// the MediaBox starts at 0 0; the boxes move with the content
		tx, ty := s-q.Bleed[0], s-q.Bleed[1]
		mv := func(r [4]float64) [4]float64 { return [4]float64{r[0] + tx, r[1] + ty, r[2] + tx, r[3] + ty} }
		for k := range 4 {
			if !near(p.Bleed[k], mv(q.Bleed)[k]) || !near(p.Trim[k], mv(q.Trim)[k]) {
				t.Errorf("page %d: boxes %+v, want the plain ones moved by (%.3f, %.3f): %+v", i+1, p, tx, ty, q)
				break
			}
		}
		want := [4]float64{0, 0, q.Bleed[2] - q.Bleed[0] + 2*s, q.Bleed[3] - q.Bleed[1] + 2*s}
		for k := range 4 {
			if !near(p.Media[k], want[k]) {
				t.Errorf("page %d: MediaBox %v, want %v", i+1, p.Media, want)
				break
			}
		}
	}
	// The marks: registration colour, 0.25 pt, every point outside the
	// BleedBox by 3 mm or more and inside the MediaBox.
	post := regexp.MustCompile(`(?s)stream\nQ\n% printer's marks\n(.*?)endstream`).FindAllSubmatch(out, -1)
	if len(post) != 1 {
		t.Fatalf("%d mark streams, want 1 shared by all pages", len(post))
	}
	marks := post[0][1]
	if !bytes.Contains(marks, []byte("0.25 w 0 J 0 j [] 0 d 1 1 1 1 K\n")) {
		t.Errorf("marks not in registration colour at 0.25 pt:\n%s", marks)
	}
	bl, media := rm.Pages[0].Bleed, rm.Pages[0].Media
	gap := units.FromMM(3).Points() - 0.001
	pts := regexp.MustCompile(`(-?[0-9.]+) (-?[0-9.]+) [mlc] `).FindAllSubmatch(marks, -1)
	coords := regexp.MustCompile(`-?[0-9.]+`)
	n := 0
	for _, line := range bytes.Split(marks, []byte("\n")) {
		if !bytes.HasSuffix(line, []byte(" S")) {
			continue
		}
		nums := coords.FindAll(line, -1)
		for i := 0; i+1 < len(nums); i += 2 {
			x, _ := strconv.ParseFloat(string(nums[i]), 64)
			y, _ := strconv.ParseFloat(string(nums[i+1]), 64)
			n++
			outside := x <= bl[0]-gap || x >= bl[2]+gap || y <= bl[1]-gap || y >= bl[3]+gap
			inside := x > media[0] && x < media[2] && y > media[1] && y < media[3]
			if !outside || !inside {
				t.Errorf("mark point (%.2f, %.2f) not between the bleed (+3 mm) %v and the MediaBox %v", x, y, bl, media)
			}
		}
	}
	if n < 40 || len(pts) == 0 {
		t.Errorf("only %d mark points", n)
	}
	// 8 crop marks and 4 targets (a cross of two lines and a circle each)
	if c := bytes.Count(marks, []byte(" l S\n")); c != 8+4*2 {
		t.Errorf("%d lines, want 16", c)
	}
	if c := bytes.Count(marks, []byte(" c S\n")); c != 4 {
		t.Errorf("%d circles, want 4", c)
	}
	// the colour bar: every patch, below the bottom edge, outside the bleed
	if c := bytes.Count(marks, []byte(" re f\n")); c != 21 {
		t.Errorf("%d colour bar patches, want 21", c)
	}
	for _, m := range regexp.MustCompile(`([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9.]+) re f\n`).FindAllSubmatch(marks, -1) {
		x, _ := strconv.ParseFloat(string(m[1]), 64)
		y, _ := strconv.ParseFloat(string(m[2]), 64)
		h, _ := strconv.ParseFloat(string(m[4]), 64)
		if y+h > bl[1]-gap || y < media[1] || x < media[0] {
			t.Errorf("patch at (%.2f, %.2f) h %.2f not below the bleed %v", x, y, h, bl)
		}
	}
	// a slug line per page, in glyph outlines filled in registration colour,
	// above the top edge
	d, err := cos.Read(out)
	if err != nil {
		t.Fatal(err)
	}
	pages, _ := d.Pages()
	for i, p := range pages {
		list, _ := d.Contents(p)
		s, ok := d.Get(list[len(list)-1]).(*cos.Stream)
		if !ok {
			t.Fatalf("page %d: no slug stream", i+1)
		}
		data, _ := cos.Decode(s)
		if !bytes.HasPrefix(data, []byte("% slug\nq 1 1 1 1 k\n")) || bytes.Count(data, []byte(" c\n")) < 20 || !bytes.HasSuffix(data, []byte("f\nQ\n")) {
			t.Errorf("page %d: slug stream %.80q", i+1, data)
		}
		for _, m := range regexp.MustCompile(`(-?[0-9.]+) (-?[0-9.]+) [ml]\n`).FindAllSubmatch(data, -1) {
			if y, _ := strconv.ParseFloat(string(m[2]), 64); y < bl[3]+gap || y > media[3] {
				t.Errorf("page %d: slug point at y %.2f, not between the bleed (+3 mm) and the MediaBox", i+1, y)
				break
			}
		}
	}
	checkTools(t, out, 4)
}

func TestMarksDeterministicAndOnce(t *testing.T) {
	a, b := marked(t, 4), marked(t, 4)
	if !bytes.Equal(a, b) {
		t.Fatal("two marked files differ")
	}
	plain, _ := finished(t, 4)
	if bytes.Equal(a, plain) {
		t.Fatal("marks changed nothing")
	}
	ra, _ := finish.Inspect(a)
	rp, _ := finish.Inspect(plain)
	if ra.ID == rp.ID {
		t.Error("/ID does not depend on the marks")
	}
	// Finishing a marked file again keeps one set of marks.
	doc := issueDoc(t, 4)
	o := opts(doc)
	o.Marks = true
	again, err := finish.Finish(a, o)
	if err != nil {
		t.Fatal(err)
	}
	if c := bytes.Count(again, []byte("% printer's marks")); c != 1 {
		t.Errorf("%d mark streams after finishing twice", c)
	}
	re := regexp.MustCompile(`/Contents \[(\d+ 0 R ?)+\]`)
	for _, m := range re.FindAll(again, -1) {
		if c := bytes.Count(m, []byte(" R")); c != 4 {
			t.Errorf("contents %s: want [marks-before page marks-after slug]", m)
		}
	}
}

// Ghostscript's separations: the marks are on all four plates, outside the
// bleed; black body text is on the black plate only.
func TestMarksOnAllPlates(t *testing.T) {
	testtool.Need(t, "gs")
	out := marked(t, 4)
	dir := t.TempDir()
	in := filepath.Join(dir, "m.pdf")
	os.WriteFile(in, out, 0o644)
	pam := filepath.Join(dir, "p3.pam")
	// page 3 is a body page: black text, a cyan-magenta heading, a tinted box
	if o, err := exec.Command("gs", "-q", "-dSAFER", "-dFirstPage=3", "-dLastPage=3", "-sDEVICE=pamcmyk32", "-r36",
		"-o", pam, in).CombinedOutput(); err != nil {
		t.Fatalf("gs: %v\n%s", err, o)
	}
	px, w, h := readPAM(t, pam)
	r, _ := finish.Inspect(out)
	media, bleed := r.Pages[2].Media, r.Pages[2].Bleed
	scale := 36.0 / 72
	// pixel column/row of a PDF x/y
	col := func(x float64) int { return int((x - media[0]) * scale) }
	row := func(y float64) int { return h - 1 - int((y-media[1])*scale) }
	var slug, plates, solid [4]int
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if x >= col(bleed[0]) && x <= col(bleed[2]) && y >= row(bleed[3]) && y <= row(bleed[1]) {
				continue // inside the bleed
			}
			if y > row(bleed[1]) {
				// below: the colour bar, each patch on its own plates
				p := px(x, y)
				for c := range 4 {
					if p[c] > 200 && p[(c+1)%4] == 0 && p[(c+2)%4] == 0 && p[(c+3)%4] == 0 {
						solid[c]++
					}
				}
				if x == col((bleed[0]+bleed[2])/2) {
					for c := range 4 {
						if p[c] > 200 {
							plates[c]++ // the registration target below
						}
					}
				}
				continue
			}
			p := px(x, y)
			for c := range 4 {
				if p[c] > 0 {
					slug[c]++
				}
				if p[c] > 200 {
					plates[c]++
				}
			}
		}
	}
	if plates[0] == 0 || plates != [4]int{plates[0], plates[0], plates[0], plates[0]} {
		t.Errorf("marks in the slug per plate (C, M, Y, K) %v: want the same on all four", plates)
	}
	if solid[0] == 0 || solid[1] == 0 || solid[2] == 0 || solid[3] == 0 {
		t.Errorf("the colour bar's solids per plate: %v", solid)
	}
	t.Logf("slug pixels with ink per plate: %v", slug)
}

// readPAM reads a P7 CMYK PAM (gs -sDEVICE=pamcmyk32).
func readPAM(t *testing.T, path string) (func(x, y int) [4]byte, int, int) {
	t.Helper()
	d, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	end := bytes.Index(d, []byte("ENDHDR\n"))
	if !bytes.HasPrefix(d, []byte("P7\n")) || end < 0 {
		t.Fatal("not a PAM file")
	}
	var w, h int
	fmt.Sscanf(string(d[bytes.Index(d, []byte("WIDTH")):]), "WIDTH %d", &w)
	fmt.Sscanf(string(d[bytes.Index(d, []byte("HEIGHT")):]), "HEIGHT %d", &h)
	pix := d[end+7:]
	if len(pix) < 4*w*h {
		t.Fatalf("PAM too short: %d bytes for %d×%d", len(pix), w, h)
	}
	return func(x, y int) [4]byte { return [4]byte(pix[4*(y*w+x):]) }, w, h
}

func BenchmarkFinishMarks(b *testing.B) {
	doc := issueDoc(b, 68)
	in := written(b, doc)
	o := opts(doc)
	o.Marks = true
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := finish.Finish(in, o); err != nil {
			b.Fatal(err)
		}
	}
}
