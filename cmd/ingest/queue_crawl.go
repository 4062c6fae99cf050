package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/queue"
	"github.com/ingest-archive/ingest/scraper"
)

// queueRun is a crawl or sync whose pages are fetched and extracted by
// workers through a NATS JetStream queue; this process stays the
// coordinator: frontier, politeness, dedup and the archive.
type queueRun struct {
	conn *queue.Conn
	disp *queue.Dispatcher
}

// attachQueue makes sc a coordinator's crawl: its fetches go to the
// workers serving queueURL ("" leaves sc as it is and returns nil). sites are the config file's profiles, sent to
// the workers with the crawl's limits. The returned queueRun must be
// closed.
func attachQueue(ctx context.Context, queueURL string, sc *scraper.Config, sites map[string]normalize.ProfileSpec, models *siteModels, log *slog.Logger) (*queueRun, error) {
	if queueURL == "" {
		return nil, nil
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	// The spec carries the defaults the crawl will apply.
	check := *sc
	if check.Extract == nil {
		check.Extract = func(context.Context, normalize.Input) (*normalize.Page, error) { return nil, nil }
	}
	if check.Sink == nil {
		check.Sink = scraper.SinkFunc(func(context.Context, scraper.Result) (scraper.Outcome, error) { return 0, nil })
	}
	if err := check.Validate(); err != nil {
		return nil, usagef("crawl: %v", err)
	}
	spec, err := newQueueSpec(check, sites)
	if err != nil {
		return nil, err
	}
	conn, err := connectQueue(ctx, queueURL, queue.Options{Name: "ingest coordinator", Logger: log})
	if err != nil {
		return nil, err
	}
	rules := &modelRules{models: models, cache: map[*normalize.SiteModel]json.RawMessage{}}
	disp, err := queue.NewDispatcher(ctx, conn, spec, queue.DispatchOptions{Model: rules.forURL})
	if err != nil {
		conn.Close()
		return nil, err
	}
	log.Info("coordinating through the queue", "queue", queueURL, "crawl", disp.Crawl())
	sc.Remote = disp
	return &queueRun{conn: conn, disp: disp}, nil
}

// close stops consuming results and closes the connection.
func (q *queueRun) close() {
	if q == nil {
		return
	}
	q.disp.Close()
	q.conn.Drain()
}

// summary is the line the crawl summary gets about the workers.
func (q *queueRun) summary() string {
	if q == nil {
		return ""
	}
	st := q.disp.Stats()
	line := fmt.Sprintf("  queue:     %d workers, %d jobs, %d redelivered, %d duplicate answers dropped",
		st.Workers, st.Jobs, st.Redelivered, st.Dropped)
	if st.Reused > 0 {
		line += fmt.Sprintf(", %d answers from the stream reused", st.Reused)
	}
	return line
}
