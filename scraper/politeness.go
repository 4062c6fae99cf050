package scraper

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// Politeness limits.
const (
	// maxRobotsBody is the most of a robots.txt file read (RFC 9309 asks
	// crawlers to parse at least 500 KiB).
	maxRobotsBody = 512 << 10
	// maxCrawlDelay caps a robots.txt Crawl-delay.
	maxCrawlDelay = time.Minute
	// maxPenalty caps the extra delay a host earns with 429 and 503 answers.
	maxPenalty = 30 * time.Second
	// firstPenalty is the extra delay after a host's first 429 or 503.
	firstPenalty = 250 * time.Millisecond
	// maxRobotsUnreachable is how many times an unreachable robots.txt is
	// tried before the host is crawled without rules.
	maxRobotsUnreachable = 3
)

// politeness spaces and bounds the requests to each host and applies its
// robots.txt. Hosts are keyed by origin (scheme://host:port); the map grows
// with the hosts in scope only. It is safe for concurrent use.
type politeness struct {
	rate         float64
	concurrency  int
	ignoreRobots bool
	userAgent    string
	retries      int
	backoffBase  time.Duration
	client       *http.Client // for robots.txt
	log          *slog.Logger

	mu    sync.Mutex
	hosts map[string]*hostState
}

type hostState struct {
	slots chan struct{}

	mu          sync.Mutex
	next        time.Time // earliest start of the next request
	pausedUntil time.Time // set by Retry-After and backoff after 429/503
	penalty     time.Duration

	robotsMu       sync.Mutex // held while robots.txt is fetched
	robotsLoaded   bool
	robotsFailures int
	robots         *robotstxt.RobotsData // nil: everything allowed
	crawlDelay     time.Duration
}

func newPoliteness(cfg *Config, client *http.Client, log *slog.Logger) *politeness {
	return &politeness{
		rate:         cfg.Rate,
		concurrency:  cfg.Concurrency,
		ignoreRobots: cfg.IgnoreRobots,
		userAgent:    cfg.UserAgent,
		retries:      cfg.Retries,
		backoffBase:  cfg.Backoff,
		client:       client,
		log:          log,
		hosts:        make(map[string]*hostState),
	}
}

func origin(u *url.URL) string { return u.Scheme + "://" + u.Host }

func (p *politeness) host(u *url.URL) *hostState {
	key := origin(u)
	p.mu.Lock()
	defer p.mu.Unlock()
	h := p.hosts[key]
	if h == nil {
		h = &hostState{slots: make(chan struct{}, p.concurrency)}
		p.hosts[key] = h
	}
	return h
}

// interval is the spacing between request starts for h.
func (p *politeness) interval(h *hostState) time.Duration {
	var d time.Duration
	if p.rate > 0 {
		d = time.Duration(float64(time.Second) / p.rate)
	}
	d = max(d, h.crawlDelay)
	return d + h.penalty
}

// acquire waits for a free request slot on u's host and for the host's next
// start time. The caller must call release once the request is over.
func (p *politeness) acquire(ctx context.Context, u *url.URL) (release func(), err error) {
	h := p.host(u)
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	h.mu.Lock()
	now := time.Now()
	start := now
	if h.next.After(start) {
		start = h.next
	}
	if h.pausedUntil.After(start) {
		start = h.pausedUntil
	}
	h.next = start.Add(p.interval(h))
	h.mu.Unlock()

	if wait := start.Sub(now); wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			<-h.slots
			return nil, ctx.Err()
		}
	}
	return func() { <-h.slots }, nil
}

// spaceFrom makes the next request to u's host start at least an
// interval after t: a request known to have reached the host by t.
func (p *politeness) spaceFrom(u *url.URL, t time.Time) {
	h := p.host(u)
	h.mu.Lock()
	defer h.mu.Unlock()
	if next := t.Add(p.interval(h)); next.After(h.next) {
		h.next = next
	}
}

// slowDown records a 429 or 503 from u's host: no request starts there
// before pause has passed, and every later request is spaced further apart.
func (p *politeness) slowDown(u *url.URL, pause time.Duration) {
	h := p.host(u)
	h.mu.Lock()
	defer h.mu.Unlock()
	if until := time.Now().Add(pause); until.After(h.pausedUntil) {
		h.pausedUntil = until
	}
	h.penalty = min(max(2*h.penalty, firstPenalty), maxPenalty)
}

