package scraper

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// A page goes through three stages, each on goroutines of its own:
//
//	fetch (Config.Concurrency per host) → extract (Config.Extractors)
//	→ commit (one goroutine, batches for a BatchSink)
//
// and its workResult then reaches the dispatcher, which settles its URL in
// the Frontier. Channels between the stages are small and bounded, and the
// dispatcher takes at most maxInflight entries from the Frontier, so when
// extraction falls behind the fetchers wait (holding no connection) and
// memory stays flat.

// htmlPage is a fetched HTML page waiting for extraction.
type htmlPage struct {
	out   fetchOutcome
	final string
	chain []string
}

// stages are the channels and goroutines of one crawl's pipeline.
type stages struct {
	jobs    chan Entry
	extract chan workResult // results with html set
	commit  chan workResult // results with write set
	results chan workResult // finished results, for the dispatcher

	fetchers, extractors, committer sync.WaitGroup

	// busy counts entries in the fetch and extract stages: when it drops
	// to zero nothing more is on its way to the committer, which then
	// commits what it holds without waiting for BatchDelay.
	busy  atomic.Int64
	nudge chan struct{}
}

// maxInflight is how many entries the dispatcher takes from the Frontier
// at once: enough to keep every stage busy and fill a batch.
func (c *crawler) maxInflight() int {
	n := c.workers + 2*c.cfg.Extractors
	if c.batch != nil {
		n += 2 * c.cfg.BatchPages
	}
	return n
}

// start launches the pipeline's goroutines.
func (c *crawler) start(ctx context.Context) *stages {
	s := &stages{
		jobs:    make(chan Entry),
		extract: make(chan workResult, c.cfg.Extractors),
		commit:  make(chan workResult, c.cfg.BatchPages),
		results: make(chan workResult, c.maxInflight()),
		nudge:   make(chan struct{}, 1),
	}
	for range c.workers {
		s.fetchers.Go(func() {
			for e := range s.jobs {
				s.busy.Add(1)
				s.hand(c.process(ctx, e))
			}
		})
	}
	for range c.cfg.Extractors {
		s.extractors.Go(func() {
			for r := range s.extract {
				h := r.html
				r.html = nil
				c.page(ctx, &r, h.out, h.final, h.chain)
				if r.write != nil {
					s.commit <- r
					s.settled()
					continue
				}
				s.finish(r)
			}
		})
	}
	if c.batch != nil {
		s.committer.Go(func() { c.commitLoop(ctx, s) })
	}
	return s
}

// hand passes a result out of the fetch stage, counted in busy: to the
// extract stage when it holds an HTML page, else to the dispatcher.
func (s *stages) hand(r workResult) {
	if r.html != nil {
		s.extract <- r
		return
	}
	s.finish(r)
}

// finish sends a result that needs no commit to the dispatcher.
func (s *stages) finish(r workResult) {
	s.results <- r
	s.settled()
}

// settled notes that an entry left the fetch and extract stages.
func (s *stages) settled() {
	if s.busy.Add(-1) == 0 {
		select {
		case s.nudge <- struct{}{}:
		default:
		}
	}
}

// stop closes the stages in order and waits for their goroutines. Every
// entry dispatched must have come back as a result first.
func (s *stages) stop() {
	close(s.jobs)
	s.fetchers.Wait()
	close(s.extract)
	s.extractors.Wait()
	close(s.commit)
	s.committer.Wait()
}

// commitLoop gathers prepared pages into batches and commits each batch
// in one call, then sends their results to the dispatcher.
func (c *crawler) commitLoop(ctx context.Context, s *stages) {
	save := context.WithoutCancel(ctx)
	var (
		batch []workResult
		size  int
		timer *time.Timer
	)
	add := func(r workResult) {
		if len(batch) == 0 {
			timer = time.NewTimer(c.cfg.BatchDelay)
		}
		batch = append(batch, r)
		size += r.write.Size()
	}
	flush := func() {
		if len(batch) == 0 {
			return
		}
		timer.Stop()
		c.commitBatch(save, batch)
		for _, r := range batch {
			s.results <- r
		}
		batch, size = batch[:0], 0
	}
	for {
		if len(batch) == 0 {
			r, ok := <-s.commit
			if !ok {
				return
			}
			add(r)
			continue
		}
		if len(batch) >= c.cfg.BatchPages || size >= c.cfg.BatchBytes {
			flush()
			continue
		}
		select {
		case r, ok := <-s.commit:
			if !ok {
				flush()
				return
			}
			add(r)
		case <-timer.C:
			flush()
		case <-s.nudge:
			// Take what is already queued, then commit if nothing else
			// is coming.
		drain:
			for len(batch) < c.cfg.BatchPages {
				select {
				case r, ok := <-s.commit:
					if !ok {
						break drain
					}
					add(r)
				default:
					break drain
				}
			}
			if s.busy.Load() == 0 {
				flush()
			}
		}
	}
}

// commitBatch commits the prepared pages of batch and records each
// outcome in its result.
func (c *crawler) commitBatch(ctx context.Context, batch []workResult) {
	ps := make([]Pending, len(batch))
	for i, r := range batch {
		ps[i] = r.write
	}
	outs, errs, err := c.batch.Commit(ctx, ps)
	for i := range batch {
		r := &batch[i]
		other := r.page != pageArticle
		r.write = nil
		switch {
		case err != nil:
			if other {
				c.log.Warn("keep non-article page", "url", r.entry.URL, "err", err)
				continue
			}
			c.storeFailed(r, fmt.Errorf("crawl: sink: commit: %w", err))
		case i < len(errs) && errs[i] != nil:
			if other {
				c.log.Warn("keep non-article page", "url", r.entry.URL, "err", errs[i])
				continue
			}
			c.log.Error("store failed", "url", r.entry.URL, "err", errs[i])
			r.action, r.kind = actFail, kindStore
			r.page = pageNone
		case !other && i < len(outs):
			r.outcome = outs[i]
		}
	}
}

// storeFailed undoes a result whose page could not be stored: the crawl
// stops with err and the URL stays queued for the next run.
func (c *crawler) storeFailed(r *workResult, err error) {
	r.fatal = err
	r.action = actRequeue
	r.fetched = false
	r.page = pageNone
	r.entry.Attempts--
	r.alsoDone = nil
	r.found = nil
	r.skipped = nil
}
