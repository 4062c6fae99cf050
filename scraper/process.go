package scraper

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"time"

	"github.com/ingest-archive/ingest/normalize"
)

// What a worker asks the dispatcher to do with its entry.
type action int

const (
	actDone    action = iota // fetched and handled
	actRetry                 // queue again later
	actFail                  // failed for good
	actRobots                // disallowed by robots.txt
	actRequeue               // interrupted: queue again, attempt not counted
)

// What a fetched URL turned out to be.
type pageKind int

const (
	pageNone pageKind = iota
	pageArticle
	pageNonArticle
	pageSitemap
	pageFeed
	pageNonHTML
	pageNotModified // a known URL answered 304 to a conditional request
	pageSkipped     // not fetched: Config.Skip said so
)

// workResult is a worker's report on one entry.
type workResult struct {
	entry    Entry
	action   action
	kind     string   // error kind for actFail
	alsoDone []string // redirect chain and final URL, now known
	found    []Entry  // discovered URLs to queue
	skipped  []string // discovered URLs not fetched for their extension
	fetched  bool
	page     pageKind
	outcome  Outcome
	fatal    error
	html     *htmlPage // fetched HTML, for the extract stage
	write    Pending   // prepared for a BatchSink, for the commit stage
}

// process handles one entry from start to end in a worker goroutine.
func (c *crawler) process(ctx context.Context, e Entry) (r workResult) {
	r.entry = e
	u, err := url.Parse(e.URL)
	if err != nil {
		r.action, r.kind = actFail, kindFetch
		return r
	}
	if c.cfg.Skip != nil && c.cfg.Skip(e.URL) {
		c.log.Debug("skipped: unchanged", "url", e.URL)
		r.action, r.page = actDone, pageSkipped
		return r
	}
	ok, sitemaps, err := c.pol.allowed(ctx, u)
	if err != nil {
		r.action = actRequeue
		return r
	}
	for _, s := range sitemaps {
		if canon := normalize.ResolveURL(u, s); canon != "" && c.scope.containsURL(canon) {
			r.found = append(r.found, Entry{URL: canon})
		}
	}
	if !ok {
		c.log.Debug("disallowed by robots.txt", "url", e.URL)
		r.action = actRobots
		return r
	}
	val, known, err := c.conditional(ctx, e.URL)
	if err != nil {
		r.fatal = err
		r.action = actRequeue
		return r
	}
	release, err := c.pol.acquire(ctx, u)
	if err != nil {
		r.action = actRequeue
		return r
	}
	var out fetchOutcome
	if c.cfg.Remote != nil {
		out = c.remoteFetch(ctx, e.URL, val)
	} else {
		out = c.fetcher.fetch(e.URL, val)
	}
	release()

	attempt := e.Attempts + 1
	r.entry.Attempts = attempt
	if out.err != nil && ctx.Err() != nil {
		r.entry.Attempts = e.Attempts
		r.action = actRequeue
		return r
	}
	if out.err == nil && isRevisit(out.status, known, !val.IsZero()) {
		if !c.revisited(ctx, &r, out) {
			return r
		}
		if out.status == http.StatusNotModified {
			c.pol.recovered(u)
			r.action = actDone
			r.page = pageNotModified
			return r
		}
	}
	if out.err != nil || out.status < 200 || out.status > 299 {
		c.failed(u, &r, out, attempt)
		return r
	}
	c.pol.recovered(u)
	r.fetched = true
	r.action = actDone

	final, err := normalize.CanonicalURL(out.finalURL)
	if err != nil {
		final = e.URL
	}
	var chain []string
	for _, h := range out.hops {
		if hc, err := normalize.CanonicalURL(h); err == nil && hc != e.URL && hc != final {
			r.alsoDone = append(r.alsoDone, hc)
			chain = append(chain, h, hc)
		}
	}
	if final != e.URL {
		r.alsoDone = append(r.alsoDone, final)
	}

	if out.notText {
		r.page = pageNonHTML
		return r
	}
	mt := mediaType(out.header.Get("Content-Type"))
	base, _ := url.Parse(out.finalURL)
	if base == nil {
		base = u
	}
	switch classifyContent(mt, out.body) {
	case contentSitemap:
		entries, index, err := parseSitemap(out.body)
		if err != nil {
			c.log.Warn("unreadable sitemap", "url", e.URL, "err", err)
			r.action, r.kind = actFail, kindParse
			return r
		}
		r.page = pageSitemap
		for _, se := range entries {
			if index {
				c.discoverList(&r, base, se.Loc, e.Depth)
				continue
			}
			if c.cfg.Lastmod != nil && !se.Lastmod.IsZero() {
				if canon := normalize.ResolveURL(base, se.Loc); canon != "" {
					c.cfg.Lastmod(canon, se.Lastmod)
				}
			}
			c.discover(&r, base, se.Loc, e.Depth, "")
		}
		c.source(ctx, &r, SourceSitemap, out)
	case contentFeed:
		links, err := parseFeed(out.body)
		if err != nil {
			c.log.Warn("unreadable feed", "url", e.URL, "err", err)
			r.action, r.kind = actFail, kindParse
			return r
		}
		r.page = pageFeed
		for _, l := range links {
			c.discover(&r, base, l, e.Depth, "")
		}
		c.source(ctx, &r, SourceFeed, out)
	case contentHTML:
		r.html = &htmlPage{out: out, final: final, chain: chain}
	default:
		r.page = pageNonHTML
	}
	return r
}

