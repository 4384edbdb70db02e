package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/internal/outfile"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/pipeline"
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
			outputFlag("the proof PDF to write (default: the plan's name with .proof.pdf, beside it)"), // flags.go
			&cli.IntFlag{Name: "round", Value: 1, Usage: "the proof round `N` (第N校)"},
			&cli.StringFlag{Name: "date", Usage: "the date `YYYY-MM-DD` in the stamp (default: the plan's date)"},
			&cli.BoolFlag{Name: "spreads", Usage: "reader spreads: [封面] [封二|01] [02|03] … [封底]"},
			&cli.StringFlag{Name: "since", Usage: "mark pages and lines changed since the proof or build `PDF` (or its .manifest.json); default: the earlier proof at -o"},
			&cli.StringFlag{Name: "changes", Usage: "also write the list of changed lines (page, article file:line, old → new) to `FILE`"},
			&cli.BoolFlag{Name: "flatplan", Usage: "put the flat plan (版面总览, as paiban flatplan draws it) in front of the proof pages"},
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
				if err := pipeline.CheckDate(d); err != nil {
					return fmt.Errorf("--date: %v", err)
				}
			}
			out := outputOf(c, plan, ".proof.pdf") // flags.go
			since := c.String("since")
			if since == "" {
				since = out
			} else if _, err := os.Stat(since); err != nil {
				if _, err2 := os.Stat(since + ".manifest.json"); err2 != nil {
					// a typo here would silently mark nothing as changed
					return fmt.Errorf("--since %s: %v", since, err)
				}
			}
			po := &pipeline.ProofOptions{Round: c.Int("round"), Date: c.String("date"), Spreads: c.Bool("spreads"), Since: since, ChangesFile: c.String("changes"), Flatplan: c.Bool("flatplan")}
			if err := pipeline.CheckOutputs(plan, nil, out, manifest.Path(out), c.String("report"), po.ChangesFile); err != nil {
				return err
			}
			return runAndSave(plan, out, c.String("report"), c.Bool("watch"), pipeline.Options{Proof: po, Strict: c.Bool("strict")}, stdout, stderr)
		},
	}
}

// runAndSave builds (opt.Proof == nil) or proofs the plan into out with its
// manifest, prints the diagnostics and the report, and writes the JSON
// report when asked. With watch it does so again on every change, until
// interrupted. SIGINT and SIGTERM are handled the same way for build and
// proof, watching or not (outfile.HandleSignals): temporary and lock files
// are removed, nothing half-written is left, and a run that is not
// watching exits with 128 + the signal's number.
func runAndSave(plan, out, reportPath string, watch bool, opt pipeline.Options, stdout, stderr io.Writer) error {
	if !watch {
		defer exitOnSignal(stderr)()
		if _, ok := runOnce(plan, out, reportPath, opt, stdout, stderr); !ok {
			return exitError(1)
		}
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop := outfile.HandleSignals(func(os.Signal) { cancel() })
	defer stop()
	opt.Cache = pipeline.NewCache()
	first := true
	var mu sync.Mutex
	var last string // the full output of the last rebuild, for Enter
	go func() {
		// Enter (or r, Enter) prints the last rebuild's full report
		in := bufio.NewScanner(stdin)
		for in.Scan() {
			mu.Lock()
			fmt.Fprint(stdout, last)
			mu.Unlock()
		}
	}()
	pipeline.Watch(ctx, plan, watchInterval, func() *issue.Issue {
		if first {
			iss, _ := runOnce(plan, out, reportPath, opt, stdout, stderr)
			fmt.Fprintf(stdout, "watching %d files; Ctrl-C to stop; Enter prints the last full report\n", len(pipeline.WatchedFiles(plan, iss)))
			first = false
			return iss
		}
		// every rebuild after the first: one line
		var o, e bytes.Buffer
		start := time.Now()
		iss, ok := runOnce(plan, out, reportPath, opt, &o, &e)
		mu.Lock()
		last = o.String() + e.String() // the report, then the errors and warnings
		mu.Unlock()
		if fullReport { // --full-report (flags.go)
			fmt.Fprint(stdout, o.String())
			fmt.Fprint(stderr, e.String())
		}
		fmt.Fprintln(stdout, watchLine(start, ok, o.String(), e.String()))
		return iss
	})
	fmt.Fprintln(stdout, "stopped watching")
	return nil
}

// stdin is where --watch reads Enter from; tests replace it.
var stdin io.Reader = os.Stdin

// watchLine is the one line a rebuild prints in --watch: the time, the
// changed slots and how long it took, or the first error with its
// file:line.
func watchLine(start time.Time, ok bool, out, errs string) string {
	at := start.Format("15:04:05")
	ms := time.Since(start).Milliseconds()
	if !ok {
		first := ""
		for _, l := range strings.Split(errs, "\n") {
			if l != "" && !strings.Contains(l, ": warning: ") && !strings.Contains(l, ": note: ") {
				first = l
				break
			}
		}
		return fmt.Sprintf("%s  failed (%d ms): %s", at, ms, first)
	}
	changed := "no page changed"
	for _, l := range strings.Split(out, "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "changed:") {
			changed = t
		}
	}
	warn := ""
	if n := strings.Count(errs, ": warning: "); n > 0 {
		warn = fmt.Sprintf(", %d warning%s", n, plural(n))
	}
	return fmt.Sprintf("%s  %s (%d ms%s)", at, changed, ms, warn)
}