// recovered records a successful answer from u's host, halving its penalty.
func (p *politeness) recovered(u *url.URL) {
	h := p.host(u)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.penalty > 0 {
		h.penalty /= 2
		if h.penalty < firstPenalty/4 {
			h.penalty = 0
		}
	}
}

// robotsPath is the path and query robots.txt rules are matched against.
func robotsPath(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// allowed reports whether robots.txt lets the crawl fetch u, fetching the
// host's robots.txt the first time. sitemaps are the Sitemap lines of that
// robots.txt, returned once, by the call that fetched it. A robots.txt that
// cannot be reached is asked for again by the next calls, up to
// maxRobotsUnreachable times, the URL being allowed meanwhile: the page
// fetch then meets and reports the same network error.
func (p *politeness) allowed(ctx context.Context, u *url.URL) (ok bool, sitemaps []string, err error) {
	if p.ignoreRobots {
		return true, nil, nil
	}
	h := p.host(u)
	h.robotsMu.Lock()
	defer h.robotsMu.Unlock()
	if !h.robotsLoaded {
		data, err := p.fetchRobots(ctx, u)
		switch {
		case ctx.Err() != nil:
			return false, nil, ctx.Err()
		case err != nil:
			h.robotsFailures++
			if h.robotsFailures < maxRobotsUnreachable {
				p.log.Debug("robots.txt unreachable", "host", origin(u), "err", err)
				return true, nil, nil
			}
			p.log.Warn("robots.txt unreachable; crawling without rules", "host", origin(u), "err", err)
		case data != nil:
			h.robots = data
			sitemaps = data.Sitemaps
			if g := data.FindGroup(p.userAgent); g != nil {
				h.mu.Lock()
				h.crawlDelay = min(g.CrawlDelay, maxCrawlDelay)
				h.mu.Unlock()
			}
		}
		h.robotsLoaded = true
	}
	if h.robots == nil {
		return true, sitemaps, nil
	}
	return h.robots.TestAgent(robotsPath(u), p.userAgent), sitemaps, nil
}

// allowedCached is allowed without fetching: a host whose robots.txt is not
// loaded yet counts as allowed. Used for redirect targets.
func (p *politeness) allowedCached(u *url.URL) bool {
	if p.ignoreRobots {
		return true
	}
	h := p.host(u)
	if !h.robotsMu.TryLock() {
		return true // being fetched right now
	}
	defer h.robotsMu.Unlock()
	if !h.robotsLoaded || h.robots == nil {
		return true
	}
	return h.robots.TestAgent(robotsPath(u), p.userAgent)
}

var disallowAll = func() *robotstxt.RobotsData {
	d, _ := robotstxt.FromStatusAndBytes(http.StatusServiceUnavailable, nil)
	return d
}()

// fetchRobots fetches and parses the robots.txt of u's origin. Following
// RFC 9309: 4xx means no rules, and a server error that persists through
// the retries means everything is disallowed. nil data means no rules. A
// network error is returned as is, without retrying.
func (p *politeness) fetchRobots(ctx context.Context, u *url.URL) (*robotstxt.RobotsData, error) {
	robotsURL := origin(u) + "/robots.txt"
	log := p.log.With("url", robotsURL)
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			t := time.NewTimer(backoff(p.backoffBase, attempt))
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return nil, ctx.Err()
			}
		}
		status, body, err := p.getRobots(ctx, robotsURL)
		if err != nil {
			return nil, err
		}
		if status >= 500 || status == http.StatusTooManyRequests {
			if attempt < p.retries {
				log.Debug("robots.txt unavailable, retrying", "status", status)
				continue
			}
			log.Warn("robots.txt keeps failing; treating the host as disallowed", "status", status)
			return disallowAll, nil
		}
		if status >= 400 {
			return nil, nil
		}
		data, perr := robotstxt.FromStatusAndBytes(status, body)
		if perr != nil {
			log.Warn("robots.txt unparsable; crawling without rules", "err", perr)
			return nil, nil
		}
		return data, nil
	}
}

func (p *politeness) getRobots(ctx context.Context, robotsURL string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, robotsURL, nil)
	if err != nil {
		return 0, nil, fmt.Errorf("robots %s: %w", robotsURL, err)
	}
	req.Header.Set("User-Agent", p.userAgent)
	req.Header.Set("Accept", "text/plain,*/*;q=0.5")
	resp, err := p.client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("robots %s: %w", robotsURL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxRobotsBody))
	if err != nil {
		return resp.StatusCode, nil, fmt.Errorf("robots %s: read: %w", robotsURL, err)
	}
	return resp.StatusCode, body, nil
}
