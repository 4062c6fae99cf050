package storage

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	bolt "go.etcd.io/bbolt"
)

// Outcome says what Put did with a page.
type Outcome int

// Put outcomes.
const (
	// Stored: a new record, revision 1.
	Stored Outcome = iota + 1
	// Updated: the record's content changed; the old version was kept as
	// a revision and the revision number went up.
	Updated
	// Unchanged: the record's content is the same. last_seen moved, new
	// aliases were added and the metadata refreshed.
	Unchanged
	// Merged: the page duplicates another record (the same content hash,
	// or a near-duplicate text); its URL became an alias of that record.
	Merged
)

func (o Outcome) String() string {
	switch o {
	case Stored:
		return "stored"
	case Updated:
		return "updated"
	case Unchanged:
		return "unchanged"
	case Merged:
		return "merged"
	}
	return fmt.Sprintf("outcome(%d)", int(o))
}

// PutInput is one extracted article and the page it came from.
type PutInput struct {
	// Record is the extracted record. URL is the page's canonical URL and
	// Aliases the other URLs that led to it (redirects, the fetched URL
	// when it differs). ID, Status, Revision, FirstSeen and LastSeen are
	// set by Put; ContentHash is computed from Text when empty.
	Record normalize.Record
	// Raw is the page as fetched. It is stored compressed; a zero Raw
	// stores nothing.
	Raw Raw
	// Now is the time of the visit; zero means time.Now().
	Now time.Time
	// Facts are the page's observations for the site model; nil stores
	// none.
	Facts *normalize.Facts
}

// Put stores one article in a single transaction, deduplicating it against
// the archive (see the package documentation for the rules), and reports
// what it did. It is safe for concurrent use; writes are serialised. To
// store many pages in one commit, see PreparePut and DB.Commit.
func (db *DB) Put(ctx context.Context, in PutInput) (Outcome, error) {
	w, err := PreparePut(in)
	if err != nil {
		return 0, err
	}
	outs, errs, err := db.Commit(ctx, []*Write{w})
	if err != nil {
		return 0, fmt.Errorf("put %s: %w", w.URL(), err)
	}
	return outs[0], errs[0]
}

// PreparePut does the costly part of a Put that needs no transaction:
// URL checks, content hash, fingerprint, compression of the raw page and
// encoding of the facts. It is safe to call from many goroutines at once.
func PreparePut(in PutInput) (*Write, error) {
	urls, err := canonicalURLs(in.Record)
	if err != nil {
		return nil, fmt.Errorf("put %q: %w", in.Record.URL, err)
	}
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	p := &put{
		rec:  in.Record,
		urls: urls,
		raw:  in.Raw,
		now:  timestamp(now),
	}
	p.rec.URL = urls[0]
	if p.rec.ContentHash == "" {
		p.rec.ContentHash = normalize.ContentHash(p.rec.Text)
	}
	if !p.raw.empty() {
		if p.page, err = encodePage(p.rec.URL, p.raw); err != nil {
			return nil, fmt.Errorf("put %s: %w", p.rec.URL, err)
		}
	}
	facts, err := encodeFacts(in.Facts)
	if err != nil {
		return nil, fmt.Errorf("put %s: %w", p.rec.URL, err)
	}
	ws := words(p.rec.Text)
	if len(ws) >= minDedupWords {
		p.dedup = true
		p.fp = simhash(ws)
	}
	return &Write{url: p.rec.URL, at: now, put: p, facts: facts, size: len(p.page) + len(p.rec.Markdown) + len(p.rec.Text)}, nil
}

// apply runs a prepared Put in tx. It changes nothing in p that a second
// run in another transaction would see.
func (p *put) apply(tx *bolt.Tx, now time.Time, facts *encodedFacts) (Outcome, error) {
	b, err := open(tx)
	if err != nil {
		return 0, err
	}
	b.now = now
	p.b = b
	defer func() { p.b = nil }()
	out, err := p.run()
	if err != nil {
		return 0, err
	}
	if err := putFacts(tx, facts, true); err != nil {
		return 0, err
	}
	for _, u := range p.urls {
		if err := dropOther(tx, u); err != nil {
			return 0, err
		}
	}
	return out, nil
}

// put is the state of one Put inside its transaction.
type put struct {
	b     *buckets
	rec   normalize.Record
	urls  []string // rec.URL first, then its aliases, canonical
	raw   Raw
	page  []byte // raw, encoded for the pages bucket; nil when there is none
	now   string
	dedup bool   // the text is long enough for content dedup
	fp    uint64 // simhash of the text when dedup
}

func (p *put) run() (Outcome, error) {
	if id, matched := p.b.lookup(p.urls); id != "" {
		existing, ok, err := p.b.record(id)
		if err != nil {
			return 0, err
		}
		if ok {
			l, linked := p.b.link(matched)
			if !linked || l.ID != id || sameURL(matched, existing.URL) {
				return p.update(existing)
			}
			if out, ok, err := p.relink(existing, l); ok || err != nil {
				return out, err
			}
		}
	}
	if p.dedup {
		if v := p.b.hashes.Get([]byte(p.rec.ContentHash)); v != nil {
			if existing, ok, err := p.b.record(string(v)); err != nil {
				return 0, err
			} else if ok {
				return Merged, p.merge(existing, linkSame, 0)
			}
		}
		if id := nearest(p.b.simhash, p.fp); id != "" {
			existing, ok, err := p.b.record(id)
			if err != nil {
				return 0, err
			}
			if ok {
				return Merged, p.merge(existing, linkNear, hamming(p.fp, p.fingerprint(existing)))
			}
		}
	}
	return p.store()
}

