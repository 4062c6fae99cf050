package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	bolt "go.etcd.io/bbolt"
)

// FrontierState is where a URL stands in a Frontier.
type FrontierState int

// Frontier states. FrontierInFlight is held in memory only: on disk an entry
// in flight is still queued (see Frontier).
const (
	FrontierQueued FrontierState = iota + 1
	FrontierInFlight
	FrontierDone
	FrontierFailed
)

func (s FrontierState) String() string {
	switch s {
	case FrontierQueued:
		return "queued"
	case FrontierInFlight:
		return "in_flight"
	case FrontierDone:
		return "done"
	case FrontierFailed:
		return "failed"
	}
	return fmt.Sprintf("state(%d)", int(s))
}

// FrontierEntry is one URL in a Frontier.
type FrontierEntry struct {
	// URL is the canonical URL, the Frontier's key.
	URL string
	// Depth is the number of links followed from a seed.
	Depth int
	// Attempts is the number of fetch attempts made so far.
	Attempts int
	// NotBefore is the earliest time the URL may be fetched; zero means now.
	NotBefore time.Time
	// Via is a URL that forwarded here, kept for the crawler; usually "".
	Via string
}

// FrontierStats counts a Frontier's URLs by state.
type FrontierStats struct {
	Queued   int `json:"queued"`
	InFlight int `json:"in_flight"`
	Done     int `json:"done"`
	Failed   int `json:"failed"`
}

// FrontierOptions tune OpenFrontier. The zero value resumes a saved
// frontier that still has URLs queued and commits before every Next.
type FrontierOptions struct {
	// Fresh discards the frontier saved for the same seeds, if any, and
	// starts an empty one.
	Fresh bool
	// CommitInterval is how long changes may wait in memory before Next
	// commits them. Zero commits whatever is pending at every Next, so a
	// crawler that calls Next after recording each result writes one
	// transaction per result. A longer interval writes fewer transactions,
	// and a process crash loses up to that much work: the pages done in it
	// are fetched again by the next run.
	CommitInterval time.Duration
	// Batched says the frontier's changes are written by
	// DB.CommitFrontier, in the transactions that store the crawl's
	// pages. Next then commits on its own only when nothing on disk is
	// due, when CommitInterval passed without a batch, or past a few
	// thousand pending changes, so that it seldom waits for the archive's
	// single writer.
	Batched bool
	// Kind names the job the frontier belongs to, so that jobs over the
	// same seeds keep separate frontiers: "" is a crawl's, with the same
	// id as before kinds existed; any other value ("sync") gets a
	// frontier of its own, which a crawl of those seeds never opens.
	Kind string
}

// maxPending is how many changed URLs a Frontier holds before Add commits
// them whatever the interval. Retry, Done and Fail commit only past four
// times as many, a bound on memory that a crawler calling Next never
// reaches, so that they do not commit a result without the Add that
// follows it.
const maxPending = 4096

// nextPending is how many pending changes make Next commit before the
// interval is over: Next skips the queue entries that changed since the
// last commit, so letting them pile up would slow every Next down.
const nextPending = 256

// maxFrontierURL is the longest URL a Frontier keeps (bbolt's key limit).
// Longer URLs are not added, and Done and Fail ignore them.
const maxFrontierURL = bolt.MaxKeySize

// Names inside a frontier's bucket.
var (
	frontierURLs    = []byte("urls")
	frontierQueue   = []byte("queue")
	frontierDelayed = []byte("delayed")
	frontierSeedKey = []byte("seeds")
	frontierState   = []byte("state")
)

