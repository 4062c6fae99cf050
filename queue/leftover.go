package queue

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// An answer nobody waits for when it comes (a coordinator was stopped and
// run again, or its answers were put in the stream ahead of it) is kept
// for the same request of the same crawl: the rerun crawl asks for the
// pages that were in flight again, and gets them without a fetch.

const (
	// requestHeader carries a fetch answer's request key (see requestKey).
	requestHeader = "Ingest-Request"
	// reuseAge is how old an answer may be and still stand for a fetch:
	// an older one is of another run, not of an interrupted one.
	reuseAge = time.Hour
	// maxLeftoverBytes bounds the answers kept; past it they are dropped,
	// and their pages fetched again if the crawl asks for them.
	maxLeftoverBytes = 256 << 20
)

// requestKey names what a fetch job asks for: its URL and validators. It
// fits in a header.
func requestKey(j Job) string {
	h := sha256.New()
	for _, s := range []string{j.Kind, j.URL, j.ETag, j.LastModified} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// leftovers holds encoded answers by request key, up to maxLeftoverBytes.
// It is safe for concurrent use.
type leftovers struct {
	mu    sync.Mutex
	by    map[string][]byte
	bytes int
}

// put keeps data for key and reports whether it did (it does not when full).
func (l *leftovers) put(key string, data []byte) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.bytes+len(data) > maxLeftoverBytes {
		return false
	}
	if l.by == nil {
		l.by = map[string][]byte{}
	}
	if old, ok := l.by[key]; ok {
		l.bytes -= len(old)
	}
	l.by[key] = data
	l.bytes += len(data)
	return true
}

// take removes and returns the answer kept for key, nil when none.
func (l *leftovers) take(key string) []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	data, ok := l.by[key]
	if ok {
		delete(l.by, key)
		l.bytes -= len(data)
	}
	return data
}

// len is how many answers are kept.
func (l *leftovers) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.by)
}
