package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/queue/queuetest"
)

// referenceArchive crawls sites in one process and returns its archive;
// the sites' request logs are emptied afterwards.
func referenceArchive(t *testing.T, sites []*hostSite, n int) map[string]archived {
	t.Helper()
	db := filepath.Join(t.TempDir(), "reference.db")
	code, stdout, stderr := runCLI(t, "", append([]string{"crawl", "--db", db, "--rate", "0", "--concurrency", "4"}, siteSeeds(sites)...)...)
	if code != 0 {
		t.Fatalf("reference crawl: exit %d\n%s\n%s", code, stdout, stderr)
	}
	want := readArchive(t, db)
	if len(want) != n {
		t.Fatalf("reference crawl stored %d records, want %d", len(want), n)
	}
	forgetHits(sites)
	return want
}

// articleHits counts the article requests the sites got.
func articleHits(sites []*hostSite) int {
	n := 0
	for _, s := range sites {
		for _, h := range s.hits() {
			if strings.HasPrefix(h.path, "/"+s.name+"/") {
				n++
			}
		}
	}
	return n
}

// waitFor polls cond until it holds, failing the test after timeout.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// coordinate runs `ingest crawl --queue` in-process in the background.
func coordinate(t *testing.T, db, url string, sites []*hostSite, extra ...string) (wait func() (int, string, string)) {
	args := append([]string{"crawl", "--db", db, "--queue", url, "--concurrency", "4"}, extra...)
	args = append(args, siteSeeds(sites)...)
	type res struct {
		code           int
		stdout, stderr string
	}
	ch := make(chan res, 1)
	go func() {
		code, stdout, stderr := runCLI(t, "", args...)
		ch <- res{code, stdout, stderr}
	}()
	return func() (int, string, string) {
		select {
		case r := <-ch:
			return r.code, r.stdout, r.stderr
		case <-time.After(90 * time.Second):
			t.Fatal("coordinator did not finish within 90s")
		}
		return 0, "", ""
	}
}

// forgetHits empties the sites' request logs.
func forgetHits(sites []*hostSite) {
	for _, s := range sites {
		s.mu.Lock()
		s.log = nil
		s.mu.Unlock()
	}
}

// referenceSites starts hosts sites of n articles each, crawls them in one
// process for the reference archive, then makes every later request to
// them take delay.
func referenceSites(t *testing.T, hosts, n int, delay time.Duration) ([]*hostSite, map[string]archived) {
	t.Helper()
	sites := newHostSites(t, hosts, n, 0)
	want := referenceArchive(t, sites, hosts*n)
	for _, s := range sites {
		s.delay = delay
	}
	return sites, want
}

// TestQueueWorkerKilled kills a worker process (SIGKILL) while it holds
// jobs: they are delivered again after the ack wait, and the archive is
// whole, with no page lost and none stored twice.
func TestQueueWorkerKilled(t *testing.T) {
	sites, want := referenceSites(t, 3, 10, 300*time.Millisecond)
	srv := queuetest.Start(t)
	db := filepath.Join(t.TempDir(), "dist.db")

	victim, _, vErr := ingestCmd(t, "worker", "--queue", srv.URL(), "--name", "victim", "--concurrency", "4", "--ack-wait", "2s")
	if err := victim.Start(); err != nil {
		t.Fatal(err)
	}
	wait := coordinate(t, db, srv.URL(), sites, "--rate", "0")
	// The victim alone serves the crawl until it holds article pages.
	waitFor(t, 60*time.Second, "the victim to fetch articles", func() bool { return articleHits(sites) >= 2 })
	victim.Process.Signal(syscall.SIGKILL)
	if code := exitStatus(t, victim, 10*time.Second); code != 128+int(syscall.SIGKILL) {
		t.Fatalf("victim exit %d\n%s", code, vErr)
	}
	startWorkers(t, srv.URL(), 2)

	code, stdout, stderr := wait()
	if code != 0 {
		t.Fatalf("coordinator: exit %d\n%s\n%s", code, stdout, stderr)
	}
	t.Logf("coordinator:\n%s", stdout)
	if !strings.Contains(stdout, "30 stored, 0 updated, 0 unchanged, 0 duplicates merged") {
		t.Errorf("summary:\n%s", stdout)
	}
	if strings.Contains(stdout, " 0 redelivered") {
		t.Errorf("no job was redelivered after the kill:\n%s", stdout)
	}
	sameArchive(t, readArchive(t, db), want)
}

