package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/paiban/paiban/flatplan"
	"github.com/paiban/paiban/internal/outfile"
	"github.com/paiban/paiban/pipeline"
)

// flatplanCommand is `paiban flatplan PLAN -o FLAT.pdf`: the whole issue at
// a glance, for planning meetings and proofreaders.
func flatplanCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "flatplan",
		Usage:     "draw the flat plan (版面总览): every slot in reading spreads with its section, a thumbnail and its state",
		ArgsUsage: "PLAN.toml",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "the flat plan PDF to write", Required: true},
			&cli.StringFlag{Name: "since", Usage: "mark pages changed since the build or proof `PDF` (or its .manifest.json)"},
			&cli.StringFlag{Name: "paper", Value: "a4", Usage: "the sheet, landscape: a4 or a3"},
		},
		Action: func(c *cli.Context) error {
			plan, err := onePlan(c)
			if err != nil {
				return err
			}
			if _, _, err := flatplan.Paper(c.String("paper")); err != nil {
				fmt.Fprintf(stderr, "--paper %s: a4 or a3\n", c.String("paper"))
				return exitError(2)
			}
			since := c.String("since")
			if since != "" {
				if _, err := os.Stat(pipeline.SincePath(since)); err != nil {
					if _, err2 := os.Stat(since); err2 != nil {
						// a typo here would silently mark nothing as changed
						return fmt.Errorf("--since %s: %v", since, err2)
					}
				}
			}
			defer exitOnSignal(stderr)()
			out := c.String("output")
			res, diags := pipeline.Flatplan(plan, pipeline.FlatplanOptions{Since: since, Paper: c.String("paper")}, nil)
			printDiags(stderr, diags)
			if err := pipeline.CheckOutputs(plan, res.Issue, out); err != nil {
				fmt.Fprintf(stderr, "%v\npaiban: nothing written\n", err)
				return exitError(1)
			}
			if diags.HasErrors() || res.PDF == nil {
				fmt.Fprintf(stderr, "paiban: no flat plan written (%d error%s); %s left as it was\n", len(diags.Errors()), plural(len(diags.Errors())), out)
				return exitError(1)
			}
			if err := outfile.WriteFile(out, res.PDF); err != nil {
				fmt.Fprintln(stderr, err)
				return exitError(1)
			}
			in := flatplan.Input{Issue: res.Issue, Document: res.Document, Layout: res.Report}
			if res.Diff != nil {
				in.Changed = map[string]bool{}
				for _, s := range res.Diff.Changed {
					in.Changed[s] = true
				}
			}
			cells := flatplan.Cells(in)
			counts, changed := flatplan.Count(cells)
			var parts []string
			for s := flatplan.Set; s <= flatplan.Blank; s++ {
				if counts[s] > 0 {
					parts = append(parts, fmt.Sprintf("%d %s", counts[s], s.English()))
				}
			}
			if in.Changed != nil {
				parts = append(parts, fmt.Sprintf("%d changed", changed))
			}
			fmt.Fprintf(stdout, "wrote %s (%d slots: %s; %d bytes)\n", out, len(cells), strings.Join(parts, ", "), len(res.PDF))
			return nil
		},
	}
}
