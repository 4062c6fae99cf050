package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

// Exit codes, documented in `ingest help`.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// usageError is a mistake in the command line: unknown command or flag,
// missing or malformed argument. It exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errInterrupted reports a run stopped by a signal after saving its state.
var errInterrupted = errors.New("interrupted")

// exitCode prints err as one line on stderr and maps it to an exit status.
// This is the only place that decides exit codes.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, pflag.ErrHelp) {
		return exitOK
	}
	msg := strings.ReplaceAll(err.Error(), "\n", " ")
	fmt.Fprintf(stderr, "ingest: %s\n", msg)
	var ue *usageError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "Run 'ingest help' for usage.")
		return exitUsage
	case errors.Is(err, errInterrupted), errors.Is(err, context.Canceled):
		return exitInterrupted
	}
	return exitFailure
}
