package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	ingest "github.com/ingest-archive/ingest"
	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/scraper"
	"github.com/ingest-archive/ingest/storage"
)

// Where `ingest demo` writes, relative to the working directory.
const (
	demoDB       = "demo.db"
	demoOut      = "demo-out"
	demoJSONL    = "archive.jsonl"
	demoMarkdown = "markdown"
)

func runDemo(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "demo", "")
	dir := fs.String("dir", ".", "folder to write demo.db and demo-out/ into")
	siteAddr := fs.String("site-addr", "127.0.0.1:0", "address to serve the sample site on (record ids follow its URL, so two demos compare on the same one)")
	queueURL := fs.String("queue", "", "crawl as a coordinator of the workers serving this NATS JetStream server (see make demo-cluster)")
	var lf logFlags
	lf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("demo: unexpected argument %q", fs.Arg(0))
	}
	logger, err := lf.logger(e.stderr)
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", *siteAddr)
	if err != nil {
		return fmt.Errorf("demo: listen: %w", err)
	}
	srv := &http.Server{Handler: ingest.SampleSite(), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	site := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(e.stdout, "serving the sample site at %s\n", site)

	dbFile := filepath.Join(*dir, demoDB)
	outDir := filepath.Join(*dir, demoOut)
	for _, p := range []string{dbFile, outDir} {
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("demo: remove old %s: %w", p, err)
		}
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	db, err := storage.Open(dbFile, storage.Options{})
	if err != nil {
		return err
	}
	defer db.Close()

	sc := scraper.DefaultConfig(site)
	sc.Rate = 0 // our own server on loopback: no need to be polite
	sc.Concurrency = 4
	sc.Logger = logger
	models := newSiteModels()
	sc.Extract = models.extractor(normalize.Options{})
	qr, err := attachQueue(ctx, *queueURL, &sc, nil, models, logger)
	if err != nil {
		return err
	}
	defer qr.close()
	fmt.Fprintf(e.stdout, "crawling %s into %s\n", site, dbFile)
	sum, err := crawlInto(ctx, e, db, sc, models)
	fmt.Fprintln(e.stdout, sum.String())
	if qr != nil {
		fmt.Fprintln(e.stdout, qr.summary())
	}
	if err != nil {
		return err
	}
	if err := learnSites(ctx, e, db, hostsOf(sc.Seeds), normalize.Options{}, models, logger); err != nil {
		return fmt.Errorf("demo: %w", err)
	}

	jsonl := filepath.Join(outDir, demoJSONL)
	md := filepath.Join(outDir, demoMarkdown)
	for _, x := range []storage.ExportOptions{
		{Format: storage.FormatJSONL, Out: jsonl},
		{Format: storage.FormatMarkdown, Out: md, Layout: storage.LayoutYear},
	} {
		res, err := storage.Export(ctx, db, x)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		fmt.Fprintf(e.stdout, "exported %d records to %s\n", res.Records, res.Path)
	}
	if sum.Articles() == 0 {
		return errors.New("demo: no article was stored")
	}
	fmt.Fprintf(e.stdout, "\ndone: the archive is %s; look at %s and %s/\n", dbFile, jsonl, md)
	return nil
}
