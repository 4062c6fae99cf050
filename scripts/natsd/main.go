// Command natsd runs a NATS server with JetStream, built from the server's
// Go module, for `make demo-cluster` and the queue benchmark: no binary is
// downloaded. It prints the client URL on stdout once the server takes
// connections, and serves until SIGINT or SIGTERM.
//
//	natsd -addr 127.0.0.1:4222 -store /tmp/js
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:4222", "host:port to listen on (port 0 for a free one)")
	store := flag.String("store", "", "JetStream store folder (default: a new temporary folder)")
	flag.Parse()
	host, portStr, err := net.SplitHostPort(*addr)
	if err != nil {
		log.Fatalf("natsd: -addr %q: %v", *addr, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		log.Fatalf("natsd: -addr %q: bad port", *addr)
	}
	if port == 0 {
		port = -1 // the server's word for a free port
	}
	dir := *store
	if dir == "" {
		if dir, err = os.MkdirTemp("", "natsd-*"); err != nil {
			log.Fatalf("natsd: %v", err)
		}
		defer os.RemoveAll(dir)
	}
	srv, err := server.NewServer(&server.Options{
		Host: host, Port: port, JetStream: true, StoreDir: dir, NoSigs: true,
		MaxPayload: 8 << 20,
	})
	if err != nil {
		log.Fatalf("natsd: %v", err)
	}
	srv.ConfigureLogger()
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		log.Fatalf("natsd: not ready after 10s")
	}
	fmt.Println(srv.ClientURL())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	srv.Shutdown()
	srv.WaitForShutdown()
}
