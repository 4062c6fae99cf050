package scraper

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"time"

	"github.com/ingest-archive/ingest/normalize"
)

// Capture is a response recorded earlier, in a WARC file or a folder that
// wget saved, to go through a crawl's pipeline without being fetched.
type Capture struct {
	// URL is the URL the response was served from.
	URL string
	// Via are other URLs that led to URL: redirects that pointed at it,
	// aliases an earlier export recorded. They become aliases of its
	// record, as a crawl's redirect chain does.
	Via []string
	// Status is the HTTP status; only 2xx captures are stored.
	Status int
	// Header holds the response headers (nil when unknown) and Body the
	// payload as a client saw it, any Content-Encoding removed.
	Header http.Header
	Body   []byte
	// FetchedAt is when the response was captured.
	FetchedAt time.Time
	// Request is the request the response answered, when the capture
	// recorded it.
	Request *Request
}

// Replay sends every capture through the stages a fetched page goes
// through in Crawl: classification, extraction with cfg.Extract on
// cfg.Extractors goroutines, the page's canonical URL and aliases, the
// Sink (in batches for a BatchSink), pages that are not articles to an
// OtherSink, listing and collection pages to a SourceSink. So an imported
// page is stored exactly as the same page fetched would be. Nothing is
// fetched: links found are not followed and robots.txt is not read;
// cfg.Seeds only give the scope within which a page's canonical URL is
// believed, and the fetching settings are unused. The Summary counts as
// Crawl's does, PagesFetched counting the captures taken.
//
// Captures are extracted and stored several at once, so the order in
// which two captures of one URL are stored is not known: give them to
// separate calls, in capture order, for their revisions to follow it.
// On cancellation Replay stops taking captures, lets those taken reach
// the Sink and returns an error wrapping ctx.Err(); a Sink error stops it
// the same way.
func Replay(ctx context.Context, cfg Config, captures iter.Seq[Capture]) (Summary, error) {
	if err := cfg.Validate(); err != nil {
		return Summary{}, err
	}
	c, err := baseCrawler(&cfg, replayFrontier{}, "replay")
	if err != nil {
		return Summary{}, err
	}
	c.replaying = true
	return c.replay(ctx, captures)
}

// replay runs the extract and commit stages of a pipeline with no
// fetchers, fed from captures by a goroutine of its own.
func (c *crawler) replay(ctx context.Context, captures iter.Seq[Capture]) (Summary, error) {
	save := c.begin(ctx)
	st := c.start(ctx)
	sent := make(chan int, 1)
	stopFeed := make(chan struct{})
	go func() {
		n := 0
		defer func() { sent <- n }()
		for cp := range captures {
			if ctx.Err() != nil {
				return
			}
			select {
			case <-stopFeed:
				return
			default:
			}
			r := c.replayed(ctx, cp)
			st.busy.Add(1)
			n++
			st.hand(r)
		}
	}()
	total, got := -1, 0
	stopped := false
	for total < 0 || got < total {
		select {
		case r := <-st.results:
			got++
			r.found, r.skipped = nil, nil // nothing is followed
			c.apply(save, r)
			if c.fatal != nil && !stopped {
				stopped = true
				close(stopFeed)
			}
			c.progress(save, false)
		case total = <-sent:
		}
	}
	st.stop()
	stop := StopDone
	switch {
	case c.fatal != nil:
		stop = StopError
	case ctx.Err() != nil:
		stop = StopCanceled
	}
	return c.end(ctx, save, stop, "replay")
}

// replayed is what process makes of a fetched response, for a capture:
// an HTML page for the extract stage, or a result that needs no more.
func (c *crawler) replayed(ctx context.Context, cp Capture) workResult {
	final, err := normalize.CanonicalURL(cp.URL)
	if err != nil {
		final = strings.TrimSpace(cp.URL)
	}
	r := workResult{entry: Entry{URL: final}, action: actDone, fetched: true}
	if cp.Status < 200 || cp.Status > 299 {
		r.action, r.kind, r.fetched = actFail, fmt.Sprintf("http_%d", cp.Status), false
		return r
	}
	var chain []string
	for _, v := range cp.Via {
		if vc, err := normalize.CanonicalURL(v); err == nil && vc != final {
			chain = append(chain, v, vc)
		}
	}
	header := cp.Header
	if header == nil {
		header = http.Header{}
	}
	out := fetchOutcome{
		requested: cp.URL,
		status:    cp.Status,
		header:    header,
		finalURL:  cp.URL,
		body:      cp.Body,
		fetchedAt: cp.FetchedAt,
		request:   cp.Request,
	}
	mt := mediaType(header.Get("Content-Type"))
	if clearlyNotText(mt) {
		r.page = pageNonHTML
		return r
	}
	switch classifyContent(mt, cp.Body) {
	case contentHTML:
		r.html = &htmlPage{out: out, final: final, chain: chain}
	case contentSitemap:
		r.page = pageSitemap
		c.source(ctx, &r, SourceSitemap, out)
	case contentFeed:
		r.page = pageFeed
		c.source(ctx, &r, SourceFeed, out)
	default:
		r.page = pageNonHTML
	}
	return r
}

// replayFrontier is the Frontier of a Replay, which follows no link: it
// knows nothing and remembers nothing.
type replayFrontier struct{}

func (replayFrontier) Add(context.Context, ...Entry) (int, error) { return 0, nil }
func (replayFrontier) Next(context.Context, time.Time) (Entry, bool, error) {
	return Entry{}, false, nil
}
func (replayFrontier) Retry(context.Context, Entry) error           { return nil }
func (replayFrontier) Done(context.Context, string) error           { return nil }
func (replayFrontier) Fail(context.Context, Entry, string) error    { return nil }
func (replayFrontier) Stats(context.Context) (FrontierStats, error) { return FrontierStats{}, nil }