// TestQueueCoordinatorKilled kills the coordinator process mid-crawl and
// runs it again: it resumes from its frontier (the pages stored are not
// fetched again), drops what its first run left in the queue, and ends
// with the whole archive.
func TestQueueCoordinatorKilled(t *testing.T) {
	sites, want := referenceSites(t, 3, 10, 250*time.Millisecond) // slow enough that the coordinator commits before the kill, even when the machine is loaded
	srv := queuetest.Start(t)
	startWorkers(t, srv.URL(), 3)
	db := filepath.Join(t.TempDir(), "dist.db")

	args := append([]string{"crawl", "--db", db, "--queue", srv.URL(), "--rate", "0", "--concurrency", "2"}, siteSeeds(sites)...)
	coord, _, cErr := ingestCmd(t, args...)
	if err := coord.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 60*time.Second, "articles fetched", func() bool { return articleHits(sites) >= 15 })
	coord.Process.Signal(syscall.SIGKILL)
	if code := exitStatus(t, coord, 10*time.Second); code != 128+int(syscall.SIGKILL) {
		t.Fatalf("coordinator exit %d\n%s", code, cErr)
	}
	before := articleHits(sites)

	code, stdout, stderr := runCLI(t, "", args...)
	if code != 0 {
		t.Fatalf("rerun: exit %d\n%s\n%s", code, stdout, stderr)
	}
	t.Logf("rerun:\n%s", stdout)
	again := articleHits(sites) - before
	if again >= 30 {
		t.Errorf("the rerun fetched %d articles: it started over instead of resuming", again)
	}
	sameArchive(t, readArchive(t, db), want)
}

// TestQueueRateHolds crawls with --rate 10 and three workers, and checks
// in each host's request log that no two requests came closer than 100 ms
// and no second saw more than 10.
func TestQueueRateHolds(t *testing.T) {
	const rate = 10
	sites := newHostSites(t, 3, 12, 0)
	srv := queuetest.Start(t)
	startWorkers(t, srv.URL(), 3)
	db := filepath.Join(t.TempDir(), "dist.db")
	code, stdout, stderr := coordinate(t, db, srv.URL(), sites, "--rate", fmt.Sprint(rate))()
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "36 stored") || !strings.Contains(stdout, "3 workers") {
		t.Errorf("summary:\n%s", stdout)
	}
	for _, s := range sites {
		var times []time.Time
		for _, h := range s.hits() {
			// robots.txt is asked by the coordinator outside the rate, and
			// a redirect's hops are one fetch, as in a local crawl.
			if h.path != "/robots.txt" && h.path != "/old-home" {
				times = append(times, h.at)
			}
		}
		slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
		minGap := time.Hour
		for i := 1; i < len(times); i++ {
			minGap = min(minGap, times[i].Sub(times[i-1]))
		}
		// Any rate+1 requests in a row span at least a second.
		worst := time.Hour
		for i := 0; i+rate < len(times); i++ {
			worst = min(worst, times[i+rate].Sub(times[i]))
		}
		span := times[len(times)-1].Sub(times[0])
		t.Logf("host %s: %d requests in %v (%.1f/s), smallest gap %v, shortest span of %d requests %v",
			s.name, len(times), span.Round(time.Millisecond), float64(len(times)-1)/span.Seconds(), minGap.Round(time.Millisecond), rate+1, worst.Round(time.Millisecond))
		// The next request to a host is published an interval after the
		// worker's fetch of the one before returned, so the site never
		// sees two requests closer than that, whatever the workers' delays.
		if minGap < time.Second/rate-time.Millisecond {
			t.Errorf("host %s: two requests %v apart, want at least %v", s.name, minGap, time.Second/rate)
		}
		if worst < time.Second-time.Millisecond {
			t.Errorf("host %s: %d requests within %v: more than %d per second", s.name, rate+1, worst, rate)
		}
	}
}

