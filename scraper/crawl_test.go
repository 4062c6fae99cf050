package scraper

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCrawlFollowsLinksInScope(t *testing.T) {
	other := newSite(t)
	other.html("/a/elsewhere", page("Elsewhere", true))

	s := newSite(t)
	s.html("/", page("Home", false, "/a/one", "/list", other.url("/a/elsewhere"), "mailto:x@example.org"))
	s.html("/list", page("List", false, "/a/two", "a/three", "/"))
	s.html("/a/one", page("One", true, "/a/two"))
	s.html("/a/two", page("Two", true, "/a/one"))
	s.html("/a/three", page("Three", true))
	sink := newMemSink()

	sum := crawl(t, testConfig(sink, s.url("/")))

	want := []string{s.url("/a/one"), s.url("/a/three"), s.url("/a/two")}
	if got := sink.urls(); !slices.Equal(got, want) {
		t.Errorf("articles = %v, want %v", got, want)
	}
	if n := other.allHits(); n != 0 {
		t.Errorf("out-of-scope site got %d requests", n)
	}
	if sum.PagesFetched != 5 || sum.Stored != 3 || sum.NonArticle != 2 || sum.ErrorCount() != 0 || sum.Stop != StopDone {
		t.Errorf("summary:\n%s", sum)
	}
	for _, ua := range s.agents {
		if ua != DefaultUserAgent {
			t.Errorf("User-Agent %q, want %q", ua, DefaultUserAgent)
		}
	}
}

func TestCrawlRobots(t *testing.T) {
	s := newSite(t)
	s.serveAs("/robots.txt", "text/plain", []byte("User-agent: *\nDisallow: /private/\n\nUser-agent: ingest\nDisallow: /private/\nDisallow: /drafts\n"))
	s.html("/", page("Home", false, "/a/public", "/private/a", "/drafts/b"))
	s.html("/a/public", page("Public", true))
	s.html("/private/a", page("Private", true))
	s.html("/drafts/b", page("Draft", true))

	t.Run("obeyed", func(t *testing.T) {
		sink := newMemSink()
		sum := crawl(t, testConfig(sink, s.url("/")))
		if got := sink.urls(); !slices.Equal(got, []string{s.url("/a/public")}) {
			t.Errorf("articles = %v", got)
		}
		if s.hit("/private/a") != 0 || s.hit("/drafts/b") != 0 {
			t.Errorf("disallowed pages fetched")
		}
		if sum.RobotsDisallowed != 2 {
			t.Errorf("RobotsDisallowed = %d, want 2", sum.RobotsDisallowed)
		}
	})
	t.Run("ignored", func(t *testing.T) {
		sink := newMemSink()
		cfg := testConfig(sink, s.url("/"))
		cfg.IgnoreRobots = true
		sum := crawl(t, cfg)
		if sum.Stored != 3 || sum.RobotsDisallowed != 0 {
			t.Errorf("summary:\n%s", sum)
		}
	})
}

func TestCrawlDelay(t *testing.T) {
	s := newSite(t)
	s.serveAs("/robots.txt", "text/plain", []byte("User-agent: *\nCrawl-delay: 0.3\n"))
	s.html("/", page("Home", false, "/a/1", "/a/2", "/a/3"))
	for i := 1; i <= 3; i++ {
		s.html(fmt.Sprintf("/a/%d", i), page(fmt.Sprint(i), true))
	}
	cfg := testConfig(newMemSink(), s.url("/"))
	cfg.Concurrency = 4
	crawl(t, cfg)

	var times []time.Time
	for _, p := range []string{"/", "/a/1", "/a/2", "/a/3"} {
		times = append(times, s.hitTimes(p)...)
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	if len(times) != 4 {
		t.Fatalf("%d requests, want 4", len(times))
	}
	// The times are taken when the server's handler runs, so a loaded
	// machine can delay one request's handler and shorten the next gap by
	// a few tens of milliseconds; requests fired together would be ~0 apart.
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < 240*time.Millisecond {
			t.Errorf("request %d came %v after the previous one, want >= 300ms", i, gap)
		}
	}
}

