// Package scraper crawls a website and hands every article page it finds to
// a Sink.
//
// Crawl starts from seed URLs (pages, sitemaps, sitemap indexes, RSS or Atom
// feeds), fetches pages with a colly collector that is built in one place
// (collector.go), runs the caller's Extract function on every HTML page,
// follows the links Extract reports within the seeds' scope, and calls
// Sink.Put for each page Extract classifies as an article. Non-article pages
// are fetched for their links only.
//
// Around colly the package adds what an archive crawl needs:
//
//   - a Frontier (queued, in flight, done, failed, with attempt counts and a
//     not-before time) deduplicated by canonical URL; colly's own visited set
//     is switched off, so memory is bounded by the Frontier implementation;
//   - per-host politeness: requests per second, requests in flight,
//     robots.txt rules and Crawl-delay, and slowing down after 429 and 503;
//   - retries with exponential backoff and jitter for timeouts, connection
//     errors, 5xx and 429 (Retry-After honoured); other 4xx are permanent and
//     a failed URL is never marked done;
//   - limits: a per-request timeout, a body size cap that reports a cut body
//     as an error instead of truncating it silently, a redirect limit with
//     loop detection, and guards against URL traps;
//   - safety: requests stay within the seeds' scope, redirects out of scope
//     are refused, and hosts on private, loopback or link-local addresses
//     are refused unless a seed is on such a host or AllowPrivate is set.
//
// Every URL that led to an article (the requested URL, the redirect chain,
// the seed as typed, a page whose meta refresh pointed there, and the
// fetched URL when the page names a different in-scope canonical URL) is
// reported in Result.Aliases.
//
// Revisits: with Config.Conditional set, Crawl asks it about each URL
// before the request. The validators it returns (an ETag, a Last-Modified
// date) are sent as If-None-Match and If-Modified-Since. A URL it calls
// known that answers 304 Not Modified to a conditional request is done
// and counted in Summary.NotModified; one that answers 304, 404 or 410 is
// reported to a Sink that implements RevisitSink (404 and 410 still count
// as failures). A Sink that implements SourceSink hears about every seed,
// sitemap, feed and listing or collection page fetched, with its depth and
// response headers, so that a later run can start from them. Both are
// optional interfaces: a plain Sink sees no difference. Config.Lastmod
// hears the <lastmod> of each sitemap entry that has one, and a URL for
// which Config.Skip reports true is done without any request and counted
// in Summary.SkippedFresh; so a caller can leave alone the pages a sitemap
// dates before their last fetch. Both hooks are off when nil.
//
// How it runs: one goroutine owns the Frontier and the Summary and hands due
// entries to a pool of fetchers (Concurrency per host). A fetcher checks
// robots.txt, waits for its host's turn, fetches through colly and hands an
// HTML page to a pool of Config.Extractors extraction workers through a
// small channel, so a slow page holds no connection and the fetchers wait
// when extraction falls behind. A Sink that implements BatchSink gets the
// pages prepared on the extraction workers and committed in batches by one
// goroutine (BatchPages, BatchBytes, BatchDelay); each page's result then
// goes back to the dispatching goroutine, which settles its URL in the
// Frontier, after the commit. colly's callbacks only record
// what they see in the request's state, since they cannot return errors.
// colly's LimitRule is not used: it sleeps while holding a slot and cannot
// follow a Crawl-delay or a Retry-After learnt during the crawl.
//
// Caveats: the response body is kept in memory up to Config.MaxBody per
// request in flight. Sink.Put is called from several goroutines at once. A
// page reached through two different URLs that were both already queued can
// be delivered twice, and a print version whose canonical URL is fetched
// later is delivered under that URL before the original page is; the Sink
// reports the later delivery as Updated, Merged or Unchanged. The alias
// left by a meta refresh is kept only when its target was not yet known.
// robots.txt is not fetched when IgnoreRobots is set, so the sitemaps it
// names are not discovered either. Calendars and endless pagination are
// cut once TrapPages pages in a row of a chain whose URLs differ only in
// numbers or query values brought no new link of another shape (traps.go),
// and bounded by TrapDepth: past that many hops from a seed, a link that
// differs from the page it was found on only in its numbers is not
// followed. Paths that repeat a segment, very deep paths and very long
// URLs are never queued.
package scraper
