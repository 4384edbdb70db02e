//go:build unix

package pipeline

import (
	"os"
	"syscall"
)

// readMapped returns the file's bytes mapped into memory, read-only: the
// disk cache's base file (megabytes) is not copied, only the pages used
// are touched. The mapping is never removed (one per process: the cache
// is loaded once). The cache is replaced by rename, never rewritten in
// place, so the mapped file does not change under the process.
func readMapped(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() == 0 || st.Size() > 1<<34 || !st.Mode().IsRegular() {
		return os.ReadFile(path)
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return os.ReadFile(path)
	}
	return data, nil
}
