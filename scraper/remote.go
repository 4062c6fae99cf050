package scraper

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"time"

	"github.com/ingest-archive/ingest/normalize"
)

// RemoteFetcher fetches a page on a crawl's behalf somewhere else, on a
// worker that a queue hands the request to (see Config.Remote). Fetch
// blocks until the answer is back or ctx is done; it is called from many
// goroutines at once. An error means no answer came (the queue failed or
// timed out): the URL is retried like one whose connection failed.
type RemoteFetcher interface {
	Fetch(ctx context.Context, req FetchRequest) (FetchResponse, error)
}

// FetchRequest is one page to fetch: a canonical URL and, on a revisit,
// the validators that make the request conditional.
type FetchRequest struct {
	URL        string
	Validators Validators
}

// FetchResponse is a fetch done by a FetchWorker, as it travels back.
type FetchResponse struct {
	Status    int
	Header    http.Header
	FinalURL  string   // the URL the response was finally served from
	Hops      []string // URLs redirected to, in order, as found
	Body      []byte
	FetchedAt time.Time
	NotText   bool // aborted after the headers: a media type never a page
	// Request is the request the worker sent for the final hop, as it
	// went out, for the archive's WARC request records; nil when none
	// was sent.
	Request *Request
	// Err is the message of a failed fetch, "" when a response came;
	// ErrKind is the kind counted in Summary.Errors, and Retry whether it
	// is worth retrying.
	Err     string
	ErrKind string
	Retry   bool
	// Page is the page extracted by the worker, nil when it is not an HTML
	// page or extraction failed there (the crawl then extracts it itself).
	Page *normalize.Page
	// Returned is when the fetch returned, on the worker's clock; the
	// queue turns it into SinceFetch as the answer leaves the worker.
	Returned time.Time
	// SinceFetch is how long before the answer left the worker its fetch
	// had returned. The crawl spaces the host's next request from that
	// moment, which the site's request was surely made before.
	SinceFetch time.Duration
}

// RemoteError is a fetch that failed on a worker, or a request that got no
// answer from the queue: its Kind and Retry decide what the crawl does, as
// those of a local failure do.
type RemoteError struct {
	Kind  string
	Retry bool
	Msg   string
}

func (e *RemoteError) Error() string { return e.Msg }

// remoteFetch asks Config.Remote for rawURL and turns the answer into what
// the local fetcher would have returned.
func (c *crawler) remoteFetch(ctx context.Context, rawURL string, v Validators) fetchOutcome {
	resp, err := c.cfg.Remote.Fetch(ctx, FetchRequest{URL: rawURL, Validators: v})
	if err != nil {
		if ctx.Err() != nil {
			return fetchOutcome{requested: rawURL, finalURL: rawURL, fetchedAt: time.Now(), err: ctx.Err()}
		}
		return fetchOutcome{requested: rawURL, finalURL: rawURL, fetchedAt: time.Now(),
			err: &RemoteError{Kind: kindQueue, Retry: true, Msg: fmt.Sprintf("fetch %s: %v", rawURL, err)}}
	}
	// The site got the request before the worker's fetch returned: the
	// host's next request starts an interval after that at the earliest,
	// however long the job waited for a worker.
	if u, perr := url.Parse(rawURL); perr == nil {
		c.pol.spaceFrom(u, time.Now().Add(-resp.SinceFetch))
	}
	out := fetchOutcome{
		requested: rawURL,
		hops:      resp.Hops,
		status:    resp.Status,
		header:    resp.Header,
		finalURL:  resp.FinalURL,
		body:      resp.Body,
		fetchedAt: resp.FetchedAt,
		notText:   resp.NotText,
		page:      resp.Page,
		request:   resp.Request,
	}
	if resp.Err != "" {
		out.err = &RemoteError{Kind: resp.ErrKind, Retry: resp.Retry, Msg: resp.Err}
	} else {
		// The worker followed redirects without robots.txt, which the
		// crawl holds: a chain that went through a disallowed URL fails
		// here as it would have failed in a local fetch.
		for _, h := range out.hops {
			if hu, err := url.Parse(h); err == nil && !c.pol.allowedCached(hu) {
				out.err = fmt.Errorf("redirect to %s: %w", h, ErrRobotsDisallowed)
				out.body, out.page = nil, nil
				break
			}
		}
	}
	if out.finalURL == "" {
		out.finalURL = rawURL
	}
	if out.fetchedAt.IsZero() {
		out.fetchedAt = time.Now()
	}
	return out
}

