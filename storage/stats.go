package storage

import (
	"context"
	"fmt"
	"net/url"

	bolt "go.etcd.io/bbolt"
)

// Stats counts what the archive holds.
type Stats struct {
	// Records is the number of records (articles).
	Records int `json:"records"`
	// ByStatus counts records by status (live, gone).
	ByStatus map[string]int `json:"by_status"`
	// BySite counts records by the host of their URL (host:port when the
	// port is not the default).
	BySite map[string]int `json:"by_site"`
	// Revisions is the number of earlier versions kept.
	Revisions int `json:"revisions"`
	// Aliases is the number of alias URLs over all records.
	Aliases int `json:"aliases"`
	// Merged is the number of URLs merged into a record because their
	// content was the same or nearly the same.
	Merged int `json:"merged"`
	// Pages is the number of raw pages stored.
	Pages int `json:"pages"`
	// Runs is the number of crawl and sync runs saved.
	Runs int `json:"runs"`
}

// Stats walks the archive in one read transaction and counts its contents.
func (db *DB) Stats(ctx context.Context) (Stats, error) {
	s := Stats{ByStatus: map[string]int{}, BySite: map[string]int{}}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		c := b.records.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			r, err := decodeRecord(v)
			if err != nil {
				return fmt.Errorf("record %s: %w", k, err)
			}
			s.Records++
			s.ByStatus[r.Status]++
			s.BySite[site(r.URL)]++
			s.Aliases += len(r.Aliases)
		}
		s.Revisions = b.revisions.Stats().KeyN
		s.Merged = b.links.Stats().KeyN
		s.Pages = b.pages.Stats().KeyN
		s.Runs = b.runs.Stats().KeyN
		return nil
	})
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	return s, nil
}

// site is the host (with a non-default port) of a record URL, or "" when
// it has none.
func site(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Host
}
