package main

import (
	"context"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/scraper"
	"github.com/ingest-archive/ingest/storage"
	"github.com/ingest-archive/ingest/webarchive"
)

// An import commits larger batches than a crawl: pages come as fast as
// they are extracted, and each commit rewrites the index pages it touches
// and syncs the file once, whatever its size.
var (
	importBatchPages = 500
	importBatchBytes = 32 << 20
)

// importFlags are the flags of `ingest import`.
type importFlags struct {
	db, config, base string
	extractors       int
	maxBody          int64
	log              logFlags
}

// warcInput is one WARC file to import: a file of its own, or one inside
// a WACZ package.
type warcInput struct {
	name string
	r    io.ReaderAt
	size int64
}

// importer is one run of `ingest import`.
type importer struct {
	e       env
	log     *slog.Logger
	maxBody int64

	files   []warcInput
	closers []io.Closer
	mirrors []mirrorInput

	mu  sync.Mutex
	bad int // records that could not be read

	scanErr error // what stopped the reading of a WARC file
	redone  int   // streamed captures undone, to be stored again in capture order
}

// importTotals adds up the summaries of an import's replays.
type importTotals struct {
	scraper.Summary
	plan    webarchive.Counts
	mirror  webarchive.MirrorStats
	records int // WARC records read
}

func runImport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "import", "[--db FILE] [--config FILE] [--base URL] SOURCE...")
	var f importFlags
	fs.StringVar(&f.db, "db", "", "archive database file (default ./archive.db, or $INGEST_DB)")
	fs.StringVar(&f.config, "config", "", "YAML config file: site profiles (or $INGEST_CONFIG)")
	fs.StringVar(&f.base, "base", "", "for a wget --mirror folder: the URL its top folder was downloaded from")
	fs.IntVar(&f.extractors, "extractors", 0, "pages extracted at once; 0 means one per CPU")
	fs.Int64Var(&f.maxBody, "max-body", scraper.DefaultMaxBody, "largest response body in bytes; larger ones are reported, not stored")
	f.log.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("import: give at least one .warc, .warc.gz, .wacz file or wget --mirror folder")
	}
	if f.extractors < 0 {
		return usagef("--extractors %d: must be 0 (one per CPU) or more", f.extractors)
	}
	if f.maxBody <= 0 {
		return usagef("--max-body %d: must be more than 0", f.maxBody)
	}
	logger, err := f.log.logger(e.stderr)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(f.config)
	if err != nil {
		return err
	}
	im := &importer{e: e, log: logger, maxBody: f.maxBody}
	defer im.close()
	for _, src := range fs.Args() {
		if err := im.open(src, f.base); err != nil {
			return err
		}
	}
	db, err := openArchive(dbPath(f.db), false)
	if err != nil {
		return err
	}
	defer db.Close()
	models := newSiteModels()
	if err := models.load(ctx, db); err != nil {
		return err
	}
	opts := normalize.Options{Profiles: cfg.Profiles}
	started := time.Now()
	tot, hosts, err := im.run(ctx, db, models, opts, f.extractors)
	fmt.Fprintln(e.stdout, tot.String(time.Since(started)))
	if serr := saveRun(db, "import", started, tot.Summary); serr != nil && err == nil {
		err = serr
	}
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("import: %w", errInterrupted)
		}
		return fmt.Errorf("import: %w", err)
	}
	if err := learnSites(ctx, e, db, hosts, opts, models, logger); err != nil {
		return err
	}
	if im.bad > 0 {
		return fmt.Errorf("import: %d records could not be read (each is named above); everything else was imported", im.bad)
	}
	return nil
}

// open adds one SOURCE argument.
func (im *importer) open(src, base string) error {
	info, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("import %s: %w", src, err)
	}
	if info.IsDir() {
		if base == "" {
			return usagef("import %s: a wget --mirror folder needs --base URL, the URL its top folder was downloaded from", src)
		}
		if _, err := normalize.CanonicalURL(base); err != nil {
			return usagef("import: --base %q is not an absolute http(s) URL", base)
		}
		im.mirrors = append(im.mirrors, mirrorInput{dir: src, base: base})
		return nil
	}
	f, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("import %s: %w", src, err)
	}
	im.closers = append(im.closers, f)
	lower := strings.ToLower(src)
	switch {
	case strings.HasSuffix(lower, ".wacz"):
		ws, err := im.openWACZ(f, info.Size(), src)
		if err != nil {
			return fmt.Errorf("import %s: %w", src, err)
		}
		im.files = append(im.files, ws...)
	case strings.HasSuffix(lower, ".warc"), strings.HasSuffix(lower, ".warc.gz"):
		im.files = append(im.files, warcInput{name: src, r: f, size: info.Size()})
	default:
		return usagef("import %s: not a .warc, .warc.gz or .wacz file, nor a folder", src)
	}
	return nil
}

func (im *importer) close() {
	for _, c := range im.closers {
		c.Close()
	}
}

// badRecord reports a record that could not be read, on one line.
func (im *importer) badRecord(file string, err error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.bad++
	fmt.Fprintf(im.e.stderr, "import %s: %v; skipped\n", file, err)
}

