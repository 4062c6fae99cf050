//go:build !linux

package storage

import bolt "go.etcd.io/bbolt"

// dropMapped does nothing where madvise is not at hand; the page cache
// holds the file either way.
func (db *DB) dropMapped() {}

func trimMapped(*bolt.DB, *bolt.Tx) {}
