package scraper

import (
	"context"
	"net/http"
	"time"

	"github.com/ingest-archive/ingest/normalize"
)

// Sink receives article pages. Put is called once for every fetched page
// that Extract classifies as an article, from several goroutines at once,
// with a context that stays valid while a cancelled crawl drains. An error
// from Put stops the crawl: the page's URL stays queued so a resumed crawl
// fetches it again.
type Sink interface {
	Put(ctx context.Context, r Result) (Outcome, error)
}

// OtherSink is a Sink that also keeps the HTML pages that are not
// articles (listings, about pages, documentation), which a site model
// learns from. PutOther is called once for each such page, from several
// goroutines at once; its error is logged and the crawl goes on.
type OtherSink interface {
	Sink
	PutOther(ctx context.Context, r Result) error
}

// BatchSink is a Sink that stores many pages in one commit. Crawl then
// prepares each page on the extraction workers (Prepare does the costly,
// transaction-free part: compression, encoding) and hands batches to
// Commit from one goroutine, bounded by Config.BatchPages, BatchBytes and
// BatchDelay; Put is not called. A URL is marked done in the Frontier
// only after the Commit that stored its page returned, so a crash never
// leaves a page done whose record is lost.
type BatchSink interface {
	Sink
	// Prepare readies r for Commit. other is true for a page that is not
	// an article (what OtherSink.PutOther would get). It is called from
	// several goroutines at once; an error fails that page alone.
	Prepare(ctx context.Context, r Result, other bool) (Pending, error)
	// Commit stores ps together and reports each one's outcome (ignored
	// for other pages) and error. A write that fails must not cost the
	// others: errs[i] fails page i alone, which is counted among the
	// crawl's errors. err means nothing was stored, and stops the crawl
	// as a Put error does.
	Commit(ctx context.Context, ps []Pending) (outs []Outcome, errs []error, err error)
}

// Pending is a page prepared by a BatchSink.
type Pending interface {
	// Size is roughly how many bytes the page adds to a batch.
	Size() int
}

// SinkFunc adapts a function to the Sink interface.
type SinkFunc func(ctx context.Context, r Result) (Outcome, error)

// Put calls f.
func (f SinkFunc) Put(ctx context.Context, r Result) (Outcome, error) { return f(ctx, r) }

// Result is one article page.
type Result struct {
	// URL is the record URL: the page's in-scope rel=canonical or og:url
	// when it names one, otherwise the canonical form of the URL the page
	// was finally served from.
	URL string
	// Aliases are the other URLs that led here, canonical and as found,
	// without duplicates and without URL itself: the requested URL, the
	// redirect chain, the fetched URL when the page names another
	// canonical URL, a seed as typed, a page whose meta refresh pointed here.
	Aliases []string
	// Page is what Extract returned; URL and Aliases above supersede
	// Page.URL and Page.Aliases.
	Page *normalize.Page
	// Response is the raw response the page came from.
	Response Response
}

// Response is a fetched response as served: Body holds the bytes before any
// charset decoding (gzip transfer encoding removed) and Header the headers
// unchanged.
type Response struct {
	// URL is the URL the response was finally served from.
	URL       string
	Status    int
	Header    http.Header
	Body      []byte
	FetchedAt time.Time
	// Request is the request the response answered, as it was sent; nil
	// when it is not known.
	Request *Request
}

// Request is an HTTP request as it was sent: the method, the URL and the
// headers (User-Agent, If-None-Match, …).
type Request struct {
	Method string
	URL    string
	Header http.Header
}

// Outcome is what a Sink did with a Result.
type Outcome int

// Outcomes a Sink reports.
const (
	// Stored: a new record.
	Stored Outcome = iota + 1
	// Updated: an existing record got a new revision.
	Updated
	// Unchanged: the record was already stored as is.
	Unchanged
	// Merged: the page duplicated another record and was folded into it
	// (its URLs became aliases).
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
	return "unknown"
}
