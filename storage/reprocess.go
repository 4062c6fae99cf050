package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	bolt "go.etcd.io/bbolt"
)

// RebuildOutcome says what Rebuild did with one record.
type RebuildOutcome int

// Rebuild outcomes.
const (
	// RebuildSame: the extraction gave the record as stored.
	RebuildSame RebuildOutcome = iota + 1
	// RebuildRefreshed: the text is the same; metadata (title, authors,
	// dates, Markdown, …) changed in place, revision unchanged.
	RebuildRefreshed
	// RebuildRevised: the text changed; the old version was kept as a
	// revision and the revision number went up.
	RebuildRevised
	// RebuildMissing: the archive has no record with that id.
	RebuildMissing
)

func (o RebuildOutcome) String() string {
	switch o {
	case RebuildSame:
		return "same"
	case RebuildRefreshed:
		return "refreshed"
	case RebuildRevised:
		return "revised"
	case RebuildMissing:
		return "missing"
	}
	return fmt.Sprintf("rebuild(%d)", int(o))
}

// RecordIDs returns up to n record ids that sort after the id after (""
// starts at the beginning), in id order: a way to walk the archive in
// batches while writing to it between batches.
func (db *DB) RecordIDs(ctx context.Context, after string, n int) ([]string, error) {
	var ids []string
	err := db.view(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		c := b.records.Cursor()
		k, _ := c.Seek([]byte(after))
		if k != nil && after != "" && string(k) == after {
			k, _ = c.Next()
		}
		for ; k != nil && len(ids) < n; k, _ = c.Next() {
			ids = append(ids, string(k))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("record ids: %w", err)
	}
	return ids, nil
}

// Rebuild replaces the content of existing records with a new extraction
// of their stored raw pages, all in one transaction. Each element of recs
// names its record by ID and carries the extracted fields (title, authors,
// dates, language, site name, description, tags, Markdown, text). What a
// visit decides is kept: URL, aliases, status, first_seen and last_seen.
// Revisions follow the rules of Put: a changed text keeps the old version
// as a revision and counts up; the same text refreshes the metadata in
// place. Content links and merges are not revisited. The result holds one
// outcome per element of recs, in order.
func (db *DB) Rebuild(ctx context.Context, recs []normalize.Record, now time.Time) ([]RebuildOutcome, error) {
	if now.IsZero() {
		now = time.Now()
	}
	outs := make([]RebuildOutcome, len(recs))
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		b.now = now
		for i, rec := range recs {
			if err := ctx.Err(); err != nil {
				return err
			}
			outs[i], err = b.rebuild(rec, now)
			if err != nil {
				return fmt.Errorf("record %s: %w", rec.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("rebuild: %w", err)
	}
	return outs, nil
}

func (b *buckets) rebuild(rec normalize.Record, now time.Time) (RebuildOutcome, error) {
	existing, ok, err := b.record(rec.ID)
	if err != nil {
		return 0, err
	}
	if !ok {
		return RebuildMissing, nil
	}
	r := rec
	r.ID = existing.ID
	r.URL = existing.URL
	r.Aliases = existing.Aliases
	r.Status = existing.Status
	r.FirstSeen = existing.FirstSeen
	r.LastSeen = existing.LastSeen
	r.Revision = existing.Revision
	r.ContentHash = normalize.ContentHash(r.Text)
	fillSlices(&r)

	out := RebuildSame
	if r.ContentHash != existing.ContentHash {
		out = RebuildRevised
		r.Revision = existing.Revision + 1
		old, err := encodeRecord(existing)
		if err != nil {
			return 0, err
		}
		if err := b.revisions.Put(revisionKey(existing.ID, existing.Revision), old); err != nil {
			return 0, err
		}
		p := &put{b: b, rec: r, now: timestamp(now)}
		if ws := words(r.Text); len(ws) >= minDedupWords {
			p.dedup = true
			p.fp = simhash(ws)
		}
		if err := p.index(r, existing.ContentHash); err != nil {
			return 0, err
		}
	}
	v, err := encodeRecord(r)
	if err != nil {
		return 0, err
	}
	if out == RebuildSame {
		if changed, err := b.differs(r, v); err != nil {
			return 0, err
		} else if changed {
			out = RebuildRefreshed
		}
	}
	return out, b.putRecord(r)
}
