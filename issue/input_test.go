package issue

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Inputs that are not regular files, or larger than the cap of their kind,
// are refused at the line that names them, before anything is read: a
// /dev/zero article or a 3 GB font exhausted memory, and a named pipe or a
// link to /dev/urandom hung the run.
func TestInputsRefused(t *testing.T) {
	plan := head + // lines 1-6
		"[fonts]\n" + // 7
		"heading = \"big.ttf\"\n" + // 8
		"[[page]]\nslots = \"01\"\ncontent = [\"huge.txt\"]\n" + // 9-11
		"[[page]]\nslots = \"02\"\ncontent = [\"zero.txt\"]\n" + // 12-14
		"[[page]]\nslots = \"03\"\ncontent = [\"pipe.txt\"]\n" + // 15-17
		"[[page]]\nslots = \"04\"\ncontent = [\"random.jpg\"]\n" + // 18-20
		"[[page]]\nslots = \"05\"\ncontent = [\"huge.jpg\"]\n" // 21-23
	path := planDir(t, plan)
	dir := filepath.Dir(path)
	sparse := func(name string, size int64) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
	}
	sparse("big.ttf", 3<<30)    // sparse: takes no disk
	sparse("huge.txt", 9<<20)   // over the 8 MB of an article
	sparse("huge.jpg", 300<<20) // over the 256 MB of an image
	for name, target := range map[string]string{"zero.txt": "/dev/zero", "random.jpg": "/dev/urandom"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, d := Load(path)
	got := listString(d.Errors())
	for _, want := range []string{
		":8: [fonts] heading: " + dir + "/big.ttf is 3 GB: larger than the 256 MB a font may be",
		":11: " + dir + "/huge.txt is 9 MB: larger than the 8 MB an article may be",
		":14: " + dir + "/zero.txt is a character device, not a regular file (a link to /dev/zero): an article must be a regular file",
		":17: " + dir + "/pipe.txt is a named pipe, not a regular file: an article must be a regular file",
		":20: " + dir + "/random.jpg is a character device, not a regular file (a link to /dev/urandom): an image must be a regular file",
		":23: " + dir + "/huge.jpg is 300 MB: larger than the 256 MB an image may be",
	} {
		if !strings.Contains(got, path+want+"\n") {
			t.Errorf("no error %q in:\n%s", want, got)
		}
	}
}

// A plan over its cap, or one that is not a regular file, is refused
// before it is read.
func TestPlanRefused(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "plan.toml")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 2<<20); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "zero.toml")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		big:  big + ": " + big + " is 2 MB: larger than the 1 MB a plan may be",
		link: link + ": " + link + " is a character device, not a regular file (a link to /dev/zero): a plan must be a regular file",
	} {
		is, d := Load(path)
		if is != nil || len(d) != 1 || d[0].String() != want {
			t.Errorf("got %v, want %q", d, want)
		}
	}
}
