package storage

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"
	bolt "go.etcd.io/bbolt"
)

// gzipWriters reuses compressors: a new one allocates about a megabyte,
// which made allocation a third of the cost of storing a page.
var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}

// Raw is a page exactly as it was fetched.
type Raw struct {
	Body      []byte
	Header    http.Header
	Status    int
	FetchedAt time.Time
	// Request is the request that got the page, nil when it is not known
	// (pages stored before requests were kept have none).
	Request *Request
}

// Request is an HTTP request as it was sent.
type Request struct {
	Method string      `json:"method"`
	URL    string      `json:"url"`
	Header http.Header `json:"header,omitempty"`
}

// StoredPage is a raw page read back from the archive.
type StoredPage struct {
	// URL is the URL the page was fetched from, which may be an alias of
	// the record it belongs to.
	URL string
	Raw
	// ETag and LastModified are the validators for conditional requests,
	// copied from Header when the page was stored.
	ETag         string
	LastModified string
}

// pageMeta is the JSON head of a value in the pages bucket.
type pageMeta struct {
	URL          string      `json:"url"`
	Status       int         `json:"status"`
	FetchedAt    string      `json:"fetched_at"`
	ETag         string      `json:"etag,omitempty"`
	LastModified string      `json:"last_modified,omitempty"`
	Header       http.Header `json:"header,omitempty"`
	Encoding     string      `json:"encoding"`
	Size         int         `json:"size"`
	Request      *Request    `json:"request,omitempty"`
}

// empty reports whether there is nothing worth storing.
func (r Raw) empty() bool {
	return len(r.Body) == 0 && r.Status == 0 && len(r.Header) == 0
}

// encodePage lays out a pages value: the length of the JSON head as a
// uvarint, the head, then the gzip-compressed body.
func encodePage(fetchedURL string, raw Raw) ([]byte, error) {
	meta := pageMeta{
		URL:          fetchedURL,
		Status:       raw.Status,
		ETag:         raw.Header.Get("ETag"),
		LastModified: raw.Header.Get("Last-Modified"),
		Header:       raw.Header,
		Encoding:     "gzip",
		Size:         len(raw.Body),
		Request:      raw.Request,
	}
	if !raw.FetchedAt.IsZero() {
		meta.FetchedAt = raw.FetchedAt.UTC().Format(time.RFC3339Nano)
	}
	head, err := json.Marshal(meta)
	if err != nil {
		return nil, fmt.Errorf("encode page %s: %w", fetchedURL, err)
	}
	var buf bytes.Buffer
	buf.Grow(len(head) + len(raw.Body)/3 + 64)
	buf.Write(binary.AppendUvarint(nil, uint64(len(head))))
	buf.Write(head)
	zw := gzipWriters.Get().(*gzip.Writer)
	defer func() {
		zw.Reset(io.Discard) // let go of buf
		gzipWriters.Put(zw)
	}()
	zw.Reset(&buf)
	if _, err := zw.Write(raw.Body); err != nil {
		return nil, fmt.Errorf("compress page %s: %w", fetchedURL, err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compress page %s: %w", fetchedURL, err)
	}
	return buf.Bytes(), nil
}

// decodePage reads a pages value. It copies everything it returns.
func decodePage(v []byte) (StoredPage, error) {
	n, k := binary.Uvarint(v)
	if k <= 0 || uint64(len(v)-k) < n {
		return StoredPage{}, fmt.Errorf("%w: bad page header", ErrCorrupt)
	}
	var meta pageMeta
	if err := json.Unmarshal(v[k:k+int(n)], &meta); err != nil {
		return StoredPage{}, fmt.Errorf("%w: bad page header: %v", ErrCorrupt, err)
	}
	if meta.Encoding != "gzip" {
		return StoredPage{}, fmt.Errorf("%w: unknown page encoding %q", ErrCorrupt, meta.Encoding)
	}
	zr, err := gzip.NewReader(bytes.NewReader(v[k+int(n):]))
	if err != nil {
		return StoredPage{}, fmt.Errorf("%w: page body: %v", ErrCorrupt, err)
	}
	body := bytes.NewBuffer(make([]byte, 0, max(0, min(meta.Size, 64<<20))))
	if _, err := io.Copy(body, zr); err != nil {
		return StoredPage{}, fmt.Errorf("%w: page body: %v", ErrCorrupt, err)
	}
	p := StoredPage{
		URL:          meta.URL,
		ETag:         meta.ETag,
		LastModified: meta.LastModified,
		Raw: Raw{
			Body:    body.Bytes(),
			Header:  meta.Header,
			Status:  meta.Status,
			Request: meta.Request,
		},
	}
	if meta.FetchedAt != "" {
		p.FetchedAt, _ = time.Parse(time.RFC3339Nano, meta.FetchedAt)
	}
	return p, nil
}

// putPage stores an encoded page (see encodePage) under key; a nil page
// stores nothing.
func (b *buckets) putPage(key string, page []byte) error {
	if page == nil {
		return nil
	}
	return b.pages.Put([]byte(key), page)
}

// RawPage returns the raw page stored for url. A URL that has no page of
// its own resolves to its record, and that record's page is returned. It
// returns ErrNotFound when there is none.
func (db *DB) RawPage(ctx context.Context, url string) (StoredPage, error) {
	var p StoredPage
	err := db.view(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		v := b.pages.Get([]byte(url))
		if v == nil {
			if id := b.resolve(url); id != "" {
				if r, ok, err := b.record(id); err != nil {
					return err
				} else if ok {
					v = b.pages.Get([]byte(r.URL))
				}
			}
		}
		if v == nil {
			return ErrNotFound
		}
		p, err = decodePage(v)
		return err
	})
	if err != nil {
		return StoredPage{}, fmt.Errorf("raw page %s: %w", url, err)
	}
	return p, nil
}
