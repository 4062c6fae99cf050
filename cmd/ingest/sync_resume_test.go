package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/storage"
)

// resumeSite is a syncSite of n generated articles, with ETags, whose
// article answers can be slowed down and are counted.
type resumeSite struct {
	*syncSite
	delay  atomic.Int64 // per article answer, nanoseconds
	served atomic.Int64 // article requests answered
}

func newResumeSite(t *testing.T) *resumeSite {
	s := &resumeSite{syncSite: &syncSite{pages: map[string]sitePage{}}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/a/") {
			if d := time.Duration(s.delay.Load()); d > 0 {
				select {
				case <-time.After(d):
				case <-r.Context().Done():
					return
				}
			}
			s.served.Add(1)
		}
		s.serve(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func resumePath(i int) string { return fmt.Sprintf("/a/2024/notes-from-the-quays-%03d/", i) }

// setArticle serves version v of article i.
func (s *resumeSite) setArticle(i, v int) {
	rng := rand.New(rand.NewPCG(uint64(i), uint64(v)))
	paras := make([]string, 5)
	for k := range paras {
		words := make([]string, 45)
		for w := range words {
			words[w] = siteWords[rng.IntN(len(siteWords))]
		}
		paras[k] = strings.Join(words, " ") + "."
	}
	title := fmt.Sprintf("Notes from the quays, part %d", i)
	s.set(resumePath(i), sitePage{body: newsPage(title, "Anna Petrova", "2024-03-01", paras...), etag: fmt.Sprintf(`"%d-v%d"`, i, v)})
}

// setIndex lists articles 0 to n-1 on the home page and in the sitemap,
// with an old <lastmod>.
func (s *resumeSite) setIndex(n int) {
	paths := make([]string, n)
	dated := make([][2]string, n)
	for i := range n {
		paths[i] = resumePath(i)
		dated[i] = [2]string{resumePath(i), "2024-03-01"}
	}
	s.set("/", sitePage{body: listing(paths...)})
	s.set("/sitemap.xml", sitePage{contentType: "application/xml", body: sitemapLastmod(dated...)})
}

// byPath counts requests per path.
func byPath(reqs []siteRequest) map[string]int {
	out := map[string]int{}
	for _, r := range reqs {
		out[r.path]++
	}
	return out
}

// syncFrontierStates reads the state of each path in the archive's sync
// frontier for seeds; found is false when there is no such frontier.
func syncFrontierStates(t *testing.T, dbPath string, seeds []string, paths []string, origin string) (states map[string]storage.FrontierState, st storage.FrontierStats, found bool) {
	t.Helper()
	db, err := storage.Open(dbPath, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	f, err := db.OpenFrontier(ctx, seeds, storage.FrontierOptions{Kind: syncFrontierKind})
	if errors.Is(err, storage.ErrNotFound) {
		return nil, st, false
	}
	if err != nil {
		t.Fatal(err)
	}
	states = map[string]storage.FrontierState{}
	for _, p := range paths {
		u, _ := normalize.CanonicalURL(origin + p)
		if _, s, _, ok, err := f.Lookup(ctx, u); err != nil {
			t.Fatal(err)
		} else if ok {
			states[p] = s
		}
	}
	st, _ = f.Stats(ctx)
	return states, st, true
}

// crawlFrontierStats reads the stats of the crawl frontier for seeds.
func crawlFrontierStats(t *testing.T, dbPath string, seeds []string) storage.FrontierStats {
	t.Helper()
	db, err := storage.Open(dbPath, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	f, err := db.OpenFrontier(context.Background(), seeds, storage.FrontierOptions{})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stats(context.Background())
	return st
}

// TestSyncResumeAfterKill kills a sync with SIGKILL midway and runs it
// again: the second run resumes the first one's frontier, fetches no URL
// the first one had done, and the archive ends as one uninterrupted sync
// would leave it. The finished sync leaves no frontier behind, and the
// crawl's frontier of the same seeds is never touched.
func TestSyncResumeAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	const n = 60
	s := newResumeSite(t)
	for i := range n {
		s.setArticle(i, 1)
	}
	s.setIndex(n)
	db := filepath.Join(t.TempDir(), "archive.db")
	seeds := []string{s.url("/"), s.url("/sitemap.xml")}
	if code, _, stderr := runCLI(t, "", append([]string{"crawl", "--db", db, "--rate", "0", "--concurrency", "4"}, seeds...)...); code != exitOK {
		t.Fatalf("crawl: exit %d: %s", code, stderr)
	}
	if got := len(records(t, db)); got != n {
		t.Fatalf("crawl stored %d records; want %d", got, n)
	}
	crawlFront := crawlFrontierStats(t, db, seeds)
	s.takeRequests()

	// The site changes behind an unchanged sitemap lastmod: every third
	// article is edited, one is retracted, three are new.
	const gone, added = 5, 3
	edited := map[string]bool{}
	for i := 0; i < n; i += 3 {
		s.setArticle(i, 2)
		edited[resumePath(i)] = true
	}
	s.set(resumePath(gone), sitePage{status: http.StatusGone})
	for i := n; i < n+added; i++ {
		s.setArticle(i, 1)
	}
	s.setIndex(n + added)
	all := make([]string, n+added)
	for i := range all {
		all[i] = resumePath(i)
	}

	s.served.Store(0)
	s.delay.Store(int64(20 * time.Millisecond))
	args := []string{"sync", "--db", db, "--rate", "0", "--concurrency", "2", "--retries", "0", "--revisit-after", "0"}
	cmd, _, stderr := ingestCmd(t, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for s.served.Load() < n/3 && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if code := exitStatus(t, cmd, 10*time.Second); code != 128+int(syscall.SIGKILL) {
		t.Fatalf("killed sync: exit %d; stderr: %s", code, stderr)
	}
	first := byPath(s.takeRequests())
	states, _, ok := syncFrontierStates(t, db, seeds, append(all, "/", "/sitemap.xml"), s.url(""))
	if !ok {
		t.Fatal("the killed sync left no frontier")
	}
	done := 0
	killed := records(t, db)
	for _, p := range all {
		if states[p] != storage.FrontierDone {
			continue
		}
		done++
		// Done means stored: the frontier never runs ahead of the archive.
		if r, ok := killed[p]; edited[p] && (!ok || r.Revision != 2) {
			t.Errorf("%s is done in the frontier but its revision 2 is not stored", p)
		}
	}
	if done == 0 || done >= len(all) {
		t.Fatalf("%d of %d articles done at the kill; want some but not all", done, len(all))
	}

	s.delay.Store(0)
	code, out, errs := runCLI(t, "", args...)
	if code != exitOK {
		t.Fatalf("resumed sync: exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "sync done") {
		t.Errorf("resumed sync output:\n%s", out)
	}
	second := byPath(s.takeRequests())
	refetched := 0
	for p, c := range second {
		if p == "/robots.txt" {
			continue // read by every run
		}
		if states[p] == storage.FrontierDone {
			t.Errorf("%s was done before the kill and fetched again", p)
		}
		if first[p] > 0 {
			refetched++ // in flight, or done after the last commit
		}
		if c+first[p] > 2 {
			t.Errorf("%s fetched %d times", p, c+first[p])
		}
	}
	for _, p := range all {
		if first[p]+second[p] == 0 {
			t.Errorf("%s never requested", p)
		}
	}

	after := records(t, db)
	if len(after) != n+added {
		t.Errorf("%d records after the resumed sync; want %d", len(after), n+added)
	}
	for _, p := range all {
		r := after[p]
		status, rev := "live", 1
		switch {
		case p == resumePath(gone):
			status = "gone"
		case edited[p]:
			rev = 2
		}
		if r.Status != status || r.Revision != rev {
			t.Errorf("%s: status %q revision %d; want %s %d", p, r.Status, r.Revision, status, rev)
		}
	}
	if _, _, ok := syncFrontierStates(t, db, seeds, nil, s.url("")); ok {
		t.Error("the finished sync left its frontier behind")
	}
	if got := crawlFrontierStats(t, db, seeds); got != crawlFront {
		t.Errorf("crawl frontier %+v after the syncs; want it untouched: %+v", got, crawlFront)
	}
	t.Logf("%d of %d articles done at the kill; %d URLs fetched again (in flight or not yet committed)", done, len(all), refetched)
}

// TestSyncInterruptSavesFrontier cancels a sync of a slow site: it exits
// 130 with its frontier flushed, so that every article it stored is done
// there and none is done without being stored; the next sync resumes it
// without fetching a done article again.
func TestSyncInterruptSavesFrontier(t *testing.T) {
	const n = 24
	s := newResumeSite(t)
	for i := range n {
		s.setArticle(i, 1)
	}
	s.setIndex(n)
	db := filepath.Join(t.TempDir(), "archive.db")
	seeds := []string{s.url("/"), s.url("/sitemap.xml")}
	if code, _, stderr := runCLI(t, "", append([]string{"crawl", "--db", db, "--rate", "0"}, seeds...)...); code != exitOK {
		t.Fatalf("crawl: exit %d: %s", code, stderr)
	}
	s.takeRequests()
	all := make([]string, n)
	for i := range n {
		s.setArticle(i, 2) // every article edited: a stored one has revision 2
		all[i] = resumePath(i)
	}

	s.served.Store(0)
	s.delay.Store(int64(40 * time.Millisecond))
	args := []string{"sync", "--db", db, "--rate", "0", "--concurrency", "2", "--retries", "0", "--revisit-after", "0"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, nil, &out, &errb) }()
	deadline := time.Now().Add(15 * time.Second)
	for s.served.Load() < n/3 && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	cancel()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("sync did not stop on cancellation")
	}
	if code := exitCode(err, &errb); code != exitInterrupted {
		t.Fatalf("exit %d after cancellation; want %d: %v", code, exitInterrupted, err)
	}
	first := byPath(s.takeRequests())
	states, st, ok := syncFrontierStates(t, db, seeds, all, s.url(""))
	if !ok || st.Done == 0 || st.Queued == 0 {
		t.Fatalf("frontier after the interruption: %v %+v; want some done and some queued", ok, st)
	}
	stored := records(t, db)
	for _, p := range all {
		isDone, isStored := states[p] == storage.FrontierDone, stored[p].Revision == 2
		if isDone != isStored {
			t.Errorf("%s: done in the frontier %v, revision 2 stored %v; want both or neither", p, isDone, isStored)
		}
	}

	s.delay.Store(0)
	code, rerun, errs := runCLI(t, "", args...)
	if code != exitOK {
		t.Fatalf("resumed sync: exit %d: %s", code, errs)
	}
	second := byPath(s.takeRequests())
	for _, p := range all {
		if states[p] == storage.FrontierDone && second[p] > 0 {
			t.Errorf("%s was done before the interruption and fetched again", p)
		}
		if first[p]+second[p] == 0 {
			t.Errorf("%s never requested", p)
		}
		if r := records(t, db)[p]; r.Revision != 2 {
			t.Errorf("%s: revision %d after the resumed sync; want 2", p, r.Revision)
		}
	}
	if !strings.Contains(rerun, "sync done") {
		t.Errorf("resumed sync output:\n%s", rerun)
	}
}

// TestSyncResumeRereadsSitemaps resumes a sync that was stopped right
// after it read the sitemap: the resumed run reads the sitemap again,
// without validators (a 304 would not give the dates), so that the old
// <lastmod> of the known articles still saves their requests.
func TestSyncResumeRereadsSitemaps(t *testing.T) {
	const n = 6
	s := newResumeSite(t)
	for i := range n {
		s.setArticle(i, 1)
	}
	s.setIndex(n)
	sm, _ := s.pages["/sitemap.xml"]
	sm.etag = `"sm1"`
	s.set("/sitemap.xml", sm)
	db := filepath.Join(t.TempDir(), "archive.db")
	if code, _, stderr := runCLI(t, "", "crawl", "--db", db, "--rate", "0", s.url("/"), s.url("/sitemap.xml")); code != exitOK {
		t.Fatalf("crawl: exit %d: %s", code, stderr)
	}
	s.takeRequests()

	// What a sync killed just after reading the sitemap leaves.
	ctx := context.Background()
	archive, err := storage.Open(db, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := planSync(ctx, archive, nil)
	if err != nil {
		t.Fatal(err)
	}
	front, err := openSyncFrontier(ctx, archive, plan.seeds, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := front.Add(ctx, plan.frontier(syncMaxDepth)...); err != nil {
		t.Fatal(err)
	}
	e, ok, err := front.Next(ctx, time.Now())
	if err != nil || !ok || e.URL != s.url("/sitemap.xml") {
		t.Fatalf("first in a sync's queue: %+v, %v, %v; want the sitemap", e, ok, err)
	}
	if err := front.Done(ctx, e.URL); err != nil {
		t.Fatal(err)
	}
	if err := front.f.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	archive.Close()

	code, out, errs := runCLI(t, "", "sync", "--db", db, "--rate", "0", "--concurrency", "1")
	if code != exitOK {
		t.Fatalf("resumed sync: exit %d: %s", code, errs)
	}
	var sitemap []siteRequest
	reqs := s.takeRequests()
	for _, r := range reqs {
		if r.path == "/sitemap.xml" {
			sitemap = append(sitemap, r)
		}
		if strings.HasPrefix(r.path, "/a/") {
			t.Errorf("known article requested: %+v (its sitemap lastmod is old and it was checked just now)", r)
		}
	}
	if len(sitemap) != 1 || sitemap[0].ifNoneMatch != "" || sitemap[0].status != http.StatusOK {
		t.Errorf("sitemap requests %+v; want one without If-None-Match", sitemap)
	}
	if !strings.Contains(out, fmt.Sprintf("%d unchanged by sitemap lastmod", n)) {
		t.Errorf("resumed sync output:\n%s", out)
	}
}

// TestSyncLeavesCrawlFrontier runs a sync while a crawl of the same seeds
// is unfinished: the sync makes its own full pass instead of resuming the
// crawl's frontier, leaves that frontier as it was, and the crawl then
// resumes it.
func TestSyncLeavesCrawlFrontier(t *testing.T) {
	const n = 8
	s := newResumeSite(t)
	for i := range n {
		s.setArticle(i, 1)
	}
	s.setIndex(n)
	db := filepath.Join(t.TempDir(), "archive.db")
	seeds := []string{s.url("/"), s.url("/sitemap.xml")}
	crawl := append([]string{"crawl", "--db", db, "--rate", "0", "--concurrency", "1"}, seeds...)
	if code, _, stderr := runCLI(t, "", append(crawl, "--max-pages", "4")...); code != exitOK {
		t.Fatalf("crawl: exit %d: %s", code, stderr)
	}
	firstCrawl := byPath(s.takeRequests())
	before := crawlFrontierStats(t, db, seeds)
	if before.Queued == 0 {
		t.Fatalf("crawl frontier %+v; want URLs left queued", before)
	}

	if code, _, stderr := runCLI(t, "", "sync", "--db", db, "--rate", "0"); code != exitOK {
		t.Fatalf("sync: exit %d: %s", code, stderr)
	}
	synced := byPath(s.takeRequests())
	if synced["/sitemap.xml"] != 1 || synced["/"] != 1 {
		t.Errorf("sync requests %v; want the sitemap and home page read again", synced)
	}
	if got := len(records(t, db)); got != n {
		t.Errorf("%d records after the sync; want %d", got, n)
	}
	if got := crawlFrontierStats(t, db, seeds); got != before {
		t.Errorf("crawl frontier %+v after the sync; want %+v", got, before)
	}

	if code, out, stderr := runCLI(t, "", crawl...); code != exitOK || !strings.Contains(out, "crawl done") {
		t.Fatalf("resumed crawl: exit %d: %s\n%s", code, out, stderr)
	}
	for p := range byPath(s.takeRequests()) {
		if p != "/robots.txt" && firstCrawl[p] > 0 {
			t.Errorf("resumed crawl fetched %s again: it did not resume its own frontier", p)
		}
	}
}
