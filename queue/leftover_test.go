package queue

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/queue/queuetest"
	"github.com/ingest-archive/ingest/scraper"
)

// TestLeftoversReused stops a coordinator while its jobs are out, lets a
// worker answer them, and checks the coordinator run again takes those
// answers from the stream for the same requests instead of publishing
// them again; a request with other validators is not answered by them.
func TestLeftoversReused(t *testing.T) {
	srv := queuetest.Start(t)
	coord := connect(t, srv.URL(), "coordinator")
	spec := []byte("leftover-spec")
	d1, err := NewDispatcher(t.Context(), coord, spec, DispatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	urls := []string{"https://a.test/1", "https://a.test/2", "https://a.test/3"}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	var fw sync.WaitGroup
	for _, u := range urls {
		fw.Go(func() { d1.Fetch(ctx, scraper.FetchRequest{URL: u}) })
	}
	fw.Wait()
	cancel()
	d1.Close()

	handle := func(_ context.Context, job Job, _ []byte) scraper.FetchResponse {
		return scraper.FetchResponse{Status: 200, FinalURL: job.URL, Body: []byte("answer of " + job.URL + " " + job.ETag)}
	}
	wctx, stop := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	w := NewWorker(connect(t, srv.URL(), "w1"), "w1", 2, handle)
	wg.Go(func() { w.Run(wctx) })
	for deadline := time.Now().Add(10 * time.Second); ; {
		info, err := coord.res.Info(t.Context())
		if err == nil && info.State.Msgs >= uint64(len(urls)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("answers not in the stream: %v %+v", err, info)
		}
		time.Sleep(20 * time.Millisecond)
	}

	d2, err := NewDispatcher(t.Context(), coord, spec, DispatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Close()
	for _, u := range urls {
		resp, err := d2.Fetch(t.Context(), scraper.FetchRequest{URL: u})
		if err != nil || string(resp.Body) != "answer of "+u+" " {
			t.Errorf("%s: %v, %q", u, err, resp.Body)
		}
	}
	if st := d2.Stats(); st.Jobs != 0 || st.Reused != int64(len(urls)) {
		t.Errorf("rerun: %+v; want no job and every answer reused", st)
	}
	// Other validators make another request: it goes to the worker.
	resp, err := d2.Fetch(t.Context(), scraper.FetchRequest{URL: urls[0], Validators: scraper.Validators{ETag: `"e"`}})
	if err != nil || string(resp.Body) != "answer of "+urls[0]+` "e"` {
		t.Errorf("conditional request: %v, %q", err, resp.Body)
	}
	if st := d2.Stats(); st.Jobs != 1 {
		t.Errorf("conditional request: %+v; want one job", st)
	}
	stop()
	wg.Wait()
}

// TestPrefill checks that queuetest.Prefill's jobs are answered by workers
// and stand for a coordinator's fetches, as the drain benchmark needs.
func TestPrefill(t *testing.T) {
	srv := queuetest.Start(t)
	coord := connect(t, srv.URL(), "coordinator")
	spec := []byte("prefill-spec")
	d1, err := NewDispatcher(t.Context(), coord, spec, DispatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d1.Close()
	urls := []string{"https://a.test/1", "https://a.test/2"}
	if crawl := queuetest.Prefill(t, srv.URL(), urls); crawl != d1.Crawl() {
		t.Errorf("prefilled crawl %s, want %s", crawl, d1.Crawl())
	}
	handle := func(_ context.Context, job Job, _ []byte) scraper.FetchResponse {
		return scraper.FetchResponse{Status: 200, FinalURL: job.URL, Body: []byte(job.URL)}
	}
	wctx, stop := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	w := NewWorker(connect(t, srv.URL(), "w1"), "w1", 2, handle)
	wg.Go(func() { w.Run(wctx) })
	queuetest.WaitAnswers(t, srv.URL(), len(urls), 10*time.Second)
	stop()
	wg.Wait()

	d2, err := NewDispatcher(t.Context(), coord, spec, DispatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Close()
	for _, u := range urls {
		if resp, err := d2.Fetch(t.Context(), scraper.FetchRequest{URL: u}); err != nil || string(resp.Body) != u {
			t.Errorf("%s: %v %q", u, err, resp.Body)
		}
	}
	if st := d2.Stats(); st.Jobs != 0 || st.Reused != 2 {
		t.Errorf("stats %+v", st)
	}
}
