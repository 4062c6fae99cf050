package queue

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klauspost/compress/s2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"

	"github.com/ingest-archive/ingest/scraper"
)

// Dispatcher is the coordinator's side of the queue: a
// scraper.RemoteFetcher that publishes each request as a Job and waits
// for its Result. It is safe for concurrent use.
type Dispatcher struct {
	c        *Conn
	crawl    string
	spec     string
	subject  string
	model    func(url string) json.RawMessage
	timeout  time.Duration
	consumer jetstream.ConsumeContext

	mu      sync.Mutex
	waiting map[string]chan jetstream.Msg
	byKey   map[string]string // request key → id of the fetch job waiting
	workers map[string]bool
	early   leftovers

	jobs, redelivered, dropped, reused, received atomic.Int64
}

// DispatchOptions tune a Dispatcher.
type DispatchOptions struct {
	// Model, when set, returns what workers need to know about a URL's
	// site to extract it as the coordinator would (its learned model).
	Model func(url string) json.RawMessage
	// Timeout is how long a job may go unanswered before Fetch gives up
	// (the crawl then retries the URL); 0 means 10 minutes. Jobs wait in
	// the queue while every worker is busy, so it must be long.
	Timeout time.Duration
}

// DispatchStats is what a Dispatcher did.
type DispatchStats struct {
	Jobs        int64 // jobs published
	Workers     int   // distinct workers that answered
	Redelivered int64 // answers to jobs delivered more than once
	Dropped     int64 // answers nobody waited for: duplicates and leftovers
	// Reused are answers from the stream that stood for a fetch: left by
	// an earlier run of the crawl, or a second answer to a request.
	Reused int64
}

// NewDispatcher registers a crawl described by spec (opaque bytes that
// workers read once, to build their fetcher: seeds, scope, limits,
// extraction options) and starts consuming its results. The crawl's id is
// a hash of spec, so the same crawl run again gets the same id: jobs a
// previous run left in the queue are purged (they would break the hosts'
// rate limits), and the answers it left in the stream are read before
// NewDispatcher returns and kept, up to a bound, for a Fetch of the same
// request: the rerun crawl asks for the pages that were in flight again.
// Answers more than an hour old are dropped.
func NewDispatcher(ctx context.Context, c *Conn, spec []byte, opts DispatchOptions) (*Dispatcher, error) {
	sum := sha256.Sum256(spec)
	crawl := hex.EncodeToString(sum[:8])
	d := &Dispatcher{
		c:       c,
		crawl:   crawl,
		spec:    "spec-" + crawl,
		subject: resultsPrefix + crawl,
		model:   opts.Model,
		timeout: opts.Timeout,
		waiting: map[string]chan jetstream.Msg{},
		byKey:   map[string]string{},
		workers: map[string]bool{},
	}
	if d.timeout <= 0 {
		d.timeout = 10 * time.Minute
	}
	if _, err := c.obs.PutBytes(ctx, d.spec, spec); err != nil {
		return nil, fmt.Errorf("queue: store crawl spec: %w", err)
	}
	if err := c.jobs.Purge(ctx, jetstream.WithPurgeSubject(jobsPrefix+crawl)); err != nil {
		return nil, fmt.Errorf("queue: purge old jobs: %w", err)
	}
	cons, err := c.js.CreateOrUpdateConsumer(ctx, resultsStream, jetstream.ConsumerConfig{
		Durable:           "results-" + crawl,
		FilterSubject:     d.subject,
		AckPolicy:         jetstream.AckExplicitPolicy,
		AckWait:           time.Minute,
		MaxAckPending:     4096,
		InactiveThreshold: leftoverAge,
	})
	if err != nil {
		return nil, fmt.Errorf("queue: results consumer: %w", err)
	}
	var backlog uint64
	if info, err := cons.Info(ctx); err == nil {
		backlog = info.NumPending
	}
	cc, err := cons.Consume(d.receive, jetstream.PullMaxMessages(256),
		jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
			c.log.Debug("queue: consume results", "err", err)
		}))
	if err != nil {
		return nil, fmt.Errorf("queue: consume results: %w", err)
	}
	d.consumer = cc
	if err := d.readBacklog(ctx, int64(backlog)); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// readBacklog waits until the n answers that were in the stream before
