package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/storage"
)

// newsPage is an article page that the extractor classifies as an article.
func newsPage(title, author, date string, paras ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s | Riverside Review</title>
<meta property="og:type" content="article"><meta name="author" content="%s">
<meta property="article:published_time" content="%s"></head><body>
<nav><a href="/">Home</a></nav><article><h1>%s</h1><p class="byline">By %s</p><time datetime="%s">%s</time>`,
		title, author, date, title, author, date, date)
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
	}
	b.WriteString(`<figure><img src="/img/river.png" alt="The river"></figure></article><footer>© Riverside Review</footer></body></html>`)
	return b.String()
}

// essayParas returns paragraphs of an essay that differ with seed.
func essayParas(seed string) []string {
	var out []string
	for i := range 6 {
		out = append(out, fmt.Sprintf("In part %d the %s argument goes on: the council, the river and the old mill all "+
			"have a stake in how the embankment is rebuilt, and residents of the eastern quarter have said so at every "+
			"meeting since the plan was first published. The %s case rests on numbers nobody disputes.", i+1, seed, seed))
	}
	return out
}

// syncSite is a site whose pages can change between runs. Articles carry
// an ETag or a Last-Modified date and answer 304 to a matching
// conditional request; the site records the conditional headers it saw
// and the statuses it answered.
type syncSite struct {
	srv *httptest.Server

	mu       sync.Mutex
	pages    map[string]sitePage // path → page
	requests []siteRequest
}

type sitePage struct {
	status      int // 0 means 200
	contentType string
	body        string
	etag        string
	lastMod     string
}

type siteRequest struct {
	path, ifNoneMatch, ifModifiedSince string
	status                             int
}

func newSyncSite(t *testing.T) *syncSite {
	s := &syncSite{pages: map[string]sitePage{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *syncSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	p, ok := s.pages[r.URL.Path]
	s.mu.Unlock()
	req := siteRequest{path: r.URL.Path, ifNoneMatch: r.Header.Get("If-None-Match"), ifModifiedSince: r.Header.Get("If-Modified-Since")}
	status := http.StatusOK
	switch {
	case !ok:
		status = http.StatusNotFound
	case p.status != 0:
		status = p.status
	case p.etag != "" && req.ifNoneMatch == p.etag,
		p.etag == "" && p.lastMod != "" && req.ifModifiedSince == p.lastMod:
		status = http.StatusNotModified
	}
	req.status = status
	s.mu.Lock()
	s.requests = append(s.requests, req)
	s.mu.Unlock()
	if ok && p.etag != "" {
		w.Header().Set("ETag", p.etag)
	}
	if ok && p.lastMod != "" {
		w.Header().Set("Last-Modified", p.lastMod)
	}
	if status != http.StatusOK {
		w.WriteHeader(status)
		return
	}
	ct := p.contentType
	if ct == "" {
		ct = "text/html; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	fmt.Fprint(w, strings.ReplaceAll(p.body, "ORIGIN", s.srv.URL))
}

func (s *syncSite) set(path string, p sitePage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = p
}

func (s *syncSite) remove(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.pages, path)
}

// takeRequests returns the requests since the last call.
func (s *syncSite) takeRequests() []siteRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.requests
	s.requests = nil
	return out
}

func (s *syncSite) url(path string) string { return s.srv.URL + path }

// listing is a home page linking to paths, with a feed.
func listing(paths ...string) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><head><title>Riverside Review</title>
<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body><h1>Latest</h1><ul>`)
	for _, p := range paths {
		fmt.Fprintf(&b, `<li><h2><a href="%s">%s</a></h2></li>`, p, p)
	}
	b.WriteString("</ul></body></html>")
	return b.String()
}

func sitemap(paths ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, p := range paths {
		fmt.Fprintf(&b, "<url><loc>ORIGIN%s</loc><lastmod>2024-03-01</lastmod></url>", p)
	}
	b.WriteString("</urlset>")
	return b.String()
}

