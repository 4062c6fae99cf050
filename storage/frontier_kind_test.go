package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestFrontierKinds checks that a sync's frontier and a crawl's over the
// same seeds never see each other's URLs, and that the crawl's keeps the
// id it had before kinds existed.
func TestFrontierKinds(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	crawl := frontierHelper{t, openFrontier(t, db, frontierSeedsA, FrontierOptions{})}
	crawl.add(FrontierEntry{URL: "https://example.org/crawl"})
	crawl.must(crawl.f.Flush(ctx))

	sync := frontierHelper{t, openFrontier(t, db, frontierSeedsA, FrontierOptions{Kind: "sync"})}
	if sync.f.Resumed() {
		t.Fatal("a sync resumed the crawl's frontier")
	}
	sync.stats(FrontierStats{})
	sync.add(FrontierEntry{URL: "https://example.org/sync"}, FrontierEntry{URL: "https://example.org/crawl"})
	sync.must(sync.f.Flush(ctx))

	crawl = frontierHelper{t, openFrontier(t, db, frontierSeedsA, FrontierOptions{})}
	if !crawl.f.Resumed() {
		t.Fatal("the crawl's frontier was not resumed")
	}
	crawl.stats(FrontierStats{Queued: 1})
	if _, _, _, ok, _ := crawl.f.Lookup(ctx, "https://example.org/sync"); ok {
		t.Error("the crawl's frontier holds the sync's URL")
	}
	if got, want := string(crawl.f.id), string(frontierID("", crawl.f.Seeds())); got != want || len(got) != 16 {
		t.Errorf("crawl frontier id %s; want %s", got, want)
	}

	sync = frontierHelper{t, openFrontier(t, db, frontierSeedsA, FrontierOptions{Kind: "sync"})}
	if !sync.f.Resumed() {
		t.Fatal("the sync's frontier was not resumed")
	}
	sync.stats(FrontierStats{Queued: 2})
	checkFrontier(t, db, crawl.f)
	checkFrontier(t, db, sync.f)
}

// TestFrontierRemove checks that a removed frontier is gone from the
// archive, its pending changes with it, and that the next open of its
// seeds starts an empty one while other frontiers stay.
func TestFrontierRemove(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	crawl := frontierHelper{t, openFrontier(t, db, frontierSeedsA, FrontierOptions{})}
	crawl.add(urlsOf(2)...)
	crawl.must(crawl.f.Flush(ctx))

	opts := FrontierOptions{Kind: "sync", CommitInterval: time.Hour}
	h := frontierHelper{t, openFrontier(t, db, frontierSeedsA, opts)}
	h.add(urlsOf(5)...)
	e, _ := h.next(time.Now())
	h.must(h.f.Done(ctx, e.URL))
	h.add(FrontierEntry{URL: "https://example.org/pending"}) // not committed
	h.must(h.f.Remove(ctx))
	h.must(h.f.Remove(ctx)) // removing twice is harmless

	h = frontierHelper{t, openFrontier(t, db, frontierSeedsA, opts)}
	if h.f.Resumed() {
		t.Error("a removed frontier was resumed")
	}
	h.stats(FrontierStats{})
	crawl = frontierHelper{t, openFrontier(t, db, frontierSeedsA, FrontierOptions{})}
	if !crawl.f.Resumed() {
		t.Error("removing the sync's frontier removed the crawl's")
	}
	crawl.stats(FrontierStats{Queued: 2})

	// Nothing is left of it in the archive.
	h.must(h.f.Remove(ctx))
	err := db.view(ctx, func(tx *bolt.Tx) error {
		if tx.Bucket(bucketFrontier).Bucket(h.f.id) != nil {
			t.Error("the removed frontier's bucket is still there")
		}
		return nil
	})
	h.must(err)
	if _, err := h.f.Stats(ctx); err != nil {
		t.Errorf("Stats after Remove: %v", err)
	}
	if _, err := h.f.Add(ctx, FrontierEntry{URL: "https://example.org/late"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("Add after Remove: %v; want ErrNotFound", err)
	}
}
