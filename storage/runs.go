package storage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Run is the summary of one crawl or sync. The archive stores Summary as
// given; its shape belongs to the caller.
type Run struct {
	ID       string          `json:"id"`
	Kind     string          `json:"kind"`
	Started  time.Time       `json:"started"`
	Finished time.Time       `json:"finished"`
	Summary  json.RawMessage `json:"summary,omitempty"`
}

// SaveRun stores a run under its ID, replacing one saved earlier with the
// same ID. The run with the latest Started time is the one LastRun returns.
func (db *DB) SaveRun(ctx context.Context, run Run) error {
	if run.ID == "" {
		return errors.New("save run: empty run id")
	}
	if len(run.Summary) > 0 && !json.Valid(run.Summary) {
		return fmt.Errorf("save run %s: summary is not valid JSON", run.ID)
	}
	v, err := json.Marshal(run)
	if err != nil {
		return fmt.Errorf("save run %s: %w", run.ID, err)
	}
	err = db.update(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		if err := b.runs.Put([]byte(run.ID), v); err != nil {
			return err
		}
		last, ok, err := b.lastRun()
		if err != nil {
			return err
		}
		if ok && last.ID != run.ID && last.Started.After(run.Started) {
			return nil
		}
		return b.meta.Put(metaLastRun, []byte(run.ID))
	})
	if err != nil {
		return fmt.Errorf("save run %s: %w", run.ID, err)
	}
	return nil
}

// LastRun returns the run with the latest Started time; ok is false when
// no run was saved yet.
func (db *DB) LastRun(ctx context.Context) (run Run, ok bool, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		run, ok, err = b.lastRun()
		return err
	})
	if err != nil {
		return Run{}, false, fmt.Errorf("last run: %w", err)
	}
	return run, ok, nil
}

func (b *buckets) lastRun() (Run, bool, error) {
	id := b.meta.Get(metaLastRun)
	if id == nil {
		return Run{}, false, nil
	}
	v := b.runs.Get(id)
	if v == nil {
		return Run{}, false, nil
	}
	var r Run
	if err := json.Unmarshal(v, &r); err != nil {
		return Run{}, false, fmt.Errorf("%w: run %s: %v", ErrCorrupt, id, err)
	}
	return r, true, nil
}
