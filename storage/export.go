package storage

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ingest-archive/ingest/normalize"
)

// Export formats and layouts.
const (
	FormatJSON     = "json"
	FormatJSONL    = "jsonl"
	FormatMarkdown = "markdown"

	LayoutFlat      = "flat"
	LayoutYear      = "year"
	LayoutYearMonth = "year-month"
)

// ExportOptions say what to export and where.
type ExportOptions struct {
	// Format is "json" (one indented array), "jsonl" (one record a line)
	// or "markdown" (one .md file per record plus index.json).
	Format string
	// Out is where to write: "-" streams json or jsonl to Stdout; a name
	// ending ".zip" or ".tar.gz" (or ".tgz") writes that archive; any other
	// name is the file (json, jsonl) or folder (markdown) to write.
	Out string
	// Stdout receives the export when Out is "-".
	Stdout io.Writer
	// Layout places markdown files: "flat" (the default), "year"
	// (2023/slug.md) or "year-month" (2023/09/slug.md), by publication
	// date, else first_seen, else "undated".
	Layout string
	// Since and Until keep records whose publication date (else
	// first_seen) falls within them, both ends included. Zero means open.
	// Records with neither date are left out when either is set.
	Since, Until time.Time
	// Site keeps records whose URL host is Site (host or host:port).
	Site string
	// Author keeps records with an author of that name, case ignored.
	Author string
	// Status keeps records with that status ("live" or "gone").
	Status string
	// ChangedSince keeps records that changed at or after it: stored,
	// given a new revision, or whose metadata, aliases or status changed
	// (see DB.ChangedAt; a visit that only moves last_seen is no change).
	// Zero means every record. It makes incremental exports.
	ChangedSince time.Time
	// Assets, for markdown only, downloads the images of each body with
	// this function into the export as assets/<id>/<n>.<ext> and points
	// the Markdown at them (see export_assets.go). nil leaves image links
	// as they are.
	Assets AssetFunc
}

// ExportResult says what Export wrote.
type ExportResult struct {
	// Records is the number of records exported.
	Records int
	// Files is the number of files written, index.json included; files
	// inside an archive count, the archive itself does not. Zero for
	// stdout.
	Files int
	// Path is the file or folder written, or "-".
	Path string
	// Assets is the number of images downloaded into the export (they
	// count in Files too); AssetErrors the number that could not be, whose
	// links were left pointing at the original URL.
	Assets      int
	AssetErrors int
}

// Export writes the records of db that pass the filters, in id order, from
// one read transaction. Output to a path is written under a temporary
// name in the same folder and renamed into place at the end, so a failed
// export leaves no half-written file. A markdown folder replaces an
// earlier markdown export at the same path, and refuses any other existing
// non-empty folder. The same archive always exports byte-identical files.
// Invalid options return ErrInvalidOptions.
func Export(ctx context.Context, db *DB, opts ExportOptions) (ExportResult, error) {
	if err := opts.validate(); err != nil {
		return ExportResult{}, err
	}
	f, err := opts.filter()
	if err != nil {
		return ExportResult{}, err
	}
	e := &exporter{db: db, opts: opts, keep: f}
	switch {
	case opts.Out == "-":
		return e.toStdout(ctx)
	case archiveKind(opts.Out) != "":
		return e.toArchive(ctx)
	case opts.Format == FormatMarkdown:
		return e.toFolder(ctx)
	default:
		return e.toFile(ctx)
	}
}

func (o *ExportOptions) validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("export: %w: %s", ErrInvalidOptions, fmt.Sprintf(format, args...))
	}
	switch o.Format {
	case FormatJSON, FormatJSONL, FormatMarkdown:
	default:
		return bad("unknown format %q (want json, jsonl or markdown)", o.Format)
	}
	switch o.Layout {
	case "":
		o.Layout = LayoutFlat
	case LayoutFlat, LayoutYear, LayoutYearMonth:
	default:
		return bad("unknown layout %q (want flat, year or year-month)", o.Layout)
	}
	if o.Assets != nil && o.Format != FormatMarkdown {
		return bad("assets apply to markdown only")
	}
	if o.Layout != LayoutFlat && o.Format != FormatMarkdown {
		return bad("layout %s applies to markdown only", o.Layout)
	}
	switch {
	case o.Out == "":
		return bad("no output path")
	case o.Out == "-" && o.Format == FormatMarkdown:
		return bad("markdown is a folder of files and cannot go to stdout; name a folder, .zip or .tar.gz")
	case o.Out == "-" && o.Stdout == nil:
		return bad("no stdout to write to")
	}
	if o.Out != "-" {
		if base := filepath.Base(filepath.Clean(o.Out)); base == "." || base == ".." || base == string(filepath.Separator) {
			return bad("output path %q names no file or folder", o.Out)
		}
	}
	switch o.Status {
	case "", normalize.StatusLive, normalize.StatusGone:
	default:
		return bad("unknown status %q (want live or gone)", o.Status)
	}
	if !o.Since.IsZero() && !o.Until.IsZero() && o.Until.Before(o.Since) {
		return bad("until %s is before since %s", o.Until.Format(time.RFC3339), o.Since.Format(time.RFC3339))
	}
	return nil
}

