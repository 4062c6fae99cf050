package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	bolt "go.etcd.io/bbolt"
)

// SiteModel is a learned site model as stored, with when and from how many
// pages it was learned.
type SiteModel struct {
	Host      string              `json:"host"`
	LearnedAt time.Time           `json:"learned_at"`
	Pages     int                 `json:"pages"`
	Rules     normalize.SiteRules `json:"rules"`
}

// factsKey is host, 0x00, URL: the facts of one site sort together.
func factsKey(pageURL string) ([]byte, error) {
	u, err := url.Parse(pageURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("facts of %q: %w", pageURL, ErrInvalidRecord)
	}
	return []byte(strings.ToLower(u.Hostname()) + "\x00" + pageURL), nil
}

// putFacts stores the facts of one page in the open transaction.
func putFacts(tx *bolt.Tx, f *normalize.Facts) error {
	if f == nil {
		return nil
	}
	b := tx.Bucket(bucketFacts)
	if b == nil {
		return fmt.Errorf("%w: missing bucket facts", ErrCorrupt)
	}
	k, err := factsKey(f.URL)
	if err != nil {
		return err
	}
	v, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("encode facts of %s: %w", f.URL, err)
	}
	return b.Put(k, v)
}

// PutOther keeps a page that is not an article: its facts, and its raw
// bytes so that a site model that learns otherwise can make it one without
// fetching it again.
func (db *DB) PutOther(ctx context.Context, pageURL string, raw Raw, f *normalize.Facts) error {
	page, err := encodePage(pageURL, raw)
	if err != nil {
		return err
	}
	err = db.update(ctx, func(tx *bolt.Tx) error {
		if err := putFacts(tx, f); err != nil {
			return err
		}
		others := tx.Bucket(bucketOthers)
		if others == nil {
			return fmt.Errorf("%w: missing bucket others", ErrCorrupt)
		}
		return others.Put([]byte(pageURL), page)
	})
	if err != nil {
		return fmt.Errorf("put other page %s: %w", pageURL, err)
	}
	return nil
}

// PutFacts stores the facts of pages, in one transaction.
func (db *DB) PutFacts(ctx context.Context, fs []*normalize.Facts) error {
	err := db.update(ctx, func(tx *bolt.Tx) error {
		for _, f := range fs {
			if err := putFacts(tx, f); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("put facts: %w", err)
	}
	return nil
}

// EachFacts calls fn with the facts of every page of host, in URL order,
// from one read transaction: memory stays flat whatever the site's size.
func (db *DB) EachFacts(ctx context.Context, host string, fn func(*normalize.Facts) error) error {
	prefix := []byte(strings.ToLower(host) + "\x00")
	return db.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketFacts)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var f normalize.Facts
			if err := json.Unmarshal(v, &f); err != nil {
				return fmt.Errorf("%w: facts %q: %v", ErrCorrupt, k, err)
			}
			if err := fn(&f); err != nil {
				return err
			}
		}
		return nil
	})
}

// FactHosts lists the hosts that have facts, in order.
func (db *DB) FactHosts(ctx context.Context) ([]string, error) {
	var hosts []string
	err := db.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketFacts)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, _ := c.First(); k != nil; {
			i := bytes.IndexByte(k, 0)
			if i < 0 {
				k, _ = c.Next()
				continue
			}
			host := string(k[:i])
			hosts = append(hosts, host)
			k, _ = c.Seek([]byte(host + "\x01"))
		}
		return nil
	})
	return hosts, err
}

// OtherPage returns the raw page kept for a URL that is not an article.
func (db *DB) OtherPage(ctx context.Context, pageURL string) (StoredPage, error) {
	var p StoredPage
	err := db.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOthers)
		if b == nil {
			return ErrNotFound
		}
		v := b.Get([]byte(pageURL))
		if v == nil {
			return ErrNotFound
		}
		var err error
		p, err = decodePage(v)
		return err
	})
	if err != nil {
		return StoredPage{}, fmt.Errorf("other page %s: %w", pageURL, err)
	}
	return p, nil
}

// PutSiteModel stores the model of a site, replacing the one before.
func (db *DB) PutSiteModel(ctx context.Context, m SiteModel) error {
	v, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode site model %s: %w", m.Host, err)
	}
	err = db.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSites)
		if b == nil {
			return fmt.Errorf("%w: missing bucket sites", ErrCorrupt)
		}
		return b.Put([]byte(strings.ToLower(m.Host)), v)
	})
	if err != nil {
		return fmt.Errorf("put site model %s: %w", m.Host, err)
	}
	return nil
}

// SiteModels returns every stored site model, by host.
func (db *DB) SiteModels(ctx context.Context) ([]SiteModel, error) {
	var out []SiteModel
	err := db.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSites)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var m SiteModel
			if err := json.Unmarshal(v, &m); err != nil {
				return fmt.Errorf("%w: site model %q: %v", ErrCorrupt, k, err)
			}
			out = append(out, m)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("site models: %w", err)
	}
	slices.SortFunc(out, func(a, b SiteModel) int { return strings.Compare(a.Host, b.Host) })
	return out, nil
}

// Demote removes a record that its site model says is not an article: the
// record, its revisions and index entries go, and its raw page is kept
// with the other pages, so that a later model can bring it back.
func (db *DB) Demote(ctx context.Context, id string) error {
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		r, ok, err := b.record(id)
		if err != nil || !ok {
			return err
		}
		others := tx.Bucket(bucketOthers)
		if others == nil {
			return fmt.Errorf("%w: missing bucket others", ErrCorrupt)
		}
		if v := b.pages.Get([]byte(r.URL)); v != nil {
			if err := others.Put([]byte(r.URL), bytes.Clone(v)); err != nil {
				return err
			}
			if err := b.pages.Delete([]byte(r.URL)); err != nil {
				return err
			}
		}
		for _, u := range append([]string{r.URL}, r.Aliases...) {
			if string(b.urls.Get([]byte(u))) == id {
				if err := b.urls.Delete([]byte(u)); err != nil {
					return err
				}
			}
		}
		if string(b.hashes.Get([]byte(r.ContentHash))) == id {
			if err := b.hashes.Delete([]byte(r.ContentHash)); err != nil {
				return err
			}
		}
		if err := unindexSimhash(b.simhash, id); err != nil {
			return err
		}
		prefix := append([]byte(id), 0)
		c := b.revisions.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Seek(prefix) {
			if err := b.revisions.Delete(k); err != nil {
				return err
			}
		}
		for _, bk := range []*bolt.Bucket{b.strikes, b.changed, b.records} {
			if err := bk.Delete([]byte(id)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("demote %s: %w", id, err)
	}
	return nil
}

// dropOther forgets the kept raw page of a URL that became an article.
func dropOther(tx *bolt.Tx, pageURL string) error {
	if b := tx.Bucket(bucketOthers); b != nil {
		return b.Delete([]byte(pageURL))
	}
	return nil
}
