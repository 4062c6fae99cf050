package scraper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
)

// revisitSink is a memSink that also keeps Revisited and Source calls.
type revisitSink struct {
	*memSink
	mu        sync.Mutex
	revisits  map[string]int // URL → status
	sources   map[string]Source
	revisitFn func(Revisit) error
}

func newRevisitSink() *revisitSink {
	return &revisitSink{memSink: newMemSink(), revisits: map[string]int{}, sources: map[string]Source{}}
}

func (s *revisitSink) Revisited(_ context.Context, r Revisit) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.revisitFn != nil {
		if err := s.revisitFn(r); err != nil {
			return err
		}
	}
	s.revisits[r.URL] = r.Status
	return nil
}

func (s *revisitSink) Source(_ context.Context, src Source) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sources[src.URL] = src
	return nil
}

// conditionalSite serves pages that honour If-None-Match and
// If-Modified-Since, and keeps the conditional headers each path received.
type conditionalSite struct {
	*site
	mu   sync.Mutex
	seen map[string][2]string // path → If-None-Match, If-Modified-Since
}

func newConditionalSite(t *testing.T) *conditionalSite {
	return &conditionalSite{site: newSite(t), seen: map[string][2]string{}}
}

// versioned serves an article with an ETag and a Last-Modified date,
// answering 304 when the request's validators match.
func (s *conditionalSite) versioned(path, etag, lastMod string, body string) {
	s.handle(path, func(w http.ResponseWriter, r *http.Request) {
		inm, ims := r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")
		s.mu.Lock()
		s.seen[path] = [2]string{inm, ims}
		s.mu.Unlock()
		if etag != "" {
			w.Header().Set("ETag", etag)
		}
		if lastMod != "" {
			w.Header().Set("Last-Modified", lastMod)
		}
		if (inm != "" && inm == etag) || (inm == "" && ims != "" && ims == lastMod) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, body)
	})
}

func (s *conditionalSite) headers(path string) [2]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen[path]
}

func TestCrawlConditional(t *testing.T) {
	const lm = "Tue, 05 Mar 2024 10:00:00 GMT"
	s := newConditionalSite(t)
	s.html("/", page("Home", false, "/a/same-etag", "/a/same-date", "/a/edited", "/a/missing", "/a/removed", "/a/new-missing", "/a/unasked"))
	s.versioned("/a/same-etag", `"v1"`, "", page("Same", true))
	s.versioned("/a/same-date", "", lm, page("Dated", true))
	s.versioned("/a/edited", `"v2"`, "", page("Edited", true))
	s.handle("/a/removed", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusGone) })
	s.handle("/a/unasked", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNotModified) })

	known := map[string]Validators{
		s.url("/a/same-etag"): {ETag: `"v1"`},
		s.url("/a/same-date"): {LastModified: lm},
		s.url("/a/edited"):    {ETag: `"v1"`},
		s.url("/a/missing"):   {ETag: `"v1"`},
		s.url("/a/removed"):   {},
		s.url("/a/unasked"):   {},
	}
	sink := newRevisitSink()
	cfg := testConfig(sink, s.url("/"))
	cfg.Conditional = func(_ context.Context, u string) (Validators, bool, error) {
		v, ok := known[u]
		return v, ok, nil
	}
	sum := crawl(t, cfg)

	if got := s.headers("/a/same-etag"); got != [2]string{`"v1"`, ""} {
		t.Errorf("/a/same-etag got If-None-Match, If-Modified-Since = %q", got)
	}
	if got := s.headers("/a/same-date"); got != [2]string{"", lm} {
		t.Errorf("/a/same-date got If-None-Match, If-Modified-Since = %q", got)
	}
	wantRevisits := map[string]int{
		s.url("/a/same-etag"): 304,
		s.url("/a/same-date"): 304,
		s.url("/a/missing"):   404,
		s.url("/a/removed"):   410,
	}
	if len(sink.revisits) != len(wantRevisits) {
		t.Errorf("revisits = %v, want %v", sink.revisits, wantRevisits)
	}
	for u, st := range wantRevisits {
		if sink.revisits[u] != st {
			t.Errorf("revisit %s = %d, want %d", u, sink.revisits[u], st)
		}
	}
	if got := sink.urls(); !slices.Equal(got, []string{s.url("/a/edited")}) {
		t.Errorf("articles stored = %v, want the edited one only", got)
	}
	if sum.NotModified != 2 || sum.Stored != 1 || sum.Errors["http_404"] != 2 || sum.Errors["http_410"] != 1 ||
		sum.Errors["http_304"] != 1 || sum.PagesFetched != 2 {
		t.Errorf("summary:\n%s", sum)
	}
}