// filter builds the record predicate of the options.
func (o *ExportOptions) filter() (func(normalize.Record) bool, error) {
	site := strings.ToLower(strings.TrimSpace(o.Site))
	if strings.Contains(site, "://") {
		u, err := url.Parse(site)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("export: %w: bad site %q", ErrInvalidOptions, o.Site)
		}
		site = u.Host
	}
	author := strings.TrimSpace(o.Author)
	since, until, status := o.Since, o.Until, o.Status
	return func(r normalize.Record) bool {
		if status != "" && r.Status != status {
			return false
		}
		if site != "" {
			u, err := url.Parse(r.URL)
			if err != nil || (u.Host != site && u.Hostname() != site) {
				return false
			}
		}
		if author != "" {
			found := false
			for _, a := range r.Authors {
				if strings.EqualFold(strings.TrimSpace(a), author) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		if !since.IsZero() || !until.IsZero() {
			d, ok := recordDate(r)
			if !ok || (!since.IsZero() && d.Before(since)) || (!until.IsZero() && d.After(until)) {
				return false
			}
		}
		return true
	}, nil
}

// recordDate is the date a record is filed under: its publication date,
// else when it was first seen.
func recordDate(r normalize.Record) (time.Time, bool) {
	if t, ok := parseDate(r.Published); ok {
		return t, true
	}
	return parseDate(r.FirstSeen)
}

// parseDate reads the date forms records use: RFC 3339, a date and time
// without zone (taken as UTC), or a bare date.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02", "2006-01"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// archiveKind is "zip" or "tar.gz" for archive output paths, else "".
func archiveKind(out string) string {
	l := strings.ToLower(out)
	switch {
	case strings.HasSuffix(l, ".zip"):
		return "zip"
	case strings.HasSuffix(l, ".tar.gz"), strings.HasSuffix(l, ".tgz"):
		return "tar.gz"
	}
	return ""
}

// exporter is one Export call.
type exporter struct {
	db   *DB
	opts ExportOptions
	keep func(normalize.Record) bool
}

// recordWriter writes one record at a time, then finishes.
type recordWriter interface {
	write(normalize.Record) error
	finish() error
}

// each feeds every kept record to w and counts them.
func (e *exporter) each(ctx context.Context, w recordWriter) (int, error) {
	n := 0
	fn := func(r normalize.Record) error {
		if !e.keep(r) {
			return nil
		}
		n++
		return w.write(r)
	}
	var err error
	if e.opts.ChangedSince.IsZero() {
		err = e.db.Records(ctx, fn)
	} else {
		err = e.db.recordsChangedSince(ctx, e.opts.ChangedSince, fn)
	}
	if err != nil {
		return n, err
	}
	return n, w.finish()
}

func (e *exporter) streamWriter(w io.Writer) recordWriter {
	if e.opts.Format == FormatJSON {
		return newJSONWriter(w)
	}
	return newJSONLWriter(w)
}

func (e *exporter) toStdout(ctx context.Context) (ExportResult, error) {
	bw := bufio.NewWriterSize(e.opts.Stdout, 64<<10)
	n, err := e.each(ctx, e.streamWriter(bw))
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return ExportResult{}, fmt.Errorf("export to stdout: %w", err)
	}
	return ExportResult{Records: n, Path: "-"}, nil
}

