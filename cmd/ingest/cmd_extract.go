package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ingest-archive/ingest/normalize"
)

// maxExtractInput bounds what `ingest extract` reads from a file or stdin.
const maxExtractInput = 64 << 20

func runExtract(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "extract", "[--url URL] [--config FILE] FILE|-")
	pageURL := fs.String("url", "", "the URL the page was served from (resolves links; default http://localhost/FILE)")
	configPath := fs.String("config", "", "YAML config file with site profiles")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("extract: want exactly one FILE or -, got %d arguments", fs.NArg())
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	name := fs.Arg(0)
	body, err := readInput(e, name)
	if err != nil {
		return err
	}
	u := *pageURL
	if u == "" {
		u = "http://localhost/" + filepath.Base(name)
		if name == "-" {
			u = "http://localhost/"
		}
	}
	if _, err := normalize.CanonicalURL(u); err != nil {
		return usagef("extract: --url %q: not an absolute http(s) URL", u)
	}
	page, err := normalize.Extract(ctx, normalize.Input{URL: u, Body: body}, normalize.Options{Profiles: cfg.Profiles})
	if err != nil {
		return fmt.Errorf("extract %s: %w", name, err)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(page); err != nil {
		return fmt.Errorf("extract: write output: %w", err)
	}
	return nil
}

// readInput reads a whole file, or stdin for "-", up to maxExtractInput.
func readInput(e env, name string) ([]byte, error) {
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("extract: %w", err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxExtractInput+1))
	if err != nil {
		return nil, fmt.Errorf("extract: read %s: %w", name, err)
	}
	if len(b) > maxExtractInput {
		return nil, fmt.Errorf("extract: %s is larger than %d MiB", name, maxExtractInput>>20)
	}
	return b, nil
}
