package scraper

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/ingest-archive/ingest/normalize"
)

// fakeExtract stands in for normalize.Extract: a page whose body contains
// <article> is an article; links, canonical, rel=next, meta refresh and
// feeds are read with goquery.
func fakeExtract(_ context.Context, in normalize.Input) (*normalize.Page, error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(in.Body))
	if err != nil {
		return nil, err
	}
	base, err := url.Parse(in.URL)
	if err != nil {
		return nil, err
	}
	pg := &normalize.Page{PageType: normalize.PageListing}
	if bytes.Contains(in.Body, []byte("<article")) {
		pg.PageType = normalize.PageArticle
	}
	pg.Title = strings.TrimSpace(doc.Find("title").First().Text())
	pg.Text = strings.TrimSpace(doc.Find("article").Text())
	pg.URL = normalize.ResolveURL(base, in.URL)
	seen := map[string]bool{}
	doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		if l := normalize.ResolveURL(base, s.AttrOr("href", "")); l != "" && !seen[l] {
			seen[l] = true
			pg.Links = append(pg.Links, l)
		}
	})
	if h, ok := doc.Find(`link[rel=canonical]`).Attr("href"); ok {
		pg.Canonical = normalize.ResolveURL(base, h)
	}
	if h, ok := doc.Find(`link[rel=next], a[rel=next]`).Attr("href"); ok {
		pg.Next = normalize.ResolveURL(base, h)
	}
	if c, ok := doc.Find(`meta[http-equiv=refresh]`).Attr("content"); ok {
		if _, target, ok := strings.Cut(c, "url="); ok {
			pg.Refresh = normalize.ResolveURL(base, strings.Trim(target, `'" `))
		}
	}
	doc.Find(`link[rel=alternate]`).Each(func(_ int, s *goquery.Selection) {
		if t := s.AttrOr("type", ""); strings.Contains(t, "rss") || strings.Contains(t, "atom") {
			if l := normalize.ResolveURL(base, s.AttrOr("href", "")); l != "" {
				pg.Feeds = append(pg.Feeds, l)
			}
		}
	})
	return pg, nil
}

// memSink is a Sink that keeps records by URL like the archive does: the
// first Put stores, a later one with new aliases merges, else unchanged.
type memSink struct {
	mu      sync.Mutex
	records map[string]*Result
	puts    map[string]int
	order   []string
}

func newMemSink() *memSink {
	return &memSink{records: map[string]*Result{}, puts: map[string]int{}}
}

func (s *memSink) Put(_ context.Context, r Result) (Outcome, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.puts[r.URL]++
	old, ok := s.records[r.URL]
	if !ok {
		cp := r
		s.records[r.URL] = &cp
		s.order = append(s.order, r.URL)
		return Stored, nil
	}
	merged := false
	for _, a := range r.Aliases {
		if !slices.Contains(old.Aliases, a) {
			old.Aliases = append(old.Aliases, a)
			merged = true
		}
	}
	if merged {
		return Merged, nil
	}
	return Unchanged, nil
}

func (s *memSink) urls() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.order)
	slices.Sort(out)
	return out
}

func (s *memSink) get(u string) *Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.records[u]
}

// site is a test web site: handlers by path, hits counted by path and query.
type site struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	routes map[string]http.HandlerFunc
	hits   map[string]int
	times  map[string][]time.Time
	agents []string
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{t: t, routes: map[string]http.HandlerFunc{}, hits: map[string]int{}, times: map[string][]time.Time{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Path
	if r.URL.RawQuery != "" {
		key += "?" + r.URL.RawQuery
	}
	s.mu.Lock()
	s.hits[key]++
	s.times[key] = append(s.times[key], time.Now())
	s.agents = append(s.agents, r.UserAgent())
	h := s.routes[r.URL.Path]
	s.mu.Unlock()
	if h == nil {
		http.NotFound(w, r)
		return
	}
	h(w, r)
}

// url is the absolute URL of path on the site.
func (s *site) url(path string) string { return s.srv.URL + path }

func (s *site) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[path] = h
}

// html serves an HTML page.
func (s *site) html(path, body string) {
	s.handle(path, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	})
}

// serveAs serves body with a content type.
func (s *site) serveAs(path, contentType string, body []byte) {
	s.handle(path, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Write(body)
	})
}

func (s *site) hit(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[key]
}

func (s *site) hitTimes(key string) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.times[key])
}

// allHits is the total number of requests, robots.txt excluded.
func (s *site) allHits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for k, v := range s.hits {
		if k != "/robots.txt" {
			n += v
		}
	}
	return n
}

// maxHits is the largest hit count of any path, robots.txt excluded.
func (s *site) maxHits() (string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key, n := "", 0
	for k, v := range s.hits {
		if k != "/robots.txt" && v > n {
			key, n = k, v
		}
	}
	return key, n
}

// page builds an HTML page; article pages hold an <article>.
func page(title string, article bool, links ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><html><head><title>%s</title></head><body>", title)
	if article {
		fmt.Fprintf(&b, "<article><h1>%s</h1><p>Body of %s.</p></article>", title, title)
	}
	for _, l := range links {
		fmt.Fprintf(&b, `<a href="%s">link</a> `, l)
	}
	b.WriteString("</body></html>")
	return b.String()
}

// testConfig is a fast configuration for the site's seeds.
func testConfig(sink Sink, seeds ...string) Config {
	cfg := DefaultConfig(seeds...)
	cfg.Rate = 0
	cfg.Timeout = 20 * time.Second // generous: tests share the machine under -race
	cfg.Backoff = 10 * time.Millisecond
	cfg.Extract = fakeExtract
	cfg.Sink = sink
	return cfg
}

// crawl runs Crawl with a deadline and fails the test on error.
func crawl(t *testing.T, cfg Config) Summary {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sum, err := Crawl(ctx, cfg)
	if err != nil {
		t.Fatalf("Crawl: %v\n%s", err, sum)
	}
	return sum
}

type (
	normalizeInput = normalize.Input
	normalizePage  = normalize.Page
)
