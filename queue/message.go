package queue

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

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
	JobID     string      `json:"job"`
	Worker    string      `json:"worker"`
	Delivered int         `json:"delivered"`
	Status    int         `json:"status,omitempty"`
	Header    http.Header `json:"header,omitempty"`
	FinalURL  string      `json:"final_url,omitempty"`
	Hops      []string    `json:"hops,omitempty"`
	FetchedAt time.Time   `json:"fetched_at"`
	NotText   bool        `json:"not_text,omitempty"`
	Err       string      `json:"err,omitempty"`
	ErrKind   string      `json:"err_kind,omitempty"`
	Retry     bool        `json:"retry,omitempty"`
	Page      *wirePage   `json:"page,omitempty"`
	// SinceFetch is how long before this answer was encoded the worker's
	// fetch returned.
	SinceFetch time.Duration `json:"since_fetch,omitempty"`
	// BodyObject names the object holding the (compressed) body when it
	// was too large to travel inline; BodyLen is the body's length.
	BodyObject string `json:"body_object,omitempty"`
	BodyLen    int    `json:"body_len"`
}

// wirePage is normalize.Page with every field, the ones JSON leaves out of
// a record included.
type wirePage struct {
	Record    normalize.Record `json:"record"`
	PageType  string           `json:"page_type"`
	Canonical string           `json:"canonical,omitempty"`
	Links     []string         `json:"links,omitempty"`
	Feeds     []string         `json:"feeds,omitempty"`
	Next      string           `json:"next,omitempty"`
	Refresh   string           `json:"refresh,omitempty"`
	Facts     *normalize.Facts `json:"facts,omitempty"`
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

// A result travels as a zstd frame of: uvarint length of the JSON meta,
// the meta, then the body's bytes (absent when the body is an object).
var (
	encoder, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	decoder, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(256<<20))
)

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
		FetchedAt: resp.FetchedAt, NotText: resp.NotText,
		Err: resp.Err, ErrKind: resp.ErrKind, Retry: resp.Retry,
		Page: toWire(resp.Page), BodyObject: bodyObject, BodyLen: len(resp.Body),
	}
	if !resp.Returned.IsZero() {
		m.SinceFetch = time.Since(resp.Returned)
	}
	meta, err := json.Marshal(m)
	if err != nil && m.Page != nil {
		// A page JSON cannot carry (a NaN score): the coordinator
		// extracts it again.
		m.Page = nil
		meta, err = json.Marshal(m)
	}
	if err != nil {
		return nil, fmt.Errorf("encode result: %w", err)
	}
	n := binary.MaxVarintLen64 + len(meta)
	if bodyObject == "" {
		n += len(resp.Body)
	}
	raw := make([]byte, 0, n)
	raw = binary.AppendUvarint(raw, uint64(len(meta)))
	raw = append(raw, meta...)
	if bodyObject == "" {
		raw = append(raw, resp.Body...)
	}
	return encoder.EncodeAll(raw, make([]byte, 0, len(raw)/3+64)), nil
}

// decodeResult decodes a result; bodyObject is the object to read the
// body from, or "".
func decodeResult(data []byte) (r Result, bodyObject string, err error) {
	raw, err := decoder.DecodeAll(data, nil)
	if err != nil {
		return r, "", fmt.Errorf("decode result: %w", err)
	}
	if len(raw) > maxResult {
		return r, "", errors.New("decode result: too large")
	}
	n, k := binary.Uvarint(raw)
	if k <= 0 || n > uint64(len(raw)-k) {
		return r, "", errors.New("decode result: bad frame")
	}
	var m resultMeta
	if err := json.Unmarshal(raw[k:k+int(n)], &m); err != nil {
		return r, "", fmt.Errorf("decode result: %w", err)
	}
	body := raw[k+int(n):]
	if len(body) == 0 {
		body = nil
	}
	r = Result{JobID: m.JobID, Worker: m.Worker, Delivered: m.Delivered, Response: scraper.FetchResponse{
		Status: m.Status, Header: m.Header, FinalURL: m.FinalURL, Hops: m.Hops, Body: body,
		FetchedAt: m.FetchedAt, NotText: m.NotText, Err: m.Err, ErrKind: m.ErrKind, Retry: m.Retry,
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
