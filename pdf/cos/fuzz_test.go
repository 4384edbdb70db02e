package cos

import "testing"

// FuzzRead: any input reads to a document or an error, and what reads can
// be walked, scanned and written, without a panic or a hang.
func FuzzRead(f *testing.F) {
	f.Add(file(" ", "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R >>", "<< /Length 22 >>\nstream\nBT [<0041> (a)] TJ ET\nendstream"))
	// cross-reference and object streams, plain and hybrid
	f.Add(streamFile(false))
	f.Add(streamFile(true))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Read(b)
		if err != nil {
			return
		}
		if pages, err := d.Pages(); err == nil {
			for _, p := range pages {
				list, _ := d.Contents(p)
				for _, r := range list {
					if s, ok := d.Get(r).(*Stream); ok {
						ScanContent(s.Data, func(op Op) error {
							op.Codes(nil)
							_, err := op.Operands()
							return err
						})
					}
				}
			}
		}
		c := d.Clone()
		c.Digest(nil)
		if _, err := Read(c.Bytes()); err != nil {
			t.Errorf("a document read does not read back after writing: %v", err)
		}
	})
}

// FuzzContent: any content stream scans to operators or an error.
func FuzzContent(f *testing.F) {
	f.Add([]byte("q 1 0 0 1 0 0 cm\nBT/F1 12 Tf[<0041>-20(x\\)y)]TJ ET\n/GSop gs\n<< /MCID 0 >> BDC EMC Q"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ScanContent(b, func(op Op) error {
			op.Codes(nil)
			_, err := op.Operands()
			return err
		})
	})
}
