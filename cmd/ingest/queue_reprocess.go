package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/queue"
	"github.com/ingest-archive/ingest/scraper"
	"github.com/ingest-archive/ingest/storage"
)

// Reprocessing through the queue: the coordinator reads the stored raw
// pages and keeps the archive, the workers extract.
const (
	// queueReprocessBatch is how many records a coordinator rebuilds per
	// write transaction; all of a batch's pages are out at the workers at
	// once.
	queueReprocessBatch = 500
	// reprocessKind marks a spec as a reprocess's, not a crawl's.
	reprocessKind = "reprocess"
)

// reprocessSpec is what a worker needs to extract stored pages as
// `ingest reprocess` would: the config file's site profiles. The learned
// site models travel with each job.
type reprocessSpec struct {
	Kind  string                           `json:"kind"`
	Sites map[string]normalize.ProfileSpec `json:"sites,omitempty"`
}

// reprocessQueue is reprocess with the extraction done by the workers
// serving queueURL. It returns the summary and a line about the workers.
func reprocessQueue(ctx context.Context, queueURL string, db *storage.DB, cfg config, opts normalize.Options, models *siteModels, log *slog.Logger) (reprocessSummary, string, error) {
	spec, err := json.Marshal(reprocessSpec{Kind: reprocessKind, Sites: cfg.Sites})
	if err != nil {
		return reprocessSummary{}, "", fmt.Errorf("reprocess: spec: %w", err)
	}
	conn, err := connectQueue(ctx, queueURL, queue.Options{Name: "ingest reprocess", Logger: log})
	if err != nil {
		return reprocessSummary{}, "", err
	}
	defer conn.Drain()
	rules := &modelRules{models: models, cache: map[*normalize.SiteModel]json.RawMessage{}}
	disp, err := queue.NewDispatcher(ctx, conn, spec, queue.DispatchOptions{Model: rules.forURL})
	if err != nil {
		return reprocessSummary{}, "", err
	}
	defer disp.Close()
	log.Info("reprocessing through the queue", "queue", queueURL, "crawl", disp.Crawl())
	local := localExtractor(opts, models)
	extract := func(ctx context.Context, in normalize.Input) (*normalize.Page, error) {
		resp, err := disp.Extract(ctx, queue.StoredPage{URL: in.URL, Header: in.Header, Body: in.Body})
		switch {
		case err != nil:
			return nil, err
		case resp.Err != "":
			return nil, errors.New(resp.Err)
		case resp.Page == nil:
			// The page could not travel back (see queue.Result): extract
			// it here.
			return local(ctx, in)
		}
		return resp.Page, nil
	}
	sum, err := reprocess(ctx, db, extract, queueReprocessBatch, queueReprocessBatch, log)
	st := disp.Stats()
	line := fmt.Sprintf("  queue:     %d workers, %d jobs, %d redelivered, %d duplicate answers dropped",
		st.Workers, st.Jobs, st.Redelivered, st.Dropped)
	return sum, line, err
}

// extractJob answers a worker's extract job: the stored page it carries,
// extracted with the spec's profiles and the job's site model, as
// reprocess extracts it.
func extractJob(ctx context.Context, job queue.Job, spec []byte, profiles *specProfiles, models *jobModels) scraper.FetchResponse {
	now := time.Now()
	p, err := profiles.get(spec)
	if err != nil {
		return scraper.FetchResponse{Err: err.Error(), ErrKind: "worker", FetchedAt: now}
	}
	opts := normalize.Options{Profiles: p, Site: models.get(job.Model)}
	pg, err := normalize.Extract(ctx, normalize.Input{URL: job.URL, Header: job.Header, Body: job.Body}, opts)
	if err != nil {
		return scraper.FetchResponse{Err: fmt.Sprintf("extract %s: %v", job.URL, err), ErrKind: "extract", FetchedAt: now}
	}
	return scraper.FetchResponse{Status: 200, FinalURL: job.URL, Page: pg, FetchedAt: now}
}

// specProfiles compiles the site profiles of reprocess specs, once per
// spec. It is safe for concurrent use.
type specProfiles struct {
	mu     sync.Mutex
	bySpec map[string]*normalize.Profiles
}

func (s *specProfiles) get(raw []byte) (*normalize.Profiles, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.bySpec[string(raw)]; ok {
		return p, nil
	}
	var spec reprocessSpec
	if err := json.Unmarshal(raw, &spec); err != nil || spec.Kind != reprocessKind {
		return nil, fmt.Errorf("reprocess spec: not one (%v)", err)
	}
	p, err := normalize.NewProfiles(spec.Sites)
	if err != nil {
		return nil, fmt.Errorf("reprocess spec: sites: %w", err)
	}
	if s.bySpec == nil || len(s.bySpec) >= 16 {
		s.bySpec = map[string]*normalize.Profiles{}
	}
	s.bySpec[string(raw)] = p
	return p, nil
}
