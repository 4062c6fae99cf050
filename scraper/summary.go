package scraper

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Why a crawl ended, in Summary.Stop.
const (
	StopDone     = "done"      // the frontier ran empty
	StopMaxPages = "max_pages" // Config.MaxPages reached
	StopCanceled = "canceled"  // the context was cancelled
	StopError    = "error"     // the Sink or Frontier failed
)

// Summary is what a crawl did. Counts are of distinct URLs.
type Summary struct {
	// Started is when the crawl began.
	Started time.Time `json:"started"`
	// Duration is how long it ran; JSON has it as a Go duration string.
	Duration time.Duration `json:"duration"`
	// Stop says why the crawl ended: done, max_pages, canceled or error.
	Stop string `json:"stop"`
	// PagesFetched counts 2xx responses read: pages, sitemaps, feeds.
	PagesFetched int `json:"pages_fetched"`
	// Articles by what the Sink did with them.
	Stored    int `json:"stored"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Merged    int `json:"merged"`
	// NotModified counts known URLs that answered 304 Not Modified to a
	// conditional request (see Config.Conditional).
	NotModified int `json:"not_modified"`
	// NonArticle counts HTML pages followed for links but not stored.
	NonArticle int `json:"non_article"`
	// Sitemaps and Feeds count the sitemap and feed documents read.
	Sitemaps int `json:"sitemaps"`
	Feeds    int `json:"feeds"`
	// SkippedNonHTML counts URLs not fetched for their extension plus
	// responses whose content was neither HTML, a sitemap nor a feed.
	SkippedNonHTML int `json:"skipped_non_html"`
	// SkippedFresh counts URLs not fetched because Config.Skip said so.
	SkippedFresh int `json:"skipped_fresh"`
	// RobotsDisallowed counts URLs robots.txt did not allow.
	RobotsDisallowed int `json:"robots_disallowed"`
	// TrapsCut counts new URLs not followed because they continue a chain
	// of pages that differ only in numbers or query values and brought
	// no new link (see Config.TrapPages).
	TrapsCut int `json:"traps_cut"`
	// Retries counts fetch attempts that were retried.
	Retries int `json:"retries"`
	// Errors counts URLs that failed for good, by kind: "http_404",
	// "timeout", "connection", "dns", "tls", "too_large", "out_of_scope",
	// "redirect_loop", "too_many_redirects", "private_address", "extract",
	// "parse", "fetch".
	Errors map[string]int `json:"errors"`
}

// ErrorCount is the sum of Errors.
func (s Summary) ErrorCount() int {
	n := 0
	for _, v := range s.Errors {
		n += v
	}
	return n
}

// Articles is the number of article pages delivered to the Sink.
func (s Summary) Articles() int { return s.Stored + s.Updated + s.Unchanged + s.Merged }

type summaryJSON Summary

// MarshalJSON writes Duration as a string such as "1m2.5s".
func (s Summary) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		summaryJSON
		Duration string `json:"duration"`
	}{summaryJSON(s), s.Duration.String()})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (s *Summary) UnmarshalJSON(b []byte) error {
	var v struct {
		summaryJSON
		Duration string `json:"duration"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = Summary(v.summaryJSON)
	if v.Duration != "" {
		d, err := time.ParseDuration(v.Duration)
		if err != nil {
			return fmt.Errorf("summary: duration: %w", err)
		}
		s.Duration = d
	}
	return nil
}

// String is a few lines for people.
func (s Summary) String() string {
	var b strings.Builder
	stop := s.Stop
	if stop == "" {
		stop = "running"
	}
	fmt.Fprintf(&b, "crawl %s after %s: %d pages fetched\n", stop, s.Duration.Round(time.Millisecond), s.PagesFetched)
	fmt.Fprintf(&b, "  articles:  %d stored, %d updated, %d unchanged, %d duplicates merged\n",
		s.Stored, s.Updated, s.Unchanged, s.Merged)
	if s.NotModified > 0 {
		fmt.Fprintf(&b, "  revisits:  %d not modified\n", s.NotModified)
	}
	fmt.Fprintf(&b, "  other:     %d non-article pages, %d sitemaps, %d feeds\n", s.NonArticle, s.Sitemaps, s.Feeds)
	fmt.Fprintf(&b, "  skipped:   %d non-HTML, %d disallowed by robots.txt", s.SkippedNonHTML, s.RobotsDisallowed)
	if s.SkippedFresh > 0 {
		fmt.Fprintf(&b, ", %d unchanged by sitemap lastmod", s.SkippedFresh)
	}
	if s.TrapsCut > 0 {
		fmt.Fprintf(&b, ", %d cut as traps", s.TrapsCut)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "  errors:    %d", s.ErrorCount())
	if len(s.Errors) > 0 {
		kinds := slices.Sorted(maps.Keys(s.Errors))
		parts := make([]string, len(kinds))
		for i, k := range kinds {
			parts[i] = fmt.Sprintf("%s %d", k, s.Errors[k])
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	fmt.Fprintf(&b, ", %d retries", s.Retries)
	return b.String()
}

// Progress is a snapshot of a running crawl for a live status line.
type Progress struct {
	Elapsed  time.Duration `json:"elapsed"`
	Fetched  int           `json:"fetched"`
	Articles int           `json:"articles"`
	Done     int           `json:"done"`
	Queued   int           `json:"queued"`
	InFlight int           `json:"in_flight"`
	Errors   int           `json:"errors"`
	// Rate is pages fetched per second since the start.
	Rate float64 `json:"rate"`
}

// String is a one-line status.
func (p Progress) String() string {
	return fmt.Sprintf("%d done, %d queued, %d in flight, %d articles, %d errors, %.1f pages/s",
		p.Done, p.Queued, p.InFlight, p.Articles, p.Errors, p.Rate)
}
