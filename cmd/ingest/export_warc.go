package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ingest-archive/ingest/storage"
	"github.com/ingest-archive/ingest/webarchive"
)

// Export formats that carry raw responses rather than records.
const (
	formatWARC = "warc"
	formatWACZ = "wacz"
)

// warcResult says what a WARC or WACZ export wrote.
type warcResult struct {
	responses, requests, articles int
}

// exportWARC writes the raw pages opts selects as a WARC file (.warc.gz,
// gzip per record) or, for formatWACZ, a WACZ package: a warcinfo record
// first, then for each page its response, the request that got it when the
// archive knows it, and, for an article, a metadata record naming the
// record it became. It writes under a temporary name
// and renames into place, so a failed export leaves nothing behind.
func exportWARC(ctx context.Context, db *storage.DB, format string, opts storage.ExportOptions) (warcResult, error) {
	out := opts.Out
	if out == "-" {
		return warcResult{}, usagef("export: --format %s writes a file; name one with --out", format)
	}
	if info, err := os.Stat(out); err == nil && info.IsDir() {
		return warcResult{}, fmt.Errorf("export %s: is a directory", out)
	}
	dir := filepath.Dir(out)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return warcResult{}, fmt.Errorf("export %s: %w", out, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(out)+".tmp-*")
	if err != nil {
		return warcResult{}, fmt.Errorf("export %s: %w", out, err)
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}()
	var res warcResult
	if format == formatWACZ {
		res, err = writeWACZ(ctx, db, opts, tmp)
	} else {
		bw := bufio.NewWriterSize(tmp, 256<<10)
		res, err = writeWARC(ctx, db, opts, bw, warcFileName(out), nil)
		if err == nil {
			err = bw.Flush()
		}
	}
	if err == nil {
		err = tmp.Sync()
	}
	if err == nil {
		err = tmp.Close()
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), out)
	}
	if err != nil {
		return warcResult{}, fmt.Errorf("export %s: %w", out, err)
	}
	return res, nil
}

// warcFileName is the name a WARC file's warcinfo record gives it.
func warcFileName(out string) string {
	name := filepath.Base(out)
	if !strings.HasSuffix(name, ".warc.gz") && !strings.HasSuffix(name, ".warc") {
		name = "data.warc.gz"
	}
	return name
}

// writeWARC writes the WARC records of the pages opts selects to w. each,
// when set, hears about every response written, for an index.
func writeWARC(ctx context.Context, db *storage.DB, opts storage.ExportOptions, w io.Writer, filename string,
	each func(p storage.ExportedPage, resp webarchive.Written)) (warcResult, error) {
	latest, err := storage.LatestFetch(ctx, db)
	if err != nil {
		return warcResult{}, err
	}
	if latest.IsZero() {
		latest = time.Unix(0, 0)
	}
	ww := webarchive.NewWriter(w)
	info, err := ww.WriteInfo(filename, latest, webarchive.Fields{
		{"software", "ingest/" + version},
		{"format", "WARC File Format 1.1"},
		{"conformsTo", "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"},
		{"description", "raw pages of an ingest archive; each article's response is followed by a metadata record naming its record"},
	})
	if err != nil {
		return warcResult{}, err
	}
	var res warcResult
	err = storage.ExportPages(ctx, db, opts, func(p storage.ExportedPage) error {
		date := p.FetchedAt
		if date.IsZero() {
			date = latest
		}
		resp, err := ww.WriteResponse(webarchive.Response{
			URL: p.URL, Date: date, Status: p.Status, Header: p.Header, Body: p.Body,
		}, info.ID)
		if err != nil {
			return err
		}
		res.responses++
		if each != nil {
			each(p, resp)
		}
		if q := p.Request; q != nil {
			req := webarchive.Request{Method: q.Method, URL: q.URL, Header: q.Header}
			if req.URL == "" {
				req.URL = p.URL
			}
			if _, err := ww.WriteRequest(req, resp, date, info.ID); err != nil {
				return err
			}
			res.requests++
		}
		if p.Record == nil {
			return nil
		}
		r := p.Record
		f := webarchive.Fields{
			{"ingest-record-id", r.ID},
			{"ingest-record-url", r.URL},
			{"ingest-title", r.Title},
			{"ingest-content-hash", r.ContentHash},
			{"ingest-revision", strconv.Itoa(r.Revision)},
			{"ingest-status", r.Status},
		}
		for _, a := range r.Aliases {
			f = append(f, [2]string{"ingest-alias", a})
		}
		if _, err := ww.WriteMetadata(resp.ID, p.URL, date, f); err != nil {
			return err
		}
		res.articles++
		return nil
	})
	return res, err
}
