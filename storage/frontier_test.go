package storage

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

var frontierSeedsA = []string{"https://example.org/", "https://example.org/sitemap.xml"}

// frontierModes runs a test with commits at every Next and with changes
// held in memory for a long time, the two ends of CommitInterval.
var frontierModes = []struct {
	name string
	opts FrontierOptions
}{
	{"commit-every-next", FrontierOptions{}},
	{"commit-interval", FrontierOptions{CommitInterval: time.Hour}},
}

func openFrontier(t testing.TB, db *DB, seeds []string, opts FrontierOptions) *Frontier {
	t.Helper()
	f, err := db.OpenFrontier(context.Background(), seeds, opts)
	if err != nil {
		t.Fatalf("open frontier: %v", err)
	}
	return f
}

// frontierHelper wraps a Frontier with calls that fail the test on error.
type frontierHelper struct {
	t testing.TB
	f *Frontier
}

func (h frontierHelper) add(es ...FrontierEntry) int {
	h.t.Helper()
	n, err := h.f.Add(context.Background(), es...)
	if err != nil {
		h.t.Fatalf("add: %v", err)
	}
	return n
}

func (h frontierHelper) next(now time.Time) (FrontierEntry, bool) {
	h.t.Helper()
	e, ok, err := h.f.Next(context.Background(), now)
	if err != nil {
		h.t.Fatalf("next: %v", err)
	}
	return e, ok
}

func (h frontierHelper) stats(want FrontierStats) {
	h.t.Helper()
	got, err := h.f.Stats(context.Background())
	if err != nil || got != want {
		h.t.Fatalf("Stats = %+v, %v; want %+v", got, err, want)
	}
}

func (h frontierHelper) must(err error) {
	h.t.Helper()
	if err != nil {
		h.t.Fatal(err)
	}
}

func urlsOf(n int) []FrontierEntry {
	es := make([]FrontierEntry, n)
	for i := range es {
		es[i] = FrontierEntry{URL: fmt.Sprintf("https://example.org/a/%d", i), Depth: i % 7}
	}
	return es
}

func TestFrontierStates(t *testing.T) {
	for _, m := range frontierModes {
		t.Run(m.name, func(t *testing.T) {
			ctx := context.Background()
			db := openTestDB(t)
			h := frontierHelper{t, openFrontier(t, db, frontierSeedsA, m.opts)}
			now := time.Now()

			if n := h.add(FrontierEntry{URL: "a"}, FrontierEntry{URL: "b"}, FrontierEntry{URL: "a"}); n != 2 {
				t.Fatalf("Add(a, b, a) = %d; want 2", n)
			}
			if n := h.add(FrontierEntry{URL: "a"}, FrontierEntry{URL: ""}); n != 0 {
				t.Fatalf("Add(a, \"\") = %d; want 0", n)
			}
			h.stats(FrontierStats{Queued: 2})

			// Oldest first.
			if e, ok := h.next(now); !ok || e.URL != "a" {
				t.Fatalf("Next = %v, %v; want a", e, ok)
			}
			h.stats(FrontierStats{Queued: 1, InFlight: 1})
			if n := h.add(FrontierEntry{URL: "a"}); n != 0 {
				t.Fatal("in flight is not known")
			}

			// A retry is not due before its time.
			h.must(h.f.Retry(ctx, FrontierEntry{URL: "a", Attempts: 1, NotBefore: now.Add(time.Minute)}))
			if e, ok := h.next(now); !ok || e.URL != "b" {
				t.Fatalf("Next = %v, %v; want b", e, ok)
			}
			if e, ok := h.next(now); ok {
				t.Fatalf("Next returned %v, which is not due", e)
			}
			e, ok := h.next(now.Add(2 * time.Minute))
			if !ok || e.URL != "a" || e.Attempts != 1 {
				t.Fatalf("Next = %+v, %v; want a after 1 attempt", e, ok)
			}

			h.must(h.f.Fail(ctx, e, "http_500"))
			h.must(h.f.Done(ctx, "b"))
			// Done on an unknown URL records it; Done on a queued one dequeues it.
			h.must(h.f.Done(ctx, "redirect-target"))
			if n := h.add(FrontierEntry{URL: "redirect-target"}); n != 0 {
				t.Fatal("a URL marked done was queued")
			}
			if n := h.add(FrontierEntry{URL: "c"}); n != 1 {
				t.Fatal("c not added")
			}
			h.must(h.f.Done(ctx, "c"))
			h.must(h.f.Done(ctx, "c")) // twice is harmless
			if e, ok := h.next(now.Add(time.Hour)); ok {
				t.Fatalf("Next returned %v, which is done", e)
			}
			h.stats(FrontierStats{Done: 3, Failed: 1})

			e, st, reason, ok, err := h.f.Lookup(ctx, "a")
			if err != nil || !ok || st != FrontierFailed || reason != "http_500" || e.Attempts != 1 {
				t.Errorf("Lookup(a) = %+v %v %q %v %v", e, st, reason, ok, err)
			}
			if _, _, _, ok, err := h.f.Lookup(ctx, "nowhere"); ok || err != nil {
				t.Errorf("Lookup(nowhere) = %v, %v", ok, err)
			}
			h.must(h.f.Flush(ctx))
			checkFrontier(t, db, h.f)
		})
	}
}

