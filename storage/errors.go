package storage

import "errors"

// Sentinel errors returned by this package. They are wrapped with context
// (the file name, the record, the stage), so test for them with errors.Is.
var (
	// ErrNotArchive reports a file that is not an ingest archive: not a
	// bbolt database at all, a truncated or damaged one, or a bbolt
	// database that belongs to another program.
	ErrNotArchive = errors.New("not an ingest archive")

	// ErrLocked reports that another process holds the archive's lock for
	// longer than Options.LockTimeout.
	ErrLocked = errors.New("locked by another ingest process")

	// ErrSchemaVersion reports an archive written by a newer ingest, or an
	// older archive opened read-only that needs a migration first.
	ErrSchemaVersion = errors.New("unsupported archive schema version")

	// ErrReadOnly reports a write on an archive opened with ReadOnly.
	ErrReadOnly = errors.New("archive is open read-only")

	// ErrCorrupt reports damage found while reading an archive that opened
	// cleanly.
	ErrCorrupt = errors.New("archive is damaged")

	// ErrNotFound reports an id or URL that the archive does not know.
	ErrNotFound = errors.New("not found")

	// ErrInvalidRecord reports a Put whose record cannot be stored, such as
	// one without a URL.
	ErrInvalidRecord = errors.New("invalid record")

	// ErrInvalidOptions reports export options that contradict each other
	// or name an unknown format or layout: a usage error.
	ErrInvalidOptions = errors.New("invalid export options")
)
