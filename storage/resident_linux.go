//go:build linux

package storage

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// dropMapped takes the archive file's pages out of the process's
// resident set (madvise MADV_DONTNEED on bbolt's read-only shared map).
// They stay in the page cache, so the next read of one costs a minor
// fault, not a disk read. Without it, resident memory grows with the
// archive: bbolt reads through its map, each write reads the leaves it
// changes, and every page ever read stays mapped.
func (db *DB) dropMapped() {
	_ = db.bolt.View(func(tx *bolt.Tx) error {
		dropMappedIn(db.bolt, tx)
		return nil
	})
}

// dropMappedIn is dropMapped inside an open transaction, which keeps bbolt
// from remapping the file meanwhile. Slices read from the map stay valid:
// their pages fault back in from the page cache.
func dropMappedIn(bdb *bolt.DB, tx *bolt.Tx) {
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, bdb.Info().Data, uintptr(tx.Size()), syscall.MADV_DONTNEED)
}
