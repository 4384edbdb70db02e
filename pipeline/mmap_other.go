//go:build !unix

package pipeline

import "os"

// readMapped reads the file (where memory mapping is not used).
func readMapped(path string) ([]byte, error) { return os.ReadFile(path) }
