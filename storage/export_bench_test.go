package storage

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	bolt "go.etcd.io/bbolt"
)

// benchRecords is the archive size of the large export benchmarks.
const benchRecords = 100_000

// bulkPut stores n distinct articles of about 2 KB of text each through the
// same code as Put (dedup indexes, raw page left out), batch articles per
// write transaction: a test-only loader for large archives.
func bulkPut(tb testing.TB, db *DB, n, batch int) {
	tb.Helper()
	ctx := context.Background()
	for start := 0; start < n; start += batch {
		err := db.update(ctx, func(tx *bolt.Tx) error {
			b, err := open(tx)
			if err != nil {
				return err
			}
			b.now = t0
			for i := start; i < min(start+batch, n); i++ {
				rec := article(fmt.Sprintf("https://example.com/%d/%02d/post-%d/", 2015+i%10, 1+i%12, i),
					fmt.Sprintf("Post number %d about the river", i), benchText(i))
				rec.Published = fmt.Sprintf("%d-%02d-%02d", 2015+i%10, 1+i%12, 1+i%28)
				urls, err := canonicalURLs(rec)
				if err != nil {
					return err
				}
				p := &put{b: b, rec: rec, urls: urls, now: timestamp(t0)}
				p.rec.URL = urls[0]
				p.rec.ContentHash = normalize.ContentHash(rec.Text)
				if ws := words(rec.Text); len(ws) >= minDedupWords {
					p.dedup, p.fp = true, simhash(ws)
				}
				if _, err := p.run(); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// benchWords is the vocabulary of benchText.
var benchWords = strings.Fields(essay)

// benchText is an article text of 300 words drawn from benchWords by a
// generator seeded with n: distinct texts, far apart by simhash.
func benchText(n int) string {
	rng := rand.New(rand.NewPCG(uint64(n), 0x5eed))
	var b strings.Builder
	for i := range 300 {
		if i > 0 {
			if i%60 == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(benchWords[rng.IntN(len(benchWords))])
	}
	return b.String()
}

// TestBuildBenchArchive writes a 100,000-record archive to the file named
// by $INGEST_BENCH_ARCHIVE, for measuring `ingest export` from outside
// (scripts/bench-export.sh). Without the variable it is skipped.
func TestBuildBenchArchive(t *testing.T) {
	path := os.Getenv("INGEST_BENCH_ARCHIVE")
	if path == "" {
		t.Skip("set INGEST_BENCH_ARCHIVE=FILE to build a benchmark archive")
	}
	n := benchRecords
	if v := os.Getenv("INGEST_BENCH_RECORDS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatal(err)
		}
	}
	os.Remove(path)
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	bulkPut(t, db, n, 1000)
	t.Logf("built %d records in %s", n, time.Since(start).Round(time.Millisecond))
}

// memPeak samples the live Go heap and the process's resident memory
// until stopped. Resident memory is read from /proc (Linux): VmRSS counts
// the archive's memory-mapped pages too, RssAnon only the process's own.
type memPeak struct {
	heap, rss, anon atomic.Uint64
	done, finished  chan struct{}
}

func startMemPeak() *memPeak {
	runtime.GC()
	debug.FreeOSMemory()
	m := &memPeak{done: make(chan struct{}), finished: make(chan struct{})}
	go func() {
		defer close(m.finished)
		var ms runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			raise(&m.heap, ms.HeapAlloc)
			rss, anon := procRSS()
			raise(&m.rss, rss)
			raise(&m.anon, anon)
			select {
			case <-m.done:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func raise(a *atomic.Uint64, v uint64) {
	if v > a.Load() {
		a.Store(v)
	}
}

// stop ends sampling and reports the peaks in MiB.
func (m *memPeak) stop(b *testing.B) {
	close(m.done)
	<-m.finished
	mib := func(v uint64) float64 { return float64(v) / (1 << 20) }
	b.ReportMetric(mib(m.heap.Load()), "peak-heap-MiB")
	if m.rss.Load() > 0 {
		b.ReportMetric(mib(m.rss.Load()), "peak-RSS-MiB")
		b.ReportMetric(mib(m.anon.Load()), "peak-anon-RSS-MiB")
	}
}

// procRSS reads VmRSS and RssAnon of this process, in bytes; zeros where
// /proc is missing.
func procRSS() (rss, anon uint64) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Bytes()
		for _, k := range []struct {
			prefix string
			dst    *uint64
		}{{"VmRSS:", &rss}, {"RssAnon:", &anon}} {
			if v, ok := bytes.CutPrefix(line, []byte(k.prefix)); ok {
				kb, _ := strconv.ParseUint(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte("kB")))), 10, 64)
				*k.dst = kb << 10
			}
		}
	}
	return rss, anon
}

// benchmarkExportLarge exports db, which holds n records.
func benchmarkExportLarge(b *testing.B, db *DB, n int, format, name string) {
	out := filepath.Join(b.TempDir(), name)
	ctx := context.Background()
	mem := startMemPeak()
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
	mem.stop(b)
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	if info, err := os.Stat(out); err == nil {
		b.ReportMetric(float64(info.Size())/(1<<20), "out-MiB")
	}
	if info, err := os.Stat(db.Path()); err == nil {
		b.ReportMetric(float64(info.Size())/(1<<20), "archive-MiB")
	}
}

// BenchmarkExport100k exports an archive of 100,000 records (about 2 KB
// of text each) as JSON Lines and as a zip of Markdown files, and the
// same exports of a 10,000-record archive: the JSON Lines peak heap must
// be the same for both. Building the archives takes a minute or two
// before the timed part; -benchtime=1x is enough.
func BenchmarkExport100k(b *testing.B) {
	small, large := openTestDB(b), openTestDB(b)
	bulkPut(b, small, 10_000, 1000)
	bulkPut(b, large, benchRecords, 1000)
	for _, c := range []struct {
		name, format, out string
		db                *DB
		n                 int
	}{
		{"jsonl-10k", FormatJSONL, "archive.jsonl", small, 10_000},
		{"jsonl-100k", FormatJSONL, "archive.jsonl", large, benchRecords},
		{"markdown-zip-10k", FormatMarkdown, "archive.zip", small, 10_000},
		{"markdown-zip-100k", FormatMarkdown, "archive.zip", large, benchRecords},
	} {
		b.Run(c.name, func(b *testing.B) { benchmarkExportLarge(b, c.db, c.n, c.format, c.out) })
	}
}
