package storage

import (
	"bytes"
	"context"
	"encoding/binary"
	"net/http"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// TestRawPageRequest stores a page with the request that got it and reads
// both back; a page value written before requests were kept (a JSON head
// with no "request") still reads, with no request.
func TestRawPageRequest(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	req := &Request{Method: http.MethodGet, URL: "https://example.com/a/x", Header: http.Header{
		"User-Agent": {"ingest-test/1"}, "If-None-Match": {`"v0"`},
	}}
	raw := Raw{Body: []byte("<p>x</p>"), Header: http.Header{"Content-Type": {"text/html"}}, Status: 200, FetchedAt: t0, Request: req}
	mustPut(t, db, PutInput{Record: article("https://example.com/a/x/", "T", essay), Raw: raw, Now: t0})
	p, err := db.RawPage(ctx, "https://example.com/a/x/")
	if err != nil {
		t.Fatal(err)
	}
	if p.Request == nil || p.Request.Method != "GET" || p.Request.URL != req.URL ||
		p.Request.Header.Get("User-Agent") != "ingest-test/1" || p.Request.Header.Get("If-None-Match") != `"v0"` {
		t.Errorf("request read back: %+v", p.Request)
	}

	// The layout of a pages value before requests were kept.
	head := []byte(`{"url":"https://example.com/old/","status":200,"fetched_at":"2024-01-02T03:04:05Z","etag":"\"e\"","header":{"Etag":["\"e\""]},"encoding":"gzip","size":8}`)
	var v bytes.Buffer
	v.Write(binary.AppendUvarint(nil, uint64(len(head))))
	v.Write(head)
	zw := gzip.NewWriter(&v)
	zw.Write([]byte("<p>o</p>"))
	zw.Close()
	old, err := decodePage(v.Bytes())
	if err != nil {
		t.Fatalf("old page value: %v", err)
	}
	if old.Request != nil || string(old.Body) != "<p>o</p>" || old.ETag != `"e"` || old.Status != 200 {
		t.Errorf("old page value read as %+v", old)
	}
	// And a value without a request is written as before: no "request" key.
	enc, err := encodePage("https://example.com/old/", Raw{Body: []byte("<p>o</p>"), Status: 200})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(enc, []byte(`"request"`)) {
		t.Errorf("a page with no request names one: %q", enc[:60])
	}
}
