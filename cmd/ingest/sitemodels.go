package main

import (
	"context"
	"log/slog"
	"net/url"
	"strings"
	"sync"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/storage"
)

// siteModels holds the learned model of each site for the extractions of
// one command. It is safe for concurrent use.
type siteModels struct {
	mu     sync.RWMutex
	byHost map[string]*normalize.SiteModel
	// interims are the hosts whose model was learned while a crawl ran:
	// the pages before it were extracted without it.
	interims map[string]bool
}

func newSiteModels() *siteModels {
	return &siteModels{byHost: map[string]*normalize.SiteModel{}, interims: map[string]bool{}}
}

// load reads every model stored in the archive.
func (m *siteModels) load(ctx context.Context, db *storage.DB) error {
	ms, err := db.SiteModels(ctx)
	if err != nil {
		return err
	}
	for _, sm := range ms {
		m.set(sm.Host, normalize.NewSiteModel(sm.Rules))
	}
	return nil
}

func (m *siteModels) set(host string, model *normalize.SiteModel) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.byHost[strings.ToLower(host)] = model
	delete(m.interims, strings.ToLower(host))
}

// setInterim sets a model learned while the crawl still runs.
func (m *siteModels) setInterim(host string, model *normalize.SiteModel) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.byHost[strings.ToLower(host)] = model
	m.interims[strings.ToLower(host)] = true
}

// interim reports whether the host's model was learned during the crawl.
func (m *siteModels) interim(host string) bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.interims[strings.ToLower(host)]
}

// forURL returns the model of the URL's site, or nil.
func (m *siteModels) forURL(pageURL string) *normalize.SiteModel {
	if m == nil {
		return nil
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.byHost[strings.ToLower(u.Hostname())]
}

// extractor is normalize.Extract with the options of a command and the
// site models learned so far; it asks for the facts a model learns from.
func (m *siteModels) extractor(opts normalize.Options) func(ctx context.Context, in normalize.Input) (*normalize.Page, error) {
	return func(ctx context.Context, in normalize.Input) (*normalize.Page, error) {
		o := opts
		o.Facts = true
		o.Site = m.forURL(in.URL)
		return normalize.Extract(ctx, in, o)
	}
}

// forHost returns the model of a host, or nil.
func (m *siteModels) forHost(host string) *normalize.SiteModel {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.byHost[strings.ToLower(host)]
}

// interimLearner learns a site's model while a crawl of it runs, once
// enough new pages have come in (firstInterim, then each time their number
// grew interimGrowth times), so that the rest of the crawl extracts with
// it. It learns one
// site at a time in the background; the crawl does not wait for it.
type interimLearner struct {
	ctx    context.Context
	db     *storage.DB
	models *siteModels
	log    *slog.Logger

	mu    sync.Mutex
	pages map[string]int
	next  map[string]int
	busy  map[string]bool
	wg    sync.WaitGroup
}

// firstInterim is the number of new pages of a site after which a crawl
// first learns its model; it learns again each time that number has grown
// interimGrowth times.
const (
	firstInterim  = 200
	interimGrowth = 4
)

func newInterimLearner(ctx context.Context, db *storage.DB, models *siteModels, log *slog.Logger) *interimLearner {
	return &interimLearner{ctx: ctx, db: db, models: models, log: log,
		pages: map[string]int{}, next: map[string]int{}, busy: map[string]bool{}}
}

// page counts a page stored for its site and learns when it is time.
func (il *interimLearner) page(pageURL string) {
	if il == nil {
		return
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		return
	}
	host := strings.ToLower(u.Hostname())
	il.mu.Lock()
	defer il.mu.Unlock()
	il.pages[host]++
	n := il.pages[host]
	if n < max(firstInterim, il.next[host]) || il.busy[host] {
		return
	}
	il.busy[host] = true
	il.next[host] = interimGrowth * n
	il.wg.Go(func() {
		defer func() {
			il.mu.Lock()
			il.busy[host] = false
			il.mu.Unlock()
		}()
		rules, pages, err := learnRules(il.ctx, il.db, host, false)
		if err != nil {
			il.log.Warn("site model: learning during the crawl failed", "host", host, "err", err)
			return
		}
		if pages >= minLearnPages {
			il.models.setInterim(host, normalize.NewSiteModel(rules))
			il.log.Info("site model learned during the crawl", "host", host, "pages", pages)
		}
	})
}

// wait waits for a learning in progress.
func (il *interimLearner) wait() {
	if il != nil {
		il.wg.Wait()
	}
}
