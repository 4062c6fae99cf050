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

// NotFoundStrikes is how many syncs in a row must find a record's URL 404
// Not Found before the record becomes a tombstone (status gone). A 410 Gone
// is enough at once.
const NotFoundStrikes = 2

// Source kinds stored by SaveSource besides the page types of normalize.
const (
	SourceSitemap = "sitemap"
	SourceFeed    = "feed"
)

// Source is a page that leads to articles, remembered so that a sync can
// look for new articles where the crawl found them: a seed, a sitemap, a
// feed, or a listing page.
type Source struct {
	// URL is the canonical URL.
	URL string `json:"url"`
	// Kind is "sitemap", "feed", or the page type of an HTML page
	// ("listing", "collection", or any type for a seed).
	Kind string `json:"kind"`
	// Seed is true for a URL a crawl started from. It defines the scope
	// of later syncs and, once set, stays set.
	Seed bool `json:"seed,omitempty"`
	// Depth is the fewest links followed from a seed to reach it.
	Depth int `json:"depth"`
	// ETag and LastModified are the validators it was last served with.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// FirstSeen and LastSeen are RFC 3339 times (UTC): when it was first
	// and last fetched (a 304 counts).
	FirstSeen string `json:"first_seen"`
	LastSeen  string `json:"last_seen"`
}

// strike is a strikes value: how many syncs in a row found the record's
// URL 404, and when the last one did.
type strike struct {
	Count int    `json:"count"`
	Last  string `json:"last"`
}

// SaveSource records a source page seen at now. For a URL already known,
// Kind and the validators are replaced, Seed stays set once set, Depth
// keeps the smaller value and FirstSeen is kept.
func (db *DB) SaveSource(ctx context.Context, s Source, now time.Time) error {
	u, err := normalize.CanonicalURL(s.URL)
	if err != nil {
		return fmt.Errorf("save source %q: %w: %v", s.URL, ErrInvalidRecord, err)
	}
	s.URL = u
	if now.IsZero() {
		now = time.Now()
	}
	err = db.update(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		s.FirstSeen = timestamp(now)
		if old, ok := b.source(u); ok {
			s.Seed = s.Seed || old.Seed
			s.Depth = min(s.Depth, old.Depth)
			if old.FirstSeen != "" {
				s.FirstSeen = old.FirstSeen
			}
		}
		s.LastSeen = timestamp(now)
		return b.putSource(s)
	})
	if err != nil {
		return fmt.Errorf("save source %s: %w", u, err)
	}
	return nil
}

// Sources calls fn for every source, in URL order, inside one read
// transaction. fn must not write to db.
func (db *DB) Sources(ctx context.Context, fn func(Source) error) error {
	return db.walk(ctx, "sources", func(b *buckets) *bolt.Bucket { return b.sources },
		func(_ *buckets, k, v []byte, caller func(error) error) error {
			var s Source
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("%w: source %s: %v", ErrCorrupt, k, err)
			}
			return caller(fn(s))
		})
}

func (b *buckets) source(u string) (Source, bool) {
	v := b.sources.Get([]byte(u))
	if v == nil {
		return Source{}, false
	}
	var s Source
	if err := json.Unmarshal(v, &s); err != nil {
		return Source{}, false
	}
	return s, true
}

func (b *buckets) putSource(s Source) error {
	v, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encode source: %w", err)
	}
	return b.sources.Put([]byte(s.URL), v)
}

// Known is what the archive holds about a URL that a sync fetches again.
type Known struct {
	// Record is the id of the record whose own URL this is, or "".
	Record string
	// Status is that record's status.
	Status string
	// Source is true when the URL is a recorded source page.
	Source bool
	// ETag and LastModified are the validators of the stored raw page (of
	// the record, else of the source), for a conditional request.
	ETag         string
	LastModified string
}

// Known reports what the archive knows of url: a record whose own URL it
// is, or a source page. ok is false for any other URL, aliases and URLs
// merged as duplicates included, so that a revisit of those never touches
// the record they lead to.
func (db *DB) Known(ctx context.Context, url string) (k Known, ok bool, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		if id, r, found, err := b.ownRecord(url); err != nil {
			return err
		} else if found {
			ok = true
			k.Record, k.Status = id, r.Status
			if v := b.pages.Get([]byte(r.URL)); v != nil {
				if head, err := decodePageHead(v); err == nil {
					k.ETag, k.LastModified = head.ETag, head.LastModified
				}
			}
		}
		if s, found := b.source(url); found {
			ok = true
			k.Source = true
			if k.Record == "" {
				k.ETag, k.LastModified = s.ETag, s.LastModified
			}
		}
		return nil
	})
	if err != nil {
		return Known{}, false, fmt.Errorf("known %s: %w", url, err)
	}
	return k, ok, nil
}

// ownRecord finds the record whose own URL is u (not an alias of it).
func (b *buckets) ownRecord(u string) (string, normalize.Record, bool, error) {
	id := b.urls.Get([]byte(u))
	if id == nil {
		return "", normalize.Record{}, false, nil
	}
	r, ok, err := b.record(string(id))
	if err != nil || !ok || r.URL != u {
		return "", normalize.Record{}, false, err
	}
	return r.ID, r, true, nil
}

