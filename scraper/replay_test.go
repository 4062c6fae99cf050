package scraper

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"
)

// TestReplay sends recorded responses through the pipeline: articles
// reach the Sink under their canonical URL with the capture's Via as
// aliases and its date, other pages and media are counted, a non-2xx
// capture is an error, and no link found is followed.
func TestReplay(t *testing.T) {
	const host = "https://example.org"
	html := http.Header{"Content-Type": {"text/html"}}
	at := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	caps := []Capture{
		{URL: host + "/a/one/", Status: 200, Header: html, Body: []byte(page("One", true, "/a/never-captured/")), FetchedAt: at,
			Via: []string{host + "/2024/one", host + "/a/one/"}},
		{URL: host + "/a/two/?utm_source=x", Status: 200, Header: html, Body: []byte(`<html><head><link rel="canonical" href="/a/two/"></head><body><article>Two</article></body></html>`), FetchedAt: at},
		{URL: host + "/", Status: 200, Header: html, Body: []byte(page("Home", false, "/a/one/"))},
		{URL: host + "/logo.png", Status: 200, Header: http.Header{"Content-Type": {"image/png"}}, Body: []byte("\x89PNG")},
		{URL: host + "/gone/", Status: 404, Header: html, Body: []byte("no")},
	}
	sink := newMemSink()
	cfg := testConfig(sink, host+"/")
	cfg.Extractors = 2
	sum, err := Replay(context.Background(), cfg, slices.Values(caps))
	if err != nil {
		t.Fatal(err)
	}
	if got := sink.urls(); !slices.Equal(got, []string{host + "/a/one/", host + "/a/two/"}) {
		t.Fatalf("stored %v", got)
	}
	one := sink.get(host + "/a/one/")
	if !slices.Contains(one.Aliases, host+"/2024/one") || !one.Response.FetchedAt.Equal(at) {
		t.Errorf("one: aliases %v, fetched %v", one.Aliases, one.Response.FetchedAt)
	}
	if two := sink.get(host + "/a/two/"); !slices.Contains(two.Aliases, host+"/a/two/?utm_source=x") && !slices.Contains(two.Aliases, host+"/a/two/") {
		t.Errorf("two: aliases %v", two.Aliases)
	}
	if sum.Stored != 2 || sum.NonArticle != 1 || sum.SkippedNonHTML != 1 || sum.Errors["http_404"] != 1 || sum.PagesFetched != 4 {
		t.Errorf("summary: %+v", sum)
	}
}
