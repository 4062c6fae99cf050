package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/queue/queuetest"
	"github.com/ingest-archive/ingest/storage"
)

// hostSite is one host of a multi-host test site: a home page, listing
// pages, articles that link to each other and to the next host's, a
// redirect and a robots.txt that disallows a folder. Every host's texts
// differ, so no article is a duplicate of another host's. It logs when
// each request arrived.
type hostSite struct {
	*httptest.Server
	name  string
	n     int
	next  *hostSite
	delay time.Duration

	mu  sync.Mutex
	log []siteHit
}

type siteHit struct {
	path string
	at   time.Time
}

func newHostSites(t testing.TB, hosts, n int, delay time.Duration) []*hostSite {
	var sites []*hostSite
	for h := range hosts {
		s := &hostSite{name: string(rune('a' + h)), n: n, delay: delay}
		s.Server = httptest.NewServer(s)
		t.Cleanup(s.Close)
		sites = append(sites, s)
	}
	for i, s := range sites {
		s.next = sites[(i+1)%len(sites)]
	}
	return sites
}

func (s *hostSite) hits() []siteHit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]siteHit(nil), s.log...)
}

func (s *hostSite) articlePath(i int) string {
	return fmt.Sprintf("/%s/2024/%02d/harbour-notes-%d/", s.name, 1+i%12, i)
}

func (s *hostSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	s.mu.Lock()
	s.log = append(s.log, siteHit{p, time.Now()})
	s.mu.Unlock()
	if s.delay > 0 {
		time.Sleep(s.delay)
	}
	lists := (s.n + 9) / 10
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
	switch {
	case p == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "User-agent: *\nDisallow: /private/\n")
		return
	case p == "/old-home":
		http.Redirect(w, r, "/", http.StatusMovedPermanently)
		return
	case p == "/":
		fmt.Fprintf(&b, "<title>Harbour %s</title></head><body><h1>Latest</h1><ul>\n", s.name)
		for k := 1; k <= lists; k++ {
			fmt.Fprintf(&b, "<li><a href=\"/list/%d/\">Archive page %d</a></li>\n", k, k)
		}
		b.WriteString("<li><a href=\"/private/secret/\">Staff</a></li><li><a href=\"/old-home\">Old home</a></li></ul></body></html>\n")
	case strings.HasPrefix(p, "/list/"):
		var k int
		if _, err := fmt.Sscanf(p, "/list/%d/", &k); err != nil || k < 1 || k > lists {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(&b, "<title>Archive page %d</title></head><body><ul>\n", k)
		for i := (k - 1) * 10; i < min(k*10, s.n); i++ {
			fmt.Fprintf(&b, "<li><h3><a href=\"%s\">Harbour notes %s, part %d</a></h3></li>\n", s.articlePath(i), s.name, i)
		}
		b.WriteString("</ul></body></html>\n")
	case strings.HasPrefix(p, "/"+s.name+"/"):
		var i int
		if _, err := fmt.Sscanf(p[strings.LastIndexByte(strings.TrimSuffix(p, "/"), '-')+1:], "%d/", &i); err != nil || i < 0 || i >= s.n || s.articlePath(i) != p {
			http.NotFound(w, r)
			return
		}
		title := fmt.Sprintf("Harbour notes %s, part %d", s.name, i)
		date := fmt.Sprintf("2024-%02d-%02dT09:00:00Z", 1+i%12, 1+i%28)
		fmt.Fprintf(&b, `<title>%s</title>
<meta property="og:type" content="article">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":%q,"datePublished":%q,"author":{"@type":"Person","name":"Ola Berg"}}</script>
</head><body><nav><a href="/">Home</a></nav><article><h1>%s</h1>
<p class="byline">By Ola Berg, <time datetime="%s">%s</time></p>
`, title, title, date, title, date, date[:10])
		rng := rand.New(rand.NewPCG(uint64(i), uint64(s.name[0])))
		for range 5 {
			b.WriteString("<p>")
			for k := range 45 {
				if k > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(siteWords[rng.IntN(len(siteWords))])
			}
			b.WriteString(".</p>\n")
		}
		fmt.Fprintf(&b, "</article><aside><a href=\"%s\">Next part</a> <a href=\"%s%s\">Elsewhere</a></aside></body></html>\n",
			s.articlePath((i+1)%s.n), s.next.URL, s.next.articlePath(i))
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, b.String())
}

func siteSeeds(sites []*hostSite) []string {
	var out []string
	for _, s := range sites {
		out = append(out, s.URL+"/")
	}
	return out
}

// startWorkers runs n workers in-process until the test ends or stop is
// called.
func startWorkers(t testing.TB, url string, n int) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var out, errb strings.Builder
			err := run(ctx, []string{"worker", "--queue", url, "--name", fmt.Sprintf("w%d", i+1), "--concurrency", "4", "--ack-wait", "2s"}, nil, &out, &errb)
			if err != nil && ctx.Err() == nil {
				t.Errorf("worker %d: %v\n%s", i+1, err, errb.String())
			}
		})
	}
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); wg.Wait() }) }
	t.Cleanup(stop)
	return stop
}

