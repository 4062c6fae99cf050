package scraper

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Validators are what a page fetched before said about its version: ETag
// is sent back as If-None-Match and LastModified as If-Modified-Since, so
// that an unchanged page answers 304 Not Modified without a body. Either
// may be empty.
type Validators struct {
	ETag         string
	LastModified string
}

// IsZero reports whether there is nothing to send.
func (v Validators) IsZero() bool { return v.ETag == "" && v.LastModified == "" }

// header adds the conditional request headers of v to h.
func (v Validators) header(h http.Header) {
	if v.ETag != "" {
		h.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		h.Set("If-Modified-Since", v.LastModified)
	}
}

// ConditionalFunc tells Crawl what the caller knows of a canonical URL
// before it is fetched: known is true for a URL the caller has stored
// (an article or a source page), with the validators it was last served
// with, possibly none. An error stops the crawl as one from Sink.Put does.
// It is called once per request, from several goroutines at once.
type ConditionalFunc func(ctx context.Context, url string) (v Validators, known bool, err error)

// RevisitSink is a Sink that also hears how known URLs answered when they
// brought no page: 304 Not Modified to a conditional request, 404 Not Found
// and 410 Gone. Crawl calls Revisited only for URLs that Config.Conditional
// reported as known, from several goroutines at once, with a context that
// stays valid while a cancelled crawl drains. An error stops the crawl as
// one from Put does.
//
// A 304 counts in Summary.NotModified and the URL is done; a 404 or 410 is
// still a failure counted in Summary.Errors.
type RevisitSink interface {
	Sink
	Revisited(ctx context.Context, r Revisit) error
}

// Revisit is a known URL's answer without a page.
type Revisit struct {
	// URL is the canonical URL requested.
	URL string
	// Status is 304, 404 or 410.
	Status int
	// Header holds the response headers; a 304 may carry new validators.
	Header    http.Header
	FetchedAt time.Time
}

// conditional asks Config.Conditional about url; without one every URL
// is unknown.
func (c *crawler) conditional(ctx context.Context, url string) (Validators, bool, error) {
	if c.cfg.Conditional == nil {
		return Validators{}, false, nil
	}
	v, known, err := c.cfg.Conditional(ctx, url)
	if err != nil {
		return Validators{}, false, fmt.Errorf("crawl: conditional %s: %w", url, err)
	}
	return v, known, nil
}

// isRevisit reports whether a response to a known URL is one that
// RevisitSink hears about. A 304 counts only when the request was
// conditional: a server that sends it unasked is answering wrongly.
func isRevisit(status int, known, conditional bool) bool {
	switch status {
	case http.StatusNotModified:
		return known && conditional
	case http.StatusNotFound, http.StatusGone:
		return known
	}
	return false
}

// revisited hands a known URL's 304, 404 or 410 to a RevisitSink. It
// reports false and sets r.fatal when the Sink fails.
func (c *crawler) revisited(ctx context.Context, r *workResult, out fetchOutcome) bool {
	rs, ok := c.cfg.Sink.(RevisitSink)
	if !ok {
		return true
	}
	err := rs.Revisited(context.WithoutCancel(ctx), Revisit{
		URL:       r.entry.URL,
		Status:    out.status,
		Header:    out.header,
		FetchedAt: out.fetchedAt,
	})
	if err != nil {
		r.fatal = fmt.Errorf("crawl: sink: revisited %s: %w", r.entry.URL, err)
		r.action = actRequeue
		r.entry.Attempts--
		return false
	}
	return true
}
