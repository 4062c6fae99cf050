package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"strconv"

	"github.com/ingest-archive/ingest/internal/httpserve"
	"github.com/ingest-archive/ingest/serve"
)

// defaultServeAddr keeps the UI on this machine unless asked otherwise.
const defaultServeAddr = "127.0.0.1:8080"

func runServe(ctx context.Context, e env, args []string) error {
	flags := newFlags(e, "serve", "[--db FILE] [--addr HOST:PORT]")
	db := flags.String("db", "", "archive database file (default ./archive.db, or $INGEST_DB)")
	addr := flags.String("addr", defaultServeAddr, "address to listen on (port 0 picks a free one)")
	var lf logFlags
	lf.register(flags)
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usagef("serve: unexpected argument %q", flags.Arg(0))
	}
	if err := checkAddr(*addr); err != nil {
		return err
	}
	logger, err := lf.logger(e.stderr)
	if err != nil {
		return err
	}
	path := dbPath(*db)
	s, err := serve.New(ctx, serve.Options{Path: path, Logger: logger})
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("open %s: no such archive (create one with 'ingest crawl --db %s URL')", path, path)
	}
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer s.Close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintf(e.stdout, "serving http://%s/\n", ln.Addr())
	if err := httpserve.Run(ctx, ln, s); ctx.Err() == nil {
		return fmt.Errorf("serve: %w", err)
	}
	return fmt.Errorf("serve: %w", errInterrupted)
}

// checkAddr rejects an --addr that cannot be listened on as written.
func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("serve: --addr %q: want HOST:PORT, such as %s", addr, defaultServeAddr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return usagef("serve: --addr %q: port %q is not a number from 0 to 65535", addr, port)
	}
	return nil
}
