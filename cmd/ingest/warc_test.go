package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/klauspost/compress/gzip"
	gowarc "github.com/nlnwa/gowarc/v3"

	ingest "github.com/ingest-archive/ingest"
	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/storage"
)

// sampleCrawl is an archive of the embedded sample site, crawled once
// for all the web archive tests, and the site, still served.
type sampleCrawl struct {
	db, site string
	hits     *atomic.Int64 // requests the site has answered
}

// crawlSample crawls the embedded sample site into a new archive. The
// site is served until the test ends and counts the requests it gets, so
// that a test can show that an import fetched nothing.
func crawlSample(t *testing.T) sampleCrawl {
	t.Helper()
	s := sampleCrawl{hits: new(atomic.Int64)}
	site := ingest.SampleSite()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		site.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.db = filepath.Join(t.TempDir(), "crawl.db")
	s.site = srv.URL + "/"
	code, out, errs := runCLI(t, "", "crawl", "--db", s.db, "--rate", "0", "--log-level", "error", s.site)
	if code != 0 {
		t.Fatalf("crawl: exit %d\n%s\n%s", code, out, errs)
	}
	return s
}

// noFetch runs fn, an import, and fails the test if the site was asked
// for anything meanwhile.
func (s sampleCrawl) noFetch(t *testing.T, fn func()) {
	t.Helper()
	before := s.hits.Load()
	fn()
	if n := s.hits.Load() - before; n != 0 {
		t.Errorf("the import made %d requests to the site", n)
	}
}

// TestWebArchive crawls the sample site once and runs the WARC and WACZ
// export and import tests on that archive.
func TestWebArchive(t *testing.T) {
	s := crawlSample(t)
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, sampleCrawl)
	}{
		{"ExportWARC", testExportWARC},
		{"RoundTrip", testWARCRoundTrip},
		{"CorruptWARC", testImportCorruptWARC},
		{"Warcio", testWARCValidatedByWarcio},
		{"WACZ", testWACZ},
		{"WgetCapture", testImportWgetCapture},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, s) })
	}
}

// archived is what a round trip must keep of a record.
type archivedRecord struct {
	Title, Hash string
	Revision    int
	Aliases     []string
	Revisions   []string // content hashes of the earlier revisions
}

// recordsOf reads every record of the archive at path by id.
func recordsOf(t *testing.T, path string) map[string]archivedRecord {
	t.Helper()
	db, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	out := map[string]archivedRecord{}
	var ids []string
	err = db.Records(ctx, func(r normalize.Record) error {
		as := slices.Clone(r.Aliases)
		slices.Sort(as)
		out[r.ID] = archivedRecord{Title: r.Title, Hash: r.ContentHash, Revision: r.Revision, Aliases: as}
		ids = append(ids, r.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		h, err := db.History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		a := out[id]
		for _, r := range h {
			a.Revisions = append(a.Revisions, r.ContentHash)
		}
		out[id] = a
	}
	return out
}

// warcRecords reads a WARC file back with gowarc, checking every block
// and payload digest, and returns its records' types and heads in order.
func warcRecords(t *testing.T, path string) (types []string, heads []*gowarc.WarcFields) {
	t.Helper()
	r, err := gowarc.NewWarcFileReader(path, 0, gowarc.WithSpecViolationPolicy(gowarc.ErrFail), gowarc.WithSyntaxErrorPolicy(gowarc.ErrFail))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("record %d at offset %d: %v", len(types), rec.Offset, err)
		}
		if _, err := rec.WarcRecord.ValidateDigest(); err != nil {
			t.Errorf("record %d: digest: %v", len(types), err)
		}
		types = append(types, rec.WarcRecord.Type().String())
		h := *rec.WarcRecord.WarcHeader()
		heads = append(heads, &h)
		rec.Close()
	}
	return types, heads
}

