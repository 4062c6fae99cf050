package scraper_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/scraper"
)

func ExampleCrawl() {
	// A tiny site: a home page linking to two articles.
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><body><a href="/a/one">1</a> <a href="/a/two?utm_source=home">2</a></body></html>`)
	})
	mux.HandleFunc("/a/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<html><body><article>%s</article></body></html>`, r.URL.Path)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	cfg := scraper.DefaultConfig(srv.URL + "/")
	cfg.Rate = 0 // a local server needs no politeness
	// Real callers pass normalize.Extract bound to its options; this one
	// knows the site's two templates.
	cfg.Extract = func(ctx context.Context, in normalize.Input) (*normalize.Page, error) {
		base, _ := url.Parse(in.URL)
		pg := &normalize.Page{PageType: normalize.PageListing}
		if strings.HasPrefix(base.Path, "/a/") {
			pg.PageType = normalize.PageArticle
			return pg, nil
		}
		for _, href := range []string{"/a/one", "/a/two?utm_source=home"} {
			pg.Links = append(pg.Links, normalize.ResolveURL(base, href))
		}
		return pg, nil
	}
	var mu sync.Mutex
	var stored []string
	cfg.Sink = scraper.SinkFunc(func(ctx context.Context, r scraper.Result) (scraper.Outcome, error) {
		mu.Lock()
		defer mu.Unlock()
		stored = append(stored, strings.TrimPrefix(r.URL, srv.URL))
		return scraper.Stored, nil
	})

	sum, err := scraper.Crawl(context.Background(), cfg)
	if err != nil {
		fmt.Println("crawl:", err)
		return
	}
	fmt.Println("pages fetched:", sum.PagesFetched)
	fmt.Println("articles stored:", sum.Stored, "non-article:", sum.NonArticle)
	fmt.Println("records:", len(stored))
	// Output:
	// pages fetched: 3
	// articles stored: 2 non-article: 1
	// records: 2
}
