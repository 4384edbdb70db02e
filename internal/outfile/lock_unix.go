//go:build unix

package outfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// Lock takes the lock of the output at path, waiting while another process
// holds it; waiting is called once before it waits. release gives the lock
// back and removes the lock file.
func Lock(path string, waiting func()) (release func(), err error) {
	lp := LockPath(path)
	told := false
	for {
		f, err := os.OpenFile(lp, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			var pe *fs.PathError
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("the directory %s does not exist", filepath.Dir(lp))
			}
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, fmt.Errorf("cannot lock %s (%s): %v", path, lp, err)
		}
		fd := int(f.Fd())
		err = syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		if errors.Is(err, syscall.EWOULDBLOCK) {
			if !told && waiting != nil {
				waiting()
				told = true
			}
			err = flockRetry(fd)
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("cannot lock %s (%s): %v", path, lp, err)
		}
		// The holder before us may have removed the file as it let go: then
		// ours is a lock on a file nobody else sees. Start again.
		var a, b syscall.Stat_t
		if syscall.Fstat(fd, &a) != nil || syscall.Stat(lp, &b) != nil || a.Dev != b.Dev || a.Ino != b.Ino {
			f.Close()
			continue
		}
		track(&state.locks, lp, true)
		return func() {
			state.mu.Lock()
			delete(state.locks, lp)
			os.Remove(lp) // still held: nobody can have it now
			state.mu.Unlock()
			f.Close()
		}, nil
	}
}

// flockRetry waits for an exclusive lock, again after a signal.
func flockRetry(fd int) error {
	for {
		err := syscall.Flock(fd, syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}
