package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

var (
	// errUsage marks a bad command line; the process exits with 2.
	errUsage = errors.New("usage")
	// errHelp is returned for -h/--help after the usage was printed.
	errHelp = errors.New("help requested")
)

// options is the validated command line.
type options struct {
	Dataset string
	Type    string
	Only    []string // extractor names, in table order
	Limit   int      // 0: every case
	OutDir  string
}

// parseOptions reads and validates the flags.
func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	only := fs.String("only", strings.Join(extractorNames(), ","), "comma-separated extractors to run: "+strings.Join(extractorNames(), ", "))
	fs.StringVar(&o.Dataset, "dataset", "", "evaluation dataset folder (with cases.jsonl)")
	fs.StringVar(&o.Type, "type", "", "only cases whose ground truth has this page_type (e.g. article)")
	fs.IntVar(&o.Limit, "limit", 0, "only the first N cases (after --type); 0 means all")
	fs.StringVar(&o.OutDir, "out-dir", "", "write each extractor's predictions to DIR/<name>.jsonl")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: compare --dataset DIR [--type PAGE_TYPE] [--only LIST] [--limit N] [--out-dir DIR]")
		fmt.Fprintln(fs.Output(), "exit codes: 0 success, 1 error, 2 usage error")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, errHelp
		}
		return o, fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if o.Dataset == "" {
		return o, fmt.Errorf("%w: --dataset is required", errUsage)
	}
	if o.Limit < 0 {
		return o, fmt.Errorf("%w: --limit %d: must not be negative", errUsage, o.Limit)
	}
	names, err := parseOnly(*only)
	if err != nil {
		return o, err
	}
	o.Only = names
	return o, nil
}

// parseOnly validates --only and returns the names in table order.
func parseOnly(s string) ([]string, error) {
	known := extractorNames()
	var want []string
	for _, n := range strings.Split(s, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if !slices.Contains(known, n) {
			return nil, fmt.Errorf("%w: --only: unknown extractor %q (want some of %s)", errUsage, n, strings.Join(known, ", "))
		}
		want = append(want, n)
	}
	if len(want) == 0 {
		return nil, fmt.Errorf("%w: --only: no extractor named", errUsage)
	}
	var out []string
	for _, n := range known {
		if slices.Contains(want, n) {
			out = append(out, n)
		}
	}
	return out, nil
}
