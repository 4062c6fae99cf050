package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	bolt "go.etcd.io/bbolt"
)

// Get returns the record with the given id, or the record that a URL
// (canonical, an alias, a merged duplicate, or any of these with or without
// a trailing slash) leads to. It returns ErrNotFound when there is none.
func (db *DB) Get(ctx context.Context, idOrURL string) (normalize.Record, error) {
	var r normalize.Record
	err := db.view(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		r, err = b.find(idOrURL)
		return err
	})
	if err != nil {
		return normalize.Record{}, fmt.Errorf("get %s: %w", idOrURL, err)
	}
	return r, nil
}

// History returns every version of a record, oldest first: the earlier
// revisions, then the current record last. idOrURL is resolved as by Get.
func (db *DB) History(ctx context.Context, idOrURL string) ([]normalize.Record, error) {
	var out []normalize.Record
	err := db.view(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		cur, err := b.find(idOrURL)
		if err != nil {
			return err
		}
		prefix := revisionPrefix(cur.ID)
		c := b.revisions.Cursor()
		for k, v := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			r, err := decodeRecord(v)
			if err != nil {
				return fmt.Errorf("revision %x: %w", k[len(prefix):], err)
			}
			out = append(out, r)
		}
		out = append(out, cur)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", idOrURL, err)
	}
	return out, nil
}

// Records calls fn for every record, in id order, inside one read
// transaction, decoding one record at a time so memory stays flat. URLs
// merged into another record as duplicates are aliases of that record, so
// each article is seen once. An error from fn stops the walk and is
// returned as is. fn must not write to db: the read transaction it runs
// in can block a writer that needs to grow the file.
func (db *DB) Records(ctx context.Context, fn func(normalize.Record) error) error {
	return db.walk(ctx, "records", recordsBucket, func(_ *buckets, k, v []byte, caller func(error) error) error {
		r, err := decodeRecord(v)
		if err != nil {
			return fmt.Errorf("record %s: %w", k, err)
		}
		return caller(fn(r))
	})
}

func recordsBucket(b *buckets) *bolt.Bucket { return b.records }

// MarkGone turns a record into a tombstone: status gone, kept and exported
// with that status, last_seen set to now (the visit that found it gone). A
// record already gone is left as it is. A later Put of the page makes it
// live again. It returns ErrNotFound for an unknown id or URL.
func (db *DB) MarkGone(ctx context.Context, idOrURL string, now time.Time) error {
	if now.IsZero() {
		now = time.Now()
	}
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		r, err := b.find(idOrURL)
		if err != nil {
			return err
		}
		if err := b.strikes.Delete([]byte(r.ID)); err != nil {
			return err
		}
		if r.Status == normalize.StatusGone {
			return nil
		}
		b.now = now
		r.Status = normalize.StatusGone
		r.LastSeen = timestamp(now)
		return b.putRecord(r)
	})
	if err != nil {
		return fmt.Errorf("mark gone %s: %w", idOrURL, err)
	}
	return nil
}
