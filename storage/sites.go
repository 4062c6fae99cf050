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

// encodedFacts are a page's facts made ready for the facts bucket outside
// the write transaction, which the archive's one writer holds.
type encodedFacts struct {
	key, value []byte
}

// encodeFacts encodes f, or returns nil for no facts.
func encodeFacts(f *normalize.Facts) (*encodedFacts, error) {
	if f == nil {
		return nil, nil
	}
	k, err := factsKey(f.URL)
	if err != nil {
		return nil, err
	}
	v, err := json.Marshal(f)
	if err != nil {
		return nil, fmt.Errorf("encode facts of %s: %w", f.URL, err)
	}
	return &encodedFacts{k, v}, nil
}

// putFacts stores encoded facts in the open transaction. Unless replace is
// set, facts already stored for the URL stay: an article's facts are not
// replaced by those of a copy of it (a forwarding stub, a URL variant)
// that names it as canonical.
func putFacts(tx *bolt.Tx, f *encodedFacts, replace bool) error {
	if f == nil {
		return nil
	}
	b := tx.Bucket(bucketFacts)
	if b == nil {
		return fmt.Errorf("%w: missing bucket facts", ErrCorrupt)
	}
	if !replace && b.Get(f.key) != nil {
		return nil
	}
	return b.Put(f.key, f.value)
}

// PutOther keeps a page that is not an article: its raw bytes under the
// URL it was fetched from, so that a site model that learns otherwise can
// make it one without fetching it again, and its facts, unless facts are
// stored for their URL already.
func (db *DB) PutOther(ctx context.Context, pageURL string, raw Raw, f *normalize.Facts) error {
	w, err := PrepareOther(pageURL, raw, f)
	if err != nil {
		return err
	}
	_, errs, err := db.Commit(ctx, []*Write{w})
	if err != nil {
		return fmt.Errorf("put other page %s: %w", pageURL, err)
	}
	return errs[0]
}

// PrepareOther does the costly part of a PutOther (compression, encoding)
// for DB.Commit. It is safe to call from many goroutines at once.
func PrepareOther(pageURL string, raw Raw, f *normalize.Facts) (*Write, error) {
	page, err := encodePage(pageURL, raw)
	if err != nil {
		return nil, fmt.Errorf("put other page %s: %w", pageURL, err)
	}
	ef, err := encodeFacts(f)
	if err != nil {
		return nil, fmt.Errorf("put other page %s: %w", pageURL, err)
	}
	return &Write{url: pageURL, other: page, facts: ef, size: len(page)}, nil
}

// applyOther stores a prepared PutOther in tx.
func applyOther(tx *bolt.Tx, pageURL string, page []byte, facts *encodedFacts) error {
	if err := putFacts(tx, facts, false); err != nil {
		return err
	}
	others := tx.Bucket(bucketOthers)
	if others == nil {
		return fmt.Errorf("%w: missing bucket others", ErrCorrupt)
	}
	return others.Put([]byte(pageURL), page)
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
		n := 0
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			if n++; n%scanTrimEvery == 0 {
				trimMapped(db.bolt, tx) // memory stays flat on a large site
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

// OwnPage returns the raw page stored under exactly this URL: an
// article's page, or one kept for a page that is not an article. Unlike
// RawPage it does not resolve the URL to its record: an alias without a
// page of its own has none.
func (db *DB) OwnPage(ctx context.Context, pageURL string) (StoredPage, error) {
	var p StoredPage
	err := db.view(ctx, func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketPages).Get([]byte(pageURL))
		if v == nil {
			if b := tx.Bucket(bucketOthers); b != nil {
				v = b.Get([]byte(pageURL))
			}
		}
		if v == nil {
			return ErrNotFound
		}
		var err error
		p, err = decodePage(v)
		return err
	})
	if err != nil {
		return StoredPage{}, fmt.Errorf("own page %s: %w", pageURL, err)
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
// with the other pages, so that a later model can bring it back. It
// returns the aliases that have a raw page of their own: pages that were
// merged into the record as duplicates, which may be articles themselves
// (a post merged into a tag page that printed it whole).
func (db *DB) Demote(ctx context.Context, id string) ([]string, error) {
	var merged []string
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
			if l, ok := b.link(u); ok && l.ID == id {
				if err := b.links.Delete([]byte(u)); err != nil {
					return err
				}
			}
			if u != r.URL && b.pages.Get([]byte(u)) != nil {
				merged = append(merged, u)
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
		return nil, fmt.Errorf("demote %s: %w", id, err)
	}
	return merged, nil
}

// dropOther forgets the kept raw page of a URL that became an article.
func dropOther(tx *bolt.Tx, pageURL string) error {
	if b := tx.Bucket(bucketOthers); b != nil {
		return b.Delete([]byte(pageURL))
	}
	return nil
}

// Unmerge takes a URL that was merged into a record as a duplicate of its
// text back out of it: a listing that printed the article whole is not
// another address of it. The URL stops being an alias and its raw page is
// kept with the other pages. It reports false, and changes nothing, when
// the URL was not merged by content (a redirect, or the record's own URL).
func (db *DB) Unmerge(ctx context.Context, pageURL string) (bool, error) {
	done := false
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		l, ok := b.link(pageURL)
		if !ok {
			return nil
		}
		r, ok, err := b.record(l.ID)
		if err != nil || !ok || r.URL == pageURL {
			return err
		}
		if err := b.detach(&r, []string{pageURL}); err != nil {
			return err
		}
		if err := b.putRecord(r); err != nil {
			return err
		}
		if v := b.pages.Get([]byte(pageURL)); v != nil {
			others := tx.Bucket(bucketOthers)
			if others == nil {
				return fmt.Errorf("%w: missing bucket others", ErrCorrupt)
			}
			if err := others.Put([]byte(pageURL), bytes.Clone(v)); err != nil {
				return err
			}
			if err := b.pages.Delete([]byte(pageURL)); err != nil {
				return err
			}
		}
		done = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("unmerge %s: %w", pageURL, err)
	}
	return done, nil
}