// Seen records that url answered 304 Not Modified at now: the record whose
// own URL it is gets last_seen = now and its 404 strikes cleared, and a
// source page its last_seen; nothing else changes. It returns ErrNotFound
// when url is neither.
func (db *DB) Seen(ctx context.Context, url string, now time.Time) error {
	if now.IsZero() {
		now = time.Now()
	}
	err := db.update(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		b.now = now
		found := false
		if id, r, ok, err := b.ownRecord(url); err != nil {
			return err
		} else if ok {
			found = true
			r.LastSeen = timestamp(now)
			if err := b.putRecord(r); err != nil {
				return err
			}
			if err := b.strikes.Delete([]byte(id)); err != nil {
				return err
			}
		}
		if s, ok := b.source(url); ok {
			found = true
			s.LastSeen = timestamp(now)
			if err := b.putSource(s); err != nil {
				return err
			}
		}
		if !found {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("seen %s: %w", url, err)
	}
	return nil
}

// Verification says when the site last answered for what the archive
// holds of a record's own URL; see LastVerified.
type Verification struct {
	// Fetched is when the stored raw page of the URL was fetched (its last
	// 200); zero when there is none or it carries no time.
	Fetched time.Time
	// Verified is the later of Fetched and the record's last_seen, which a
	// 200 sets and a 304 Not Modified moves (see Seen): when the site last
	// confirmed the stored version. A visit to one of the record's aliases,
	// or to a URL merged into it as a duplicate, moves last_seen too and so
	// counts as well. Zero when neither is known.
	Verified time.Time
	// Strikes is how many syncs in a row found the URL 404 (see NotFound).
	Strikes int
}

// LastVerified reports when the record whose own URL is url was last
// verified, for a sync to decide whether to ask for it again. ok is false
// for any other URL, as for Known. It reads the page's head, not its body.
func (db *DB) LastVerified(ctx context.Context, url string) (v Verification, ok bool, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		id, r, found, err := b.ownRecord(url)
		if err != nil || !found {
			return err
		}
		ok = true
		if raw := b.pages.Get([]byte(r.URL)); raw != nil {
			head, err := decodePageHead(raw)
			if err != nil {
				return err
			}
			if head.FetchedAt != "" {
				if v.Fetched, err = time.Parse(time.RFC3339Nano, head.FetchedAt); err != nil {
					return fmt.Errorf("%w: page %s: fetched_at: %v", ErrCorrupt, r.URL, err)
				}
			}
		}
		v.Verified = v.Fetched
		if seen, err := time.Parse(time.RFC3339, r.LastSeen); err == nil && seen.After(v.Verified) {
			v.Verified = seen
		}
		if raw := b.strikes.Get([]byte(id)); raw != nil {
			var s strike
			if json.Unmarshal(raw, &s) == nil {
				v.Strikes = s.Count
			}
		}
		return nil
	})
	if err != nil {
		return Verification{}, false, fmt.Errorf("last verified %s: %w", url, err)
	}
	return v, ok, nil
}

// NotFound records that the record whose own URL is url answered 404 Not
// Found at a sync at now. It returns the number of syncs in a row that
// found it missing; at NotFoundStrikes the record becomes a tombstone
// (status gone, last_seen = now) and gone is true. A Put of the page or a
// Seen in between starts the count again. A record already gone stays
// gone. It returns ErrNotFound when url is not a record's own URL.
func (db *DB) NotFound(ctx context.Context, url string, now time.Time) (strikes int, gone bool, err error) {
	if now.IsZero() {
		now = time.Now()
	}
	err = db.update(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		b.now = now
		id, r, ok, err := b.ownRecord(url)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotFound
		}
		if r.Status == normalize.StatusGone {
			gone = true
			return b.strikes.Delete([]byte(id))
		}
		var s strike
		if v := b.strikes.Get([]byte(id)); v != nil {
			_ = json.Unmarshal(v, &s) // a damaged count starts again
		}
		s.Count++
		s.Last = timestamp(now)
		strikes = s.Count
		if s.Count >= NotFoundStrikes {
			gone = true
			r.Status = normalize.StatusGone
			r.LastSeen = timestamp(now)
			if err := b.putRecord(r); err != nil {
				return err
			}
			return b.strikes.Delete([]byte(id))
		}
		v, err := json.Marshal(s)
		if err != nil {
			return err
		}
		return b.strikes.Put([]byte(id), v)
	})
	if err != nil {
		return 0, false, fmt.Errorf("not found %s: %w", url, err)
	}
	return strikes, gone, nil
}

// Strikes returns how many syncs in a row found the record's URL 404 (0
// when none). idOrURL is resolved as by Get.
func (db *DB) Strikes(ctx context.Context, idOrURL string) (int, error) {
	n := 0
	err := db.view(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		id := b.resolve(idOrURL)
		if id == "" {
			return ErrNotFound
		}
		if v := b.strikes.Get([]byte(id)); v != nil {
			var s strike
			if err := json.Unmarshal(v, &s); err == nil {
				n = s.Count
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("strikes %s: %w", idOrURL, err)
	}
	return n, nil
}

// RevisitURLs calls fn with the URL of every live record, in id order,
// inside one read transaction: what a sync fetches again. fn must not
// write to db.
func (db *DB) RevisitURLs(ctx context.Context, fn func(url string) error) error {
	return db.walk(ctx, "revisit urls", recordsBucket, func(_ *buckets, k, v []byte, caller func(error) error) error {
		var r struct {
			URL    string `json:"url"`
			Status string `json:"status"`
		}
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("%w: record %s: %v", ErrCorrupt, k, err)
		}
		if r.Status == normalize.StatusGone || r.URL == "" {
			return nil
		}
		return caller(fn(r.URL))
	})
}

// decodePageHead reads the JSON head of a pages value without
// decompressing the body.
func decodePageHead(v []byte) (pageMeta, error) {
	n, k := binary.Uvarint(v)
	if k <= 0 || uint64(len(v)-k) < n {
		return pageMeta{}, fmt.Errorf("%w: bad page header", ErrCorrupt)
	}
	var meta pageMeta
	if err := json.Unmarshal(v[k:k+int(n)], &meta); err != nil {
		return pageMeta{}, fmt.Errorf("%w: bad page header: %v", ErrCorrupt, err)
	}
	return meta, nil
}
