package finish

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/units"
)

// Printer's marks (Options.Marks): crop marks at the corners of the TrimBox,
// registration targets at the middle of each side and, for spreads, fold
// marks at the spine, all in the slug outside the BleedBox. The MediaBox
// grows by MarkSlug on every side to hold them; TrimBox and BleedBox keep
// their values (the MediaBox reaches below 0, so page coordinates do not
// move). Everything is stroked 0.25 pt wide in registration colour
// C = M = Y = K = 100 % without overprint, so the marks are on all four
// plates.
//
// Measured outward from the edge of the BleedBox:
//
//	0 … 3 mm         empty: no mark is ever inside the bleed or touches it
//	3 … 8 mm         crop marks (5 mm long), fold marks
//	3 … 9 mm         registration targets: a 2 mm-radius circle and a
//	                 cross, centred 6 mm out
//	12 mm            the edge of the MediaBox
//
// The page's own content is clipped to the BleedBox, so nothing of it shows
// in the slug. The marks are two small content streams shared by all pages
// of the same size: one before the page's content ("q, clip") and one after
// it ("Q, marks").
var (
	MarkSlug   = units.FromMM(12) // how far the MediaBox reaches beyond the BleedBox
	markGap    = units.FromMM(3)  // from the BleedBox to the nearest mark
	cropLen    = units.FromMM(5)
	targetR    = units.FromMM(2)
	targetArm  = units.FromMM(3) // half the cross
	markWidth  = 0.25            // pt
	markColour = "1 1 1 1 K"     // registration: all four plates
)

type markGeom struct {
	trim, bleed [4]float64
	fold        bool
}

type markStreams struct {
	pre, post       []byte
	preRef, postRef cos.Ref
	hasRefs         bool
}

// addMarks adds printer's marks to every page (after setBoxes has set
// TrimBox and BleedBox). fold adds fold marks at the horizontal centre of the
// TrimBox; slugs[i], when given, is page i's slug line.
//
// The MediaBox then starts at 0 0 (some RIPs mishandle a negative origin):
// the page's content is moved by a cm in the stream before it, and the
// TrimBox and BleedBox with it. A page marked before (finished twice) has
// that move undone first, so its marks and boxes come out the same.
func addMarks(f *cos.Doc, pages []cos.Page, fold bool, slugs []string) error {
	shared := map[string]*markStreams{}
	s := float64(MarkSlug) / float64(units.Pt)
	for i, pg := range pages {
		d := pg.Dict
		trim, ok1 := f.Rect(d.Get("TrimBox"))
		bleed, ok2 := f.Rect(d.Get("BleedBox"))
		if !ok1 || !ok2 {
			return fmt.Errorf("page %d: marks need the TrimBox and BleedBox", i+1)
		}
		own, _ := f.Contents(pg)
		var old []cos.Object // the marks' own streams, when marked before
		if n := len(own); n >= 2 && isMarkStream(f, own[0], true) {
			end := n
			if isSlugStream(f, own[end-1]) {
				end--
			}
			if end >= 2 && isMarkStream(f, own[end-1], false) {
				pre, _ := f.Get(own[0]).(*cos.Stream)
				var tx, ty float64
				if _, err := fmt.Sscanf(string(pre.Data), "q\n1 0 0 1 %g %g cm\n", &tx, &ty); err == nil {
					trim = shift(trim, -tx, -ty)
					bleed = shift(bleed, -tx, -ty)
				}
				old = append(old, own[0], own[end-1])
				own = own[1 : end-1]
			}
		}
		tx, ty := s-bleed[0], s-bleed[1]
		g := markGeom{trim: shift(trim, tx, ty), bleed: shift(bleed, tx, ty), fold: fold}
		key := fmt.Sprint(rectArray(trim), rectArray(bleed), fold)
		ms := shared[key]
		if ms == nil {
			ms = &markStreams{}
			ms.pre, ms.post = markContent(g, bleed, tx, ty)
			shared[key] = ms
		}
		// the same objects as before when they are still right
		if len(old) == 2 && !ms.hasRefs {
			pre, _ := f.Get(old[0]).(*cos.Stream)
			post, _ := f.Get(old[1]).(*cos.Stream)
			r1, ok1 := old[0].(cos.Ref)
			r2, ok2 := old[1].(cos.Ref)
			if ok1 && ok2 && bytes.Equal(pre.Data, ms.pre) && bytes.Equal(post.Data, ms.post) {
				ms.preRef, ms.postRef, ms.hasRefs = r1, r2, true
			}
		}
		if !ms.hasRefs {
			ms.preRef = f.Add(&cos.Stream{Dict: cos.NewDict(), Data: ms.pre})
			ms.postRef = f.Add(&cos.Stream{Dict: cos.NewDict(), Data: ms.post})
			ms.hasRefs = true
		}
		contents := append(append(cos.Array{ms.preRef}, own...), ms.postRef)
		if i < len(slugs) && slugs[i] != "" {
			var b bytes.Buffer
			b.WriteString("% slug\nq 1 1 1 1 k\n")
			// above the top edge, from the left crop mark to short of the
			// registration target in the middle
			gap := float64(markGap) / float64(units.Pt)
			x0 := g.trim[0] + 2*gap
			x1 := targetLeft(g) - 2*gap
			if err := slugText(&b, slugs[i], x0, g.bleed[3]+gap+1, 6, x1-x0); err != nil {
				return fmt.Errorf("slug line: %w", err)
			}
			b.WriteString("Q\n")
			contents = append(contents, f.Add(cos.Deflated(cos.NewDict(), b.Bytes())))
		}
		d.Set("Contents", contents)
		d.Set("MediaBox", rectArray([4]float64{0, 0, bleed[2] - bleed[0] + 2*s, bleed[3] - bleed[1] + 2*s}))
		d.Set("TrimBox", rectArray(g.trim))
		d.Set("BleedBox", rectArray(g.bleed))
		if c, ok := f.Rect(d.Get("CropBox")); ok {
			d.Set("CropBox", rectArray(shift(c, tx, ty)))
		}
		f.Touch(pg.Ref)
	}
	return nil
}

