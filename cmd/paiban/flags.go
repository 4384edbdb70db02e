package main

import (
	"io"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/paiban/paiban/pipeline"
)

// outputFlag is -o, --output: optional; outputOf gives the default.
func outputFlag(usage string) cli.Flag {
	return &cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: usage, TakesFile: true}
}

// outputOf is -o, or else the plan's name with ext beside the plan:
// issue/plan.toml → issue/plan.pdf (build), issue/plan.proof.pdf (proof).
func outputOf(c *cli.Context, plan, ext string) string {
	if o := c.String("output"); o != "" {
		return o
	}
	return strings.TrimSuffix(plan, filepath.Ext(plan)) + ext
}

// noCacheFlag turns the disk cache off (pipeline.CachePath beside the PDF).
func noCacheFlag() cli.Flag {
	return &cli.BoolFlag{Name: "no-cache", Usage: "neither read nor write the cache beside the PDF (OUT.pdf.cache): compute everything"}
}

// diskCache is the disk cache of a build writing out, or "" with --no-cache.
func diskCache(c *cli.Context, out string) string {
	if c.Bool("no-cache") {
		return ""
	}
	return pipeline.CachePath(out)
}

// fullReportFlag: in --watch, every rebuild prints the full report, not one line.
func fullReportFlag() cli.Flag {
	return &cli.BoolFlag{Name: "full-report", Usage: "with --watch: print the full report after every rebuild, not one line"}
}

// fullReport is --full-report for the command running (watchOptions).
var fullReport bool

// watchOptions sets fullReport from the command line, and returns what
// puts it back.
func watchOptions(c *cli.Context) (restore func()) {
	old := fullReport
	fullReport = c.Bool("full-report")
	return func() { fullReport = old }
}

// quiet is io.Discard for the report and summary with --quiet (not with
// --watch, whose one line per rebuild is all it prints), else stdout.
func quiet(c *cli.Context, stdout io.Writer) io.Writer {
	if c.Bool("quiet") && !c.Bool("watch") {
		return io.Discard
	}
	return stdout
}

// quietFlag: print only errors and warnings.
func quietFlag() cli.Flag {
	return &cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print only errors and warnings (no report)"}
}
