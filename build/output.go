package build

import (
	"errors"
	"fmt"
	"os"

	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/pdf"
)

// Save writes res.PDF to out and then its manifest beside it
// (manifest.Path(out)), each to a temporary file renamed into place, and
// returns what changed since the manifest that was there (for proofs: since
// the manifest the proof compared with). A run that failed (no PDF) writes
// nothing, and an error writing the PDF leaves both files as they were. If
// only the manifest cannot be written, the old one is removed, so that it
// cannot describe a PDF it does not belong to.
func Save(res *Result, out string) (manifest.Diff, error) {
	if res == nil || res.PDF == nil || res.Manifest == nil {
		return manifest.Diff{}, errors.New("nothing to write: the run failed")
	}
	mpath := manifest.Path(out)
	var d manifest.Diff
	if res.Diff != nil {
		d = *res.Diff
	} else {
		old, err := manifest.Read(mpath)
		if err != nil {
			old = nil // unreadable: compare with nothing; it is replaced below
		}
		d = manifest.Compare(old, res.Manifest)
	}
	if err := pdf.WriteFileAtomic(out, res.PDF); err != nil {
		return d, err
	}
	if err := pdf.WriteFileAtomic(mpath, res.Manifest.Marshal()); err != nil {
		if rerr := os.Remove(mpath); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
			err = fmt.Errorf("%w (and the old manifest could not be removed: %v)", err, rerr)
		}
		return d, fmt.Errorf("%s: %w", mpath, err)
	}
	res.Diff = &d
	return d, nil
}

// startManifest hashes doc's pages in the background (while the PDF is
// written) and returns a function that waits for the manifest.
func startManifest(c *Cache, doc *layout.Document, plan, kind string) func() (*manifest.Manifest, error) {
	type result struct {
		m   *manifest.Manifest
		err error
	}
	ch := make(chan result, 1)
	go func() {
		m, err := c.hasher().Compute(doc, plan, kind)
		ch <- result{m, err}
	}()
	return func() (*manifest.Manifest, error) {
		r := <-ch
		return r.m, r.err
	}
}
