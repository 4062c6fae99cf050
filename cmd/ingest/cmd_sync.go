package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/pflag"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/scraper"
	"github.com/ingest-archive/ingest/storage"
)

// Sync defaults and limits.
const (
	// syncMaxDepth is the default --max-depth of a sync: articles linked
	// straight from a seed, sitemap, feed or listing page are found; known
	// articles are revisited without following their links.
	syncMaxDepth = 1
	// syncListingDepth is the deepest recorded listing page a sync
	// revisits: deeper ones (old pagination) rarely show new articles.
	syncListingDepth = 1
	// minEvery is the shortest --every.
	minEvery = time.Second
	// everyJitter is the share of --every by which each wait varies.
	everyJitter = 0.1
)

// syncOptions is a parsed `ingest sync` command line.
type syncOptions struct {
	crawl crawlFlags
	fs    *pflag.FlagSet
	every time.Duration
	// revisitAfter is the longest a known article goes without being
	// asked for, whatever the sitemap says; 0 asks at every run.
	revisitAfter time.Duration
	seeds        []string // extra seeds from the command line
	cfg          config
	logger       *slog.Logger
	db           string
	queue        string // NATS server of the workers; "" fetches here
}

func runSync(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "sync", "[--db FILE] [--every DURATION] [--revisit-after DURATION] [crawl flags] [URL...]")
	o := syncOptions{fs: fs, revisitAfter: defaultRevisitAfter}
	o.crawl.register(fs)
	fs.StringVar(&o.queue, "queue", "", "coordinate workers ('ingest worker') through this NATS JetStream server, nats://HOST:PORT, instead of fetching here")
	fs.DurationVar(&o.every, "every", 0, "keep running, starting a sync about this often (±10% jitter); 0 runs once")
	fs.Var(ageFlag{&o.revisitAfter}, "revisit-after", "ask for each known article at least this often (conditionally), even when the sitemap's lastmod says it did not change; 0 asks at every run")
	// A sync looks one link away from its sources unless told otherwise.
	o.crawl.maxDepth = syncMaxDepth
	fs.Lookup("max-depth").DefValue = fmt.Sprint(syncMaxDepth)
	fs.Lookup("max-depth").Usage = "follow links this many hops from a seed, sitemap, feed or listing page; 0 means no limit"
	fs.Lookup("fresh").Usage = "start a new pass instead of resuming an interrupted sync of the same seeds"
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := o.crawl.validate(); err != nil {
		return err
	}
	if o.every != 0 && o.every < minEvery {
		return usagef("--every %v: must be 0 (run once) or at least %v", o.every, minEvery)
	}
	if o.revisitAfter < 0 {
		return usagef("--revisit-after %s: must be 0 (every run) or more", formatAge(o.revisitAfter))
	}
	for _, s := range fs.Args() {
		if _, err := normalize.CanonicalURL(s); err != nil {
			return usagef("sync: %q is not an absolute http(s) URL", s)
		}
	}
	o.seeds = fs.Args()
	var err error
	if o.logger, err = o.crawl.log.logger(e.stderr); err != nil {
		return err
	}
	if o.cfg, err = loadConfig(o.crawl.config); err != nil {
		return err
	}
	o.db = dbPath(o.crawl.db)
	if o.every == 0 {
		sum, err := syncOnce(ctx, e, o)
		var ue *usageError
		if !errors.As(err, &ue) && sum.started() {
			fmt.Fprintln(e.stdout, sum.String())
		}
		return err
	}
	return syncEvery(ctx, e, o)
}

