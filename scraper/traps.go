package scraper

import (
	"context"
	"slices"
	"strings"
)

// Crawler traps are chains of pages made up on request: a calendar's next
// month, a search's next page, a session id in a query. Their URLs differ
// only in numbers or query values, and past the first few pages they lead
// to nothing new. A chain is cut when Config.TrapPages of its pages in a
// row brought no new link of another shape; real pagination, whose every
// page brings new article links, is walked to its end.

// shape is a URL with every run of digits folded to one 0 and every query
// value dropped: two URLs of one shape differ only in numbers or query
// values, whatever the order of their parameters. It works on the string,
// without parsing the URL: it runs for every link found.
func shape(u string) string {
	base, query, ok := strings.Cut(u, "?")
	if !ok {
		return digitsFolded(u)
	}
	keys := strings.Split(query, "&")
	for i, kv := range keys {
		keys[i], _, _ = strings.Cut(kv, "=")
	}
	slices.Sort(keys)
	return digitsFolded(base) + "?" + strings.Join(keys, "&")
}

// frontierKnower is a Frontier that can tell whether it knows a URL; a
// crawl with one counts only new URLs among those it cuts.
type frontierKnower interface {
	Known(ctx context.Context, url string) (bool, error)
}

// addFound queues the links a page led to and cuts trap chains. Links of
// another shape than the page are queued first: if any of them is new,
// the page was fruitful, and the links of its own shape start a new
// chain; if none is, they carry the page's count of fruitless pages in a
// row plus one, and are not queued once it passes Config.TrapPages.
func (c *crawler) addFound(ctx context.Context, r workResult) error {
	fruitless := c.chains[r.entry.URL]
	if r.action != actRetry && r.action != actRequeue {
		delete(c.chains, r.entry.URL) // settled: it comes back no more
	}
	if len(r.found) == 0 {
		return nil
	}
	from := shape(r.entry.URL)
	var same, other []Entry
	for _, e := range r.found {
		if shape(e.URL) == from {
			same = append(same, e)
		} else {
			other = append(other, e)
		}
	}
	fresh := 0
	if len(other) > 0 {
		n, err := c.front.Add(ctx, other...)
		if err != nil {
			return err
		}
		fresh = n
	}
	if len(same) == 0 {
		return nil
	}
	if fresh > 0 {
		fruitless = 0
	} else {
		fruitless++
	}
	if fruitless > c.cfg.TrapPages {
		return c.cut(ctx, r.entry.URL, same)
	}
	for _, e := range same {
		n, err := c.front.Add(ctx, e)
		if err != nil {
			return err
		}
		if n == 1 && fruitless > 0 {
			c.chains[e.URL] = fruitless
		}
	}
	return nil
}

// cut counts the links of a trap chain that are not followed.
func (c *crawler) cut(ctx context.Context, from string, links []Entry) error {
	k, canKnow := c.front.(frontierKnower)
	for _, e := range links {
		if canKnow {
			known, err := k.Known(ctx, e.URL)
			if err != nil {
				return err
			}
			if known {
				continue
			}
		}
		c.sum.TrapsCut++
		c.log.Debug("trap: not following", "url", e.URL, "from", from, "fruitless", c.cfg.TrapPages)
	}
	return nil
}
