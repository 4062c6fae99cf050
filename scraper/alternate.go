package scraper

import (
	"context"
	"fmt"
	"sync"
)

// AliasSink is an optional interface of a Sink. A page that is not an
// article itself but names an article as its rel=canonical (a print view,
// an AMP copy, a stub) is reported through it, so the article's record
// keeps the page's URL as an alias whichever of the two is fetched first.
type AliasSink interface {
	// Alias adds aliases to the stored record at target and reports
	// whether such a record exists yet.
	Alias(ctx context.Context, target string, aliases []string) (bool, error)
}

// maxAlternates bounds the aliases held for articles not yet stored.
const maxAlternates = 100000

// alternates holds aliases declared for canonical URLs whose article has
// not been delivered yet. It is safe for concurrent use.
type alternates struct {
	mu      sync.Mutex
	pending map[string][]string
	n       int
}

func (a *alternates) add(target string, aliases []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.n >= maxAlternates {
		return
	}
	if a.pending == nil {
		a.pending = make(map[string][]string)
	}
	a.pending[target] = append(a.pending[target], aliases...)
	a.n += len(aliases)
}

// take returns and forgets the aliases held for target.
func (a *alternates) take(target string) []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := a.pending[target]
	delete(a.pending, target)
	a.n -= len(out)
	return out
}

// alternate records that the non-article page fetched under urls declares
// target as its canonical URL.
func (c *crawler) alternate(ctx context.Context, target string, urls ...string) error {
	var aliases []string
	seen := map[string]bool{target: true}
	for _, u := range urls {
		if u != "" && !seen[u] {
			seen[u] = true
			aliases = append(aliases, u)
		}
	}
	if len(aliases) == 0 {
		return nil
	}
	if as, ok := c.cfg.Sink.(AliasSink); ok {
		found, err := as.Alias(context.WithoutCancel(ctx), target, aliases)
		if err != nil {
			return fmt.Errorf("crawl: sink: alias %s: %w", target, err)
		}
		if found {
			return nil
		}
	}
	c.alts.add(target, aliases)
	return nil
}
