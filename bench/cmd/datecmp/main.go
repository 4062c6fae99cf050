// Command datecmp measures date finders on an evaluation set: the
// extractor's own cascade, go-htmldate (fast and extensive modes), and the
// cascade with go-htmldate as a fallback where it finds nothing. It prints
// the share of pages whose publication day matches the truth and the
// pages per second of each.
//
//	go run ./cmd/datecmp [-type article] [-list] DATASET
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/ingest-archive/ingest/eval"
	"github.com/ingest-archive/ingest/normalize"
	"github.com/markusmobius/go-htmldate"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

func main() {
	typ := flag.String("type", "", "only cases of this page type")
	list := flag.Bool("list", false, "list on stderr the pages only go-htmldate dates right")
	flag.Parse()
	if err := run(flag.Arg(0), *typ, *list); err != nil {
		fmt.Fprintln(os.Stderr, "datecmp:", err)
		os.Exit(1)
	}
}

type finder struct {
	name string
	find func(c *eval.Case, page []byte) string
	ok   int
	dur  time.Duration
}

func htmldateFinder(extensive bool) func(*eval.Case, []byte) string {
	return func(c *eval.Case, page []byte) string {
		r, err := charset.NewReader(bytes.NewReader(page), "")
		if err != nil {
			return ""
		}
		doc, err := html.Parse(r)
		if err != nil {
			return ""
		}
		res, err := htmldate.FromDocument(doc, htmldate.Options{URL: c.URL, UseOriginalDate: true, SkipExtensiveSearch: !extensive})
		if err != nil || res.IsZero() {
			return ""
		}
		return res.DateTime.Format(time.DateOnly)
	}
}

func ours(c *eval.Case, page []byte) string {
	p, err := normalize.Extract(context.Background(), normalize.Input{URL: c.PageURL(), Body: page}, normalize.Options{})
	if err != nil {
		return ""
	}
	return p.Record.Published
}

func run(dir, typ string, list bool) error {
	ds, err := eval.LoadDataset(dir)
	if err != nil {
		return err
	}
	fast, ext := htmldateFinder(false), htmldateFinder(true)
	finders := []*finder{
		{name: "ours", find: ours},
		{name: "htmldate-fast", find: fast},
		{name: "htmldate-extensive", find: ext},
		{name: "ours+htmldate-fast-fallback", find: func(c *eval.Case, p []byte) string {
			if d := ours(c, p); d != "" {
				return d
			}
			return fast(c, p)
		}},
		{name: "ours+htmldate-extensive-fallback", find: func(c *eval.Case, p []byte) string {
			if d := ours(c, p); d != "" {
				return d
			}
			return ext(c, p)
		}},
	}
	n := 0
	for _, c := range ds.Select(typ) {
		if c.Expect.Date == nil {
			continue
		}
		page, err := c.HTML()
		if err != nil {
			return err
		}
		n++
		want := *c.Expect.Date
		hit := map[string]string{}
		for _, f := range finders {
			start := time.Now()
			got := f.find(c, page)
			f.dur += time.Since(start)
			if len(got) >= 10 && len(want) >= 10 && got[:10] == want[:10] {
				f.ok++
				hit[f.name] = got
			}
		}
		if list && hit["ours"] == "" && hit["htmldate-extensive"] != "" {
			fmt.Fprintln(os.Stderr, "htmldate only:", c.ID, want)
		}
	}
	for _, f := range finders {
		fmt.Printf("%-30s date=%.3f n=%d pages_per_s=%.1f\n", f.name, float64(f.ok)/float64(n), n, float64(n)/f.dur.Seconds())
	}
	return nil
}
