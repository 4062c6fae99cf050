package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/storage"
)

// serveArchive writes a one-record archive.
func serveArchive(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "archive.db")
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rec := normalize.Record{URL: "https://example.org/a/1", Title: "A served record", Authors: []string{"Ann Lee"},
		Published: "2024-01-02", Markdown: "Hello, reader.", Text: "Hello, reader."}
	if _, err := db.Put(context.Background(), storage.PutInput{Record: rec}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// startServe runs `ingest serve` in-process and returns its base URL,
// a function that stops it as Ctrl-C does, and the exit status it gives.
func startServe(t *testing.T, args ...string) (base string, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		err := run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), nil, &out, &errb)
		done <- exitCode(err, &errb)
	}()
	re := regexp.MustCompile(`serving (http://127\.0\.0\.1:\d+/)\n`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve exited with %d: %s", code, errb.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve never said where it serves: %q %q", out.String(), errb.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	var once sync.Once
	code := -1
	stop = func() int {
		once.Do(func() {
			cancel()
			code = <-done
		})
		return code
	}
	t.Cleanup(func() { stop() })
	return base, stop
}

func TestServeCommand(t *testing.T) {
	path := serveArchive(t)
	base, stop := startServe(t, "--db", path)
	res, err := http.Get(base + "?q=reader")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "A served record") {
		t.Errorf("GET /: %d\n%s", res.StatusCode, b)
	}
	if code := stop(); code != exitInterrupted {
		t.Errorf("stopped serve exits %d, want %d", code, exitInterrupted)
	}
	if _, err := http.Get(base); err == nil {
		t.Error("serve still answers after it stopped")
	}
}

func TestServeBadInput(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(text, []byte("not a database"), 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	archive := serveArchive(t)
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"serve", "--db", filepath.Join(dir, "missing.db")}, exitFailure, "no such archive"},
		{[]string{"serve", "--db", text}, exitFailure, "not an ingest archive"},
		{[]string{"serve", "--db", archive, "--addr", "8080"}, exitUsage, "want HOST:PORT"},
		{[]string{"serve", "--db", archive, "--addr", "127.0.0.1:http2"}, exitUsage, "is not a number"},
		{[]string{"serve", "--db", archive, "--addr", ln.Addr().String()}, exitFailure, "address already in use"},
		{[]string{"serve", "--db", archive, "extra"}, exitUsage, "unexpected argument"},
	} {
		code, _, stderr := runCLI(t, "", tc.args...)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code != tc.code || !strings.Contains(lines[0], tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.msg)
		}
		if tc.code == exitFailure && len(lines) != 1 {
			t.Errorf("%v: %d lines on stderr, want one", tc.args, len(lines))
		}
	}
}
