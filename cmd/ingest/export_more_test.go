package main

import (
	"archive/zip"
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
)

// pngImage is a 1×1 PNG.
var pngImage = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

func zipFiles(t *testing.T, path string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string][]byte{}
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = b
	}
	return out
}

func TestExportAssetsAndChangedSince(t *testing.T) {
	s := newSyncSite(t)
	s.set("/", sitePage{body: listing(pSame, pEdited)})
	s.set("/img/river.png", sitePage{contentType: "image/png", body: string(pngImage)})
	s.set(pSame, sitePage{body: newsPage("The embankment plan explained", "Anna Petrova", "2024-03-01", essayParas("embankment")...)})
	s.set(pEdited, sitePage{body: newsPage("What the council did not say", "Ben Okafor", "2024-03-03", essayParas("council")...)})
	dir := t.TempDir()
	db := filepath.Join(dir, "archive.db")
	if code, _, stderr := runCLI(t, "", "crawl", "--db", db, "--rate", "0", s.url("/")); code != exitOK {
		t.Fatalf("crawl: %s", stderr)
	}
	id := normalize.RecordID(s.url(pSame))

	t.Run("assets", func(t *testing.T) {
		out := filepath.Join(dir, "site.zip")
		code, _, stderr := runCLI(t, "", "export", "--db", db, "--format", "markdown", "--out", out, "--assets", "--allow-private")
		if code != exitOK || !strings.Contains(stderr, "downloaded 2 images; 0 could not be") {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		files := zipFiles(t, out)
		if !bytes.Equal(files["site/assets/"+id+"/1.png"], pngImage) {
			t.Errorf("image not in the bundle: %v", keys(files))
		}
		md := string(files["site/the-embankment-plan-explained.md"])
		if !strings.Contains(md, "![The river](assets/"+id+"/1.png)") {
			t.Errorf("markdown not rewritten:\n%s", md)
		}
		if !strings.Contains(string(files["site/index.json"]), `"assets":[{"path":"assets/`+id+`/1.png"`) {
			t.Errorf("manifest lacks assets:\n%s", files["site/index.json"])
		}
	})
	t.Run("assets on a private address refused", func(t *testing.T) {
		out := filepath.Join(dir, "refused.zip")
		code, _, stderr := runCLI(t, "", "export", "--db", db, "--format", "markdown", "--out", out, "--assets")
		if code != exitOK || !strings.Contains(stderr, "downloaded 0 images; 2 could not be") {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		md := string(zipFiles(t, out)["refused/the-embankment-plan-explained.md"])
		if !strings.Contains(md, "![The river]("+s.url("/img/river.png")+")") {
			t.Errorf("refused image link not kept:\n%s", md)
		}
	})
	t.Run("changed since", func(t *testing.T) {
		mark := time.Now()
		s.set(pEdited, sitePage{body: newsPage("What the council did not say", "Ben Okafor", "2024-03-03", essayParas("revised council")...)})
		if code, _, stderr := runCLI(t, "", "sync", "--db", db, "--rate", "0"); code != exitOK {
			t.Fatalf("sync: %s", stderr)
		}
		code, out, stderr := runCLI(t, "", "export", "--db", db, "--format", "jsonl", "--out", "-", "--changed-since", mark.Format(time.RFC3339Nano))
		if code != exitOK || strings.Count(out, "\n") != 1 || !strings.Contains(out, pEdited) {
			t.Errorf("changed since the sync: exit %d %s\n%s", code, stderr, out)
		}
		code, out, _ = runCLI(t, "", "export", "--db", db, "--format", "jsonl", "--out", "-", "--changed-since", "1h")
		if code != exitOK || strings.Count(out, "\n") != 2 {
			t.Errorf("changed in the last hour: exit %d, %d lines", code, strings.Count(out, "\n"))
		}
	})
	t.Run("usage", func(t *testing.T) {
		for _, tt := range []struct {
			args []string
			want string
		}{
			{[]string{"--format", "jsonl", "--out", "-", "--assets"}, "--assets applies to --format markdown only"},
			{[]string{"--format", "jsonl", "--out", "-", "--changed-since", "last week"}, "--changed-since"},
			{[]string{"--format", "jsonl", "--out", "-", "--changed-since", "-5h"}, "negative"},
		} {
			code, _, stderr := runCLI(t, "", append([]string{"export", "--db", db}, tt.args...)...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("%v: exit %d %q", tt.args, code, stderr)
			}
		}
	})
}
