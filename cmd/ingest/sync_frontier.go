package main

import (
	"context"
	"fmt"
	"time"

	"github.com/ingest-archive/ingest/storage"
)

// syncFrontierKind keeps a sync's frontier apart from that of a crawl of
// the same seeds (storage.FrontierOptions.Kind): a crawl never resumes a
// sync's frontier, nor a sync a crawl's.
const syncFrontierKind = "sync"

// syncCommitInterval bounds what a sync killed outright (kill -9, power
// loss) redoes: the revisits of its last 100 ms.
const syncCommitInterval = 100 * time.Millisecond

// openSyncFrontier opens the archive's frontier for a sync of seeds: the
// one an interrupted sync of the same seeds left, which it resumes, or a
// new one when there is none, when that sync finished, or when fresh is
// set. Changes ride in the batches that store pages, as a crawl's do, but
// most of a sync's requests answer 304 and store nothing, so its frontier
// also commits on its own every syncCommitInterval.
func openSyncFrontier(ctx context.Context, db *storage.DB, seeds []string, fresh bool) (archiveFrontier, error) {
	f, err := db.OpenFrontier(ctx, seeds, storage.FrontierOptions{
		Kind:           syncFrontierKind,
		Fresh:          fresh,
		CommitInterval: syncCommitInterval,
		Batched:        true,
	})
	if err != nil {
		return archiveFrontier{}, fmt.Errorf("sync: %w", err)
	}
	return archiveFrontier{f}, nil
}

// rereadSitemaps queues again, in their old places at the head of the
// queue, the sitemaps that an interrupted sync already read, so that the
// resumed run knows their <lastmod> dates before the known articles that
// are left come up. It returns the URLs queued again: they must be
// fetched without validators, since a 304 would not give the dates.
func rereadSitemaps(ctx context.Context, f *storage.Frontier, sitemaps []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, u := range sitemaps {
		e, st, _, ok, err := f.Lookup(ctx, u)
		if err != nil {
			return nil, fmt.Errorf("sync: %w", err)
		}
		if !ok || st != storage.FrontierDone {
			continue
		}
		e.Attempts, e.NotBefore = 0, time.Time{}
		if err := f.Retry(ctx, e); err != nil {
			return nil, fmt.Errorf("sync: %w", err)
		}
		out[u] = true
	}
	// Committed now: the frontier hands out entries changed since its last
	// commit only after those on disk, which would put the sitemaps last.
	if err := f.Flush(ctx); err != nil {
		return nil, fmt.Errorf("sync: %w", err)
	}
	return out, nil
}

// closeSyncFrontier saves what the sync left pending and, when the sync
// went through its whole queue, removes the frontier so that the next
// sync makes a full pass. It uses its own context so that an interrupted
// sync still saves its frontier. Its errors are for syncOnce to prefix.
func closeSyncFrontier(front archiveFrontier, finished bool) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := front.f.Flush(ctx); err != nil {
		return fmt.Errorf("save frontier: %w", err)
	}
	if !finished {
		return nil
	}
	// Flushed first: if the removal fails, the frontier left has nothing
	// queued and the next sync starts a new one anyway.
	if err := front.f.Remove(ctx); err != nil {
		return fmt.Errorf("remove finished frontier: %w", err)
	}
	return nil
}
