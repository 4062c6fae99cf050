package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"sync"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/scraper"
)

// queueSpec is what a worker needs to fetch and extract for a crawl as the
// crawl itself would: the fetch limits, the scope (redirects are checked
// against it) and the extraction options. The coordinator registers it
// once; its hash names the crawl.
type queueSpec struct {
	Seeds        []string                         `json:"seeds"`
	Scope        string                           `json:"scope"`
	Include      []string                         `json:"include,omitempty"`
	Exclude      []string                         `json:"exclude,omitempty"`
	UserAgent    string                           `json:"user_agent"`
	Timeout      time.Duration                    `json:"timeout"`
	MaxBody      int64                            `json:"max_body"`
	Concurrency  int                              `json:"concurrency"`
	AllowPrivate bool                             `json:"allow_private,omitempty"`
	IgnoreRobots bool                             `json:"ignore_robots,omitempty"`
	Sites        map[string]normalize.ProfileSpec `json:"sites,omitempty"`
}

// newQueueSpec describes the crawl sc for workers; sites are the config
// file's profiles.
func newQueueSpec(sc scraper.Config, sites map[string]normalize.ProfileSpec) ([]byte, error) {
	s := queueSpec{
		Seeds: sc.Seeds, Scope: sc.Scope, UserAgent: sc.UserAgent, Timeout: sc.Timeout,
		MaxBody: sc.MaxBody, Concurrency: sc.Concurrency, AllowPrivate: sc.AllowPrivate,
		IgnoreRobots: sc.IgnoreRobots, Sites: sites,
	}
	for _, re := range sc.Include {
		s.Include = append(s.Include, re.String())
	}
	for _, re := range sc.Exclude {
		s.Exclude = append(s.Exclude, re.String())
	}
	return json.Marshal(s)
}

// specFetcher is a worker's fetcher and extraction options for one crawl.
type specFetcher struct {
	fw       *scraper.FetchWorker
	profiles *normalize.Profiles
}

// specFetchers builds a worker's fetchers, one per crawl spec, and keeps
// them. It is safe for concurrent use.
type specFetchers struct {
	ctx context.Context
	log *slog.Logger

	mu     sync.Mutex
	bySpec map[string]*specFetcher
}

// get returns the fetcher of a spec, building it the first time.
func (f *specFetchers) get(raw []byte) (*specFetcher, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if sf := f.bySpec[string(raw)]; sf != nil {
		return sf, nil
	}
	var s queueSpec
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("crawl spec: %w", err)
	}
	sc := scraper.DefaultConfig(s.Seeds...)
	sc.Scope, sc.UserAgent, sc.Timeout, sc.MaxBody = s.Scope, s.UserAgent, s.Timeout, s.MaxBody
	sc.Concurrency, sc.AllowPrivate, sc.IgnoreRobots = s.Concurrency, s.AllowPrivate, s.IgnoreRobots
	sc.Logger = f.log
	for _, e := range s.Include {
		re, err := regexp.Compile(e)
		if err != nil {
			return nil, fmt.Errorf("crawl spec: include %q: %w", e, err)
		}
		sc.Include = append(sc.Include, re)
	}
	for _, e := range s.Exclude {
		re, err := regexp.Compile(e)
		if err != nil {
			return nil, fmt.Errorf("crawl spec: exclude %q: %w", e, err)
		}
		sc.Exclude = append(sc.Exclude, re)
	}
	profiles, err := normalize.NewProfiles(s.Sites)
	if err != nil {
		return nil, fmt.Errorf("crawl spec: sites: %w", err)
	}
	fw, err := scraper.NewFetchWorker(f.ctx, sc)
	if err != nil {
		return nil, fmt.Errorf("crawl spec: %w", err)
	}
	if len(f.bySpec) >= 16 {
		clear(f.bySpec)
	}
	sf := &specFetcher{fw: fw, profiles: profiles}
	f.bySpec[string(raw)] = sf
	return sf, nil
}

// modelRules encodes the learned model of each URL's site for the jobs
// that carry it, once per model. It is safe for concurrent use.
type modelRules struct {
	models *siteModels

	mu    sync.Mutex
	cache map[*normalize.SiteModel]json.RawMessage
}

func (m *modelRules) forURL(u string) json.RawMessage {
	sm := m.models.forURL(u)
	if sm == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if raw, ok := m.cache[sm]; ok {
		return raw
	}
	raw, err := json.Marshal(sm.SiteRules)
	if err != nil {
		raw = nil
	}
	if len(m.cache) > 1024 {
		clear(m.cache)
	}
	m.cache[sm] = raw
	return raw
}
