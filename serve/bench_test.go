package serve

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/storage"
)

// The search benchmarks run over a snapshot of 100,000 generated records
// (benchRecords), built in memory the way load builds it from an archive:
//
//	go test -run '^$' -bench . -benchtime 20x ./serve
//
// Bodies are 200 to 1,000 words (600 on average) drawn from a vocabulary of
// 50,000 words with Zipf frequencies, as in natural text, plus 120 common
// English words; titles are 5 to 10 words. Each benchmark reports the
// number of matching records as matches/op.
const benchRecords = 100_000

var (
	benchOnce sync.Once
	benchSnap *snapshot
	benchWord []string      // the vocabulary, most frequent first
	benchTook time.Duration // indexing: add and finish, generation apart
	benchHeap uint64
)

var commonWords = strings.Fields(`the of and to in a is that for it as was with be by on not he this are or his
	from at which but have an they you were her she there been one all we their has would when if so no
	will more can who said its about into them than only other new some could time these two may then do
	first any my now such like our over man me even most made after also did many before must through back
	years where much your way well down should because each just those people how too little state good
	very make world still own see men work long get here between both life being under never day same
	another know while last might us great old year off come since against go came right used take three`)

// benchVocabulary makes n made-up words, pronounceable and distinct.
func benchVocabulary(n int) []string {
	cons, vows := "bcdfghjklmnprstvz", "aeiou"
	words := make([]string, n)
	for i := range words {
		var b strings.Builder
		for x := i + 1; x > 0; x /= len(cons) * len(vows) {
			d := x % (len(cons) * len(vows))
			b.WriteByte(cons[d%len(cons)])
			b.WriteByte(vows[d/len(cons)])
		}
		b.WriteString("n")
		words[i] = b.String()
	}
	return words
}

// benchRecord makes record i.
func benchRecord(r *rand.Rand, zipf *rand.Zipf, i int) normalize.Record {
	word := func() string {
		if r.IntN(2) == 0 {
			return commonWords[r.IntN(len(commonWords))]
		}
		return benchWord[zipf.Uint64()]
	}
	sentence := func(n int) string {
		ws := make([]string, n)
		for j := range ws {
			ws[j] = word()
		}
		return strings.Join(ws, " ")
	}
	n := 200 + r.IntN(801)
	if i%50 == 0 {
		n = 40 + r.IntN(60) // some short ones for the flag
	}
	text := sentence(n)
	rec := normalize.Record{
		ID:        fmt.Sprintf("%016x", i),
		URL:       fmt.Sprintf("https://site%d.example/a/%d", i%7, i),
		Title:     sentence(5 + r.IntN(6)),
		Published: time.Date(2000+r.IntN(27), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC).Format("2006-01-02"),
		Markdown:  text,
		Text:      text,
		Status:    normalize.StatusLive,
	}
	if i%17 != 0 {
		rec.Authors = []string{"Author " + strconv.Itoa(r.IntN(800))}
	}
	if i%23 == 0 {
		rec.Published = ""
	}
	return rec
}

// benchSnapshot builds the 100,000-record snapshot once.
func benchSnapshot(b *testing.B) *snapshot {
	benchOnce.Do(func() {
		benchWord = benchVocabulary(50_000)
		r := rand.New(rand.NewPCG(1, 2))
		zipf := rand.NewZipf(r, 1.1, 2, uint64(len(benchWord)-1))
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		sn := &snapshot{byID: map[string]int{}, ix: newIndex(), titles: newIndex()}
		changed := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range benchRecords {
			rec := benchRecord(r, zipf, i)
			began := time.Now()
			sn.add(rec, changed, testNow)
			benchTook += time.Since(began)
		}
		began := time.Now()
		sn.finish()
		benchTook += time.Since(began)
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		benchHeap = after.HeapAlloc - before.HeapAlloc
		benchSnap = sn
	})
	b.Logf("snapshot of %d records: indexed in %v, %d MiB of heap, index %d MiB over %d tokens",
		len(benchSnap.entries), benchTook.Round(time.Millisecond), benchHeap>>20, benchSnap.ix.bytes()>>20, len(benchSnap.ix.postings))
	return benchSnap
}

// benchQueries are searches of different shapes; the words are picked by
// their rank in the vocabulary so that they are rare or frequent.
func benchQueries() []struct{ name, q string } {
	return []struct{ name, q string }{
		{"rare", benchWord[20_000]},                                   // a few records
		{"mid", benchWord[300]},                                       // a few thousand
		{"frequent", benchWord[2]},                                    // most records
		{"common-word", "the"},                                        // every record
		{"two-frequent", benchWord[2] + " " + benchWord[3]},           // large lists, large overlap
		{"three", benchWord[5] + " " + benchWord[40] + " " + "years"}, // a typical phrase
		{"absent", "zzzzqx"},
	}
}

// BenchmarkSearch is a query as / answers it: search, filters, flag
// counts over the matches, sort, and the page of 50 rows.
func BenchmarkSearch(b *testing.B) {
	sn := benchSnapshot(b)
	for _, bq := range benchQueries() {
		b.Run(bq.name, func(b *testing.B) {
			q, err := parseQuery(url.Values{"q": {bq.q}}, time.Time{})
			if err != nil {
				b.Fatal(err)
			}
			var res result
			for b.Loop() {
				res = sn.run(q)
			}
			b.ReportMetric(float64(res.Total), "matches/op")
		})
	}
}

