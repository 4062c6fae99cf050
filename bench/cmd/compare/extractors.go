package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/ingest-archive/ingest/eval"
	"github.com/ingest-archive/ingest/normalize"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// extractor is one contestant of the comparison.
type extractor struct {
	// name is the --only name and the predictions file name.
	name string
	// label heads the extractor's column.
	label string
	// extract turns one saved page into a record for eval.NewPrediction,
	// timing only the extractor's own work on sw.
	extract func(ctx context.Context, c *eval.Case, page []byte, sw *stopwatch) (any, error)
}

// extractors are the contestants in table order.
var extractors = []extractor{
	{name: "ours", label: "ours (normalize)", extract: extractOurs},
	{name: "trafilatura", label: "go-trafilatura", extract: extractTrafilatura},
	{name: "readability", label: "go-readability", extract: extractReadability},
}

func extractorNames() []string {
	out := make([]string, len(extractors))
	for i, e := range extractors {
		out[i] = e.name
	}
	return out
}

func extractorByName(name string) (extractor, bool) {
	for _, e := range extractors {
		if e.name == name {
			return e, true
		}
	}
	return extractor{}, false
}

// stopwatch sums the elapsed time and the process CPU time spent in the
// extractors' own calls. The CPU time is the whole process's, so it is the
// extractor's only while one page is extracted at a time; it includes the
// garbage collector's work on other threads, which the extractor causes.
// A stopwatch is safe for concurrent use.
type stopwatch struct{ wall, cpu atomic.Int64 }

// time runs f and adds its durations, also when f panics.
func (s *stopwatch) time(f func()) {
	t, c := time.Now(), cpuTime()
	defer func() {
		s.wall.Add(int64(time.Since(t)))
		s.cpu.Add(int64(cpuTime() - c))
	}()
	f()
}

// Wall is the elapsed time summed so far.
func (s *stopwatch) Wall() time.Duration { return time.Duration(s.wall.Load()) }

// CPU is the CPU time summed so far, 0 where it is not measured.
func (s *stopwatch) CPU() time.Duration { return time.Duration(s.cpu.Load()) }

// peerRecord is what a peer's result becomes: the fields the scores read,
// plus a few more for whoever inspects the predictions file.
type peerRecord struct {
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Authors   []string `json:"authors"`
	Published string   `json:"published"`
	Text      string   `json:"text"`
	Markdown  string   `json:"markdown"`
	Lang      string   `json:"lang,omitempty"`
	SiteName  string   `json:"site_name,omitempty"`
}

// extractOurs calls the product's extractor exactly as `ingest eval` does.
func extractOurs(ctx context.Context, c *eval.Case, page []byte, sw *stopwatch) (any, error) {
	var p *normalize.Page
	var err error
	sw.time(func() {
		p, err = normalize.Extract(ctx, normalize.Input{URL: c.PageURL(), Body: page}, normalize.Options{})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// trafilaturaOptions are go-trafilatura's settings: its fallbacks on (so
// its publication date search runs in its extensive mode), links kept so
// the Markdown has them, comments extracted apart and left out of the text.
func trafilaturaOptions(pageURL *url.URL) trafilatura.Options {
	return trafilatura.Options{
		OriginalURL:    pageURL,
		EnableFallback: true,
		IncludeLinks:   true,
	}
}

// extractTrafilatura runs go-trafilatura on the bytes as served; it
// detects the charset itself.
func extractTrafilatura(ctx context.Context, c *eval.Case, page []byte, sw *stopwatch) (any, error) {
	u := pageURL(c)
	var res *trafilatura.ExtractResult
	var err error
	sw.time(func() {
		res, err = trafilatura.Extract(bytes.NewReader(page), trafilaturaOptions(u))
	})
	if err != nil {
		return nil, fmt.Errorf("trafilatura: %w", err)
	}
	md, err := toMarkdown(ctx, res.ContentNode, c.URL)
	if err != nil {
		return nil, fmt.Errorf("trafilatura: %w", err)
	}
	m := res.Metadata
	return peerRecord{
		URL:       c.URL,
		Title:     m.Title,
		Authors:   splitAuthors(m.Author),
		Published: formatTime(m.Date),
		Text:      res.ContentText,
		Markdown:  md,
		Lang:      m.Language,
		SiteName:  m.Sitename,
	}, nil
}

// extractReadability runs go-readability on the page decoded to UTF-8 by
// normalize.Decode, as a browser would hand it the document.
func extractReadability(ctx context.Context, c *eval.Case, page []byte, sw *stopwatch) (any, error) {
	u := pageURL(c)
	var art readability.Article
	var err error
	var text string
	sw.time(func() {
		utf8Page, _ := normalize.Decode(page, nil)
		var doc *html.Node
		if doc, err = html.Parse(bytes.NewReader(utf8Page)); err != nil {
			return
		}
		parser := readability.NewParser()
		if art, err = parser.ParseAndMutate(doc, u); err != nil || art.Node == nil {
			return
		}
		var b strings.Builder
		err = art.RenderText(&b)
		text = b.String()
	})
	if err != nil {
		return nil, fmt.Errorf("readability: %w", err)
	}
	md, err := toMarkdown(ctx, art.Node, c.URL)
	if err != nil {
		return nil, fmt.Errorf("readability: %w", err)
	}
	published := ""
	if t, err := art.PublishedTime(); err == nil {
		published = formatTime(t)
	}
	return peerRecord{
		URL:       c.URL,
		Title:     art.Title(),
		Authors:   splitAuthors(art.Byline()),
		Published: published,
		Text:      text,
		Markdown:  md,
		Lang:      art.Language(),
		SiteName:  art.SiteName(),
	}, nil
}

// pageURL parses the case URL for the peers, or gives nil when the case
// has no usable URL (a few saved pages come without one): both peers then
// leave relative links as they are.
func pageURL(c *eval.Case) *url.URL {
	u, err := url.Parse(c.URL)
	if err != nil || u.Host == "" {
		return nil
	}
	return u
}

// splitAuthors turns a peer's author string into a list. go-trafilatura
// joins several names with "; "; a byline stays one entry. The scores join
// the list with "; " again, so the split changes no figure.
func splitAuthors(s string) []string {
	out := []string{}
	for _, a := range strings.Split(s, ";") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// formatTime writes a peer's date: the day alone when it carries no time
// of day, RFC 3339 otherwise, in the zone the peer gave (the scores read
// the day only).
func formatTime(t time.Time) string {
	switch {
	case t.IsZero():
		return ""
	case t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0:
		return t.Format(time.DateOnly)
	default:
		return t.Format(time.RFC3339)
	}
}
