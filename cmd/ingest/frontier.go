package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/ingest-archive/ingest/scraper"
	"github.com/ingest-archive/ingest/storage"
)

// frontierCommitInterval is how long frontier changes may wait in memory
// when no batch of pages is committed (storage.FrontierOptions): the
// crawl's changes are written with its pages (DB.CommitFrontier), every
// 200 ms or sooner while pages come in, so this bounds only the phases
// that store nothing (a sync has its own, shorter interval). A
// process killed outright (kill -9, power loss) loses at most this much
// of such work, which the next run does again. Ctrl-C loses nothing: the
// frontier is flushed before the process exits.
const frontierCommitInterval = time.Second

// openFrontier opens the archive's frontier for a crawl of seeds: the one
// an interrupted crawl of the same seeds left, or a new one when that
// crawl finished, when there is none, or when fresh is set.
func openFrontier(ctx context.Context, db *storage.DB, seeds []string, fresh bool, log *slog.Logger) (archiveFrontier, error) {
	f, err := db.OpenFrontier(ctx, seeds, storage.FrontierOptions{Fresh: fresh, CommitInterval: frontierCommitInterval, Batched: true})
	if err != nil {
		return archiveFrontier{}, fmt.Errorf("crawl: %w", err)
	}
	if f.Resumed() && log != nil {
		st, _ := f.Stats(ctx)
		log.Info("resuming an interrupted crawl of these seeds", "done", st.Done, "queued", st.Queued, "failed", st.Failed)
	}
	return archiveFrontier{f}, nil
}

// archiveFrontier is a storage.Frontier seen as a scraper.Frontier.
type archiveFrontier struct{ f *storage.Frontier }

var _ scraper.Frontier = archiveFrontier{}

func toStorage(e scraper.Entry) storage.FrontierEntry {
	return storage.FrontierEntry{URL: e.URL, Depth: e.Depth, Attempts: e.Attempts, NotBefore: e.NotBefore, Via: e.Via}
}

func fromStorage(e storage.FrontierEntry) scraper.Entry {
	return scraper.Entry{URL: e.URL, Depth: e.Depth, Attempts: e.Attempts, NotBefore: e.NotBefore, Via: e.Via}
}

func (a archiveFrontier) Add(ctx context.Context, es ...scraper.Entry) (int, error) {
	out := make([]storage.FrontierEntry, len(es))
	for i, e := range es {
		out[i] = toStorage(e)
	}
	return a.f.Add(ctx, out...)
}

func (a archiveFrontier) Next(ctx context.Context, now time.Time) (scraper.Entry, bool, error) {
	e, ok, err := a.f.Next(ctx, now)
	return fromStorage(e), ok, err
}

func (a archiveFrontier) Retry(ctx context.Context, e scraper.Entry) error {
	return a.f.Retry(ctx, toStorage(e))
}

func (a archiveFrontier) Done(ctx context.Context, url string) error { return a.f.Done(ctx, url) }

func (a archiveFrontier) Fail(ctx context.Context, e scraper.Entry, reason string) error {
	return a.f.Fail(ctx, toStorage(e), reason)
}

func (a archiveFrontier) Stats(ctx context.Context) (scraper.FrontierStats, error) {
	st, err := a.f.Stats(ctx)
	return scraper.FrontierStats{Queued: st.Queued, InFlight: st.InFlight, Done: st.Done, Failed: st.Failed}, err
}

// flush writes what the crawl left pending. It uses its own context so an
// interrupted crawl still saves its frontier.
func (a archiveFrontier) flush() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.f.Flush(ctx); err != nil {
		return fmt.Errorf("crawl: save frontier: %w", err)
	}
	return nil
}

// Known reports whether the frontier holds url in any state.
func (a archiveFrontier) Known(ctx context.Context, url string) (bool, error) {
	_, _, _, ok, err := a.f.Lookup(ctx, url)
	return ok, err
}
