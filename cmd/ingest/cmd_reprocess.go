package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/queue"
	"github.com/ingest-archive/ingest/storage"
)

// reprocessBatch is how many records are rebuilt per write transaction.
const reprocessBatch = 200

// reprocessSummary is what `ingest reprocess` did.
type reprocessSummary struct {
	Records   int `json:"records"`   // the sum of the counts below
	Revised   int `json:"revised"`   // the text changed: a new revision
	Refreshed int `json:"refreshed"` // the same text, new metadata
	Same      int `json:"same"`
	NoPage    int `json:"no_raw_page"` // no raw page stored: left as is
	Skipped   int `json:"not_article"` // the page is no longer an article: left as is
	Failed    int `json:"failed"`      // extraction failed: left as is
	Duration  time.Duration
}

func (s reprocessSummary) String() string {
	return fmt.Sprintf("reprocessed %d records in %s: %d revised (text changed), %d refreshed (metadata), %d the same;\n"+
		"  left as they were: %d without a raw page, %d no longer articles, %d failed to extract",
		s.Records, s.Duration.Round(time.Millisecond), s.Revised, s.Refreshed, s.Same, s.NoPage, s.Skipped, s.Failed)
}

func runReprocess(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "reprocess", "[--db FILE] [--config FILE] [--queue nats://HOST:PORT]")
	var rf rebuildFlags
	rf.register(fs)
	queueURL := fs.String("queue", "", "extract on workers ('ingest worker') through this NATS JetStream server, nats://HOST:PORT, instead of here")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("reprocess: unexpected argument %q", fs.Arg(0))
	}
	if *queueURL != "" {
		if _, err := queue.ParseURL(*queueURL); err != nil {
			return usagef("--queue %q: want nats://HOST:PORT", *queueURL)
		}
	}
	archive, cfg, logger, err := rf.open(e)
	if err != nil {
		return err
	}
	defer archive.Close()
	opts := normalize.Options{Profiles: cfg.Profiles}
	models := newSiteModels()
	if err := models.load(ctx, archive); err != nil {
		return err
	}
	var sum reprocessSummary
	if *queueURL != "" {
		var line string
		sum, line, err = reprocessQueue(ctx, *queueURL, archive, cfg, opts, models, logger)
		fmt.Fprintln(e.stdout, sum.String())
		if line != "" {
			fmt.Fprintln(e.stdout, line)
		}
	} else {
		sum, err = reprocess(ctx, archive, localExtractor(opts, models), runtime.GOMAXPROCS(0), reprocessBatch, logger)
		fmt.Fprintln(e.stdout, sum.String())
	}
	if err == nil {
		// The sites' models learned again, applied where they changed.
		var hosts []string
		if hosts, err = archive.FactHosts(ctx); err == nil {
			err = learnSites(ctx, e, archive, hosts, opts, models, logger)
		}
	}
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("reprocess: %w, records done so far are saved", errInterrupted)
	}
	return err
}

// pageExtractor extracts one stored page again, here or on a worker, with
// the model of its site.
type pageExtractor func(ctx context.Context, in normalize.Input) (*normalize.Page, error)

// localExtractor extracts in this process with opts and the site's model,
// as the crawl applied it.
func localExtractor(opts normalize.Options, models *siteModels) pageExtractor {
	return func(ctx context.Context, in normalize.Input) (*normalize.Page, error) {
		o := opts
		o.Site = models.forURL(in.URL)
		return normalize.Extract(ctx, in, o)
	}
}

