package build

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/paiban/paiban/atomicfile"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/manifest"
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
	if err := atomicfile.Write(out, res.PDF); err != nil {
		return d, err
	}
	if err := atomicfile.Write(mpath, res.Manifest.Marshal()); err != nil {
		if rerr := os.Remove(mpath); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
			err = fmt.Errorf("%w (and the old manifest could not be removed: %v)", err, rerr)
		}
		return d, fmt.Errorf("%s: %w", mpath, err)
	}
	res.Diff = &d
	return d, nil
}

// CheckOutputs refuses files a run would write (outs; "" for none) that
// are an input of the plan — the plan itself, an article, an image, a font,
// the ICC profile — or another of outs: writing one would destroy the input
// or the other output. iss may be nil (the plan did not load). Paths are
// compared as files (os.SameFile) when they exist, else by absolute path.
func CheckOutputs(plan string, iss *issue.Issue, outs ...string) error {
	inputs := WatchedFiles(plan, iss)
	if iss != nil && iss.Print.ProfilePath != "" {
		inputs = append(inputs, iss.Print.ProfilePath)
	}
	same := func(a, b string) bool {
		sa, ea := os.Stat(a)
		sb, eb := os.Stat(b)
		if ea == nil && eb == nil {
			return os.SameFile(sa, sb)
		}
		aa, err1 := filepath.Abs(a)
		ab, err2 := filepath.Abs(b)
		return err1 == nil && err2 == nil && aa == ab
	}
	for i, out := range outs {
		if out == "" {
			continue
		}
		for _, in := range inputs {
			if same(out, in) {
				what := "an input of the plan (" + in + ")"
				if in == plan {
					what = "the plan itself"
				}
				return fmt.Errorf("%s: is %s: writing it would destroy it; choose another output", out, what)
			}
		}
		for _, other := range outs[:i] {
			if other != "" && same(out, other) {
				return fmt.Errorf("%s: is written twice (also as %s): choose another output", out, other)
			}
		}
	}
	return nil
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
