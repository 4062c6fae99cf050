package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingest-archive/ingest/eval"
)

const dataGo = `package main

var comparisonData = map[string]ComparisonEntry{
	"https://example.de/a": {
		File:    "a.html",
		Title:   "Ein Titel",
		Date:    "2022-01-26",
		Authors: []string{"Anna Muster", "Bert Beispiel"},
		With:    []string{"Der Text"},
		Without: []string{"Impressum"},
	},
	"https://example.org/b": {
		File: "b.html",
		With: []string{"The body is here and long enough to detect"},
	},
	"https://example.org/gone": {
		File: "gone.html",
	},
}
`

func TestTrafsetWritesDataset(t *testing.T) {
	src := t.TempDir()
	for name, body := range map[string]string{
		"scripts/comparison/data.go":   dataGo,
		"test-files/comparison/a.html": `<html lang="de-DE"><body><p>Der Text</p></body></html>`,
		"test-files/mock/b.html":       `<html><body><p>The body is here</p></body></html>`,
	} {
		p := filepath.Join(src, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "set")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"--src", src, "--out", out}, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v (%s)", err, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "2 cases written") || !strings.Contains(stdout.String(), "1 entries without a page") {
		t.Errorf("stdout %q", stdout.String())
	}
	ds, err := eval.LoadDataset(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Cases) != 2 {
		t.Fatalf("%d cases", len(ds.Cases))
	}
	a, b := ds.Cases[0], ds.Cases[1]
	if a.ID != "a" || a.URL != "https://example.de/a" || *a.Expect.Title != "Ein Titel" || *a.Expect.Date != "2022-01-26" ||
		*a.Expect.Author != "Anna Muster; Bert Beispiel" || a.Expect.Lang != "de" || a.Expect.Without[0] != "Impressum" {
		t.Errorf("case a: %+v", a.Expect)
	}
	if b.Expect.Title != nil || b.Expect.Date != nil || b.Expect.Author != nil || b.Expect.Lang != "en" {
		t.Errorf("case b: %+v", b.Expect)
	}
	page, err := b.HTML()
	if err != nil || !strings.Contains(string(page), "The body is here") {
		t.Errorf("page b: %q %v", page, err)
	}
	if err := run(context.Background(), []string{"--src", src}, &stdout, &stderr); err == nil {
		t.Error("no --out: want a usage error")
	}
}
