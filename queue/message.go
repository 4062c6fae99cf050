package queue

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/scraper"
)

// Job is one page to fetch, as a worker receives it.
type Job struct {
	// ID is unique per request; its answer carries it back.
	ID string `json:"id"`
	// Crawl names the crawl: its results subject and its spec.
	Crawl string `json:"crawl"`
	// Spec is the object holding the crawl's spec (see Dispatcher).
	Spec         string `json:"spec"`
	URL          string `json:"url"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// Model is what the coordinator knows about the page's site for
	// extraction (a learned site model), opaque to the queue.
	Model json.RawMessage `json:"model,omitempty"`
	// Kind is what to do: KindFetch (the zero value) fetches URL,
	// KindExtract extracts the stored page the job carries.
	Kind string `json:"kind,omitempty"`
	// Header and Body are an extract job's stored page, as it was fetched
	// from URL. Body travels compressed, apart from the job's JSON.
	Header http.Header `json:"header,omitempty"`
	Body   []byte      `json:"-"`
}

// Job kinds.
const (
	// KindFetch fetches the job's URL and extracts what came.
	KindFetch = ""
	// KindExtract extracts a page the archive already holds (reprocess).
	KindExtract = "extract"
)

// wireJob is a Job as it travels: its body compressed in the message, or
// in the object store when too large.
type wireJob struct {
	Job
	Packed     []byte `json:"packed,omitempty"`
	BodyObject string `json:"body_object,omitempty"`
}

// Request is the job's fetch request.
func (j Job) Request() scraper.FetchRequest {
	return scraper.FetchRequest{URL: j.URL, Validators: scraper.Validators{ETag: j.ETag, LastModified: j.LastModified}}
}

// Result is a worker's answer to a Job.
type Result struct {
	JobID  string `json:"job"`
	Worker string `json:"worker"`
	// Delivered is how many times the job was delivered to a worker
	// (more than 1 after a worker died or was too slow).
	Delivered int                   `json:"delivered"`
	Response  scraper.FetchResponse `json:"-"`
}

// resultMeta is Result on the wire, the body apart.
type resultMeta struct {
	JobID     string
	Worker    string
	Delivered int
	Status    int
	Header    http.Header
	FinalURL  string
	Hops      []string
	FetchedAt time.Time
	NotText   bool
	Request   *scraper.Request
	Err       string
	ErrKind   string
	Retry     bool
	Page      *wirePage
	// SinceFetch is how long before this answer was encoded the worker's
	// fetch returned.
	SinceFetch time.Duration
	// BodyObject names the object holding the (compressed) body when it
	// was too large to travel inline; BodyLen is the body's length.
	BodyObject string
	BodyLen    int
}

// wirePage is normalize.Page with every field, the ones JSON leaves out of
// a page included.
type wirePage struct {
	Record    normalize.Record
	PageType  string
	Canonical string
	Links     []string
	Feeds     []string
	Next      string
	Refresh   string
	Facts     *normalize.Facts
}

func toWire(p *normalize.Page) *wirePage {
	if p == nil {
		return nil
	}
	return &wirePage{Record: p.Record, PageType: p.PageType, Canonical: p.Canonical, Links: p.Links,
		Feeds: p.Feeds, Next: p.Next, Refresh: p.Refresh, Facts: p.Facts}
}

func (w *wirePage) page() *normalize.Page {
	if w == nil {
		return nil
	}
	return &normalize.Page{Record: w.Record, PageType: w.PageType, Canonical: w.Canonical, Links: w.Links,
		Feeds: w.Feeds, Next: w.Next, Refresh: w.Refresh, Facts: w.Facts}
}

// A result travels as a format byte, then an S2 block (fast enough that
// neither side notices it) of the meta in CBOR (see codec.go), then the
// body's bytes (absent when the body is an object): a CBOR value ends where
// its encoding says, so the body needs no length of its own. An extract
// job's page is an S2 block too. Bodies too large for a message go through
// the object store in zstd, which packs tighter.
var (
	encoder, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	decoder, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(256<<20))
)

// resultFormat is the first byte of a result in the layout above. A worker
// of an older version wrote 0x01 (a layout of its own) or a zstd frame,
// which starts with 0x28.
const resultFormat = 0x02

// maxResult bounds a decoded result: the largest body a crawl accepts is
// far below it.
const maxResult = 256 << 20

// encodeResult encodes r; a non-empty bodyObject leaves the body out (it
// goes through the object store, under that name).
func encodeResult(r Result, bodyObject string) ([]byte, error) {
	resp := r.Response
	m := resultMeta{
		JobID: r.JobID, Worker: r.Worker, Delivered: r.Delivered,
		Status: resp.Status, Header: resp.Header, FinalURL: resp.FinalURL, Hops: resp.Hops,
		FetchedAt: resp.FetchedAt, NotText: resp.NotText, Request: resp.Request,
		Err: resp.Err, ErrKind: resp.ErrKind, Retry: resp.Retry,
		Page: toWire(resp.Page), BodyObject: bodyObject, BodyLen: len(resp.Body),
	}
	if !resp.Returned.IsZero() {
		m.SinceFetch = time.Since(resp.Returned)
	}
	// raw is scratch: the meta and the body laid out for compression.
	raw := scratch.Get().(*bytes.Buffer)
	defer func() {
		if raw.Cap() <= 1<<20 { // a huge body's buffer is not kept
			scratch.Put(raw)
		}
	}()
	raw.Reset()
	if err := metaEnc.MarshalToBuffer(&m, raw); err != nil {
		return nil, fmt.Errorf("encode result: %w", err)
	}
	if bodyObject == "" {
		raw.Write(resp.Body)
	}
	if raw.Len() > maxResult {
		return nil, fmt.Errorf("encode result: %d bytes: too large", raw.Len())
	}
	out := make([]byte, 1+s2.MaxEncodedLen(raw.Len()))
	out[0] = resultFormat
	enc := s2.Encode(out[1:], raw.Bytes()) // written in place: out is large enough
	return out[:1+len(enc)], nil
}

// scratch holds the buffers encodeResult lays answers out in.
var scratch = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 64<<10)) }}

// decodeResult decodes a result; bodyObject is the object to read the
// body from, or "".
func decodeResult(data []byte) (r Result, bodyObject string, err error) {
	if len(data) == 0 || data[0] != resultFormat {
		return r, "", errors.New("decode result: unknown format (a worker of another version?)")
	}
	if n, err := s2.DecodedLen(data[1:]); err != nil {
		return r, "", fmt.Errorf("decode result: %w", err)
	} else if n > maxResult {
		return r, "", errors.New("decode result: too large")
	}
	raw, err := s2.Decode(nil, data[1:])
	if err != nil {
		return r, "", fmt.Errorf("decode result: %w", err)
	}
	var m resultMeta
	body, err := metaDec.UnmarshalFirst(raw, &m)
	if err != nil {
		return r, "", fmt.Errorf("decode result: %w", err)
	}
	if len(body) == 0 {
		body = nil
	}
	r = Result{JobID: m.JobID, Worker: m.Worker, Delivered: m.Delivered, Response: scraper.FetchResponse{
		Status: m.Status, Header: m.Header, FinalURL: m.FinalURL, Hops: m.Hops, Body: body,
		FetchedAt: m.FetchedAt, NotText: m.NotText, Request: m.Request, Err: m.Err, ErrKind: m.ErrKind, Retry: m.Retry,
		Page: m.Page.page(), SinceFetch: m.SinceFetch,
	}}
	return r, m.BodyObject, nil
}

func jsonUnmarshal(data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return nil
}
