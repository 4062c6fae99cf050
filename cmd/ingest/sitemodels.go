package main

import (
	"context"
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
}

func newSiteModels() *siteModels {
	return &siteModels{byHost: map[string]*normalize.SiteModel{}}
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
