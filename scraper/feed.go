package scraper

import (
	"bytes"
	"fmt"

	"github.com/mmcdole/gofeed"
)

// maxFeedItems is the most items read from one feed.
const maxFeedItems = 10000

// parseFeed reads an RSS, Atom or JSON feed and returns the links it names:
// the site link and each item's links, as written. The caller resolves and
// canonicalises them.
func parseFeed(body []byte) ([]string, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	var links []string
	if f.Link != "" {
		links = append(links, f.Link)
	}
	for i, it := range f.Items {
		if i >= maxFeedItems {
			break
		}
		if it == nil {
			continue
		}
		if it.Link != "" {
			links = append(links, it.Link)
		}
		for _, l := range it.Links {
			if l != "" && l != it.Link {
				links = append(links, l)
			}
		}
	}
	return links, nil
}

// isFeed reports whether body looks like a feed gofeed can read.
func isFeed(body []byte) bool {
	return gofeed.DetectFeedType(bytes.NewReader(body)) != gofeed.FeedTypeUnknown
}