// TestQueueCrawlMatchesLocal crawls a three-host site through an embedded
// NATS server with three workers, and checks the archive is the one a
// single-process crawl of the same site makes: same record ids, content
// hashes, titles, aliases and revisions, every article stored once.
func TestQueueCrawlMatchesLocal(t *testing.T) {
	sites := newHostSites(t, 3, 20, 0)
	seeds := siteSeeds(sites)
	dir := t.TempDir()

	local := filepath.Join(dir, "local.db")
	code, stdout, stderr := runCLI(t, "", append([]string{"crawl", "--db", local, "--rate", "0", "--concurrency", "4"}, seeds...)...)
	if code != 0 {
		t.Fatalf("local crawl: exit %d\n%s\n%s", code, stdout, stderr)
	}
	want := readArchive(t, local)
	if len(want) != 60 {
		t.Fatalf("local crawl stored %d records, want 60\n%s", len(want), stdout)
	}

	srv := queuetest.Start(t)
	startWorkers(t, srv.URL(), 3)
	dist := filepath.Join(dir, "dist.db")
	code, stdout, stderr = runCLI(t, "", append([]string{"crawl", "--db", dist, "--queue", srv.URL(), "--rate", "0", "--concurrency", "4"}, seeds...)...)
	if code != 0 {
		t.Fatalf("queue crawl: exit %d\n%s\n%s", code, stdout, stderr)
	}
	t.Logf("queue crawl:\n%s", stdout)
	if !strings.Contains(stdout, "60 stored") || !strings.Contains(stdout, "3 workers") {
		t.Errorf("summary does not say 60 stored by 3 workers:\n%s", stdout)
	}
	sameArchive(t, readArchive(t, dist), want)
	for _, db := range []string{local, dist} {
		requestsKept(t, db, want)
	}

	var exports [2]string
	for i, db := range []string{local, dist} {
		out := filepath.Join(dir, fmt.Sprintf("export%d.jsonl", i))
		if code, _, stderr := runCLI(t, "", "export", "--db", db, "--format", "jsonl", "--out", out); code != 0 {
			t.Fatalf("export: %s", stderr)
		}
		exports[i] = exportKey(t, out)
	}
	if exports[0] != exports[1] {
		t.Errorf("exports differ in ids, hashes or revisions:\nlocal:\n%s\nqueue:\n%s", exports[0], exports[1])
	}
}

// requestsKept checks that the archive at path keeps, with each record's
// raw page, the GET that fetched it and the User-Agent it went out with,
// whoever fetched it: the WARC export writes them as request records.
func requestsKept(t *testing.T, path string, records map[string]archived) {
	t.Helper()
	db, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, r := range records {
		p, err := db.RawPage(context.Background(), r.url)
		if err != nil {
			t.Fatalf("%s: %s: %v", path, r.url, err)
		}
		if p.Request == nil || p.Request.Method != "GET" || p.Request.Header.Get("User-Agent") == "" {
			t.Fatalf("%s: %s: request %+v, want the GET with its User-Agent", filepath.Base(path), r.url, p.Request)
		}
	}
}

// exportKey is the id, content hash, revision, URL and aliases of every
// record of a JSON Lines export, in order: what must not depend on how the
// archive was crawled.
func exportKey(t *testing.T, path string) string {
	t.Helper()
	recs := readJSONL(t, path)
	var lines []string
	for _, r := range recs {
		aliases := append([]string(nil), r.Aliases...)
		sort.Strings(aliases)
		lines = append(lines, fmt.Sprintf("%s %s %d %s %s", r.ID, r.ContentHash, r.Revision, r.URL, strings.Join(aliases, ",")))
	}
	return strings.Join(lines, "\n")
}

// readJSONL reads the records of a JSON Lines export.
func readJSONL(t *testing.T, path string) []normalize.Record {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []normalize.Record
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var r normalize.Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, r)
	}
	return out
}

// TestQueueBadInput checks the one-line errors and exit codes of a bad
// --queue URL and of a server that does not answer.
func TestQueueBadInput(t *testing.T) {
	dead := "nats://" + closedPort(t)
	db := filepath.Join(t.TempDir(), "a.db")
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"worker"}, 2, "--queue is required"},
		{[]string{"worker", "--queue", "http://x:4222"}, 2, "want nats://HOST:PORT"},
		{[]string{"worker", "--queue", "nats://x:4222", "--concurrency", "0"}, 2, "--concurrency 0"},
		{[]string{"crawl", "--db", db, "--queue", "localhost:4222", "http://127.0.0.1:1/"}, 2, "want nats://HOST:PORT"},
		{[]string{"worker", "--queue", dead}, 1, "NATS server unreachable"},
		{[]string{"crawl", "--db", db, "--queue", dead, "http://127.0.0.1:1/"}, 1, "NATS server unreachable"},
	} {
		code, _, stderr := runCLI(t, "", tc.args...)
		first, _, _ := strings.Cut(stderr, "\n")
		if code != tc.code || !strings.Contains(first, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q on the first line", tc.args, code, stderr, tc.code, tc.msg)
		}
	}
}