// failed decides between retrying and failing for good after an error or a
// non-2xx status.
func (c *crawler) failed(u *url.URL, r *workResult, out fetchOutcome, attempt int) {
	kind, retry := classify(out.err, out.status)
	if out.err != nil {
		c.log.Debug("fetch failed", "url", r.entry.URL, "attempt", attempt, "kind", kind, "err", out.err)
	} else {
		c.log.Debug("fetch failed", "url", r.entry.URL, "attempt", attempt, "status", out.status)
	}
	now := time.Now()
	var ra time.Duration
	if out.header != nil {
		ra = retryAfter(out.header, now)
	}
	delay := max(backoff(c.cfg.Backoff, attempt), ra)
	if out.status == 429 || out.status == 503 {
		c.pol.slowDown(u, delay)
	}
	if retry && attempt <= c.cfg.Retries {
		r.action = actRetry
		r.entry.NotBefore = now.Add(delay)
		return
	}
	if out.err != nil {
		c.log.Warn("fetch failed", "url", r.entry.URL, "attempts", attempt, "kind", kind, "err", out.err)
	} else {
		c.log.Warn("fetch failed", "url", r.entry.URL, "attempts", attempt, "status", out.status)
	}
	r.action = actFail
	r.kind = kind
	if kind == kindRobots {
		r.action = actRobots
	}
}

// page extracts an HTML page, queues its links and hands an article to the
// Sink.
func (c *crawler) page(ctx context.Context, r *workResult, out fetchOutcome, final string, chain []string) {
	in := normalize.Input{URL: out.finalURL, Header: out.header, Body: out.body}
	pg, err := out.page, error(nil)
	if pg == nil {
		pg, err = c.extract(ctx, in)
	}
	if err != nil {
		if ctx.Err() != nil {
			r.action = actRequeue
			r.fetched = false
			r.entry.Attempts--
			return
		}
		c.log.Warn("extract failed", "url", final, "err", err)
		r.action, r.kind = actFail, kindExtract
		return
	}
	base, _ := url.Parse(out.finalURL)
	article := pg.PageType == normalize.PageArticle
	if !c.replaying {
		c.follow(r, base, pg)
	}
	if pg.Refresh != "" {
		via := ""
		if !article {
			via = final // a forwarding stub: its URL is an alias of the target
		}
		c.discover(r, base, pg.Refresh, r.entry.Depth, via)
	}
	record := final
	if pg.Canonical != "" && pg.Canonical != final && c.scope.containsURL(pg.Canonical) {
		record = pg.Canonical
		c.discover(r, base, pg.Canonical, r.entry.Depth, "")
	}
	if !article {
		r.page = pageNonArticle
		c.keepOther(ctx, r, final, record, pg, out)
		if record != final {
			if err := c.alternate(ctx, record, c.seedRaw[r.entry.URL], r.entry.URL, out.finalURL, final); err != nil {
				r.fatal = err
			}
		}
		if isSourcePage(pg.PageType) || c.seeds[r.entry.URL] {
			c.source(ctx, r, pg.PageType, out)
		}
		return
	}
	r.page = pageArticle
	if c.seeds[r.entry.URL] && !c.source(ctx, r, pg.PageType, out) {
		return
	}

	var aliases []string
	seen := map[string]bool{record: true}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			aliases = append(aliases, s)
		}
	}
	add(c.seedRaw[r.entry.URL])
	add(r.entry.URL)
	for _, h := range chain {
		add(h)
	}
	add(out.finalURL)
	add(final)
	add(r.entry.Via)
	for _, a := range c.alts.take(record) {
		add(a)
	}

	if pg.Facts != nil {
		pg.Facts.URL = record
	}
	res := Result{
		URL:     record,
		Aliases: aliases,
		Page:    pg,
		Response: Response{
			URL:       out.finalURL,
			Status:    out.status,
			Header:    out.header,
			Body:      out.body,
			FetchedAt: out.fetchedAt,
			Request:   out.request,
		},
	}
	if c.batch != nil {
		w, err := c.batch.Prepare(context.WithoutCancel(ctx), res, false)
		if err != nil {
			c.log.Error("store failed", "url", record, "err", err)
			r.action, r.kind = actFail, kindStore
			r.page = pageNone
			return
		}
		r.write = w
		return
	}
	oc, err := c.cfg.Sink.Put(context.WithoutCancel(ctx), res)
	if err != nil {
		c.storeFailed(r, fmt.Errorf("crawl: sink: put %s: %w", record, err))
		return
	}
	r.outcome = oc
}

