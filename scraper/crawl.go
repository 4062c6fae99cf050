package scraper

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ingest-archive/ingest/normalize"
)

const (
	// maxWorkers caps the goroutines fetching at once across all hosts.
	maxWorkers = 64
	// maxRemoteWorkers caps the requests handed to Config.Remote at once.
	maxRemoteWorkers = 1024
	// progressEvery is the interval between Progress calls.
	progressEvery = 500 * time.Millisecond
	// idlePoll is how often a crawl with only future-dated queued entries
	// that it did not schedule itself looks at the Frontier again.
	idlePoll = 200 * time.Millisecond
)

// Crawl fetches from cfg.Seeds until the Frontier has nothing left to fetch,
// cfg.MaxPages pages were fetched, or ctx is cancelled, and returns what it
// did. On cancellation it stops starting requests, aborts those in flight
// (their URLs go back to the queue), lets pages already fetched reach the
// Sink, and returns the partial Summary with an error wrapping ctx.Err().
// A Sink or Frontier error stops the crawl the same way and is returned.
// Invalid configuration is reported as a *ConfigError before anything runs.
func Crawl(ctx context.Context, cfg Config) (Summary, error) {
	if err := cfg.Validate(); err != nil {
		return Summary{}, err
	}
	c, err := newCrawler(ctx, &cfg)
	if err != nil {
		return Summary{}, err
	}
	return c.run(ctx)
}

// crawler is one run of Crawl. Fields below the line belong to the
// dispatching goroutine.
type crawler struct {
	cfg     *Config
	log     *slog.Logger
	front   Frontier
	scope   *scope
	pol     *politeness
	fetcher *fetcher
	seedRaw map[string]string // canonical seed → seed as typed, when different
	seeds   map[string]bool   // canonical seeds
	workers int
	batch   BatchSink  // cfg.Sink when it commits in batches
	alts    alternates // aliases declared by non-article pages
	// replaying is true for a Replay, which follows no link: the links a
	// page holds are not even resolved.
	replaying bool
	// chains holds, for queued URLs found on a page of their own shape
	// that brought nothing new, how many such pages in a row led to them.
	chains map[string]int

	sum      Summary
	started  time.Time
	earliest time.Time // earliest NotBefore of a retry this run scheduled
	lastProg time.Time
	inflight int
	fatal    error
}

// baseCrawler is what a crawl and a replay share: the logger, the scope,
// the Frontier and the Sink. what names the run in errors.
func baseCrawler(cfg *Config, front Frontier, what string) (*crawler, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	sc, err := newScope(cfg.Scope, cfg.Seeds, cfg.Include, cfg.Exclude)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	c := &crawler{
		cfg:     cfg,
		log:     log,
		front:   front,
		scope:   sc,
		seedRaw: make(map[string]string),
		seeds:   make(map[string]bool),
		chains:  make(map[string]int),
	}
	if bs, ok := cfg.Sink.(BatchSink); ok {
		c.batch = bs
	}
	return c, nil
}

func newCrawler(ctx context.Context, cfg *Config) (*crawler, error) {
	front := cfg.Frontier
	if front == nil {
		front = NewMemoryFrontier()
	}
	c, err := baseCrawler(cfg, front, "crawl")
	if err != nil {
		return nil, err
	}
	pol, f, err := newFetchStack(ctx, cfg, c.scope, c.log)
	if err != nil {
		return nil, err
	}
	c.pol, c.fetcher = pol, f
	hosts := make(map[string]bool)
	for _, s := range cfg.Seeds {
		canon, _ := normalize.CanonicalURL(s)
		c.seeds[canon] = true
		if raw := strings.TrimSpace(s); raw != canon {
			c.seedRaw[canon] = raw
		}
		if u, err := url.Parse(canon); err == nil {
			hosts[u.Host] = true
		}
	}
	c.workers = min(max(cfg.Concurrency*len(hosts), cfg.Concurrency), maxWorkers)
	if cfg.Remote != nil {
		// A remote fetch holds a goroutine and no connection here.
		c.workers = min(max(cfg.Concurrency*len(hosts), cfg.Concurrency), maxRemoteWorkers)
		if cfg.Rate > 0 {
			// A job may wait for a worker: only one request per host in
			// flight, spaced from the end of the one before (see
			// remoteFetch), keeps the rate at the host whatever the delays.
			pol.concurrency = 1
		}
	}
	return c, nil
}

