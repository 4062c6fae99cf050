// Command trafset turns the multilingual comparison set that
// go-trafilatura ships in its module (scripts/comparison/data.go and the
// pages in test-files/comparison and test-files/mock) into an evaluation
// dataset in the format of ../shared/eval: cases.jsonl and html/<id>.html.gz.
//
// The set's ground truth is Go source, so it is read with go/parser rather
// than compiled in: the module stays a plain dependency and the truth is
// taken exactly as its authors wrote it. Each case keeps the URL, the with
// and without snippets, and the title, date and authors where given. Its
// lang is the page's <html lang> when present, else the language that
// whatlanggo detects in the case's snippets; it is used only to break the
// scores down by language.
//
//	go run ./cmd/trafset --out /tmp/trafset
//	ingest eval /tmp/trafset
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "trafset:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "trafset:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("trafset", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "dataset folder to write (required)")
	src := fs.String("src", "", "go-trafilatura module folder (default: found with go list)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if *out == "" || fs.NArg() > 0 {
		return fmt.Errorf("%w: trafset --out DIR [--src MODULE_DIR]", errUsage)
	}
	dir := *src
	if dir == "" {
		d, err := moduleDir(ctx, "github.com/markusmobius/go-trafilatura")
		if err != nil {
			return err
		}
		dir = d
	}
	entries, err := readEntries(dir)
	if err != nil {
		return err
	}
	n, missing, err := writeDataset(ctx, dir, *out, entries)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d cases written to %s (%d entries without a page left out)\n", n, *out, missing)
	return nil
}
