package queue

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/klauspost/compress/s2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ingest-archive/ingest/scraper"
)

// Handler answers one job. spec is the crawl's spec as its coordinator
// registered it. It is called from many goroutines at once.
type Handler func(ctx context.Context, job Job, spec []byte) scraper.FetchResponse

// Worker pulls jobs and answers them.
type Worker struct {
	c           *Conn
	name        string
	concurrency int
	handle      Handler

	mu    sync.Mutex
	specs map[string][]byte // crawl spec by object name

	// crash, in tests, is called before a job's answer is published; true
	// makes the worker stop at once without answering or acknowledging,
	// as a killed process would.
	crash func(Job) bool
}

// NewWorker makes a worker named name (it shows in the coordinator's
// summary) that answers up to concurrency jobs at once with handle.
func NewWorker(c *Conn, name string, concurrency int, handle Handler) *Worker {
	return &Worker{c: c, name: name, concurrency: max(concurrency, 1), handle: handle, specs: map[string][]byte{}}
}

// errCrashed stops a worker that crash told to stop.
var errCrashed = errors.New("worker crashed on purpose")

// Run answers jobs until ctx is done, then finishes the jobs it holds and
// returns nil. One pull subscription feeds every slot: it asks for a job
// per slot, so a worker holds at most that many jobs beyond those it
// works on. (A pull request per job, each with a subscription of its own,
// was a good part of the server's work.)
func (w *Worker) Run(ctx context.Context) error {
	cons, err := w.c.js.CreateOrUpdateConsumer(ctx, jobsStream, jetstream.ConsumerConfig{
		Durable:       workerConsumer,
		FilterSubject: jobsPrefix + ">",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       w.c.opts.AckWait,
		MaxDeliver:    10,
		MaxAckPending: -1,
		// Every worker keeps a pull request or two waiting.
		MaxWaiting: 4096,
	})
	if err != nil {
		return fmt.Errorf("queue: workers consumer: %w", err)
	}
	it, err := cons.Messages(jetstream.PullMaxMessages(w.concurrency))
	if err != nil {
		return fmt.Errorf("queue: pull jobs: %w", err)
	}
	w.c.log.Info("worker started", "name", w.name, "concurrency", w.concurrency)
	crashed := make(chan struct{})
	var once sync.Once
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	// On shutdown the subscription drains: the jobs it holds still come
	// out of it, and are answered.
	go func() {
		select {
		case <-runCtx.Done():
			it.Drain()
		case <-crashed:
		}
	}()
	jobs := make(chan jetstream.Msg)
	go func() {
		defer close(jobs)
		for {
			msg, err := it.Next()
			if errors.Is(err, jetstream.ErrMsgIteratorClosed) {
				return
			}
			if err != nil {
				// A missed heartbeat or a lost connection: the
				// subscription asks again by itself.
				w.c.log.Debug("queue: pull jobs", "err", err)
				t := time.NewTimer(w.c.opts.ReconnectWait)
				select {
				case <-t.C:
				case <-crashed:
					t.Stop()
					return
				}
				continue
			}
			select {
			case jobs <- msg:
			case <-crashed:
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range w.concurrency {
		wg.Go(func() {
			for msg := range jobs {
				if err := w.serve(runCtx, msg); errors.Is(err, errCrashed) {
					once.Do(func() { close(crashed); it.Stop(); stop() })
					return
				}
			}
		})
	}
	wg.Wait()
	select {
	case <-crashed:
		return errCrashed
	default:
	}
	return nil
}

// serve answers one job: it fetches, publishes the answer and only then
// acknowledges the job. While the fetch runs it tells the server the job
// is in progress, so a slow page is not given to another worker.
func (w *Worker) serve(ctx context.Context, msg jetstream.Msg) error {
	var wj wireJob
	if err := jsonUnmarshal(msg.Data(), &wj); err != nil {
		w.c.log.Error("queue: unreadable job dropped", "err", err)
		msg.Term()
		return nil
	}
	job := wj.Job
	delivered := 1
	if md, err := msg.Metadata(); err == nil {
		delivered = int(md.NumDelivered)
	}
	spec, err := w.spec(ctx, job.Spec)
	if err != nil {
		// The crawl is gone (its spec expired): nobody waits for this.
		w.c.log.Warn("queue: job of an unknown crawl dropped", "crawl", job.Crawl, "err", err)
		msg.Term()
		return nil
	}
	// The job's own context outlives a shutdown: a job taken is answered.
	jctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	if job.Kind == KindExtract {
		if job.Body, err = w.body(jctx, wj); err != nil {
			// Most likely the server is busy: let the job come again.
			w.c.log.Warn("queue: page of an extract job unreadable; the job will be delivered again", "url", job.URL, "err", err)
			msg.NakWithDelay(w.c.opts.ReconnectWait)
			return nil
		}
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(w.c.opts.AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				msg.InProgress()
			case <-done:
				return
			}
		}
	}()
	resp := w.handle(jctx, job, spec)
	close(done)
	if w.crash != nil && w.crash(job) {
		return errCrashed
	}
	if err := w.answer(jctx, job, delivered, resp); err != nil {
		w.c.log.Error("queue: answer not sent; the job will be delivered again", "url", job.URL, "err", err)
		msg.Nak()
		return nil
	}
	if err := msg.DoubleAck(jctx); err != nil {
		// The answer is stored; a second one, after a redelivery, is
		// dropped by the coordinator.
		w.c.log.Debug("queue: ack", "url", job.URL, "err", err)
	}
	return nil
}

// answer publishes the result of job, its body through the object store
// when it is too large for a message.
func (w *Worker) answer(ctx context.Context, job Job, delivered int, resp scraper.FetchResponse) error {
	r := Result{JobID: job.ID, Worker: w.name, Delivered: delivered, Response: resp}
	data, err := encodeResult(r, "")
	if err != nil {
		return err
	}
	if len(data) > w.c.maxInline() {
		obj := "body-" + job.ID
		if err := w.c.putBody(ctx, obj, resp.Body); err != nil {
			return err
		}
		if data, err = encodeResult(r, obj); err != nil {
			return err
		}
	}
	msg := nats.NewMsg(resultsPrefix + job.Crawl)
	msg.Data = data
	msg.Header.Set(jetstream.MsgIDHeader, job.ID)
	if job.Kind == KindFetch {
		msg.Header.Set(requestHeader, requestKey(job))
	}
	return w.c.publish(ctx, msg)
}

// body returns the page an extract job carries.
func (w *Worker) body(ctx context.Context, wj wireJob) ([]byte, error) {
	if wj.BodyObject != "" {
		return w.c.getBody(ctx, wj.BodyObject)
	}
	if n, err := s2.DecodedLen(wj.Packed); err != nil || n > maxResult {
		return nil, fmt.Errorf("queue: page of %s: bad length (%v)", wj.URL, err)
	}
	body, err := s2.Decode(nil, wj.Packed)
	if err != nil {
		return nil, fmt.Errorf("queue: decode page of %s: %w", wj.URL, err)
	}
	return body, nil
}

// spec returns a crawl's spec, read from the object store the first time.
func (w *Worker) spec(ctx context.Context, name string) ([]byte, error) {
	w.mu.Lock()
	s, ok := w.specs[name]
	w.mu.Unlock()
	if ok {
		return s, nil
	}
	s, err := w.c.obs.GetBytes(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("queue: crawl spec %s: %w", name, err)
	}
	w.mu.Lock()
	if len(w.specs) > 64 {
		clear(w.specs)
	}
	w.specs[name] = s
	w.mu.Unlock()
	return s, nil
}
