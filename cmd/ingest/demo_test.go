package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ingest-archive/ingest/normalize"
)

var update = flag.Bool("update", false, "rewrite golden files")

// expectedArticle is one entry of testdata/site_expected.json, the
// hand-written truth about the sample site.
type expectedArticle struct {
	URL            string   `json:"url"`
	Aliases        []string `json:"aliases"`
	Title          string   `json:"title"`
	Authors        []string `json:"authors"`
	Published      string   `json:"published"`
	Modified       string   `json:"modified"`
	Lang           string   `json:"lang"`
	Tags           []string `json:"tags"`
	FirstSentence  string   `json:"first_sentence"`
	LastSentence   string   `json:"last_sentence"`
	MustNotContain []string `json:"must_not_contain"`
}

// runDemo runs `ingest demo` in a temporary folder and returns the
// exported records keyed by URL path, with the origin (a random port)
// replaced by http://sample.test.
func runDemoRecords(t *testing.T) (dir string, recs map[string]normalize.Record, order []string) {
	t.Helper()
	dir = t.TempDir()
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"demo", "--dir", dir}, nil, &out, &errb); err != nil {
		t.Fatalf("demo: %v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errb.String())
	}
	f, err := os.Open(filepath.Join(dir, demoOut, demoJSONL))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	origin := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	recs = map[string]normalize.Record{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var r normalize.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("bad jsonl line: %v", err)
		}
		o := origin.FindString(r.URL)
		if o == "" {
			t.Fatalf("record url %q is not on the demo server", r.URL)
		}
		if r.ID != normalize.RecordID(r.URL) {
			t.Errorf("%s: id %s is not the id of its url", r.URL, r.ID)
		}
		var stable normalize.Record
		raw := origin.ReplaceAll(sc.Bytes(), []byte("http://sample.test"))
		if err := json.Unmarshal(raw, &stable); err != nil {
			t.Fatal(err)
		}
		path := strings.TrimPrefix(stable.URL, "http://sample.test")
		if _, dup := recs[path]; dup {
			t.Errorf("two records for %s", path)
		}
		recs[path] = stable
		order = append(order, path)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return dir, recs, order
}

// TestDemoSampleSite crawls the embedded sample site through `ingest demo`
// and checks every record against the hand-written truth: exactly one
// record per article and none for other pages, the right title, authors,
// dates, language, tags and aliases, a complete body without boilerplate,
// and the exact record against a golden file.
func TestDemoSampleSite(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/site_expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var want []expectedArticle
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	dir, got, order := runDemoRecords(t)

	wantPaths := map[string]bool{}
	for _, w := range want {
		wantPaths[w.URL] = true
	}
	for path := range got {
		if !wantPaths[path] {
			t.Errorf("record for %s, which is not an article", path)
		}
	}
	for _, w := range want {
		r, ok := got[w.URL]
		if !ok {
			t.Errorf("no record for article %s", w.URL)
			continue
		}
		check := func(field, got, want string) {
			if got != want {
				t.Errorf("%s: %s = %q, want %q", w.URL, field, got, want)
			}
		}
		check("title", r.Title, w.Title)
		check("authors", strings.Join(r.Authors, "; "), strings.Join(w.Authors, "; "))
		check("published", r.Published, w.Published)
		check("modified", r.Modified, w.Modified)
		check("lang", r.Lang, w.Lang)
		check("tags", strings.Join(r.Tags, "; "), strings.Join(w.Tags, "; "))
		check("status", r.Status, normalize.StatusLive)
		if r.Revision != 1 {
			t.Errorf("%s: revision %d, want 1", w.URL, r.Revision)
		}
		for _, a := range w.Aliases {
			if !slices.Contains(r.Aliases, "http://sample.test"+a) {
				t.Errorf("%s: alias %s missing from %v", w.URL, a, r.Aliases)
			}
		}
		if r.ContentHash != normalize.ContentHash(r.Text) {
			t.Errorf("%s: content_hash does not match text", w.URL)
		}
		text := strings.Join(strings.Fields(r.Text), " ")
		if !strings.HasPrefix(text, w.FirstSentence) {
			t.Errorf("%s: text does not start with the lead sentence %q; starts %.120q", w.URL, w.FirstSentence, text)
		}
		if !strings.HasSuffix(text, w.LastSentence) {
			t.Errorf("%s: text does not end with the last sentence %q; ends %.120q", w.URL, w.LastSentence, text[max(0, len(text)-120):])
		}
		for _, bad := range w.MustNotContain {
			if strings.Contains(text, bad) || strings.Contains(r.Markdown, bad) {
				t.Errorf("%s: boilerplate %q in the body", w.URL, bad)
			}
		}
		if r.Markdown == "" || strings.Contains(r.Markdown, "](/") {
			t.Errorf("%s: markdown empty or with relative links", w.URL)
		}
	}

	// The exact records, minus the times of this run, against a golden file.
	var buf bytes.Buffer
	slices.Sort(order)
	for _, p := range order {
		r := got[p]
		r.ID, r.FirstSeen, r.LastSeen = "", "", ""
		b, _ := json.MarshalIndent(r, "", "  ")
		buf.Write(b)
		buf.WriteByte('\n')
	}
	golden := filepath.Join("testdata", t.Name(), "records.json")
	if *update {
		os.MkdirAll(filepath.Dir(golden), 0o755)
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if wantGolden, err := os.ReadFile(golden); err != nil {
		t.Errorf("%v (run go test ./cmd/ingest -run TestDemoSampleSite -update)", err)
	} else if !bytes.Equal(buf.Bytes(), wantGolden) {
		t.Errorf("records differ from %s; rerun with -update and review the diff", golden)
	}

	// One Markdown file per record, plus the manifest.
	var mdFiles int
	filepath.WalkDir(filepath.Join(dir, demoOut, demoMarkdown), func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			mdFiles++
		}
		return nil
	})
	if mdFiles != len(got) {
		t.Errorf("%d markdown files for %d records", mdFiles, len(got))
	}
}
