package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/storage"
)

func TestReprocess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "archive.db")
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	t0 := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	html := map[string]string{
		"same":      newsPage("The embankment plan explained", "Anna Petrova", "2024-03-01", essayParas("embankment")...),
		"title":     newsPage("Why the ferry matters", "Anna Petrova", "2024-03-02", essayParas("ferry")...),
		"text":      newsPage("What the council did not say", "Ben Okafor", "2024-03-03", essayParas("council")...),
		"listing":   listing("/a", "/b"),
		"no-page":   "",
		"extracted": "",
	}
	put := func(name string, edit func(*normalize.Record)) string {
		t.Helper()
		u := "https://example.org/2024/03/" + name + "-piece-about-the-river/"
		body := html[name]
		var rec normalize.Record
		if strings.Contains(body, "<article>") {
			pg, err := normalize.Extract(ctx, normalize.Input{URL: u, Body: []byte(body)}, normalize.Options{})
			if err != nil || pg.PageType != normalize.PageArticle {
				t.Fatalf("fixture %s: %v, page type %s", name, err, pg.PageType)
			}
			rec = pg.Record
		} else {
			rec = normalize.Record{URL: u, Title: name, Text: "Some text of " + name + ", long enough to read.", Markdown: "Some text."}
		}
		edit(&rec)
		raw := storage.Raw{Body: []byte(body), Status: 200, Header: http.Header{"Content-Type": {"text/html"}}, FetchedAt: t0}
		if body == "" {
			raw = storage.Raw{}
		}
		if _, err := db.Put(ctx, storage.PutInput{Record: rec, Raw: raw, Now: t0}); err != nil {
			t.Fatal(err)
		}
		return u
	}
	same := put("same", func(*normalize.Record) {})
	title := put("title", func(r *normalize.Record) { r.Title = "An older extractor's title" })
	text := put("text", func(r *normalize.Record) {
		r.ContentHash = ""
		r.Text = "Subscribe to our newsletter. " + r.Text
		r.Markdown = "Subscribe to our newsletter.\n\n" + r.Markdown
	})
	put("listing", func(*normalize.Record) {})
	put("no-page", func(*normalize.Record) {})
	if err := db.MarkGone(ctx, text, t0); err != nil {
		t.Fatal(err)
	}
	db.Close()

	code, out, stderr := runCLI(t, "", "reprocess", "--db", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "reprocessed 5 records in "
	if !strings.Contains(out, want) || !strings.Contains(out, "1 revised (text changed), 1 refreshed (metadata), 1 the same") ||
		!strings.Contains(out, "1 without a raw page, 1 no longer articles, 0 failed") {
		t.Errorf("summary:\n%s", out)
	}
	recs := records(t, path)
	get := func(u string) normalize.Record { return recs[strings.TrimPrefix(u, "https://example.org")] }
	if r := get(title); r.Title != "Why the ferry matters" || r.Revision != 1 {
		t.Errorf("title not refreshed: %q rev %d", r.Title, r.Revision)
	}
	if r := get(text); r.Revision != 2 || strings.Contains(r.Text, "Subscribe") || r.Status != "gone" {
		t.Errorf("text not revised: rev %d status %s %.60q", r.Revision, r.Status, r.Text)
	}
	if r := get(same); r.Revision != 1 || r.LastSeen != "2024-03-01T12:00:00Z" {
		t.Errorf("unchanged record: rev %d last_seen %s", r.Revision, r.LastSeen)
	}
	if h := history(t, path, text); len(h) != 2 || !strings.Contains(h[0].Text, "Subscribe") {
		t.Errorf("old text not kept: %d versions", len(h))
	}

	// A second run finds nothing to do.
	code, out, _ = runCLI(t, "", "reprocess", "--db", path)
	if code != exitOK || !strings.Contains(out, "0 revised (text changed), 0 refreshed (metadata), 3 the same") {
		t.Errorf("second run: exit %d\n%s", code, out)
	}

	// The config file's site profiles are loaded and checked first.
	cfg := filepath.Join(t.TempDir(), "ingest.yaml")
	os.WriteFile(cfg, []byte("sites:\n  example.org:\n    title: \"h1[[\"\n"), 0o644)
	code, _, stderr = runCLI(t, "", "reprocess", "--db", path, "--config", cfg)
	if code != exitFailure || !strings.Contains(stderr, "bad CSS selector") {
		t.Errorf("bad profile: exit %d, %s", code, stderr)
	}
}

func TestReprocessInterrupted(t *testing.T) {
	path, _ := showArchive(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb strings.Builder
	err := run(ctx, []string{"reprocess", "--db", path}, nil, &out, &errb)
	if code := exitCode(err, &errb); code != exitInterrupted {
		t.Errorf("exit %d, want %d: %v", code, exitInterrupted, err)
	}
}