// BenchmarkSearchIndexOnly is the index lookup alone: the intersection of
// the tokens' lists.
func BenchmarkSearchIndexOnly(b *testing.B) {
	sn := benchSnapshot(b)
	for _, bq := range benchQueries() {
		b.Run(bq.name, func(b *testing.B) {
			var docs []uint32
			for b.Loop() {
				docs, _ = sn.ix.search(bq.q)
			}
			b.ReportMetric(float64(len(docs)), "matches/op")
		})
	}
}

// BenchmarkPage is the whole HTTP answer of /, HTML rendered: browsing
// everything (sorted by date), a search, a search with a filter and a
// flag, and a sort by title.
func BenchmarkPage(b *testing.B) {
	sn := benchSnapshot(b)
	s := &Server{opts: Options{Check: -1, Now: func() time.Time { return testNow }}}
	pages, err := parseTemplates()
	if err != nil {
		b.Fatal(err)
	}
	s.pages = pages
	s.snap.Store(sn)
	s.routes()
	for _, tc := range []struct{ name, target string }{
		{"browse-all", "/"},
		{"search-mid", "/?q=" + benchWord[300]},
		{"search-frequent", "/?q=" + benchWord[2]},
		{"search-filter-flag", "/?q=" + benchWord[2] + "&site=site3.example&flag=no-author"},
		{"sort-title", "/?sort=title"},
		{"api-search-mid", "/api/records?q=" + benchWord[300]},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				w := httptest.NewRecorder()
				s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, tc.target, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", tc.target, w.Code)
				}
			}
		})
	}
}

// BenchmarkScan is what a search without an index costs on the same
// bodies: strings.Contains over every lower-cased text. The texts are
// made anew for 10,000 records and the figure scaled by 10 in the
// README (100,000 bodies would hold some 400 MB more in memory).
func BenchmarkScan(b *testing.B) {
	benchSnapshot(b)
	r := rand.New(rand.NewPCG(1, 2))
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(benchWord)-1))
	texts := make([]string, 10_000)
	for i := range texts {
		texts[i] = strings.ToLower(benchRecord(r, zipf, i).Text)
	}
	needle := benchWord[300]
	var n int
	for b.Loop() {
		n = 0
		for _, t := range texts {
			if strings.Contains(t, needle) {
				n++
			}
		}
	}
	b.ReportMetric(float64(n), "matches/op")
}

// BenchmarkIndex is the cost of taking 1,000 records into a snapshot
// (entry, flags and both indexes), bodies as BenchmarkSearch's.
func BenchmarkIndex(b *testing.B) {
	if benchWord == nil {
		benchWord = benchVocabulary(50_000)
	}
	r := rand.New(rand.NewPCG(3, 4))
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(benchWord)-1))
	recs := make([]normalize.Record, 1000)
	for i := range recs {
		recs[i] = benchRecord(r, zipf, i)
	}
	for b.Loop() {
		sn := &snapshot{byID: map[string]int{}, ix: newIndex(), titles: newIndex()}
		for _, rec := range recs {
			sn.add(rec, testNow, testNow)
		}
		sn.finish()
	}
}

// BenchmarkLoad reads a snapshot from an archive on disk, as serve does
// at start and after each change: batches of at most 5,000 records and
// 250 ms, each in its own read-only open, 60 ms closed between batches. The archive
// holds INGEST_BENCH_LOAD records (default 10,000), generated as above
// and written in commits of 1,000:
//
//	INGEST_BENCH_LOAD=100000 go test -run '^$' -bench BenchmarkLoad -benchtime 3x ./serve
func BenchmarkLoad(b *testing.B) {
	n := 10_000
	if s := os.Getenv("INGEST_BENCH_LOAD"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			b.Fatalf("INGEST_BENCH_LOAD=%q: want a number of records", s)
		}
		n = v
	}
	if benchWord == nil {
		benchWord = benchVocabulary(50_000)
	}
	path := filepath.Join(b.TempDir(), "bench.db")
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(5, 6))
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(benchWord)-1))
	ctx := context.Background()
	for done := 0; done < n; {
		var ws []*storage.Write
		for ; done < n && len(ws) < 1000; done++ {
			rec := benchRecord(r, zipf, done)
			rec.ID = ""
			w, err := storage.PreparePut(storage.PutInput{Record: rec, Now: testNow})
			if err != nil {
				b.Fatal(err)
			}
			ws = append(ws, w)
		}
		if _, _, err := db.Commit(ctx, ws); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	fi, _ := os.Stat(path)
	b.Logf("archive of %d records, %d MiB", n, fi.Size()>>20)
	b.ResetTimer()
	var sn *snapshot
	for b.Loop() {
		sn, err = load(ctx, path, loadOptions{lockTimeout: time.Second, batch: 5000, hold: 250 * time.Millisecond, pause: 60 * time.Millisecond, now: testNow})
		if err != nil {
			b.Fatal(err)
		}
	}
	if len(sn.entries) != n {
		b.Errorf("loaded %d records of %d", len(sn.entries), n)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/record")
}
