package cos

import "fmt"

// StreamSums lists the stream objects and the SHA-256 of each one's data
// (what Digest hashes), computing those not yet known: for a cache that
// keeps the document as a file (pdf.Cache), so that a process reading it
// back need not hash megabytes of images and fonts again (SetStreamSums).
func (f *Doc) StreamSums() (nums []int, sums [][32]byte) {
	for n, e := range f.objs {
		if e == nil {
			continue
		}
		if s, ok := e.val.(*Stream); ok {
			nums = append(nums, n)
			sums = append(sums, s.dataSum())
		}
	}
	return nums, sums
}

// SetStreamSums gives the streams of a document read back from a file the
// data hashes StreamSums listed for it. The caller vouches that the file
// is the one they were computed from (it verified a checksum); an object
// that is not a stream is an error.
func (f *Doc) SetStreamSums(nums []int, sums [][32]byte) error {
	if len(nums) != len(sums) {
		return fmt.Errorf("%d stream numbers for %d sums", len(nums), len(sums))
	}
	for i, n := range nums {
		if n <= 0 || n >= len(f.objs) || f.objs[n] == nil {
			return fmt.Errorf("object %d: none", n)
		}
		s, ok := f.objs[n].val.(*Stream)
		if !ok || s.sum == nil {
			return fmt.Errorf("object %d: not a stream", n)
		}
		v := sums[i]
		s.sum.once.Do(func() { s.sum.v = v })
	}
	return nil
}
