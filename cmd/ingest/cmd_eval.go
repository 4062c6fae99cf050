package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ingest-archive/ingest/eval"
	"github.com/ingest-archive/ingest/normalize"
)

func runEval(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "eval", "[--out PRED.jsonl] [--type PAGE_TYPE] DATASET_DIR")
	out := fs.String("out", "", "write the predictions here, one record a line with the case id")
	pageType := fs.String("type", "", "only cases whose ground truth has this page_type (e.g. article)")
	workers := fs.Int("workers", 1, "pages extracted at once; pages/s is measured per worker")
	asJSON := fs.Bool("json", false, "print the metrics as one JSON object")
	by := fs.String("by", "", "also score each value of this ground-truth field apart: lang or page_type")
	configPath := fs.String("config", "", "YAML config with site profiles (evaluations normally run without)")
	var lf logFlags
	lf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("eval: want exactly one DATASET_DIR, got %d arguments", fs.NArg())
	}
	if *by != "" && *by != "lang" && *by != "page_type" {
		return usagef("--by %q: want lang or page_type", *by)
	}
	if *workers < 1 {
		return usagef("--workers %d: must be at least 1", *workers)
	}
	logger, err := lf.logger(e.stderr)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	ds, err := eval.LoadDataset(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	opts := eval.RunOptions{Workers: *workers, Type: *pageType, Logger: logger, By: *by}
	var pred *os.File
	var bw *bufio.Writer
	if *out != "" {
		if pred, err = os.CreateTemp(filepath.Dir(*out), ".pred-*.jsonl"); err != nil {
			return fmt.Errorf("eval: --out: %w", err)
		}
		defer os.Remove(pred.Name())
		defer pred.Close()
		bw = bufio.NewWriterSize(pred, 1<<20)
		opts.Out = bw
	}
	nopts := normalize.Options{Profiles: cfg.Profiles, Logger: logger}
	extract := func(ctx context.Context, c *eval.Case, html []byte) (eval.Prediction, error) {
		page, err := normalize.Extract(ctx, normalize.Input{URL: c.PageURL(), Body: html}, nopts)
		if err != nil {
			return eval.Prediction{}, err
		}
		return eval.NewPrediction(page)
	}
	rep, err := eval.Run(ctx, ds, extract, opts)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if pred != nil {
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("eval: write %s: %w", *out, err)
		}
		if err := pred.Close(); err != nil {
			return fmt.Errorf("eval: write %s: %w", *out, err)
		}
		if err := os.Rename(pred.Name(), *out); err != nil {
			return fmt.Errorf("eval: %w", err)
		}
	}
	if *asJSON {
		return json.NewEncoder(e.stdout).Encode(rep)
	}
	fmt.Fprintln(e.stdout, rep.String())
	for _, g := range rep.Groups {
		fmt.Fprintf(e.stdout, "  %s=%s %s\n", *by, g.Key, g.Scores.String())
	}
	return nil
}
