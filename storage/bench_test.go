package storage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	bolt "go.etcd.io/bbolt"
)

// bulkLoad writes n distinct records straight into the records bucket in
// one transaction: fast set-up for benchmarks, without dedup.
func bulkLoad(tb testing.TB, db *DB, n int) {
	tb.Helper()
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		for i := range n {
			r := article(fmt.Sprintf("https://example.com/%d/post-%d/", 2015+i%10, i), fmt.Sprintf("Post number %d about the river", i), essay)
			r.Published = fmt.Sprintf("%d-%02d-%02d", 2015+i%10, 1+i%12, 1+i%28)
			r.ID = normalize.RecordID(r.URL)
			r.ContentHash = normalize.ContentHash(r.Text)
			r.Status, r.Revision = normalize.StatusLive, 1
			r.FirstSeen, r.LastSeen = timestamp(t0), timestamp(t0)
			if err := b.putRecord(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// peakHeap samples the live heap until stop is called and returns the
// largest value seen, in MiB.
func peakHeap() (stop func() float64) {
	runtime.GC()
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var m runtime.MemStats
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() float64 {
		close(done)
		<-finished
		return float64(peak.Load()) / (1 << 20)
	}
}

func benchmarkExport(b *testing.B, n int, format, name string) {
	db := openTestDB(b)
	bulkLoad(b, db, n)
	dir := b.TempDir()
	out := filepath.Join(dir, name)
	ctx := context.Background()
	stop := peakHeap()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := Export(ctx, db, ExportOptions{Format: format, Out: out})
		if err != nil {
			b.Fatal(err)
		}
		if res.Records != n {
			b.Fatalf("%d records", res.Records)
		}
	}
	b.StopTimer()
	b.ReportMetric(stop(), "peak-heap-MiB")
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	if info, err := os.Stat(out); err == nil {
		b.ReportMetric(float64(info.Size())/(1<<20), "out-MiB")
	}
}

// BenchmarkExportJSONL exports 10,000 records to a JSON Lines file.
func BenchmarkExportJSONL(b *testing.B) { benchmarkExport(b, 10_000, FormatJSONL, "archive.jsonl") }

// BenchmarkExportJSONL1k is the same with a tenth of the records: its
// peak heap should match BenchmarkExportJSONL's.
func BenchmarkExportJSONL1k(b *testing.B) { benchmarkExport(b, 1_000, FormatJSONL, "archive.jsonl") }

// BenchmarkExportMarkdownZip exports 10,000 records as a zip of Markdown.
func BenchmarkExportMarkdownZip(b *testing.B) {
	benchmarkExport(b, 10_000, FormatMarkdown, "archive.zip")
}

// BenchmarkPut stores distinct articles one transaction each.
func BenchmarkPut(b *testing.B) {
	db := openTestDB(b)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		rec := article(fmt.Sprintf("https://example.com/a/%d", i), "T", otherEssay(i))
		if _, err := db.Put(ctx, PutInput{Record: rec, Raw: Raw{Body: []byte(essay), Status: 200}, Now: t0}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