// Frontier is a crawl frontier kept in the archive: every URL a crawl of
// one seed set knows, queued, in flight, done or failed, with its depth,
// attempt count and not-before time. It is deduplicated by URL in any state
// and hands out queued URLs oldest first (by the sequence they were queued
// in). Lookups read bbolt, so memory does not grow with the number of URLs.
//
// Changes are kept in memory until the next commit: Next commits before it
// picks an entry (every time, or once CommitInterval has passed or a few
// hundred changes are pending), Flush
// commits at once, and an Add that leaves more than a few thousand changes
// pending commits them whatever the interval. One commit is one bbolt
// transaction, so a crawler that records a result (Done, then Add of the
// links found) and then calls Next writes the result atomically: a crash
// does not keep a page done while losing the links it led to. Call Flush
// when the crawl ends.
//
// In flight is not written to disk: Next only marks the entry in memory, so
// an entry in flight when the process dies is still queued when the
// frontier is opened again, and is fetched again by the next run.
//
// A Frontier is safe for concurrent use. Only one Frontier per seed set
// should be open on an archive at a time.
type Frontier struct {
	db       *DB
	id       []byte
	seeds    []string
	resumed  bool
	interval time.Duration

	mu         sync.Mutex
	seq        uint64 // last sequence handed out
	stats      FrontierStats
	inflight   map[string]frontierItem  // taken by Next, not yet settled
	pending    map[string]*frontierItem // changed since the last commit
	lastCommit time.Time
	// staged holds the changes DB.CommitFrontier is writing along with a
	// batch of pages, outside mu; nil when none is. staging is signalled
	// when it is done.
	staged  map[string]*frontierItem
	staging *sync.Cond
	batched bool
	// seen holds URLs known to be in the frontier, up to seenCap of them,
	// so that Add need not look them up again.
	seen map[string]struct{}
}

// seenCap bounds Frontier.seen: a few megabytes, whatever the crawl's size.
const seenCap = 1 << 15

// knownInMemory reports, with f.mu held, whether url is known without
// reading the archive: remembered, in flight, or changed since the last
// commit.
func (f *Frontier) knownInMemory(url string) bool {
	if _, ok := f.seen[url]; ok {
		return true
	}
	if _, ok := f.inflight[url]; ok {
		return true
	}
	if _, ok := f.pending[url]; ok {
		return true
	}
	_, ok := f.staged[url]
	return ok
}

// remember notes url as known, with f.mu held.
func (f *Frontier) remember(url string) {
	if len(f.seen) >= seenCap {
		clear(f.seen)
	}
	f.seen[url] = struct{}{}
}

// frontierItem is one URL as stored.
type frontierItem struct {
	FrontierEntry
	state  FrontierState
	seq    uint64
	reason string
}

// frontierMeta is the JSON value under "state" in a frontier's bucket.
// The counts are of the entries on disk, where in flight is queued.
type frontierMeta struct {
	Seq     uint64 `json:"seq"`
	Queued  int    `json:"queued"`
	Done    int    `json:"done"`
	Failed  int    `json:"failed"`
	Created string `json:"created"`
	Updated string `json:"updated"`
}

// OpenFrontier opens the frontier of a crawl from seeds. Frontiers are kept
// per seed set: the canonical seed URLs, without duplicates, in any order
// (and per opts.Kind).
// A saved frontier that still has URLs queued is resumed (Resumed reports
// true); one with nothing queued, which belongs to a crawl that finished,
// is replaced by an empty one, as is any saved frontier when opts.Fresh is
// set. On an archive opened read-only the saved frontier is opened for
// reading (Stats and Lookup); ErrNotFound reports that there is none.
func (db *DB) OpenFrontier(ctx context.Context, seeds []string, opts FrontierOptions) (*Frontier, error) {
	canon, err := frontierSeeds(seeds)
	if err != nil {
		return nil, fmt.Errorf("open frontier: %w", err)
	}
	f := &Frontier{
		db:         db,
		id:         frontierID(opts.Kind, canon),
		seeds:      canon,
		interval:   max(opts.CommitInterval, 0),
		inflight:   make(map[string]frontierItem),
		pending:    make(map[string]*frontierItem),
		lastCommit: time.Now(),
		batched:    opts.Batched,
		seen:       make(map[string]struct{}),
	}
	f.staging = sync.NewCond(&f.mu)
	load := func(b *bolt.Bucket) error {
		m, err := readFrontierMeta(b)
		if err != nil {
			return err
		}
		f.seq = m.Seq
		f.stats = FrontierStats{Queued: m.Queued, Done: m.Done, Failed: m.Failed}
		return nil
	}
	if db.readOnly {
		err = db.view(ctx, func(tx *bolt.Tx) error {
			b, err := f.bucket(tx)
			if err != nil {
				return err
			}
			f.resumed = true
			return load(b)
		})
	} else {
		err = db.update(ctx, func(tx *bolt.Tx) error {
			root := tx.Bucket(bucketFrontier)
			if root == nil {
				return fmt.Errorf("%w: missing bucket %s", ErrCorrupt, bucketFrontier)
			}
			if b := root.Bucket(f.id); b != nil {
				m, err := readFrontierMeta(b)
				if err != nil {
					return err
				}
				if !opts.Fresh && m.Queued > 0 {
					f.resumed = true
					return load(b)
				}
				if err := root.DeleteBucket(f.id); err != nil {
					return err
				}
			}
			return createFrontier(root, f.id, canon)
		})
	}
	if err != nil {
		return nil, fmt.Errorf("open frontier: %w", err)
	}
	return f, nil
}