func TestFrontierOrder(t *testing.T) {
	for _, m := range frontierModes {
		t.Run(m.name, func(t *testing.T) {
			db := openTestDB(t)
			h := frontierHelper{t, openFrontier(t, db, frontierSeedsA, m.opts)}
			es := urlsOf(300)
			for i := 0; i < len(es); i += 50 {
				h.add(es[i : i+50]...)
			}
			for i, want := range es {
				e, ok := h.next(time.Now())
				if !ok || e != want {
					t.Fatalf("Next #%d = %+v, %v; want %+v", i, e, ok, want)
				}
				if i%3 == 0 {
					h.must(h.f.Done(context.Background(), e.URL))
				}
			}
			if _, ok := h.next(time.Now()); ok {
				t.Fatal("Next after the last entry")
			}
		})
	}
}

// A retry keeps its place: due again, it comes before entries queued
// after it, and a requeued entry (no delay) goes back to the head.
func TestFrontierRetryKeepsOrder(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	h := frontierHelper{t, openFrontier(t, db, frontierSeedsA, FrontierOptions{})}
	now := time.Now()
	h.add(urlsOf(5)...)
	first, _ := h.next(now)
	second, _ := h.next(now)
	first.Attempts = 1
	first.NotBefore = now.Add(time.Second)
	h.must(h.f.Retry(ctx, first))
	h.must(h.f.Retry(ctx, second)) // requeued, no delay
	if e, _ := h.next(now); e.URL != second.URL {
		t.Fatalf("Next = %s; want the requeued %s", e.URL, second.URL)
	}
	if e, _ := h.next(now.Add(2 * time.Second)); e.URL != first.URL || e.Attempts != 1 {
		t.Fatalf("Next = %+v; want the due retry %s", e, first.URL)
	}
}

// TestFrontierResume is a crawl interrupted without Flush: what was
// committed survives, entries in flight are queued again, and the order
// goes on where it stopped.
func TestFrontierResume(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archive.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := frontierHelper{t, openFrontier(t, db, frontierSeedsA, FrontierOptions{})}
	es := urlsOf(20)
	h.add(es[:10]...)
	for i := range 4 {
		e, _ := h.next(time.Now())
		h.must(h.f.Done(ctx, e.URL))
		if i == 0 {
			h.add(es[10:]...)
		}
	}
	inflight, _ := h.next(time.Now()) // commits the four results, then takes es[4]
	h.must(h.f.Done(ctx, "https://example.org/lost"))
	h.stats(FrontierStats{Queued: 15, InFlight: 1, Done: 5})
	if err := db.Close(); err != nil { // a crash: no Flush
		t.Fatal(err)
	}

	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	f := openFrontier(t, db, []string{"https://example.org/sitemap.xml", "https://example.org"}, FrontierOptions{})
	if !f.Resumed() {
		t.Fatal("not resumed")
	}
	h = frontierHelper{t, f}
	h.stats(FrontierStats{Queued: 16, Done: 4})
	if n := h.add(es...); n != 0 {
		t.Fatalf("re-adding known URLs added %d", n)
	}
	if e, ok := h.next(time.Now()); !ok || e.URL != inflight.URL {
		t.Fatalf("Next = %v; want %s, in flight before the crash", e.URL, inflight.URL)
	}
	for i := 5; i < 20; i++ {
		e, ok := h.next(time.Now())
		if !ok || e.URL != es[i].URL {
			t.Fatalf("Next = %v, %v; want %s", e.URL, ok, es[i].URL)
		}
		h.must(h.f.Done(ctx, e.URL))
	}
	h.must(h.f.Done(ctx, inflight.URL))
	h.must(h.f.Flush(ctx))
	checkFrontier(t, db, f)
}

