package eval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

// ExtractFunc turns one saved page into a prediction. html is the page as
// the site served it; the function owns it. It is called from several
// goroutines at once when RunOptions.Workers > 1.
type ExtractFunc func(ctx context.Context, c *Case, html []byte) (Prediction, error)

// RunOptions tune Run. The zero value extracts every case with one worker
// and writes no predictions.
type RunOptions struct {
	// Workers is the number of pages extracted at once: 0 means 1, a
	// negative value means runtime.GOMAXPROCS(0).
	Workers int
	// Type keeps only the cases whose ground truth has this page type;
	// the others are neither extracted nor written, so the report is what
	// the reference scripts make of the written file with --type Type.
	Type string
	// Out, when not nil, receives the predictions as JSON Lines in case
	// order, each with the case id.
	Out io.Writer
	// Logger receives a warning for each page whose extraction fails; nil
	// discards them.
	Logger *slog.Logger
	// By, when "lang" or "page_type", also scores the cases of each value
	// of that ground-truth field apart, in Report.Groups.
	By string
}

// result is one extracted page on its way from a worker to the collector.
type result struct {
	idx   int
	pred  *Prediction // nil when extraction failed
	score caseScore
	took  time.Duration
	err   error // the page could not be read: the run stops
}

// Run extracts every case of ds (or of opts.Type) with extract, writes the
// predictions to opts.Out and scores them as Score would score the written
// file. A page whose extraction fails or panics is logged, counted in
// Report.Failed and scored as missing; a page that cannot be read, a write
// error or the end of ctx stops the run with an error.
//
// Pages are read one at a time per worker and dropped once scored, so memory
// does not grow with the dataset.
func Run(ctx context.Context, ds *Dataset, extract ExtractFunc, opts RunOptions) (*Report, error) {
	start := time.Now()
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cases := ds.Select(opts.Type)
	key, err := groupKey(opts.By)
	if err != nil {
		return nil, err
	}
	workers := opts.Workers
	switch {
	case workers == 0:
		workers = 1
	case workers < 0:
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(cases)))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	results := make(chan result, workers)
	go func() {
		defer close(jobs)
		for i := range cases {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				r := runCase(ctx, cases[i], extract, log)
				r.idx = i
				select {
				case results <- r:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var out *predictionWriter
	if opts.Out != nil {
		out = newPredictionWriter(opts.Out)
	}
	all := make([]scored, len(cases))
	speed, failed := Speed{Workers: workers}, 0
	var firstErr error
	for r := range results {
		if firstErr != nil {
			continue // drain
		}
		if r.err != nil {
			firstErr = r.err
			cancel()
			continue
		}
		all[r.idx] = scored{r.score, true}
		speed.Pages++
		speed.Extract += r.took
		if r.pred == nil {
			failed++
		}
		if out != nil {
			if err := out.add(r.idx, r.pred); err != nil {
				firstErr = err
				cancel()
			}
		}
	}
	if firstErr == nil && out != nil {
		firstErr = out.flush()
	}
	if firstErr == nil && speed.Pages < len(cases) {
		firstErr = fmt.Errorf("eval: run: %w", context.Cause(ctx))
	}
	if firstErr != nil {
		return nil, firstErr
	}
	r := buildReport(all)
	if key != nil {
		r.Groups = buildGroups(cases, all, key)
	}
	r.Failed, r.Speed = failed, speed
	r.Speed.Wall = time.Since(start)
	return r, nil
}

// runCase reads, extracts and scores one case.
func runCase(ctx context.Context, c *Case, extract ExtractFunc, log *slog.Logger) result {
	html, err := c.HTML()
	if err != nil {
		return result{err: fmt.Errorf("eval: run: %w", err)}
	}
	t := time.Now()
	p, err := safeExtract(ctx, c, html, extract)
	took := time.Since(t)
	if err != nil {
		if ctx.Err() != nil {
			return result{err: fmt.Errorf("eval: run: %w", context.Cause(ctx))}
		}
		log.Warn("extract failed", "case", c.ID, "url", c.URL, "err", err)
		return result{score: scoreCase(c, nil), took: took}
	}
	p.ID = c.ID
	return result{pred: &p, score: scoreCase(c, &p), took: took}
}

// safeExtract calls extract and turns a panic into an ErrPanic error, so
// one bad page does not end a run over a thousand.
func safeExtract(ctx context.Context, c *Case, html []byte, extract ExtractFunc) (p Prediction, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("case %s: %w: %v\n%s", c.ID, ErrPanic, v, debug.Stack())
		}
	}()
	return extract(ctx, c, html)
}

// predictionWriter writes predictions in case order although workers finish
// them out of order: a finished prediction waits until all earlier cases are
// written.
type predictionWriter struct {
	w       *bufio.Writer
	next    int
	pending map[int]*Prediction
	buf     bytes.Buffer
	enc     *json.Encoder
}

func newPredictionWriter(w io.Writer) *predictionWriter {
	pw := &predictionWriter{w: bufio.NewWriter(w), pending: make(map[int]*Prediction)}
	pw.enc = json.NewEncoder(&pw.buf)
	pw.enc.SetEscapeHTML(false)
	return pw
}

// add hands over case idx's prediction, nil when it failed and has none.
func (pw *predictionWriter) add(idx int, p *Prediction) error {
	pw.pending[idx] = p
	for {
		p, ok := pw.pending[pw.next]
		if !ok {
			return nil
		}
		delete(pw.pending, pw.next)
		pw.next++
		if p == nil {
			continue
		}
		pw.buf.Reset()
		if err := pw.enc.Encode(p); err != nil {
			return fmt.Errorf("eval: write predictions: %w", err)
		}
		if _, err := pw.w.Write(pw.buf.Bytes()); err != nil {
			return fmt.Errorf("eval: write predictions: %w", err)
		}
	}
}

func (pw *predictionWriter) flush() error {
	if err := pw.w.Flush(); err != nil {
		return fmt.Errorf("eval: write predictions: %w", err)
	}
	return nil
}

// WritePredictions writes predictions as JSON Lines, one object a line, in
// the order given.
func WritePredictions(w io.Writer, preds []Prediction) error {
	pw := newPredictionWriter(w)
	for i := range preds {
		if err := pw.add(i, &preds[i]); err != nil {
			return err
		}
	}
	return pw.flush()
}
