package scraper

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"regexp"
	"runtime"
	"time"

	"github.com/ingest-archive/ingest/normalize"
)

// Defaults used by DefaultConfig and, for fields whose zero value means
// nothing, by Validate.
const (
	DefaultRate        = 2.0
	DefaultConcurrency = 2
	DefaultTimeout     = 30 * time.Second
	DefaultMaxBody     = 10 << 20
	DefaultRetries     = 3
	DefaultBackoff     = time.Second
	DefaultTrapDepth   = 1000
	DefaultTrapPages   = 20
	DefaultUserAgent   = "ingest/0.1 (+https://github.com/ingest-archive/ingest)"
	DefaultScope       = ScopeHost
	DefaultBatchPages  = 100
	DefaultBatchBytes  = 8 << 20
	DefaultBatchDelay  = 200 * time.Millisecond
)

// Scope values for Config.Scope.
const (
	// ScopeHost keeps the crawl on the seeds' hosts (port included, scheme
	// ignored).
	ScopeHost = "host"
	// ScopeDomain keeps the crawl on the seeds' registrable domains and
	// their subdomains.
	ScopeDomain = "domain"
	// ScopePrefix keeps the crawl under the seeds' directories: a seed
	// https://x.org/blog/post allows https://x.org/blog/… only.
	ScopePrefix = "prefix"
)

// ExtractFunc turns one fetched page into a Page; normalize.Extract bound to
// its options fits. It is called from several goroutines at once.
type ExtractFunc func(ctx context.Context, in normalize.Input) (*normalize.Page, error)

// Config is what one crawl does. Start from DefaultConfig: Rate and Retries
// take their zero value literally (no rate limit, no retries), while a zero
// Concurrency, Timeout, MaxBody, Backoff, UserAgent or Scope gets its
// default. A Config must not be changed while Crawl runs.
type Config struct {
	// Seeds are absolute http(s) URLs: pages, sitemaps, sitemap indexes,
	// RSS or Atom feeds. They define the crawl's scope.
	Seeds []string
	// Rate is requests per second per host; 0 means no limit.
	Rate float64
	// Concurrency is requests in flight per host.
	Concurrency int
	// MaxPages stops the crawl after this many pages were fetched; 0 means
	// no limit.
	MaxPages int
	// MaxDepth is how many links away from a seed the crawl goes; 0 means no
	// limit. URLs listed in a sitemap or feed have the sitemap's depth.
	MaxDepth int
	// TrapDepth bounds chains of pages whose URLs differ only in their
	// numbers (a calendar's next month, endless ?page=N): past this many
	// hops from a seed, a link that looks like the page it was found on
	// is not followed. It keeps a crawl with no MaxDepth finite.
	TrapDepth int
	// TrapPages cuts crawler traps sooner: once this many pages in a row
	// of a chain whose URLs differ only in numbers or query values brought
	// no new link of another shape, the chain's next links are not
	// followed. Pagination whose pages bring new links goes on. Zero
	// means the default, 20. The count starts again when a crawl resumes.
	TrapPages int
	// Timeout bounds one request, redirects and body included.
	Timeout time.Duration
	// MaxBody is the largest body accepted, in bytes (after gzip decoding).
	// A larger response fails with ErrTooLarge.
	MaxBody int64
	// Retries is how many times a retryable failure is retried.
	Retries int
	// Backoff is the first retry delay; it doubles with each attempt, with
	// jitter, up to a few minutes. A Retry-After header wins when longer.
	Backoff time.Duration
	// UserAgent is sent with every request and matched against robots.txt.
	UserAgent string
	// IgnoreRobots skips robots.txt entirely (rules, Crawl-delay, sitemaps).
	IgnoreRobots bool
	// AllowPrivate allows hosts on private, loopback and link-local
	// addresses even when no seed is on one.
	AllowPrivate bool
	// Scope is ScopeHost, ScopeDomain or ScopePrefix.
	Scope string
	// Include, when not empty, admits only discovered URLs matching one of
	// them; Exclude drops discovered URLs matching any. Seeds are exempt.
	Include []*regexp.Regexp
	Exclude []*regexp.Regexp
	// Extractors is how many pages are extracted at once, on goroutines
	// of their own so that fetching never waits on a slow page; 0 means
	// one per CPU (GOMAXPROCS).
	Extractors int
	// BatchPages, BatchBytes and BatchDelay bound a batch of pages handed
	// to a BatchSink's Commit: it is committed once it holds BatchPages
	// pages or BatchBytes bytes, once its first page has waited
	// BatchDelay, or as soon as no other page is on its way. Zero means
	// the default (100 pages, 8 MiB, 200 ms).
	BatchPages int
	BatchBytes int
	BatchDelay time.Duration
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// Extract classifies and parses each HTML page. Required.
	Extract ExtractFunc
	// Sink receives every article page. Required.
	Sink Sink
	// Conditional, when set, is asked about each URL before it is fetched:
	// the validators it returns make the request conditional, and the
	// known URLs that answer 304, 404 or 410 are reported to a Sink that
	// implements RevisitSink. nil means plain requests.
	Conditional ConditionalFunc
	// Lastmod, when set, is called with the canonical URL and the
	// <lastmod> of every <url> entry of a sitemap that has a readable one
	// (a W3C datetime or date), before the entry is queued. The time is
	// the latest instant the <lastmod> can mean: the end of the second,
	// minute or day it names, read in the latest time zone (UTC−12) when
	// it has none; so "2024-03-05" is 2024-03-06T11:59:59.999999999Z. A
	// page fetched after that time is unchanged if the site is right. It is
	// called from several goroutines at once.
	Lastmod func(url string, lastmod time.Time)
	// Skip, when set, is asked about each URL when a worker takes it, before
	// robots.txt or the URL itself is requested; a URL for which it
	// reports true is done without any request and counted in
	// Summary.SkippedFresh. It is called from several goroutines at once.
	// nil skips nothing.
	Skip func(url string) bool
	// Frontier holds the crawl's URLs; nil means a new MemoryFrontier.
	Frontier Frontier
	// Remote, when set, fetches (and may extract) each page elsewhere,
	// through a queue of workers, instead of in this process. Politeness
	// stays here: a request is handed to Remote only when its host's rate
	// and concurrency allow, and its slot is held until the answer comes
	// back, so the limits hold whatever the number of workers.
	Remote RemoteFetcher
	// Progress, when set, is called about twice a second and once at the
	// end from the goroutine running Crawl.
	Progress func(Progress)
}