// extract runs Extract, turning a panic into an error so that one bad page
// cannot end a long crawl.
func (c *crawler) extract(ctx context.Context, in normalize.Input) (pg *normalize.Page, err error) {
	defer func() {
		if v := recover(); v != nil {
			c.log.Error("extract panicked", "url", in.URL, "panic", v, "stack", string(debug.Stack()))
			pg, err = nil, fmt.Errorf("extract %s: panic: %v", in.URL, v)
		}
	}()
	pg, err = c.cfg.Extract(ctx, in)
	if err == nil && pg == nil {
		err = fmt.Errorf("extract %s: no page returned", in.URL)
	}
	return pg, err
}

// follow adds the links, next page and feeds of pg to r.
func (c *crawler) follow(r *workResult, base *url.URL, pg *normalize.Page) {
	for _, l := range pg.Links {
		c.discover(r, base, l, r.entry.Depth+1, "")
	}
	if pg.Next != "" {
		c.discover(r, base, pg.Next, r.entry.Depth+1, "")
	}
	for _, l := range pg.Feeds {
		c.discover(r, base, l, r.entry.Depth+1, "")
	}
}

// discover resolves a link found on a page, sitemap or feed and, if the
// crawl may follow it, adds it to r.
func (c *crawler) discover(r *workResult, base *url.URL, ref string, depth int, via string) {
	canon := normalize.ResolveURL(base, ref)
	if canon == "" || canon == r.entry.URL {
		return
	}
	if c.cfg.MaxDepth > 0 && depth > c.cfg.MaxDepth {
		return
	}
	if depth > c.cfg.TrapDepth && sameShape(r.entry.URL, canon) {
		c.log.Debug("trap: not following", "url", canon, "from", r.entry.URL, "depth", depth)
		return
	}
	switch c.scope.admit(canon) {
	case "":
		r.found = append(r.found, Entry{URL: canon, Depth: depth, Via: via})
	case rejectNonHTML:
		r.skipped = append(r.skipped, canon)
	}
}

// discoverList queues a sitemap named by a sitemap index: scope and trap
// checks only, since Include and Exclude describe pages.
func (c *crawler) discoverList(r *workResult, base *url.URL, ref string, depth int) {
	canon := normalize.ResolveURL(base, ref)
	if canon == "" || canon == r.entry.URL {
		return
	}
	u, err := url.Parse(canon)
	if err != nil || !c.scope.contains(u) || isTrap(canon, u) {
		return
	}
	r.found = append(r.found, Entry{URL: canon, Depth: depth})
}

// keepOther hands a page that is not an article to a Sink that keeps
// them, under the URL it was fetched from; its facts name its record URL
// (its canonical URL when it names one in scope), so that a page served at
// several URLs counts once in its site's model.
func (c *crawler) keepOther(ctx context.Context, r *workResult, final, record string, pg *normalize.Page, out fetchOutcome) {
	os, ok := c.cfg.Sink.(OtherSink)
	if !ok {
		return
	}
	if pg.Facts != nil {
		pg.Facts.URL = record
	}
	res := Result{URL: final, Page: pg, Response: Response{
		URL: out.finalURL, Status: out.status, Header: out.header, Body: out.body, FetchedAt: out.fetchedAt,
		Request: out.request,
	}}
	if c.batch != nil {
		w, err := c.batch.Prepare(context.WithoutCancel(ctx), res, true)
		if err != nil {
			c.log.Warn("keep non-article page", "url", final, "err", err)
			return
		}
		r.write = w
		return
	}
	if err := os.PutOther(context.WithoutCancel(ctx), res); err != nil {
		c.log.Warn("keep non-article page", "url", final, "err", err)
	}
}
