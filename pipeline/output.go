package pipeline

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/paiban/paiban/internal/outfile"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/manifest"
)

// Compare sets res.Diff, unless it is set (proofs compare in Run), to what
// changed since the manifest beside out (manifest.Path(out)), and returns
// it; an unreadable manifest compares as none.
func Compare(res *Result, out string) manifest.Diff {
	if res.Diff == nil {
		old := res.cache.lastManifest(manifest.Path(out)) // disk.go
		d := manifest.Compare(old, res.Manifest)
		res.Diff = &d
	}
	return *res.Diff
}

// Save writes res.PDF to out, its manifest beside it (manifest.Path(out))
// and the extra files (the JSON report), all of them or none: each goes to
// a temporary file and they are renamed into place together only when all
// were written (package outfile). It returns what changed since the
// manifest that was there (Compare). A run that failed (no PDF) writes
// nothing. Callers that run concurrently with another process writing out
// hold outfile.Lock(out) across Compare and Save. With Options.DiskCache
// the disk cache is written last, best-effort: Result.CacheErr says when
// it was not.
func Save(res *Result, out string, extra ...outfile.File) (manifest.Diff, error) {
	if !res.HasPDF() || res.Manifest == nil {
		return manifest.Diff{}, errors.New("nothing to write: the run failed")
	}
	d := Compare(res, out)
	// the manifest's JSON (a few hundred kilobytes) is made while the PDF
	// is written
	mc := make(chan []byte, 1)
	go func() { mc <- res.Manifest.Marshal() }()
	var set outfile.Set
	if res.pdfDoc != nil {
		set.AddFrom(out, writerFunc(func(w io.Writer) (int64, error) {
			n, err := res.pdfDoc.WriteTo(w)
			res.pdfSize = n
			return n, err
		}))
	} else {
		set.Add(out, res.PDF)
	}
	mb := <-mc
	set.Add(manifest.Path(out), mb)
	for _, f := range append(extra, res.Extra...) {
		set.Add(f.Path, f.Data)
	}
	if err := set.Commit(); err != nil {
		return d, err
	}
	if res.cacheFile != "" && res.Issue != nil {
		// best-effort: a build never fails for its cache (Result.CacheErr)
		res.CacheErr = CheckOutputs(res.Issue.PlanFile, res.Issue, res.cacheFile)
		if res.CacheErr == nil {
			res.cache.wrote(res.Manifest, mb)
			res.CacheErr = SaveCache(res.cache, res.cacheFile)
		}
	}
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
	return CheckOutputFiles(inputs, func(in string) string {
		if in == plan {
			return "the plan itself"
		}
		return "an input of the plan (" + in + ")"
	}, outs...)
}

// CheckOutputFiles is CheckOutputs for any command: it refuses an output
// that is one of inputs (named for the message by what) or another output.
// `paiban impose` uses it with its input PDF.
func CheckOutputFiles(inputs []string, what func(in string) string, outs ...string) error {
	id := fileIDs{} // each file stated once, not once per pair
	for i, out := range outs {
		if out == "" {
			continue
		}
		for _, in := range inputs {
			if id.same(out, in) {
				return fmt.Errorf("%s: is %s: writing it would destroy it; choose another output", out, what(in))
			}
		}
		for _, other := range outs[:i] {
			if other != "" && id.same(out, other) {
				return fmt.Errorf("%s: is written twice (also as %s): choose another output", out, other)
			}
		}
	}
	return nil
}

// fileIDs is SameFile with each path's os.Stat and absolute path kept.
type fileIDs map[string]fileID

type fileID struct {
	st  os.FileInfo // nil when the file does not exist (or cannot be stated)
	abs string
}

func (m fileIDs) get(p string) fileID {
	id, ok := m[p]
	if !ok {
		id.st, _ = os.Stat(p)
		if a, err := filepath.Abs(p); err == nil {
			id.abs = a
		}
		m[p] = id
	}
	return id
}

func (m fileIDs) same(a, b string) bool {
	ia, ib := m.get(a), m.get(b)
	if ia.st != nil && ib.st != nil {
		return os.SameFile(ia.st, ib.st)
	}
	return ia.abs != "" && ia.abs == ib.abs
}

// SameFile reports whether paths a and b name the same file: as files
// (os.SameFile, through links) when both exist, else by absolute path.
func SameFile(a, b string) bool { return fileIDs{}.same(a, b) }

// writerFunc is a function as an io.WriterTo.
type writerFunc func(w io.Writer) (int64, error)

func (f writerFunc) WriteTo(w io.Writer) (int64, error) { return f(w) }

// startManifest hashes doc's pages and records their lines in the
// background (while the PDF is written) and returns a function that waits
// for the manifest; h is the run's hasher (checkImages gave it the image
// files' hashes).
func startManifest(h *manifest.Hasher, iss *issue.Issue, doc *layout.Document, kind string) func() (*manifest.Manifest, error) {
	type result struct {
		m   *manifest.Manifest
		err error
	}
	ch := make(chan result, 1)
	go func() {
		m, err := h.Compute(doc, iss.PlanFile, kind)
		if err == nil {
			m.AddLines(iss, doc, 0)
		}
		ch <- result{m, err}
	}()
	return func() (*manifest.Manifest, error) {
		r := <-ch
		return r.m, r.err
	}
}
