// Package httpserve runs an HTTP server until its context ends, then
// shuts it down gracefully: what `ingest serve` and the test-site server
// both do.
package httpserve

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// shutdownGrace is how long requests in flight get to finish once ctx
// ends.
const shutdownGrace = 5 * time.Second

// Run serves h on ln until ctx ends or serving fails. It returns the
// serving error, or, once ctx has ended, nil after a graceful shutdown;
// a shutdown that did not finish in time closes the server and is
// returned.
func Run(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		_ = srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