// newFetchStack builds what fetches for a crawl or a queue worker: the
// address guard, the transport, politeness (whose robots.txt client shares
// the transport) and the fetcher.
func newFetchStack(ctx context.Context, cfg *Config, sc *scope, log *slog.Logger) (*politeness, *fetcher, error) {
	guard := newAddrGuard(cfg.AllowPrivate, cfg.Seeds, cfg.Timeout)
	transport := newTransport(cfg, guard)
	pol := newPoliteness(cfg, &http.Client{Transport: transport, Timeout: cfg.Timeout}, log)
	f, err := newFetcher(ctx, cfg, sc, pol, transport)
	if err != nil {
		return nil, nil, err
	}
	return pol, f, nil
}

// run dispatches due entries to the workers and applies their results to
// the Frontier and the Summary, in one goroutine.
func (c *crawler) run(ctx context.Context) (Summary, error) {
	save := c.begin(ctx)

	seeds := make([]Entry, 0, len(c.cfg.Seeds))
	for _, s := range c.cfg.Seeds {
		canon, _ := normalize.CanonicalURL(s)
		seeds = append(seeds, Entry{URL: canon})
	}
	if _, err := c.front.Add(save, seeds...); err != nil {
		return c.finish(StopError), fmt.Errorf("crawl: queue seeds: %w", err)
	}
	c.log.Info("crawl started", "seeds", len(c.cfg.Seeds), "workers", c.workers, "scope", c.cfg.Scope)

	st := c.start(ctx)
	limit := c.maxInflight()
	var next *Entry // taken from the Frontier, not yet taken by a fetcher
	defer st.stop()

	stop := ""
	done := ctx.Done()
	for {
		if stop == "" && ctx.Err() != nil {
			stop = StopCanceled
		}
		if stop == "" && c.fatal != nil {
			stop = StopError
		}
		if stop != "" && next != nil {
			// Not fetched: back to the queue as it was.
			c.inflight--
			e := *next
			next = nil
			e.NotBefore = time.Time{}
			if err := c.front.Retry(save, e); err != nil && c.fatal == nil {
				c.fatal = fmt.Errorf("crawl: frontier: %w", err)
			}
		}
		idle := false
		if stop == "" && next == nil && c.inflight < limit && !c.maxPagesReached() {
			e, ok, err := c.front.Next(ctx, time.Now())
			switch {
			case err != nil:
				if ctx.Err() == nil {
					c.fatal = fmt.Errorf("crawl: frontier: %w", err)
					stop = StopError
				}
			case ok:
				next = &e
				c.inflight++
			default:
				idle = true
			}
		}
		if c.inflight == 0 {
			if stop != "" {
				break
			}
			if c.maxPagesReached() {
				stop = StopMaxPages
				break
			}
			st, err := c.front.Stats(save)
			if err != nil {
				c.fatal = fmt.Errorf("crawl: frontier: %w", err)
				stop = StopError
				break
			}
			if st.Queued == 0 {
				stop = StopDone
				break
			}
		}

		var timer *time.Timer
		var wake <-chan time.Time
		if idle && stop == "" {
			if d, ok := c.pollDelay(save); ok {
				timer = time.NewTimer(d)
				wake = timer.C
			}
		}
		if stop != "" {
			done = nil
		}
		var jobs chan<- Entry // nil, so never ready, when nothing is taken
		var nextEntry Entry
		if next != nil {
			jobs, nextEntry = st.jobs, *next
		}
		select {
		case jobs <- nextEntry:
			next = nil
		case r := <-st.results:
			c.inflight--
			c.apply(save, r)
		case <-wake:
		case <-done:
		}
		if timer != nil {
			timer.Stop()
		}
		c.progress(save, false)
	}

	return c.end(ctx, save, stop, "crawl")
}

// begin starts a run's clock and summary, and returns the context of its
// Frontier and Sink writes, which survive cancellation.
func (c *crawler) begin(ctx context.Context) context.Context {
	c.started = time.Now()
	c.sum = Summary{Started: c.started, Errors: make(map[string]int)}
	return context.WithoutCancel(ctx)
}

// end closes a run that stopped for the given reason: the summary, a last
// progress line, the log line, and the error a canceled or failed run
// returns. what names the run ("crawl", "replay").
func (c *crawler) end(ctx, save context.Context, stop, what string) (Summary, error) {
	sum := c.finish(stop)
	c.progress(save, true)
	c.log.Info(what+" finished", "stop", sum.Stop, "pages", sum.PagesFetched,
		"articles", sum.Articles(), "errors", sum.ErrorCount(), "duration", sum.Duration)
	switch stop {
	case StopCanceled:
		return sum, fmt.Errorf("%s: %w", what, ctx.Err())
	case StopError:
		return sum, c.fatal
	}
	return sum, nil
}

