package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/site"
	"github.com/ingest-archive/ingest/storage"
)

// learnResult is what learning one site and applying its model did.
type learnResult struct {
	Host      string
	Pages     int // pages learned from
	Templates int // templates with a rule
	Checked   int // pages the model could change, extracted again
	Added     int // pages that became articles
	Removed   int // records that were not articles
	Unmerged  int // pages merged into a record as duplicates that were not articles
	Revised   int // records whose text changed
	Refreshed int // records whose metadata changed
	Duration  time.Duration
}

func (r learnResult) String() string {
	return fmt.Sprintf("site model %s: learned from %d pages in %s (%d templates with rules); %d pages re-extracted: %d new articles, %d records removed as non-articles, %d listings taken out of records, %d revised, %d refreshed",
		r.Host, r.Pages, r.Duration.Round(time.Millisecond), r.Templates, r.Checked, r.Added, r.Removed, r.Unmerged, r.Revised, r.Refreshed)
}

// minLearnPages is the least number of pages a site model is learned
// from: below it, the pages decide alone.
const minLearnPages = 8

// learnBatch is how many re-extracted records are rebuilt per transaction.
const learnBatch = 200

// learnSite learns the model of host from the facts stored for its pages,
// stores it, and applies it to the pages it can change: their stored raw
// pages are extracted again, without the network.
func learnSite(ctx context.Context, db *storage.DB, host string, opts normalize.Options, models *siteModels, force bool, log *slog.Logger) (learnResult, error) {
	start := time.Now()
	res := learnResult{Host: host}
	rules, pages, err := learnRules(ctx, db, host, true)
	res.Pages = pages
	if err != nil || pages < minLearnPages {
		res.Duration = time.Since(start)
		return res, err
	}
	for _, t := range rules.Templates {
		if t.HasRule() {
			res.Templates++
		}
	}
	old, interim := models.forHost(host), models.interim(host)
	if err := db.PutSiteModel(ctx, storage.SiteModel{Host: host, LearnedAt: time.Now().UTC(), Pages: pages, Rules: rules}); err != nil {
		return res, err
	}
	model := normalize.NewSiteModel(rules)
	models.set(host, model)
	if old != nil && !interim && !force && sameRules(old.SiteRules, rules) {
		// The pages were extracted with this very model.
		res.Duration = time.Since(start)
		return res, nil
	}
	// The pages the new model changes, and those a model learned during
	// the crawl changed: they are extracted again with the new one.
	var affected []string
	if err := db.EachFacts(ctx, host, func(f *normalize.Facts) error {
		if model.Affects(f) || old != nil && old.Affects(f) {
			affected = append(affected, f.URL)
		}
		return nil
	}); err != nil {
		return res, fmt.Errorf("learn %s: %w", host, err)
	}
	err = applyModel(ctx, db, affected, opts, model, log, &res)
	res.Duration = time.Since(start)
	return res, err
}

// learnRules learns the rules of host from the facts stored for its
// pages, with texts the texts of its boilerplate read from a few of them
// (for people: the model applies by their hashes). It returns the number
// of pages learned from; below minLearnPages the rules are empty.
func learnRules(ctx context.Context, db *storage.DB, host string, texts bool) (normalize.SiteRules, int, error) {
	l := site.NewLearner()
	if err := db.EachFacts(ctx, host, func(f *normalize.Facts) error {
		l.Add(f)
		return nil
	}); err != nil {
		return normalize.SiteRules{}, 0, fmt.Errorf("learn %s: %w", host, err)
	}
	if l.Pages() < minLearnPages {
		return normalize.SiteRules{}, l.Pages(), nil
	}
	rules := l.Rules()
	if !texts {
		return rules, l.Pages(), nil
	}
	site.ResolveTexts(&rules, l.BlockPages(rules), func(u string) map[uint32]string {
		p, err := db.OwnPage(ctx, u)
		if err != nil {
			return nil
		}
		m, err := normalize.BlockTexts(normalize.Input{URL: u, Header: p.Header, Body: p.Body})
		if err != nil {
			return nil
		}
		return m
	})
	return rules, l.Pages(), nil
}

// applyModel extracts the given pages again with the model and stores what
// changed: records are rebuilt, or removed when they are not articles,
// listings are taken out of the records they were merged into, and pages
// that became articles are stored as new records.
func applyModel(ctx context.Context, db *storage.DB, urls []string, opts normalize.Options, model *normalize.SiteModel, log *slog.Logger, res *learnResult) error {
	o := opts
	o.Site = model
	a := &applier{db: db, opts: o, log: log, res: res, queue: urls}
	return a.run(ctx)
}

// applier stores what a model makes of a site's pages.
type applier struct {
	db    *storage.DB
	opts  normalize.Options
	log   *slog.Logger
	res   *learnResult
	queue []string           // pages to extract again; removing a record adds its merged pages
	batch []normalize.Record // records to rebuild in one transaction
}

