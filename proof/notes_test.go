package proof

import (
	"reflect"
	"testing"

	"github.com/paiban/paiban/pdf/cos"
)

// Page labels from a number tree with kids, prefixes and decimal
// numbering; rich text comments as plain text.
func TestPageLabelsAndRichText(t *testing.T) {
	d := cos.New()
	kid := d.Add(cos.NewDict("Nums", cos.Array{3, cos.NewDict("P", cos.TextString("封三"))}))
	labels := d.Add(cos.NewDict("Kids", cos.Array{
		d.Add(cos.NewDict("Nums", cos.Array{0, cos.NewDict("P", cos.TextString("封面")), 1, cos.NewDict("S", cos.Name("D"), "St", 7)})),
		kid,
	}))
	d.Trailer.Set("Root", d.Add(cos.NewDict("Type", cos.Name("Catalog"), "PageLabels", labels)))
	if got, want := pageLabels(d, 5), []string{"封面", "7", "8", "封三", "封三"}; !reflect.DeepEqual(got, want) {
		t.Errorf("labels %q, want %q", got, want)
	}
	rc := `<?xml version="1.0"?><body xmlns="http://www.w3.org/1999/xhtml"><p dir="ltr">改为&lt;新&gt;<span style="font-weight:bold">词</span></p><p>第二行</p></body>`
	if got := richText(rc); got != "改为<新>词\n第二行" {
		t.Errorf("rich text %q", got)
	}
	if got := pdfText(d, cos.String("\xef\xbb\xbf中文")); got != "中文" {
		t.Errorf("UTF-8 text string %q", got)
	}
}