// frontierSeeds canonicalises seeds, drops duplicates and sorts them.
func frontierSeeds(seeds []string) ([]string, error) {
	if len(seeds) == 0 {
		return nil, errors.New("no seed URL")
	}
	out := make([]string, 0, len(seeds))
	for _, s := range seeds {
		c, err := normalize.CanonicalURL(s)
		if err != nil {
			return nil, fmt.Errorf("seed %q: %w", s, err)
		}
		out = append(out, c)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// frontierID names a seed set's bucket: 16 hex digits of the SHA-256 of
// the sorted canonical seeds, one per line, preceded by the kind and a NUL
// byte when the kind is not "" (a crawl's).
func frontierID(kind string, canon []string) []byte {
	h := sha256.New()
	if kind != "" {
		h.Write([]byte(kind))
		h.Write([]byte{0})
	}
	for _, s := range canon {
		h.Write([]byte(s))
		h.Write([]byte{'\n'})
	}
	sum := h.Sum(nil)
	return []byte(hex.EncodeToString(sum[:8]))
}

func createFrontier(root *bolt.Bucket, id []byte, seeds []string) error {
	b, err := root.CreateBucket(id)
	if err != nil {
		return err
	}
	for _, name := range [][]byte{frontierURLs, frontierQueue, frontierDelayed} {
		if _, err := b.CreateBucket(name); err != nil {
			return err
		}
	}
	s, err := json.Marshal(seeds)
	if err != nil {
		return err
	}
	if err := b.Put(frontierSeedKey, s); err != nil {
		return err
	}
	now := timestamp(time.Now())
	return putFrontierMeta(b, frontierMeta{Created: now, Updated: now})
}

func readFrontierMeta(b *bolt.Bucket) (frontierMeta, error) {
	var m frontierMeta
	if b.Bucket(frontierURLs) == nil || b.Bucket(frontierQueue) == nil || b.Bucket(frontierDelayed) == nil {
		return m, fmt.Errorf("%w: frontier: missing bucket", ErrCorrupt)
	}
	if err := json.Unmarshal(b.Get(frontierState), &m); err != nil {
		return m, fmt.Errorf("%w: frontier state: %v", ErrCorrupt, err)
	}
	if m.Queued < 0 || m.Done < 0 || m.Failed < 0 {
		return m, fmt.Errorf("%w: frontier state: negative count", ErrCorrupt)
	}
	return m, nil
}

func putFrontierMeta(b *bolt.Bucket, m frontierMeta) error {
	v, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return b.Put(frontierState, v)
}

// bucket returns this frontier's bucket in tx.
func (f *Frontier) bucket(tx *bolt.Tx) (*bolt.Bucket, error) {
	root := tx.Bucket(bucketFrontier)
	if root == nil {
		return nil, fmt.Errorf("%w: missing bucket %s", ErrCorrupt, bucketFrontier)
	}
	b := root.Bucket(f.id)
	if b == nil {
		return nil, fmt.Errorf("frontier %s: %w", f.id, ErrNotFound)
	}
	return b, nil
}

// Resumed reports whether OpenFrontier continued a saved frontier.
func (f *Frontier) Resumed() bool { return f.resumed }

// Seeds returns the canonical seed URLs the frontier belongs to, sorted.
func (f *Frontier) Seeds() []string { return slices.Clone(f.seeds) }

// Add queues each entry whose URL is not already known in any state (the
// first of duplicates within one call wins) and returns how many were
// added. Empty URLs and URLs longer than bbolt's key limit are not added.
func (f *Frontier) Add(ctx context.Context, es ...FrontierEntry) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil || len(es) == 0 {
		return 0, err
	}
	added := 0
	// Most links a page brings are known (navigation, "most read"):
	// memory answers for them without a lookup in the archive.
	fresh := es[:0:0]
	for _, e := range es {
		if e.URL != "" && len(e.URL) <= maxFrontierURL && !f.knownInMemory(e.URL) {
			fresh = append(fresh, e)
		}
	}
	if len(fresh) == 0 {
		return 0, nil
	}
	err := f.db.view(ctx, func(tx *bolt.Tx) error {
		b, err := f.bucket(tx)
		if err != nil {
			return err
		}
		urls := b.Bucket(frontierURLs)
		for _, e := range fresh {
			if _, ok := f.pending[e.URL]; ok {
				continue // a duplicate within this call
			}
			if urls.Get([]byte(e.URL)) != nil {
				f.remember(e.URL)
				continue
			}
			f.seq++
			f.pending[e.URL] = &frontierItem{FrontierEntry: e, state: FrontierQueued, seq: f.seq}
			f.stats.Queued++
			f.remember(e.URL)
			added++
		}
		return nil
	})
	if err != nil {
		return added, fmt.Errorf("frontier add: %w", err)
	}
	return added, f.spill(ctx, maxPending)
}

// Next moves a queued entry whose NotBefore is not after now to in flight
// and returns it, oldest first; ok is false when none is due. It commits
// pending changes first (see FrontierOptions.CommitInterval).
func (f *Frontier) Next(ctx context.Context, now time.Time) (FrontierEntry, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return FrontierEntry{}, false, err
	}
	limit := nextPending
	if f.batched {
		limit = maxPending
	}
	if n := len(f.pending); n > 0 && (n >= limit || time.Since(f.lastCommit) >= f.interval) {
		if err := f.commit(ctx); err != nil {
			return FrontierEntry{}, false, err
		}
	}
	it, ok, err := f.due(ctx, now)
	if err == nil && !ok && len(f.pending) > 0 {
		// What is due may be among the changes not yet written.
		if err = f.commit(ctx); err == nil {
			it, ok, err = f.due(ctx, now)
		}
	}
	if err != nil || !ok {
		return FrontierEntry{}, false, err
	}
	f.inflight[it.URL] = it
	f.stats.Queued--
	f.stats.InFlight++
	return it.FrontierEntry, true, nil
}

