package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingest-archive/ingest/storage"
)

// runCLI runs the program in-process and returns its exit code and the
// streams.
func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	code = exitCode(err, &errb)
	return code, out.String(), errb.String()
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestBadInput checks that every kind of bad input ends with one clear
// line on stderr and the right exit status, never a panic.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	notBolt := filepath.Join(dir, "notes.db")
	os.WriteFile(notBolt, []byte("this is a text file, not an archive\n"), 0o644)
	locked := filepath.Join(dir, "locked.db")
	holder, err := storage.Open(locked, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	empty := filepath.Join(dir, "empty.db")
	if db, err := storage.Open(empty, storage.Options{}); err != nil {
		t.Fatal(err)
	} else {
		db.Close()
	}
	roDir := filepath.Join(dir, "readonly")
	os.Mkdir(roDir, 0o555)
	page := filepath.Join(dir, "page.html")
	os.WriteFile(page, []byte("<html><body><p>Hello</p></body></html>"), 0o644)
	badConfig := filepath.Join(dir, "bad.yaml")
	os.WriteFile(badConfig, []byte("sites:\n  example.org:\n    title: 'h1[['\n"), 0o644)
	typoConfig := filepath.Join(dir, "typo.yaml")
	os.WriteFile(typoConfig, []byte("crawl:\n  rte: 3\n"), 0o644)

	tests := []struct {
		name string
		args []string
		code int
		want string // substring of the error line
	}{
		{"no command", nil, exitUsage, "no command given"},
		{"unknown command", []string{"crawel"}, exitUsage, `unknown command "crawel"`},
		{"unknown flag", []string{"crawl", "--speed", "3", "http://example.org/"}, exitUsage, "unknown flag: --speed"},
		{"bad flag value", []string{"crawl", "--rate", "fast", "http://example.org/"}, exitUsage, "--rate"},
		{"no seed", []string{"crawl"}, exitUsage, "at least one seed"},
		{"malformed url", []string{"crawl", "--db", filepath.Join(dir, "a.db"), "ht!tp://bad url"}, exitUsage, "not an absolute http(s) URL"},
		{"relative url", []string{"crawl", "--db", filepath.Join(dir, "a.db"), "example.org/page"}, exitUsage, "not an absolute http(s) URL"},
		{"ftp url", []string{"crawl", "--db", filepath.Join(dir, "a.db"), "ftp://example.org/"}, exitUsage, "not an absolute http(s) URL"},
		{"negative rate", []string{"crawl", "--db", filepath.Join(dir, "a.db"), "--rate", "-1", "http://example.org/"}, exitUsage, "rate"},
		{"zero trap pages", []string{"crawl", "--db", filepath.Join(dir, "a.db"), "--trap-pages", "0", "http://example.org/"}, exitUsage, "--trap-pages 0: must be at least 1"},
		{"negative extractors", []string{"crawl", "--db", filepath.Join(dir, "a.db"), "--extractors", "-2", "http://example.org/"}, exitUsage, "--extractors -2"},
		{"closed port", []string{"crawl", "--db", filepath.Join(dir, "c.db"), "--retries", "0", "http://" + closedPort(t) + "/"}, exitFailure, "no page could be fetched"},
		{"not a bbolt file", []string{"stats", "--db", notBolt}, exitFailure, "not an ingest archive"},
		{"not a bbolt file for crawl", []string{"crawl", "--db", notBolt, "http://example.org/"}, exitFailure, "not an ingest archive"},
		{"locked database", []string{"stats", "--db", locked}, exitFailure, "locked by another ingest process"},
		{"missing database", []string{"stats", "--db", filepath.Join(dir, "nope.db")}, exitFailure, "no such archive"},
		{"missing input file", []string{"extract", filepath.Join(dir, "missing.html")}, exitFailure, "no such file"},
		{"extract bad url", []string{"extract", "--url", "not a url", page}, exitUsage, "not an absolute http(s) URL"},
		{"extract two files", []string{"extract", page, page}, exitUsage, "exactly one"},
		{"unwritable out", []string{"export", "--db", empty, "--format", "jsonl", "--out", filepath.Join(roDir, "x", "out.jsonl")}, exitFailure, ""},
		{"export bad format", []string{"export", "--db", empty, "--format", "xml", "--out", "-"}, exitUsage, "xml"},
		{"export missing out", []string{"export", "--db", empty, "--format", "json"}, exitUsage, "--out"},
		{"export markdown to stdout", []string{"export", "--db", empty, "--format", "markdown", "--out", "-"}, exitUsage, ""},
		{"export bad since", []string{"export", "--db", empty, "--format", "json", "--out", "-", "--since", "yesterday"}, exitUsage, "--since"},
		{"bad config selector", []string{"extract", "--config", badConfig, page}, exitFailure, "bad CSS selector"},
		{"config typo", []string{"extract", "--config", typoConfig, page}, exitFailure, "rte"},
		{"missing config", []string{"extract", "--config", filepath.Join(dir, "none.yaml"), page}, exitFailure, "no such file"},
		{"eval missing dataset", []string{"eval", filepath.Join(dir, "nodata")}, exitFailure, "no such file"},
		{"bad log level", []string{"crawl", "--log-level", "loud", "http://example.org/"}, exitUsage, "--log-level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "unwritable out" && os.Geteuid() == 0 {
				// root can write anywhere; use a path under a regular file instead.
				tt.args[len(tt.args)-1] = filepath.Join(page, "out.jsonl")
			}
			code, _, stderr := runCLI(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
			first := lines[0]
			if !strings.HasPrefix(first, "ingest: ") {
				t.Errorf("first stderr line %q does not start with 'ingest: '", first)
			}
			if !strings.Contains(first, tt.want) {
				t.Errorf("error line %q does not mention %q", first, tt.want)
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
				t.Errorf("stack trace on stderr:\n%s", stderr)
			}
		})
	}
}

// TestHelpAndVersion checks the documented commands and exit codes appear
// in help, which exits 0.
func TestHelpAndVersion(t *testing.T) {
	code, out, _ := runCLI(t, "", "help")
	if code != exitOK {
		t.Fatalf("help exit %d", code)
	}
	for _, c := range commands() {
		if !strings.Contains(out, c.name) {
			t.Errorf("help does not list %s", c.name)
		}
	}
	if !strings.Contains(out, "2 usage error") {
		t.Error("help does not document exit codes")
	}
	code, out, _ = runCLI(t, "", "crawl", "--help")
	if code != exitOK || !strings.Contains(out, "--max-pages") {
		t.Errorf("crawl --help: exit %d, output %q", code, out)
	}
}

// TestExtractStdin extracts a page from stdin and prints its record.
func TestExtractStdin(t *testing.T) {
	page := `<html lang="en"><head><title>Tariffs Are Back | Example Forum</title>
<meta property="og:site_name" content="Example Forum"></head><body>
<article><h1>Tariffs Are Back</h1><p class="byline">By Jane Roe</p>
<p>` + strings.Repeat("Tariffs raise prices for importers and consumers alike. ", 20) + `</p></article></body></html>`
	code, out, stderr := runCLI(t, page, "extract", "--url", "https://example.org/a/tariffs/", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{`"page_type"`, `"url": "https://example.org/a/tariffs/"`, `"title": "Tariffs Are Back"`, `"markdown"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
}
