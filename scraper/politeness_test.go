package scraper

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"testing"
	"time"
)

func TestRobots(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		body       string
		path       string
		allowed    bool
		crawlDelay time.Duration
		sitemaps   int
	}{
		{"allow", 200, "User-agent: *\nDisallow: /x/\n", "/a", true, 0, 0},
		{"disallow", 200, "User-agent: *\nDisallow: /x/\n", "/x/1", false, 0, 0},
		{"query", 200, "User-agent: *\nDisallow: /*?print=\n", "/a?print=1", false, 0, 0},
		{"our group wins", 200, "User-agent: *\nDisallow: /\n\nUser-agent: ingest\nAllow: /\nCrawl-delay: 2\n", "/a", true, 2 * time.Second, 0},
		{"crawl delay capped", 200, "User-agent: *\nCrawl-delay: 3600\n", "/a", true, maxCrawlDelay, 0},
		{"sitemaps", 200, "Sitemap: /s1.xml\nSitemap: https://x.org/s2.xml\n", "/a", true, 0, 2},
		{"missing", 404, "", "/a", true, 0, 0},
		{"forbidden means no rules", 403, "", "/a", true, 0, 0},
		{"server error disallows", 503, "", "/a", false, 0, 0},
		{"garbage", 200, "\x00\x01 not robots", "/a", true, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t)
			s.handle("/robots.txt", func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(tt.status)
				w.Write([]byte(tt.body))
			})
			cfg := DefaultConfig(s.url("/"))
			cfg.Backoff = time.Millisecond
			cfg.Retries = 1
			pol := newPoliteness(&cfg, &http.Client{Timeout: time.Second}, slog.New(slog.DiscardHandler))
			u, _ := url.Parse(s.url(tt.path))
			ok, sitemaps, err := pol.allowed(context.Background(), u)
			if err != nil {
				t.Fatal(err)
			}
			if ok != tt.allowed || len(sitemaps) != tt.sitemaps {
				t.Errorf("allowed = %v with %d sitemaps, want %v with %d", ok, len(sitemaps), tt.allowed, tt.sitemaps)
			}
			if d := pol.host(u).crawlDelay; d != tt.crawlDelay {
				t.Errorf("crawl delay %v, want %v", d, tt.crawlDelay)
			}
			// Fetched once, then cached; sitemaps are reported once.
			if _, again, _ := pol.allowed(context.Background(), u); len(again) != 0 {
				t.Errorf("sitemaps reported twice")
			}
			wantHits := 1
			if tt.status >= 500 {
				wantHits = 2 // retried once
			}
			if n := s.hit("/robots.txt"); n != wantHits {
				t.Errorf("robots.txt fetched %d times, want %d", n, wantHits)
			}
		})
	}
}

func TestRobotsUnreachable(t *testing.T) {
	s := newSite(t)
	addr := s.url("/a")
	s.srv.Close()
	cfg := DefaultConfig(addr)
	pol := newPoliteness(&cfg, &http.Client{Timeout: time.Second}, slog.New(slog.DiscardHandler))
	u, _ := url.Parse(addr)
	for i := range maxRobotsUnreachable + 2 {
		ok, _, err := pol.allowed(context.Background(), u)
		if !ok || err != nil {
			t.Fatalf("call %d: allowed = %v, %v; want allowed while unreachable", i, ok, err)
		}
	}
	if h := pol.host(u); !h.robotsLoaded || h.robotsFailures != maxRobotsUnreachable {
		t.Errorf("loaded %v after %d failures", h.robotsLoaded, h.robotsFailures)
	}
}

func TestPolitenessSlowDown(t *testing.T) {
	cfg := DefaultConfig("http://x.test/")
	cfg.Rate = 0
	pol := newPoliteness(&cfg, http.DefaultClient, slog.New(slog.DiscardHandler))
	u, _ := url.Parse("http://x.test/a")
	pol.slowDown(u, 200*time.Millisecond)
	start := time.Now()
	release, err := pol.acquire(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	release()
	if d := time.Since(start); d < 190*time.Millisecond {
		t.Errorf("acquire after a 200ms pause waited %v", d)
	}
	if h := pol.host(u); h.penalty != firstPenalty {
		t.Errorf("penalty %v, want %v", h.penalty, firstPenalty)
	}
	pol.recovered(u)
	pol.recovered(u)
	pol.recovered(u)
	if h := pol.host(u); h.penalty != 0 {
		t.Errorf("penalty %v after recovery, want 0", h.penalty)
	}

	// A cancelled wait gives the slot back.
	pol.slowDown(u, time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := pol.acquire(ctx, u); err == nil {
		t.Fatal("acquire during a one-hour pause succeeded")
	}
	if n := len(pol.host(u).slots); n != 0 {
		t.Errorf("%d slots held after a cancelled acquire", n)
	}
}
