package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/storage"
)

// t0 is when the test archive's pages were fetched; testNow is the
// server's clock.
var (
	t0      = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	testNow = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
)

// vocabulary for generated bodies: different seeds give texts far apart
// for the archive's near-duplicate detection.
var vocabulary = strings.Fields(`council budget housing transport school
	market mill bridge tower harbour museum library hospital clinic rail tram canal
	garden park forest field farm orchard vineyard quarry mine factory warehouse office
	election ballot reform tax tariff trade export import wage pension debt bond rate
	inflation growth deficit surplus treaty border migration asylum court verdict appeal
	judge jury prison police army navy border coast island valley mountain glacier storm
	flood drought harvest famine plague vaccine doctor nurse teacher pupil student
	professor scholar author poet painter sculptor composer singer actor dancer athlete`)

// body makes a text of n words drawn from the vocabulary by seed.
func body(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, seed*7+1))
	ws := make([]string, n)
	for i := range ws {
		ws[i] = vocabulary[r.IntN(len(vocabulary))]
	}
	return strings.Join(ws, " ")
}

// Records of the test archive, by the name the tests use.
const (
	hostA = "news.example"
	hostB = "other.example:8080"
)

// hostileTitle is issue 5's kind of title: markup that must show as text.
const hostileTitle = `<script>alert("title")</script><img src=x onerror=alert("img")> Budget & "cuts"`

type fixture struct {
	path string
	ids  map[string]string // name -> record id
}

// put stores one record and returns its id.
func (f *fixture) put(t *testing.T, db *storage.DB, name string, rec normalize.Record, raw string, now time.Time) {
	t.Helper()
	in := storage.PutInput{Record: rec, Now: now}
	if raw != "" {
		in.Raw = storage.Raw{Body: []byte(raw), Status: 200, FetchedAt: now,
			Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}}
	}
	if _, err := db.Put(context.Background(), in); err != nil {
		t.Fatalf("put %s: %v", name, err)
	}
	got, err := db.Get(context.Background(), rec.URL)
	if err != nil {
		t.Fatalf("get %s: %v", name, err)
	}
	if name != "" {
		f.ids[name] = got.ID
	}
}

// rec builds an article record.
func rec(host, path, title string, authors []string, published, md string) normalize.Record {
	text := md
	return normalize.Record{
		URL: "https://" + host + path, Title: title, Authors: authors,
		Published: published, Markdown: md, Text: text, Lang: "en",
	}
}

