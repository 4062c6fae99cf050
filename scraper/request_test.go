package scraper

import (
	"context"
	"net/http"
	"net/url"
	"testing"
)

// TestCrawlKeepsRequest checks that a fetched page carries the request
// that got it: the method, the URL after a redirect, and the headers sent,
// the conditional ones included.
func TestCrawlKeepsRequest(t *testing.T) {
	s := newConditionalSite(t)
	s.html("/", page("Home", false, "/old", "/a/edited"))
	s.handle("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/a/moved", http.StatusMovedPermanently)
	})
	s.html("/a/moved", page("Moved", true))
	s.versioned("/a/edited", `"v2"`, "", page("Edited", true))
	sink := newRevisitSink()
	cfg := testConfig(sink, s.url("/"))
	cfg.Conditional = func(_ context.Context, u string) (Validators, bool, error) {
		if u == s.url("/a/edited") {
			return Validators{ETag: `"v1"`}, true, nil
		}
		return Validators{}, false, nil
	}
	crawl(t, cfg)
	r, ok := sink.records[s.url("/a/edited")]
	if !ok {
		t.Fatalf("the article was not stored: %v", sink.urls())
	}
	q := r.Response.Request
	if q == nil {
		t.Fatal("no request kept with the page")
	}
	host := ""
	if u, err := url.Parse(s.url("/")); err == nil {
		host = u.Host
	}
	if q.Method != http.MethodGet || q.URL != s.url("/a/edited") || q.Header.Get("User-Agent") != cfg.UserAgent ||
		q.Header.Get("Host") != host || q.Header.Get("Accept-Encoding") != "gzip" {
		t.Errorf("request kept: %+v", q)
	}
	if got := s.headers("/a/edited"); got[0] != `"v1"` || q.Header.Get("If-None-Match") != `"v1"` {
		t.Errorf("If-None-Match kept %q, sent %q", q.Header.Get("If-None-Match"), got[0])
	}
	moved, ok := sink.records[s.url("/a/moved")]
	if !ok || moved.Response.Request == nil || moved.Response.Request.URL != s.url("/a/moved") {
		t.Errorf("after a redirect, the request kept is not the last hop's: %+v", moved)
	}
}
