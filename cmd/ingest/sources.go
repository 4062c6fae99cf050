package main

import (
	"context"
	"fmt"

	"github.com/ingest-archive/ingest/scraper"
	"github.com/ingest-archive/ingest/storage"
)

// Source records a page the crawl found articles through (a seed, sitemap,
// feed or listing page) so that `ingest sync` can revisit it.
func (s storeSink) Source(ctx context.Context, src scraper.Source) error {
	err := s.db.SaveSource(ctx, storage.Source{
		URL:          src.URL,
		Kind:         src.Kind,
		Seed:         src.Seed,
		Depth:        src.Depth,
		ETag:         src.Header.Get("ETag"),
		LastModified: src.Header.Get("Last-Modified"),
	}, src.FetchedAt)
	if err != nil {
		return fmt.Errorf("store source %s: %w", src.URL, err)
	}
	return nil
}
