package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"slices"
	"time"

	"github.com/ingest-archive/ingest/scraper"
	"github.com/ingest-archive/ingest/storage"
	"github.com/ingest-archive/ingest/webarchive"
)

// peekRecords is how many records of each WARC file are read before the
// import starts, to learn the hosts its pipeline is scoped to. Captures
// on a host found later wait for the end of the files.
const peekRecords = 256

// hostSet is the sites an import touches, as scheme://host/ roots, in the
// order found.
type hostSet struct {
	seen  map[string]bool
	roots []string
}

func newHostSet() *hostSet { return &hostSet{seen: make(map[string]bool)} }

// hostRoot is the scheme://host/ of a URL, or "".
func hostRoot(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" || (p.Scheme != "http" && p.Scheme != "https") {
		return ""
	}
	return p.Scheme + "://" + p.Host + "/"
}

func (h *hostSet) add(u string) {
	if root := hostRoot(u); root != "" && !h.seen[root] {
		h.seen[root] = true
		h.roots = append(h.roots, root)
	}
}

// list returns the roots, sorted.
func (h *hostSet) list() []string { return slices.Sorted(slices.Values(h.roots)) }

// known returns a copy of the set as it is now.
func (h *hostSet) known() map[string]bool {
	m := make(map[string]bool, len(h.seen))
	for k := range h.seen {
		m[k] = true
	}
	return m
}

// grew reports whether the set holds more than n roots.
func (h *hostSet) grew(n int) bool { return len(h.roots) > n }

// errPeeked stops a peek, and errStopped a scan whose captures the
// pipeline no longer takes.
var (
	errPeeked  = errors.New("peeked")
	errStopped = errors.New("pipeline stopped")
)

// peekHosts adds the hosts of the first records of f. Bad records are
// left for the import itself to report.
func (im *importer) peekHosts(f warcInput, hosts *hostSet) {
	n := 0
	_ = webarchive.Scan(f.r, f.size, im.maxBody, nil, func(s *webarchive.Scanned) error {
		if s.MayBePage() && canonOrEmpty(s.URI) != "" {
			hosts.add(s.URI)
		}
		if n++; n >= peekRecords {
			return errPeeked
		}
		return nil
	}, nil)
}

// streamCaptures reads the WARC files once, front to back, and yields the
// captures st lets through as they are read, each with the payload read
// on the way. The hosts of those captures are added to hosts; records
// counts the records read. A file that cannot be read sets im.scanErr.
func (im *importer) streamCaptures(ctx context.Context, st *webarchive.Stream, hosts *hostSet, records *int) iter.Seq[scraper.Capture] {
	return func(yield func(scraper.Capture) bool) {
		stopped := false
		send := func(cs []webarchive.Capture) bool {
			for _, c := range cs {
				hosts.add(c.URL)
				if !yield(captureOf(c)) {
					stopped = true
					return false
				}
			}
			return true
		}
		for i, f := range im.files {
			err := webarchive.Scan(f.r, f.size, im.maxBody, st.Wants, func(s *webarchive.Scanned) error {
				*records++
				if s.PayloadErr != nil {
					im.badRecord(f.name, s.PayloadErr)
				}
				if !send(st.Add(i, s)) {
					return errStopped
				}
				return ctx.Err()
			}, func(b *webarchive.BadRecord) { im.badRecord(f.name, b) })
			if stopped || !send(st.Flush()) {
				return
			}
			if err != nil {
				im.scanErr = fmt.Errorf("read %s: %w", f.name, err)
				return
			}
		}
	}
}

// captureOf is a capture whose payload was read, as the pipeline takes it.
func captureOf(c webarchive.Capture) scraper.Capture {
	out := scraper.Capture{URL: c.URL, Via: c.Via, Status: c.Status, FetchedAt: c.Date}
	if c.Payload != nil {
		out.Header, out.Body = c.Payload.Header, c.Payload.Body
	}
	if r := c.Request; r != nil {
		out.Request = &scraper.Request{Method: r.Method, URL: r.URL, Header: r.Header}
	}
	return out
}

// redo is the Stream's way to undo a capture that streamed before a
// capture of its URL dated earlier: when the record it made holds that
// capture alone, the record is removed, so that the URL's captures are
// stored again in capture order. A record with more history is left, and
// the later captures become its revisions in the order of the files.
func (im *importer) redo(ctx context.Context, db *storage.DB) func(webarchive.Capture) (bool, []string, error) {
	pr := webarchive.NewPayloadReader()
	return func(c webarchive.Capture) (bool, []string, error) {
		rec, err := db.Get(ctx, c.URL)
		if errors.Is(err, storage.ErrNotFound) {
			return false, nil, nil // not an article: nothing to put in order
		}
		if err != nil {
			return false, nil, err
		}
		alone := rec.Revision == 1 && rec.FirstSeen == c.Date.UTC().Format(time.RFC3339)
		if alone {
			page, perr := db.RawPage(ctx, rec.URL)
			f := im.files[c.Source]
			p, rerr := pr.Read(f.r, f.size, c.Offset, c.Length, im.maxBody)
			alone = perr == nil && rerr == nil && bytes.Equal(page.Body, p.Body)
		}
		if !alone {
			im.log.Warn("captures of a page are out of date order across the files, and the page was archived before: its new revisions follow the order of the files",
				"url", c.URL)
			return false, nil, nil
		}
		merged, err := db.Demote(ctx, rec.ID)
		if err != nil {
			return false, nil, fmt.Errorf("reorder captures of %s: %w", c.URL, err)
		}
		im.redone++
		return true, merged, nil
	}
}
