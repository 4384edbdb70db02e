package input

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// Document is a Word document (.docx): a zip archive of XML parts and the
// pictures it holds, so it may be as large as an image. The parts are read
// with caps of their own (see ReadMember and package issue's docx.go).
var Document = Kind{"a document", 256 * mib}

// Members of documents.
//
// A picture inside a .docx article is named by a member path: the
// document's path, "#", and the picture's name inside the document's zip
// archive, as in "articles/a.docx#word/media/image1.png". ReadFile reads
// such a path from the document (with the cap of the kind asked for
// applying to the picture), and StatFile describes the document, so the
// picture is read where it is checked, hashed and embedded and is never
// extracted to a file: the same document gives the same bytes, and no
// temporary path reaches the output or the diagnostics.

// memberSep separates a document's path from the member's name.
const memberSep = ".docx#"

// MemberPath returns the member path of member in the document doc.
func MemberPath(doc, member string) string { return doc + "#" + member }

// SplitMember splits a member path into the document's path and the
// member's name; ok is false for any other path, and for a path that names
// an existing file (a file may have "#" in its name).
func SplitMember(path string) (doc, member string, ok bool) {
	i := strings.Index(strings.ToLower(path), memberSep)
	if i < 0 {
		return "", "", false
	}
	if _, err := os.Lstat(path); err == nil {
		return "", "", false
	}
	doc, member = path[:i+len(memberSep)-1], path[i+len(memberSep):]
	if member == "" {
		return "", "", false
	}
	return doc, member, true
}

// StatFile is os.Stat, but for a member path it describes the document
// holding the member: its size and time change when the member does.
func StatFile(path string) (fs.FileInfo, error) {
	if doc, _, ok := SplitMember(path); ok {
		return os.Stat(doc)
	}
	return os.Stat(path)
}

// ReadMember reads the member name of the zip archive zr, refusing one
// that is, or turns out to be, larger than k's cap (a zip bomb declares a
// small size and inflates to a huge one: it is cut at the cap). The error
// names the member; the caller names the document.
func ReadMember(zr *zip.Reader, name string, k Kind) ([]byte, error) {
	var zf *zip.File
	for _, f := range zr.File {
		if f.Name == name {
			zf = f
			break
		}
	}
	if zf == nil {
		return nil, fmt.Errorf("%s: %w", name, fs.ErrNotExist)
	}
	if zf.UncompressedSize64 > uint64(k.Limit) {
		return nil, fmt.Errorf("%s is %s: larger than the %s %s may be", name, Size(int64(min(zf.UncompressedSize64, 1<<62))), Size(k.Limit), k.Name)
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, memberErr(err))
	}
	defer rc.Close()
	data, err := io.ReadAll(&limited{r: rc, left: k.Limit, k: k})
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, fmt.Errorf("%s inflates to more than the %s %s may be", name, Size(k.Limit), k.Name)
		}
		return nil, fmt.Errorf("%s: %v", name, memberErr(err))
	}
	return data, nil
}

// memberErr words the errors of archive/zip.
func memberErr(err error) error {
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return errors.New("checksum error")
	case errors.Is(err, zip.ErrAlgorithm):
		return errors.New("compressed with a method paiban cannot read")
	case errors.Is(err, zip.ErrFormat), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("not a valid zip entry")
	case errors.As(err, new(flate.CorruptInputError)):
		return errors.New("corrupt compressed data")
	}
	return err
}

// OpenZip opens the document path as a zip archive (Document's cap). The
// caller closes the file.
func OpenZip(path string) (*zip.Reader, *os.File, error) {
	f, err := Open(path, Document)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return zr, f, nil
}

// readMemberPath reads the member path of ReadFile.
func readMemberPath(path, doc, member string, k Kind) ([]byte, error) {
	zr, f, err := OpenZip(doc)
	if err != nil {
		var ie *Error
		if errors.As(err, &ie) {
			return nil, err
		}
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
			return nil, err
		}
		return nil, &Error{path, fmt.Sprintf("cannot be read: %s is not a readable zip archive (%v)", doc, err)}
	}
	defer f.Close()
	data, err := ReadMember(zr, member, k)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &Error{path, fmt.Sprintf("cannot be read: %s has no member %s", doc, member)}
		}
		return nil, &Error{path, fmt.Sprintf("cannot be read: %s: %v", doc, err)}
	}
	return data, nil
}
