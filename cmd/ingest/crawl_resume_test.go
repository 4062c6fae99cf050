package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/scraper"
	"github.com/ingest-archive/ingest/storage"
)

// helperEnv switches TestHelperIngest on in a child process: "main" runs
// the program with the arguments after "--", "stuck" stands for a crawl
// whose drain never ends.
const helperEnv = "INGEST_TEST_HELPER"

// TestHelperIngest is not a test: run as a child process, it is the ingest
// binary (main with the arguments after "--"), so tests can kill it.
func TestHelperIngest(t *testing.T) {
	switch os.Getenv(helperEnv) {
	case "main":
		os.Args = append([]string{"ingest"}, flag.Args()...)
		main()
	case "stuck":
		ctx, stop := signalContext(context.Background())
		defer stop()
		fmt.Println("ready")
		<-ctx.Done()
		fmt.Println("draining")
		time.Sleep(time.Minute) // a drain that does not end
		os.Exit(0)
	default:
		t.Skip("helper process only")
	}
}

// ingestCmd returns the ingest program as a child process.
func ingestCmd(t *testing.T, args ...string) (*exec.Cmd, *syncBuffer, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestHelperIngest$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), helperEnv+"=main")
	var stdout, stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	return cmd, &stdout, &stderr
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// exitStatus waits for cmd and returns its exit status, failing the test
// after timeout.
func exitStatus(t *testing.T, cmd *exec.Cmd, timeout time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &ee):
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				return 128 + int(ws.Signal())
			}
			return ee.ExitCode()
		}
		t.Fatalf("wait: %v", err)
	case <-time.After(timeout):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("ingest did not exit within %v", timeout)
	}
	return -1
}

// newsSite is a small generated news site: a home page, listing pages of
// ten articles with rel=next, and articles that link to each other. It
// counts requests per path and can answer slowly.
type newsSite struct {
	*httptest.Server
	n     int
	delay atomic.Int64 // per response, nanoseconds

	mu       sync.Mutex
	requests map[string]int
	articles atomic.Int64 // article responses served
}

func newNewsSite(t *testing.T, n int, delay time.Duration) *newsSite {
	s := &newsSite{n: n, requests: map[string]int{}}
	s.delay.Store(int64(delay))
	s.Server = httptest.NewServer(s)
	t.Cleanup(s.Close)
	return s
}

var siteWords = strings.Fields(`river council plan housing market rail bridge budget water school energy
port harbour village county trade court union worker wage price rent growth report policy minister
tax loan bank farm food health care service road transport data climate vote party border law city
region people years time first made new said would could other about more some after over only`)

func sitePath(i int) string {
	return fmt.Sprintf("/a/2024/%02d/notes-on-the-river-plan-%d/", 1+i%12, i)
}

func (s *newsSite) reset() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.requests
	s.requests = map[string]int{}
	return old
}

// referenceAgent is the User-Agent of crawls the site does not count.
const referenceAgent = "reference-crawl"