// DefaultConfig returns a Config with every default filled in and the given
// seeds.
func DefaultConfig(seeds ...string) Config {
	return Config{
		Seeds:       seeds,
		Rate:        DefaultRate,
		Concurrency: DefaultConcurrency,
		Timeout:     DefaultTimeout,
		MaxBody:     DefaultMaxBody,
		Retries:     DefaultRetries,
		Backoff:     DefaultBackoff,
		UserAgent:   DefaultUserAgent,
		Scope:       DefaultScope,
		TrapDepth:   DefaultTrapDepth,
		TrapPages:   DefaultTrapPages,
	}
}

// Validate fills in the defaults of fields whose zero value means nothing
// and reports the first invalid field as a *ConfigError.
func (c *Config) Validate() error {
	if len(c.Seeds) == 0 {
		return &ConfigError{Field: "Seeds", Problem: "no seed URL", Hint: "give at least one http(s) URL"}
	}
	for i, s := range c.Seeds {
		if _, err := normalize.CanonicalURL(s); err != nil {
			return &ConfigError{Field: fmt.Sprintf("Seeds[%d]", i), Problem: fmt.Sprintf("%q is not an absolute http(s) URL", s)}
		}
	}
	if c.Rate < 0 || math.IsNaN(c.Rate) || math.IsInf(c.Rate, 0) {
		return &ConfigError{Field: "Rate", Problem: fmt.Sprintf("%v requests per second", c.Rate), Hint: "use 0 for no limit"}
	}
	checks := []struct {
		field string
		bad   bool
		value any
	}{
		{"Concurrency", c.Concurrency < 0, c.Concurrency},
		{"MaxPages", c.MaxPages < 0, c.MaxPages},
		{"MaxDepth", c.MaxDepth < 0, c.MaxDepth},
		{"TrapDepth", c.TrapDepth < 0, c.TrapDepth},
		{"TrapPages", c.TrapPages < 0, c.TrapPages},
		{"Timeout", c.Timeout < 0, c.Timeout},
		{"MaxBody", c.MaxBody < 0, c.MaxBody},
		{"Retries", c.Retries < 0, c.Retries},
		{"Backoff", c.Backoff < 0, c.Backoff},
		{"Extractors", c.Extractors < 0, c.Extractors},
		{"BatchPages", c.BatchPages < 0, c.BatchPages},
		{"BatchBytes", c.BatchBytes < 0, c.BatchBytes},
		{"BatchDelay", c.BatchDelay < 0, c.BatchDelay},
	}
	for _, ch := range checks {
		if ch.bad {
			return &ConfigError{Field: ch.field, Problem: fmt.Sprintf("%v is negative", ch.value)}
		}
	}
	if c.Concurrency > 256 {
		return &ConfigError{Field: "Concurrency", Problem: fmt.Sprintf("%d requests in flight per host", c.Concurrency), Hint: "at most 256"}
	}
	switch c.Scope {
	case "", ScopeHost, ScopeDomain, ScopePrefix:
	default:
		return &ConfigError{Field: "Scope", Problem: fmt.Sprintf("unknown scope %q", c.Scope), Hint: "host, domain or prefix"}
	}
	for i, re := range c.Include {
		if re == nil {
			return &ConfigError{Field: fmt.Sprintf("Include[%d]", i), Problem: "nil regexp"}
		}
	}
	for i, re := range c.Exclude {
		if re == nil {
			return &ConfigError{Field: fmt.Sprintf("Exclude[%d]", i), Problem: "nil regexp"}
		}
	}
	if c.Extract == nil {
		return &ConfigError{Field: "Extract", Problem: "missing", Hint: "pass normalize.Extract bound to its options"}
	}
	if c.Sink == nil {
		return &ConfigError{Field: "Sink", Problem: "missing"}
	}

	if c.Concurrency == 0 {
		c.Concurrency = DefaultConcurrency
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxBody == 0 {
		c.MaxBody = DefaultMaxBody
	}
	if c.Backoff == 0 {
		c.Backoff = DefaultBackoff
	}
	if c.TrapDepth == 0 {
		c.TrapDepth = DefaultTrapDepth
	}
	if c.TrapPages == 0 {
		c.TrapPages = DefaultTrapPages
	}
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.Extractors == 0 {
		c.Extractors = runtime.GOMAXPROCS(0)
	}
	if c.BatchPages == 0 {
		c.BatchPages = DefaultBatchPages
	}
	if c.BatchBytes == 0 {
		c.BatchBytes = DefaultBatchBytes
	}
	if c.BatchDelay == 0 {
		c.BatchDelay = DefaultBatchDelay
	}
	if c.Scope == "" {
		c.Scope = DefaultScope
	}
	return nil
}
