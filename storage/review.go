package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	bolt "go.etcd.io/bbolt"
)

// Reads for a reviewer of the archive (ingest serve): records in batches
// with their change stamps, the URLs merged as duplicates, and the runs.

// RecordsAfter calls fn for up to n records whose ids sort after the id
// after ("" starts at the beginning), in id order, inside one read
// transaction, with when each record last changed (its last_seen when the
// archive has no stamp; zero when neither parses). It returns the id of the
// last record it visited, or "" when there was none: pass it back as after
// for the next batch. Between batches the caller may close the archive, so
// that a writer can take it. An error from fn stops the walk and is
// returned as is.
func (db *DB) RecordsAfter(ctx context.Context, after string, n int, fn func(r normalize.Record, changed time.Time) error) (last string, err error) {
	var fnErr error
	err = db.view(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		c := b.records.Cursor()
		k, v := c.Seek([]byte(after))
		if k != nil && after != "" && string(k) == after {
			k, v = c.Next()
		}
		for i := 0; k != nil && i < n; k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			r, err := decodeRecord(v)
			if err != nil {
				return fmt.Errorf("record %s: %w", k, err)
			}
			stamp, ok := b.changedAt(k)
			if !ok {
				stamp, _ = parseDate(r.LastSeen)
			}
			last = string(k)
			i++
			if fnErr = fn(r, stamp); fnErr != nil {
				return fnErr
			}
		}
		return nil
	})
	if fnErr != nil {
		return "", fnErr
	}
	if err != nil {
		return "", fmt.Errorf("records: %w", err)
	}
	return last, nil
}

// MergedURL is a URL whose page was merged into a record because its
// content was the same (Kind "same") or nearly the same (Kind "near",
// Distance bits of simhash apart) as the record's.
type MergedURL struct {
	URL      string `json:"url"`
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	Distance int    `json:"distance"`
	// Linked is when the URL was merged, RFC 3339.
	Linked string `json:"linked"`
}

// MergedURLs calls fn for every URL merged into a record as a duplicate,
// in URL order, inside one read transaction. An error from fn stops the
// walk and is returned as is.
func (db *DB) MergedURLs(ctx context.Context, fn func(MergedURL) error) error {
	return db.walk(ctx, "merged urls", func(b *buckets) *bolt.Bucket { return b.links }, func(_ *buckets, k, v []byte, caller func(error) error) error {
		var l link
		if err := json.Unmarshal(v, &l); err != nil {
			return fmt.Errorf("link %s: %w: %v", k, ErrCorrupt, err)
		}
		return caller(fn(MergedURL{URL: string(k), ID: l.ID, Kind: l.Kind, Distance: l.Distance, Linked: l.Linked}))
	})
}

// Runs calls fn for every saved crawl and sync run, in id order, inside
// one read transaction. An error from fn stops the walk and is returned as
// is.
func (db *DB) Runs(ctx context.Context, fn func(Run) error) error {
	return db.walk(ctx, "runs", func(b *buckets) *bolt.Bucket { return b.runs }, func(_ *buckets, k, v []byte, caller func(error) error) error {
		var r Run
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("run %s: %w: %v", k, ErrCorrupt, err)
		}
		return caller(fn(r))
	})
}