// A large Add commits at once whatever the interval, so that memory stays
// bounded; what is pending after it is lost without Flush.
func TestFrontierSpill(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archive.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := frontierHelper{t, openFrontier(t, db, frontierSeedsA, FrontierOptions{CommitInterval: time.Hour})}
	es := urlsOf(maxPending + 10)
	h.add(es...)
	if len(h.f.pending) != 0 {
		t.Fatalf("%d changes pending after a large Add", len(h.f.pending))
	}
	h.must(h.f.Done(ctx, es[0].URL)) // pending, lost below
	db.Close()

	db = openReadOnly(t, path)
	h = frontierHelper{t, openFrontier(t, db, frontierSeedsA, FrontierOptions{})}
	h.stats(FrontierStats{Queued: len(es)})
}

// TestFrontierMemoryFlat crawls 12,000 URLs through a frontier and checks
// that the live heap does not grow with them: the visited set is on disk.
func TestFrontierMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("12,000 URLs")
	}
	ctx := context.Background()
	db := openTestDB(t)
	f := openFrontier(t, db, frontierSeedsA, FrontierOptions{CommitInterval: time.Hour})
	const total, perPage = 12000, 10
	url := func(i int) string {
		return fmt.Sprintf("https://example.org/2024/03/a-rather-long-article-slug-that-is-typical-of-news-sites-%06d/?utm=x", i)
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	if _, err := f.Add(ctx, FrontierEntry{URL: url(0)}); err != nil {
		t.Fatal(err)
	}
	next, crawled := 1, 0
	var early uint64
	links := make([]FrontierEntry, 0, 2*perPage)
	for {
		e, ok, err := f.Next(ctx, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		if err := f.Done(ctx, e.URL); err != nil {
			t.Fatal(err)
		}
		links = links[:0]
		for range perPage { // new links, and as many already known
			if next < total {
				links = append(links, FrontierEntry{URL: url(next)})
				next++
			}
			links = append(links, FrontierEntry{URL: url(crawled)})
		}
		if _, err := f.Add(ctx, links...); err != nil {
			t.Fatal(err)
		}
		if crawled++; crawled == total/10 {
			early = heap()
		}
	}
	if crawled != total {
		t.Fatalf("crawled %d of %d", crawled, total)
	}
	if err := f.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	late := heap()
	t.Logf("live heap after %d URLs: %.1f MB; after %d: %.1f MB", total/10, float64(early)/(1<<20), total, float64(late)/(1<<20))
	if late > early+1<<20 {
		t.Errorf("live heap grew from %.1f MB to %.1f MB", float64(early)/(1<<20), float64(late)/(1<<20))
	}
}

func TestOpenFrontierRules(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name        string
		prepare     func(h frontierHelper) // on the first frontier
		seeds       []string               // of the second open
		fresh       bool
		wantResumed bool
		wantStats   FrontierStats
	}{
		{
			name:        "interrupted run resumes",
			prepare:     func(h frontierHelper) { h.add(urlsOf(3)...); h.next(time.Now()) },
			seeds:       frontierSeedsA,
			wantResumed: true,
			wantStats:   FrontierStats{Queued: 3},
		},
		{
			name:        "same seeds in another order and form",
			prepare:     func(h frontierHelper) { h.add(urlsOf(3)...) },
			seeds:       []string{"HTTPS://Example.org:443/sitemap.xml#x", "https://example.org", "https://example.org/"},
			wantResumed: true,
			wantStats:   FrontierStats{Queued: 3},
		},
		{
			name: "finished run starts fresh",
			prepare: func(h frontierHelper) {
				h.add(urlsOf(2)...)
				for {
					e, ok := h.next(time.Now())
					if !ok {
						break
					}
					h.must(h.f.Done(ctx, e.URL))
				}
			},
			seeds: frontierSeedsA,
		},
		{
			name:    "fresh discards an interrupted run",
			prepare: func(h frontierHelper) { h.add(urlsOf(3)...) },
			seeds:   frontierSeedsA,
			fresh:   true,
		},
		{
			name:    "other seeds have their own frontier",
			prepare: func(h frontierHelper) { h.add(urlsOf(3)...) },
			seeds:   []string{"https://example.org/"},
		},
		{
			name:    "nothing saved",
			prepare: func(frontierHelper) {},
			seeds:   frontierSeedsA,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTestDB(t)
			h := frontierHelper{t, openFrontier(t, db, frontierSeedsA, FrontierOptions{})}
			if h.f.Resumed() {
				t.Fatal("first open resumed")
			}
			tt.prepare(h)
			h.must(h.f.Flush(ctx))
			h = frontierHelper{t, openFrontier(t, db, tt.seeds, FrontierOptions{Fresh: tt.fresh})}
			if h.f.Resumed() != tt.wantResumed {
				t.Fatalf("Resumed = %v; want %v", h.f.Resumed(), tt.wantResumed)
			}
			h.stats(tt.wantStats)
			checkFrontier(t, db, h.f)
		})
	}
}

func TestFrontierReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archive.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := frontierHelper{t, openFrontier(t, db, frontierSeedsA, FrontierOptions{})}
	h.add(urlsOf(3)...)
	e, _ := h.next(time.Now())
	h.must(h.f.Done(ctx, e.URL))
	h.must(h.f.Flush(ctx))
	db.Close()

	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.OpenFrontier(ctx, []string{"https://other.example/"}, FrontierOptions{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("open a missing frontier read-only: %v; want ErrNotFound", err)
	}
	f := openFrontier(t, ro, frontierSeedsA, FrontierOptions{})
	h = frontierHelper{t, f}
	h.stats(FrontierStats{Queued: 2, Done: 1})
	if _, st, _, ok, err := f.Lookup(ctx, e.URL); !ok || st != FrontierDone || err != nil {
		t.Errorf("Lookup = %v %v %v", st, ok, err)
	}
	if _, err := f.Add(ctx, FrontierEntry{URL: "x"}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Add read-only: %v", err)
	}
	if _, _, err := f.Next(ctx, time.Now()); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Next read-only: %v", err)
	}
}

// TestFrontierRandom drives a frontier with random operations, checks its
// Stats against a model after each one, and checks the file after
// reopening it.
func TestFrontierRandom(t *testing.T) {
	for _, m := range frontierModes {
		t.Run(m.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "archive.db")
			db, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			h := frontierHelper{t, openFrontier(t, db, frontierSeedsA, m.opts)}
			rng := rand.New(rand.NewPCG(1, 2))
			model := map[string]FrontierState{}
			var inflight []FrontierEntry
			now := time.Now()
			url := func() string { return fmt.Sprintf("https://example.org/p/%d", rng.IntN(400)) }
			for i := range 3000 {
				switch op := rng.IntN(10); {
				case op < 3:
					var es []FrontierEntry
					for range rng.IntN(8) {
						es = append(es, FrontierEntry{URL: url(), Depth: rng.IntN(5)})
					}
					want := 0
					seen := map[string]bool{}
					for _, e := range es {
						if _, ok := model[e.URL]; !ok && !seen[e.URL] {
							seen[e.URL] = true
							model[e.URL] = FrontierQueued
							want++
						}
					}
					if n := h.add(es...); n != want {
						t.Fatalf("op %d: Add = %d; want %d", i, n, want)
					}
				case op < 6:
					e, ok := h.next(now)
					if ok {
						if model[e.URL] != FrontierQueued {
							t.Fatalf("op %d: Next returned %s in state %v", i, e.URL, model[e.URL])
						}
						model[e.URL] = FrontierInFlight
						inflight = append(inflight, e)
					}
				case op < 9 && len(inflight) > 0:
					j := rng.IntN(len(inflight))
					e := inflight[j]
					inflight = slices.Delete(inflight, j, j+1)
					if model[e.URL] != FrontierInFlight {
						continue // settled meanwhile by a Done on its URL
					}
					switch rng.IntN(4) {
					case 0:
						e.Attempts++
						if rng.IntN(2) == 0 {
							e.NotBefore = now.Add(time.Duration(rng.IntN(3)) * time.Second)
						}
						h.must(h.f.Retry(ctx, e))
						model[e.URL] = FrontierQueued
					case 1:
						h.must(h.f.Fail(ctx, e, "http_404"))
						model[e.URL] = FrontierFailed
					default:
						h.must(h.f.Done(ctx, e.URL))
						model[e.URL] = FrontierDone
					}
				case op == 9:
					u := url() // a redirect target, known or not
					h.must(h.f.Done(ctx, u))
					model[u] = FrontierDone
				}
				if rng.IntN(50) == 0 {
					now = now.Add(time.Second)
				}
				var want FrontierStats
				for _, s := range model {
					switch s {
					case FrontierQueued:
						want.Queued++
					case FrontierInFlight:
						want.InFlight++
					case FrontierDone:
						want.Done++
					case FrontierFailed:
						want.Failed++
					}
				}
				got, _ := h.f.Stats(ctx)
				if got != want {
					t.Fatalf("op %d: Stats = %+v; want %+v", i, got, want)
				}
			}
			h.must(h.f.Flush(ctx))
			before, _ := h.f.Stats(ctx)
			db.Close()

			// Read-only, since a frontier with nothing queued would be
			// replaced by a fresh one.
			db = openReadOnly(t, path)
			f := openFrontier(t, db, frontierSeedsA, m.opts)
			got, _ := f.Stats(ctx)
			want := FrontierStats{Queued: before.Queued + before.InFlight, Done: before.Done, Failed: before.Failed}
			if got != want {
				t.Fatalf("reopened Stats = %+v; want %+v", got, want)
			}
			checkFrontier(t, db, f)
		})
	}
}

