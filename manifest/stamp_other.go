//go:build !linux

package manifest

import "io/fs"

// identity: elsewhere no file identity is read, and hashes are not kept
// on disk (ExportStamps writes none).
func identity(st fs.FileInfo) (id fileID, ok bool) { return fileID{}, false }
