// Command dateparse measures the string-to-date step on the date
// candidates of an evaluation set's pages: the extractor's own parser
// against go-dateparser's Parse and Search with the page's language as
// a hint. Candidates are the short texts holding a year (as the
// extractor's scan collects them), <time datetime> and date-like <meta>
// values. It prints, per parser, the share of pages whose true day is
// among the days it reads from the candidates, the share of candidates
// it reads, and the microseconds per candidate.
//
//	go run ./cmd/dateparse DATASET
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/ingest-archive/ingest/eval"
	"github.com/ingest-archive/ingest/normalize"
	dps "github.com/markusmobius/go-dateparser"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

func main() {
	flag.IntVar(&maxPages, "pages", 0, "read at most this many pages with a date")
	flag.Parse()
	if err := run(flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "dateparse:", err)
		os.Exit(1)
	}
}

var yearRe = regexp.MustCompile(`(?:^|\D)(?:199\d|20[0-3]\d)(?:\D|$)`)

// candidates returns the page's language and its date candidates.
func candidates(page []byte) (string, []string) {
	r, err := charset.NewReader(bytes.NewReader(page), "")
	if err != nil {
		return "", nil
	}
	doc, err := html.Parse(r)
	if err != nil {
		return "", nil
	}
	lang := ""
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			if t := strings.TrimSpace(n.Data); len(t) >= 6 && len(t) <= 80 && yearRe.MatchString(t) {
				out = append(out, t)
			}
		case html.ElementNode:
			switch n.Data {
			case "script", "style", "noscript":
				return
			case "html":
				lang = attr(n, "lang")
			case "time":
				if v := attr(n, "datetime"); v != "" {
					out = append(out, v)
				}
			case "meta":
				k := strings.ToLower(attr(n, "property") + attr(n, "name") + attr(n, "itemprop"))
				if strings.Contains(k, "date") || strings.Contains(k, "time") || strings.Contains(k, "publish") {
					if v := attr(n, "content"); v != "" && yearRe.MatchString(v) {
						out = append(out, v)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(out) > 200 {
		out = out[:200]
	}
	return lang, out
}

func attr(n *html.Node, k string) string {
	for _, a := range n.Attr {
		if a.Key == k {
			return a.Val
		}
	}
	return ""
}

type parser struct {
	name       string
	parse      func(lang, s string) []string // days read from s
	pagesFound int
	read, all  int
	dur        time.Duration
}

// panics counts the candidates go-dateparser's Search panicked on.
var panics int

// maxPages bounds the pages read, 0 for all.
var maxPages int

func run(dir string) error {
	ds, err := eval.LoadDataset(dir)
	if err != nil {
		return err
	}
	cfg := func(lang string) *dps.Configuration {
		c := &dps.Configuration{CurrentTime: time.Now(), DateOrder: dps.DMY, DefaultTimezone: time.UTC}
		if l, _, _ := strings.Cut(strings.ToLower(lang), "-"); l != "" && dps.IsKnownLocale(l) {
			c.Languages = []string{l}
		}
		return c
	}
	parsers := []*parser{
		{name: "ours", parse: func(_, s string) []string {
			if d := normalize.SlotDate(s); d != "" {
				return []string{d[:10]}
			}
			return nil
		}},
		{name: "go-dateparser Parse", parse: func(lang, s string) []string {
			d, err := dps.Parse(cfg(lang), s)
			if err != nil || d.IsZero() {
				return nil
			}
			return []string{d.Time.Format(time.DateOnly)}
		}},
		{name: "go-dateparser Search", parse: func(lang, s string) (out []string) {
			defer func() {
				if recover() != nil {
					panics++
					out = nil
				}
			}()
			_, res, err := dps.Search(cfg(lang), s)
			if err != nil {
				return nil
			}
			for _, r := range res {
				if !r.Date.IsZero() {
					out = append(out, r.Date.Time.Format(time.DateOnly))
				}
			}
			return out
		}},
	}
	n := 0
	for _, c := range ds.Cases {
		if maxPages > 0 && n >= maxPages {
			break
		}
		if c.Expect.Date == nil || len(*c.Expect.Date) < 10 {
			continue
		}
		page, err := c.HTML()
		if err != nil {
			return err
		}
		lang, cands := candidates(page)
		if lang == "" {
			lang = c.Expect.Lang
		}
		n++
		want := (*c.Expect.Date)[:10]
		for _, p := range parsers {
			found := false
			start := time.Now()
			for _, s := range cands {
				days := p.parse(lang, s)
				p.all++
				if len(days) > 0 {
					p.read++
				}
				for _, d := range days {
					found = found || d == want
				}
			}
			p.dur += time.Since(start)
			if found {
				p.pagesFound++
			}
		}
	}
	fmt.Printf("go-dateparser Search panicked on %d candidates\n", panics)
	for _, p := range parsers {
		fmt.Printf("%-22s pages_with_true_day=%.3f candidates_read=%.3f us_per_candidate=%.1f (n=%d pages, %d candidates)\n",
			p.name, float64(p.pagesFound)/float64(n), float64(p.read)/float64(p.all), float64(p.dur.Microseconds())/float64(p.all), n, p.all)
	}
	return nil
}
