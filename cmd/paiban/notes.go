package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/paiban/paiban/internal/input"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/proof"
)

// notesCommand is `paiban notes MARKED.pdf`: the marks a proofreader made
// in a proof, as article-file:line: 「quoted text」 → note.
func notesCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "notes",
		Usage:     "list the marks a proofreader made in a proof (notes, highlights, strike-outs, carets …) by article file and line",
		ArgsUsage: "MARKED.pdf",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "manifest", Usage: "the proof's `MANIFEST` (default: the .manifest.json beside MARKED.pdf)"},
			&cli.BoolFlag{Name: "json", Usage: "print the notes as JSON, for tools"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return fmt.Errorf("notes needs exactly one PDF (got %d arguments)", c.NArg())
			}
			in := c.Args().First()
			mpath := c.String("manifest")
			if mpath == "" {
				mpath = manifest.Path(in)
			}
			m, err := manifest.Read(mpath)
			switch {
			case err != nil:
				errorLine(stderr, "%v", err)
				return exitError(1)
			case m == nil:
				errorLine(stderr, "%s: no manifest of the proof (give the one written beside the proof with --manifest PROOF.pdf.manifest.json)", mpath)
				return exitError(1)
			case m.Geometry == nil:
				errorLine(stderr, "%s: the manifest has no line records (written by an older paiban): proof again, then mark the new proof", mpath)
				return exitError(1)
			}
			data, err := input.ReadFile(in, input.PDF)
			if err != nil {
				errorLine(stderr, "%s: %v", in, err)
				return exitError(1)
			}
			notes, err := proof.Notes(data, m)
			if err != nil {
				errorLine(stderr, "%s: %v", in, err)
				return exitError(1)
			}
			// article paths as the plan names them, from where the proof was made
			for i := range notes {
				if notes[i].File != "" {
					notes[i].File = filepath.ToSlash(filepath.Join(filepath.Dir(m.Plan), filepath.FromSlash(notes[i].File)))
				}
			}
			if c.Bool("json") {
				if notes == nil {
					notes = []proof.Note{}
				}
				b, _ := json.MarshalIndent(notes, "", "  ")
				fmt.Fprintf(stdout, "%s\n", b)
				return nil
			}
			for _, n := range notes {
				fmt.Fprintln(stdout, n.String())
			}
			if len(notes) == 0 {
				fmt.Fprintln(stdout, "no marks")
			}
			return nil
		},
	}
}
