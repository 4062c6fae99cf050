package scraper

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
	"golang.org/x/net/publicsuffix"

	"github.com/ingest-archive/ingest/normalize"
)

// Fetch limits that are not in Config.
const (
	// maxRedirects is the longest redirect chain followed.
	maxRedirects = 10
	// maxHeaderBytes caps the response headers.
	maxHeaderBytes = 1 << 20
	// acceptHeader asks for pages, sitemaps and feeds.
	acceptHeader = "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml;q=0.9,application/atom+xml;q=0.9,*/*;q=0.5"
)

// fetchStateKey is the colly.Context key of a request's *fetchState.
const fetchStateKey = "ingest.fetch"

// fetcher fetches one URL at a time per caller through a single colly
// Collector, in synchronous mode, so the Frontier and not colly decides what
// is fetched. It is safe for concurrent use.
type fetcher struct {
	coll   *colly.Collector
	client *http.Client
	// chains maps the canonical URL of each request in flight to its state,
	// so CheckRedirect can record the redirect chain.
	chains sync.Map
}

// fetchState is what colly's callbacks learn about one request.
type fetchState struct {
	requested string // canonical URL asked for

	mu        sync.Mutex
	hops      []string // raw URLs redirected to, in order
	status    int
	header    http.Header // as served
	finalURL  string
	body      []byte
	fetchedAt time.Time
	request   *Request // the request that got the final response
	notText   bool     // aborted after headers: a media type that is never a page
	err       error
}

// fetchOutcome is a finished request.
type fetchOutcome struct {
	requested string
	hops      []string
	status    int
	header    http.Header
	finalURL  string
	body      []byte
	fetchedAt time.Time
	request   *Request // the request that got the final response
	notText   bool
	err       error           // nil when a 2xx body was read completely
	page      *normalize.Page // extracted by a remote worker, or nil
}

// newTransport builds the HTTP transport: addresses checked by guard, every
// timeout set, no proxy from the environment, bodies capped at maxBody.
func newTransport(cfg *Config, guard *addrGuard) http.RoundTripper {
	base := &http.Transport{
		Proxy:                  nil,
		DialContext:            guard.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    cfg.Timeout,
		ResponseHeaderTimeout:  cfg.Timeout,
		ExpectContinueTimeout:  time.Second,
		IdleConnTimeout:        90 * time.Second,
		MaxIdleConns:           64,
		MaxIdleConnsPerHost:    cfg.Concurrency,
		MaxResponseHeaderBytes: maxHeaderBytes,
	}
	return &limitTransport{base: base, maxBody: cfg.MaxBody}
}

