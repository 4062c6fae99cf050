package main

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ingest-archive/ingest/storage"
)

// defaultRevisitAfter is the default --revisit-after: about a month.
const defaultRevisitAfter = 30 * 24 * time.Hour

// revisits decides which known articles a sync leaves alone. A known
// article is not requested when all of these hold:
//
//   - a sitemap read by this sync gives it a <lastmod> that is not after
//     the fetch of its stored raw page;
//   - the site last confirmed the stored page (a 200, or a 304 to a
//     conditional request) less than after ago (see
//     storage.DB.LastVerified); after 0 never holds;
//   - its last visit did not find it missing (404).
//
// Every other known article is asked again, conditionally. So a site
// whose sitemap keeps <lastmod> at the publication date still has each of
// its articles checked at least every after, and between checks the
// sitemap still saves the requests. It is safe for concurrent use.
type revisits struct {
	db    *storage.DB
	after time.Duration
	now   func() time.Time
	log   *slog.Logger
	known map[string]bool // live records' URLs; read-only after newRevisits

	mu      sync.Mutex
	lastmod map[string]time.Time
	due     map[string]bool // known articles asked again for their age only
}

func newRevisits(db *storage.DB, known []string, after time.Duration, log *slog.Logger) *revisits {
	r := &revisits{
		db: db, after: after, now: time.Now, log: log,
		known:   make(map[string]bool, len(known)),
		lastmod: map[string]time.Time{},
		due:     map[string]bool{},
	}
	for _, u := range known {
		r.known[u] = true
	}
	return r
}

// record notes the sitemap <lastmod> of url when it is a known article;
// other URLs are fetched anyway, so their dates are not kept. Of several
// dates for one URL the latest wins.
func (r *revisits) record(url string, lastmod time.Time) {
	if !r.known[url] {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if lastmod.After(r.lastmod[url]) {
		r.lastmod[url] = lastmod
	}
}

// skip reports whether url is a known article to leave alone (see
// revisits). When anything is missing or cannot be read it reports false,
// and the article is asked for as usual.
func (r *revisits) skip(ctx context.Context, url string) bool {
	r.mu.Lock()
	lastmod, ok := r.lastmod[url]
	r.mu.Unlock()
	if !ok {
		return false
	}
	v, ok, err := r.db.LastVerified(ctx, url)
	if err != nil || !ok || v.Fetched.IsZero() || lastmod.After(v.Fetched) || v.Strikes > 0 {
		return false
	}
	if age := r.now().Sub(v.Verified); r.after > 0 && age < r.after {
		return true
	}
	r.mu.Lock()
	r.due[url] = true
	r.mu.Unlock()
	r.log.Debug("revisit due despite the sitemap lastmod", "url", url, "last_verified", v.Verified.Format(time.RFC3339))
	return false
}

// dueCount is the number of known articles asked again only because their
// last check is --revisit-after old.
func (r *revisits) dueCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.due)
}

// ageFlag is a pflag.Value for a non-negative duration that also takes
// whole days ("30d"), which time.ParseDuration does not.
type ageFlag struct{ d *time.Duration }

func (f ageFlag) String() string {
	if f.d == nil {
		return ""
	}
	return formatAge(*f.d)
}

func (f ageFlag) Set(s string) error {
	d, err := parseAge(s)
	if err != nil {
		return err
	}
	*f.d = d
	return nil
}

func (f ageFlag) Type() string { return "duration" }

// parseAge reads a Go duration ("12h", "90m") or a whole number of days
// ("30d").
func parseAge(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days > 100*365 || days < -100*365 {
			return 0, fmt.Errorf("%q: want a duration such as 720h, 90m or 30d", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q: want a duration such as 720h, 90m or 30d", s)
	}
	return d, nil
}

// formatAge writes whole days as "30d" and other durations as Go does.
func formatAge(d time.Duration) string {
	if d != 0 && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return d.String()
}
