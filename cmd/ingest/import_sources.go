package main

import (
	"bufio"
	"context"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strings"

	"github.com/ingest-archive/ingest/scraper"
	"github.com/ingest-archive/ingest/storage"
	"github.com/ingest-archive/ingest/webarchive"
)

// mirrorInput is a folder written by wget --mirror, and the URL its top
// folder was downloaded from.
type mirrorInput struct {
	dir, base string
}

// closerFunc adapts a cleanup function to io.Closer.
type closerFunc func()

func (f closerFunc) Close() error { f(); return nil }

// openWACZ lists the WARC files inside a WACZ package; the temporary
// files some need are removed when the import closes.
func (im *importer) openWACZ(f *os.File, size int64, name string) ([]warcInput, error) {
	parts, cleanup, err := webarchive.OpenWACZ(f, size)
	im.closers = append(im.closers, closerFunc(cleanup))
	if err != nil {
		return nil, err
	}
	out := make([]warcInput, len(parts))
	for i, p := range parts {
		out[i] = warcInput{name: name + "!" + p.Name, r: p.R, size: p.Size}
	}
	return out, nil
}

// mirrorCaptures reads the mirrored pages one at a time, as they are
// needed, each dated by its file's modification time.
func (im *importer) mirrorCaptures(files []webarchive.MirrorFile) iter.Seq[scraper.Capture] {
	return func(yield func(scraper.Capture) bool) {
		for _, f := range files {
			p, err := webarchive.ReadMirrorFile(f, im.maxBody)
			if err != nil {
				im.mu.Lock()
				im.bad++
				im.mu.Unlock()
				im.log.Warn("mirrored file unreadable", "file", f.Path, "err", err)
				continue
			}
			if !yield(scraper.Capture{URL: f.URL, Status: p.Status, Header: p.Header, Body: p.Body, FetchedAt: f.ModTime.UTC()}) {
				return
			}
		}
	}
}

// writeWACZ writes the pages opts selects as a WACZ package to out: the
// WARC goes to a temporary file first, since the package names its size
// and hash, then into the zip with its index and page list.
func writeWACZ(ctx context.Context, db *storage.DB, opts storage.ExportOptions, out *os.File) (warcResult, error) {
	spool, err := os.CreateTemp(filepath.Dir(out.Name()), ".wacz-warc-*.tmp")
	if err != nil {
		return warcResult{}, err
	}
	defer func() {
		spool.Close()
		os.Remove(spool.Name())
	}()
	const warcName = "data.warc.gz"
	var index []webarchive.IndexLine
	var pages []webarchive.PageLine
	bw := bufio.NewWriterSize(spool, 256<<10)
	res, err := writeWARC(ctx, db, opts, bw, warcName, func(p storage.ExportedPage, w webarchive.Written) {
		index = append(index, webarchive.IndexLine{
			URL: p.URL, Date: p.FetchedAt, Status: p.Status, Mime: mediaTypeOf(p.Header.Get("Content-Type")),
			Digest: w.PayloadDigest, Offset: w.Offset, Length: w.Length, Filename: warcName,
		})
		if p.Record != nil {
			pages = append(pages, webarchive.PageLine{ID: p.Record.ID, URL: p.URL, Date: p.FetchedAt, Title: p.Record.Title})
		}
	})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return warcResult{}, err
	}
	size, err := spool.Seek(0, io.SeekCurrent)
	if err != nil {
		return warcResult{}, err
	}
	created, err := storage.LatestFetch(ctx, db)
	if err != nil {
		return warcResult{}, err
	}
	obw := bufio.NewWriterSize(out, 256<<10)
	err = webarchive.WriteWACZ(obw, warcName, spool, size, index, pages, webarchive.WACZInfo{
		Title: "ingest archive", Software: "ingest/" + version, Created: created,
	})
	if err == nil {
		err = obw.Flush()
	}
	return res, err
}

// mediaTypeOf is the media type of a Content-Type, without parameters.
func mediaTypeOf(ct string) string {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.ToLower(strings.TrimSpace(ct))
}
