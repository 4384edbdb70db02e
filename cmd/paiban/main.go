// Command paiban typesets one issue of a Chinese magazine into a print-ready
// PDF. See README.md and docs/plan-format.md.
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/paiban/paiban/internal/outfile"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/pipeline"
	"github.com/paiban/paiban/sample"
)

func main() {
	tuneGC() // memory.go
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// exitError carries an exit status through urfave/cli without printing.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit %d", int(e)) }

func run(args []string, stdout, stderr io.Writer) int {
	app := &cli.App{
		Name:      "paiban",
		Usage:     "typeset a Chinese magazine issue into a print-ready PDF",
		Version:   version(), // diagprint.go
		Writer:    stdout,
		ErrWriter: stderr,
		Commands: []*cli.Command{
			{
				Name:      "build",
				Usage:     "lay out the plan and write the print PDF",
				ArgsUsage: "PLAN.toml",
				Flags: []cli.Flag{
					outputFlag("the PDF to write (default: the plan's name with .pdf, beside it)"), // flags.go
					reportFlag(), // proofcmd.go
					watchFlag(),
					fullReportFlag(), // flags.go
					strictFlag(),
					noCacheFlag(), // flags.go
					quietFlag(),
				},
				Action: func(c *cli.Context) error {
					plan, err := onePlan(c)
					if err != nil {
						return err
					}
					out := outputOf(c, plan, ".pdf") // flags.go
					defer watchOptions(c)()
					return runAndSave(plan, out, c.String("report"), c.Bool("watch"), pipeline.Options{Strict: c.Bool("strict"), DiskCache: diskCache(c, out), Stream: true}, quiet(c, stdout), stderr)
				},
			},
			{
				Name:      "check",
				Usage:     "validate and lay out the plan without writing a PDF",
				ArgsUsage: "PLAN.toml",
				Flags:     []cli.Flag{reportFlag(), strictFlag()},
				Action: func(c *cli.Context) error {
					plan, err := onePlan(c)
					if err != nil {
						return err
					}
					res, diags := pipeline.Run(plan, pipeline.Options{Strict: c.Bool("strict")})
					printDiags(stderr, diags)
					if err := pipeline.CheckOutputs(plan, res.Issue, c.String("report")); err != nil {
						fmt.Fprintln(stderr, err)
						return exitError(1)
					}
					rep := makeReport(res, diags, "check", plan, "")
					if !writeReport(c.String("report"), rep, stderr) || diags.HasErrors() {
						return exitError(1)
					}
					rep.WriteText(stdout)
					return nil
				},
			},
			imposeCommand(stdout, stderr), // impose.go
			proofCommand(stdout, stderr),  // proofcmd.go
			notesCommand(stdout, stderr),  // notes.go
			flatplanCommand(stdout, stderr),
			{
				Name:      "text",
				Usage:     "write each article's text as typeset (markup removed, punctuation fixed) into DIR, to compare with the PDF",
				ArgsUsage: "PLAN.toml",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "the directory to write", Required: true},
				},
				Action: func(c *cli.Context) error {
					plan, err := onePlan(c)
					if err != nil {
						return err
					}
					return textCmd(plan, c.String("output"), stdout, stderr)
				},
			},
			{
				Name:      "init",
				Usage:     "write a ready-to-build sample issue into DIR",
				ArgsUsage: "DIR",
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return fmt.Errorf("init needs one directory, e.g. paiban init sample")
					}
					dir := c.Args().First()
					if err := sample.Write(dir); err != nil {
						return err
					}
					fmt.Fprintf(stdout, "wrote a sample issue to %s; build it with:\n  paiban build %s -o %s\n", dir, filepath.Join(dir, "plan.toml"), filepath.Join(dir, "issue.pdf"))
					return nil
				},
			},
		},
		ExitErrHandler: func(*cli.Context, error) {},
	}
	args, err := flagsFirst(app, args)
	if err == nil {
		err = app.Run(args)
	}
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return int(ee)
	default: // a usage error: bad flags or arguments
		errorLine(stderr, "%v (see paiban --help)", err) // diagprint.go
		return 2
	}
}

// flagsFirst moves a command's flags before its arguments, so that
// "paiban build plan.toml -o issue.pdf" works: urfave/cli stops reading
// flags at the first argument. A flag that takes a value but ends the
// command line is an error (moved first, it would take the plan as its
// value).
func flagsFirst(app *cli.App, args []string) ([]string, error) {
	if len(args) < 3 {
		return args, nil
	}
	var cmd *cli.Command
	for _, c := range app.Commands {
		if c.HasName(args[1]) {
			cmd = c
		}
	}
	if cmd == nil {
		return args, nil
	}
	takesValue := map[string]bool{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	var flags, rest []string
	for i := 2; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name := strings.TrimLeft(a, "-")
		if strings.HasPrefix(a, "-") && len(name) > 0 {
			flags = append(flags, a)
			if k, _, hasEq := strings.Cut(name, "="); !hasEq && takesValue[k] {
				if i+1 >= len(args) {
					return nil, fmt.Errorf("flag %s needs a value, and it is the last word of the command line", a)
				}
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		rest = append(rest, a)
	}
	out := append([]string{args[0], args[1]}, flags...)
	return append(out, rest...), nil
}

func onePlan(c *cli.Context) (string, error) {
	if c.NArg() != 1 {
		return "", fmt.Errorf("%s needs exactly one plan file (got %d arguments)", c.Command.Name, c.NArg())
	}
	return c.Args().First(), nil
}

// textCmd writes every article of the plan as plain text, one file each.
func textCmd(plan, dir string, stdout, stderr io.Writer) error {
	defer exitOnSignal(stderr)()
	iss, diags := issue.Load(plan)
	printDiags(stderr, diags)
	if iss == nil || diags.HasErrors() {
		return exitError(1)
	}
	seen := map[string]int{}
	var outs []string
	for _, a := range iss.Articles() {
		name := strings.TrimSuffix(filepath.Base(a.File), filepath.Ext(a.File))
		seen[name]++
		if seen[name] > 1 {
			name = fmt.Sprintf("%s-%d", name, seen[name])
		}
		outs = append(outs, filepath.Join(dir, name+".txt"))
	}
	if err := pipeline.CheckOutputs(plan, iss, outs...); err != nil {
		fmt.Fprintln(stderr, err)
		return exitError(1)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		fmt.Fprintf(stderr, "%s: %v\n", dir, err)
		return exitError(1)
	}
	var set outfile.Set // all the files, or none
	for i, a := range iss.Articles() {
		set.Add(outs[i], []byte(a.PlainTextStyle(iss.Text.FootnoteStyle, iss.Text.Endnotes)))
	}
	if err := set.Commit(); err != nil {
		fmt.Fprintf(stderr, "%v\npaiban: nothing written\n", err)
		return exitError(1)
	}
	fmt.Fprintf(stdout, "wrote %d articles to %s\n", len(iss.Articles()), dir)
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
