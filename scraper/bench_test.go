package scraper

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkCrawl crawls a local site of 500 articles behind 25 listing
// pages with no rate limit and reports pages per second.
func BenchmarkCrawl(b *testing.B) {
	const articles, perList = 500, 20
	body := strings.Repeat("<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>", 60)
	mux := http.NewServeMux()
	mux.HandleFunc("/list/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		var links []string
		for i := n * perList; i < (n+1)*perList && i < articles; i++ {
			links = append(links, fmt.Sprintf("/a/%d", i))
		}
		if (n+1)*perList < articles {
			links = append(links, fmt.Sprintf("/list/%d", n+1))
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page("List", false, links...))
	})
	mux.HandleFunc("/a/{n}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, "<html><head><title>%s</title></head><body><article>%s</article><a href=\"/list/0\">home</a></body></html>",
			r.PathValue("n"), body)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	cfg := DefaultConfig(srv.URL + "/list/0")
	cfg.Rate = 0
	cfg.Concurrency = 8
	cfg.Extract = fakeExtract
	var fetched int
	var elapsed time.Duration
	for b.Loop() {
		cfg.Sink = newMemSink()
		cfg.Frontier = nil
		sum, err := Crawl(context.Background(), cfg)
		if err != nil || sum.Stored != articles {
			b.Fatalf("%v\n%s", err, sum)
		}
		fetched += sum.PagesFetched
		elapsed += sum.Duration
	}
	b.ReportMetric(float64(fetched)/elapsed.Seconds(), "pages/s")
}
