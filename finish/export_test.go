package finish

import (
	"fmt"
	"strings"
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

func decodeText(s String) string { return Text(s) }

func textOf(v Object) string {
	switch v := v.(type) {
	case String:
		return decodeText(v)
	case Name:
		return "/" + string(v)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// Inspect parses a PDF and reports what Finish writes.
func Inspect(b []byte) (*Report, error) {
	f, err := readFile(b)
	if err != nil {
		return nil, err
	}
	r := &Report{Header: strings.SplitN(string(b), "\n", 2)[0], Info: map[string]string{}, OutputIntent: map[string]string{}}
	for _, e := range f.objs {
		if e != nil {
			r.Objects++
		}
	}
	root := f.dict(f.trailer.Get("Root"))
	pages, err := f.pages(root)
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		var pb PageBoxes
		pb.Media, _ = f.rect(p.dict.Get("MediaBox"))
		pb.Bleed, _ = f.rect(p.dict.Get("BleedBox"))
		pb.Trim, _ = f.rect(p.dict.Get("TrimBox"))
		r.Pages = append(r.Pages, pb)
	}
	if pl := f.dict(root.Get("PageLabels")); pl != nil {
		nums, _ := f.get(pl.Get("Nums")).(Array)
		for i := 1; i < len(nums); i += 2 {
			r.Labels = append(r.Labels, textOf(f.dict(nums[i]).Get("P")))
		}
	}
	if info := f.dict(f.trailer.Get("Info")); info != nil {
		for _, k := range info.Keys() {
			r.Info[string(k)] = textOf(f.get(info.Get(k)))
		}
	}
	if ois, ok := f.get(root.Get("OutputIntents")).(Array); ok && len(ois) > 0 {
		oi := f.dict(ois[0])
		for _, k := range oi.Keys() {
			r.OutputIntent[string(k)] = textOf(f.get(oi.Get(k)))
		}
		_, r.HasProfile = f.get(oi.Get("DestOutputProfile")).(*Stream)
		r.OutputIntent["count"] = fmt.Sprint(len(ois))
	}
	if id, ok := f.get(f.trailer.Get("ID")).(Array); ok && len(id) == 2 {
		for i := range 2 {
			s, _ := id[i].(String)
			r.ID[i] = fmt.Sprintf("%x", []byte(s))
		}
	}
	if m, ok := f.get(root.Get("Metadata")).(*Stream); ok {
		r.XMP = string(m.Data)
	}
	for _, e := range f.objs {
		if e == nil {
			continue
		}
		if d, ok := e.val.(*Dict); ok {
			for _, k := range []Name{"BaseFont", "FontName"} {
				if n, ok := d.Get(k).(Name); ok {
					r.FontNames = append(r.FontNames, string(n))
				}
			}
		}
	}
	return r, nil
}
