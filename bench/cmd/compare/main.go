package main

import (
	"context"
	"errors"
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
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode turns run's error into the process exit code, printing it.
func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "compare:", err)
		return 2
	default:
		fmt.Fprintln(stderr, "compare:", err)
		return 1
	}
}

// run parses args, runs the chosen extractors over the dataset and writes
// the table to stdout; progress and warnings go to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	opts, err := parseOptions(args, stderr)
	if err != nil {
		return err
	}
	results, err := compare(ctx, opts, stderr)
	if err != nil {
		return err
	}
	return writeTable(stdout, opts, results)
}
