package main

import (
	"bufio"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/ingest-archive/ingest/eval"
	"github.com/ingest-archive/ingest/internal/testsite"
)

// TestTestSitesMeetTargets crawls each test site end to end, site model
// included, reprocesses the archive, and checks the targets of the site model against the posts'
// front matter and text, scored as crawlcheck.py scores them.
func TestTestSitesMeetTargets(t *testing.T) {
	for _, name := range []string{"community", "thinktank", "newswire"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			site, err := testsite.Load(filepath.Join("..", "..", "testdata", "sites", name))
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(site.Handler())
			defer srv.Close()
			dir := t.TempDir()
			db, out := filepath.Join(dir, "a.db"), filepath.Join(dir, "a.jsonl")
			if code, _, stderr := runCLI(t, "", "crawl", "--db", db, "--rate", "0", "--log-level", "error", srv.URL+"/"); code != 0 {
				t.Fatalf("crawl: exit %d: %s", code, stderr)
			}
			// A reprocess extracts with the model the crawl learned: it
			// must not undo what the model set right.
			if code, _, stderr := runCLI(t, "", "reprocess", "--db", db, "--log-level", "error"); code != 0 {
				t.Fatalf("reprocess: exit %d: %s", code, stderr)
			}
			if code, _, stderr := runCLI(t, "", "export", "--db", db, "--format", "jsonl", "--out", out); code != 0 {
				t.Fatalf("export: exit %d: %s", code, stderr)
			}
			s := eval.CheckCrawl(truthPosts(site.Truth()), readRecords(t, out))
			t.Logf("%s: %+v", name, s)
			for _, c := range []struct {
				what      string
				got, want float64
			}{
				{"recall", s.Recall, 0.98}, {"precision", s.Precision, 0.98}, {"title", s.Title, 0.98},
				{"date", s.Date, 0.98}, {"authors", s.Author, 0.95}, {"word F1", s.WordF1, 0.95},
			} {
				if c.got < c.want {
					t.Errorf("%s = %.3f, want at least %.2f", c.what, c.got, c.want)
				}
			}
			if s.AuthorWrong > 0.02 || s.Duplicates > 0 {
				t.Errorf("author_wrong = %.3f (at most 0.02), duplicates = %d (none)", s.AuthorWrong, s.Duplicates)
			}
		})
	}
}

func truthPosts(ps []testsite.TruthPost) []eval.Post {
	out := make([]eval.Post, len(ps))
	for i, p := range ps {
		out[i] = eval.Post{Path: p.Path, Title: p.Title, Authors: p.Authors, Date: p.Date, Text: p.Text}
	}
	return out
}

func readRecords(t *testing.T, path string) []eval.CrawlRecord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []eval.CrawlRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var r eval.CrawlRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		t.Fatal("no records exported")
	}
	return out
}
