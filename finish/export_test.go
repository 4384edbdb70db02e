package finish

import (
	"fmt"
	"strings"

	"github.com/paiban/paiban/pdf/cos"
)

// Report is what the tests read back from a finished file with the
// package's own reader (the external tools are checked separately).
type Report struct {
	Header       string
	Pages        []PageBoxes
	Labels       []string
	Info         map[string]string
	OutputIntent map[string]string
	HasProfile   bool
	ID           [2]string
	XMP          string
	FontNames    []string // BaseFont and FontName of every font object
	Objects      int
}

type PageBoxes struct{ Media, Bleed, Trim [4]float64 }

func textOf(v cos.Object) string {
	switch v := v.(type) {
	case cos.String:
		return cos.Text(v)
	case cos.Name:
		return "/" + string(v)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// Inspect parses a PDF and reports what Finish writes.
func Inspect(b []byte) (*Report, error) {
	f, err := cos.Read(b)
	if err != nil {
		return nil, err
	}
	r := &Report{Header: strings.SplitN(string(b), "\n", 2)[0], Info: map[string]string{}, OutputIntent: map[string]string{}}
	f.Each(func(cos.Ref, cos.Object) { r.Objects++ })
	root := f.Catalog()
	pages, err := f.Pages()
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		var pb PageBoxes
		pb.Media, _ = f.Rect(p.Dict.Get("MediaBox"))
		pb.Bleed, _ = f.Rect(p.Dict.Get("BleedBox"))
		pb.Trim, _ = f.Rect(p.Dict.Get("TrimBox"))
		r.Pages = append(r.Pages, pb)
	}
	if pl := f.Dict(root.Get("PageLabels")); pl != nil {
		nums, _ := f.Get(pl.Get("Nums")).(cos.Array)
		for i := 1; i < len(nums); i += 2 {
			r.Labels = append(r.Labels, textOf(f.Dict(nums[i]).Get("P")))
		}
	}
	if info := f.Dict(f.Trailer.Get("Info")); info != nil {
		for _, k := range info.Keys() {
			r.Info[string(k)] = textOf(f.Get(info.Get(k)))
		}
	}
	if ois, ok := f.Get(root.Get("OutputIntents")).(cos.Array); ok && len(ois) > 0 {
		oi := f.Dict(ois[0])
		for _, k := range oi.Keys() {
			r.OutputIntent[string(k)] = textOf(f.Get(oi.Get(k)))
		}
		_, r.HasProfile = f.Get(oi.Get("DestOutputProfile")).(*cos.Stream)
		r.OutputIntent["count"] = fmt.Sprint(len(ois))
	}
	if id, ok := f.Get(f.Trailer.Get("ID")).(cos.Array); ok && len(id) == 2 {
		for i := range 2 {
			s, _ := id[i].(cos.String)
			r.ID[i] = fmt.Sprintf("%x", []byte(s))
		}
	}
	if m, ok := f.Get(root.Get("Metadata")).(*cos.Stream); ok {
		r.XMP = string(m.Data)
	}
	f.Each(func(_ cos.Ref, v cos.Object) {
		if d, ok := v.(*cos.Dict); ok {
			for _, k := range []cos.Name{"BaseFont", "FontName"} {
				if n, ok := d.Get(k).(cos.Name); ok {
					r.FontNames = append(r.FontNames, string(n))
				}
			}
		}
	})
	return r, nil
}
