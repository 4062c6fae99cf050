package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"regexp"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/scraper"
	"github.com/ingest-archive/ingest/storage"
)

// defaultDB is the archive used when --db is not given and INGEST_DB is
// not set.
const defaultDB = "archive.db"

// crawlFlags are the flags of `ingest crawl`, shared with `ingest demo`.
type crawlFlags struct {
	db, config, userAgent, scope string
	rate                         float64
	concurrency, maxPages        int
	maxDepth, retries, trapDepth int
	trapPages, extractors        int
	timeout                      time.Duration
	maxBody                      int64
	ignoreRobots, allowPrivate   bool
	fresh                        bool
	include, exclude             []string
	log                          logFlags
}

func (c *crawlFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&c.db, "db", "", "archive database file (default ./archive.db, or $INGEST_DB)")
	fs.StringVar(&c.config, "config", "", "YAML config file: crawl defaults and site profiles (or $INGEST_CONFIG)")
	fs.Float64Var(&c.rate, "rate", scraper.DefaultRate, "requests per second per host; 0 means no limit")
	fs.IntVar(&c.concurrency, "concurrency", scraper.DefaultConcurrency, "requests in flight per host")
	fs.IntVar(&c.maxPages, "max-pages", 0, "stop after this many pages; 0 means no limit")
	fs.IntVar(&c.maxDepth, "max-depth", 0, "follow links this many hops from a seed; 0 means no limit")
	fs.IntVar(&c.trapDepth, "trap-depth", scraper.DefaultTrapDepth, "past this many hops, stop following links that differ from their page only in numbers (calendars, endless pagination)")
	fs.IntVar(&c.trapPages, "trap-pages", scraper.DefaultTrapPages, "stop a chain of URLs that differ only in numbers or query values after this many pages in a row that bring no new link")
	fs.IntVar(&c.extractors, "extractors", 0, "pages extracted at once, apart from fetching; 0 means one per CPU")
	fs.IntVar(&c.retries, "retries", scraper.DefaultRetries, "retries for timeouts, resets, 5xx and 429")
	fs.DurationVar(&c.timeout, "timeout", scraper.DefaultTimeout, "timeout per request")
	fs.Int64Var(&c.maxBody, "max-body", scraper.DefaultMaxBody, "largest response body in bytes; larger ones are reported, not stored")
	fs.StringVar(&c.userAgent, "user-agent", "", "User-Agent header (default names ingest and its home page)")
	fs.StringVar(&c.scope, "scope", scraper.DefaultScope, "which links to follow: host, domain or prefix")
	fs.StringArrayVar(&c.include, "include", nil, "only follow URLs matching this regexp (repeatable)")
	fs.StringArrayVar(&c.exclude, "exclude", nil, "never follow URLs matching this regexp (repeatable)")
	fs.BoolVar(&c.ignoreRobots, "ignore-robots", false, "do not obey robots.txt")
	fs.BoolVar(&c.allowPrivate, "allow-private", false, "allow hosts on private, loopback or link-local addresses")
	fs.BoolVar(&c.fresh, "fresh", false, "start over instead of resuming an interrupted crawl of the same seeds")
	c.log.register(fs)
}

// dbPath applies the precedence flag > $INGEST_DB > default.
func dbPath(flag string) string {
	if flag != "" {
		return flag
	}
	if env := os.Getenv("INGEST_DB"); env != "" {
		return env
	}
	return defaultDB
}

