package storage

import (
	"context"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// callerError carries an error returned by the caller's callback through
// a read transaction, so walk can hand it back unwrapped.
type callerError struct{ err error }

func (e callerError) Error() string { return e.err.Error() }

// errCallerPanic stands in for a panic in the caller's callback until the
// read transaction is closed and the panic can be raised again.
var errCallerPanic = errors.New("callback panicked")

// walk calls visit for every key of one bucket, in key order, inside one
// read transaction, checking ctx between keys. visit reports the caller's
// own errors through caller(err), which walk returns as they are; any
// other error is wrapped as "what: err". A panic in the caller's callback
// is raised again once the transaction is closed, so it is not mistaken
// for damage in the archive. Callbacks must not write to db: the read
// transaction can block a writer that needs to grow the file.
func (db *DB) walk(ctx context.Context, what string, bucket func(*buckets) *bolt.Bucket,
	visit func(b *buckets, k, v []byte, caller func(error) error) error) error {
	var fnPanic any
	caller := func(err error) error {
		if err == nil {
			return nil
		}
		return callerError{err}
	}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		b, err := open(tx)
		if err != nil {
			return err
		}
		c := bucket(b).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := guard(&fnPanic, func() error { return visit(b, k, v, caller) }); err != nil {
				return err
			}
		}
		return nil
	})
	if fnPanic != nil {
		panic(fnPanic)
	}
	var ce callerError
	if errors.As(err, &ce) {
		return ce.err
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// guard runs fn, turning a panic into errCallerPanic and keeping its value.
func guard(p *any, fn func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			*p = v
			err = errCallerPanic
		}
	}()
	return fn()
}