// fingerprint returns the simhash indexed for r, or one computed from its
// text.
func (p *put) fingerprint(r normalize.Record) uint64 {
	if v := p.b.simhash.Get(fingerprintKey(r.ID)); len(v) == 8 {
		return binary.BigEndian.Uint64(v)
	}
	return simhash(words(r.Text))
}

// store adds a new record.
func (p *put) store() (Outcome, error) {
	r := p.rec
	r.ID = normalize.RecordID(r.URL)
	if existing, ok, err := p.b.record(r.ID); err != nil {
		return 0, err
	} else if ok {
		// The id is taken although no URL led to it: the index lost the
		// URL. Treat the page as a visit to that record.
		return p.update(existing)
	}
	r.Revision = 1
	r.Status = normalize.StatusLive
	r.FirstSeen = p.now
	r.LastSeen = p.now
	r.Aliases = nil
	if err := p.b.urls.Put([]byte(r.URL), []byte(r.ID)); err != nil {
		return 0, err
	}
	if err := p.b.addAliases(&r, p.urls[1:]); err != nil {
		return 0, err
	}
	if err := p.index(r, ""); err != nil {
		return 0, err
	}
	if err := p.b.putRecord(r); err != nil {
		return 0, err
	}
	return Stored, p.b.putPage(r.URL, p.page)
}

// update applies a visit to a record found by URL.
func (p *put) update(existing normalize.Record) (Outcome, error) {
	r := p.rec
	r.ID = existing.ID
	r.URL = existing.URL
	r.FirstSeen = existing.FirstSeen
	r.LastSeen = p.now
	r.Status = normalize.StatusLive
	r.Aliases = existing.Aliases
	// A page served again ends any run of 404s.
	if err := p.b.strikes.Delete([]byte(existing.ID)); err != nil {
		return 0, err
	}
	// The page names these URLs itself, so they are aliases now, not
	// content links that a later visit might undo.
	for _, u := range p.urls {
		if l, ok := p.b.link(u); ok && l.ID == existing.ID {
			if err := p.b.links.Delete([]byte(u)); err != nil {
				return 0, err
			}
		}
	}
	if err := p.b.addAliases(&r, p.urls); err != nil {
		return 0, err
	}

	out := Unchanged
	r.Revision = existing.Revision
	if existing.ContentHash != r.ContentHash {
		out = Updated
		r.Revision = existing.Revision + 1
		old, err := encodeRecord(existing)
		if err != nil {
			return 0, err
		}
		if err := p.b.revisions.Put(revisionKey(existing.ID, existing.Revision), old); err != nil {
			return 0, err
		}
		if err := p.index(r, existing.ContentHash); err != nil {
			return 0, err
		}
	}
	if err := p.b.putRecord(r); err != nil {
		return 0, err
	}
	// The bytes are kept under the URL they came from: an alias that
	// serves the record's text does not replace the record's own page.
	return out, p.b.putPage(p.rec.URL, p.page)
}

// relink handles a visit to a URL that was merged into existing by
// content. If the page still matches, the link is refreshed; if not, the
// URL is detached and ok is false so that the page is stored on its own.
func (p *put) relink(existing normalize.Record, l link) (out Outcome, ok bool, err error) {
	kind, dist := "", 0
	switch {
	case p.rec.ContentHash == existing.ContentHash && p.dedup:
		kind = linkSame
	case p.dedup:
		if d := hamming(p.fp, p.fingerprint(existing)); d <= nearDistance {
			kind, dist = linkNear, d
		}
	}
	if kind == "" {
		if err := p.b.detach(&existing, p.urls); err != nil {
			return 0, false, err
		}
		return 0, false, p.b.putRecord(existing)
	}
	out = Merged
	if l.ContentHash == p.rec.ContentHash && p.known(existing.ID) {
		out = Unchanged
	}
	return out, true, p.merge(existing, kind, dist)
}

// known reports whether every URL of the page already leads to id.
func (p *put) known(id string) bool {
	for _, u := range p.urls {
		if v := p.b.urls.Get([]byte(u)); string(v) != id {
			return false
		}
	}
	return true
}

// merge links the page's URLs to existing, a record with the same or
// nearly the same content, and keeps the raw page under the page's URL.
func (p *put) merge(existing normalize.Record, kind string, dist int) error {
	l := link{
		ID:          existing.ID,
		Kind:        kind,
		ContentHash: p.rec.ContentHash,
		Simhash:     p.fp,
		Distance:    dist,
		Linked:      p.now,
	}
	for _, u := range p.urls {
		if sameURL(u, existing.URL) {
			continue
		}
		if owner := p.b.urls.Get([]byte(u)); owner != nil && string(owner) != existing.ID {
			continue
		}
		if err := p.b.putLink(u, l); err != nil {
			return err
		}
	}
	if err := p.b.addAliases(&existing, p.urls); err != nil {
		return err
	}
	existing.LastSeen = p.now
	if err := p.b.putRecord(existing); err != nil {
		return err
	}
	return p.b.putPage(p.rec.URL, p.page)
}

// index points the content hash and simhash indexes at r, dropping the
// entry for its previous hash.
func (p *put) index(r normalize.Record, oldHash string) error {
	if oldHash != "" {
		if v := p.b.hashes.Get([]byte(oldHash)); string(v) == r.ID {
			if err := p.b.hashes.Delete([]byte(oldHash)); err != nil {
				return err
			}
		}
	}
	if !p.dedup {
		return unindexSimhash(p.b.simhash, r.ID)
	}
	if p.b.hashes.Get([]byte(r.ContentHash)) == nil {
		if err := p.b.hashes.Put([]byte(r.ContentHash), []byte(r.ID)); err != nil {
			return err
		}
	}
	return indexSimhash(p.b.simhash, r.ID, p.fp)
}
