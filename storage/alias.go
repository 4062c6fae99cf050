package storage

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/ingest-archive/ingest/normalize"
)

// AddAlias records that the URLs in aliases are other addresses of the
// record at target: a print view or a stub that names the article as its
// rel=canonical without being an article itself. It reports false, and
// changes nothing, when no record answers to target yet. Aliases that
// already belong to another record are left alone.
func (db *DB) AddAlias(ctx context.Context, target string, aliases []string) (bool, error) {
	t, err := normalize.CanonicalURL(target)
	if err != nil {
		return false, fmt.Errorf("add alias to %q: %w", target, err)
	}
	var urls []string
	for _, a := range aliases {
		if c, err := normalize.CanonicalURL(a); err == nil && c != t {
			urls = append(urls, c)
		}
	}
	found := false
	err = db.update(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		id, _ := b.lookup([]string{t})
		if id == "" {
			return nil
		}
		r, ok, err := b.record(id)
		if err != nil || !ok {
			return err
		}
		found = true
		before := len(r.Aliases)
		if err := b.addAliases(&r, urls); err != nil {
			return err
		}
		if len(r.Aliases) == before {
			return nil
		}
		return b.putRecord(r)
	})
	if err != nil {
		return false, fmt.Errorf("add alias to %s: %w", t, err)
	}
	return found, nil
}