func shift(r [4]float64, dx, dy float64) [4]float64 {
	return [4]float64{r[0] + dx, r[1] + dy, r[2] + dx, r[3] + dy}
}

// targetLeft is where the leftmost registration target at the top and
// bottom begins.
func targetLeft(g markGeom) float64 {
	x := (g.trim[0] + g.trim[2]) / 2
	if g.fold {
		x = (3*g.trim[0] + g.trim[2]) / 4
	}
	return x - float64(targetR+targetArm)/float64(units.Pt)
}

// isSlugStream reports whether v is a page's slug line stream.
func isSlugStream(f *cos.Doc, v cos.Object) bool {
	s, ok := f.Get(v).(*cos.Stream)
	if !ok {
		return false
	}
	data, err := cos.Decode(s)
	return err == nil && bytes.HasPrefix(data, []byte("% slug\n"))
}

// isMarkStream reports whether v is a stream the marks added (pre or post).
func isMarkStream(f *cos.Doc, v cos.Object, pre bool) bool {
	s, ok := f.Get(v).(*cos.Stream)
	if !ok {
		return false
	}
	if pre {
		return bytes.HasPrefix(s.Data, []byte("q\n1 0 0 1 ")) && bytes.HasSuffix(s.Data, []byte(" re W n\n")) && bytes.Count(s.Data, []byte("\n")) == 3
	}
	return bytes.HasPrefix(s.Data, []byte("Q\n% printer's marks\n"))
}

