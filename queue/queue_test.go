package queue

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/queue/queuetest"
	"github.com/ingest-archive/ingest/scraper"
)

func TestParseURL(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"nats://127.0.0.1:4222", "nats://127.0.0.1:4222", true},
		{"nats://h1:4222, tls://h2:4443/", "nats://h1:4222,tls://h2:4443", true},
		{"nats://user:pw@h:4222", "nats://user:pw@h:4222", true},
		{"http://h:4222", "", false},
		{"h:4222", "", false},
		{"nats://", "", false},
		{"nats://h:4222/x", "", false},
		{"nats://h:port", "", false},
		{"", "", false},
	} {
		got, err := ParseURL(tc.in)
		if tc.ok != (err == nil) || got != tc.want {
			t.Errorf("ParseURL(%q) = %q, %v; want %q ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && !errors.Is(err, ErrBadURL) {
			t.Errorf("ParseURL(%q): %v is not ErrBadURL", tc.in, err)
		}
	}
}

func TestConnectUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	_, err = Connect(t.Context(), "nats://"+addr, Options{ConnectTimeout: time.Second})
	if !errors.Is(err, ErrUnreachable) {
		t.Fatalf("Connect to a closed port: %v, want ErrUnreachable", err)
	}
}

func connect(t *testing.T, url, name string) *Conn {
	t.Helper()
	c, err := Connect(t.Context(), url, Options{Name: name, AckWait: time.Second, ReconnectWait: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// TestRoundTrip sends jobs through an embedded server to two workers and
// checks every answer comes back whole: a page with every field, and a
// body too large for one message, which goes through the object store.
func TestRoundTrip(t *testing.T) {
	srv := queuetest.Start(t)
	coord := connect(t, srv.URL(), "coordinator")
	big := make([]byte, 3<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range big {
		big[i] = byte('a' + rng.IntN(26))
	}
	page := &normalize.Page{
		Record:   normalize.Record{ID: "x", URL: "https://a.test/p", Title: "T", Authors: []string{"A"}, Aliases: []string{}},
		PageType: normalize.PageArticle, Canonical: "https://a.test/p", Links: []string{"https://a.test/q"},
		Next: "https://a.test/2", Facts: &normalize.Facts{URL: "https://a.test/p", Score: 1.5, Blocks: []uint32{1, 2}},
	}
	handle := func(_ context.Context, job Job, spec []byte) scraper.FetchResponse {
		if string(spec) != "spec-1" {
			t.Errorf("spec = %q", spec)
		}
		r := scraper.FetchResponse{Status: 200, Header: http.Header{"Content-Type": {"text/html"}},
			FinalURL: job.URL, FetchedAt: time.Unix(1700000000, 5).UTC()}
		switch job.URL {
		case "https://a.test/big":
			r.Body = big
		case "https://a.test/p":
			r.Body = []byte("<html>p</html>")
			r.Page = page
		default:
			r.Status, r.Err, r.ErrKind, r.Retry = 0, "boom", "connection", true
		}
		if job.ETag != "" {
			r.Header.Set("X-Etag-Seen", job.ETag)
		}
		return r
	}
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	for _, name := range []string{"w1", "w2"} {
		w := NewWorker(connect(t, srv.URL(), name), name, 2, handle)
		wg.Go(func() {
			if err := w.Run(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	d, err := NewDispatcher(t.Context(), coord, []byte("spec-1"), DispatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	resp, err := d.Fetch(t.Context(), scraper.FetchRequest{URL: "https://a.test/big"})
	if err != nil || !bytes.Equal(resp.Body, big) || resp.Status != 200 {
		t.Fatalf("big: err %v, status %d, %d bytes, answer error %q", err, resp.Status, len(resp.Body), resp.Err)
	}
	resp, err = d.Fetch(t.Context(), scraper.FetchRequest{URL: "https://a.test/p", Validators: scraper.Validators{ETag: `"e1"`}})
	if err != nil || resp.Page == nil {
		t.Fatalf("page: %v %+v", err, resp)
	}
	if resp.Page.Title != "T" || resp.Page.Next != page.Next || resp.Page.Links[0] != page.Links[0] ||
		resp.Page.Facts.Score != 1.5 || resp.Page.Record.Aliases == nil || resp.Header.Get("X-Etag-Seen") != `"e1"` ||
		!resp.FetchedAt.Equal(time.Unix(1700000000, 5)) {
		t.Errorf("page came back as %+v", resp)
	}
	resp, err = d.Fetch(t.Context(), scraper.FetchRequest{URL: "https://a.test/err"})
	if err != nil || resp.Err != "boom" || resp.ErrKind != "connection" || !resp.Retry {
		t.Errorf("error answer: %v %+v", err, resp)
	}
	// Many at once, spread over both workers.
	var fw sync.WaitGroup
	for range 40 {
		fw.Go(func() {
			if _, err := d.Fetch(t.Context(), scraper.FetchRequest{URL: "https://a.test/p"}); err != nil {
				t.Error(err)
			}
		})
	}
	fw.Wait()
	st := d.Stats()
	if st.Jobs != 43 || st.Workers != 2 || st.Redelivered != 0 {
		t.Errorf("stats %+v", st)
	}
	cancel()
	wg.Wait()
}