// due finds the oldest queued entry on disk that is due at now and neither
// in flight nor changed since the last commit.
func (f *Frontier) due(ctx context.Context, now time.Time) (frontierItem, bool, error) {
	var it frontierItem
	found := false
	err := f.db.view(ctx, func(tx *bolt.Tx) error {
		b, err := f.bucket(tx)
		if err != nil {
			return err
		}
		var url []byte
		var seq uint64
		c := b.Bucket(frontierQueue).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if !f.busy(v) && len(k) == 8 {
				url, seq = v, binary.BigEndian.Uint64(k)
				break
			}
		}
		limit := timeKey(now)
		c = b.Bucket(frontierDelayed).Cursor()
		for k, v := c.First(); len(k) == 16 && binary.BigEndian.Uint64(k) <= limit; k, v = c.Next() {
			if f.busy(v) {
				continue
			}
			if s := binary.BigEndian.Uint64(k[8:]); url == nil || s < seq {
				url = v
			}
			break
		}
		if url == nil {
			return nil
		}
		v := b.Bucket(frontierURLs).Get(url)
		if v == nil {
			return fmt.Errorf("%w: frontier: queued %q has no entry", ErrCorrupt, url)
		}
		if it, err = decodeFrontierItem(string(url), v); err != nil {
			return err
		}
		if it.state != FrontierQueued {
			return fmt.Errorf("%w: frontier: %q is in the queue but %s", ErrCorrupt, url, it.state)
		}
		found = true
		return nil
	})
	if err != nil {
		return frontierItem{}, false, fmt.Errorf("frontier next: %w", err)
	}
	return it, found, nil
}