// kindQueue counts requests that the queue did not answer.
const kindQueue = "queue"

// FetchWorker is the fetching half of a crawl, for a worker that serves a
// crawl running elsewhere: it fetches with the crawl's limits, scope (for
// redirects) and User-Agent, and extracts HTML pages. It has no Frontier,
// no Sink and no rate limit of its own: the crawl that sends the requests
// paces them. It is safe for concurrent use.
type FetchWorker struct {
	cfg     *Config
	log     *slog.Logger
	fetcher *fetcher
	extract ExtractFunc
}

// NewFetchWorker builds a FetchWorker for the crawl that cfg describes.
// Seeds, Scope, Include, Exclude, UserAgent, Timeout, MaxBody,
// AllowPrivate, IgnoreRobots and Concurrency matter; Extract, when set,
// extracts the HTML pages; Sink and Frontier are not used.
func NewFetchWorker(ctx context.Context, cfg Config) (*FetchWorker, error) {
	if cfg.Extract == nil {
		cfg.Extract = func(context.Context, normalize.Input) (*normalize.Page, error) { return nil, nil }
	}
	cfg.Sink = SinkFunc(func(context.Context, Result) (Outcome, error) { return 0, nil })
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	sc, err := newScope(cfg.Scope, cfg.Seeds, cfg.Include, cfg.Exclude)
	if err != nil {
		return nil, fmt.Errorf("worker: %w", err)
	}
	_, f, err := newFetchStack(ctx, &cfg, sc, log)
	if err != nil {
		return nil, err
	}
	return &FetchWorker{cfg: &cfg, log: log, fetcher: f, extract: cfg.Extract}, nil
}

// Fetch fetches req.URL and, when the answer is an HTML page, extracts it
// with extract (the FetchWorker's own Extract when nil).
func (w *FetchWorker) Fetch(ctx context.Context, req FetchRequest, extract ExtractFunc) FetchResponse {
	if extract == nil {
		extract = w.extract
	}
	if _, err := url.Parse(req.URL); err != nil {
		return FetchResponse{Err: fmt.Sprintf("fetch %s: %v", req.URL, err), ErrKind: kindFetch, FetchedAt: time.Now()}
	}
	// robots.txt is the crawl's business: a worker never asks for it, and
	// the crawl checks the redirects it followed (see remoteFetch).
	out := w.fetcher.fetch(req.URL, req.Validators)
	resp := FetchResponse{
		Returned:  time.Now(),
		Status:    out.status,
		Header:    out.header,
		FinalURL:  out.finalURL,
		Hops:      out.hops,
		Body:      out.body,
		FetchedAt: out.fetchedAt,
		NotText:   out.notText,
		Request:   out.request,
	}
	if out.err != nil {
		resp.ErrKind, resp.Retry = classify(out.err, out.status)
		resp.Err = out.err.Error()
		resp.Body = nil
		return resp
	}
	if out.status < 200 || out.status > 299 || out.notText {
		return resp
	}
	if classifyContent(mediaType(out.header.Get("Content-Type")), out.body) != contentHTML {
		return resp
	}
	resp.Page = w.extractPage(ctx, extract, normalize.Input{URL: out.finalURL, Header: out.header, Body: out.body})
	return resp
}

// extractPage runs extract, turning a failure or a panic into nil: the
// crawl then extracts the page itself and reports what goes wrong.
func (w *FetchWorker) extractPage(ctx context.Context, extract ExtractFunc, in normalize.Input) (pg *normalize.Page) {
	defer func() {
		if v := recover(); v != nil {
			w.log.Error("extract panicked", "url", in.URL, "panic", v, "stack", string(debug.Stack()))
			pg = nil
		}
	}()
	pg, err := extract(ctx, in)
	if err != nil {
		w.log.Warn("extract failed; left to the crawl", "url", in.URL, "err", err)
		return nil
	}
	return pg
}
