package scraper

import (
	"container/heap"
	"context"
	"sync"
	"time"
)

// Entry is one URL in a Frontier.
type Entry struct {
	// URL is the canonical URL, the Frontier's key.
	URL string
	// Depth is the number of links followed from a seed.
	Depth int
	// Attempts is the number of fetch attempts made so far.
	Attempts int
	// NotBefore is the earliest time the URL may be fetched; zero means now.
	NotBefore time.Time
	// Via is a URL that forwarded here (a meta refresh), kept as an alias of
	// what this URL yields; usually "".
	Via string
}

// State is where a URL stands in a Frontier.
type State int

// Frontier states.
const (
	StateQueued State = iota + 1
	StateInFlight
	StateDone
	StateFailed
)

func (s State) String() string {
	switch s {
	case StateQueued:
		return "queued"
	case StateInFlight:
		return "in_flight"
	case StateDone:
		return "done"
	case StateFailed:
		return "failed"
	}
	return "unknown"
}

// FrontierStats counts a Frontier's URLs by state.
type FrontierStats struct {
	Queued   int `json:"queued"`
	InFlight int `json:"in_flight"`
	Done     int `json:"done"`
	Failed   int `json:"failed"`
}

// Frontier is the set of URLs a crawl knows, each in one State,
// deduplicated by canonical URL. Crawl calls it from one goroutine; an
// implementation that is shared must still be safe for concurrent use.
//
// A persistent Frontier should move entries left in flight by an
// interrupted run back to the queue when it is opened, so that a resumed
// crawl fetches them again.
type Frontier interface {
	// Add queues each entry whose URL is not already known in any state
	// (the first of duplicates within one call wins) and returns how many
	// were added. Crawl passes all the links of one page in one call, so a
	// persistent Frontier can write them in one transaction.
	Add(ctx context.Context, es ...Entry) (added int, err error)
	// Next moves a queued entry whose NotBefore is not after now to in
	// flight and returns it, oldest first. ok is false when none is due.
	Next(ctx context.Context, now time.Time) (e Entry, ok bool, err error)
	// Retry puts an in-flight entry back in the queue with e's Attempts and
	// NotBefore.
	Retry(ctx context.Context, e Entry) error
	// Done marks url done whatever its state; an unknown URL (a redirect
	// target) is recorded as done, and a queued one leaves the queue.
	Done(ctx context.Context, url string) error
	// Fail marks an entry failed for good, with its attempt count and a
	// short reason such as "http_404" or "robots".
	Fail(ctx context.Context, e Entry, reason string) error
	// Stats counts the entries by state.
	Stats(ctx context.Context) (FrontierStats, error)
}

// MemoryFrontier is a Frontier held in memory, for one-off crawls and tests.
// Its memory grows with the number of distinct URLs seen. It is safe for
// concurrent use.
type MemoryFrontier struct {
	mu      sync.Mutex
	entries map[string]*memEntry
	ready   []string  // FIFO of queued URLs that are due
	delayed delayHeap // queued URLs with a NotBefore in the future
	seq     uint64
	stats   FrontierStats
}

type memEntry struct {
	Entry
	state  State
	reason string
}

// NewMemoryFrontier returns an empty MemoryFrontier.
func NewMemoryFrontier() *MemoryFrontier {
	return &MemoryFrontier{entries: make(map[string]*memEntry)}
}

// Add implements Frontier.
func (f *MemoryFrontier) Add(_ context.Context, es ...Entry) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	added := 0
	for _, e := range es {
		if _, ok := f.entries[e.URL]; ok {
			continue
		}
		m := &memEntry{Entry: e, state: StateQueued}
		f.entries[e.URL] = m
		f.stats.Queued++
		f.enqueue(m)
		added++
	}
	return added, nil
}

func (f *MemoryFrontier) enqueue(m *memEntry) {
	if m.NotBefore.IsZero() {
		f.ready = append(f.ready, m.URL)
		return
	}
	f.seq++
	heap.Push(&f.delayed, delayed{url: m.URL, at: m.NotBefore, seq: f.seq})
}

