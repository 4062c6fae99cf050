package main

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/storage"
)

// showArchive builds an archive with one record in two revisions.
func showArchive(t *testing.T) (path string, rec normalize.Record) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "archive.db")
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	t0 := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	v1 := normalize.Record{
		URL: "https://example.org/2024/03/the-embankment-plan/", Aliases: []string{"https://example.org/?p=12"},
		Title: "The embankment plan", Authors: []string{"Anna Petrova"}, Published: "2024-03-01",
		Markdown: "First paragraph.\n\nThe plan costs four million.\n\nLast paragraph.",
		Text:     "First paragraph. The plan costs four million. Last paragraph.",
	}
	if _, err := db.Put(ctx, storage.PutInput{Record: v1, Now: t0, Raw: storage.Raw{Body: []byte("<html></html>"), Status: 200, Header: http.Header{}}}); err != nil {
		t.Fatal(err)
	}
	v2 := v1
	v2.Title = "The embankment plan, revised"
	v2.Markdown = "First paragraph.\n\nThe plan costs five million.\n\nLast paragraph."
	v2.Text = "First paragraph. The plan costs five million. Last paragraph."
	if _, err := db.Put(ctx, storage.PutInput{Record: v2, Now: t0.Add(48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	rec, err = db.Get(ctx, v1.URL)
	if err != nil {
		t.Fatal(err)
	}
	return path, rec
}

func TestShow(t *testing.T) {
	db, rec := showArchive(t)
	t.Run("json by url", func(t *testing.T) {
		code, out, stderr := runCLI(t, "", "show", "--db", db, rec.URL)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var got normalize.Record
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("not a record: %v\n%s", err, out)
		}
		if got.ID != rec.ID || got.Revision != 2 || got.Title != "The embankment plan, revised" {
			t.Errorf("record %+v", got)
		}
	})
	t.Run("json by id and alias", func(t *testing.T) {
		for _, key := range []string{rec.ID, "https://example.org/?p=12", "https://example.org/2024/03/the-embankment-plan"} {
			code, out, stderr := runCLI(t, "", "show", "--db", db, key)
			if code != exitOK || !strings.Contains(out, `"id": "`+rec.ID+`"`) {
				t.Errorf("show %s: exit %d %s", key, code, stderr)
			}
		}
	})
	t.Run("history json", func(t *testing.T) {
		code, out, stderr := runCLI(t, "", "show", "--db", db, "--history", rec.ID)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var h historyJSON
		if err := json.Unmarshal([]byte(out), &h); err != nil {
			t.Fatal(err)
		}
		if len(h.Versions) != 2 || h.Versions[0].Revision != 1 || h.Versions[1].Revision != 2 || h.Versions[0].Diff != "" {
			t.Fatalf("versions %+v", h.Versions)
		}
		if h.ChangedAt != "2024-03-03T12:00:00Z" || h.Record.ID != rec.ID {
			t.Errorf("history head: changed_at %q", h.ChangedAt)
		}
		d := h.Versions[1].Diff
		for _, want := range []string{"--- revision 1", "+++ revision 2", "-Title: The embankment plan\n", "+Title: The embankment plan, revised\n",
			"-The plan costs four million.\n", "+The plan costs five million.\n", " Last paragraph.\n"} {
			if !strings.Contains(d, want) {
				t.Errorf("diff lacks %q:\n%s", want, d)
			}
		}
	})
	t.Run("text with history", func(t *testing.T) {
		code, out, stderr := runCLI(t, "", "show", "--db", db, "--text", "--history", rec.URL)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, want := range []string{
			"The embankment plan, revised\n====",
			"URL:         " + rec.URL,
			"Revision:    2",
			"Aliases:     https://example.org/?p=12",
			"Changed:     2024-03-03T12:00:00Z",
			"\nThe plan costs five million.\n",
			"History: 2 version(s)",
			"--- revision 1 (first seen 2024-03-01T12:00:00Z",
			"-The plan costs four million.\n+The plan costs five million.\n",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("text output lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("errors", func(t *testing.T) {
		for _, tt := range []struct {
			args []string
			code int
			want string
		}{
			{[]string{"show", "--db", db, "https://example.org/nope"}, exitFailure, "no record for"},
			{[]string{"show", "--db", db}, exitUsage, "exactly one"},
			{[]string{"show", "--db", db, "a", "b"}, exitUsage, "exactly one"},
			{[]string{"show", "--db", filepath.Join(t.TempDir(), "none.db"), "x"}, exitFailure, "no such archive"},
		} {
			code, _, stderr := runCLI(t, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("%v: exit %d, %q; want %d, %q", tt.args, code, stderr, tt.code, tt.want)
			}
		}
	})
}