// syncEvery runs one sync after the other, each starting about o.every
// after the previous one started (at once when that one ran longer), until
// ctx is cancelled. A failed run is reported and the next one goes ahead,
// except for usage errors. The archive is closed between runs, so other
// commands can read it.
func syncEvery(ctx context.Context, e env, o syncOptions) error {
	for {
		start := time.Now()
		sum, err := syncOnce(ctx, e, o)
		if sum.started() {
			fmt.Fprintln(e.stdout, sum.String())
		}
		var ue *usageError
		switch {
		case errors.As(err, &ue):
			return err
		case errors.Is(err, errInterrupted) || ctx.Err() != nil:
			return fmt.Errorf("sync: %w, progress saved", errInterrupted)
		case err != nil:
			o.logger.Error("sync failed; trying again at the next run", "err", err)
			fmt.Fprintf(e.stderr, "ingest: %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
		}
		next := start.Add(jittered(o.every))
		o.logger.Info("next sync", "at", next.Format(time.RFC3339))
		timer := time.NewTimer(time.Until(next))
		select {
		case <-ctx.Done():
			timer.Stop()
			return fmt.Errorf("sync: %w", errInterrupted)
		case <-timer.C:
		}
	}
}

// jittered varies d by up to everyJitter either way.
func jittered(d time.Duration) time.Duration {
	span := time.Duration(float64(d) * everyJitter)
	if span <= 0 {
		return d
	}
	return d - span + rand.N(2*span+1)
}

// syncOnce runs one sync: it reads the recorded sources for new articles,
// revisits every live record conditionally, except those that the sitemap
// <lastmod> and a recent check say did not change (see revisits), and
// saves the run. Its frontier is kept in the archive: an interrupted sync
// is resumed by the next one, and a sync that went through its whole
// queue removes it, so that the next one makes a full pass.
func syncOnce(ctx context.Context, e env, o syncOptions) (syncSummary, error) {
	var sum syncSummary
	// A sync needs an archive to start from; opening for writing would
	// create an empty one.
	if _, err := os.Stat(o.db); errors.Is(err, fs.ErrNotExist) {
		return sum, fmt.Errorf("open %s: no such archive (create one with 'ingest crawl --db %s URL')", o.db, o.db)
	}
	db, err := openArchive(o.db, false)
	if err != nil {
		return sum, err
	}
	defer db.Close()

	plan, err := planSync(ctx, db, o.seeds)
	if err != nil {
		return sum, err
	}
	if len(plan.seeds) == 0 {
		return sum, usagef("sync: %s holds no seeds, sources or records; crawl a site first or give seed URLs", o.db)
	}
	models := newSiteModels()
	if err := models.load(ctx, db); err != nil {
		return sum, err
	}
	sc, err := o.crawl.scraperConfig(o.fs, o.cfg, plan.seeds, o.logger, models)
	if err != nil {
		return sum, err
	}
	if !o.fs.Changed("max-depth") {
		// The config file's crawl.max_depth describes a crawl, not a sync.
		sc.MaxDepth = syncMaxDepth
	}
	sink := &syncSink{storeSink: storeSink{db: db}, log: o.logger}
	sc.Sink = sink
	rv := newRevisits(db, plan.known, o.revisitAfter, o.logger)
	sc.Lastmod = rv.record
	sc.Skip = func(u string) bool { return rv.skip(ctx, u) }
	if err := sc.Validate(); err != nil {
		return sum, usagef("sync: %v", err)
	}
	qr, err := attachQueue(ctx, o.queue, &sc, o.cfg.Sites, models, o.logger)
	if err != nil {
		return sum, err
	}
	defer qr.close()

	front, err := openSyncFrontier(ctx, db, plan.seeds, o.crawl.fresh)
	if err != nil {
		return sum, err
	}
	sink.front = front.f
	// A resumed frontier knows what the interrupted sync handled, so only
	// the sources and records that came since are queued.
	if _, err := front.Add(ctx, plan.frontier(max(sc.MaxDepth, 0))...); err != nil {
		return sum, errors.Join(fmt.Errorf("sync: %w", err), closeSyncFrontier(front, false))
	}
	reread := map[string]bool{}
	if front.f.Resumed() {
		if o.revisitAfter > 0 {
			if reread, err = rereadSitemaps(ctx, front.f, slices.Sorted(maps.Keys(plan.sitemaps))); err != nil {
				return sum, errors.Join(err, closeSyncFrontier(front, false))
			}
		}
		st, _ := front.f.Stats(ctx)
		o.logger.Info("resuming an interrupted sync", "done", st.Done, "queued", st.Queued, "failed", st.Failed, "sitemaps_reread", len(reread))
		if isTerminal(e.stderr) {
			fmt.Fprintf(e.stderr, "resuming an interrupted sync: %d done, %d queued (--fresh starts over)\n", st.Done, st.Queued)
		}
	}
	sc.Conditional = func(ctx context.Context, u string) (scraper.Validators, bool, error) {
		k, ok, err := db.Known(ctx, u)
		if reread[u] {
			return scraper.Validators{}, ok, err
		}
		return scraper.Validators{ETag: k.ETag, LastModified: k.LastModified}, ok, err
	}
	sc.Frontier = front
	if isTerminal(e.stderr) {
		status := &statusLine{w: e.stderr}
		sc.Progress = func(p scraper.Progress) { status.set(p.String()) }
		defer status.clear()
	}

	started := time.Now()
	sum.Known, sum.Sources = len(plan.known), len(plan.sources)
	o.logger.Info("sync started", "db", o.db, "seeds", len(plan.seeds), "sources", len(plan.sources), "known", len(plan.known))
	sum.Crawl, err = scraper.Crawl(ctx, sc)
	sum.queue = qr.summary()
	finished := err == nil && sum.Crawl.Stop == scraper.StopDone
	if ferr := closeSyncFrontier(front, finished); ferr != nil && err == nil {
		err = ferr
	}
	sum.Due = rv.dueCount()
	sum.NotModified = int(sink.notModified.Load())
	sum.Missing = int(sink.missing.Load())
	sum.Gone = int(sink.gone.Load())
	if serr := saveRun(db, "sync", started, sum); serr != nil && err == nil {
		err = serr
	}
	switch {
	case err != nil && (errors.Is(err, context.Canceled) || ctx.Err() != nil):
		return sum, fmt.Errorf("sync: %w, progress saved", errInterrupted)
	case err != nil:
		return sum, fmt.Errorf("sync: %w", err)
	case sum.Crawl.PagesFetched == 0 && sum.Crawl.NotModified == 0 && sum.Crawl.ErrorCount() > 0 && sum.Missing+sum.Gone == 0:
		return sum, fmt.Errorf("sync: no page could be fetched (%s)", errorKinds(sum.Crawl))
	}
	if sum.Crawl.PagesFetched > 0 {
		// New pages refresh the models; a model that comes out the same
		// was already applied to them.
		return sum, learnSites(ctx, e, db, hostsOf(plan.seeds), normalize.Options{Profiles: o.cfg.Profiles}, models, o.logger)
	}
	return sum, nil
}

// syncPlan is what one sync fetches.
type syncPlan struct {
	seeds    []string        // the crawl's seeds: they set its scope
	sources  []string        // sitemaps, feeds and listing pages
	known    []string        // live records
	sitemaps map[string]bool // seeds and sources recorded as sitemaps
}

// planSync reads the seeds, sources and live records of the archive.
// Without recorded seeds (an archive from before sources were kept), the
// home pages of the records' sites stand in.
func planSync(ctx context.Context, db *storage.DB, extra []string) (syncPlan, error) {
	p := syncPlan{sitemaps: map[string]bool{}}
	seen := map[string]bool{}
	addSeed := func(u string) {
		if c, err := normalize.CanonicalURL(u); err == nil && !seen[c] {
			seen[c] = true
			p.seeds = append(p.seeds, c)
		}
	}
	for _, s := range extra {
		addSeed(s)
	}
	err := db.Sources(ctx, func(s storage.Source) error {
		if s.Kind == storage.SourceSitemap {
			p.sitemaps[s.URL] = true
		}
		switch {
		case s.Seed:
			addSeed(s.URL)
		case s.Kind == storage.SourceSitemap || s.Kind == storage.SourceFeed,
			(s.Kind == normalize.PageListing || s.Kind == normalize.PageCollection) && s.Depth <= syncListingDepth:
			p.sources = append(p.sources, s.URL)
		}
		return nil
	})
	if err != nil {
		return p, err
	}
	sites := map[string]bool{}
	err = db.RevisitURLs(ctx, func(u string) error {
		p.known = append(p.known, u)
		if pu, err := url.Parse(u); err == nil {
			sites[pu.Scheme+"://"+pu.Host+"/"] = true
		}
		return nil
	})
	if err != nil {
		return p, err
	}
	if len(p.seeds) == 0 {
		for s := range sites {
			addSeed(s)
		}
	}
	return p, nil
}

// frontier lists the entries a sync starts with, in the order the FIFO
// frontier fetches them: sitemaps, other seeds and sources at depth 0, so
// the articles they link to are fetched, then known records at
// revisitDepth, so that their own links are not followed. Sources go
// first so that the sitemaps' <lastmod> dates are read before the known
// articles come up (see lastmods); a seed that is a known record keeps
// its place and depth among them.
func (p syncPlan) frontier(revisitDepth int) []scraper.Entry {
	out := make([]scraper.Entry, 0, len(p.seeds)+len(p.sources)+len(p.known))
	known := make(map[string]bool, len(p.known))
	for _, u := range p.known {
		known[u] = true
	}
	queued := map[string]bool{}
	add := func(u string, depth int) {
		if !queued[u] {
			queued[u] = true
			out = append(out, scraper.Entry{URL: u, Depth: depth})
		}
	}
	sources := append(slices.Clone(p.seeds), p.sources...)
	for _, u := range sources {
		if p.sitemaps[u] && !known[u] {
			add(u, 0)
		}
	}
	for _, u := range sources {
		if !known[u] {
			add(u, 0)
		}
	}
	for _, u := range p.known {
		add(u, revisitDepth)
	}
	return out
}

// syncSink stores what a sync fetches and turns the answers of known URLs
// into archive updates: 304 moves last_seen, 410 makes a tombstone, 404 is
// a strike and the second in a row makes a tombstone.
type syncSink struct {
	storeSink
	log                        *slog.Logger
	notModified, missing, gone atomic.Int64
}

func (s *syncSink) Revisited(ctx context.Context, r scraper.Revisit) error {
	k, ok, err := s.db.Known(ctx, r.URL)
	if err != nil || !ok {
		return err
	}
	switch r.Status {
	case http.StatusNotModified:
		if err := s.db.Seen(ctx, r.URL, r.FetchedAt); err != nil && !errors.Is(err, storage.ErrNotFound) {
			return err
		}
		if k.Record != "" {
			s.notModified.Add(1)
		}
	case http.StatusGone:
		if k.Record == "" {
			s.log.Warn("source gone", "url", r.URL)
			return nil
		}
		if k.Status != normalize.StatusGone {
			s.gone.Add(1)
		}
		s.log.Info("article gone", "url", r.URL, "status", r.Status)
		return s.db.MarkGone(ctx, k.Record, r.FetchedAt)
	case http.StatusNotFound:
		if k.Record == "" {
			s.log.Warn("source not found", "url", r.URL)
			return nil
		}
		strikes, gone, err := s.db.NotFound(ctx, r.URL, r.FetchedAt)
		if err != nil {
			return err
		}
		switch {
		case gone && k.Status != normalize.StatusGone:
			s.gone.Add(1)
			s.log.Info("article gone", "url", r.URL, "status", r.Status, "syncs_in_a_row", strikes)
		case !gone:
			s.missing.Add(1)
			s.log.Info("article not found; kept until the next sync", "url", r.URL)
		}
	}
	return nil
}

// syncSummary is what one sync did: the crawl's summary plus the revisit
// counts.
type syncSummary struct {
	Crawl scraper.Summary
	// Known is the number of live records revisited; Sources the number
	// of sitemaps, feeds and listing pages read (seeds aside).
	Known, Sources int
	// NotModified counts records that answered 304 (Crawl.NotModified
	// counts sources too).
	NotModified int
	// Missing counts records found 404 for the first time (kept); Gone
	// those that became tombstones (410, or 404 twice in a row).
	Missing, Gone int
	// Due counts records asked for only because their last check was
	// --revisit-after ago: the sitemap's lastmod said they had not
	// changed.
	Due int
	// queue is the summary line about the workers of a sync --queue.
	queue string
}

func (s syncSummary) started() bool { return !s.Crawl.Started.IsZero() }

// MarshalJSON writes the crawl summary's fields with a "sync" object
// beside them, so readers of crawl runs can read sync runs too.
func (s syncSummary) MarshalJSON() ([]byte, error) {
	raw, err := json.Marshal(s.Crawl)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	m["sync"], err = json.Marshal(struct {
		Known       int `json:"known"`
		Sources     int `json:"sources"`
		NotModified int `json:"not_modified"`
		Missing     int `json:"missing"`
		Gone        int `json:"gone"`
		Due         int `json:"revisits_due"`
	}{s.Known, s.Sources, s.NotModified, s.Missing, s.Gone, s.Due})
	if err != nil {
		return nil, err
	}
	return json.Marshal(m)
}

// String is a few lines for people.
func (s syncSummary) String() string {
	var b strings.Builder
	c := s.Crawl
	stop := c.Stop
	if stop == "" {
		stop = "running"
	}
	fmt.Fprintf(&b, "sync %s after %s: %d known articles and %d sources revisited\n",
		stop, c.Duration.Round(time.Millisecond), s.Known, s.Sources)
	fmt.Fprintf(&b, "  articles:  %d new, %d updated, %d not modified, %d unchanged, %d duplicates merged\n",
		c.Stored, c.Updated, s.NotModified, c.Unchanged, c.Merged)
	fmt.Fprintf(&b, "  gone:      %d (410, or 404 at two syncs in a row), %d not found once (kept)\n", s.Gone, s.Missing)
	if s.Due > 0 {
		fmt.Fprintf(&b, "  due:       %d asked for again, their sitemap lastmod unchanged but their last check too old (--revisit-after)\n", s.Due)
	}
	io.WriteString(&b, c.String())
	if s.queue != "" {
		fmt.Fprintf(&b, "\n%s", s.queue)
	}
	return b.String()
}