func TestCrawlRate(t *testing.T) {
	s := newSite(t)
	s.html("/", page("Home", false, "/a/1", "/a/2", "/a/3", "/a/4"))
	for i := 1; i <= 4; i++ {
		s.html(fmt.Sprintf("/a/%d", i), page(fmt.Sprint(i), true))
	}
	cfg := testConfig(newMemSink(), s.url("/"))
	cfg.Rate = 10
	cfg.Concurrency = 4
	start := time.Now()
	crawl(t, cfg)
	// Five requests at 10/s: the last starts at least 400ms after the first.
	if d := time.Since(start); d < 380*time.Millisecond {
		t.Errorf("5 requests at 10/s took %v", d)
	}
}

func sitemapXML(locs ...string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, l := range locs {
		fmt.Fprintf(&b, "<url><loc>%s</loc><lastmod>2024-01-02</lastmod></url>\n", l)
	}
	b.WriteString("</urlset>")
	return []byte(b.String())
}

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCrawlSitemaps(t *testing.T) {
	s := newSite(t)
	for i := 1; i <= 5; i++ {
		s.html(fmt.Sprintf("/a/%d", i), page(fmt.Sprint(i), true))
	}
	s.html("/", page("Home", false))
	s.serveAs("/sitemap.xml", "application/xml", sitemapXML(s.url("/a/1"), s.url("/a/2")))
	s.serveAs("/sm-gz.xml.gz", "application/x-gzip", gz(t, sitemapXML(s.url("/a/3"))))
	s.serveAs("/sm-plain.xml", "text/xml; charset=utf-8", sitemapXML(s.url("/a/4")))
	s.serveAs("/index.xml", "application/xml", []byte(`<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>`+s.url("/sm-gz.xml.gz")+`</loc></sitemap>
  <sitemap><loc>/sm-plain.xml</loc></sitemap>
</sitemapindex>`))
	s.serveAs("/robots-sm.xml", "text/plain", sitemapXML(s.url("/a/5")))

	tests := []struct {
		name     string
		seed     string
		robots   string
		want     []string
		sitemaps int
	}{
		{"sitemap seed", "/sitemap.xml", "", []string{"/a/1", "/a/2"}, 1},
		{"index with gzip", "/index.xml", "", []string{"/a/3", "/a/4"}, 3},
		{"named in robots.txt", "/", "Sitemap: " + s.url("/robots-sm.xml") + "\n", []string{"/a/5"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.serveAs("/robots.txt", "text/plain", []byte(tt.robots))
			sink := newMemSink()
			sum := crawl(t, testConfig(sink, s.url(tt.seed)))
			var want []string
			for _, p := range tt.want {
				want = append(want, s.url(p))
			}
			if got := sink.urls(); !slices.Equal(got, want) {
				t.Errorf("articles = %v, want %v", got, want)
			}
			if sum.Sitemaps != tt.sitemaps {
				t.Errorf("Sitemaps = %d, want %d\n%s", sum.Sitemaps, tt.sitemaps, sum)
			}
		})
	}
}