// TestQueueServerRestart stops the NATS server in the middle of a crawl
// and starts it again on the same port and store: workers and coordinator
// reconnect, and the archive is whole.
func TestQueueServerRestart(t *testing.T) {
	sites, want := referenceSites(t, 3, 10, 100*time.Millisecond)
	srv := queuetest.Start(t)
	startWorkers(t, srv.URL(), 3)
	db := filepath.Join(t.TempDir(), "dist.db")
	wait := coordinate(t, db, srv.URL(), sites, "--rate", "0", "--concurrency", "2")
	waitFor(t, 60*time.Second, "articles fetched", func() bool { return articleHits(sites) >= 10 })
	srv.Stop()
	time.Sleep(time.Second) // down for a while: reconnections fail meanwhile
	srv.Restart()
	code, stdout, stderr := wait()
	if code != 0 {
		t.Fatalf("coordinator: exit %d\n%s\n%s", code, stdout, stderr)
	}
	t.Logf("coordinator:\n%s", stdout)
	sameArchive(t, readArchive(t, db), want)
}

// TestQueueSync runs `ingest sync --queue` on an archive a local crawl
// made: the workers revisit every article, and the archive is unchanged.
func TestQueueSync(t *testing.T) {
	sites := newHostSites(t, 2, 8, 0)
	db := filepath.Join(t.TempDir(), "a.db")
	if code, stdout, stderr := runCLI(t, "", append([]string{"crawl", "--db", db, "--rate", "0"}, siteSeeds(sites)...)...); code != 0 {
		t.Fatalf("crawl: exit %d\n%s\n%s", code, stdout, stderr)
	}
	want := readArchive(t, db)
	forgetHits(sites)
	srv := queuetest.Start(t)
	startWorkers(t, srv.URL(), 2)
	code, stdout, stderr := runCLI(t, "", "sync", "--db", db, "--queue", srv.URL(), "--rate", "0")
	if code != 0 {
		t.Fatalf("sync: exit %d\n%s\n%s", code, stdout, stderr)
	}
	t.Logf("sync:\n%s", stdout)
	if !strings.Contains(stdout, "16 known articles") || !strings.Contains(stdout, "0 new, 0 updated") || !strings.Contains(stdout, "queue:") {
		t.Errorf("summary:\n%s", stdout)
	}
	if articleHits(sites) < 16 {
		t.Errorf("%d article requests; every known article should have been asked for", articleHits(sites))
	}
	sameArchive(t, readArchive(t, db), want)
}

// TestQueueCoordinatorInterrupt cancels the coordinator as Ctrl-C does:
// it drains and exits 130, and the same command run again finishes the
// crawl with the whole archive.
func TestQueueCoordinatorInterrupt(t *testing.T) {
	sites, want := referenceSites(t, 2, 10, 100*time.Millisecond)
	srv := queuetest.Start(t)
	startWorkers(t, srv.URL(), 2)
	db := filepath.Join(t.TempDir(), "dist.db")
	args := append([]string{"crawl", "--db", db, "--queue", srv.URL(), "--rate", "0", "--concurrency", "2"}, siteSeeds(sites)...)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var stderr strings.Builder
	go func() {
		var stdout strings.Builder
		done <- exitCode(run(ctx, args, nil, &stdout, &stderr), &stderr)
	}()
	waitFor(t, 60*time.Second, "articles fetched", func() bool { return articleHits(sites) >= 6 })
	cancel()
	select {
	case code := <-done:
		if code != exitInterrupted {
			t.Fatalf("interrupted coordinator: exit %d, want %d\n%s", code, exitInterrupted, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the interrupted coordinator did not exit within 30s")
	}
	code, stdout, errs := runCLI(t, "", args...)
	if code != 0 {
		t.Fatalf("rerun: exit %d\n%s\n%s", code, stdout, errs)
	}
	sameArchive(t, readArchive(t, db), want)
}
