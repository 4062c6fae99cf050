package storage

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	bolt "go.etcd.io/bbolt"
)

// ExportedPage is a raw page as an export that carries responses (WARC,
// WACZ) sees it.
type ExportedPage struct {
	StoredPage
	// Key is the URL the page is kept under: its record's URL for an
	// article, the URL it was fetched from for any other page.
	Key string
	// Record is the article the page is the raw copy of, or nil for a page
	// that is not an article (a listing, an about page), kept for the site
	// model.
	Record *normalize.Record
}

// ExportPages calls fn for every raw page in db that an export with opts
// includes: the page of each record that passes opts' filters (Since,
// Until, Site, Author, Status, ChangedSince), in URL order, then, when no
// filter is set, the pages that are not articles (kept for the site
// model), in URL order too. Each of the two walks is one read
// transaction. Format, Out, Layout and Assets are ignored. One page is
// decoded at a time, so memory stays flat. An error from fn stops the walk
// and is returned as is; fn must not write to db.
func ExportPages(ctx context.Context, db *DB, opts ExportOptions, fn func(ExportedPage) error) error {
	keep, err := opts.filter()
	if err != nil {
		return err
	}
	filtered := opts.Site != "" || opts.Author != "" || opts.Status != "" ||
		!opts.Since.IsZero() || !opts.Until.IsZero() || !opts.ChangedSince.IsZero()
	err = db.walk(ctx, "pages", func(b *buckets) *bolt.Bucket { return b.pages },
		func(b *buckets, k, v []byte, caller func(error) error) error {
			key := string(k)
			var rec *normalize.Record
			if id := b.resolve(key); id != "" {
				r, ok, err := b.record(id)
				if err != nil {
					return fmt.Errorf("record %s: %w", id, err)
				}
				if ok && r.URL == key {
					rec = &r
				}
			}
			switch {
			case rec == nil && filtered:
				return nil
			case rec != nil && !keep(*rec):
				return nil
			case rec != nil && !opts.ChangedSince.IsZero():
				stamp, stamped := b.changedAt([]byte(rec.ID))
				if !stamped {
					stamp, stamped = parseDate(rec.LastSeen)
				}
				if stamped && stamp.Before(opts.ChangedSince) {
					return nil
				}
			}
			p, err := decodePage(v)
			if err != nil {
				return fmt.Errorf("page %s: %w", key, err)
			}
			if p.URL == "" {
				p.URL = key
			}
			return caller(fn(ExportedPage{StoredPage: p, Key: key, Record: rec}))
		})
	if err != nil || filtered {
		return err
	}
	return db.walk(ctx, "other pages", othersBucket, func(_ *buckets, k, v []byte, caller func(error) error) error {
		p, err := decodePage(v)
		if err != nil {
			return fmt.Errorf("other page %s: %w", k, err)
		}
		if p.URL == "" {
			p.URL = string(k)
		}
		return caller(fn(ExportedPage{StoredPage: p, Key: string(k)}))
	})
}

// othersBucket is the bucket of raw pages that are not articles.
func othersBucket(b *buckets) *bolt.Bucket { return b.tx.Bucket(bucketOthers) }

// LatestFetch is the latest fetched_at among the raw pages of db, read
// from the pages' heads alone; zero when there is none. A WARC export
// dates its warcinfo record with it, so that the same archive exports the
// same file.
func LatestFetch(ctx context.Context, db *DB) (time.Time, error) {
	var latest time.Time
	head := func(_ *buckets, k, v []byte, _ func(error) error) error {
		n, w := binary.Uvarint(v)
		if w <= 0 || uint64(len(v)-w) < n {
			return fmt.Errorf("page %s: %w: bad page header", k, ErrCorrupt)
		}
		var meta struct {
			FetchedAt string `json:"fetched_at"`
		}
		if err := json.Unmarshal(v[w:w+int(n)], &meta); err != nil {
			return fmt.Errorf("page %s: %w: bad page header: %v", k, ErrCorrupt, err)
		}
		if t, err := time.Parse(time.RFC3339Nano, meta.FetchedAt); err == nil && t.After(latest) {
			latest = t
		}
		return nil
	}
	err := db.walk(ctx, "pages", func(b *buckets) *bolt.Bucket { return b.pages }, head)
	if err == nil {
		err = db.walk(ctx, "other pages", othersBucket, head)
	}
	return latest, err
}