// run streams the WARC files through the pipeline as they are read,
// then stores what had to wait for their end (later captures of a URL in
// capture order, revisits, aliases found late), then the mirror folders.
func (im *importer) run(ctx context.Context, db *storage.DB, models *siteModels, opts normalize.Options, extractors int) (importTotals, []string, error) {
	var tot importTotals
	hosts := newHostSet()
	for _, f := range im.files {
		im.peekHosts(f, hosts)
	}
	var mirrorCaps [][]webarchive.MirrorFile
	for _, m := range im.mirrors {
		files, st, err := webarchive.MirrorFiles(m.dir, m.base)
		if err != nil {
			return tot, nil, fmt.Errorf("read %s: %w", m.dir, err)
		}
		tot.mirror.Add(st)
		mirrorCaps = append(mirrorCaps, files)
		hosts.add(m.base)
	}
	started := hosts.known()

	learner := newInterimLearner(ctx, db, models, im.log)
	defer learner.wait()
	config := func(hosts []string) scraper.Config {
		sc := scraper.DefaultConfig(hosts...)
		sc.Extractors = extractors
		sc.MaxBody = im.maxBody
		sc.Logger = im.log
		sc.Extract = models.extractor(opts)
		sc.Sink = storeSink{db: db, learner: learner, captured: true}
		sc.BatchPages = importBatchPages
		sc.BatchBytes = importBatchBytes
		return sc
	}
	sc := config(hosts.list())
	replay := func(caps iter.Seq[scraper.Capture]) error {
		sum, err := scraper.Replay(ctx, sc, caps)
		tot.add(sum)
		return err
	}

	stream := webarchive.NewStream(canonOrEmpty, func(u string) bool { return started[hostRoot(u)] })
	caps := im.streamCaptures(ctx, stream, hosts, &tot.records)
	var err error
	if len(started) > 0 {
		err = replay(caps)
	} else {
		// No host to scope a pipeline by: every capture waits for Finish.
		caps(func(scraper.Capture) bool { return true })
	}
	if err == nil {
		err = im.scanErr
	}
	if err != nil {
		tot.plan = stream.Counts
		return tot, hostsOf(hosts.list()), err
	}
	rest, err := stream.Finish(im.redo(ctx, db))
	tot.plan = stream.Counts
	if err != nil {
		return tot, hostsOf(hosts.list()), err
	}
	for _, u := range slices.Sorted(maps.Keys(rest.Aliases)) {
		if _, err := db.AddAlias(ctx, u, rest.Aliases[u]); err != nil {
			return tot, hostsOf(hosts.list()), err
		}
	}
	for _, round := range rest.Rounds {
		for _, c := range round {
			hosts.add(c.URL)
		}
	}
	if hosts.grew(len(sc.Seeds)) {
		sc = config(hosts.list())
	}
	// A capture stored again counts once, as the capture it is.
	tot.PagesFetched -= im.redone
	tot.Stored -= im.redone
	for _, round := range rest.Rounds {
		if err := replay(im.warcCaptures(round)); err != nil {
			return tot, hostsOf(hosts.list()), err
		}
	}
	for _, files := range mirrorCaps {
		if err := replay(im.mirrorCaptures(files)); err != nil {
			return tot, hostsOf(hosts.list()), err
		}
	}
	return tot, hostsOf(hosts.list()), nil
}

// canonOrEmpty is the crawl's canonical form of u, or "" for a URL the
// crawl would not fetch.
func canonOrEmpty(u string) string {
	c, err := normalize.CanonicalURL(u)
	if err != nil {
		return ""
	}
	return c
}

// warcCaptures reads the payload of each capture of a round as it is
// needed, so that only the pages in the pipeline are in memory.
func (im *importer) warcCaptures(round []webarchive.Capture) iter.Seq[scraper.Capture] {
	return func(yield func(scraper.Capture) bool) {
		pr := webarchive.NewPayloadReader()
		for _, c := range round {
			f := im.files[c.Source]
			p, err := pr.Read(f.r, f.size, c.Offset, c.Length, im.maxBody)
			if err != nil {
				im.badRecord(f.name, err)
				continue
			}
			c.Payload = &p
			if !yield(captureOf(c)) {
				return
			}
		}
	}
}

// add counts one replay's summary in the totals.
func (t *importTotals) add(s scraper.Summary) {
	t.PagesFetched += s.PagesFetched
	t.Stored += s.Stored
	t.Updated += s.Updated
	t.Unchanged += s.Unchanged
	t.Merged += s.Merged
	t.NonArticle += s.NonArticle
	t.Sitemaps += s.Sitemaps
	t.Feeds += s.Feeds
	t.SkippedNonHTML += s.SkippedNonHTML
	if t.Errors == nil {
		t.Errors = map[string]int{}
	}
	for k, v := range s.Errors {
		t.Errors[k] += v
	}
}

// String is the import's summary, in the shape of the crawl's.
func (t importTotals) String(d time.Duration) string {
	var b strings.Builder
	secs := d.Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(t.PagesFetched) / secs
	}
	fmt.Fprintf(&b, "import done after %s: %d pages imported (%.0f pages/s) from %d WARC records",
		d.Round(time.Millisecond), t.PagesFetched, rate, t.records)
	if t.mirror.Files > 0 {
		fmt.Fprintf(&b, " and %d mirrored files", t.mirror.Files)
	}
	fmt.Fprintf(&b, "\n  articles:  %d stored, %d updated, %d unchanged, %d duplicates merged",
		t.Stored, t.Updated, t.Unchanged, t.Merged)
	fmt.Fprintf(&b, "\n  other:     %d non-article pages, %d sitemaps, %d feeds", t.NonArticle, t.Sitemaps, t.Feeds)
	fmt.Fprintf(&b, "\n  skipped:   %d redirects (kept as aliases), %d not HTML, %d not 2xx, %d revisits without their original, %d other records",
		t.plan.Redirects, t.plan.NotHTML+t.SkippedNonHTML+t.mirror.NotHTML, t.plan.NotOK, t.plan.Unresolved, t.plan.OtherRecords)
	n := t.ErrorCount()
	fmt.Fprintf(&b, "\n  errors:    %d", n)
	if n > 0 {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(t.Errors)) {
			parts = append(parts, fmt.Sprintf("%s %d", k, t.Errors[k]))
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	return b.String()
}
