//go:build !unix

package outfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Lock takes the lock of the output at path, waiting while another process
// holds it; waiting is called once before it waits. release gives the lock
// back and removes the lock file. (Without flock: the lock file is created
// exclusively; a lock file left by a crashed run must be removed by hand.)
func Lock(path string, waiting func()) (release func(), err error) {
	lp := LockPath(path)
	told := false
	for {
		f, err := os.OpenFile(lp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			if !told && waiting != nil {
				waiting()
				told = true
			}
			time.Sleep(50 * time.Millisecond)
			continue
		}
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("the directory %s does not exist", filepath.Dir(lp))
			}
			return nil, fmt.Errorf("cannot lock %s (%s): %v", path, lp, err)
		}
		track(&state.locks, lp, true)
		return func() {
			state.mu.Lock()
			delete(state.locks, lp)
			f.Close()
			os.Remove(lp)
			state.mu.Unlock()
		}, nil
	}
}
