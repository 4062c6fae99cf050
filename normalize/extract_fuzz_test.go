package normalize

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fuzzTimeLimit bounds the time Extract may take on one fuzzed input; the
// inputs are small, so this is generous and only catches runaway work.
const fuzzTimeLimit = 2 * time.Second

// FuzzExtract feeds arbitrary bytes to Extract: it must never panic, must
// finish in bounded time, and must return a page or an error.
func FuzzExtract(f *testing.F) {
	pages, _ := filepath.Glob("testdata/body/*.html")
	for _, p := range pages {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"",
		"plain text",
		"<html><body><p>unclosed <div><table><tr><td>cell",
		"<noscript><p>" + "x, " + "</p></noscript>",
		"<div hidden id=\"S:1\"><p>streamed, segment, text</p></div>",
		"<svg><p>foreign content</p></svg><math><mi>x</mi></math>",
		"\xff\xfe<\x00h\x00t\x00m\x00l\x00>",
		"<meta charset=\"windows-1251\"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*fuzzTimeLimit)
		defer cancel()
		start := time.Now()
		p, err := Extract(ctx, Input{URL: "https://example.org/a/page.html", Body: body}, Options{})
		if d := time.Since(start); d > fuzzTimeLimit {
			t.Errorf("Extract took %v on %d bytes", d, len(body))
		}
		if err == nil && p == nil {
			t.Error("Extract returned neither a page nor an error")
		}
	})
}