// exit ends the process after a signal; tests replace it.
var exit = os.Exit

// exitOnSignal handles SIGINT and SIGTERM for a command that writes files
// and does not watch (build, proof, text, impose): the temporary and lock
// files are removed and the process exits with 128 + the signal's number.
// It returns the function that restores the default handling.
func exitOnSignal(stderr io.Writer) (stop func()) {
	return outfile.HandleSignals(func(sig os.Signal) {
		fmt.Fprintf(stderr, "paiban: %v: stopped (no output is half-written)\n", sig)
		exit(outfile.ExitCode(sig))
	})
}

// runOnce is one run: ok is false when nothing was written. The PDF, its
// manifest and the JSON report are written together or not at all, under
// the lock of out, so that two runs writing out at once cannot mix their
// files.
func runOnce(plan, out, reportPath string, opt pipeline.Options, stdout, stderr io.Writer) (*issue.Issue, bool) {
	kind := "build"
	if opt.Proof != nil {
		kind = "proof"
	}
	start := time.Now()
	opt.WritePDF = true
	opt.Progress = terminal(stderr) // term.go
	res, diags := pipeline.Run(plan, opt)
	if err := pipeline.CheckOutputs(plan, res.Issue, out, manifest.Path(out), reportPath, outfile.LockPath(out)); err != nil {
		printDiags(stderr, diags)
		fmt.Fprintf(stderr, "%v\npaiban: nothing written\n", err)
		return res.Issue, false
	}
	if diags.HasErrors() || !res.HasPDF() {
		printDiags(stderr, diags)
		errorLine(stderr, "no PDF written (%d error%s); %s left as it was", len(diags.Errors()), plural(len(diags.Errors())), out)
		writeReport(reportPath, makeReport(res, diags, kind, plan, ""), stderr)
		return res.Issue, false
	}
	release, err := outfile.Lock(out, func() {
		fmt.Fprintf(stderr, "paiban: waiting for another paiban writing %s\n", out)
	})
	if err != nil {
		fmt.Fprintf(stderr, "%v\npaiban: nothing written\n", err)
		return res.Issue, false
	}
	defer release()
	pipeline.Compare(res, out) // the report says what changed
	rep := makeReport(res, diags, kind, plan, out)
	var extra []outfile.File
	if reportPath != "" {
		extra = append(extra, outfile.File{Path: reportPath, Data: rep.JSON()})
	}
	if _, err := pipeline.Save(res, out, extra...); err != nil {
		fmt.Fprintf(stderr, "%v\npaiban: nothing written; %s left as it was\n", err, out)
		return res.Issue, false
	}
	rep.WriteText(stdout)
	pages := len(res.Document.Pages)
	if res.Proof != nil {
		pages = len(res.Proof.Pages) + res.Sheets
	}
	fmt.Fprintf(stdout, "wrote %s (%d pages, %d bytes", out, pages, res.PDFSize())
	if opt.Cache != nil {
		fmt.Fprintf(stdout, ", %d ms", time.Since(start).Milliseconds())
	}
	fmt.Fprintln(stdout, ")")
	printWarnings(stderr, diags) // after the summary, where they are seen (diagprint.go)
	if res.CacheErr != nil {
		fmt.Fprintf(stderr, "%scache not written (the build is complete): %v\n", tag(diag.Note, useColour(stderr)), res.CacheErr)
	}
	return res.Issue, true
}

// makeReport is the report of a run.
func makeReport(res *pipeline.Result, diags diag.List, kind, plan, out string) *report.Report {
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
	if err := outfile.WriteFile(path, rep.JSON()); err != nil {
		fmt.Fprintln(stderr, err)
		return false
	}
	return true
}

// strictFlag makes every warning an error: for the final print file, a plan
// with pending sections, underfull or blank pages, low-resolution images …
// is refused.
func strictFlag() cli.Flag {
	return &cli.BoolFlag{Name: "strict", Usage: "treat every warning as an error (for the final print file: pending sections, blank pages, low-resolution images …)"}
}
