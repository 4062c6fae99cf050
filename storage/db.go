package storage

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// DefaultLockTimeout is how long Open waits for another process to release
// the archive when Options.LockTimeout is zero.
const DefaultLockTimeout = time.Second

// Options tune Open. The zero value opens read-write, creating the file if
// needed, and waits DefaultLockTimeout for the lock.
type Options struct {
	// ReadOnly opens the archive with a shared lock and refuses writes.
	// The file must exist. Commands that only read should set it.
	ReadOnly bool
	// LockTimeout is how long to wait for another process to release the
	// archive. Zero means DefaultLockTimeout; a negative value means try
	// once.
	LockTimeout time.Duration
}

// DB is an open archive. It is safe for concurrent use by several
// goroutines: writes are serialised, reads run in parallel. Close it when
// done; its methods must not be called after Close.
type DB struct {
	bolt     *bolt.DB
	path     string
	readOnly bool
}

// How often Commit (after so many writes, and after the commit) and a long
// scan (after so many values) see whether the archive's pages should leave
// the process's resident set (see dropMapped).
const (
	commitTrimEvery = 16
	scanTrimEvery   = 2048
)

// Open opens the archive at path, creating it unless opts.ReadOnly, and
// brings its schema up to date. See the package documentation for the
// errors it returns. It never panics on a damaged file.
func Open(path string, opts Options) (*DB, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if opts.ReadOnly {
			return nil, fmt.Errorf("open %s: %w", path, fs.ErrNotExist)
		}
	case err != nil:
		return nil, fmt.Errorf("open %s: %w", path, pathErr(err))
	case info.IsDir():
		return nil, fmt.Errorf("open %s: %w (is a directory)", path, ErrNotArchive)
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("open %s: %w (not a regular file)", path, ErrNotArchive)
	case info.Size() == 0 && opts.ReadOnly:
		return nil, fmt.Errorf("open %s: %w (empty file)", path, ErrNotArchive)
	}

	timeout := opts.LockTimeout
	switch {
	case timeout == 0:
		timeout = DefaultLockTimeout
	case timeout < 0:
		timeout = time.Millisecond
	}
	bdb, err := openBolt(path, &bolt.Options{
		Timeout:      timeout,
		ReadOnly:     opts.ReadOnly,
		FreelistType: bolt.FreelistMapType,
	})
	if err != nil {
		return nil, err
	}
	if !opts.ReadOnly {
		if err := scanPages(bdb); err != nil {
			_ = bdb.Close()
			return nil, fmt.Errorf("open %s: %w; read-only commands (export, show, stats) still read what they can", path, err)
		}
	}
	db := &DB{bolt: bdb, path: path, readOnly: opts.ReadOnly}
	if err := db.migrate(); err != nil {
		_ = bdb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// openBolt opens the bbolt file and turns its errors, and the panics some
// damaged files provoke, into this package's errors.
func openBolt(path string, o *bolt.Options) (bdb *bolt.DB, err error) {
	// bbolt leaves its file open when a damaged file makes it fail or
	// panic; the file is closed here so its lock does not outlive the
	// failed open.
	var file *os.File
	o.OpenFile = func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		file = f
		return f, err
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if file != nil {
				releaseFile(file)
			}
			bdb = nil
			err = fmt.Errorf("open %s: %w (%v)", path, ErrNotArchive, r)
		}
	}()
	bdb, err = bolt.Open(path, 0o644, o)
	if err == nil {
		return bdb, nil
	}
	if file != nil {
		releaseFile(file) // some of bbolt's error returns leave it open
	}
	var pe *fs.PathError
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("open %s: %w", path, ErrLocked)
	case errors.As(err, &pe) && pe.Op == "open":
		return nil, fmt.Errorf("open %s: %w", path, pe.Err)
	default:
		return nil, fmt.Errorf("open %s: %w (%v)", path, ErrNotArchive, err)
	}
}

// pathErr strips the *fs.PathError wrapper, whose message repeats the path.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Path returns the file name the archive was opened with.
func (db *DB) Path() string { return db.path }

// ReadOnly reports whether the archive was opened read-only.
func (db *DB) ReadOnly() bool { return db.readOnly }

// Close releases the archive and its lock. It waits for open read
// transactions (a running Records or Export) to finish.
func (db *DB) Close() error {
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("close %s: %w", db.path, err)
	}
	return nil
}

// view runs fn in a read transaction. A panic raised by bbolt on a damaged
// page becomes ErrCorrupt.
func (db *DB) view(ctx context.Context, fn func(*bolt.Tx) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrCorrupt, r)
		}
	}()
	return db.bolt.View(fn)
}

// update runs fn in one write transaction: all or nothing.
func (db *DB) update(ctx context.Context, fn func(*bolt.Tx) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	if db.readOnly {
		return ErrReadOnly
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrCorrupt, r)
		}
	}()
	return db.bolt.Update(fn)
}

// Check runs bbolt's consistency check over the whole file and reports
// the first few problems it finds, or nil for a sound archive.
func (db *DB) Check(ctx context.Context) error {
	var errs []error
	err := db.view(ctx, func(tx *bolt.Tx) error {
		// Read every error: the check runs on until its channel is drained.
		for err := range tx.Check() {
			if len(errs) < 5 {
				errs = append(errs, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	if len(errs) > 0 {
		return fmt.Errorf("check: %w: %w", ErrCorrupt, errors.Join(errs...))
	}
	return nil
}
