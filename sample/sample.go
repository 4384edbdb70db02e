// Package sample holds the sample issue that `paiban init` writes: a plan
// (plan.toml) covering all 68 slots of a 64-page magazine issue, with its
// articles and images. It builds as it is, so a new user can see a complete
// issue first and then replace its content with their own.
//
// The images are drawn by scripts/mkimages.py (run it again after changing it;
// the output is deterministic). They follow the print rules the typesetter
// expects: CMYK JPEGs at 300 ppi or more at their placed size, except one
// grayscale JPEG (fig-xinli.jpg) and one grayscale PNG (fig-logo.png, not
// placed), and nothing in RGB.
package sample

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

//go:embed files
var files embed.FS

// Files returns the sample issue as a file system whose root holds plan.toml,
// articles/ and images/.
func Files() fs.FS {
	sub, err := fs.Sub(files, "files")
	if err != nil {
		panic(err) // cannot happen: "files" is a valid, embedded directory
	}
	return sub
}

// Write writes every file of the sample issue into dir, creating dir and its
// subdirectories as needed (directories 0755, files 0644, both subject to the
// umask). Files are written in lexical order.
//
// Write never overwrites anything: if dir/plan.toml, or any other file the
// sample would write, already exists, it returns an error and writes nothing.
// If writing fails part way, the files and directories Write created are
// removed again.
func Write(dir string) (err error) {
	src := Files()

	var dirs, regular []string // slash-separated paths relative to the root, lexical order
	if err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == "." {
			return nil
		}
		if d.IsDir() {
			dirs = append(dirs, p)
		} else {
			regular = append(regular, p)
		}
		return nil
	}); err != nil {
		return fmt.Errorf("sample: %w", err)
	}

	// Refuse before writing anything. plan.toml first, for the clearest message.
	plan := filepath.Join(dir, "plan.toml")
	if _, err := os.Lstat(plan); err == nil {
		return fmt.Errorf("%s already exists: not writing the sample issue over an existing one (choose a new or empty directory)", plan)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, p := range regular {
		target := filepath.Join(dir, filepath.FromSlash(p))
		if _, err := os.Lstat(target); err == nil {
			return fmt.Errorf("%s already exists: not overwriting it with the sample issue (choose a new or empty directory)", target)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}

	// Undo on failure: remove what this call created, newest first.
	var created []string
	defer func() {
		if err != nil {
			for i := len(created) - 1; i >= 0; i-- {
				os.Remove(created[i]) // directories only go if empty, i.e. if they held nothing but ours
			}
		}
	}()
	mkdir := func(d string) error {
		// Create d and any missing parents, remembering which ones were new.
		var missing []string
		for p := d; ; p = filepath.Dir(p) {
			if _, err := os.Stat(p); err == nil {
				break
			} else if !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			missing = append(missing, p)
			if filepath.Dir(p) == p {
				break
			}
		}
		for i := len(missing) - 1; i >= 0; i-- {
			if err := os.Mkdir(missing[i], 0o755); err != nil {
				return err
			}
			created = append(created, missing[i])
		}
		return nil
	}

	if err := mkdir(dir); err != nil {
		return err
	}
	for _, p := range dirs {
		if err := mkdir(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			return err
		}
	}
	for _, p := range regular {
		data, err := fs.ReadFile(src, p)
		if err != nil {
			return fmt.Errorf("sample: %s: %w", p, err)
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if err := mkdir(filepath.Dir(target)); err != nil {
			return err
		}
		if err := writeNew(target, data, &created); err != nil {
			return err
		}
	}
	return nil
}

// writeNew creates name (failing if it exists) and writes data to it.
func writeNew(name string, data []byte, created *[]string) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	*created = append(*created, name)
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
