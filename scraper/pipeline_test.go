package scraper

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// batchSink is a BatchSink over memSink that counts its commits and can
// fail the write of one URL, or every commit.
type batchSink struct {
	*memSink
	mu       sync.Mutex
	commits  []int // pages per commit
	others   int
	failURL  string
	failAll  error
	onCommit func(urls []string)
}

type pending struct {
	r     Result
	other bool
}

func (p pending) Size() int { return len(p.r.Response.Body) }

func (s *batchSink) Prepare(_ context.Context, r Result, other bool) (Pending, error) {
	return pending{r, other}, nil
}

func (s *batchSink) Commit(ctx context.Context, ps []Pending) ([]Outcome, []error, error) {
	s.mu.Lock()
	s.commits = append(s.commits, len(ps))
	s.mu.Unlock()
	outs := make([]Outcome, len(ps))
	errs := make([]error, len(ps))
	if s.failAll != nil {
		for i := range errs {
			errs[i] = s.failAll
		}
		return nil, errs, s.failAll
	}
	var urls []string
	for i, p := range ps {
		p := p.(pending)
		if p.other {
			s.mu.Lock()
			s.others++
			s.mu.Unlock()
			continue
		}
		if p.r.URL == s.failURL {
			errs[i] = errors.New("damaged record")
			continue
		}
		outs[i], _ = s.memSink.Put(ctx, p.r)
		urls = append(urls, p.r.URL)
	}
	if s.onCommit != nil {
		s.onCommit(urls)
	}
	return outs, errs, nil
}

func (s *batchSink) PutOther(context.Context, Result) error { return nil }

// doneChecker is a Frontier that fails the test when a URL is marked done
// before the sink stored the article it yielded.
type doneChecker struct {
	Frontier
	t        *testing.T
	sink     *memSink
	articles map[string]bool
}

func (f doneChecker) Done(ctx context.Context, u string) error {
	if f.articles[u] && f.sink.get(u) == nil {
		f.t.Errorf("%s marked done before its article was committed", u)
	}
	return f.Frontier.Done(ctx, u)
}

// articleSite serves a home page linking n articles.
func articleSite(t *testing.T, n int) (*site, []string) {
	s := newSite(t)
	var links, urls []string
	for i := range n {
		p := fmt.Sprintf("/a/%d", i)
		links = append(links, p)
		urls = append(urls, s.url(p))
		s.html(p, page(fmt.Sprint("Article ", i), true))
	}
	s.html("/", page("Home", false, links...))
	return s, urls
}

// TestBatchedCrawl stores every article in far fewer commits than pages,
// none larger than BatchPages, and marks no URL done before its commit.
func TestBatchedCrawl(t *testing.T) {
	s, urls := articleSite(t, 300)
	sink := &batchSink{memSink: newMemSink()}
	cfg := testConfig(sink, s.url("/"))
	cfg.Concurrency = 8
	cfg.BatchPages = 50
	articles := map[string]bool{}
	for _, u := range urls {
		articles[u] = true
	}
	cfg.Frontier = doneChecker{NewMemoryFrontier(), t, sink.memSink, articles}
	sum := crawl(t, cfg)
	if sum.Stored != 300 || len(sink.urls()) != 300 {
		t.Fatalf("stored %d (sink %d); want 300\n%s", sum.Stored, len(sink.urls()), sum)
	}
	if sink.others != 1 {
		t.Errorf("%d other pages committed; want the home page", sink.others)
	}
	for _, n := range sink.commits {
		if n > cfg.BatchPages {
			t.Errorf("a commit of %d pages; want at most %d", n, cfg.BatchPages)
		}
	}
	if len(sink.commits) > 301/5 {
		t.Errorf("%d commits for 301 pages; want batches", len(sink.commits))
	}
	t.Logf("301 pages in %d commits: %v", len(sink.commits), sink.commits)
}