func TestCrawlFeeds(t *testing.T) {
	s := newSite(t)
	s.html("/a/rss-1", page("R1", true))
	s.html("/a/rss-2", page("R2", true))
	s.html("/a/atom-1", page("A1", true))
	s.serveAs("/feed.rss", "application/rss+xml", []byte(`<?xml version="1.0"?>
<rss version="2.0"><channel><title>T</title><link>`+s.url("/a/rss-1")+`</link>
<item><title>1</title><link>`+s.url("/a/rss-1?utm_source=rss")+`</link></item>
<item><title>2</title><link>`+s.url("/a/rss-2")+`</link></item>
</channel></rss>`))
	s.serveAs("/feed.atom", "text/xml", []byte(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id><updated>2024-01-01T00:00:00Z</updated>
<entry><title>A1</title><id>urn:a1</id><updated>2024-01-01T00:00:00Z</updated><link href="`+s.url("/a/atom-1")+`"/></entry>
</feed>`))

	tests := []struct {
		name string
		seed string
		want []string
	}{
		{"rss", "/feed.rss", []string{"/a/rss-1", "/a/rss-2"}},
		{"atom", "/feed.atom", []string{"/a/atom-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := newMemSink()
			sum := crawl(t, testConfig(sink, s.url(tt.seed)))
			var want []string
			for _, p := range tt.want {
				want = append(want, s.url(p))
			}
			if got := sink.urls(); !slices.Equal(got, want) {
				t.Errorf("articles = %v, want %v", got, want)
			}
			if sum.Feeds != 1 {
				t.Errorf("Feeds = %d, want 1", sum.Feeds)
			}
		})
	}
}

func redirect(to string, code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, code) }
}

func TestCrawlAliases(t *testing.T) {
	s := newSite(t)
	s.html("/", page("Home", false, "/old", "/r1", "/print/p", "/stub"))
	s.handle("/old", redirect("/a/new?utm_campaign=x", http.StatusMovedPermanently))
	s.html("/a/new", page("New", true))
	s.handle("/r1", redirect("/r2", http.StatusFound))
	s.handle("/r2", redirect("/a/chain", http.StatusFound))
	s.html("/a/chain", page("Chain", true))
	s.html("/print/p", `<html><head><link rel="canonical" href="/a/p"></head><body><article>P</article></body></html>`)
	s.html("/a/p", `<html><head><link rel="canonical" href="/a/p"></head><body><article>P</article></body></html>`)
	s.html("/stub", `<html><head><meta http-equiv="refresh" content="0; url=/a/target"></head><body>moved</body></html>`)
	s.html("/a/target", page("Target", true))
	sink := newMemSink()

	crawl(t, testConfig(sink, s.url("/?utm_source=seed")))

	tests := []struct {
		record  string
		aliases []string
	}{
		{"/a/new", []string{"/old", s.url("/a/new?utm_campaign=x")}},
		{"/a/chain", []string{"/r1", "/r2"}},
		{"/a/p", []string{"/print/p"}},
		{"/a/target", []string{"/stub"}},
	}
	for _, tt := range tests {
		r := sink.get(s.url(tt.record))
		if r == nil {
			t.Errorf("no record %s; have %v", tt.record, sink.urls())
			continue
		}
		for _, a := range tt.aliases {
			if !strings.HasPrefix(a, "http") {
				a = s.url(a)
			}
			if !slices.Contains(r.Aliases, a) {
				t.Errorf("%s: aliases %v lack %s", tt.record, r.Aliases, a)
			}
		}
		if slices.Contains(r.Aliases, r.URL) {
			t.Errorf("%s: aliases %v contain the record URL", tt.record, r.Aliases)
		}
	}
	if n := s.hit("/old"); n != 1 {
		t.Errorf("/old fetched %d times", n)
	}
	if n := s.hit("/a/new?utm_campaign=x"); n != 1 {
		t.Errorf("redirect target fetched %d times", n)
	}
}

func TestCrawlTrackingParamsStripped(t *testing.T) {
	s := newSite(t)
	s.html("/", page("Home", false, "/a/1?utm_source=x&utm_medium=y", "/a/1", "/a/1#comments", "/a/1?fbclid=abc", "/a/2?b=2&a=1", "/a/2?a=1&b=2"))
	s.html("/a/1", page("One", true))
	s.html("/a/2", page("Two", true))
	sink := newMemSink()

	sum := crawl(t, testConfig(sink, s.url("/")))

	if n := s.hit("/a/1"); n != 1 {
		t.Errorf("/a/1 fetched %d times", n)
	}
	if n := s.hit("/a/1?utm_source=x&utm_medium=y") + s.hit("/a/1?fbclid=abc"); n != 0 {
		t.Errorf("tracking variants fetched %d times", n)
	}
	if n := s.hit("/a/2?a=1&b=2"); n != 1 {
		t.Errorf("/a/2?a=1&b=2 fetched %d times", n)
	}
	if sum.Stored != 2 {
		t.Errorf("summary:\n%s", sum)
	}
}

func TestCrawlRetries(t *testing.T) {
	s := newSite(t)
	failing := func(n int, code int, header map[string]string) http.HandlerFunc {
		calls := 0
		return func(w http.ResponseWriter, r *http.Request) {
			calls++
			if calls <= n {
				for k, v := range header {
					w.Header().Set(k, v)
				}
				http.Error(w, "try later", code)
				return
			}
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, page(r.URL.Path, true))
		}
	}
	s.html("/", page("Home", false, "/a/flaky", "/a/busy", "/a/missing", "/a/down", "/a/gone", "/a/reset"))
	resets := 0
	s.handle("/a/reset", func(w http.ResponseWriter, r *http.Request) {
		resets++
		if resets == 1 {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			conn.Close() // connection dropped without an answer
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page("reset", true))
	})
	s.handle("/a/flaky", failing(1, http.StatusServiceUnavailable, nil))
	s.handle("/a/busy", failing(1, http.StatusTooManyRequests, map[string]string{"Retry-After": "1"}))
	s.handle("/a/down", failing(100, http.StatusBadGateway, nil))
	s.handle("/a/gone", failing(100, http.StatusGone, nil))
	sink := newMemSink()
	cfg := testConfig(sink, s.url("/"))
	cfg.Retries = 2

	sum := crawl(t, cfg)

	tests := []struct {
		path string
		hits int
	}{
		{"/a/flaky", 2},
		{"/a/busy", 2},
		{"/a/missing", 1},
		{"/a/down", 3},
		{"/a/gone", 1},
		{"/a/reset", 2},
	}
	for _, tt := range tests {
		if n := s.hit(tt.path); n != tt.hits {
			t.Errorf("%s fetched %d times, want %d", tt.path, n, tt.hits)
		}
	}
	if times := s.hitTimes("/a/busy"); len(times) == 2 {
		if gap := times[1].Sub(times[0]); gap < 950*time.Millisecond {
			t.Errorf("Retry-After: 1 honoured after %v", gap)
		}
	}
	if got, want := sink.urls(), []string{s.url("/a/busy"), s.url("/a/flaky"), s.url("/a/reset")}; !slices.Equal(got, want) {
		t.Errorf("articles = %v, want %v", got, want)
	}
	wantErrs := map[string]int{"http_404": 1, "http_502": 1, "http_410": 1}
	if fmt.Sprint(sum.Errors) != fmt.Sprint(wantErrs) {
		t.Errorf("Errors = %v, want %v", sum.Errors, wantErrs)
	}
	if sum.Retries != 5 {
		t.Errorf("Retries = %d, want 5", sum.Retries)
	}
}

func TestCrawlFailedURLNeverDone(t *testing.T) {
	s := newSite(t)
	s.html("/", page("Home", false, "/a/missing"))
	front := NewMemoryFrontier()
	cfg := testConfig(newMemSink(), s.url("/"))
	cfg.Frontier = front
	crawl(t, cfg)
	e, st, reason, ok := front.Lookup(s.url("/a/missing"))
	if !ok || st != StateFailed || reason != "http_404" || e.Attempts != 1 {
		t.Errorf("entry %+v state %v reason %q, want failed http_404 after 1 attempt", e, st, reason)
	}
}

func TestCrawlLimits(t *testing.T) {
	s := newSite(t)
	s.html("/", page("Home", false, "/a/huge", "/a/declared", "/data", "/img", "/file.pdf", "/loop1", "/away", "/chain/0", "/a/ok"))
	s.html("/a/ok", page("OK", true))
	s.handle("/a/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body><article>"))
		chunk := bytes.Repeat([]byte("x"), 64<<10)
		for written := 0; written < 50<<20; written += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	s.handle("/a/declared", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", fmt.Sprint(20<<20))
		w.Write([]byte("<article>"))
	})
	s.serveAs("/data", "application/json", []byte(`{"a":1}`))
	s.serveAs("/img", "image/png", []byte("\x89PNG\r\n\x1a\n"))
	s.serveAs("/file.pdf", "application/pdf", []byte("%PDF-1.4"))
	for i := range 15 {
		s.handle(fmt.Sprintf("/chain/%d", i), redirect(fmt.Sprintf("/chain/%d", i+1), http.StatusFound))
	}
	s.handle("/loop1", redirect("/loop2", http.StatusFound))
	s.handle("/loop2", redirect("/loop1", http.StatusFound))
	other := newSite(t)
	other.html("/x", page("X", true))
	s.handle("/away", redirect(other.url("/x"), http.StatusFound))
	sink := newMemSink()
	cfg := testConfig(sink, s.url("/"))
	cfg.Retries = 1

	start := time.Now()
	sum := crawl(t, cfg)
	t.Logf("crawl took %v", time.Since(start))

	if got := sink.urls(); !slices.Equal(got, []string{s.url("/a/ok")}) {
		t.Errorf("articles = %v", got)
	}
	wantErrs := map[string]int{"too_large": 2, "redirect_loop": 1, "out_of_scope": 1, "too_many_redirects": 1}
	if fmt.Sprint(sum.Errors) != fmt.Sprint(wantErrs) {
		t.Errorf("Errors = %v, want %v", sum.Errors, wantErrs)
	}
	if sum.SkippedNonHTML != 3 {
		t.Errorf("SkippedNonHTML = %d, want 3 (json, png, pdf by extension)", sum.SkippedNonHTML)
	}
	tests := []struct {
		path string
		hits int
	}{
		{"/a/huge", 1}, // too large is permanent
		{"/a/declared", 1},
		{"/file.pdf", 0},
		{"/loop1", 2}, // one return to a URL is allowed (cookie redirects)
		{"/loop2", 2},
	}
	for _, tt := range tests {
		if n := s.hit(tt.path); n != tt.hits {
			t.Errorf("%s fetched %d times, want %d", tt.path, n, tt.hits)
		}
	}
	if n := other.allHits(); n != 0 {
		t.Errorf("out-of-scope redirect followed (%d requests)", n)
	}
}

func TestCrawlTimeout(t *testing.T) {
	s := newSite(t)
	s.html("/", page("Home", false, "/a/slow"))
	s.handle("/a/slow", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body><article>"))
		http.NewResponseController(w).Flush()
		select { // headers sent, body stalls
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	cfg := testConfig(newMemSink(), s.url("/"))
	cfg.Timeout = 300 * time.Millisecond
	cfg.Retries = 1
	start := time.Now()
	sum := crawl(t, cfg)
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("crawl took %v with a 300ms timeout", d)
	}
	if sum.Errors["timeout"] != 1 || sum.Stored != 0 {
		t.Errorf("summary:\n%s", sum)
	}
	if n := s.hit("/a/slow"); n != 2 {
		t.Errorf("/a/slow fetched %d times, want 2 (retried once)", n)
	}
}

func TestCrawlMaxPagesAndDepth(t *testing.T) {
	s := newSite(t)
	// A chain: / → /d1 → /d2 → /d3 → /d4, each also an article.
	s.html("/", page("Home", false, "/d1"))
	for i := 1; i <= 4; i++ {
		s.html(fmt.Sprintf("/d%d", i), page(fmt.Sprint(i), true, fmt.Sprintf("/d%d", i+1)))
	}
	tests := []struct {
		name     string
		maxPages int
		maxDepth int
		fetched  int
		stop     string
	}{
		{"max pages", 3, 0, 3, StopMaxPages},
		{"max depth", 0, 2, 3, StopDone},
		{"no limit", 0, 0, 5, StopDone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(newMemSink(), s.url("/"))
			cfg.MaxPages = tt.maxPages
			cfg.MaxDepth = tt.maxDepth
			sum := crawl(t, cfg)
			if sum.PagesFetched != tt.fetched || sum.Stop != tt.stop {
				t.Errorf("fetched %d, stop %q; want %d, %q", sum.PagesFetched, sum.Stop, tt.fetched, tt.stop)
			}
		})
	}
}

func TestCrawlCancel(t *testing.T) {
	s := newSite(t)
	var links []string
	for i := range 50 {
		links = append(links, fmt.Sprintf("/a/%d", i))
	}
	s.html("/", page("Home", false, links...))
	for _, l := range links {
		s.handle(l, func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(200 * time.Millisecond):
			case <-r.Context().Done():
				return
			}
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, page(r.URL.Path, true))
		})
	}
	front := NewMemoryFrontier()
	sink := newMemSink()
	cfg := testConfig(sink, s.url("/"))
	cfg.Frontier = front
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(500*time.Millisecond, cancel)

	start := time.Now()
	sum, err := Crawl(ctx, cfg)
	took := time.Since(start)

	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if took > 3*time.Second { // the uncancelled crawl takes over 5s
		t.Errorf("Crawl returned %v after the start, cancelled at 500ms", took)
	}
	if sum.Stop != StopCanceled {
		t.Errorf("Stop = %q", sum.Stop)
	}
	st, _ := front.Stats(context.Background())
	if st.InFlight != 0 || st.Failed != 0 || st.Queued == 0 {
		t.Errorf("frontier after cancel: %+v; want nothing in flight or failed, the rest queued", st)
	}
	if st.Done != 1+sum.Stored {
		t.Errorf("done %d, stored %d: a stored page is not done or the reverse", st.Done, sum.Stored)
	}
}

func TestCrawlEachArticleOnce(t *testing.T) {
	s := newSite(t)
	const n = 12
	var all []string
	for i := range n {
		all = append(all, fmt.Sprintf("/a/%d", i))
	}
	variants := func(p string) []string {
		return []string{p, p + "?utm_source=list", p + "#top", s.url(p), "." + p}
	}
	var home []string
	for _, p := range all {
		home = append(home, variants(p)...)
	}
	home = append(home, "/list/2")
	s.html("/", page("Home", false, home...))
	s.html("/list/2", page("List 2", false, append(all, "/", "/list/2?page=1#x")...))
	s.html("/list/2?page=1", page("List 2 again", false, all...))
	for i, p := range all {
		next := all[(i+1)%n]
		s.html(p, page(p, true, next, next+"?utm_medium=related", "/", "/list/2"))
	}
	sink := newMemSink()
	cfg := testConfig(sink, s.url("/"))
	cfg.Concurrency = 4

	sum := crawl(t, cfg)

	if len(sink.urls()) != n || sum.Stored != n || sum.Merged+sum.Unchanged+sum.Updated != 0 {
		t.Errorf("%d records; summary:\n%s", len(sink.urls()), sum)
	}
	for u, k := range sink.puts {
		if k != 1 {
			t.Errorf("%s delivered %d times", u, k)
		}
	}
	if key, k := s.maxHits(); k > 1 {
		t.Errorf("%s fetched %d times", key, k)
	}
}

func TestCrawlKeepsRawBytes(t *testing.T) {
	s := newSite(t)
	// "Привет" in windows-1251.
	raw := append([]byte("<html><body><article>"), 0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2)
	raw = append(raw, []byte("</article></body></html>")...)
	s.serveAs("/a/ru", "text/html; charset=windows-1251", raw)
	s.handle("/a/gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gz(t, []byte(page("Zipped", true))))
	})
	s.html("/", page("Home", false, "/a/ru", "/a/gz"))
	sink := newMemSink()

	crawl(t, testConfig(sink, s.url("/")))

	ru := sink.get(s.url("/a/ru"))
	if ru == nil {
		t.Fatalf("no record; have %v", sink.urls())
	}
	if !bytes.Equal(ru.Response.Body, raw) {
		t.Errorf("body changed on the way: %q", ru.Response.Body)
	}
	if ct := ru.Response.Header.Get("Content-Type"); ct != "text/html; charset=windows-1251" {
		t.Errorf("Content-Type = %q", ct)
	}
	if ru.Response.Status != 200 || ru.Response.FetchedAt.IsZero() || ru.Response.URL != s.url("/a/ru") {
		t.Errorf("response = %+v", ru.Response)
	}
	if zipped := sink.get(s.url("/a/gz")); zipped == nil || !bytes.Contains(zipped.Response.Body, []byte("<article>")) {
		t.Errorf("gzip-encoded page not decoded: %+v", zipped)
	}
}

func TestCrawlPrivateAddresses(t *testing.T) {
	s := newSite(t)
	s.html("/", page("Home", false, "/a/1"))
	s.html("/a/1", page("1", true))
	// The seed is on 127.0.0.1, so its host is allowed although private.
	sum := crawl(t, testConfig(newMemSink(), s.url("/")))
	if sum.Stored != 1 {
		t.Errorf("summary:\n%s", sum)
	}
}

func TestCrawlSinkError(t *testing.T) {
	s := newSite(t)
	s.html("/", page("Home", false, "/a/1"))
	s.html("/a/1", page("1", true))
	boom := errors.New("disk full")
	front := NewMemoryFrontier()
	cfg := testConfig(SinkFunc(func(context.Context, Result) (Outcome, error) { return 0, boom }), s.url("/"))
	cfg.Frontier = front
	sum, err := Crawl(context.Background(), cfg)
	if !errors.Is(err, boom) || sum.Stop != StopError {
		t.Fatalf("err = %v, stop %q; want the sink's error", err, sum.Stop)
	}
	if _, st, _, _ := front.Lookup(s.url("/a/1")); st != StateQueued {
		t.Errorf("article whose Put failed is %v, want queued", st)
	}
}

func TestCrawlExtractPanics(t *testing.T) {
	s := newSite(t)
	s.html("/", page("Home", false, "/a/bad", "/a/good"))
	s.html("/a/bad", page("bad", true))
	s.html("/a/good", page("good", true))
	cfg := testConfig(newMemSink(), s.url("/"))
	cfg.Extract = func(ctx context.Context, in normalizeInput) (*normalizePage, error) {
		if strings.HasSuffix(in.URL, "/a/bad") {
			panic("boom")
		}
		return fakeExtract(ctx, in)
	}
	sum := crawl(t, cfg)
	if sum.Stored != 1 || sum.Errors["extract"] != 1 {
		t.Errorf("summary:\n%s", sum)
	}
}

func TestCrawlProgress(t *testing.T) {
	s := newSite(t)
	s.html("/", page("Home", false, "/a/1"))
	s.html("/a/1", page("1", true))
	var last Progress
	calls := 0
	cfg := testConfig(newMemSink(), s.url("/"))
	cfg.Progress = func(p Progress) { last = p; calls++ }
	crawl(t, cfg)
	if calls == 0 || last.Fetched != 2 || last.Done != 2 || last.Queued != 0 || last.Articles != 1 {
		t.Errorf("%d calls, last %+v", calls, last)
	}
}

func TestCrawlClosedPort(t *testing.T) {
	s := newSite(t)
	addr := s.url("/")
	s.srv.Close()
	cfg := testConfig(newMemSink(), addr)
	cfg.Retries = 1
	sum := crawl(t, cfg)
	if sum.Errors["connection"] != 1 || sum.PagesFetched != 0 || sum.Stop != StopDone {
		t.Errorf("summary:\n%s", sum)
	}
}
