package manifest

import (
	"io/fs"
	"syscall"
	"time"
)

// identity is what, besides its size and modification time, tells a file
// version from another (as git's index and Go's build cache use them):
// its device and inode, and its status change time, which every write
// moves and no tool sets back.
func identity(st fs.FileInfo) (id fileID, ok bool) {
	s, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{dev: uint64(s.Dev), ino: s.Ino, ctime: time.Unix(s.Ctim.Unix()).UnixNano()}, true
}
