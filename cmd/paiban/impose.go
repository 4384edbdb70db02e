package main

import (
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/paiban/paiban/atomicfile"
	"github.com/paiban/paiban/impose"
)

// imposeCommand is `paiban impose ISSUE.pdf -o SPREADS.pdf`: printer spreads
// for saddle stitching from a PDF that paiban build wrote.
func imposeCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "impose",
		Usage:     "make 2-up saddle-stitch printer spreads from a print PDF written by paiban build",
		ArgsUsage: "ISSUE.pdf",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "the spreads PDF to write", Required: true},
			&cli.BoolFlag{Name: "marks", Value: true, Usage: "crop, fold and registration marks outside the bleed (--marks=false for none)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return fmt.Errorf("impose needs exactly one PDF (got %d arguments)", c.NArg())
			}
			in, out := c.Args().First(), c.String("output")
			data, err := os.ReadFile(in)
			if err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", in, err)
				return exitError(1)
			}
			res, err := impose.Spreads(data, impose.Options{Marks: c.Bool("marks")})
			if err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", in, err)
				return exitError(1)
			}
			if err := atomicfile.Write(out, res.PDF); err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", out, err)
				return exitError(1)
			}
			n := len(res.Labels)
			fmt.Fprintf(stdout, "wrote %s (%d printer spreads: %s, %s … %s; %d bytes)\n", out, n, res.Labels[0], res.Labels[1], res.Labels[n-1], len(res.PDF))
			return nil
		},
	}
}
