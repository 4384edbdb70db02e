package cos

import (
	"bytes"
	"testing"
)

// WriteTo writes what Bytes returns; stream sums set from a list are the
// ones StreamSums gives, and a wrong object number is an error.
func TestWriteToAndStreamSums(t *testing.T) {
	d := New()
	s := d.Add(NewStream(NewDict("Type", Name("XObject")), []byte("stream data")))
	d.Add(NewDict("A", 1))
	root := d.Add(NewDict("Type", Name("Catalog")))
	d.Trailer.Set("Root", root)
	var b bytes.Buffer
	n, err := d.WriteTo(&b)
	if err != nil || int(n) != b.Len() || !bytes.Equal(b.Bytes(), d.Bytes()) {
		t.Fatalf("WriteTo: %d bytes, %v; differs from Bytes: %t", n, err, !bytes.Equal(b.Bytes(), d.Bytes()))
	}
	r, err := Read(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	nums, sums := d.StreamSums()
	if len(nums) != 1 || nums[0] != s.Num {
		t.Fatalf("streams %v, want [%d]", nums, s.Num)
	}
	if err := r.SetStreamSums(nums, sums); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(r.Digest(nil), d.Digest(nil)) {
		t.Error("digest differs after SetStreamSums")
	}
	if err := r.SetStreamSums([]int{root.Num}, sums); err == nil {
		t.Error("a dictionary took a stream sum")
	}
}
