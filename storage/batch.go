package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Write is one page ready to be stored: an article (PreparePut) or a page
// that is not one (PrepareOther). DB.Commit stores many in one transaction.
type Write struct {
	url   string
	at    time.Time
	put   *put   // an article; nil for another page
	other []byte // the encoded page of another page
	facts *encodedFacts
	size  int
}

// URL is the page's URL: the record URL of an article.
func (w *Write) URL() string { return w.url }

// Size is roughly how many bytes the write adds to the archive, for
// bounding a batch.
func (w *Write) Size() int { return w.size }

// Commit stores ws in one transaction, so that a crawl pays for one commit
// (and its two fsyncs) per batch rather than per page. It reports each
// write's outcome (zero for a page that is not an article) and error.
//
// A write that fails does not cost the others: the transaction is rolled
// back and run again without it, so errs[i] is set for the writes that
// failed and every other write is committed, whole, in one transaction.
// err is set when the transaction itself cannot be committed (the
// archive is read-only, the disk is full, ctx is done); then nothing of
// ws was stored and every errs[i] is err.
func (db *DB) Commit(ctx context.Context, ws []*Write) (outs []Outcome, errs []error, err error) {
	return db.CommitFrontier(ctx, ws, nil)
}

// CommitFrontier is Commit that also writes the changes f has pending
// (the URLs a crawl settled and the links it found), in the same
// transaction: one commit, and its fsyncs, for both. A crawl marks a URL
// done only after the commit that stored its page, so the next commit
// carries it; if the process dies in between, at most one batch of pages
// is stored without being done, and is fetched again. f may be nil.
func (db *DB) CommitFrontier(ctx context.Context, ws []*Write, f *Frontier) (outs []Outcome, errs []error, err error) {
	outs = make([]Outcome, len(ws))
	errs = make([]error, len(ws))
	var writeFrontier func(*bolt.Tx) error
	if f != nil {
		if write, done, ok := f.stage(); ok {
			writeFrontier = write
			defer func() { done(err == nil) }()
		}
	}
	for {
		err = db.update(ctx, func(tx *bolt.Tx) error {
			if writeFrontier != nil {
				if err := writeFrontier(tx); err != nil {
					return fmt.Errorf("frontier: %w", err)
				}
			}
			for i, w := range ws {
				if errs[i] != nil {
					continue
				}
				out, err := w.apply(tx)
				if err != nil {
					errs[i] = err
					return errWriteFailed
				}
				outs[i] = out
				if (i+1)%commitTrimEvery == 0 {
					trimMapped(db.bolt, tx)
				}
			}
			return nil
		})
		if errors.Is(err, errWriteFailed) {
			// Only the failed write's error is kept; run the rest again.
			clear(outs)
			continue
		}
		if err != nil {
			for i := range errs {
				errs[i] = err
			}
			clear(outs)
			return outs, errs, err
		}
		db.dropMapped()
		return outs, errs, nil
	}
}

// errWriteFailed rolls back a Commit transaction after one of its writes
// failed.
var errWriteFailed = errors.New("a write failed")

// apply stores w in tx. A panic (a damaged archive) becomes w's error
// rather than the whole commit's.
func (w *Write) apply(tx *bolt.Tx) (out Outcome, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = 0, fmt.Errorf("%w: %v", ErrCorrupt, r)
		}
		if err != nil {
			if w.put != nil {
				err = fmt.Errorf("put %s: %w", w.url, err)
			} else {
				err = fmt.Errorf("put other page %s: %w", w.url, err)
			}
		}
	}()
	if w.put != nil {
		return w.put.apply(tx, w.at, w.facts)
	}
	return 0, applyOther(tx, w.url, w.other, w.facts)
}
