package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

// env is what a command gets from the process: its streams. Tests build
// one with buffers and call run in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

type command struct {
	name, args, summary string
	run                 func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{"crawl", "[flags] URL...", "crawl a site from seed URLs and store its articles", runCrawl},
		{"sync", "[--every DURATION] [--revisit-after DURATION] [flags]", "revisit known articles and find new ones (conditional requests)", runSync},
		{"extract", "[--url URL] FILE|-", "extract one saved page and print its record as JSON", runExtract},
		{"export", "--format json|jsonl|markdown|warc|wacz --out PATH", "export the archive as JSON, JSON Lines, Markdown, WARC or WACZ", runExport},
		{"import", "[--base URL] SOURCE...", "import .warc, .warc.gz, .wacz files or wget --mirror folders, without fetching", runImport},
		{"show", "[--history] [--text] URL|ID", "print one record, and with --history its revisions and diffs", runShow},
		{"reprocess", "[--config FILE]", "rebuild every record from its stored raw page, without fetching", runReprocess},
		{"site", "show HOST | learn [HOST...]", "print a site's learned model as a profile, or learn it again and re-extract its pages", runSite},
		{"worker", "--queue nats://HOST:PORT [--concurrency N]", "fetch and extract pages for crawls, syncs and reprocesses run with --queue, on any number of machines", runWorker},
		{"stats", "[--json]", "show records by status and site, and the last run", runStats},
		{"serve", "[--db FILE] [--addr HOST:PORT]", "browse, search and review the archive in a web browser (read-only)", runServe},
		{"eval", "[--out PRED.jsonl] DATASET_DIR", "measure extraction quality on an evaluation dataset", runEval},
		{"demo", "", "crawl the embedded sample site and export it", runDemo},
	}
}

const usageFooter = `
Run 'ingest COMMAND --help' for a command's flags.

Exit status: 0 success, 1 failure, 2 usage error, 130 interrupted (state saved).
`

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "ingest turns a commentary or news website into a clean archive of its articles.")
	fmt.Fprintln(w, "\nUsage: ingest COMMAND [flags] [args]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, usageFooter)
}

// run is the whole program: it parses args, runs one command and returns
// its error. It never calls os.Exit, so tests drive it in-process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		return usagef("no command given")
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help":
		printUsage(stdout)
		return nil
	case "version", "--version":
		fmt.Fprintln(stdout, "ingest", version)
		return nil
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, e, args[1:])
		}
	}
	return usagef("unknown command %q", name)
}

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// newFlags makes a flag set for a command that reports errors instead of
// exiting, and prints its help on stdout.
func newFlags(e env, name, args string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SortFlags = false
	fs.SetInterspersed(true)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage: ingest %s %s\n\nFlags:\n%s", name, args, fs.FlagUsages())
	}
	return fs
}

// parseFlags parses args and turns flag errors into usage errors.
func parseFlags(fs *pflag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return err
		}
		return usagef("%s: %s", fs.Name(), strings.TrimSpace(err.Error()))
	}
	return nil
}