// scraperConfig builds the scraper's options from flags, environment and
// config file, in that order of precedence.
func (c *crawlFlags) scraperConfig(fs *pflag.FlagSet, cfg config, seeds []string, logger *slog.Logger, models *siteModels) (scraper.Config, error) {
	sc := scraper.DefaultConfig(seeds...)
	fc := cfg.Crawl
	sc.Rate = pick(fs, "rate", c.rate, fc.Rate)
	sc.Concurrency = pick(fs, "concurrency", c.concurrency, fc.Concurrency)
	sc.MaxPages = pick(fs, "max-pages", c.maxPages, fc.MaxPages)
	sc.MaxDepth = pick(fs, "max-depth", c.maxDepth, fc.MaxDepth)
	sc.IgnoreRobots = pick(fs, "ignore-robots", c.ignoreRobots, fc.IgnoreRobots)
	sc.Retries = c.retries
	sc.TrapDepth = c.trapDepth
	sc.TrapPages = c.trapPages
	sc.Extractors = c.extractors
	sc.Timeout = c.timeout
	sc.MaxBody = c.maxBody
	sc.Scope = c.scope
	sc.AllowPrivate = c.allowPrivate
	switch {
	case fs.Changed("user-agent"):
		sc.UserAgent = c.userAgent
	case os.Getenv("INGEST_USER_AGENT") != "":
		sc.UserAgent = os.Getenv("INGEST_USER_AGENT")
	case fc.UserAgent != "":
		sc.UserAgent = fc.UserAgent
	}
	var err error
	if sc.Include, err = compileAll("--include", c.include); err != nil {
		return sc, err
	}
	if sc.Exclude, err = compileAll("--exclude", c.exclude); err != nil {
		return sc, err
	}
	sc.Logger = logger
	sc.Extract = models.extractor(normalize.Options{Profiles: cfg.Profiles})
	return sc, nil
}

// validate checks the flag values before anything runs.
func (c *crawlFlags) validate() error {
	switch {
	case c.rate < 0:
		return usagef("--rate %v: must be 0 (no limit) or more", c.rate)
	case c.concurrency < 1:
		return usagef("--concurrency %d: must be at least 1", c.concurrency)
	case c.maxPages < 0:
		return usagef("--max-pages %d: must be 0 (no limit) or more", c.maxPages)
	case c.maxDepth < 0:
		return usagef("--max-depth %d: must be 0 (no limit) or more", c.maxDepth)
	case c.trapDepth < 1:
		return usagef("--trap-depth %d: must be at least 1", c.trapDepth)
	case c.trapPages < 1:
		return usagef("--trap-pages %d: must be at least 1", c.trapPages)
	case c.extractors < 0:
		return usagef("--extractors %d: must be 0 (one per CPU) or more", c.extractors)
	case c.retries < 0:
		return usagef("--retries %d: must be 0 or more", c.retries)
	case c.timeout <= 0:
		return usagef("--timeout %v: must be more than 0", c.timeout)
	case c.maxBody <= 0:
		return usagef("--max-body %d: must be more than 0", c.maxBody)
	}
	return nil
}

// pick returns the flag's value when it was given, else the config file's
// value when set, else the flag's default.
func pick[T any](fs *pflag.FlagSet, name string, flagVal T, fileVal *T) T {
	if !fs.Changed(name) && fileVal != nil {
		return *fileVal
	}
	return flagVal
}

func compileAll(flag string, exprs []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, e := range exprs {
		re, err := regexp.Compile(e)
		if err != nil {
			return nil, usagef("%s %q: %v", flag, e, err)
		}
		out = append(out, re)
	}
	return out, nil
}

// validateSeeds checks every seed is an absolute http(s) URL.
func validateSeeds(seeds []string) error {
	if len(seeds) == 0 {
		return usagef("crawl: give at least one seed URL")
	}
	for _, s := range seeds {
		if _, err := normalize.CanonicalURL(s); err != nil {
			return usagef("crawl: seed %q is not an absolute http(s) URL", s)
		}
	}
	return nil
}

func runCrawl(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "crawl", "[flags] URL...")
	var c crawlFlags
	c.register(fs)
	queueURL := fs.String("queue", "", "coordinate workers ('ingest worker') through this NATS JetStream server, nats://HOST:PORT, instead of fetching here")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := c.validate(); err != nil {
		return err
	}
	if err := validateSeeds(fs.Args()); err != nil {
		return err
	}
	logger, err := c.log.logger(e.stderr)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(c.config)
	if err != nil {
		return err
	}
	models := newSiteModels()
	sc, err := c.scraperConfig(fs, cfg, fs.Args(), logger, models)
	if err != nil {
		return err
	}
	qr, err := attachQueue(ctx, *queueURL, &sc, cfg.Sites, models, logger)
	if err != nil {
		return err
	}
	defer qr.close()
	db, err := openArchive(dbPath(c.db), false)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := models.load(ctx, db); err != nil {
		return err
	}
	sum, err := crawlRun(ctx, e, db, sc, models, c.fresh)
	var ue *usageError
	if !errors.As(err, &ue) {
		fmt.Fprintln(e.stdout, sum.String())
		if qr != nil {
			fmt.Fprintln(e.stdout, qr.summary())
		}
	}
	if err != nil {
		return err
	}
	return learnSites(ctx, e, db, hostsOf(sc.Seeds), normalize.Options{Profiles: cfg.Profiles}, models, logger)
}

