package scraper

import (
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestParseLastmod(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339 in UTC; "" means not readable
	}{
		{"2024-03-01", "2024-03-02T11:59:59.999999999Z"},
		{" 2024-03-01\n", "2024-03-02T11:59:59.999999999Z"},
		{"2024-02", "2024-03-01T11:59:59.999999999Z"},
		{"2024", "2025-01-01T11:59:59.999999999Z"},
		{"2024-03-01T10:20Z", "2024-03-01T10:20:59.999999999Z"},
		{"2024-03-01T10:20+02:00", "2024-03-01T08:20:59.999999999Z"},
		{"2024-03-01T10:20:30Z", "2024-03-01T10:20:30.999999999Z"},
		{"2024-03-01T10:20:30-05:00", "2024-03-01T15:20:30.999999999Z"},
		{"2024-03-01T10:20:30.45+01:00", "2024-03-01T09:20:30.45Z"},
		{"2024-03-01 10:20:30+00:00", "2024-03-01T10:20:30.999999999Z"},
		{"2024-03-01T10:20:30", "2024-03-01T22:20:30.999999999Z"},
		{"2024-03-01 10:20:30", "2024-03-01T22:20:30.999999999Z"},
		{"2024-03-01T10:20", "2024-03-01T22:20:59.999999999Z"},
		{"", ""},
		{"yesterday", ""},
		{"01/03/2024", ""},
		{"2024-13-01", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseLastmod(tt.in)
			if tt.want == "" {
				if ok {
					t.Errorf("parseLastmod(%q) = %v, want not readable", tt.in, got)
				}
				return
			}
			want, _ := time.Parse(time.RFC3339Nano, tt.want)
			if !ok || !got.Equal(want) || got.Location() != time.UTC {
				t.Errorf("parseLastmod(%q) = %v, %v; want %v", tt.in, got, ok, want)
			}
		})
	}
}

func TestParseSitemapLastmod(t *testing.T) {
	body := `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><lastmod>2024-03-01</lastmod><loc>https://x.org/a</loc></url>
<url><loc>https://x.org/b</loc><news:news><lastmod>2030-01-01</lastmod></news:news></url>
<url><loc>https://x.org/c</loc><lastmod>not a date</lastmod></url>
<url><loc>https://x.org/d</loc><lastmod>2024-03-02T09:00:00.5+01:00</lastmod></url>
<url><lastmod>2024-03-03</lastmod></url>
</urlset>`
	entries, _, err := parseSitemap([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range entries {
		got[e.Loc] = ""
		if !e.Lastmod.IsZero() {
			got[e.Loc] = e.Lastmod.Format(time.RFC3339)
		}
	}
	want := map[string]string{
		"https://x.org/a": "2024-03-02T11:59:59Z",
		"https://x.org/b": "", // a nested <lastmod> is not the entry's
		"https://x.org/c": "",
		"https://x.org/d": "2024-03-02T08:00:00Z", // formatted to the second
	}
	if !maps.Equal(got, want) {
		t.Errorf("entries = %v, want %v", got, want)
	}
}

// TestCrawlLastmodAndSkip checks the two hooks: Lastmod hears every
// sitemap entry that has a date, with its canonical URL, and a URL Skip
// reports is done without a request and counted once.
func TestCrawlLastmodAndSkip(t *testing.T) {
	s := newSite(t)
	s.serveAs("/robots.txt", "text/plain", []byte("User-agent: *\nAllow: /\n"))
	for i := 1; i <= 3; i++ {
		s.html(fmt.Sprintf("/a/%d", i), page(fmt.Sprint(i), true))
	}
	s.serveAs("/sitemap.xml", "application/xml", []byte(`<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>`+s.url("/a/1")+`?utm_source=x</loc><lastmod>2024-03-01</lastmod></url>
<url><loc>/a/2</loc><lastmod>2024-03-02T10:00:00Z</lastmod></url>
<url><loc>/a/3</loc></url>
</urlset>`))

	t.Run("hooks off", func(t *testing.T) {
		sink := newMemSink()
		sum := crawl(t, testConfig(sink, s.url("/sitemap.xml")))
		if len(sink.urls()) != 3 || sum.SkippedFresh != 0 {
			t.Errorf("articles %v, SkippedFresh %d", sink.urls(), sum.SkippedFresh)
		}
	})

	t.Run("hooks on", func(t *testing.T) {
		before := s.hit("/a/1")
		var mu sync.Mutex
		lastmods := map[string]time.Time{}
		var asked []string
		sink := newMemSink()
		cfg := testConfig(sink, s.url("/sitemap.xml"))
		cfg.Lastmod = func(u string, lm time.Time) {
			mu.Lock()
			defer mu.Unlock()
			lastmods[u] = lm
		}
		cfg.Skip = func(u string) bool {
			mu.Lock()
			defer mu.Unlock()
			asked = append(asked, u)
			return u == s.url("/a/1")
		}
		sum := crawl(t, cfg)

		wantMods := map[string]time.Time{
			s.url("/a/1"): time.Date(2024, 3, 2, 11, 59, 59, 999999999, time.UTC), // the day's end in UTC−12
			s.url("/a/2"): time.Date(2024, 3, 2, 10, 0, 0, 999999999, time.UTC),
		}
		mu.Lock()
		defer mu.Unlock()
		if !maps.EqualFunc(lastmods, wantMods, time.Time.Equal) {
			t.Errorf("lastmods = %v, want %v", lastmods, wantMods)
		}
		slices.Sort(asked)
		if want := []string{s.url("/a/1"), s.url("/a/2"), s.url("/a/3"), s.url("/sitemap.xml")}; !slices.Equal(asked, want) {
			t.Errorf("Skip asked about %v, want %v", asked, want)
		}
		if n := s.hit("/a/1") - before; n != 0 {
			t.Errorf("skipped URL requested %d times", n)
		}
		if got, want := sink.urls(), []string{s.url("/a/2"), s.url("/a/3")}; !slices.Equal(got, want) {
			t.Errorf("articles = %v, want %v", got, want)
		}
		if sum.SkippedFresh != 1 || sum.PagesFetched != 3 || sum.ErrorCount() != 0 {
			t.Errorf("summary: %+v", sum)
		}
	})
}