func (e *exporter) toFile(ctx context.Context) (ExportResult, error) {
	out := e.opts.Out
	if info, err := os.Stat(out); err == nil && info.IsDir() {
		return ExportResult{}, fmt.Errorf("export %s: is a directory", out)
	}
	af, err := createAtomic(out)
	if err != nil {
		return ExportResult{}, err
	}
	defer af.abort()
	bw := bufio.NewWriterSize(af.f, 64<<10)
	n, err := e.each(ctx, e.streamWriter(bw))
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = af.commit()
	}
	if err != nil {
		return ExportResult{}, fmt.Errorf("export %s: %w", out, err)
	}
	return ExportResult{Records: n, Files: 1, Path: out}, nil
}

func (e *exporter) toFolder(ctx context.Context) (ExportResult, error) {
	out := filepath.Clean(e.opts.Out)
	if err := checkFolderTarget(out); err != nil {
		return ExportResult{}, fmt.Errorf("export %s: %w", out, err)
	}
	sink, err := newDirSink(out)
	if err != nil {
		return ExportResult{}, err
	}
	defer sink.abort()
	res, err := e.markdownInto(ctx, sink, filepath.Dir(out))
	if err == nil {
		err = sink.commit()
	}
	if err != nil {
		return ExportResult{}, fmt.Errorf("export %s: %w", out, err)
	}
	res.Path = out
	return res, nil
}

func (e *exporter) toArchive(ctx context.Context) (ExportResult, error) {
	out := e.opts.Out
	if info, err := os.Stat(out); err == nil && info.IsDir() {
		return ExportResult{}, fmt.Errorf("export %s: is a directory", out)
	}
	af, err := createAtomic(out)
	if err != nil {
		return ExportResult{}, err
	}
	defer af.abort()
	base := filepath.Base(out)
	kind := archiveKind(out)
	root := safeRoot(base[:len(base)-len(filepath.Ext(base))])
	if kind == "tar.gz" && strings.HasSuffix(strings.ToLower(base), ".tar.gz") {
		root = safeRoot(base[:len(base)-len(".tar.gz")])
	}
	var sink archiveSink
	if kind == "zip" {
		sink = newZipSink(af.f, root)
	} else {
		sink = newTarSink(af.f, root)
	}
	var res ExportResult
	if e.opts.Format == FormatMarkdown {
		res, err = e.markdownInto(ctx, sink, filepath.Dir(out))
	} else {
		res, err = e.spoolInto(ctx, sink, filepath.Dir(out))
	}
	if err == nil {
		err = sink.close()
	}
	if err == nil {
		err = af.commit()
	}
	if err != nil {
		return ExportResult{}, fmt.Errorf("export %s: %w", out, err)
	}
	res.Path = out
	return res, nil
}

// spoolInto writes a json or jsonl export to a temporary file in tmpDir,
// then into sink as one entry: archive entries need their size up front.
func (e *exporter) spoolInto(ctx context.Context, sink fileSink, tmpDir string) (ExportResult, error) {
	spool, err := os.CreateTemp(tmpDir, ".export-*.tmp")
	if err != nil {
		return ExportResult{}, fmt.Errorf("create temporary file: %w", err)
	}
	defer func() {
		spool.Close()
		os.Remove(spool.Name())
	}()
	bw := bufio.NewWriterSize(spool, 64<<10)
	n, err := e.each(ctx, e.streamWriter(bw))
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return ExportResult{}, err
	}
	size, err := spool.Seek(0, io.SeekCurrent)
	if err != nil {
		return ExportResult{}, err
	}
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return ExportResult{}, err
	}
	if err := sink.add("records."+e.opts.Format, size, spool); err != nil {
		return ExportResult{}, err
	}
	return ExportResult{Records: n, Files: 1}, nil
}

// atomicFile is an output file written under a temporary name and renamed
// into place by commit.
type atomicFile struct {
	f     *os.File
	final string
	done  bool
}

func createAtomic(final string) (*atomicFile, error) {
	dir := filepath.Dir(final)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export %s: %w", final, pathErr(err))
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(final)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("export %s: cannot write in %s: %w", final, dir, pathErr(err))
	}
	return &atomicFile{f: f, final: final}, nil
}

func (a *atomicFile) commit() error {
	if err := a.f.Sync(); err != nil {
		return err
	}
	if err := a.f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(a.f.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(a.f.Name(), a.final); err != nil {
		return err
	}
	a.done = true
	return nil
}

// abort removes the temporary file unless commit succeeded.
func (a *atomicFile) abort() {
	if a.done {
		return
	}
	a.f.Close()
	os.Remove(a.f.Name())
}

var errNotExport = errors.New("exists and is not an earlier markdown export; choose a new folder")