// markContent returns the streams before and after the page content: the
// content moved by (tx, ty) and clipped to its bleed box (in its own
// coordinates), then the marks for the moved geometry g.
func markContent(g markGeom, own [4]float64, tx, ty float64) (pre, post []byte) {
	n := cos.FormatNum
	pts := func(l units.Length) float64 { return float64(l) / float64(units.Pt) }
	bl, tr := g.bleed, g.trim
	pre = fmt.Appendf(nil, "q\n1 0 0 1 %s %s cm\n%s %s %s %s re W n\n", n(tx), n(ty), n(own[0]), n(own[1]), n(own[2]-own[0]), n(own[3]-own[1]))

	var b bytes.Buffer
	b.WriteString("Q\n% printer's marks\nq\n")
	fmt.Fprintf(&b, "%s w 0 J 0 j [] 0 d %s\n", n(markWidth), markColour)
	line := func(x1, y1, x2, y2 float64) {
		fmt.Fprintf(&b, "%s %s m %s %s l S\n", n(x1), n(y1), n(x2), n(y2))
	}
	gap, l := pts(markGap), pts(cropLen)
	// crop marks: each trim edge extended outward, beyond the bleed
	left, right := bl[0]-gap, bl[2]+gap
	bottom, top := bl[1]-gap, bl[3]+gap
	for _, y := range []float64{tr[1], tr[3]} {
		line(left-l, y, left, y)
		line(right, y, right+l, y)
	}
	for _, x := range []float64{tr[0], tr[2]} {
		line(x, bottom-l, x, bottom)
		line(x, top, x, top+l)
	}
	if g.fold {
		x := (tr[0] + tr[2]) / 2
		line(x, bottom-l, x, bottom)
		line(x, top, x, top+l)
	}
	// registration targets at the middle of each side (of each page of a
	// spread at the top and bottom: the fold has its own marks)
	r, arm := pts(targetR), pts(targetArm)
	off := gap + arm
	cy := (tr[1] + tr[3]) / 2
	xs := []float64{(tr[0] + tr[2]) / 2}
	if g.fold {
		xs = []float64{(3*tr[0] + tr[2]) / 4, (tr[0] + 3*tr[2]) / 4}
	}
	var targets [][2]float64
	for _, x := range xs {
		targets = append(targets, [2]float64{x, bl[3] + off}, [2]float64{x, bl[1] - off})
	}
	targets = append(targets, [2]float64{bl[0] - off, cy}, [2]float64{bl[2] + off, cy})
	for _, c := range targets {
		x, y := c[0], c[1]
		line(x-arm, y, x+arm, y)
		line(x, y-arm, x, y+arm)
		// a circle of four Bézier arcs
		k := r * 0.5523
		fmt.Fprintf(&b, "%s %s m %s %s %s %s %s %s c %s %s %s %s %s %s c %s %s %s %s %s %s c %s %s %s %s %s %s c S\n",
			n(x+r), n(y),
			n(x+r), n(y+k), n(x+k), n(y+r), n(x), n(y+r),
			n(x-k), n(y+r), n(x-r), n(y+k), n(x-r), n(y),
			n(x-r), n(y-k), n(x-k), n(y-r), n(x), n(y-r),
			n(x+k), n(y-r), n(x+r), n(y-k), n(x+r), n(y))
	}
	// the colour bar below the bottom edge, from the left crop mark to
	// short of the registration target
	b.WriteString("Q\nq\n")
	colourBar(&b, tr[0]+2*gap, targetLeft(g)-2*gap, bl[1]-gap-l, l)
	b.WriteString("Q\n")
	return pre, b.Bytes()
}

// Content returns the page's content: its content streams decoded and
// joined. The streams Apply adds for printer's marks are left out, so the
// content is the page as the writer drew it — moved (q, cm … Q) to where
// the marks put its boxes.
func Content(f *cos.Doc, p cos.Page) ([]byte, error) {
	list, err := f.Contents(p)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	moved := false
	if n := len(list); n >= 2 && isMarkStream(f, list[0], true) {
		end := n
		if isSlugStream(f, list[end-1]) {
			end--
		}
		if end >= 2 && isMarkStream(f, list[end-1], false) {
			// the page's own content, still moved to where its boxes are
			pre, _ := f.Get(list[0]).(*cos.Stream)
			var tx, ty float64
			if _, err := fmt.Sscanf(string(pre.Data), "q\n1 0 0 1 %g %g cm\n", &tx, &ty); err == nil {
				fmt.Fprintf(&b, "q\n1 0 0 1 %s %s cm\n", cos.FormatNum(tx), cos.FormatNum(ty))
				moved = true
			}
			list = list[1 : end-1]
		}
	}
	for _, v := range list {
		s, ok := f.Get(v).(*cos.Stream)
		if !ok {
			return nil, errors.New("a content stream is missing")
		}
		data, err := cos.Decode(s)
		if err != nil {
			return nil, err
		}
		b.Write(data)
		b.WriteByte('\n')
	}
	if moved {
		b.WriteString("Q\n")
	}
	return b.Bytes(), nil
}

// Labels returns each page's label when the document's /PageLabels gives
// every page its own /P prefix (as Apply writes them), else nil.
func Labels(f *cos.Doc, n int) []string {
	pl := f.Dict(f.Catalog().Get("PageLabels"))
	if pl == nil {
		return nil
	}
	nums, _ := f.Get(pl.Get("Nums")).(cos.Array)
	if len(nums) != 2*n {
		return nil
	}
	out := make([]string, n)
	for i := 0; i < n; i++ {
		if k, ok := cos.Float(nums[2*i]); !ok || int(k) != i {
			return nil
		}
		s, ok := f.Get(f.Dict(nums[2*i+1]).Get("P")).(cos.String)
		if !ok {
			return nil
		}
		out[i] = cos.Text(s)
	}
	return out
}