// TestBatchKeepsOtherPagesWhenOneFails: the write that fails is counted as
// an error and the crawl goes on; the rest of its batch is stored.
func TestBatchKeepsOtherPagesWhenOneFails(t *testing.T) {
	s, urls := articleSite(t, 40)
	sink := &batchSink{memSink: newMemSink(), failURL: urls[7]}
	cfg := testConfig(sink, s.url("/"))
	sum := crawl(t, cfg)
	if sum.Stored != 39 || sum.Errors[kindStore] != 1 {
		t.Fatalf("stored %d, store errors %d; want 39 and 1\n%s", sum.Stored, sum.Errors[kindStore], sum)
	}
	if sink.get(urls[7]) != nil {
		t.Error("the failed write was stored")
	}
}

// TestCommitFailureStopsTheCrawl: when a commit fails as a whole, the
// crawl stops with the error and none of its URLs is done.
func TestCommitFailureStopsTheCrawl(t *testing.T) {
	s, urls := articleSite(t, 20)
	sink := &batchSink{memSink: newMemSink(), failAll: errors.New("disk full")}
	cfg := testConfig(sink, s.url("/"))
	front := NewMemoryFrontier()
	cfg.Frontier = front
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sum, err := Crawl(ctx, cfg)
	if err == nil || !strings.Contains(err.Error(), "disk full") || sum.Stop != StopError {
		t.Fatalf("Crawl: %v (stop %q); want the commit error", err, sum.Stop)
	}
	for _, u := range urls {
		if _, st, _, ok := front.Lookup(u); ok && st == StateDone {
			t.Errorf("%s is done although its commit failed", u)
		}
	}
}

// TestSlowExtractionBoundsFetching slows extraction down on purpose: the
// fetchers wait for it, so the pages fetched and not yet extracted stay
// within the pipeline's small buffers however large the site.
func TestSlowExtractionBoundsFetching(t *testing.T) {
	const n = 120
	s, _ := articleSite(t, n)
	sink := newMemSink()
	cfg := testConfig(sink, s.url("/"))
	cfg.Concurrency = 8
	cfg.Extractors = 1
	var extracted, worst atomic.Int64
	cfg.Extract = func(ctx context.Context, in normalizeInput) (*normalizePage, error) {
		waiting := int64(s.allHits()) - extracted.Load()
		for {
			w := worst.Load()
			if waiting <= w || worst.CompareAndSwap(w, waiting) {
				break
			}
		}
		time.Sleep(3 * time.Millisecond)
		defer extracted.Add(1)
		return fakeExtract(ctx, in)
	}
	sum := crawl(t, cfg)
	if sum.Stored != n {
		t.Fatalf("stored %d; want %d", sum.Stored, n)
	}
	// Each fetcher holds at most one page, the queue one per extractor,
	// and each extractor one; robots.txt counts among the hits.
	bound := int64(cfg.Concurrency + 2*cfg.Extractors + 1)
	if w := worst.Load(); w > bound {
		t.Errorf("%d pages fetched and not extracted at once; want at most %d", w, bound)
	}
	t.Logf("at most %d pages waited for extraction (bound %d)", worst.Load(), bound)
}

// TestSlowPageHoldsNoConnection: with one request at a time per host, a
// page whose extraction hangs does not stop the others from being fetched
// and stored.
func TestSlowPageHoldsNoConnection(t *testing.T) {
	const n = 30
	s, urls := articleSite(t, n)
	sink := newMemSink()
	cfg := testConfig(sink, s.url("/"))
	cfg.Concurrency = 1
	cfg.Extractors = 2
	others := make(chan struct{})
	var stored atomic.Int64
	slow := urls[0]
	cfg.Sink = SinkFunc(func(ctx context.Context, r Result) (Outcome, error) {
		out, err := sink.Put(ctx, r)
		if r.URL != slow && stored.Add(1) == n-1 {
			close(others)
		}
		return out, err
	})
	cfg.Extract = func(ctx context.Context, in normalizeInput) (*normalizePage, error) {
		if in.URL == slow {
			select {
			case <-others:
			case <-time.After(15 * time.Second):
				return nil, errors.New("the other pages were not fetched while this one was extracted")
			}
		}
		return fakeExtract(ctx, in)
	}
	sum := crawl(t, cfg)
	if sum.Stored != n {
		t.Fatalf("stored %d; want %d\n%s", sum.Stored, n, sum)
	}
	if last := sink.order[len(sink.order)-1]; last != slow {
		t.Errorf("last stored %s; want the slow page %s", last, slow)
	}
}
