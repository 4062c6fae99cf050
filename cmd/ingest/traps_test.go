package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// TestCrawlCutsCalendarTrap crawls, with the real extractor, a site whose
// calendar runs forever beside a 200-page archive: the calendar costs at
// most 60 requests, every archive page and article is fetched, and the
// summary says how many URLs were cut.
func TestCrawlCutsCalendarTrap(t *testing.T) {
	const pages = 200
	var calendar, listing atomic.Int64
	nav := `<nav><a href="/">Home</a> <a href="/calendar/2026/1">Calendar</a> <a href="/page/1">Archive</a></nav>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch {
		case r.URL.Path == "/":
			fmt.Fprintf(w, `<html><head><title>Review</title></head><body>%s<h1>Latest</h1></body></html>`, nav)
		case parts[0] == "calendar" && len(parts) == 3:
			calendar.Add(1)
			y, _ := strconv.Atoi(parts[1])
			m, _ := strconv.Atoi(parts[2])
			fmt.Fprintf(w, `<html><head><title>Events %d/%d</title></head><body>%s<h1>Events in %d/%d</h1><p>No events.</p><a href="/calendar/%d/%d">Next month</a></body></html>`,
				m, y, nav, m, y, y+m/12, m%12+1)
		case parts[0] == "page" && len(parts) == 2:
			listing.Add(1)
			n, _ := strconv.Atoi(parts[1])
			if n < 1 || n > pages {
				http.NotFound(w, r)
				return
			}
			next := ""
			if n < pages {
				next = fmt.Sprintf(`<a rel="next" href="/page/%d">Older</a>`, n+1)
			}
			fmt.Fprintf(w, `<html><head><title>Archive page %d</title></head><body>%s<h1>Archive</h1><ul><li><a href="/posts/essay-number-%d">Essay %d</a></li></ul>%s</body></html>`, n, nav, n, n, next)
		case parts[0] == "posts":
			fmt.Fprintf(w, `<html><head><title>Essay</title></head><body>%s<article><h1>An essay, part %s</h1>
<p class="byline">By Anna Petrova</p><time datetime="2024-03-05">5 March 2024</time>
<p>%s</p></article></body></html>`, nav, parts[1], essayText(parts[1]))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	db := filepath.Join(t.TempDir(), "a.db")
	code, stdout, stderr := runCLI(t, "", "crawl", "--db", db, "--rate", "0", "--concurrency", "4", srv.URL+"/")
	if code != 0 {
		t.Fatalf("crawl: exit %d: %s", code, stderr)
	}
	if n := calendar.Load(); n > 60 {
		t.Errorf("%d requests in the endless calendar; want at most 60", n)
	}
	if n := listing.Load(); n != pages {
		t.Errorf("%d archive pages fetched; want all %d", n, pages)
	}
	if !strings.Contains(stdout, fmt.Sprintf("articles:  %d stored", pages)) {
		t.Errorf("want %d articles stored:\n%s", pages, stdout)
	}
	if !strings.Contains(stdout, "1 cut as traps") {
		t.Errorf("the summary does not count the URL cut:\n%s", stdout)
	}
	t.Logf("calendar %d requests, archive %d pages", calendar.Load(), listing.Load())
}

// essayText is a paragraph of about 80 words that differs from page to
// page in its words, not only in its numbers.
func essayText(seed string) string {
	words := strings.Fields(`river council plan embankment landing stage towpath ferry market mill
brewery customs house quay barge warehouse office flat view road transport policy numbers bridge
rush hour invitation shape street stage set resident cargo evening noise water work car park spring
debate grant cyclist budget harbour village county border trade court vote union bank loan rate`)
	h := 0
	for _, c := range seed {
		h = h*31 + int(c)
	}
	var b strings.Builder
	for i := range 80 {
		h = (h*1103515245 + 12345) & 0x7fffffff
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[h%len(words)])
	}
	b.WriteByte('.')
	return b.String()
}
