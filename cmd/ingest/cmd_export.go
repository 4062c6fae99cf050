package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ingest-archive/ingest/storage"
)

func runExport(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "export", "[--db FILE] --format json|jsonl|markdown|warc|wacz --out PATH")
	db := fs.String("db", "", "archive database file (default ./archive.db, or $INGEST_DB)")
	format := fs.String("format", "", "json, jsonl, markdown, warc (raw pages as a .warc.gz, gzip per record) or wacz (the same, packed with its index)")
	out := fs.String("out", "", "where to write: - for stdout (json, jsonl), a .zip or .tar.gz archive, a file (json, jsonl) or a folder (markdown)")
	layout := fs.String("layout", storage.LayoutFlat, "markdown file layout: flat, year or year-month")
	since := fs.String("since", "", "only records published on or after this date (YYYY-MM-DD or RFC 3339)")
	until := fs.String("until", "", "only records published on or before this date")
	site := fs.String("site", "", "only records from this host")
	author := fs.String("author", "", "only records by this author")
	status := fs.String("status", "", "only records with this status: live or gone")
	changedSince := fs.String("changed-since", "", "only records that changed at or after this time (YYYY-MM-DD, RFC 3339, or a duration such as 24h for that long ago)")
	assets := fs.Bool("assets", false, "markdown: download body images into assets/<id>/ and point the Markdown at them")
	allowPrivate := fs.Bool("allow-private", false, "with --assets, allow images on private, loopback or link-local addresses")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("export: unexpected argument %q", fs.Arg(0))
	}
	if *format == "" || *out == "" {
		return usagef("export: --format and --out are required")
	}
	opts := storage.ExportOptions{
		Format: *format, Out: *out, Stdout: e.stdout, Layout: *layout,
		Site: *site, Author: *author, Status: *status,
	}
	var err error
	if opts.Since, err = parseDateFlag("--since", *since, false); err != nil {
		return err
	}
	if opts.Until, err = parseDateFlag("--until", *until, true); err != nil {
		return err
	}
	if opts.ChangedSince, err = parseSinceFlag("--changed-since", *changedSince, time.Now()); err != nil {
		return err
	}
	if *assets {
		if *format != storage.FormatMarkdown {
			return usagef("export: --assets applies to --format markdown only")
		}
		opts.Assets = newAssetFetcher(*allowPrivate).fetch
	}
	archive, err := openArchive(dbPath(*db), true)
	if err != nil {
		return err
	}
	defer archive.Close()
	if *format == formatWARC || *format == formatWACZ {
		res, err := exportWARC(ctx, archive, *format, opts)
		if errors.Is(err, storage.ErrInvalidOptions) {
			return usagef("%v", err)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "exported %d responses (%d articles) to %s\n", res.responses, res.articles, *out)
		return nil
	}
	res, err := storage.Export(ctx, archive, opts)
	if errors.Is(err, storage.ErrInvalidOptions) {
		return usagef("%v", err)
	}
	if err != nil {
		return err
	}
	if res.Path != "-" {
		fmt.Fprintf(e.stderr, "exported %d records to %s (%d files)\n", res.Records, res.Path, res.Files)
	}
	if *assets {
		fmt.Fprintf(e.stderr, "downloaded %d images; %d could not be and keep their original links\n", res.Assets, res.AssetErrors)
	}
	return nil
}

// parseDateFlag reads YYYY-MM-DD or RFC 3339. A bare day used as an upper
// bound means the end of that day.
func parseDateFlag(name, v string, endOfDay bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return time.Time{}, usagef("%s %q: want YYYY-MM-DD or RFC 3339", name, v)
	}
	if endOfDay {
		t = t.Add(24*time.Hour - time.Nanosecond)
	}
	return t, nil
}

// parseSinceFlag reads a point in time: YYYY-MM-DD (the start of that day,
// UTC), RFC 3339, or a Go duration such as 36h meaning that long before
// now.
func parseSinceFlag(name, v string, now time.Time) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if d, err := time.ParseDuration(v); err == nil {
		if d < 0 {
			return time.Time{}, usagef("%s %q: a duration must not be negative", name, v)
		}
		return now.Add(-d), nil
	}
	t, err := parseDateFlag(name, v, false)
	if err != nil {
		return time.Time{}, usagef("%s %q: want YYYY-MM-DD, RFC 3339 or a duration such as 24h", name, v)
	}
	return t, nil
}
