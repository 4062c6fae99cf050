package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/ingest-archive/ingest/normalize"
	"github.com/ingest-archive/ingest/queue"
	"github.com/ingest-archive/ingest/scraper"
)

// workerFlags are the flags of `ingest worker`.
type workerFlags struct {
	queue       string
	name        string
	concurrency int
	ackWait     time.Duration
	log         logFlags
}

func runWorker(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "worker", "--queue nats://HOST:PORT [flags]")
	var w workerFlags
	fs.StringVar(&w.queue, "queue", "", "NATS server(s) with JetStream, nats://HOST:PORT (comma-separated for a cluster)")
	fs.IntVar(&w.concurrency, "concurrency", 8, "pages fetched and extracted at once")
	fs.StringVar(&w.name, "name", "", "name in the coordinator's summary (default host name and process id)")
	fs.DurationVar(&w.ackWait, "ack-wait", 30*time.Second, "how long a job may go without news from this worker before another gets it (set by the first process that connects)")
	w.log.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usagef("worker: unexpected argument %q", fs.Arg(0))
	case w.queue == "":
		return usagef("worker: --queue is required (nats://HOST:PORT)")
	case w.concurrency < 1:
		return usagef("--concurrency %d: must be at least 1", w.concurrency)
	case w.ackWait < time.Second:
		return usagef("--ack-wait %v: must be at least 1s", w.ackWait)
	}
	logger, err := w.log.logger(e.stderr)
	if err != nil {
		return err
	}
	if w.name == "" {
		host, _ := os.Hostname()
		w.name = host + "-" + strconv.Itoa(os.Getpid())
	}
	conn, err := connectQueue(ctx, w.queue, queue.Options{Name: "ingest worker " + w.name, Logger: logger, AckWait: w.ackWait})
	if err != nil {
		return err
	}
	fetchers := &specFetchers{ctx: context.WithoutCancel(ctx), log: logger, bySpec: map[string]*specFetcher{}}
	models := &jobModels{byRules: map[string]*normalize.SiteModel{}}
	profiles := &specProfiles{}
	handle := func(ctx context.Context, job queue.Job, spec []byte) scraper.FetchResponse {
		if job.Kind == queue.KindExtract {
			return extractJob(ctx, job, spec, profiles, models)
		}
		sf, err := fetchers.get(spec)
		if err != nil {
			return scraper.FetchResponse{Err: fmt.Sprintf("worker %s: %v", w.name, err), ErrKind: "worker", FetchedAt: time.Now()}
		}
		opts := normalize.Options{Profiles: sf.profiles, Site: models.get(job.Model), Facts: true}
		extract := func(ctx context.Context, in normalize.Input) (*normalize.Page, error) {
			return normalize.Extract(ctx, in, opts)
		}
		return sf.fw.Fetch(ctx, job.Request(), extract)
	}
	fmt.Fprintf(e.stderr, "worker %s: serving %s with %d slots (Ctrl-C stops after the pages in hand)\n", w.name, w.queue, w.concurrency)
	err = queue.NewWorker(conn, w.name, w.concurrency, handle).Run(ctx)
	conn.Drain()
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("worker: %w", errInterrupted)
	}
	return nil
}

// connectQueue connects to --queue, a bad URL being a usage error.
func connectQueue(ctx context.Context, url string, opts queue.Options) (*queue.Conn, error) {
	if _, err := queue.ParseURL(url); err != nil {
		return nil, usagef("--queue %q: want nats://HOST:PORT", url)
	}
	return queue.Connect(ctx, url, opts)
}

// jobModels decodes the site models that jobs carry, once per model.
type jobModels struct {
	mu      sync.Mutex
	byRules map[string]*normalize.SiteModel
}

func (m *jobModels) get(raw json.RawMessage) *normalize.SiteModel {
	if len(raw) == 0 {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if sm, ok := m.byRules[string(raw)]; ok {
		return sm
	}
	var rules normalize.SiteRules
	var sm *normalize.SiteModel
	if json.Unmarshal(raw, &rules) == nil {
		sm = normalize.NewSiteModel(rules)
	}
	if len(m.byRules) >= 1024 {
		clear(m.byRules)
	}
	m.byRules[string(raw)] = sm
	return sm
}
