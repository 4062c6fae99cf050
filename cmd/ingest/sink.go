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
// to learn the model while the crawl runs. front, when set, is the crawl's
// frontier: its changes are written with each batch of pages. captured,
// for an import, dates each page's visit by when it was captured rather
// than by the clock.
type storeSink struct {
	db       *storage.DB
	learner  *interimLearner
	front    *storage.Frontier
	captured bool
}

func (s storeSink) Put(ctx context.Context, r scraper.Result) (scraper.Outcome, error) {
	out, err := s.db.Put(ctx, s.putInput(r))
	if err != nil {
		return 0, fmt.Errorf("store %s: %w", r.URL, err)
	}
	s.learner.page(r.URL)
	if o := outcome(out); o != 0 {
		return o, nil
	}
	return 0, fmt.Errorf("store %s: unknown outcome %v", r.URL, out)
}

// Prepare readies a page for Commit: compression and encoding run on the
// crawl's extraction workers, outside the archive's single writer.
func (s storeSink) Prepare(_ context.Context, r scraper.Result, other bool) (scraper.Pending, error) {
	if other {
		return storage.PrepareOther(r.URL, rawOf(r), r.Page.Facts)
	}
	return storage.PreparePut(s.putInput(r))
}

// putInput is an article as the archive stores it.
func (s storeSink) putInput(r scraper.Result) storage.PutInput {
	rec := r.Page.Record
	rec.URL = r.URL
	rec.Aliases = r.Aliases
	now := time.Now()
	if s.captured && !r.Response.FetchedAt.IsZero() {
		now = r.Response.FetchedAt
	}
	return storage.PutInput{Record: rec, Raw: rawOf(r), Now: now, Facts: r.Page.Facts}
}

// rawOf is the response a page came from, as the archive keeps it.
func rawOf(r scraper.Result) storage.Raw {
	raw := storage.Raw{
		Body: r.Response.Body, Header: r.Response.Header,
		Status: r.Response.Status, FetchedAt: r.Response.FetchedAt,
	}
	if q := r.Response.Request; q != nil {
		raw.Request = &storage.Request{Method: q.Method, URL: q.URL, Header: q.Header}
	}
	return raw
}

// Commit stores a batch of prepared pages in one transaction.
func (s storeSink) Commit(ctx context.Context, ps []scraper.Pending) ([]scraper.Outcome, []error, error) {
	ws := make([]*storage.Write, len(ps))
	for i, p := range ps {
		ws[i] = p.(*storage.Write)
	}
	outs, errs, err := s.db.CommitFrontier(ctx, ws, s.front)
	if err != nil {
		return nil, errs, fmt.Errorf("store %d pages: %w", len(ws), err)
	}
	res := make([]scraper.Outcome, len(outs))
	for i, o := range outs {
		if errs[i] != nil {
			continue
		}
		s.learner.page(ws[i].URL())
		res[i] = outcome(o)
	}
	return res, errs, nil
}

// outcome is a storage outcome as the crawler counts it; zero for a page
// that is not an article.
func outcome(o storage.Outcome) scraper.Outcome {
	switch o {
	case storage.Stored:
		return scraper.Stored
	case storage.Updated:
		return scraper.Updated
	case storage.Unchanged:
		return scraper.Unchanged
	case storage.Merged:
		return scraper.Merged
	}
	return 0
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
	err := s.db.PutOther(ctx, r.URL, rawOf(r), r.Page.Facts)
	if err == nil {
		s.learner.page(r.URL)
	}
	return err
}
