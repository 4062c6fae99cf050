package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ingest-archive/ingest/scraper"
	"github.com/ingest-archive/ingest/storage"
)

// storeSink stores every article the crawler delivers in the archive, and
// keeps the other pages for the site model. learner, when set, counts them
// to learn the model while the crawl runs.
type storeSink struct {
	db      *storage.DB
	learner *interimLearner
}

func (s storeSink) Put(ctx context.Context, r scraper.Result) (scraper.Outcome, error) {
	rec := r.Page.Record
	rec.URL = r.URL
	rec.Aliases = r.Aliases
	out, err := s.db.Put(ctx, storage.PutInput{
		Record: rec,
		Raw: storage.Raw{
			Body: r.Response.Body, Header: r.Response.Header,
			Status: r.Response.Status, FetchedAt: r.Response.FetchedAt,
		},
		Now:   time.Now(),
		Facts: r.Page.Facts,
	})
	if err != nil {
		return 0, fmt.Errorf("store %s: %w", r.URL, err)
	}
	s.learner.page(r.URL)
	switch out {
	case storage.Stored:
		return scraper.Stored, nil
	case storage.Updated:
		return scraper.Updated, nil
	case storage.Unchanged:
		return scraper.Unchanged, nil
	case storage.Merged:
		return scraper.Merged, nil
	}
	return 0, fmt.Errorf("store %s: unknown outcome %v", r.URL, out)
}

func jsonMarshal(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode summary: %w", err)
	}
	return b, nil
}

// Alias keeps the URLs of print views and other non-article copies as
// aliases of the article they name as canonical.
func (s storeSink) Alias(ctx context.Context, target string, aliases []string) (bool, error) {
	return s.db.AddAlias(ctx, target, aliases)
}

// PutOther keeps a page that is not an article, for the site model.
func (s storeSink) PutOther(ctx context.Context, r scraper.Result) error {
	err := s.db.PutOther(ctx, r.URL, storage.Raw{
		Body: r.Response.Body, Header: r.Response.Header,
		Status: r.Response.Status, FetchedAt: r.Response.FetchedAt,
	}, r.Page.Facts)
	if err == nil {
		s.learner.page(r.URL)
	}
	return err
}