// the Dispatcher started consuming are read, or reading stalls.
func (d *Dispatcher) readBacklog(ctx context.Context, n int64) error {
	if n == 0 {
		return nil
	}
	start := time.Now()
	last, lastAt := int64(-1), time.Now()
	for {
		got := d.received.Load()
		if got >= n {
			break
		}
		if got != last {
			last, lastAt = got, time.Now()
		} else if time.Since(lastAt) > 5*time.Second {
			break
		}
		t := time.NewTimer(10 * time.Millisecond)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
	d.c.log.Info("queue: answers of an earlier run read", "answers", n, "kept", d.early.len(), "took", time.Since(start))
	return nil
}

// Crawl is the crawl's id.
func (d *Dispatcher) Crawl() string { return d.crawl }

// Close stops consuming results. Fetch calls still waiting fail.
func (d *Dispatcher) Close() {
	d.consumer.Stop()
	<-d.consumer.Closed()
}

// Stats reports what the Dispatcher did so far.
func (d *Dispatcher) Stats() DispatchStats {
	d.mu.Lock()
	w := len(d.workers)
	d.mu.Unlock()
	return DispatchStats{Jobs: d.jobs.Load(), Workers: w, Redelivered: d.redelivered.Load(),
		Dropped: d.dropped.Load(), Reused: d.reused.Load()}
}

// Fetch publishes req as a job and waits for its answer.
func (d *Dispatcher) Fetch(ctx context.Context, req scraper.FetchRequest) (scraper.FetchResponse, error) {
	job := wireJob{Job: Job{
		ID: d.crawl + "." + nuid.Next(), Crawl: d.crawl, Spec: d.spec, URL: req.URL,
		ETag: req.Validators.ETag, LastModified: req.Validators.LastModified,
	}}
	return d.ask(ctx, job)
}

// StoredPage is a page the archive holds, to extract again.
type StoredPage struct {
	URL    string // the URL it was fetched from
	Header http.Header
	Body   []byte
}

// Extract publishes p as an extract job and waits for its answer: the
// page as a worker extracted it (Response.Page), or why it could not
// (Response.Err). The body goes through the object store when it is too
// large for a message.
func (d *Dispatcher) Extract(ctx context.Context, p StoredPage) (scraper.FetchResponse, error) {
	job := wireJob{Job: Job{
		ID: d.crawl + "." + nuid.Next(), Crawl: d.crawl, Spec: d.spec, URL: p.URL,
		Kind: KindExtract, Header: p.Header,
	}}
	job.Packed = s2.Encode(nil, p.Body)
	if len(job.Packed) > d.c.maxInline() {
		job.BodyObject = "page-" + job.ID
		if err := d.c.putBody(ctx, job.BodyObject, p.Body); err != nil {
			return scraper.FetchResponse{}, err
		}
		job.Packed = nil
		defer func() {
			dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
			d.c.obs.Delete(dctx, job.BodyObject)
			cancel()
		}()
	}
	return d.ask(ctx, job)
}

// ask publishes job and waits for its answer.
func (d *Dispatcher) ask(ctx context.Context, job wireJob) (scraper.FetchResponse, error) {
	if d.model != nil {
		job.Model = d.model(job.URL)
	}
	key := ""
	if job.Kind == KindFetch {
		key = requestKey(job.Job)
		if data := d.early.take(key); data != nil {
			d.reused.Add(1)
			return d.decode(data), nil
		}
	}
	data, err := json.Marshal(job)
	if err != nil {
		return scraper.FetchResponse{}, fmt.Errorf("queue: encode job: %w", err)
	}
	ch := make(chan jetstream.Msg, 1)
	d.mu.Lock()
	d.waiting[job.ID] = ch
	if key != "" {
		d.byKey[key] = job.ID
	}
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		delete(d.waiting, job.ID)
		if key != "" && d.byKey[key] == job.ID {
			delete(d.byKey, key)
		}
		d.mu.Unlock()
	}()

	msg := nats.NewMsg(jobsPrefix + d.crawl)
	msg.Data = data
	msg.Header.Set(jetstream.MsgIDHeader, job.ID)
	if err := d.c.publish(ctx, msg); err != nil {
		return scraper.FetchResponse{}, err
	}
	d.jobs.Add(1)

	t := time.NewTimer(d.timeout)
	defer t.Stop()
	select {
	case m := <-ch:
		return d.open(m), nil
	case <-t.C:
		return scraper.FetchResponse{}, fmt.Errorf("queue: no answer to %s within %v", job.URL, d.timeout)
	case <-ctx.Done():
		return scraper.FetchResponse{}, ctx.Err()
	}
}

