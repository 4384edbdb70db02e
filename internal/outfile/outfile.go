// Package outfile writes the files of one run all together or not at all,
// cleans up after an interrupt, and keeps two runs from writing the same
// output at once.
//
// A Set stages each file in a temporary file beside its destination
// (".NAME.tmp-*", written and synced); Commit renames them all into place
// only when every one was staged, and otherwise removes them and changes
// nothing. A rename that fails after others succeeded (it should not: the
// temporary file is in the destination's directory) puts back the files
// already replaced, from hard links made before the first rename.
//
// HandleSignals makes SIGINT and SIGTERM remove every temporary file and
// lock file of the process before it stops; a commit under way is
// finished first, so an interrupt leaves all of a run's outputs old or all
// new. Lock takes an exclusive flock(2) on ".NAME.lock" beside an output;
// the kernel releases it when the process ends, however it ends.
package outfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// The files the process has on disk that are not (yet) results: temporary
// and lock files. mu is held by a commit from its first rename to its last,
// and by the signal handler while it removes them.
var state struct {
	mu          sync.Mutex
	temps       map[string]bool
	locks       map[string]bool
	interrupted bool
}

// ErrInterrupted is the error of a commit after an interrupt.
var ErrInterrupted = errors.New("interrupted: nothing written")

func track(m *map[string]bool, path string, on bool) {
	state.mu.Lock()
	defer state.mu.Unlock()
	if *m == nil {
		*m = map[string]bool{}
	}
	if on {
		(*m)[path] = true
	} else {
		delete(*m, path)
	}
}

// File is one output: its path and its content.
type File struct {
	Path string
	Data []byte
}

// Set is the outputs of one run.
type Set struct {
	staged []staged
	err    error
}

type staged struct {
	path, tmp string
}

// Add stages a file: it writes data to a temporary file beside path. The
// first error is kept and returned by Commit, which then writes nothing.
func (s *Set) Add(path string, data []byte) { s.AddFrom(path, bytesTo(data)) }

// AddFrom is Add for data written by its WriteTo: the file need not be
// whole in memory.
func (s *Set) AddFrom(path string, data io.WriterTo) {
	if s.err != nil {
		return
	}
	tmp, err := stage(path, data, true)
	if err != nil {
		s.err = fmt.Errorf("%s: %w", path, err)
		return
	}
	s.staged = append(s.staged, staged{path, tmp})
}

// Err is the first error of Add, or nil.
func (s *Set) Err() error { return s.err }

// Abort removes the staged files; the destinations are untouched.
func (s *Set) Abort() {
	for _, f := range s.staged {
		os.Remove(f.tmp)
		track(&state.temps, f.tmp, false)
	}
	s.staged = nil
}

// Commit renames every staged file into place, or, when a file could not be
// staged or the process was interrupted, none; the destinations are then
// as they were.
func (s *Set) Commit() error {
	if TestHookBeforeCommit != nil {
		TestHookBeforeCommit()
	}
	return s.commit()
}

func (s *Set) commit() error {
	if s.err != nil {
		s.Abort()
		return s.err
	}
	state.mu.Lock()
	defer state.mu.Unlock()
	if state.interrupted {
		for _, f := range s.staged { // the handler removed them already
			os.Remove(f.tmp)
			delete(state.temps, f.tmp)
		}
		s.staged = nil
		return ErrInterrupted
	}
	// hard links to the files about to be replaced, to put them back
	backups := make([]string, len(s.staged))
	for i, f := range s.staged {
		if _, err := os.Lstat(f.path); err == nil {
			b := f.tmp + ".old"
			if os.Link(f.path, b) == nil {
				backups[i] = b
			}
		}
	}
	var err error
	done := 0
	for _, f := range s.staged {
		if err = os.Rename(f.tmp, f.path); err != nil {
			err = fmt.Errorf("%s: %w", f.path, err)
			break
		}
		done++
	}
	if err != nil {
		for i := done - 1; i >= 0; i-- {
			if backups[i] != "" {
				os.Rename(backups[i], s.staged[i].path)
			} else {
				os.Remove(s.staged[i].path)
			}
		}
	}
	for i, f := range s.staged {
		os.Remove(f.tmp) // those not renamed
		delete(state.temps, f.tmp)
		if backups[i] != "" {
			os.Remove(backups[i])
		}
	}
	dirs := map[string]bool{}
	for _, f := range s.staged[:done] {
		dirs[filepath.Dir(f.path)] = true
	}
	s.staged = nil
	for d := range dirs { // make the renames durable where the system can
		if h, e := os.Open(d); e == nil {
			h.Sync()
			h.Close()
		}
	}
	return err
}

// WriteFile writes one file: a Set of one.
func WriteFile(path string, data []byte) error {
	var s Set
	s.Add(path, data)
	return s.Commit()
}

// bytesTo is data as an io.WriterTo.
func bytesTo(data []byte) io.WriterTo { return bytes.NewReader(data) }

// WriteUnsynced is WriteFile without waiting for the data to reach the
// disk, the data written by its WriteTo (a file need not be in memory), for a file whose damage its reader detects (a checksummed cache):
// it is still replaced in one rename, and never left half-written by an
// interrupt.
func WriteUnsynced(path string, data io.WriterTo) error {
	tmp, err := stage(path, data, false)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	s := Set{staged: []staged{{path, tmp}}}
	return s.commit()
}

// TestHookBeforeCommit, when set (by tests only), is called at the start of
// every Commit.
var TestHookBeforeCommit func()

// stage writes data to a new temporary file beside path and returns its
// name. A new file will get mode 0644; one that replaces another, the
// other's mode.
func stage(path string, data io.WriterTo, sync bool) (name string, err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if base == "" {
		return "", fmt.Errorf("%q names no file", path)
	}
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			return "", errors.New("is a directory, not a file")
		}
		if !st.Mode().IsRegular() {
			return "", errors.New("is not a regular file")
		}
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		// say what is wrong with the directory, not with the temporary file
		var pe *fs.PathError
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "", fmt.Errorf("the directory %s does not exist", filepath.Clean(dir))
		case errors.As(err, &pe):
			return "", fmt.Errorf("cannot write in the directory %s: %v", filepath.Clean(dir), pe.Err)
		}
		return "", err
	}
	name = tmp.Name()
	track(&state.temps, name, true)
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(name)
			track(&state.temps, name, false)
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if _, err = data.WriteTo(bw); err != nil {
		return "", err
	}
	if err = bw.Flush(); err != nil {
		return "", err
	}
	if err = tmp.Chmod(mode); err != nil {
		return "", err
	}
	if sync {
		if err = tmp.Sync(); err != nil {
			return "", err
		}
	}
	if err = tmp.Close(); err != nil {
		return "", err
	}
	return name, nil
}

// LockPath is the lock file of the output at path: ".NAME.lock" beside it.
func LockPath(path string) string {
	dir, base := filepath.Split(path)
	return filepath.Join(dir, "."+base+".lock")
}
