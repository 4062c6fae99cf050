//go:build linux

package storage

import (
	"bytes"
	"os"
	"strconv"
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// residentLimit is how large the process's resident set may grow before
// dropMapped and trimMapped let go of the archive's pages in it. Only the
// map is trimmed: the rest (Go's heap, the binary) stays.
const residentLimit = 224 << 20

// dropMapped takes the archive file's pages out of the process's
// resident set (madvise MADV_DONTNEED on bbolt's read-only shared map)
// once the resident set reaches residentLimit. They stay
// in the page cache, so the next read of one costs a minor fault, not a
// disk read. Without it, resident memory grows with the archive: bbolt
// reads through its map, each write reads the leaves it changes, and
// every page ever read stays mapped.
func (db *DB) dropMapped() {
	if resident() < residentLimit {
		return
	}
	_ = db.bolt.View(func(tx *bolt.Tx) error {
		dropMappedIn(db.bolt, tx)
		return nil
	})
}

// trimMapped is dropMapped inside an open transaction, read or write.
func trimMapped(bdb *bolt.DB, tx *bolt.Tx) {
	if resident() >= residentLimit {
		dropMappedIn(bdb, tx)
	}
}

// dropMappedIn drops the whole map inside an open transaction, which keeps
// bbolt from remapping the file meanwhile (only a write transaction of
// this goroutine could). Slices read from the map stay valid: their pages
// fault back in from the page cache, and the pages a write transaction
// reads from are not rewritten before it ends.
func dropMappedIn(bdb *bolt.DB, tx *bolt.Tx) {
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, bdb.Info().Data, uintptr(tx.Size()), syscall.MADV_DONTNEED)
}

// resident is the process's resident set in bytes (the second field of
// /proc/self/statm), or 1<<62 when unknown.
func resident() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 1 << 62
	}
	f := bytes.Fields(b)
	if len(f) < 2 {
		return 1 << 62
	}
	n, err := strconv.ParseInt(string(f[1]), 10, 64)
	if err != nil {
		return 1 << 62
	}
	return n * int64(os.Getpagesize())
}