// receive hands one result message to the Fetch waiting for it, which
// decodes it on its own goroutine; the job id is the message id. A result
// that nobody waits for (an answer left by an earlier run, or a second
// answer to a job delivered twice) goes to a Fetch of the same request if
// one waits, else it is kept for one (see leftovers) when it is recent,
// else dropped.
func (d *Dispatcher) receive(m jetstream.Msg) {
	defer d.received.Add(1)
	id := m.Headers().Get(jetstream.MsgIDHeader)
	key := m.Headers().Get(requestHeader)
	d.mu.Lock()
	ch := d.waiting[id]
	if ch == nil && key != "" {
		if other := d.byKey[key]; other != "" {
			ch = d.waiting[other]
			id = other
			d.reused.Add(1)
		}
	}
	if ch != nil {
		delete(d.waiting, id)
	}
	d.mu.Unlock()
	if ch != nil {
		ch <- m
		return
	}
	defer m.Ack()
	if key != "" {
		if md, err := m.Metadata(); err == nil && time.Since(md.Timestamp) < reuseAge && d.early.put(key, m.Data()) {
			return
		}
	}
	d.dropped.Add(1)
	if _, obj, err := decodeResult(m.Data()); err == nil && obj != "" {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		d.c.obs.Delete(ctx, obj)
		cancel()
	}
}

// open decodes a result message and acknowledges it.
func (d *Dispatcher) open(m jetstream.Msg) scraper.FetchResponse {
	defer m.Ack()
	return d.decode(m.Data())
}

// decode decodes a result and reads its body from the object store when
// it went there. A result that cannot be read is a failed fetch, which
// the crawl retries.
func (d *Dispatcher) decode(data []byte) scraper.FetchResponse {
	r, obj, err := decodeResult(data)
	if err != nil {
		d.c.log.Error("queue: unreadable result", "err", err)
		return scraper.FetchResponse{Err: err.Error(), ErrKind: "queue", Retry: true, FetchedAt: time.Now()}
	}
	d.mu.Lock()
	d.workers[r.Worker] = true
	d.mu.Unlock()
	if r.Delivered > 1 {
		d.redelivered.Add(1)
	}
	if obj != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		body, err := d.c.getBody(ctx, obj)
		if err != nil {
			return scraper.FetchResponse{Err: fmt.Sprintf("queue: body of %s: %v", r.JobID, err), ErrKind: "queue", Retry: true, FetchedAt: time.Now()}
		}
		r.Response.Body = body
		d.c.obs.Delete(ctx, obj)
	}
	return r.Response
}

// publish publishes msg to JetStream and waits for the server to store
// it, retrying while the connection is down; the message id makes a
// retry that did reach the server harmless.
func (c *Conn) publish(ctx context.Context, msg *nats.Msg) error {
	delay := 50 * time.Millisecond
	for {
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		_, err := c.js.PublishMsg(pctx, msg)
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if c.nc.IsClosed() {
			return fmt.Errorf("queue: publish %s: %w", msg.Subject, err)
		}
		if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, nats.ErrNoResponders) &&
			!errors.Is(err, nats.ErrTimeout) && !errors.Is(err, nats.ErrConnectionReconnecting) &&
			!errors.Is(err, jetstream.ErrNoStreamResponse) && !errors.Is(err, nats.ErrDisconnected) {
			return fmt.Errorf("queue: publish %s: %w", msg.Subject, err)
		}
		c.log.Debug("queue: publish failed; retrying", "subject", msg.Subject, "err", err)
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
		delay = min(2*delay, 2*time.Second)
	}
}
