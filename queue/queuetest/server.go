// Package queuetest starts an embedded NATS server with JetStream for
// tests, with its store in a temporary folder.
package queuetest

import (
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Server is an embedded NATS server that a test can stop and start again
// on the same port and store, as a restarted server would come back.
type Server struct {
	t     testing.TB
	dir   string
	port  int
	srv   *server.Server
	alive bool
}

// Start starts a server on a free loopback port with its JetStream store
// in a folder of t's, and stops it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{t: t, dir: t.TempDir(), port: -1}
	s.Restart()
	t.Cleanup(s.Stop)
	return s
}

// URL is the server's nats:// URL.
func (s *Server) URL() string { return fmt.Sprintf("nats://127.0.0.1:%d", s.port) }

// Stop shuts the server down, keeping its store.
func (s *Server) Stop() {
	if !s.alive {
		return
	}
	s.srv.Shutdown()
	s.srv.WaitForShutdown()
	s.alive = false
}

// Restart starts the server again (or for the first time) on the same port
// and store.
func (s *Server) Restart() {
	s.t.Helper()
	srv, err := New(s.dir, s.port)
	if err != nil {
		s.t.Fatalf("nats server: %v", err)
	}
	s.srv = srv
	s.port = srv.Addr().(*net.TCPAddr).Port
	s.alive = true
}

// New starts a NATS server with JetStream on 127.0.0.1:port (-1 for a free
// port) with its store in dir, and waits until it takes connections.
func New(dir string, port int) (*server.Server, error) {
	opts := &server.Options{
		Host:      "127.0.0.1",
		Port:      port,
		JetStream: true,
		StoreDir:  dir,
		NoLog:     true,
		NoSigs:    true,
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, err
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		return nil, fmt.Errorf("not ready after 10s")
	}
	return srv, nil
}
