// Package input reads the files a run is given — the plan, articles,
// images, fonts, ICC profiles, PDFs and manifests — refusing what is not a
// regular file (a device such as /dev/zero, a named pipe, a socket, a
// directory; a symbolic link is followed and its target judged) and what
// is larger than the cap of its kind, with a message that says which.
// Nothing is read from a refused file, so neither an endless input nor one
// that never ends (a pipe with no writer) can hang a run or exhaust its
// memory. docs/plan-format.md lists the caps.
package input

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// Kind is a kind of input file and the largest size paiban reads of it.
type Kind struct {
	Name  string // for messages, with its article: "a font", "an image" …
	Limit int64  // bytes
}

const mib = 1 << 20

// The kinds of input and their caps (docs/plan-format.md, "Limits").
var (
	Plan     = Kind{"a plan", 1 * mib}
	Article  = Kind{"an article", 8 * mib}
	Image    = Kind{"an image", 256 * mib}
	Font     = Kind{"a font", 256 * mib}
	Profile  = Kind{"an ICC profile", 16 * mib}
	PDF      = Kind{"a PDF", 1024 * mib}
	Manifest = Kind{"a manifest", 16 * mib}
)

// Error is a file refused for what it is or for its size.
type Error struct {
	Path string
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// Stat returns the file information of path (following symbolic links)
// when it is a regular file within k's cap, and an *Error otherwise (or the
// error of os.Stat, such as fs.ErrNotExist).
func Stat(path string, k Kind) (fs.FileInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	return st, check(path, st, k)
}

func check(path string, st fs.FileInfo, k Kind) error {
	m := st.Mode()
	if !m.IsRegular() {
		what := "not a regular file"
		switch {
		case m.IsDir():
			what = "a directory, not a file"
		case m&fs.ModeNamedPipe != 0:
			what = "a named pipe, not a regular file"
		case m&fs.ModeSocket != 0:
			what = "a socket, not a regular file"
		case m&fs.ModeCharDevice != 0:
			what = "a character device, not a regular file"
		case m&fs.ModeDevice != 0:
			what = "a device, not a regular file"
		}
		if l, err := os.Lstat(path); err == nil && l.Mode()&fs.ModeSymlink != 0 {
			if target, err := os.Readlink(path); err == nil {
				what += " (a link to " + target + ")"
			}
		}
		return &Error{path, "is " + what + ": " + k.Name + " must be a regular file"}
	}
	if st.Size() > k.Limit {
		return &Error{path, fmt.Sprintf("is %s: larger than the %s %s may be", Size(st.Size()), Size(k.Limit), k.Name)}
	}
	return nil
}

// Open opens path for reading when it is a regular file within k's cap
// (see Stat). The file is opened without blocking, so a pipe put in its
// place after the check does not hang the open, and checked again once
// open. Read it through Limit.
func Open(path string, k Kind) (*os.File, error) {
	if _, err := Stat(path, k); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil {
		err = check(path, st, k)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ReadFile reads the whole of path when it is a regular file within k's
// cap; a file that grows past the cap while it is read is refused too. A
// member path (a picture inside a .docx document, see SplitMember) is read
// from its document, the cap applying to the member.
func ReadFile(path string, k Kind) ([]byte, error) { return ReadFileInto(path, k, nil) }

// ReadFileInto is ReadFile into buf when it is large enough (its bytes are
// overwritten; the result may be buf, so a caller that reuses buf keeps
// none of it): reading many files one after another, only one buffer is
// allocated and faulted in.
func ReadFileInto(path string, k Kind, buf []byte) ([]byte, error) {
	if doc, member, ok := SplitMember(path); ok {
		return readMemberPath(path, doc, member, k)
	}
	f, err := Open(path, k)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// one buffer of the file's size (plus one byte, to see the end), not
	// one grown by doubling: a 5 MB image is read without copies
	size := 512
	if st, err := f.Stat(); err == nil && st.Size() < k.Limit {
		size = int(st.Size()) + 1
	}
	data := buf[:0]
	if cap(buf) < size {
		data = make([]byte, 0, size)
	}
	r := Limit(f, k)
	for {
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // grew after the Stat: let append grow it
		}
	}
}

// Limit reads r up to k's cap, and fails after it.
func Limit(r io.Reader, k Kind) io.Reader { return &limited{r: r, left: k.Limit, k: k} }

type limited struct {
	r    io.Reader
	left int64
	k    Kind
}

// ErrTooLarge is wrapped by the error of a read past the cap.
var ErrTooLarge = errors.New("file too large")

func (l *limited) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, fmt.Errorf("%w: it grew past the %s %s may be while it was read", ErrTooLarge, Size(l.k.Limit), l.k.Name)
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return 0, fmt.Errorf("%w: it grew past the %s %s may be while it was read", ErrTooLarge, Size(l.k.Limit), l.k.Name)
	}
	return n, err
}

// Size words a size in bytes: "512 bytes", "8 MB", "3.0 GB" (binary units).
func Size(n int64) string {
	switch {
	case n >= 1<<30:
		return trim(fmt.Sprintf("%.1f GB", float64(n)/(1<<30)))
	case n >= 1<<20:
		return trim(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)))
	case n >= 1<<10:
		return trim(fmt.Sprintf("%.1f KB", float64(n)/(1<<10)))
	}
	return fmt.Sprintf("%d bytes", n)
}

func trim(s string) string {
	if len(s) > 5 && s[len(s)-5:len(s)-3] == ".0" {
		return s[:len(s)-5] + s[len(s)-3:]
	}
	return s
}
