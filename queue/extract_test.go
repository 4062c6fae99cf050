package queue

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/queue/queuetest"
	"github.com/ingest-archive/ingest/scraper"
)

// TestExtractRoundTrip sends stored pages to a worker as extract jobs: the
// worker gets each body and header whole, a large one through the object
// store, and its page comes back.
func TestExtractRoundTrip(t *testing.T) {
	srv := queuetest.Start(t)
	coord := connect(t, srv.URL(), "coordinator")
	big := make([]byte, 4<<20)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range big {
		big[i] = byte(rng.IntN(256)) // incompressible: too large for a message
	}
	pages := map[string][]byte{"https://a.test/small": []byte("<html>small</html>"), "https://a.test/big": big}
	handle := func(_ context.Context, job Job, _ []byte) scraper.FetchResponse {
		if job.Kind != KindExtract {
			t.Errorf("%s: kind %q", job.URL, job.Kind)
		}
		if !bytes.Equal(job.Body, pages[job.URL]) || job.Header.Get("Content-Type") != "text/html" {
			return scraper.FetchResponse{Err: "wrong page", ErrKind: "extract"}
		}
		return scraper.FetchResponse{Page: &normalize.Page{PageType: normalize.PageArticle,
			Record: normalize.Record{URL: job.URL, Title: "T", Text: strconv.Itoa(len(job.Body))}}}
	}
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	w := NewWorker(connect(t, srv.URL(), "w1"), "w1", 2, handle)
	wg.Go(func() {
		if err := w.Run(ctx); err != nil {
			t.Error(err)
		}
	})
	d, err := NewDispatcher(t.Context(), coord, []byte("reprocess-spec"), DispatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for u, body := range pages {
		resp, err := d.Extract(t.Context(), StoredPage{URL: u, Header: http.Header{"Content-Type": {"text/html"}}, Body: body})
		if err != nil || resp.Err != "" || resp.Page == nil || resp.Page.Text != strconv.Itoa(len(body)) || resp.Body != nil {
			t.Errorf("%s: err %v, answer %q, page %v", u, err, resp.Err, resp.Page)
		}
	}
	if objs, err := coord.obs.List(t.Context()); err == nil {
		for _, o := range objs {
			if !bytes.HasPrefix([]byte(o.Name), []byte("spec-")) {
				t.Errorf("object %s left behind", o.Name)
			}
		}
	}
	cancel()
	wg.Wait()
}
