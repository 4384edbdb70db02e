package pdf

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/sample"
	"github.com/paiban/paiban/units"
)

// sampleIssueDoc lays out the sample issue (with overset pages, as proofs do).
func sampleIssueDoc(tb testing.TB) *layout.Document {
	tb.Helper()
	dir := tb.TempDir()
	if err := sample.Write(dir); err != nil {
		tb.Fatal(err)
	}
	iss, d := issue.Load(filepath.Join(dir, "plan.toml"))
	if d.HasErrors() {
		tb.Fatal(d.Err())
	}
	serif, err := fonts.Builtin("serif")
	if err != nil {
		tb.Fatal(err)
	}
	sans, err := fonts.Builtin("sans")
	if err != nil {
		tb.Fatal(err)
	}
	doc, _, ld := layout.LayoutWith(iss, layout.Fonts{Body: serif, Heading: sans}, layout.Options{OversetPages: true})
	if ld.HasErrors() {
		tb.Fatal(ld.Err())
	}
	return doc
}

func firstDiff(a, b []byte) (string, string) {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return string(a[lo:min(len(a), i+80)]), string(b[lo:min(len(b), i+80)])
}

// clone copies a document deeply enough to edit its pages.
func clone(doc *layout.Document) *layout.Document {
	d := *doc
	d.Pages = make([]*layout.Page, len(doc.Pages))
	for i, p := range doc.Pages {
		q := *p
		q.Runs = append([]layout.GlyphRun(nil), p.Runs...)
		q.Rects = append([]layout.Rect(nil), p.Rects...)
		q.Lines = append([]layout.Line(nil), p.Lines...)
		q.Images = append([]layout.Image(nil), p.Images...)
		d.Pages[i] = &q
	}
	return &d
}

// A cached rewrite gives exactly the bytes of an uncached one: unchanged,
// after edits that keep the skeleton (reused), and after edits that do not
// (written from scratch).
func TestCacheSameBytes(t *testing.T) {
	doc := sampleIssueDoc(t)
	for _, slug := range []units.Length{0, units.FromMM(15)} {
		c := NewCache()
		check := func(what string, d *layout.Document) {
			t.Helper()
			want, err := BytesWith(d, Options{Slug: slug})
			if err != nil {
				t.Fatal(err)
			}
			got, err := BytesWith(d, Options{Slug: slug, Cache: c})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				a, b := firstDiff(got, want)
				t.Fatalf("%s: cached PDF differs from uncached:\ncached:   %q\nuncached: %q", what, a, b)
			}
		}
		check("first", doc)
		if c.Full != 1 {
			t.Fatalf("first write: Full = %d", c.Full)
		}
		check("unchanged", doc)
		if c.Reused != 1 || c.Pages != 0 {
			t.Fatalf("unchanged: Reused %d, Pages %d", c.Reused, c.Pages)
		}

		// Same glyphs, other places: swap two runs' texts on one page,
		// move a rule, recolour a run, change a tint.
		ed := clone(doc)
		var p *layout.Page
		for _, q := range ed.Pages {
			if len(q.Runs) > 20 && len(q.Lines) > 0 {
				p = q
				break
			}
		}
		p.Runs[10].Text, p.Runs[11].Text = p.Runs[11].Text, p.Runs[10].Text
		p.Runs[12].Y += units.FromPt(3.3333)
		p.Runs[13].Color = layout.CMYK{C: 100, M: 20}
		p.Lines[0].X2 -= units.FromMM(1.2345)
		p.Rects = append(p.Rects, layout.Rect{X: units.FromMM(20), Y: units.FromMM(30), W: units.FromMM(40), H: units.FromMM(5), Fill: layout.CMYK{Y: 30}})
		check("edited", ed)
		if c.Reused != 2 || c.Pages != 1 {
			t.Fatalf("edited: Reused %d, Pages %d", c.Reused, c.Pages)
		}
		check("edited again", ed)

		// A new character changes the font subset: written from scratch.
		ed2 := clone(ed)
		ed2.Pages[10].Runs[0].Text += "龘"
		if !doc.Fonts[ed2.Pages[10].Runs[0].Font].Has('龘') {
			ed2.Pages[10].Runs[0].Text = ed2.Pages[10].Runs[0].Text[:len(ed2.Pages[10].Runs[0].Text)-len("龘")] + "A"
		}
		full := c.Full
		check("new glyph", ed2)
		if c.Full != full+1 {
			t.Fatalf("new glyph: not written from scratch")
		}
		// and back
		check("back", doc)
	}
}

// BenchmarkWriteSample writes the sample issue from scratch;
// BenchmarkWriteSampleRerun rewrites it with a cache after an edit of one
// page (alternating between two versions of it).
func BenchmarkWriteSample(b *testing.B) {
	doc := sampleIssueDoc(b)
	for b.Loop() {
		if _, err := Bytes(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteSampleRerun(b *testing.B) {
	doc := sampleIssueDoc(b)
	ed := clone(doc)
	for _, p := range ed.Pages {
		if len(p.Runs) > 20 {
			p.Runs[10].Text, p.Runs[11].Text = p.Runs[11].Text, p.Runs[10].Text
			break
		}
	}
	c := NewCache()
	if _, err := BytesWith(doc, Options{Cache: c}); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		d := doc
		if i++; i%2 == 1 {
			d = ed
		}
		if _, err := BytesWith(d, Options{Cache: c}); err != nil {
			b.Fatal(err)
		}
	}
	if c.Full != 1 {
		b.Fatalf("%d full writes", c.Full)
	}
}