func (c *crawler) maxPagesReached() bool {
	return c.cfg.MaxPages > 0 && c.sum.PagesFetched+c.inflight >= c.cfg.MaxPages
}

// pollDelay is how long to wait for queued entries that are not due yet;
// ok is false when nothing is queued, so only a worker's result can change
// anything.
func (c *crawler) pollDelay(ctx context.Context) (time.Duration, bool) {
	now := time.Now()
	if !c.earliest.IsZero() {
		if d := c.earliest.Sub(now); d > 0 {
			return min(max(d, 5*time.Millisecond), idlePoll), true
		}
		c.earliest = time.Time{}
	}
	st, err := c.front.Stats(ctx)
	if err != nil || st.Queued == 0 {
		return 0, false
	}
	return idlePoll, true
}

func (c *crawler) finish(stop string) Summary {
	c.sum.Stop = stop
	c.sum.Duration = time.Since(c.started)
	s := c.sum
	s.Errors = make(map[string]int, len(c.sum.Errors))
	for k, v := range c.sum.Errors {
		s.Errors[k] = v
	}
	return s
}

func (c *crawler) progress(ctx context.Context, force bool) {
	if c.cfg.Progress == nil {
		return
	}
	now := time.Now()
	if !force && now.Sub(c.lastProg) < progressEvery {
		return
	}
	c.lastProg = now
	st, _ := c.front.Stats(ctx)
	elapsed := now.Sub(c.started)
	p := Progress{
		Elapsed:  elapsed,
		Fetched:  c.sum.PagesFetched,
		Articles: c.sum.Articles(),
		Done:     st.Done,
		Queued:   st.Queued,
		InFlight: c.inflight,
		Errors:   c.sum.ErrorCount(),
	}
	if secs := elapsed.Seconds(); secs > 0 {
		p.Rate = float64(c.sum.PagesFetched) / secs
	}
	c.cfg.Progress(p)
}

// apply records a worker's result in the Frontier and the Summary.
func (c *crawler) apply(ctx context.Context, r workResult) {
	if r.fatal != nil && c.fatal == nil {
		c.fatal = r.fatal
	}
	var err error
	switch r.action {
	case actDone:
		err = c.front.Done(ctx, r.entry.URL)
		for _, u := range r.alsoDone {
			if err == nil {
				err = c.front.Done(ctx, u)
			}
		}
	case actRetry:
		c.sum.Retries++
		if c.earliest.IsZero() || r.entry.NotBefore.Before(c.earliest) {
			c.earliest = r.entry.NotBefore
		}
		err = c.front.Retry(ctx, r.entry)
	case actFail:
		c.sum.Errors[r.kind]++
		err = c.front.Fail(ctx, r.entry, r.kind)
	case actRobots:
		c.sum.RobotsDisallowed++
		err = c.front.Fail(ctx, r.entry, kindRobots)
	case actRequeue:
		e := r.entry
		e.NotBefore = time.Time{}
		err = c.front.Retry(ctx, e)
	}
	if r.fetched {
		c.sum.PagesFetched++
	}
	switch r.page {
	case pageArticle:
		switch r.outcome {
		case Stored:
			c.sum.Stored++
		case Updated:
			c.sum.Updated++
		case Unchanged:
			c.sum.Unchanged++
		case Merged:
			c.sum.Merged++
		default:
			c.sum.Errors["sink_outcome"]++
		}
	case pageNonArticle:
		c.sum.NonArticle++
	case pageSitemap:
		c.sum.Sitemaps++
	case pageFeed:
		c.sum.Feeds++
	case pageNonHTML:
		c.sum.SkippedNonHTML++
	case pageNotModified:
		c.sum.NotModified++
	case pageSkipped:
		c.sum.SkippedFresh++
	}
	if err == nil {
		err = c.addFound(ctx, r)
	}
	for _, u := range r.skipped {
		if err != nil {
			break
		}
		// Counted once per URL: added now, done at once.
		var n int
		if n, err = c.front.Add(ctx, Entry{URL: u, Depth: r.entry.Depth + 1}); n == 1 && err == nil {
			c.sum.SkippedNonHTML++
			err = c.front.Done(ctx, u)
		}
	}
	if err != nil && c.fatal == nil {
		c.fatal = fmt.Errorf("crawl: frontier: %w", err)
	}
}