// testExportWARC exports a crawl of the sample site as WARC and reads it
// back: a warcinfo record first, a response for every raw page followed by
// the request that got it, a metadata record after each article's
// response naming its record, valid
// digests, gzip per record, the same bytes twice, and filters applied.
func testExportWARC(t *testing.T, s sampleCrawl) {
	dbPath, site := s.db, s.site
	dir := t.TempDir()
	out := filepath.Join(dir, "site.warc.gz")
	code, _, errs := runCLI(t, "", "export", "--db", dbPath, "--format", "warc", "--out", out)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	m := regexp.MustCompile(`exported (\d+) responses \((\d+) articles\)`).FindStringSubmatch(errs)
	if m == nil {
		t.Fatalf("no summary line in %q", errs)
	}
	recs := recordsOf(t, dbPath)
	types, heads := warcRecords(t, out)
	if len(types) == 0 || types[0] != "warcinfo" {
		t.Fatalf("first record is not warcinfo: %v", types[:min(3, len(types))])
	}
	count := map[string]int{}
	ids := map[string]bool{}
	for i, typ := range types {
		count[typ]++
		h := heads[i]
		switch typ {
		case "response":
			if !strings.HasPrefix(h.Get(gowarc.WarcTargetURI), site) {
				t.Errorf("response for %s, not on the site", h.Get(gowarc.WarcTargetURI))
			}
			if h.Get(gowarc.WarcPayloadDigest) == "" || h.Get(gowarc.WarcBlockDigest) == "" {
				t.Errorf("response %d without digests", i)
			}
			ids[h.Get(gowarc.WarcRecordID)] = true
		case "request":
			// The URL asked for, which a redirect or rel=canonical may
			// have led away from the response's.
			if types[i-1] != "response" || h.Get(gowarc.WarcConcurrentTo) != heads[i-1].Get(gowarc.WarcRecordID) ||
				!strings.HasPrefix(h.Get(gowarc.WarcTargetURI), site) {
				t.Errorf("request record %d does not follow and name its response", i)
			}
		case "metadata":
			j := i - 1
			if types[j] == "request" {
				j--
			}
			if types[j] != "response" || h.Get(gowarc.WarcRefersTo) != heads[j].Get(gowarc.WarcRecordID) {
				t.Errorf("metadata record %d does not follow and name its response", i)
			}
		}
	}
	// The crawl kept the request of every page it fetched.
	if count["request"] != count["response"] {
		t.Errorf("%d request records for %d responses", count["request"], count["response"])
	}
	if count["metadata"] != len(recs) {
		t.Errorf("%d metadata records for %d records", count["metadata"], len(recs))
	}
	if count["response"] <= len(recs) || m[1] != strconv.Itoa(count["response"]) || m[2] != strconv.Itoa(len(recs)) {
		t.Errorf("responses %d (summary %s, %s articles) for %d records", count["response"], m[1], m[2], len(recs))
	}
	if len(ids) != count["response"] {
		t.Errorf("record ids are not unique")
	}

	// Gzip per record: every record starts a gzip member of its own.
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(raw, []byte{0x1f, 0x8b, 0x08}); n < len(types) {
		t.Errorf("%d gzip members for %d records", n, len(types))
	}
	out2 := filepath.Join(t.TempDir(), "site.warc.gz")
	runCLI(t, "", "export", "--db", dbPath, "--format", "warc", "--out", out2)
	if raw2, _ := os.ReadFile(out2); !bytes.Equal(raw, raw2) {
		t.Errorf("two exports of one archive differ")
	}

	// Filters: one author's records and nothing else.
	one := filepath.Join(dir, "one.warc.gz")
	code, _, errs = runCLI(t, "", "export", "--db", dbPath, "--format", "warc", "--out", one, "--author", "Maria Lindqvist")
	if code != 0 {
		t.Fatalf("export --author: exit %d: %s", code, errs)
	}
	types, _ = warcRecords(t, one)
	n := 0
	for _, typ := range types {
		if typ == "metadata" {
			n++
		}
	}
	if n == 0 || n >= len(recs) || len(types) != 1+3*n {
		t.Errorf("--author export: %d records for %d articles: %v", len(types), n, types)
	}
	if code, _, errs := runCLI(t, "", "export", "--db", dbPath, "--format", "warc", "--out", "-"); code != exitUsage {
		t.Errorf("warc to stdout: exit %d (%s), want a usage error", code, errs)
	}
}

// TestExportOldArchive exports, as WARC, an archive written before raw
// pages kept the request that got them (testdata/TestExportOldArchive, a
// crawl of a three-article site): it opens, every page becomes a response
// with no request record, and the export imports back to the same
// records.
func TestExportOldArchive(t *testing.T) {
	gz, err := os.ReadFile(filepath.Join("testdata", t.Name(), "archive.db.gz"))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(dbPath, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "old.warc.gz")
	if code, _, errs := runCLI(t, "", "export", "--db", dbPath, "--format", "warc", "--out", out); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	types, _ := warcRecords(t, out)
	count := map[string]int{}
	for _, typ := range types {
		count[typ]++
	}
	want := recordsOf(t, dbPath)
	if len(want) == 0 || count["response"] < len(want) || count["request"] != 0 || count["metadata"] != len(want) {
		t.Errorf("export of an old archive: %v for %d records", count, len(want))
	}
	imported := filepath.Join(t.TempDir(), "imported.db")
	if code, o, errs := runCLI(t, "", "import", "--db", imported, "--log-level", "error", out); code != 0 {
		t.Fatalf("import: exit %d\n%s\n%s", code, o, errs)
	}
	if got := recordsOf(t, imported); !reflect.DeepEqual(got, want) {
		t.Errorf("round trip of an old archive:\n got %+v\nwant %+v", got, want)
	}
}
