//go:build !unix

package storage

import "os"

// releaseFile closes f; outside Unix the lock goes with the handle.
func releaseFile(f *os.File) { _ = f.Close() }
