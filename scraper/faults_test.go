package scraper

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// TestCrawlSurvivesFaults crawls one site that has every fault the crawler
// meets on real sites, with no page or depth limit: slow responses past the
// timeout, connection resets, 503 then 200, 429 with Retry-After, a redirect
// loop, an endless calendar, a body of hundreds of MB without
// Content-Length, wrong content types, invalid UTF-8, gzip, a windows-1251
// page and an out-of-scope redirect. Every good article must be delivered
// exactly once and the crawl must end by itself.
func TestCrawlSurvivesFaults(t *testing.T) {
	s := newSite(t)
	other := newSite(t)
	other.html("/x", page("Elsewhere", true))
	good := []string{"/a/plain", "/a/flaky", "/a/limited", "/a/reset-once", "/a/latin", "/a/gzip", "/a/cp1251", "/a/bad-utf8"}
	links := append(slices.Clone(good), "/a/slow", "/loop1", "/calendar?y=2024&m=1", "/a/huge", "/a/json", "/away")
	s.html("/", page("Home", false, links...))
	s.html("/a/plain", page("Plain", true))

	var flaky atomic.Int32
	s.handle("/a/flaky", func(w http.ResponseWriter, r *http.Request) {
		if flaky.Add(1) == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page("Flaky", true))
	})
	var limited atomic.Int32
	s.handle("/a/limited", func(w http.ResponseWriter, r *http.Request) {
		if limited.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page("Limited", true))
	})
	var resets atomic.Int32
	s.handle("/a/reset-once", func(w http.ResponseWriter, r *http.Request) {
		if resets.Add(1) == 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				if tc, ok := conn.(*net.TCPConn); ok {
					tc.SetLinger(0) // RST instead of FIN
				}
				conn.Close()
			}
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page("Reset once", true))
	})
	s.serveAs("/a/latin", "text/html; charset=iso-8859-1", []byte("<html><body><article>Caf\xe9 cr\xe8me</article></body></html>"))
	s.handle("/a/gzip", func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte(page("Gzip", true)))
		zw.Close()
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(buf.Bytes())
	})
	s.serveAs("/a/cp1251", "text/html", []byte("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body><article>\xcf\xf0\xe8\xe2\xe5\xf2</article></body></html>"))
	s.serveAs("/a/bad-utf8", "text/html; charset=utf-8", []byte("<html><body><article>broken \xff\xfe bytes</article></body></html>"))
	s.handle("/a/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	s.handle("/loop1", redirect("/loop2", http.StatusFound))
	s.handle("/loop2", redirect("/loop1", http.StatusFound))
	s.handle("/away", redirect(other.url("/x"), http.StatusMovedPermanently))
	var calendar atomic.Int32
	s.handle("/calendar", func(w http.ResponseWriter, r *http.Request) {
		calendar.Add(1)
		var y, m int
		fmt.Sscan(r.URL.Query().Get("y"), &y)
		fmt.Sscan(r.URL.Query().Get("m"), &m)
		ny, nm := y, m+1
		if nm > 12 {
			ny, nm = y+1, 1
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page(fmt.Sprintf("Events %d-%d", y, m), false, fmt.Sprintf("/calendar?y=%d&m=%d", ny, nm)))
	})
	var hugeBytes atomic.Int64
	s.handle("/a/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body><article>"))
		chunk := bytes.Repeat([]byte("x"), 256<<10)
		for written := 0; written < 500<<20; written += len(chunk) { // 500 MB, no Content-Length
			if _, err := w.Write(chunk); err != nil {
				return
			}
			hugeBytes.Add(int64(len(chunk)))
		}
	})
	s.serveAs("/a/json", "application/json", []byte(`{"article": true}`))

	sink := newMemSink()
	cfg := testConfig(sink, s.url("/"))
	cfg.Timeout = 2 * time.Second
	cfg.Retries = 2
	cfg.TrapDepth = 25
	cfg.MaxBody = 4 << 20

	start := time.Now()
	sum := crawl(t, cfg)
	t.Logf("crawl ended by itself after %v: %s", time.Since(start), sum)

	want := make([]string, len(good))
	for i, p := range good {
		want[i] = s.url(p)
	}
	slices.Sort(want)
	if got := sink.urls(); !slices.Equal(got, want) {
		t.Errorf("articles\n got %v\nwant %v", got, want)
	}
	for u, n := range sink.puts {
		if n != 1 {
			t.Errorf("%s delivered %d times", u, n)
		}
	}
	if n := calendar.Load(); n < 20 || n > 40 {
		t.Errorf("calendar fetched %d times, want it cut near the trap depth", n)
	}
	if n := hugeBytes.Load(); n > 64<<20 {
		t.Errorf("read %d MB of the huge body; it must stop near MaxBody", n>>20)
	}
	for kind, min := range map[string]int{"too_large": 1, "timeout": 1, "redirect_loop": 1, "out_of_scope": 1} {
		if sum.Errors[kind] < min {
			t.Errorf("errors[%s] = %d, want at least %d (all: %v)", kind, sum.Errors[kind], min, sum.Errors)
		}
	}
	if other.allHits() != 0 {
		t.Error("the out-of-scope redirect was followed")
	}
	if r := sink.get(s.url("/a/cp1251")); r == nil || !bytes.Contains(r.Response.Body, []byte("\xcf\xf0\xe8\xe2\xe5\xf2")) {
		t.Error("the windows-1251 page did not reach the sink with its bytes as served")
	}
}
