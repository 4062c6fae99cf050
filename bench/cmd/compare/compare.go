package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/ingest-archive/ingest/eval"
)

// errNoCases is returned when the dataset, after --type and --limit, has
// nothing to extract.
var errNoCases = errors.New("no cases to extract")

// result is one extractor's run over the dataset.
type result struct {
	ext    extractor
	report *eval.Report
	// own and ownCPU are the elapsed and CPU time spent inside the
	// extractor's own calls; the report's Speed.Extract also counts the
	// peers' Markdown conversion.
	own, ownCPU time.Duration
}

// pagesPerSecond is the extraction speed of one worker, counting only the
// extractor's own calls.
func (r result) pagesPerSecond() float64 { return perSecond(r.report.Speed.Pages, r.own) }

// pagesPerCPUSecond is pages over the CPU time of the extractor's own
// calls, which does not depend on what else the machine runs; 0 when the
// CPU time is not measured.
func (r result) pagesPerCPUSecond() float64 { return perSecond(r.report.Speed.Pages, r.ownCPU) }

func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// compare runs every extractor of o.Only over the dataset, one after the
// other with one worker each, and scores them.
func compare(ctx context.Context, o options, stderr io.Writer) ([]result, error) {
	ds, err := loadCases(o.Dataset, o.Type, o.Limit)
	if err != nil {
		return nil, err
	}
	if o.OutDir != "" {
		if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
			return nil, fmt.Errorf("compare: --out-dir: %w", err)
		}
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	var out []result
	for _, name := range o.Only {
		e, ok := extractorByName(name)
		if !ok {
			return nil, fmt.Errorf("%w: unknown extractor %q", errUsage, name)
		}
		runtime.GC() // start each run without the previous one's garbage
		r, err := runOne(ctx, ds, o, e, log.With("extractor", e.name))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(stderr, "%s: %s own_pages_per_s=%.1f own_pages_per_cpu_s=%.1f\n", e.name, r.report, r.pagesPerSecond(), r.pagesPerCPUSecond())
		out = append(out, r)
	}
	return out, nil
}

// loadCases loads the dataset and keeps the first limit cases (all when
// limit is 0) of page type typ (all when "").
func loadCases(dir, typ string, limit int) (*eval.Dataset, error) {
	ds, err := eval.LoadDataset(dir)
	if err != nil {
		return nil, fmt.Errorf("compare: %w", err)
	}
	cases := ds.Select(typ)
	if limit > 0 && limit < len(cases) {
		cases = cases[:limit]
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("compare: %s (type %q): %w", dir, typ, errNoCases)
	}
	return &eval.Dataset{Dir: ds.Dir, Cases: cases}, nil
}

// runOne runs one extractor with one worker, writing its predictions to
// o.OutDir when set.
func runOne(ctx context.Context, ds *eval.Dataset, o options, e extractor, log *slog.Logger) (result, error) {
	sw := &stopwatch{}
	fn := func(ctx context.Context, c *eval.Case, page []byte) (eval.Prediction, error) {
		rec, err := e.extract(ctx, c, page, sw)
		if err != nil {
			return eval.Prediction{}, err
		}
		return eval.NewPrediction(rec)
	}
	opts := eval.RunOptions{Workers: 1, Type: o.Type, Logger: log}
	var f *os.File
	var bw *bufio.Writer
	if o.OutDir != "" {
		var err error
		path := filepath.Join(o.OutDir, e.name+".jsonl")
		if f, err = os.Create(path); err != nil {
			return result{}, fmt.Errorf("compare: %s: %w", e.name, err)
		}
		defer f.Close()
		bw = bufio.NewWriterSize(f, 1<<20)
		opts.Out = bw
	}
	rep, err := eval.Run(ctx, ds, fn, opts)
	if err != nil {
		return result{}, fmt.Errorf("compare: %s: %w", e.name, err)
	}
	if f != nil {
		if err := bw.Flush(); err != nil {
			return result{}, fmt.Errorf("compare: %s: write predictions: %w", e.name, err)
		}
		if err := f.Close(); err != nil {
			return result{}, fmt.Errorf("compare: %s: write predictions: %w", e.name, err)
		}
	}
	return result{ext: e, report: rep, own: sw.Wall(), ownCPU: sw.CPU()}, nil
}