func TestCrawlWithoutConditional(t *testing.T) {
	s := newConditionalSite(t)
	s.versioned("/a/one", `"v1"`, "Tue, 05 Mar 2024 10:00:00 GMT", page("One", true))
	sink := newRevisitSink()
	sum := crawl(t, testConfig(sink, s.url("/a/one")))
	if got := s.headers("/a/one"); got != [2]string{} {
		t.Errorf("plain crawl sent conditional headers %q", got)
	}
	if sum.Stored != 1 || len(sink.revisits) != 0 {
		t.Errorf("summary:\n%s\nrevisits %v", sum, sink.revisits)
	}
}

func TestCrawlRevisitSinkError(t *testing.T) {
	s := newSite(t)
	s.html("/", page("Home", false, "/a/gone"))
	s.handle("/a/gone", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusGone) })
	boom := errors.New("disk full")
	sink := newRevisitSink()
	sink.revisitFn = func(Revisit) error { return boom }
	front := NewMemoryFrontier()
	cfg := testConfig(sink, s.url("/"))
	cfg.Frontier = front
	cfg.Conditional = func(_ context.Context, u string) (Validators, bool, error) {
		return Validators{}, u == s.url("/a/gone"), nil
	}
	sum, err := Crawl(context.Background(), cfg)
	if !errors.Is(err, boom) || sum.Stop != StopError {
		t.Fatalf("err = %v, stop %q; want the sink's error", err, sum.Stop)
	}
	if _, st, _, _ := front.Lookup(s.url("/a/gone")); st != StateQueued {
		t.Errorf("URL whose revisit failed is %v, want queued", st)
	}
}

func TestCrawlConditionalError(t *testing.T) {
	s := newSite(t)
	s.html("/", page("Home", false))
	boom := errors.New("lookup failed")
	cfg := testConfig(newRevisitSink(), s.url("/"))
	cfg.Conditional = func(context.Context, string) (Validators, bool, error) { return Validators{}, false, boom }
	sum, err := Crawl(context.Background(), cfg)
	if !errors.Is(err, boom) || sum.Stop != StopError || s.hit("/") != 0 {
		t.Fatalf("err = %v, stop %q, %d requests; want the hook's error before any request", err, sum.Stop, s.hit("/"))
	}
}

func TestCrawlSources(t *testing.T) {
	s := newSite(t)
	s.html("/", page("Home", false, "/tag/x", "/about"))
	s.html("/tag/x", page("Tag", false, "/a/1", "/feed.rss"))
	s.html("/about", page("About", false))
	s.html("/a/1", page("One", true))
	s.html("/a/2", page("Two", true))
	s.html("/a/3", page("Three", true))
	s.serveAs("/sitemap.xml", "application/xml", sitemapXML(s.url("/a/2")))
	s.serveAs("/feed.rss", "application/rss+xml", []byte(`<?xml version="1.0"?>
<rss version="2.0"><channel><title>T</title><item><title>3</title><link>`+s.url("/a/3")+`</link></item></channel></rss>`))
	sink := newRevisitSink()
	cfg := testConfig(sink, s.url("/"), s.url("/sitemap.xml"), s.url("/a/1"))
	cfg.Extract = func(ctx context.Context, in normalizeInput) (*normalizePage, error) {
		pg, err := fakeExtract(ctx, in)
		if err == nil && in.URL == s.url("/about") {
			pg.PageType = "other"
		}
		return pg, err
	}
	crawl(t, cfg)

	want := map[string]Source{
		s.url("/"):            {Kind: "listing", Seed: true, Depth: 0},
		s.url("/sitemap.xml"): {Kind: SourceSitemap, Seed: true, Depth: 0},
		s.url("/a/1"):         {Kind: "article", Seed: true, Depth: 0},
		s.url("/tag/x"):       {Kind: "listing", Depth: 1},
		s.url("/feed.rss"):    {Kind: SourceFeed, Depth: 2},
	}
	if len(sink.sources) != len(want) {
		t.Errorf("sources = %v", sink.sources)
	}
	for u, w := range want {
		got, ok := sink.sources[u]
		if !ok {
			t.Errorf("source %s not reported", u)
			continue
		}
		if got.Kind != w.Kind || got.Seed != w.Seed || got.Depth != w.Depth || got.Header == nil || got.FetchedAt.IsZero() {
			t.Errorf("source %s = %+v, want %+v", u, got, w)
		}
	}
}
