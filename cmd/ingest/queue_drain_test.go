//go:build unix

package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/queue/queuetest"
)

// BenchmarkQueueCoordinatorDrain times a coordinator whose answers are all
// in the stream before it starts: the rate at which one coordinator
// stores what any number of workers send, the ceiling of the sizing
// model. A crawl here first lists the requests the site takes; a
// coordinator started and stopped at once registers the crawl; every
// request is then put in the queue (queuetest.Prefill) and answered by
// two workers, which stop (one stays, idle, for the rare request the
// crawl here did not make: the jobs metric counts them). The timed part is a whole `ingest crawl
// --queue` of the site: it reads the answers from the stream, decodes
// them, runs the frontier and stores every page with group commits.
//
// records/s and pages/s run from the coordinator's start (the stream
// read included) to the end of its crawl, leaving out the site model it
// learns after it (once per run); records/s-crawl is the crawl's own
// clock. cpu-ms/page is the process's CPU over the same span, the
// embedded NATS server's included, and pages/cpu-s its inverse: the rate
// of one core. INGEST_CPUPROFILE names a file for a CPU profile of the
// timed part (of the last round).
//
//	go test -run '^$' -bench QueueCoordinatorDrain -benchtime 1x ./cmd/ingest
func BenchmarkQueueCoordinatorDrain(b *testing.B) {
	const hosts, articles = 20, 150
	sites := newHostSites(b, hosts, articles, 0)
	args := append([]string{"--rate", "0", "--concurrency", "4"}, siteSeeds(sites)...)
	dir := b.TempDir()
	if out, err := runBench(context.Background(), append([]string{"crawl", "--db", filepath.Join(dir, "local.db")}, args...)); err != nil {
		b.Fatalf("local crawl: %v\n%s", err, out)
	}
	var urls []string
	for _, s := range sites {
		seen := map[string]bool{}
		for _, h := range s.hits() {
			if !seen[h.path] {
				seen[h.path] = true
				urls = append(urls, s.URL+h.path)
			}
		}
	}
	var pages, stored, jobs, reused int
	var drain, crawl, cpu time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		srv := queuetest.Start(b)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		runBench(ctx, append([]string{"crawl", "--db", filepath.Join(dir, fmt.Sprintf("register%d.db", i)), "--queue", srv.URL()}, args...))
		cancel()
		queuetest.Prefill(b, srv.URL(), urls)
		stop := startWorkers(b, srv.URL(), 2)
		queuetest.WaitAnswers(b, srv.URL(), len(urls), 10*time.Minute)
		stop()
		// One worker stays for the few requests a crawl may make that the
		// one here did not (the jobs metric counts them); it is idle
		// otherwise.
		stop = startWorkers(b, srv.URL(), 1)

		samples := sampleCPU(b)
		stopProfile, err := startProfile() // INGEST_CPUPROFILE, as for a run
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		b.StartTimer()
		out, err := runBench(context.Background(), append([]string{"crawl", "--db", filepath.Join(dir, fmt.Sprintf("drain%d.db", i)), "--queue", srv.URL(), "--log-level", "info"}, args...))
		b.StopTimer()
		end := time.Now()
		stopProfile()
		cpuAt := samples()
		if err != nil {
			b.Fatalf("coordinator: %v\n%s", err, out)
		}
		// The drain ends when the crawl is done; the site model is learned
		// after it, once per run.
		store := end.Sub(t0) - summaryDuration(b, out, `learned from \d+ pages in (\S+) `)
		drain += store
		cpu += cpuAt(t0.Add(store)) - cpuAt(t0)
		if i == 0 || summaryInt(out, `(\d+) jobs`) > 0 {
			b.Logf("%d answers in the stream; the coordinator said:\n%s", len(urls), out)
		}
		pages += summaryInt(out, `(\d+) pages fetched`)
		stored += summaryInt(out, `(\d+) stored`)
		jobs += summaryInt(out, `(\d+) jobs`)
		reused += summaryInt(out, `(\d+) answers from the stream reused`)
		crawl += summaryDuration(b, out, `crawl done after (\S+):`)
		stop()
		srv.Stop()
		b.StartTimer() // b.Loop wants it running
	}
	b.ReportMetric(float64(stored)/drain.Seconds(), "records/s")
	b.ReportMetric(float64(pages)/drain.Seconds(), "pages/s")
	b.ReportMetric(float64(stored)/crawl.Seconds(), "records/s-crawl")
	b.ReportMetric(1000*cpu.Seconds()/float64(pages), "cpu-ms/page")
	b.ReportMetric(float64(pages)/cpu.Seconds(), "pages/cpu-s")
	b.ReportMetric(float64(jobs)/float64(b.N), "jobs")
	b.ReportMetric(float64(reused)/float64(b.N), "reused")
}

// runBench runs the program in-process and returns what it printed.
func runBench(ctx context.Context, args []string) (string, error) {
	var out, errb bytes.Buffer
	err := run(ctx, args, strings.NewReader(""), &out, &errb)
	return out.String() + errb.String(), err
}

// cpuTime is the CPU this process used so far, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// sampleCPU samples the process's CPU every 10 ms until the function it
// returns is called; that returns the CPU used by a given moment.
func sampleCPU(tb testing.TB) func() func(time.Time) time.Duration {
	type sample struct {
		at  time.Time
		cpu time.Duration
	}
	var ss []sample
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			ss = append(ss, sample{time.Now(), cpuTime()})
			select {
			case <-t.C:
			case <-done:
				ss = append(ss, sample{time.Now(), cpuTime()})
				return
			}
		}
	}()
	return func() func(time.Time) time.Duration {
		close(done)
		<-stopped
		return func(at time.Time) time.Duration {
			i, _ := slices.BinarySearchFunc(ss, at, func(s sample, t time.Time) int { return s.at.Compare(t) })
			return ss[min(i, len(ss)-1)].cpu
		}
	}
}

// summaryInt reads a count from a summary; one the summary leaves out is
// 0.
func summaryInt(out, re string) int {
	m := regexp.MustCompile(re).FindStringSubmatch(out)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// summaryDuration reads a duration from a summary.
func summaryDuration(tb testing.TB, out, re string) time.Duration {
	m := regexp.MustCompile(re).FindStringSubmatch(out)
	if m == nil {
		tb.Fatalf("no %q in:\n%s", re, out)
	}
	d, err := time.ParseDuration(m[1])
	if err != nil {
		tb.Fatal(err)
	}
	return d
}