// crawlInto runs one crawl that stores into db, records the run and
// returns its summary. It resumes an interrupted crawl of the same seeds
// (see openFrontier). A live status line is drawn when stderr is a
// terminal. The site models learned while it runs go into models.
func crawlInto(ctx context.Context, e env, db *storage.DB, sc scraper.Config, models *siteModels) (scraper.Summary, error) {
	return crawlRun(ctx, e, db, sc, models, false)
}

// crawlRun is crawlInto; fresh discards the frontier an interrupted crawl
// of the same seeds left instead of resuming it.
func crawlRun(ctx context.Context, e env, db *storage.DB, sc scraper.Config, models *siteModels, fresh bool) (scraper.Summary, error) {
	log := sc.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	learner := newInterimLearner(ctx, db, models, log)
	sink := storeSink{db: db, learner: learner}
	sc.Sink = sink
	if err := sc.Validate(); err != nil {
		return scraper.Summary{}, usagef("crawl: %v", err)
	}
	front, err := openFrontier(ctx, db, sc.Seeds, fresh, sc.Logger)
	if err != nil {
		return scraper.Summary{}, err
	}
	sink.front = front.f
	sc.Sink = sink
	sc.Frontier = front
	var status *statusLine
	if isTerminal(e.stderr) {
		status = &statusLine{w: e.stderr}
		if front.f.Resumed() {
			st, _ := front.f.Stats(ctx)
			fmt.Fprintf(e.stderr, "resuming an interrupted crawl: %d done, %d queued (--fresh starts over)\n", st.Done, st.Queued)
		}
		var mu sync.Mutex
		meter := progressMeter{}
		sc.Progress = func(p scraper.Progress) {
			mu.Lock()
			status.set(meter.line(p))
			mu.Unlock()
		}
	}
	started := time.Now()
	sum, err := scraper.Crawl(ctx, sc)
	learner.wait()
	if ferr := front.flush(); ferr != nil && err == nil {
		err = ferr
	}
	if status != nil {
		status.clear()
	}
	if serr := saveRun(db, "crawl", started, sum); serr != nil && err == nil {
		err = serr
	}
	switch {
	case err != nil && (errors.Is(err, context.Canceled) || ctx.Err() != nil):
		return sum, fmt.Errorf("crawl: %w, progress saved", errInterrupted)
	case err != nil:
		return sum, fmt.Errorf("crawl: %w", err)
	case sum.PagesFetched == 0 && sum.ErrorCount() > 0:
		return sum, fmt.Errorf("crawl: no page could be fetched (%s)", errorKinds(sum))
	}
	return sum, nil
}

func errorKinds(s scraper.Summary) string {
	out := ""
	for k, v := range s.Errors {
		if out != "" {
			out += ", "
		}
		out += fmt.Sprintf("%s: %d", k, v)
	}
	return out
}

// saveRun records a run's summary in the archive. It uses its own context
// so an interrupted crawl still saves what it did.
func saveRun(db *storage.DB, kind string, started time.Time, sum any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	raw, err := jsonMarshal(sum)
	if err != nil {
		return err
	}
	return db.SaveRun(ctx, storage.Run{
		ID: started.UTC().Format("20060102T150405.000000000Z"), Kind: kind,
		Started: started.UTC(), Finished: time.Now().UTC(), Summary: raw,
	})
}

// openArchive opens the archive at path, turning a missing file into a
// message that says what to do.
func openArchive(path string, readOnly bool) (*storage.DB, error) {
	db, err := storage.Open(path, storage.Options{ReadOnly: readOnly})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("open %s: no such archive (create one with 'ingest crawl --db %s URL')", path, path)
	}
	return db, err
}