// newFixture writes the test archive: one record per flag, a hostile
// one, a merged duplicate, a revision, a gone record, two sites and runs.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{path: filepath.Join(t.TempDir(), "archive.db"), ids: map[string]string{}}
	db, err := storage.Open(f.path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	long := func(seed uint64) string { return body(seed, 200) }
	f.put(t, db, "river", rec(hostA, "/a/river", "The river ferry plan", []string{"Ann Lee"}, "2024-03-01",
		"## Landing stages\n\n"+long(1)+"\n\nSee [the plan](https://news.example/plan)."),
		`<html><head><title>The river ferry plan</title><script>parent.document.title="pwned"</script></head>`+
			`<body><h1>The river ferry plan</h1><p>Original page body.</p></body></html>`, t0)
	f.put(t, db, "noauthor", rec(hostA, "/a/noauthor", "Tram budget", nil, "2023-05-01", long(2)), "", t0)
	f.put(t, db, "nodate", rec(hostA, "/a/nodate", "Harbour tower", []string{"Bo Chen"}, "", long(3)), "", t0)
	f.put(t, db, "future", rec(hostA, "/a/future", "Glacier storm", []string{"Bo Chen"}, "2099-01-01", long(4)), "", t0)
	f.put(t, db, "short", rec(hostA, "/a/short", "Short note", []string{"Ann Lee"}, "2024-02-02", body(5, 20)), "", t0)
	var links strings.Builder
	for i := range 8 {
		fmt.Fprintf(&links, "- [link %d](https://news.example/l/%d) %s\n", i, i, body(uint64(60+i), 4))
	}
	f.put(t, db, "links", rec(hostA, "/a/links", "Link list", []string{"Ann Lee"}, "2024-02-03", links.String()), "", t0)
	f.put(t, db, "dup1", rec(hostA, "/a/dup1", "Weekly roundup", []string{"Ann Lee"}, "2024-01-05", long(7)), "", t0)
	f.put(t, db, "dup2", rec(hostA, "/a/dup2", "weekly  Roundup", []string{"Ann Lee"}, "2024-01-12", long(8)), "", t0)
	// The same text at another URL is merged into river.
	f.put(t, db, "", rec(hostA, "/mirror/river", "The river ferry plan", []string{"Ann Lee"}, "2024-03-01",
		"## Landing stages\n\n"+long(1)+"\n\nSee [the plan](https://news.example/plan)."), "", t0)
	// A second version of nodate gives it a revision, and a change stamp
	// after t0.
	f.put(t, db, "nodate", rec(hostA, "/a/nodate", "Harbour tower", []string{"Bo Chen"}, "", long(3)+" Updated with a new ending."), "", t0.Add(48*time.Hour))
	f.put(t, db, "hostile", rec(hostA, "/a/hostile", hostileTitle, []string{`"><svg onload=alert("author")>`}, "2022-07-07",
		"Intro <script>alert(\"md\")</script> text.\n\n<img src=x onerror=alert(\"mdimg\")>\n\n[click](javascript:alert(\"js\"))\n\n"+long(9)),
		`<html><body><script>alert("raw")</script><img src=x onerror="alert('raw img')"></body></html>`, t0)
	f.put(t, db, "gone", rec(hostA, "/a/gone", "Canal museum", []string{"Cy Diaz"}, "2021-09-09", long(10)), "", t0)
	if err := db.MarkGone(ctx, f.ids["gone"], t0); err != nil {
		t.Fatal(err)
	}
	f.put(t, db, "other", rec(hostB, "/p/1", "Orchard wages", []string{"Dee Park"}, "2020-04-04", long(11)), "", t0)
	for _, r := range []storage.Run{
		{ID: "run-1", Kind: "crawl", Started: t0.Add(-time.Hour), Finished: t0},
		{ID: "run-2", Kind: "sync", Started: t0.Add(24 * time.Hour), Finished: t0.Add(25 * time.Hour)},
	} {
		if err := db.SaveRun(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return f
}

// newTestServer serves the fixture's archive.
func newTestServer(t *testing.T, path string, o Options) *Server {
	t.Helper()
	o.Path = path
	if o.Now == nil {
		o.Now = func() time.Time { return testNow }
	}
	if o.LockTimeout == 0 {
		o.LockTimeout = 20 * time.Millisecond
	}
	if o.Check == 0 {
		o.Check = -1
	}
	s, err := New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// get answers one request in-process.
func get(t *testing.T, h http.Handler, target string) *http.Response {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
	return w.Result()
}

func readBody(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// getOK fetches a page that must answer 200 and returns its body.
func getOK(t *testing.T, h http.Handler, target string) string {
	t.Helper()
	res := get(t, h, target)
	b := readBody(t, res)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", target, res.StatusCode, b)
	}
	return b
}

// apiIDs returns the ids /api/records answers for a query string.
func apiIDs(t *testing.T, h http.Handler, qs string) []string {
	t.Helper()
	var ids []string
	for _, r := range apiRecords(t, h, qs) {
		ids = append(ids, r.ID)
	}
	return ids
}

func apiRecords(t *testing.T, h http.Handler, qs string) []apiRecord {
	t.Helper()
	res := get(t, h, "/api/records?"+qs)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("api %s: %d %s", qs, res.StatusCode, readBody(t, res))
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-ndjson") {
		t.Errorf("api content type %q", ct)
	}
	var out []apiRecord
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		var r apiRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("api line %q: %v", sc.Text(), err)
		}
		out = append(out, r)
	}
	return out
}

// names maps ids back to fixture names, sorted, for readable failures.
func (f *fixture) names(ids []string) []string {
	var out []string
	for _, id := range ids {
		name := id
		for n, i := range f.ids {
			if i == id {
				name = n
			}
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}
