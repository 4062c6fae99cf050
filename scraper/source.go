package scraper

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/ingest-archive/ingest/normalize"
)

// Source kinds besides the page types of normalize (listing, collection,
// article, …), which HTML sources carry.
const (
	SourceSitemap = "sitemap"
	SourceFeed    = "feed"
)

// SourceSink is a Sink that also hears about the pages a crawl finds
// articles through, so that a later run can revisit them: every seed,
// sitemap, sitemap index and feed fetched, and every HTML page of type
// listing or collection. Crawl calls Source once for each such page that
// answered 2xx, from several goroutines at once, with a context that stays
// valid while a cancelled crawl drains. An error stops the crawl as one
// from Put does.
type SourceSink interface {
	Sink
	Source(ctx context.Context, s Source) error
}

// Source is a page that leads to articles.
type Source struct {
	// URL is the canonical URL requested.
	URL string
	// Kind is SourceSitemap, SourceFeed, or the page type Extract gave an
	// HTML page (normalize.PageListing, normalize.PageCollection, or any
	// type for a seed).
	Kind string
	// Seed is true for one of Config.Seeds.
	Seed bool
	// Depth is the number of links followed from a seed to reach it.
	Depth int
	// Header holds the response headers, validators included.
	Header    http.Header
	FetchedAt time.Time
}

// isSourcePage reports whether an HTML page of this type is a source.
func isSourcePage(pageType string) bool {
	return pageType == normalize.PageListing || pageType == normalize.PageCollection
}

// source reports a source page to a SourceSink. It reports false and sets
// r.fatal when the Sink fails.
func (c *crawler) source(ctx context.Context, r *workResult, kind string, out fetchOutcome) bool {
	ss, ok := c.cfg.Sink.(SourceSink)
	if !ok {
		return true
	}
	err := ss.Source(context.WithoutCancel(ctx), Source{
		URL:       r.entry.URL,
		Kind:      kind,
		Seed:      c.seeds[r.entry.URL],
		Depth:     r.entry.Depth,
		Header:    out.header,
		FetchedAt: out.fetchedAt,
	})
	if err != nil {
		r.fatal = fmt.Errorf("crawl: sink: source %s: %w", r.entry.URL, err)
		r.action = actRequeue
		r.fetched = false
		r.page = pageNone
		r.entry.Attempts--
		r.alsoDone, r.found, r.skipped = nil, nil, nil
		return false
	}
	return true
}
