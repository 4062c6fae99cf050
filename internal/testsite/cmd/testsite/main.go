// Command testsite serves one of the test websites under testdata/sites, or
// writes its ground truth.
//
//	testsite serve testdata/sites/NAME 127.0.0.1:PORT   serve until interrupted
//	testsite truth testdata/sites/NAME > truth.jsonl    write the truth as JSON Lines
//
// Exit status: 0 on success, 2 on a usage error, 1 on any other error.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/ingest-archive/ingest/internal/httpserve"
	"github.com/ingest-archive/ingest/internal/testsite"
)

const usage = `usage:
  testsite serve DIR ADDR   serve the site in DIR on ADDR (host:port) until interrupted
  testsite truth DIR        write the truth of the site in DIR to stdout as JSON Lines
`

var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case errors.Is(err, errUsage):
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "testsite:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	switch {
	case len(args) == 3 && args[0] == "serve":
		site, err := testsite.Load(args[1])
		if err != nil {
			return err
		}
		return serve(ctx, site.Handler(), args[2], stderr)
	case len(args) == 2 && args[0] == "truth":
		site, err := testsite.Load(args[1])
		if err != nil {
			return err
		}
		return testsite.WriteTruth(stdout, site.Truth())
	}
	return errUsage
}

// serve listens on addr until ctx is done, then shuts down gracefully.
func serve(ctx context.Context, h http.Handler, addr string, stderr io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintf(stderr, "serving on http://%s/\n", ln.Addr())
	if err := httpserve.Run(ctx, ln, h); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
