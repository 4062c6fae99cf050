package scraper

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// trapSite has two endless traps (a calendar whose URLs differ in path
// numbers, an events page whose URLs differ in a query value) and a real
// pagination, 1,000 pages deep, whose every page brings a new article.
type trapSite struct {
	mu   sync.Mutex
	hits map[string]int // by first path segment
}

const paginationDepth = 1000

func (s *trapSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	s.mu.Lock()
	s.hits[parts[0]]++
	s.mu.Unlock()
	nav := `<a href="/">Home</a> <a href="/about">About</a>`
	switch {
	case r.URL.Path == "/":
		fmt.Fprintf(w, `<html><body>%s <a href="/calendar/2026/1">Calendar</a> <a href="/events?day=1">Events</a> <a href="/page/1">Archive</a></body></html>`, nav)
	case r.URL.Path == "/about":
		fmt.Fprintf(w, `<html><body>%s</body></html>`, nav)
	case parts[0] == "calendar" && len(parts) == 3:
		y, _ := strconv.Atoi(parts[1])
		m, _ := strconv.Atoi(parts[2])
		py, pm, ny, nm := y, m-1, y, m+1
		if pm == 0 {
			py, pm = y-1, 12
		}
		if nm == 13 {
			ny, nm = y+1, 1
		}
		fmt.Fprintf(w, `<html><body>%s <a href="/calendar/%d/%d">prev</a> <a href="/calendar/%d/%d">next</a> No events.</body></html>`, nav, py, pm, ny, nm)
	case parts[0] == "events":
		d, _ := strconv.Atoi(r.URL.Query().Get("day"))
		fmt.Fprintf(w, `<html><body>%s <a href="/events?day=%d">previous day</a> <a href="/events?day=%d">next day</a></body></html>`, nav, d-1, d+1)
	case parts[0] == "page" && len(parts) == 2:
		n, _ := strconv.Atoi(parts[1])
		if n < 1 || n > paginationDepth {
			http.NotFound(w, r)
			return
		}
		next := ""
		if n < paginationDepth {
			next = fmt.Sprintf(`<a href="/page/%d">Older</a>`, n+1)
		}
		fmt.Fprintf(w, `<html><body>%s <a href="/post/%d">Post %d</a> %s</body></html>`, nav, n, n, next)
	case parts[0] == "post":
		fmt.Fprintf(w, `<html><body>%s <article><h1>Post %s</h1><p>Text.</p></article></body></html>`, nav, parts[1])
	default:
		http.NotFound(w, r)
	}
}

// TestTrapsCutAndPaginationFollowed crawls a site with two endless traps
// and a 1,000-page pagination: each trap costs at most 60 requests, and
// every listing page and every article is fetched.
func TestTrapsCutAndPaginationFollowed(t *testing.T) {
	site := &trapSite{hits: map[string]int{}}
	srv := httptest.NewServer(site)
	defer srv.Close()
	sink := newMemSink()
	cfg := testConfig(sink, srv.URL+"/")
	cfg.Concurrency = 4
	sum := crawl(t, cfg)

	site.mu.Lock()
	defer site.mu.Unlock()
	for _, trap := range []string{"calendar", "events"} {
		if n := site.hits[trap]; n > 60 || n < cfg.TrapPages {
			t.Errorf("%d requests in the %s trap; want %d to 60", n, trap, cfg.TrapPages)
		}
	}
	if n := site.hits["page"]; n != paginationDepth {
		t.Errorf("%d listing pages fetched; want all %d", n, paginationDepth)
	}
	if sum.Stored != paginationDepth {
		t.Errorf("%d articles stored; want %d", sum.Stored, paginationDepth)
	}
	// Each trap runs both ways from its first page: two chains, each cut
	// once.
	if sum.TrapsCut != 4 {
		t.Errorf("%d URLs cut as traps; want one per direction of each trap", sum.TrapsCut)
	}
	if !strings.Contains(sum.String(), "4 cut as traps") {
		t.Errorf("summary does not say how many URLs were cut:\n%s", sum)
	}
	t.Logf("calendar %d, events %d requests; %d listing pages", site.hits["calendar"], site.hits["events"], site.hits["page"])
}

func TestShape(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"https://x.org/calendar/2026/1", "https://x.org/calendar/2027/12", true},
		{"https://x.org/events?day=1", "https://x.org/events?day=tuesday", true},
		{"https://x.org/search?q=a&page=2", "https://x.org/search?page=3&q=b", true},
		{"https://x.org/page/2", "https://x.org/post/2", false},
		{"https://x.org/2024/05/river-plan", "https://x.org/2024/06/harbour-plan", false},
		{"https://x.org/events?day=1", "https://x.org/events?week=1", false},
		{"https://x.org/a", "https://y.org/a", false},
	} {
		if got := shape(c.a) == shape(c.b); got != c.same {
			t.Errorf("same shape %s, %s = %v; want %v", c.a, c.b, got, c.same)
		}
	}
}
