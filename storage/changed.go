package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	bolt "go.etcd.io/bbolt"
)

// changedStamp formats a changed bucket value.
func changedStamp(t time.Time) string {
	return t.UTC().Format(time.RFC3339Nano)
}

// changedAt reads the changed stamp of record id; ok is false when there
// is none.
func (b *buckets) changedAt(id []byte) (time.Time, bool) {
	v := b.changed.Get(id)
	if v == nil {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, string(v))
	return t, err == nil
}

// ChangedAt returns when the record last changed in anything but
// last_seen: stored, given a new revision, its metadata, aliases or status
// changed. idOrURL is resolved as by Get.
func (db *DB) ChangedAt(ctx context.Context, idOrURL string) (time.Time, error) {
	var t time.Time
	err := db.view(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		id := b.resolve(idOrURL)
		if id == "" {
			return ErrNotFound
		}
		t, _ = b.changedAt([]byte(id))
		return nil
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("changed at %s: %w", idOrURL, err)
	}
	return t, nil
}

// recordsChangedSince is Records limited to records changed at or after
// since. A record without a stamp counts as changed at its last_seen.
func (db *DB) recordsChangedSince(ctx context.Context, since time.Time, fn func(normalize.Record) error) error {
	return db.walk(ctx, "records", recordsBucket, func(b *buckets, k, v []byte, caller func(error) error) error {
		stamp, stamped := b.changedAt(k)
		if stamped && stamp.Before(since) {
			return nil
		}
		r, err := decodeRecord(v)
		if err != nil {
			return fmt.Errorf("record %s: %w", k, err)
		}
		if !stamped {
			if t, ok := parseDate(r.LastSeen); ok && t.Before(since) {
				return nil
			}
		}
		return caller(fn(r))
	})
}
