package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/paiban/paiban/atomicfile"
	"github.com/paiban/paiban/build"
	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/report"
)

// watchInterval is how often --watch polls the files.
const watchInterval = 200 * time.Millisecond

// reportFlag and watchFlag are shared by build and proof.
func reportFlag() cli.Flag {
	return &cli.StringFlag{Name: "report", Usage: "also write the build report as JSON to `FILE`"}
}

func watchFlag() cli.Flag {
	return &cli.BoolFlag{Name: "watch", Usage: "build again on every save of the plan or a file it names (Ctrl-C stops)"}
}

// proofCommand is `paiban proof PLAN -o OUT.pdf`.
func proofCommand(stdout, stderr io.Writer) *cli.Command {
	return &cli.Command{
		Name:      "proof",
		Usage:     "write page proofs: the pages with a watermark and a proof stamp (round, page hash, date, changes)",
		ArgsUsage: "PLAN.toml",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "the proof PDF to write", Required: true},
			&cli.IntFlag{Name: "round", Value: 1, Usage: "the proof round `N` (第N校)"},
			&cli.StringFlag{Name: "date", Usage: "the date `YYYY-MM-DD` in the stamp (default: the plan's date)"},
			&cli.BoolFlag{Name: "spreads", Usage: "reader spreads: [封面] [封二|01] [02|03] … [封底]"},
			&cli.StringFlag{Name: "since", Usage: "mark pages changed since the proof or build `PDF` (or its .manifest.json); default: the earlier proof at -o"},
			reportFlag(),
			watchFlag(),
		},
		Action: func(c *cli.Context) error {
			plan, err := onePlan(c)
			if err != nil {
				return err
			}
			if c.Int("round") < 1 {
				return fmt.Errorf("--round must be 1 or more (got %d)", c.Int("round"))
			}
			if d := c.String("date"); d != "" {
				if err := build.CheckDate(d); err != nil {
					return fmt.Errorf("--date: %v", err)
				}
			}
			out := c.String("output")
			since := c.String("since")
			if since == "" {
				since = out
			} else if _, err := os.Stat(since); err != nil {
				if _, err2 := os.Stat(since + ".manifest.json"); err2 != nil {
					// a typo here would silently mark nothing as changed
					return fmt.Errorf("--since %s: %v", since, err)
				}
			}
			po := &build.ProofOptions{Round: c.Int("round"), Date: c.String("date"), Spreads: c.Bool("spreads"), Since: since}
			return runAndSave(plan, out, c.String("report"), c.Bool("watch"), po, stdout, stderr)
		},
	}
}

// runAndSave builds (po == nil) or proofs the plan into out with its
// manifest, prints the diagnostics and the report, and writes the JSON
// report when asked. With watch it does so again on every change, until
// interrupted.
func runAndSave(plan, out, reportPath string, watch bool, po *build.ProofOptions, stdout, stderr io.Writer) error {
	if !watch {
		if _, ok := runOnce(plan, out, reportPath, po, nil, stdout, stderr); !ok {
			return exitError(1)
		}
		return nil
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cache := build.NewCache()
	first := true
	build.Watch(ctx, plan, watchInterval, func() *issue.Issue {
		if !first {
			fmt.Fprintf(stdout, "\n%s: rebuilding\n", time.Now().Format("15:04:05"))
		}
		iss, _ := runOnce(plan, out, reportPath, po, cache, stdout, stderr)
		if first {
			fmt.Fprintf(stdout, "watching %d files; Ctrl-C to stop\n", len(build.WatchedFiles(plan, iss)))
			first = false
		}
		return iss
	})
	fmt.Fprintln(stdout, "stopped watching")
	return nil
}

// runOnce is one run: ok is false when nothing was written.
func runOnce(plan, out, reportPath string, po *build.ProofOptions, cache *build.Cache, stdout, stderr io.Writer) (*issue.Issue, bool) {
	kind := "build"
	if po != nil {
		kind = "proof"
	}
	start := time.Now()
	res, diags := build.Run(plan, build.Options{WritePDF: true, Proof: po, Cache: cache})
	if err := build.CheckOutputs(plan, res.Issue, out, manifest.Path(out), reportPath); err != nil {
		printDiags(stderr, diags)
		fmt.Fprintf(stderr, "%v\npaiban: nothing written\n", err)
		return res.Issue, false
	}
	printDiags(stderr, diags)
	if diags.HasErrors() || res.PDF == nil {
		fmt.Fprintf(stderr, "paiban: no PDF written (%d error%s); %s left as it was\n", len(diags.Errors()), plural(len(diags.Errors())), out)
		writeReport(reportPath, makeReport(res, diags, kind, plan, ""), stderr)
		return res.Issue, false
	}
	if _, err := build.Save(res, out); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", out, err)
		return res.Issue, false
	}
	rep := makeReport(res, diags, kind, plan, out)
	rep.WriteText(stdout)
	pages := len(res.Document.Pages)
	if res.Proof != nil {
		pages = len(res.Proof.Pages)
	}
	fmt.Fprintf(stdout, "wrote %s (%d pages, %d bytes", out, pages, len(res.PDF))
	if cache != nil {
		fmt.Fprintf(stdout, ", %d ms", time.Since(start).Milliseconds())
	}
	fmt.Fprintln(stdout, ")")
	return res.Issue, writeReport(reportPath, rep, stderr)
}

// makeReport is the report of a run.
func makeReport(res *build.Result, diags diag.List, kind, plan, out string) *report.Report {
	in := report.Input{Kind: kind, Plan: plan, Output: out, Diags: diags}
	if res != nil {
		in.Issue, in.Document, in.Layout, in.Diff = res.Issue, res.Document, res.Report, res.Diff
	}
	return report.Make(in)
}

// writeReport writes the JSON report when a path is given; false when
// that fails.
func writeReport(path string, rep *report.Report, stderr io.Writer) bool {
	if path == "" {
		return true
	}
	if err := atomicfile.Write(path, rep.JSON()); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", path, err)
		return false
	}
	return true
}
