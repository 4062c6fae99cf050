//go:build unix

package storage

import (
	"os"
	"syscall"
)

// releaseFile drops the lock bbolt took on f and closes it. The explicit
// unlock matters: bbolt's memory map of a file whose open failed half-way
// keeps the file, and so its lock, alive after Close.
func releaseFile(f *os.File) {
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	_ = f.Close()
}