// busy reports whether url is in flight or changed since the last commit,
// so that its place in the queue on disk is out of date.
func (f *Frontier) busy(url []byte) bool {
	if _, ok := f.inflight[string(url)]; ok {
		return true
	}
	if _, ok := f.pending[string(url)]; ok {
		return true
	}
	_, ok := f.staged[string(url)]
	return ok
}

// Retry puts an entry back in the queue with e's Attempts and NotBefore,
// keeping its place in the order. An unknown URL is queued.
func (f *Frontier) Retry(ctx context.Context, e FrontierEntry) error {
	return f.change(ctx, "retry", e.URL, func(it *frontierItem) {
		it.FrontierEntry = e
		it.state = FrontierQueued
		it.reason = ""
	})
}

// Done marks url done whatever its state. An unknown URL (a redirect
// target) is recorded as done, so it is never queued; a queued one leaves
// the queue.
func (f *Frontier) Done(ctx context.Context, url string) error {
	return f.change(ctx, "done", url, func(it *frontierItem) {
		it.state = FrontierDone
		it.reason = ""
	})
}

// Fail marks an entry failed for good, with its attempt count and a short
// reason such as "http_404". It is not queued again.
func (f *Frontier) Fail(ctx context.Context, e FrontierEntry, reason string) error {
	return f.change(ctx, "fail", e.URL, func(it *frontierItem) {
		it.FrontierEntry = e
		it.state = FrontierFailed
		it.reason = reason
	})
}

// change applies set to url's current entry (or a new one) and keeps the
// result pending.
func (f *Frontier) change(ctx context.Context, op, url string, set func(*frontierItem)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.writable(); err != nil {
		return err
	}
	if url == "" || len(url) > maxFrontierURL {
		return nil
	}
	cur, ok, err := f.current(ctx, url)
	if err != nil {
		return fmt.Errorf("frontier %s: %w", op, err)
	}
	it := cur
	if !ok {
		it = frontierItem{FrontierEntry: FrontierEntry{URL: url}}
	}
	set(&it)
	it.URL = url
	if ok && it.state == cur.state && it == cur {
		return nil // nothing changes
	}
	if it.state == FrontierQueued && it.seq == 0 {
		f.seq++
		it.seq = f.seq
	}
	if ok {
		f.count(cur.state, -1)
	}
	f.count(it.state, 1)
	delete(f.inflight, url)
	f.pending[url] = &it
	return f.spill(ctx, 4*maxPending)
}

// current returns url's entry: in flight, pending or on disk.
func (f *Frontier) current(ctx context.Context, url string) (frontierItem, bool, error) {
	if it, ok := f.inflight[url]; ok {
		it.state = FrontierInFlight
		return it, true, nil
	}
	if it, ok := f.pending[url]; ok {
		return *it, true, nil
	}
	if it, ok := f.staged[url]; ok {
		return *it, true, nil
	}
	var it frontierItem
	found := false
	err := f.db.view(ctx, func(tx *bolt.Tx) error {
		b, err := f.bucket(tx)
		if err != nil {
			return err
		}
		v := b.Bucket(frontierURLs).Get([]byte(url))
		if v == nil {
			return nil
		}
		found = true
		it, err = decodeFrontierItem(url, v)
		return err
	})
	return it, found, err
}

func (f *Frontier) count(s FrontierState, d int) {
	switch s {
	case FrontierQueued:
		f.stats.Queued += d
	case FrontierInFlight:
		f.stats.InFlight += d
	case FrontierDone:
		f.stats.Done += d
	case FrontierFailed:
		f.stats.Failed += d
	}
}

// Stats counts the entries by state, pending changes included. It does
// not touch the disk.
func (f *Frontier) Stats(context.Context) (FrontierStats, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stats, nil
}

// Lookup returns url's entry, its state and, for a failed entry, the
// reason; ok is false for an unknown URL.
func (f *Frontier) Lookup(ctx context.Context, url string) (e FrontierEntry, s FrontierState, reason string, ok bool, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	it, ok, err := f.current(ctx, url)
	if err != nil {
		return FrontierEntry{}, 0, "", false, fmt.Errorf("frontier lookup: %w", err)
	}
	return it.FrontierEntry, it.state, it.reason, ok, nil
}

