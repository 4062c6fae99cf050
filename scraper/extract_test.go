package scraper

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ingest-archive/ingest/normalize"
)

// TestCrawlWithRealExtract runs the crawl with normalize.Extract on pages
// shaped like a real site's: the listing is followed, not stored, and the
// article is stored with its title.
func TestCrawlWithRealExtract(t *testing.T) {
	s := newSite(t)
	para := strings.Repeat("The council met on Tuesday to discuss the budget, and the debate ran long into the evening as members argued over every line. ", 6)
	article := func(slug, title string) string {
		return fmt.Sprintf(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>%[2]s | The Example Review</title>
<link rel="canonical" href="/a/%[1]s">
<meta property="og:type" content="article">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"%[2]s","author":{"@type":"Person","name":"Anna Petrova"},"datePublished":"2023-09-14T08:00:00Z"}</script>
</head><body><nav><a href="/">Home</a> <a href="/list">Archive</a></nav>
<article><h1>%[2]s</h1><p class="byline">By Anna Petrova</p><p>%[3]s</p><p>%[3]s</p><p>%[3]s</p></article>
<footer>© The Example Review</footer></body></html>`, slug, title, para)
	}
	s.html("/", `<!doctype html><html><head><title>The Example Review</title></head><body>
<h1>Latest</h1><ul><li><a href="/a/budget">Budget night</a></li><li><a href="/list">More</a></li></ul></body></html>`)
	s.html("/list", `<!doctype html><html><head><title>Archive | The Example Review</title></head><body>
<h1>Archive</h1><ul><li><a href="/a/budget?utm_source=archive">Budget night</a></li><li><a href="/a/bridge">The bridge</a></li></ul></body></html>`)
	s.html("/a/budget", article("budget", "Budget night"))
	s.html("/a/bridge", article("bridge", "The bridge"))
	sink := newMemSink()
	cfg := testConfig(sink, s.url("/"))
	cfg.Extract = func(ctx context.Context, in normalize.Input) (*normalize.Page, error) {
		return normalize.Extract(ctx, in, normalize.Options{})
	}

	sum := crawl(t, cfg)

	if sum.PagesFetched != 4 || sum.ErrorCount() != 0 {
		t.Errorf("summary:\n%s", sum)
	}
	r := sink.get(s.url("/a/budget"))
	if r == nil {
		t.Fatalf("article not stored; records %v\n%s", sink.urls(), sum)
	}
	if r.Page.PageType != normalize.PageArticle || !strings.Contains(r.Page.Title, "Budget night") {
		t.Errorf("page type %q, title %q", r.Page.PageType, r.Page.Title)
	}
	if sink.get(s.url("/list")) != nil {
		t.Errorf("listing stored as an article")
	}
}