// openReadOnly opens an existing archive read-only and checks it on
// cleanup.
func openReadOnly(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		checkDB(t, db)
		db.Close()
	})
	return db
}

// checkFrontier checks the frontier's file after a Flush: each queued entry
// is in exactly one index, each index key points to a queued entry with
// that key, and the saved counts match the entries.
func checkFrontier(t *testing.T, db *DB, f *Frontier) {
	t.Helper()
	err := db.view(context.Background(), func(tx *bolt.Tx) error {
		b, err := f.bucket(tx)
		if err != nil {
			return err
		}
		m, err := readFrontierMeta(b)
		if err != nil {
			return err
		}
		var counts [5]int
		indexed := map[string]int{}
		err = b.Bucket(frontierURLs).ForEach(func(k, v []byte) error {
			it, err := decodeFrontierItem(string(k), v)
			if err != nil {
				return err
			}
			counts[it.state]++
			if it.seq > m.Seq {
				t.Errorf("%s: sequence %d beyond %d", k, it.seq, m.Seq)
			}
			return nil
		})
		if err != nil {
			return err
		}
		check := func(name []byte, seqOf func(k []byte) (uint64, time.Time)) {
			_ = b.Bucket(name).ForEach(func(k, v []byte) error {
				indexed[string(v)]++
				it, err := decodeFrontierItem(string(v), b.Bucket(frontierURLs).Get(v))
				seq, at := seqOf(k)
				if err != nil || it.state != FrontierQueued || it.seq != seq || timeKey(it.NotBefore) != timeKey(at) {
					t.Errorf("%s index key %x → %s: entry %+v, %v", name, k, v, it, err)
				}
				return nil
			})
		}
		check(frontierQueue, func(k []byte) (uint64, time.Time) { return binary.BigEndian.Uint64(k), time.Time{} })
		check(frontierDelayed, func(k []byte) (uint64, time.Time) {
			return binary.BigEndian.Uint64(k[8:]), time.Unix(0, int64(binary.BigEndian.Uint64(k)))
		})
		for u, n := range indexed {
			if n != 1 {
				t.Errorf("%s indexed %d times", u, n)
			}
		}
		if len(indexed) != counts[FrontierQueued] {
			t.Errorf("%d queued entries, %d indexed", counts[FrontierQueued], len(indexed))
		}
		if m.Queued != counts[FrontierQueued] || m.Done != counts[FrontierDone] || m.Failed != counts[FrontierFailed] {
			t.Errorf("saved counts %+v; entries: queued %d, done %d, failed %d", m,
				counts[FrontierQueued], counts[FrontierDone], counts[FrontierFailed])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestFrontierDamaged(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	f := openFrontier(t, db, frontierSeedsA, FrontierOptions{})
	h := frontierHelper{t, f}
	h.add(urlsOf(2)...)
	h.must(f.Flush(ctx))
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b, _ := f.bucket(tx)
		return b.Bucket(frontierURLs).Put([]byte(urlsOf(1)[0].URL), []byte{9, 1})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Next(ctx, time.Now()); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Next on a damaged entry: %v; want ErrCorrupt", err)
	}
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		b, _ := f.bucket(tx)
		return b.Put(frontierState, []byte("{"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.OpenFrontier(ctx, frontierSeedsA, FrontierOptions{}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("open with a damaged state: %v; want ErrCorrupt", err)
	}
}

func TestFrontierItemEncoding(t *testing.T) {
	at := time.Date(2024, 3, 1, 12, 0, 0, 5, time.UTC)
	tests := []frontierItem{
		{FrontierEntry: FrontierEntry{URL: "u"}, state: FrontierQueued, seq: 1},
		{FrontierEntry: FrontierEntry{URL: "u", Depth: 300, Attempts: 2, NotBefore: at, Via: "https://x/y"}, state: FrontierQueued, seq: 1 << 40},
		{FrontierEntry: FrontierEntry{URL: "u", Attempts: 4}, state: FrontierFailed, reason: "http_404"},
		{FrontierEntry: FrontierEntry{URL: "u"}, state: FrontierDone},
	}
	for _, want := range tests {
		v := encodeFrontierItem(&want)
		got, err := decodeFrontierItem("u", v)
		if err != nil || got != want {
			t.Errorf("round trip %+v = %+v, %v", want, got, err)
		}
		for n := range len(v) - 1 {
			if _, err := decodeFrontierItem("u", v[:n]); err == nil && n < 17 {
				t.Errorf("decoded %d of %d bytes", n, len(v))
			}
		}
	}
}

// BenchmarkFrontierPage is the frontier's share of crawling one page:
// Next, Done, then Add of 30 links of which 2 are new.
func BenchmarkFrontierPage(b *testing.B) {
	for _, m := range []struct {
		name string
		opts FrontierOptions
	}{
		{"commit-every-next", FrontierOptions{}},
		{"commit-100ms", FrontierOptions{CommitInterval: 100 * time.Millisecond}},
	} {
		b.Run(m.name, func(b *testing.B) {
			ctx := context.Background()
			db := openTestDB(b)
			f := openFrontier(b, db, frontierSeedsA, m.opts)
			n := 0
			link := func() FrontierEntry {
				n++
				return FrontierEntry{URL: fmt.Sprintf("https://example.org/2024/03/article-number-%d/", n)}
			}
			if _, err := f.Add(ctx, link(), link()); err != nil {
				b.Fatal(err)
			}
			links := make([]FrontierEntry, 30)
			for b.Loop() {
				e, ok, err := f.Next(ctx, time.Now())
				if err != nil || !ok {
					b.Fatalf("next: %v %v", ok, err)
				}
				if err := f.Done(ctx, e.URL); err != nil {
					b.Fatal(err)
				}
				for i := range links {
					links[i] = FrontierEntry{URL: fmt.Sprintf("https://example.org/2024/03/article-number-%d/", max(n-i, 1))}
				}
				links[0], links[1] = link(), link()
				if _, err := f.Add(ctx, links...); err != nil {
					b.Fatal(err)
				}
			}
			if err := f.Flush(ctx); err != nil {
				b.Fatal(err)
			}
		})
	}
}

func ExampleDB_OpenFrontier() {
	dir, _ := os.MkdirTemp("", "frontier")
	defer os.RemoveAll(dir)
	db, err := Open(filepath.Join(dir, "archive.db"), Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	ctx := context.Background()
	seeds := []string{"https://example.org/"}

	f, _ := db.OpenFrontier(ctx, seeds, FrontierOptions{})
	f.Add(ctx, FrontierEntry{URL: "https://example.org/"})
	e, _, _ := f.Next(ctx, time.Now())
	f.Done(ctx, e.URL)
	f.Add(ctx, FrontierEntry{URL: "https://example.org/a/1", Depth: 1}, FrontierEntry{URL: "https://example.org/"})
	f.Flush(ctx) // the crawl is interrupted here

	f, _ = db.OpenFrontier(ctx, seeds, FrontierOptions{})
	st, _ := f.Stats(ctx)
	fmt.Println("resumed:", f.Resumed(), st.Done, "done,", st.Queued, "queued")
	e, _, _ = f.Next(ctx, time.Now())
	fmt.Println("next:", e.URL)
	// Output:
	// resumed: true 1 done, 1 queued
	// next: https://example.org/a/1
}
