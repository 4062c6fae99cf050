package scraper

import (
	"context"
	"slices"
	"sync"
	"testing"
)

// aliasSink is a memSink that also implements AliasSink, like the archive.
type aliasSink struct {
	*memSink
	mu    sync.Mutex
	calls int
}

func (s *aliasSink) Alias(_ context.Context, target string, aliases []string) (bool, error) {
	s.mu.Lock()
	s.calls++
	s.mu.Unlock()
	r := s.get(target)
	if r == nil {
		return false, nil
	}
	s.memSink.mu.Lock()
	defer s.memSink.mu.Unlock()
	for _, a := range aliases {
		if !slices.Contains(r.Aliases, a) {
			r.Aliases = append(r.Aliases, a)
		}
	}
	return true, nil
}

// TestNonArticleAlternateKeptAsAlias checks that a print view which is not
// classified as an article, but names the article as its canonical URL,
// ends up as an alias of the article whether it is fetched before or
// after the article.
func TestNonArticleAlternateKeptAsAlias(t *testing.T) {
	for _, order := range []string{"print first", "article first"} {
		t.Run(order, func(t *testing.T) {
			s := newSite(t)
			links := []string{"/print/p", "/a/p"}
			if order == "article first" {
				links = []string{"/a/p"}
				s.html("/a/p", `<html><head><link rel="canonical" href="/a/p"></head><body><article>P</article><a href="/print/p">print</a></body></html>`)
			} else {
				s.html("/a/p", `<html><head><link rel="canonical" href="/a/p"></head><body><article>P</article></body></html>`)
			}
			s.html("/", page("Home", false, links...))
			// No <article>: the fake extractor calls it a listing.
			s.html("/print/p", `<html><head><link rel="canonical" href="/a/p"></head><body><p>P</p></body></html>`)
			sink := &aliasSink{memSink: newMemSink()}
			cfg := testConfig(sink, s.url("/"))
			cfg.Concurrency = 1
			crawl(t, cfg)
			r := sink.get(s.url("/a/p"))
			if r == nil {
				t.Fatalf("no record for /a/p; have %v", sink.urls())
			}
			if !slices.Contains(r.Aliases, s.url("/print/p")) {
				t.Errorf("aliases %v lack the print view", r.Aliases)
			}
			if sink.get(s.url("/print/p")) != nil {
				t.Error("the print view became a record of its own")
			}
		})
	}
}