// run extracts the queued pages in parallel a chunk at a time, then stores
// what each one turned out to be, in order.
func (a *applier) run(ctx context.Context) error {
	for start := 0; start < len(a.queue); {
		if err := ctx.Err(); err != nil {
			return err
		}
		chunk := a.queue[start:min(start+learnBatch, len(a.queue))]
		start += len(chunk)
		for i, x := range a.extract(ctx, chunk) {
			if x.page == nil {
				continue
			}
			if err := a.apply(ctx, chunk[i], x); err != nil {
				return err
			}
		}
		a.res.Checked += len(chunk)
	}
	return a.flush(ctx)
}

// extracted is one page extracted again: its stored bytes and what the
// model makes of them; page is nil when it has no bytes or failed.
type extracted struct {
	raw  storage.StoredPage
	page *normalize.Page
}

// extract extracts the stored bytes of each URL on every core and returns
// the results in the order of urls.
func (a *applier) extract(ctx context.Context, urls []string) []extracted {
	out := make([]extracted, len(urls))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(urls)) {
		wg.Go(func() {
			for i := range next {
				p, err := a.db.OwnPage(ctx, urls[i])
				if err != nil {
					a.log.Debug("site model: no raw page", "url", urls[i], "err", err)
					continue
				}
				in := normalize.Input{URL: p.URL, Header: p.Header, Body: p.Body}
				if in.URL == "" {
					in.URL = urls[i]
				}
				pg, err := normalize.Extract(ctx, in, a.opts)
				if err != nil {
					a.log.Warn("site model: extract failed", "url", urls[i], "err", err)
					continue
				}
				out[i] = extracted{raw: p, page: pg}
			}
		})
	}
	for i := range urls {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// apply stores what page u turned out to be.
func (a *applier) apply(ctx context.Context, u string, x extracted) error {
	existing, gerr := a.db.Get(ctx, u)
	known := gerr == nil
	article := x.page.PageType == normalize.PageArticle
	if known && existing.URL != u {
		// u is another address of a record. A page merged into it for
		// printing the same text, which is no article, is taken out of
		// it; the record stands on its own page.
		if !article {
			ok, err := a.db.Unmerge(ctx, u)
			if err != nil {
				return err
			}
			if ok {
				a.res.Unmerged++
			}
		}
		return nil
	}
	switch {
	case known && article:
		rec := x.page.Record
		rec.ID = existing.ID
		a.batch = append(a.batch, rec)
		if len(a.batch) >= learnBatch {
			return a.flush(ctx)
		}
	case known:
		merged, err := a.db.Demote(ctx, existing.ID)
		if err != nil {
			return err
		}
		// Pages merged into it as duplicates are judged on their own.
		a.queue = append(a.queue, merged...)
		a.log.Info("site model: not an article", "url", existing.URL, "page_type", x.page.PageType)
		a.res.Removed++
	case article:
		rec := x.page.Record
		rec.URL = u
		p := x.raw
		out, err := a.db.Put(ctx, storage.PutInput{
			Record: rec,
			Raw:    p.Raw,
			Now:    p.FetchedAt,
		})
		if err != nil {
			return err
		}
		if out == storage.Stored {
			a.res.Added++
		}
	}
	return nil
}

// flush rebuilds the batched records in one transaction.
func (a *applier) flush(ctx context.Context) error {
	if len(a.batch) == 0 {
		return nil
	}
	outs, err := a.db.Rebuild(ctx, a.batch, time.Now())
	a.batch = a.batch[:0]
	for _, out := range outs {
		switch out {
		case storage.RebuildRevised:
			a.res.Revised++
		case storage.RebuildRefreshed:
			a.res.Refreshed++
		}
	}
	return err
}

// hostsOf returns the hosts of the given URLs, without duplicates.
func hostsOf(urls []string) []string {
	var hosts []string
	seen := map[string]bool{}
	for _, s := range urls {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			continue
		}
		h := strings.ToLower(u.Hostname())
		if !seen[h] {
			seen[h] = true
			hosts = append(hosts, h)
		}
	}
	return hosts
}

// learnSites learns and applies the model of each host, printing a line
// for each site that has one.
func learnSites(ctx context.Context, e env, db *storage.DB, hosts []string, opts normalize.Options, models *siteModels, log *slog.Logger) error {
	for _, h := range hosts {
		r, err := learnSite(ctx, db, h, opts, models, false, log)
		if err != nil {
			return err
		}
		if r.Pages >= minLearnPages {
			fmt.Fprintln(e.stdout, r.String())
		}
	}
	return nil
}

// sameRules reports whether two models decide alike: the page counts of
// their templates may differ.
func sameRules(a, b normalize.SiteRules) bool {
	strip := func(r normalize.SiteRules) normalize.SiteRules {
		r.Templates = slices.Clone(r.Templates)
		for i := range r.Templates {
			r.Templates[i].Pages, r.Templates[i].Articles = 0, 0
		}
		return r
	}
	return reflect.DeepEqual(strip(a), strip(b))
}