func feed(paths ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Riverside Review</title><link>ORIGIN/</link>`)
	for _, p := range paths {
		fmt.Fprintf(&b, "<item><title>%s</title><link>ORIGIN%s</link></item>", p, p)
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

// Paths of the sync test's articles.
const (
	pSame     = "/2024/03/the-embankment-plan-explained/"
	pDated    = "/2024/03/why-the-ferry-matters-more-than-numbers/"
	pEdited   = "/2024/03/what-the-council-did-not-say/"
	pGone410  = "/2024/03/a-retracted-piece-on-the-mill/"
	pGone404  = "/2024/03/the-old-customs-house-story/"
	pFlaky404 = "/2024/03/towpath-repairs-and-cyclists/"
	pNew      = "/2024/03/a-new-piece-about-the-quays/"
)

func TestSync(t *testing.T) {
	const lastMod = "Tue, 05 Mar 2024 10:00:00 GMT"
	s := newSyncSite(t)
	articles := []string{pSame, pDated, pEdited, pGone410, pGone404, pFlaky404}
	s.set("/", sitePage{body: listing(articles...)})
	s.set("/sitemap.xml", sitePage{contentType: "application/xml", body: sitemap(articles...), etag: `"sm1"`})
	s.set("/feed.xml", sitePage{contentType: "application/rss+xml", body: feed(articles...)})
	s.set("/robots.txt", sitePage{contentType: "text/plain", body: "User-agent: *\nAllow: /\n"})
	s.set(pSame, sitePage{body: newsPage("The embankment plan explained", "Anna Petrova", "2024-03-01", essayParas("embankment")...), etag: `"same-1"`})
	s.set(pDated, sitePage{body: newsPage("Why the ferry matters", "Anna Petrova", "2024-03-02", essayParas("ferry")...), lastMod: lastMod})
	s.set(pEdited, sitePage{body: newsPage("What the council did not say", "Ben Okafor", "2024-03-03", essayParas("council")...), etag: `"edited-1"`})
	s.set(pGone410, sitePage{body: newsPage("A retracted piece on the mill", "Ben Okafor", "2024-03-04", essayParas("mill")...), etag: `"mill-1"`})
	s.set(pGone404, sitePage{body: newsPage("The old customs house", "Carla Diaz", "2024-03-05", essayParas("customs")...), etag: `"customs-1"`})
	s.set(pFlaky404, sitePage{body: newsPage("Towpath repairs and cyclists", "Carla Diaz", "2024-03-06", essayParas("towpath")...), etag: `"towpath-1"`})

	db := filepath.Join(t.TempDir(), "archive.db")
	flags := []string{"--db", db, "--rate", "0", "--retries", "0"}
	cli := func(args ...string) string {
		t.Helper()
		code, out, stderr := runCLI(t, "", args...)
		if code != exitOK {
			t.Fatalf("ingest %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, stderr)
		}
		return out
	}
	cli(append(append([]string{"crawl"}, flags...), s.url("/"), s.url("/sitemap.xml"))...)
	crawled := records(t, db)
	if len(crawled) != len(articles) {
		t.Fatalf("crawl stored %d records, want %d: %v", len(crawled), len(articles), keys(crawled))
	}
	s.takeRequests()

	// The site changes: one article edited, one new, one retracted (410),
	// two missing (404).
	edited := essayParas("revised council")
	s.set(pEdited, sitePage{body: newsPage("What the council did not say", "Ben Okafor", "2024-03-03", edited...), etag: `"edited-2"`})
	s.set(pNew, sitePage{body: newsPage("A new piece about the quays", "Dana Ito", "2024-03-07", essayParas("quays")...), etag: `"new-1"`})
	s.set("/", sitePage{body: listing(pNew, pSame, pDated, pEdited)})
	s.set("/feed.xml", sitePage{contentType: "application/rss+xml", body: feed(pNew, pSame, pDated, pEdited)})
	s.set(pGone410, sitePage{status: http.StatusGone})
	s.remove(pGone404)
	s.remove(pFlaky404)

	out := cli(append([]string{"sync"}, flags...)...)
	reqs := s.takeRequests()
	byPath := map[string]siteRequest{}
	for _, r := range reqs {
		byPath[r.path] = r
	}
	if r := byPath[pSame]; r.ifNoneMatch != `"same-1"` || r.status != http.StatusNotModified {
		t.Errorf("unchanged article: request %+v, want If-None-Match \"same-1\" answered 304", r)
	}
	if r := byPath[pDated]; r.ifModifiedSince != lastMod || r.status != http.StatusNotModified {
		t.Errorf("unchanged dated article: request %+v, want If-Modified-Since answered 304", r)
	}
	if r := byPath["/sitemap.xml"]; r.ifNoneMatch != `"sm1"` || r.status != http.StatusNotModified {
		t.Errorf("sitemap: request %+v, want a conditional request answered 304", r)
	}
	if r := byPath[pEdited]; r.ifNoneMatch != `"edited-1"` || r.status != http.StatusOK {
		t.Errorf("edited article: request %+v", r)
	}
	for _, want := range []string{"1 new, 1 updated, 2 not modified", "gone:      1 (410, or 404 at two syncs in a row), 2 not found once"} {
		if !strings.Contains(out, want) {
			t.Errorf("sync output lacks %q:\n%s", want, out)
		}
	}

	after := records(t, db)
	check := func(path, status string, revision int) {
		t.Helper()
		r, ok := after[path]
		if !ok {
			t.Errorf("%s: no record", path)
			return
		}
		if r.Status != status || r.Revision != revision {
			t.Errorf("%s: status %s revision %d, want %s %d", path, r.Status, r.Revision, status, revision)
		}
	}
	check(pSame, "live", 1)
	check(pDated, "live", 1)
	check(pEdited, "live", 2)
	check(pNew, "live", 1)
	check(pGone410, "gone", 1)
	check(pGone404, "live", 1)
	check(pFlaky404, "live", 1)
	if r := after[pSame]; r.LastSeen == crawled[pSame].LastSeen && r.LastSeen != "" {
		// last_seen has one-second precision; the sync may run within the
		// crawl's second. Only check it did not go back.
		if r.LastSeen < crawled[pSame].LastSeen {
			t.Errorf("last_seen went back: %s", r.LastSeen)
		}
	}
	if !strings.Contains(after[pEdited].Text, "revised council") {
		t.Errorf("edited article text not updated: %.80q", after[pEdited].Text)
	}
	hist := history(t, db, s.url(pEdited))
	if len(hist) != 2 || !strings.Contains(hist[0].Text, "The council case") || strings.Contains(hist[0].Text, "revised") {
		t.Errorf("edited article history: %d versions", len(hist))
	}

	// Second sync: the twice-missing article becomes a tombstone; the
	// once-missing one is back and stays live.
	s.set(pFlaky404, sitePage{body: newsPage("Towpath repairs and cyclists", "Carla Diaz", "2024-03-06", essayParas("towpath")...), etag: `"towpath-1"`})
	out = cli(append([]string{"sync"}, flags...)...)
	if !strings.Contains(out, "gone:      1 (410, or 404 at two syncs in a row), 0 not found once") {
		t.Errorf("second sync output:\n%s", out)
	}
	for _, r := range s.takeRequests() {
		if r.path == pGone410 {
			t.Errorf("a tombstone was revisited: %+v", r)
		}
	}
	after = records(t, db)
	check(pGone404, "gone", 1)
	check(pFlaky404, "live", 1)
	check(pGone410, "gone", 1)
	check(pSame, "live", 1)

	// Tombstones are exported with their status.
	code, jsonl, stderr := runCLI(t, "", "export", "--db", db, "--format", "jsonl", "--out", "-", "--status", "gone")
	if code != exitOK || strings.Count(jsonl, "\n") != 2 || !strings.Contains(jsonl, `"status":"gone"`) {
		t.Errorf("export of tombstones: exit %d, %s\n%s", code, jsonl, stderr)
	}
	st := stats(t, db)
	if st.Runs != 3 || st.ByStatus["gone"] != 2 || st.ByStatus["live"] != 5 {
		t.Errorf("stats: %+v", st)
	}
}

// TestSyncEvery runs `ingest sync --every` until it is interrupted: runs
// follow one another and the interruption exits 130 with the runs saved.
func TestSyncEvery(t *testing.T) {
	s := newSyncSite(t)
	s.set("/", sitePage{body: listing(pSame)})
	s.set(pSame, sitePage{body: newsPage("The embankment plan explained", "Anna Petrova", "2024-03-01", essayParas("embankment")...), etag: `"same-1"`})
	db := filepath.Join(t.TempDir(), "archive.db")
	if code, _, stderr := runCLI(t, "", "crawl", "--db", db, "--rate", "0", s.url("/")); code != exitOK {
		t.Fatalf("crawl: %s", stderr)
	}
	s.takeRequests()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"sync", "--db", db, "--rate", "0", "--every", "1s"}, nil, &out, &errb)
	}()
	deadline := time.After(20 * time.Second)
	revisits := 0
	for revisits < 2 {
		select {
		case err := <-done:
			t.Fatalf("sync --every ended early: %v\n%s", err, errb.String())
		case <-deadline:
			t.Fatalf("only %d runs in 20s", revisits)
		case <-time.After(20 * time.Millisecond):
		}
		for _, r := range s.takeRequests() {
			if r.path == pSame {
				if r.status != http.StatusNotModified {
					t.Errorf("revisit answered %d", r.status)
				}
				revisits++
			}
		}
	}
	cancel()
	var err error
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("sync --every did not stop on cancellation")
	}
	if code := exitCode(err, &errb); code != exitInterrupted {
		t.Errorf("exit %d, want %d: %v", code, exitInterrupted, err)
	}
	if st := stats(t, db); st.Runs < 3 {
		t.Errorf("%d runs saved, want the crawl and at least two syncs", st.Runs)
	}
	if n := strings.Count(out.String(), "known articles and"); n < 2 {
		t.Errorf("%d sync summaries printed:\n%s", n, out.String())
	}
}

func TestSyncUsage(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	if db, err := storage.Open(empty, storage.Options{}); err != nil {
		t.Fatal(err)
	} else {
		db.Close()
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"every too short", []string{"sync", "--db", empty, "--every", "10ms"}, exitUsage, "--every"},
		{"bad seed", []string{"sync", "--db", empty, "ftp://x/"}, exitUsage, "not an absolute http(s) URL"},
		{"nothing to sync", []string{"sync", "--db", empty}, exitUsage, "no seeds"},
		{"missing archive", []string{"sync", "--db", filepath.Join(dir, "none.db")}, exitFailure, "no such archive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.want)
			}
		})
	}
}

// records reads every record of the archive at path, keyed by URL path.
func records(t *testing.T, path string) map[string]normalize.Record {
	t.Helper()
	db, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]normalize.Record{}
	err = db.Records(context.Background(), func(r normalize.Record) error {
		u, err := url.Parse(r.URL)
		if err != nil {
			return err
		}
		out[u.RequestURI()] = r
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func history(t *testing.T, path, u string) []normalize.Record {
	t.Helper()
	db, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := db.History(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func stats(t *testing.T, path string) storage.Stats {
	t.Helper()
	code, out, stderr := runCLI(t, "", "stats", "--db", path, "--json")
	if code != exitOK {
		t.Fatalf("stats: %s", stderr)
	}
	var st storage.Stats
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	return st
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
