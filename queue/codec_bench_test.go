package queue

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/scraper"
)

// benchResult is a worker's answer for a news article of about 20 KB with
// its page extracted, facts included: what most answers are.
func benchResult(b *testing.B) Result {
	b.Helper()
	words := strings.Fields("the council said on monday that the harbour plan would cost more than the budget allowed and that rail and road links were next")
	rng := rand.New(rand.NewPCG(1, 2))
	var h strings.Builder
	h.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour plan costs more</title><style>`)
	for i := range 120 {
		fmt.Fprintf(&h, ".c%d{margin:%dpx %dpx;color:#%06x}\n", i, i%9, i%7, i*99991%0xffffff)
	}
	h.WriteString(`</style><meta property="og:type" content="article"></head><body><nav><a href="/">Home</a></nav><article><h1>Harbour plan costs more</h1><p class="byline">By Ola Berg, <time datetime="2024-03-01">1 March 2024</time></p>`)
	for range 12 {
		h.WriteString("<p>")
		for range 60 {
			h.WriteString(words[rng.IntN(len(words))] + " ")
		}
		h.WriteString("</p>\n")
	}
	h.WriteString(`</article></body></html>`)
	body := []byte(h.String())
	pg, err := normalize.Extract(b.Context(), normalize.Input{URL: "https://a.test/2024/03/harbour/", Body: body}, normalize.Options{Facts: true})
	if err != nil {
		b.Fatal(err)
	}
	return Result{JobID: "abc.123", Worker: "w1", Delivered: 1, Response: scraper.FetchResponse{
		Status: 200, Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Date": {"Mon, 01 Mar 2024 10:00:00 GMT"}},
		FinalURL: "https://a.test/2024/03/harbour/", Body: body, Page: pg, FetchedAt: time.Now()}}
}

// BenchmarkEncodeResult is a worker's cost of encoding one answer.
func BenchmarkEncodeResult(b *testing.B) {
	r := benchResult(b)
	var n int
	for b.Loop() {
		data, err := encodeResult(r, "")
		if err != nil {
			b.Fatal(err)
		}
		n = len(data)
	}
	b.ReportMetric(float64(n), "wire-bytes")
	b.ReportMetric(float64(len(r.Response.Body)), "body-bytes")
}

// BenchmarkDecodeResult is a coordinator's cost of decoding one answer.
func BenchmarkDecodeResult(b *testing.B) {
	data, err := encodeResult(benchResult(b), "")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := decodeResult(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResultJSONZstd is what the same answer cost as JSON in a zstd
// frame, the answers' first encoding, for comparison.
func BenchmarkResultJSONZstd(b *testing.B) {
	r := benchResult(b)
	m := resultMeta{JobID: r.JobID, Worker: r.Worker, Status: 200, Header: r.Response.Header,
		FinalURL: r.Response.FinalURL, FetchedAt: r.Response.FetchedAt, Page: toWire(r.Response.Page), BodyLen: len(r.Response.Body)}
	enc := func() []byte {
		meta, err := json.Marshal(m)
		if err != nil {
			b.Fatal(err)
		}
		return encoder.EncodeAll(append(meta, r.Response.Body...), nil)
	}
	data := enc()
	b.Run("encode", func(b *testing.B) {
		for b.Loop() {
			enc()
		}
		b.ReportMetric(float64(len(data)), "wire-bytes")
	})
	b.Run("decode", func(b *testing.B) {
		meta, _ := json.Marshal(m)
		for b.Loop() {
			raw, err := decoder.DecodeAll(data, nil)
			if err != nil {
				b.Fatal(err)
			}
			var got resultMeta
			if err := json.Unmarshal(raw[:len(meta)], &got); err != nil {
				b.Fatal(err)
			}
		}
	})
}
