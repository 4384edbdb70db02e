package main

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/paiban/paiban/impose"
	"github.com/paiban/paiban/internal/input"
	"github.com/paiban/paiban/internal/outfile"
	"github.com/paiban/paiban/pipeline"
	"github.com/paiban/paiban/units"
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
			&cli.StringFlag{Name: "creep", Usage: "saddle-stitch creep from the paper's thickness, e.g. 0.1mm: a sheet inside n others moves its pages n thicknesses toward the spine (68 pages = 17 sheets: the centre spread 1.6mm)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return fmt.Errorf("impose needs exactly one PDF (got %d arguments)", c.NArg())
			}
			in, out := c.Args().First(), c.String("output")
			defer exitOnSignal(stderr)()
			// the check build, proof and text make: never write over the input
			if err := pipeline.CheckOutputFiles([]string{in}, func(string) string { return "the input PDF" }, out); err != nil {
				fmt.Fprintln(stderr, err)
				return exitError(1)
			}
			data, err := input.ReadFile(in, input.PDF)
			if err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", in, err)
				return exitError(1)
			}
			var creep units.Length
			if s := c.String("creep"); s != "" {
				if creep, err = units.Parse(s, 0); err != nil || creep < 0 || creep > units.FromMM(2) {
					fmt.Fprintf(stderr, "--creep %s: the paper's thickness, a length from 0 to 2 mm, such as 0.1mm\n", s)
					return exitError(2)
				}
			}
			res, err := impose.Spreads(data, impose.Options{Marks: c.Bool("marks"), Creep: creep})
			if err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", in, err)
				return exitError(1)
			}
			if err := outfile.WriteFile(out, res.PDF); err != nil {
				fmt.Fprintln(stderr, err)
				return exitError(1)
			}
			n := len(res.Labels)
			fmt.Fprintf(stdout, "wrote %s (%d printer spreads: %s, %s … %s; %d bytes)\n", out, n, res.Labels[0], res.Labels[1], res.Labels[n-1], len(res.PDF))
			return nil
		},
	}
}