// Flush commits the pending changes in one transaction. Entries in flight
// stay queued on disk. Call it when a crawl ends, however it ends.
func (f *Frontier) Flush(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.waitStaged()
	if len(f.pending) == 0 {
		return nil
	}
	return f.commit(ctx)
}

// Remove deletes the frontier from the archive, with its pending changes,
// so that the next OpenFrontier of its seeds starts an empty one; a job
// that finished calls it to leave nothing behind. f must not be used
// afterwards.
func (f *Frontier) Remove(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.waitStaged()
	if err := f.writable(); err != nil {
		return err
	}
	err := f.db.update(ctx, func(tx *bolt.Tx) error {
		root := tx.Bucket(bucketFrontier)
		if root == nil {
			return fmt.Errorf("%w: missing bucket %s", ErrCorrupt, bucketFrontier)
		}
		if root.Bucket(f.id) == nil {
			return nil
		}
		return root.DeleteBucket(f.id)
	})
	if err != nil {
		return fmt.Errorf("frontier remove: %w", err)
	}
	clear(f.pending)
	clear(f.inflight)
	clear(f.seen)
	f.stats = FrontierStats{}
	return nil
}

func (f *Frontier) writable() error {
	if f.db.readOnly {
		return fmt.Errorf("frontier: %w", ErrReadOnly)
	}
	return nil
}

// spill commits when limit changes or more are pending.
func (f *Frontier) spill(ctx context.Context, limit int) error {
	if len(f.pending) < limit {
		return nil
	}
	return f.commit(ctx)
}

// commit writes the pending changes and the counts in one transaction. On
// failure nothing is written and the changes stay pending. While
// DB.CommitFrontier writes staged changes it does nothing: the pending
// ones are newer and must not reach the disk first.
func (f *Frontier) commit(ctx context.Context) error {
	if f.staged != nil {
		return nil
	}
	stats, seq := f.stats, f.seq
	err := f.db.update(ctx, func(tx *bolt.Tx) error {
		return f.write(tx, f.pending, stats, seq)
	})
	if err != nil {
		return fmt.Errorf("frontier commit: %w", err)
	}
	clear(f.pending)
	f.lastCommit = time.Now()
	return nil
}

// write stores items and the counts in tx.
func (f *Frontier) write(tx *bolt.Tx, items map[string]*frontierItem, stats FrontierStats, seq uint64) error {
	urls := make([]string, 0, len(items))
	for u := range items {
		urls = append(urls, u)
	}
	slices.Sort(urls) // bbolt writes sorted keys faster
	b, err := f.bucket(tx)
	if err != nil {
		return err
	}
	entries, queue, delayed := b.Bucket(frontierURLs), b.Bucket(frontierQueue), b.Bucket(frontierDelayed)
	for _, u := range urls {
		it := items[u]
		k := []byte(u)
		if v := entries.Get(k); v != nil {
			old, err := decodeFrontierItem(u, v)
			if err != nil {
				return err
			}
			if old.state == FrontierQueued {
				if err := unqueue(queue, delayed, &old); err != nil {
					return err
				}
			}
		}
		if err := entries.Put(k, encodeFrontierItem(it)); err != nil {
			return fmt.Errorf("%s: %w", u, err)
		}
		if it.state == FrontierQueued {
			if it.NotBefore.IsZero() {
				err = queue.Put(seqKey(it.seq), k)
			} else {
				err = delayed.Put(delayKey(it.NotBefore, it.seq), k)
			}
			if err != nil {
				return fmt.Errorf("%s: %w", u, err)
			}
		}
	}
	m, err := readFrontierMeta(b)
	if err != nil {
		return err
	}
	m.Seq = seq
	m.Queued = stats.Queued + stats.InFlight
	m.Done = stats.Done
	m.Failed = stats.Failed
	m.Updated = timestamp(time.Now())
	return putFrontierMeta(b, m)
}