func (s *newsSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	counted := r.UserAgent() != referenceAgent
	if counted {
		s.mu.Lock()
		s.requests[p]++
		s.mu.Unlock()
	}
	if d := time.Duration(s.delay.Load()); d > 0 && p != "/robots.txt" {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return
		}
	}
	lists := (s.n + 9) / 10
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
	switch {
	case p == "/":
		b.WriteString("<title>The River Review</title></head><body><h1>Latest</h1><ul>\n")
		for k := 1; k <= lists; k++ {
			fmt.Fprintf(&b, "<li><a href=\"/list/%d/\">Archive page %d</a></li>\n", k, k)
		}
		b.WriteString("</ul></body></html>\n")
	case strings.HasPrefix(p, "/list/"):
		var k int
		if _, err := fmt.Sscanf(p, "/list/%d/", &k); err != nil || k < 1 || k > lists {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(&b, "<title>Archive page %d</title>", k)
		if k < lists {
			fmt.Fprintf(&b, "<link rel=\"next\" href=\"/list/%d/\">", k+1)
		}
		b.WriteString("</head><body><ul>\n")
		for i := (k - 1) * 10; i < min(k*10, s.n); i++ {
			fmt.Fprintf(&b, "<li><h3><a href=\"%s\">Notes on the river plan, part %d</a></h3></li>\n", sitePath(i), i)
		}
		b.WriteString("</ul></body></html>\n")
	case strings.HasPrefix(p, "/a/"):
		var i int
		if _, err := fmt.Sscanf(p[strings.LastIndexByte(strings.TrimSuffix(p, "/"), '-')+1:], "%d/", &i); err != nil || i < 0 || i >= s.n || sitePath(i) != p {
			http.NotFound(w, r)
			return
		}
		if counted {
			s.articles.Add(1)
		}
		title := fmt.Sprintf("Notes on the river plan, part %d", i)
		date := fmt.Sprintf("2024-%02d-%02dT09:00:00Z", 1+i%12, 1+i%28)
		fmt.Fprintf(&b, `<title>%s</title>
<meta property="og:type" content="article">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":%q,"datePublished":%q,"author":{"@type":"Person","name":"Anna Petrova"}}</script>
</head><body><nav><a href="/">Home</a></nav><article><h1>%s</h1>
<p class="byline">By Anna Petrova, <time datetime="%s">%s</time></p>
`, title, title, date, title, date, date[:10])
		rng := rand.New(rand.NewPCG(uint64(i), 3))
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
		fmt.Fprintf(&b, "</article><aside><a href=\"%s\">Next part</a> <a href=\"%s\">Earlier</a></aside></body></html>\n",
			sitePath((i+1)%s.n), sitePath((i+37)%s.n))
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	io.WriteString(w, b.String())
}

// archived is what must not differ between two crawls of the same site.
type archived struct {
	url, hash, title string
	aliases          string
}

func readArchive(t *testing.T, path string) map[string]archived {
	t.Helper()
	db, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]archived{}
	err = db.Records(context.Background(), func(r normalize.Record) error {
		out[r.ID] = archived{r.URL, r.ContentHash, r.Title, strings.Join(r.Aliases, " ")}
		if r.Revision != 1 {
			t.Errorf("%s: revision %d", r.URL, r.Revision)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameArchive(t *testing.T, got, want map[string]archived) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d records; want %d", len(got), len(want))
	}
	for id, w := range want {
		if g, ok := got[id]; !ok {
			t.Errorf("record %s (%s) missing", id, w.url)
		} else if g != w {
			t.Errorf("record %s = %+v; want %+v", id, g, w)
		}
	}
}

// frontierStates reads the state of each requested path in the archive's
// frontier for the seed.
func frontierStates(t *testing.T, dbPath, seed string, paths map[string]int) map[string]storage.FrontierState {
	t.Helper()
	db, err := storage.Open(dbPath, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	f, err := db.OpenFrontier(context.Background(), []string{seed}, storage.FrontierOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]storage.FrontierState{}
	for p := range paths {
		u, _ := normalize.CanonicalURL(strings.TrimSuffix(seed, "/") + p)
		if _, st, _, ok, err := f.Lookup(context.Background(), u); err != nil {
			t.Fatal(err)
		} else if ok {
			out[p] = st
		}
	}
	return out
}

func savedStats(t *testing.T, dbPath, seed string) storage.FrontierStats {
	t.Helper()
	db, err := storage.Open(dbPath, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	f, err := db.OpenFrontier(context.Background(), []string{seed}, storage.FrontierOptions{})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stats(context.Background())
	return st
}

// TestCrawlResumeAfterKill kills a crawl with SIGKILL midway, runs the same
// command again, and checks that the archive equals that of a crawl that
// was never interrupted and that no page done before the kill was fetched
// again.
func TestCrawlResumeAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	const articles = 200
	site := newNewsSite(t, articles, 20*time.Millisecond)
	seed := site.URL + "/"
	dir := t.TempDir()

	// The reference: one crawl, never interrupted, alongside the others.
	ref := filepath.Join(dir, "ref.db")
	var refWG sync.WaitGroup
	var refFailed string
	refWG.Go(func() {
		code, _, stderr := runCLI(t, "", "crawl", "--db", ref, "--rate", "0", "--concurrency", "4", "--user-agent", referenceAgent, seed)
		if code != 0 {
			refFailed = fmt.Sprintf("exit %d: %s", code, stderr)
		}
	})
	t.Cleanup(refWG.Wait)

	db := filepath.Join(dir, "archive.db")
	args := []string{"crawl", "--db", db, "--rate", "0", "--concurrency", "4", seed}
	cmd, _, stderr := ingestCmd(t, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for site.articles.Load() < articles/3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if code := exitStatus(t, cmd, 10*time.Second); code != 128+int(syscall.SIGKILL) {
		t.Fatalf("killed crawl: exit %d; stderr: %s", code, stderr)
	}
	first := site.reset()
	states := frontierStates(t, db, seed, first)
	done := 0
	for _, st := range states {
		if st == storage.FrontierDone {
			done++
		}
	}
	if done == 0 || done >= articles {
		t.Fatalf("%d pages done at the kill; want some but not all", done)
	}
	// The file is sound, and no page is done whose record was not
	// committed with it.
	stored := checkKilledArchive(t, db)
	storedNotDone := 0
	for i := range articles {
		p := sitePath(i)
		u, _ := normalize.CanonicalURL(site.URL + p)
		switch {
		case states[p] == storage.FrontierDone && !stored[u]:
			t.Errorf("%s is done in the frontier but has no record", p)
		case states[p] != storage.FrontierDone && stored[u]:
			storedNotDone++
		}
	}
	// What a kill costs is the pages stored since the frontier's last
	// commit: at most one batch.
	if storedNotDone > scraper.DefaultBatchPages {
		t.Errorf("%d pages stored but not done at the kill; want at most one batch (%d)", storedNotDone, scraper.DefaultBatchPages)
	}

	site.delay.Store(int64(2 * time.Millisecond))
	cmd, stdout, stderr := ingestCmd(t, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if code := exitStatus(t, cmd, 30*time.Second); code != 0 {
		t.Fatalf("resumed crawl: exit %d; stderr: %s", code, stderr)
	}
	if !strings.Contains(stdout.String(), "crawl done") {
		t.Errorf("resumed crawl summary: %s", stdout)
	}
	second := site.reset()
	refWG.Wait()
	if refFailed != "" {
		t.Fatalf("reference crawl: %s", refFailed)
	}
	want := readArchive(t, ref)
	if len(want) != articles {
		t.Fatalf("reference crawl stored %d records; want %d", len(want), articles)
	}
	sameArchive(t, readArchive(t, db), want)

	refetched := 0
	for p, n := range second {
		if p == "/robots.txt" {
			continue // read by every run
		}
		if states[p] == storage.FrontierDone {
			t.Errorf("%s was done before the kill and fetched again", p)
		}
		if first[p] > 0 {
			refetched++ // in flight, or finished after the last commit
		}
		if n+first[p] > 2 {
			t.Errorf("%s fetched %d times", p, n+first[p])
		}
	}
	for i := range articles {
		if first[sitePath(i)]+second[sitePath(i)] == 0 {
			t.Errorf("%s never fetched", sitePath(i))
		}
	}
	t.Logf("%d of %d pages done at the kill, %d stored but not done; %d fetched again (in flight or not yet committed)", done, len(first)-1, storedNotDone, refetched)
}

// checkKilledArchive runs bbolt's check over an archive left by a killed
// process and returns the URLs of its records.
func checkKilledArchive(t *testing.T, path string) map[string]bool {
	t.Helper()
	db, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(context.Background()); err != nil {
		t.Fatalf("archive after kill -9: %v", err)
	}
	out := map[string]bool{}
	err = db.Records(context.Background(), func(r normalize.Record) error {
		out[r.URL] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCrawlInterrupt sends SIGINT to a crawl of a slow site: it stops
// within a second, saves its frontier and exits 130, and the same command
// then finishes the crawl without fetching a done page again.
func TestCrawlInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	const articles = 30
	site := newNewsSite(t, articles, 200*time.Millisecond)
	seed := site.URL + "/"
	db := filepath.Join(t.TempDir(), "archive.db")
	args := []string{"crawl", "--db", db, "--rate", "0", "--concurrency", "3", seed}

	cmd, stdout, stderr := ingestCmd(t, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for site.articles.Load() < 6 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if code := exitStatus(t, cmd, 10*time.Second); code != exitInterrupted {
		t.Fatalf("exit %d after SIGINT; want %d; stderr: %s", code, exitInterrupted, stderr)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v to stop after SIGINT", d)
	}
	if !strings.Contains(stderr.String(), "finishing work in flight") || !strings.Contains(stderr.String(), "interrupted, progress saved") {
		t.Errorf("stderr after SIGINT: %s", stderr)
	}
	if !strings.Contains(stdout.String(), "crawl canceled") {
		t.Errorf("no summary after SIGINT: %s", stdout)
	}
	first := site.reset()
	states := frontierStates(t, db, seed, first)
	for p := range first {
		if st := states[p]; p != "/robots.txt" && st != storage.FrontierDone && st != storage.FrontierQueued {
			t.Errorf("%s is %v after SIGINT; want done, or queued again", p, st)
		}
	}
	if st := savedStats(t, db, seed); st.Done == 0 || st.Queued == 0 {
		t.Fatalf("frontier after SIGINT: %+v; want some done and some queued", st)
	}
	stored := len(readArchive(t, db))

	site.delay.Store(0)
	code, out, errs := runCLI(t, "", args...)
	if code != 0 {
		t.Fatalf("resumed crawl: exit %d: %s", code, errs)
	}
	second := site.reset()
	for p := range second {
		if states[p] == storage.FrontierDone {
			t.Errorf("%s was done before SIGINT and fetched again", p)
		}
	}
	if got := len(readArchive(t, db)); got != articles {
		t.Errorf("%d records after the resumed crawl; want %d", got, articles)
	}
	if !strings.Contains(out, fmt.Sprintf("%d stored", articles-stored)) {
		t.Errorf("resumed crawl stored the wrong number (%d were stored before): %s", stored, out)
	}
}

// TestSecondInterruptAborts checks the two-signal contract in a child
// whose drain never ends: the first SIGINT cancels the work, the second
// exits 130 at once.
func TestSecondInterruptAborts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperIngest$")
	cmd.Env = append(os.Environ(), helperEnv+"=stuck")
	var stderr syncBuffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	expect := func(want string) {
		t.Helper()
		if !lines.Scan() || lines.Text() != want {
			_ = cmd.Process.Kill()
			t.Fatalf("child said %q, %v; want %q", lines.Text(), lines.Err(), want)
		}
	}
	expect("ready")
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	expect("draining")
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, out)
	if code := exitStatus(t, cmd, 5*time.Second); code != exitInterrupted {
		t.Fatalf("exit %d after the second SIGINT; want %d", code, exitInterrupted)
	}
	if s := stderr.String(); !strings.Contains(s, "press Ctrl-C again to abort") || !strings.Contains(s, "ingest: aborted") {
		t.Errorf("stderr: %s", s)
	}
}

// TestCrawlRerunRules checks when a crawl resumes and when it starts
// over: a run stopped by --max-pages resumes, a run that finished is
// followed by a fresh crawl of the whole site, and --fresh starts over.
func TestCrawlRerunRules(t *testing.T) {
	const articles = 12
	site := newNewsSite(t, articles, 0)
	seed := site.URL + "/"
	db := filepath.Join(t.TempDir(), "archive.db")
	crawl := func(extra ...string) (string, map[string]int) {
		t.Helper()
		args := append([]string{"crawl", "--db", db, "--rate", "0", "--concurrency", "2"}, extra...)
		code, out, errs := runCLI(t, "", append(args, seed)...)
		if code != 0 {
			t.Fatalf("crawl %v: exit %d: %s", extra, code, errs)
		}
		reqs := site.reset()
		delete(reqs, "/robots.txt")
		return out, reqs
	}
	pages := articles + 3 // home and two listing pages

	_, r1 := crawl("--max-pages", "5")
	out, r2 := crawl()
	for p := range r2 {
		if r1[p] > 0 {
			t.Errorf("resumed after --max-pages: %s fetched again", p)
		}
	}
	if len(r1)+len(r2) != pages || !strings.Contains(out, "crawl done") {
		t.Errorf("resumed: %d + %d pages fetched; want %d in all; %s", len(r1), len(r2), pages, out)
	}

	out, r3 := crawl()
	if len(r3) != pages || !strings.Contains(out, fmt.Sprintf("%d unchanged", articles)) {
		t.Errorf("after a finished crawl: %d pages fetched, want all %d again; %s", len(r3), pages, out)
	}

	crawl("--max-pages", "4")
	_, r5 := crawl("--fresh")
	if len(r5) != pages {
		t.Errorf("--fresh: %d pages fetched; want %d", len(r5), pages)
	}
}

func TestProgressLine(t *testing.T) {
	var m progressMeter
	steps := []struct {
		p    scraper.Progress
		want string
	}{
		{scraper.Progress{Elapsed: 500 * time.Millisecond, Fetched: 5, Done: 5, Queued: 95, Rate: 10},
			"5 done, 95 queued, 10.0 pages/s, 0 errors, ETA 10s"},
		{scraper.Progress{Elapsed: 2 * time.Second, Fetched: 35, Done: 35, Queued: 60, InFlight: 5, Errors: 1, Rate: 17.5},
			"35 done, 60 queued, 20.0 pages/s, 1 errors, ETA 4s"},
		// The window moves: the rate is that of the last ten seconds.
		{scraper.Progress{Elapsed: 12 * time.Second, Fetched: 45, Done: 45, Queued: 50, Rate: 3.75},
			"45 done, 50 queued, 1.0 pages/s, 0 errors, ETA 50s"},
		{scraper.Progress{Elapsed: 30 * time.Second, Fetched: 45, Done: 45, Queued: 50},
			"45 done, 50 queued, 0.0 pages/s, 0 errors, ETA ?"},
		{scraper.Progress{Elapsed: 31 * time.Second, Fetched: 95, Done: 95},
			"95 done, 0 queued, 2.6 pages/s, 0 errors, ETA 0s"},
	}
	for i, s := range steps {
		if got := m.line(s.p); got != s.want {
			t.Errorf("step %d: %q; want %q", i, got, s.want)
		}
	}
}