// reprocess rebuilds every record from its stored raw page, batch records
// at a time: pages are extracted with extract, parallel at once, then the
// batch is written in one transaction. An interruption stops between
// batches.
func reprocess(ctx context.Context, db *storage.DB, extract pageExtractor, parallel, batch int, log *slog.Logger) (sum reprocessSummary, err error) {
	start := time.Now()
	defer func() {
		sum.Duration = time.Since(start)
		sum.Records = sum.Revised + sum.Refreshed + sum.Same + sum.NoPage + sum.Skipped + sum.Failed
	}()
	// One batch is rebuilt while the next is extracted: the write
	// transaction and the extraction overlap, and the workers of a queue
	// reprocess do not wait for the archive between batches.
	var pending chan rebuilt
	wait := func() error {
		if pending == nil {
			return nil
		}
		r := <-pending
		pending = nil
		for _, o := range r.outs {
			switch o {
			case storage.RebuildRevised:
				sum.Revised++
			case storage.RebuildRefreshed:
				sum.Refreshed++
			case storage.RebuildSame:
				sum.Same++
			}
		}
		return r.err
	}
	defer func() {
		if werr := wait(); err == nil {
			err = werr
		}
	}()
	after := ""
	for {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		var ids []string
		ids, err = db.RecordIDs(ctx, after, batch)
		if err != nil {
			return sum, err
		}
		if len(ids) == 0 {
			return sum, nil
		}
		after = ids[len(ids)-1]
		recs := extractAll(ctx, db, ids, extract, parallel, log, &sum)
		if ctx.Err() != nil {
			return sum, ctx.Err()
		}
		if err = wait(); err != nil {
			return sum, err
		}
		if len(recs) == 0 {
			continue
		}
		pending = make(chan rebuilt, 1)
		go func(ch chan<- rebuilt) {
			outs, err := db.Rebuild(ctx, recs, time.Now())
			ch <- rebuilt{outs, err}
		}(pending)
	}
}

// rebuilt is the outcome of one batch's db.Rebuild.
type rebuilt struct {
	outs []storage.RebuildOutcome
	err  error
}

// extractAll extracts the stored raw page of each record, parallel at
// once, and returns the records to rebuild, in the order of ids.
func extractAll(ctx context.Context, db *storage.DB, ids []string, extract pageExtractor, parallel int, log *slog.Logger, sum *reprocessSummary) []normalize.Record {
	type result struct {
		rec  normalize.Record
		kind int // 0 ok, 1 no page, 2 not an article, 3 failed, 4 gone meanwhile
	}
	results := make([]result, len(ids))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(max(parallel, 1), len(ids)) {
		wg.Go(func() {
			for i := range next {
				results[i].rec, results[i].kind = extractOne(ctx, db, ids[i], extract, log)
			}
		})
	}
	for i := range ids {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()

	var recs []normalize.Record
	for _, r := range results {
		switch r.kind {
		case 0:
			recs = append(recs, r.rec)
		case 1:
			sum.NoPage++
		case 2:
			sum.Skipped++
		case 3:
			sum.Failed++
		}
	}
	return recs
}

// extractOne extracts the raw page of record id again.
func extractOne(ctx context.Context, db *storage.DB, id string, extract pageExtractor, log *slog.Logger) (normalize.Record, int) {
	r, err := db.Get(ctx, id)
	if err != nil {
		return normalize.Record{}, 4
	}
	page, err := db.RawPage(ctx, r.URL)
	if errors.Is(err, storage.ErrNotFound) || (err == nil && len(page.Body) == 0) {
		return normalize.Record{}, 1
	}
	if err != nil {
		log.Warn("read raw page", "url", r.URL, "err", err)
		return normalize.Record{}, 3
	}
	in := normalize.Input{URL: page.URL, Header: page.Header, Body: page.Body}
	if in.URL == "" {
		in.URL = r.URL
	}
	pg, err := extract(ctx, in)
	if err != nil {
		log.Warn("extract failed", "url", r.URL, "err", err)
		return normalize.Record{}, 3
	}
	if pg.PageType != normalize.PageArticle {
		log.Info("no longer an article; left as it was", "url", r.URL, "page_type", pg.PageType)
		return normalize.Record{}, 2
	}
	rec := pg.Record
	rec.ID = r.ID
	return rec, 0
}

// rebuildFlags are the flags of the commands that extract stored pages
// again: the archive, the config with the site profiles, and logging.
type rebuildFlags struct {
	db, config string
	log        logFlags
}

func (r *rebuildFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&r.db, "db", "", "archive database file (default ./archive.db, or $INGEST_DB)")
	fs.StringVar(&r.config, "config", "", "YAML config file with the site profiles to extract with (or $INGEST_CONFIG)")
	r.log.register(fs)
}

// open makes the logger, loads the config and opens the archive for
// writing.
func (r *rebuildFlags) open(e env) (*storage.DB, config, *slog.Logger, error) {
	logger, err := r.log.logger(e.stderr)
	if err != nil {
		return nil, config{}, nil, err
	}
	cfg, err := loadConfig(r.config)
	if err != nil {
		return nil, config{}, nil, err
	}
	archive, err := openArchive(dbPath(r.db), false)
	if err != nil {
		return nil, config{}, nil, err
	}
	return archive, cfg, logger, nil
}
