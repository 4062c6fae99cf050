package storage

import (
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the archive layout this package writes. Open migrates
// older archives up to it, one step per version, in one transaction.
const SchemaVersion = 3

// Bucket names. The layout of each is written down in doc.go.
var (
	bucketMeta      = []byte("meta")
	bucketRecords   = []byte("records")
	bucketRevisions = []byte("revisions")
	bucketURLs      = []byte("urls")
	bucketHashes    = []byte("hashes")
	bucketSimhash   = []byte("simhash")
	bucketLinks     = []byte("links")
	bucketPages     = []byte("pages")
	bucketRuns      = []byte("runs")
	bucketFrontier  = []byte("frontier")
	bucketSources   = []byte("sources")
	bucketStrikes   = []byte("strikes")
	bucketChanged   = []byte("changed")
	bucketFacts     = []byte("facts")
	bucketOthers    = []byte("others")
	bucketSites     = []byte("sites")
)

// Keys in the meta bucket.
var (
	metaSchema  = []byte("schema")
	metaLastRun = []byte("last_run")
)

// migrations[v] brings a version-v archive to version v+1.
var migrations = []func(*bolt.Tx) error{
	0: func(tx *bolt.Tx) error {
		for _, name := range [][]byte{
			bucketMeta, bucketRecords, bucketRevisions, bucketURLs, bucketHashes,
			bucketSimhash, bucketLinks, bucketPages, bucketRuns, bucketFrontier,
		} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return nil
	},
	// 2: sources and 404 strikes for sync, and when each record last
	// changed, which starts as its last_seen.
	1: func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketSources, bucketStrikes, bucketChanged} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		changed := tx.Bucket(bucketChanged)
		return tx.Bucket(bucketRecords).ForEach(func(k, v []byte) error {
			r, err := decodeRecord(v)
			if err != nil {
				return fmt.Errorf("record %s: %w", k, err)
			}
			t, ok := parseDate(r.LastSeen)
			if !ok {
				t = time.Now()
			}
			return changed.Put(k, []byte(changedStamp(t)))
		})
	},
	// 3: what the site model is learned from and what it learned: the
	// facts of every page, the raw pages that are not articles, and the
	// model of each site.
	2: func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketFacts, bucketOthers, bucketSites} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return nil
	},
}

// schemaVersion reads the archive's schema version. A database without a
// meta bucket is version 0 when it is empty, and not an archive otherwise.
func schemaVersion(tx *bolt.Tx) (int, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		empty := true
		_ = tx.ForEach(func([]byte, *bolt.Bucket) error {
			empty = false
			return nil
		})
		if !empty {
			return 0, fmt.Errorf("%w (a bbolt database without the ingest schema)", ErrNotArchive)
		}
		return 0, nil
	}
	v, err := strconv.Atoi(string(meta.Get(metaSchema)))
	if err != nil || v < 1 {
		return 0, fmt.Errorf("%w (bad schema version %q)", ErrNotArchive, meta.Get(metaSchema))
	}
	return v, nil
}

// checkSize rejects a file shorter than its own meta page says: a
// truncated copy, whose missing pages would fault when read.
func checkSize(path string, tx *bolt.Tx) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if info.Size() < tx.Size() {
		return fmt.Errorf("%w (truncated: %d bytes of %d)", ErrNotArchive, info.Size(), tx.Size())
	}
	return nil
}

// migrate checks the schema version and, on a writable archive, runs the
// missing migration steps in one transaction.
func (db *DB) migrate() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w (%v)", ErrNotArchive, r)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	var v int
	if err := db.bolt.View(func(tx *bolt.Tx) error {
		if err := checkSize(db.path, tx); err != nil {
			return err
		}
		var err error
		v, err = schemaVersion(tx)
		return err
	}); err != nil {
		return err
	}
	switch {
	case v == SchemaVersion:
		return nil
	case v > SchemaVersion:
		return fmt.Errorf("%w: archive schema %d is newer than this ingest supports (%d)", ErrSchemaVersion, v, SchemaVersion)
	case db.readOnly && v == 0:
		return fmt.Errorf("%w (empty database)", ErrNotArchive)
	case db.readOnly:
		return fmt.Errorf("%w: archive schema %d needs an upgrade to %d; open it once for writing", ErrSchemaVersion, v, SchemaVersion)
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		v, err := schemaVersion(tx)
		if err != nil {
			return err
		}
		for ; v < SchemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("migrate schema %d to %d: %w", v, v+1, err)
			}
		}
		return tx.Bucket(bucketMeta).Put(metaSchema, []byte(strconv.Itoa(SchemaVersion)))
	})
}