// newFetcher builds the crawl's only colly Collector and its HTTP client.
func newFetcher(ctx context.Context, cfg *Config, sc *scope, pol *politeness, transport http.RoundTripper) (*fetcher, error) {
	jar, err := cookiejar.New(&cookiejar.Options{PublicSuffixList: publicsuffix.List})
	if err != nil {
		return nil, fmt.Errorf("crawl: cookie jar: %w", err)
	}
	f := &fetcher{}
	f.client = &http.Client{
		Transport:     transport,
		Jar:           jar,
		Timeout:       cfg.Timeout,
		CheckRedirect: f.checkRedirect(sc, pol),
	}

	// Built by hand rather than with colly.NewCollector, which lets COLLY_*
	// environment variables override these settings.
	c := &colly.Collector{}
	c.Init()
	for _, opt := range []colly.CollectorOption{
		colly.StdlibContext(ctx),
		colly.UserAgent(cfg.UserAgent),
		// The transport fails a body past MaxBody with ErrTooLarge; colly's
		// own cap, one byte above, never cuts a body silently first.
		colly.MaxBodySize(int(cfg.MaxBody) + 1),
		// Depth, revisits, domains and robots.txt are the Frontier's,
		// scope's and politeness's business; colly's visited set would grow
		// without bound.
		colly.MaxDepth(0),
		colly.AllowURLRevisit(),
		colly.IgnoreRobotsTxt(),
		colly.ParseHTTPErrorResponse(),
		colly.Async(false),
		colly.MaxRequests(0),
	} {
		opt(c)
	}
	c.AllowedDomains = nil
	c.DetectCharset = false
	c.CacheDir = ""
	c.CheckHead = false
	c.SetClient(f.client)

	c.OnResponseHeaders(func(r *colly.Response) {
		st := stateOf(r.Ctx)
		if st == nil {
			return
		}
		st.mu.Lock()
		defer st.mu.Unlock()
		st.status = r.StatusCode
		st.header = r.Headers.Clone()
		st.finalURL = r.Request.URL.String()
		st.request = sentRequest(r.Request)
		if r.StatusCode < 200 || r.StatusCode > 299 {
			r.Request.Abort() // the body of an error page is of no use
			return
		}
		mt := mediaType(r.Headers.Get("Content-Type"))
		if clearlyNotText(mt) {
			st.notText = true
			r.Request.Abort()
			return
		}
		// colly re-encodes a body to UTF-8 when Content-Type names another
		// charset. Extract needs the bytes as served (the headers were
		// copied above), so colly is shown the media type alone.
		if mt != "" {
			r.Headers.Set("Content-Type", mt)
		}
	})
	c.OnResponse(func(r *colly.Response) {
		st := stateOf(r.Ctx)
		if st == nil {
			return
		}
		st.mu.Lock()
		defer st.mu.Unlock()
		st.body = r.Body
		st.fetchedAt = time.Now()
		st.finalURL = r.Request.URL.String()
	})
	c.OnError(func(r *colly.Response, err error) {
		if r == nil {
			return
		}
		st := stateOf(r.Ctx)
		if st == nil {
			return
		}
		st.mu.Lock()
		defer st.mu.Unlock()
		if st.err == nil {
			st.err = err
		}
	})
	f.coll = c
	return f, nil
}

// sentRequest is the request that got a response, as it went out: after a
// redirect, colly's request holds the last hop's URL and headers, cookies
// included. Host and Accept-Encoding are the ones net/http adds: it sends
// the URL's host when the request names none, and asks for gzip when the
// request names no encoding.
func sentRequest(r *colly.Request) *Request {
	req := &Request{Method: r.Method, URL: r.URL.String(), Header: http.Header{}}
	if r.Headers != nil {
		req.Header = r.Headers.Clone()
	}
	if req.Header.Get("Host") == "" {
		req.Header.Set("Host", r.URL.Host)
	}
	if req.Header.Get("Accept-Encoding") == "" && req.Header.Get("Range") == "" && req.Method != http.MethodHead {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	return req
}

func stateOf(c *colly.Context) *fetchState {
	if c == nil {
		return nil
	}
	st, _ := c.GetAny(fetchStateKey).(*fetchState)
	return st
}

// fetch GETs rawURL (a canonical URL), conditionally when v holds
// validators, and reports what came back.
func (f *fetcher) fetch(rawURL string, v Validators) fetchOutcome {
	st := &fetchState{requested: rawURL}
	cctx := colly.NewContext()
	cctx.Put(fetchStateKey, st)
	hdr := http.Header{}
	hdr.Set("Accept", acceptHeader)
	hdr.Set("User-Agent", f.coll.UserAgent)
	v.header(hdr)

	f.chains.Store(rawURL, st)
	err := f.coll.Request(http.MethodGet, rawURL, nil, cctx, hdr)
	f.chains.Delete(rawURL)

	st.mu.Lock()
	defer st.mu.Unlock()
	out := fetchOutcome{
		requested: rawURL,
		hops:      st.hops,
		status:    st.status,
		header:    st.header,
		finalURL:  st.finalURL,
		body:      st.body,
		fetchedAt: st.fetchedAt,
		request:   st.request,
		notText:   st.notText,
		err:       st.err,
	}
	if out.err == nil {
		out.err = err
	}
	// Aborts are ours: the status or media type says why.
	if errors.Is(out.err, colly.ErrAbortedAfterHeaders) && out.status != 0 {
		out.err = nil
	}
	if out.finalURL == "" {
		out.finalURL = rawURL
	}
	if out.fetchedAt.IsZero() {
		out.fetchedAt = time.Now()
	}
	return out
}

// checkRedirect follows a redirect only within scope, robots.txt allowing,
// without a loop and at most maxRedirects times, and records the chain.
func (f *fetcher) checkRedirect(sc *scope, pol *politeness) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		target := req.URL.String()
		if len(via) >= maxRedirects {
			return fmt.Errorf("redirect to %s: %w (%d)", target, ErrTooManyRedirects, len(via))
		}
		if !sc.contains(req.URL) {
			return fmt.Errorf("redirect to %s: %w", target, ErrOutOfScope)
		}
		canon, err := normalize.CanonicalURL(target)
		if err != nil {
			return fmt.Errorf("redirect to %s: %w", target, err)
		}
		seen := 0
		for _, v := range via {
			if c, err := normalize.CanonicalURL(v.URL.String()); err == nil && c == canon {
				seen++
			}
		}
		// One return to a URL is allowed: sites set a cookie and redirect
		// back to the page asked for.
		if seen >= 2 {
			return fmt.Errorf("redirect to %s: %w", target, ErrRedirectLoop)
		}
		if !pol.allowedCached(req.URL) {
			return fmt.Errorf("redirect to %s: %w", target, ErrRobotsDisallowed)
		}
		if first, err := normalize.CanonicalURL(via[0].URL.String()); err == nil {
			if v, ok := f.chains.Load(first); ok {
				st := v.(*fetchState)
				st.mu.Lock()
				st.hops = append(st.hops, target)
				st.mu.Unlock()
			}
		}
		return nil
	}
}

