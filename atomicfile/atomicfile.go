// Package atomicfile replaces files whole: readers see the old file or the
// new one, never a part. build and cmd write every output with it.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Write creates or replaces the file at path with data. The data
// goes to a temporary file in the same directory, which is synced and then
// renamed over path, so readers see the old file or the new one, never a
// part. On any error the temporary file is removed and an existing file at
// path is untouched. A new file gets mode 0644; a replaced one keeps its
// mode.
func Write(path string, data []byte) error {
	return writeAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomic is Write with the data written by a function.
func writeAtomic(path string, write func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			return errors.New("is a directory, not a file")
		}
		if !st.Mode().IsRegular() {
			return errors.New("is not a regular file")
		}
		mode = st.Mode().Perm()
	}
	if base == "" {
		return fmt.Errorf("%q names no file", path)
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		// say what is wrong with the directory, not with the temporary file
		var pe *fs.PathError
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("the directory %s does not exist", filepath.Clean(dir))
		case errors.As(err, &pe):
			return fmt.Errorf("cannot write in the directory %s: %v", filepath.Clean(dir), pe.Err)
		}
		return err
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(name, path); err != nil {
		return err
	}
	// Make the rename itself durable; not every system can sync a directory.
	if d, e := os.Open(dir); e == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