// stage hands the pending changes to DB.CommitFrontier: they move to
// staged, where lookups still find them, and new changes pend anew. It
// returns a function that writes them in the caller's transaction, and
// one to call with the transaction's outcome. ok is false when there is
// nothing to write or the frontier is read-only.
func (f *Frontier) stage() (write func(*bolt.Tx) error, done func(committed bool), ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.waitStaged()
	if f.writable() != nil || len(f.pending) == 0 {
		return nil, nil, false
	}
	items, stats, seq := f.pending, f.stats, f.seq
	f.staged = items
	f.pending = make(map[string]*frontierItem, len(items))
	write = func(tx *bolt.Tx) error { return f.write(tx, items, stats, seq) }
	done = func(committed bool) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if committed {
			f.lastCommit = time.Now()
		} else {
			for u, it := range items {
				if _, newer := f.pending[u]; !newer {
					f.pending[u] = it
				}
			}
		}
		f.staged = nil
		f.staging.Broadcast()
	}
	return write, done, true
}

// waitStaged waits, with f.mu held, until no staged changes are being
// written.
func (f *Frontier) waitStaged() {
	for f.staged != nil {
		f.staging.Wait()
	}
}

// unqueue removes a queued item's key from the queue or delayed index.
func unqueue(queue, delayed *bolt.Bucket, it *frontierItem) error {
	if it.NotBefore.IsZero() {
		return queue.Delete(seqKey(it.seq))
	}
	return delayed.Delete(delayKey(it.NotBefore, it.seq))
}

func seqKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, seq)
}

func delayKey(t time.Time, seq uint64) []byte {
	k := binary.BigEndian.AppendUint64(make([]byte, 0, 16), timeKey(t))
	return binary.BigEndian.AppendUint64(k, seq)
}

// timeKey orders times as unsigned integers: nanoseconds since 1970, at
// least 1 for any non-zero time, 0 for the zero time.
func timeKey(t time.Time) uint64 {
	if t.IsZero() {
		return 0
	}
	return uint64(max(t.UnixNano(), 1))
}

// encodeFrontierItem lays out a urls value: state (1 byte), sequence
// (uint64), not-before (timeKey, uint64), then depth and attempts as
// uvarints and via and reason as uvarint-length-prefixed strings.
func encodeFrontierItem(it *frontierItem) []byte {
	b := make([]byte, 17, 17+8+len(it.Via)+len(it.reason))
	b[0] = byte(it.state)
	binary.BigEndian.PutUint64(b[1:9], it.seq)
	binary.BigEndian.PutUint64(b[9:17], timeKey(it.NotBefore))
	b = binary.AppendUvarint(b, uint64(max(it.Depth, 0)))
	b = binary.AppendUvarint(b, uint64(max(it.Attempts, 0)))
	b = binary.AppendUvarint(b, uint64(len(it.Via)))
	b = append(b, it.Via...)
	b = binary.AppendUvarint(b, uint64(len(it.reason)))
	return append(b, it.reason...)
}

func decodeFrontierItem(url string, v []byte) (frontierItem, error) {
	bad := func(what string) (frontierItem, error) {
		return frontierItem{}, fmt.Errorf("%w: frontier entry %q: %s", ErrCorrupt, url, what)
	}
	if len(v) < 17 {
		return bad("short value")
	}
	it := frontierItem{FrontierEntry: FrontierEntry{URL: url}}
	it.state = FrontierState(v[0])
	switch it.state {
	case FrontierQueued, FrontierDone, FrontierFailed:
	default:
		return bad(fmt.Sprintf("state %d", v[0]))
	}
	it.seq = binary.BigEndian.Uint64(v[1:9])
	if n := binary.BigEndian.Uint64(v[9:17]); n != 0 {
		if n > 1<<63-1 {
			return bad("not-before out of range")
		}
		it.NotBefore = time.Unix(0, int64(n)).UTC()
	}
	r := bytes.NewReader(v[17:])
	num := func() (int, bool) {
		n, err := binary.ReadUvarint(r)
		if err != nil || n > 1<<31 {
			return 0, false
		}
		return int(n), true
	}
	str := func() (string, bool) {
		n, ok := num()
		if !ok || n > r.Len() {
			return "", false
		}
		s := make([]byte, n)
		_, _ = r.Read(s)
		return string(s), true
	}
	var ok1, ok2, ok3, ok4 bool
	it.Depth, ok1 = num()
	it.Attempts, ok2 = num()
	it.Via, ok3 = str()
	it.reason, ok4 = str()
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return bad("truncated value")
	}
	return it, nil
}