// limitTransport caps response bodies: a declared length past maxBody fails
// at once, a streamed body fails with ErrTooLarge on the first byte past it.
// It also decodes gzip payloads (.xml.gz sitemaps, gzip content types) under
// the same cap, so a small compressed file cannot expand without bound.
type limitTransport struct {
	base    http.RoundTripper
	maxBody int64
}

func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if resp.ContentLength > t.maxBody {
		resp.Body.Close()
		return nil, fmt.Errorf("fetch %s: %d bytes declared: %w", req.URL, resp.ContentLength, ErrTooLarge)
	}
	gz := !resp.Uncompressed && (strings.Contains(strings.ToLower(resp.Header.Get("Content-Encoding")), "gzip") ||
		strings.Contains(strings.ToLower(resp.Header.Get("Content-Type")), "gzip") ||
		strings.HasSuffix(strings.ToLower(req.URL.Path), ".gz"))
	resp.Body = &cappedBody{
		rc:    resp.Body,
		r:     resp.Body,
		left:  t.maxBody,
		gzip:  gz,
		where: req.URL.String(),
	}
	// colly would otherwise gunzip again, without a cap.
	resp.Uncompressed = true
	if gz {
		resp.ContentLength = -1
		resp.Header.Del("Content-Length")
	}
	return resp, nil
}

// cappedBody reads at most left bytes of (possibly gunzipped) body and
// fails with ErrTooLarge when there is more.
type cappedBody struct {
	rc     io.ReadCloser
	r      io.Reader
	left   int64
	gzip   bool // decode gzip if the body starts with the gzip magic
	primed bool
	gzr    *gzip.Reader
	where  string
}

func (b *cappedBody) prime() error {
	b.primed = true
	if !b.gzip {
		return nil
	}
	br := bufio.NewReader(b.rc)
	magic, _ := br.Peek(2)
	b.r = br
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("fetch %s: gzip: %w", b.where, err)
		}
		b.gzr = zr
		b.r = zr
	}
	return nil
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if !b.primed {
		if err := b.prime(); err != nil {
			return 0, err
		}
	}
	if b.left < 0 {
		return 0, fmt.Errorf("fetch %s: %w", b.where, ErrTooLarge)
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n + int(b.left), fmt.Errorf("fetch %s: more than the body limit: %w", b.where, ErrTooLarge)
	}
	return n, err
}

func (b *cappedBody) Close() error {
	if b.gzr != nil {
		b.gzr.Close()
	}
	return b.rc.Close()
}