// Next implements Frontier.
func (f *MemoryFrontier) Next(_ context.Context, now time.Time) (Entry, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for len(f.delayed) > 0 && !f.delayed[0].at.After(now) {
		d := heap.Pop(&f.delayed).(delayed)
		f.ready = append(f.ready, d.url)
	}
	for len(f.ready) > 0 {
		u := f.ready[0]
		f.ready[0] = ""
		f.ready = f.ready[1:]
		m := f.entries[u]
		if m == nil || m.state != StateQueued {
			continue // done or re-queued meanwhile
		}
		if m.NotBefore.After(now) {
			// Re-queued with a later time after this slot was taken.
			f.seq++
			heap.Push(&f.delayed, delayed{url: u, at: m.NotBefore, seq: f.seq})
			continue
		}
		f.move(m, StateInFlight)
		return m.Entry, true, nil
	}
	if len(f.ready) == 0 {
		f.ready = nil // release the backing array
	}
	return Entry{}, false, nil
}

// Retry implements Frontier.
func (f *MemoryFrontier) Retry(_ context.Context, e Entry) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.entries[e.URL]
	if m == nil {
		m = &memEntry{Entry: e, state: StateQueued}
		f.entries[e.URL] = m
		f.stats.Queued++
		f.enqueue(m)
		return nil
	}
	if m.state == StateQueued {
		m.Entry = e
		f.enqueue(m)
		return nil
	}
	m.Entry = e
	f.move(m, StateQueued)
	f.enqueue(m)
	return nil
}

// Done implements Frontier.
func (f *MemoryFrontier) Done(_ context.Context, url string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.entries[url]
	if m == nil {
		f.entries[url] = &memEntry{Entry: Entry{URL: url}, state: StateDone}
		f.stats.Done++
		return nil
	}
	f.move(m, StateDone)
	return nil
}

// Fail implements Frontier.
func (f *MemoryFrontier) Fail(_ context.Context, e Entry, reason string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.entries[e.URL]
	if m == nil {
		m = &memEntry{Entry: e, state: StateFailed, reason: reason}
		f.entries[e.URL] = m
		f.stats.Failed++
		return nil
	}
	m.Entry = e
	m.reason = reason
	f.move(m, StateFailed)
	return nil
}

// Stats implements Frontier.
func (f *MemoryFrontier) Stats(context.Context) (FrontierStats, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stats, nil
}

// Lookup returns the entry for url, its state and, for a failed entry, the
// reason. ok is false for an unknown URL.
func (f *MemoryFrontier) Lookup(url string) (e Entry, s State, reason string, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.entries[url]
	if m == nil {
		return Entry{}, 0, "", false
	}
	return m.Entry, m.state, m.reason, true
}

func (f *MemoryFrontier) move(m *memEntry, to State) {
	if m.state == to {
		return
	}
	f.count(m.state, -1)
	f.count(to, 1)
	m.state = to
}

func (f *MemoryFrontier) count(s State, d int) {
	switch s {
	case StateQueued:
		f.stats.Queued += d
	case StateInFlight:
		f.stats.InFlight += d
	case StateDone:
		f.stats.Done += d
	case StateFailed:
		f.stats.Failed += d
	}
}

type delayed struct {
	url string
	at  time.Time
	seq uint64
}

type delayHeap []delayed

func (h delayHeap) Len() int { return len(h) }
func (h delayHeap) Less(i, j int) bool {
	if h[i].at.Equal(h[j].at) {
		return h[i].seq < h[j].seq
	}
	return h[i].at.Before(h[j].at)
}
func (h delayHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *delayHeap) Push(x any)   { *h = append(*h, x.(delayed)) }
func (h *delayHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Known reports whether the frontier holds url in any state.
func (f *MemoryFrontier) Known(_ context.Context, url string) (bool, error) {
	_, _, _, ok := f.Lookup(url)
	return ok, nil
}
