package storage

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/ingest-archive/ingest/normalize"
)

// Link kinds: how a URL was merged into a record it does not declare.
const (
	linkSame = "same" // the same content hash
	linkNear = "near" // a simhash within nearDistance
)

// link is the value in the links bucket: a URL whose page was merged into
// record ID by content, with what that page held when last seen, so a
// later visit can tell whether it still belongs there.
type link struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	ContentHash string `json:"content_hash"`
	Simhash     uint64 `json:"simhash"`
	Distance    int    `json:"distance"`
	Linked      string `json:"linked"`
}

func (b *buckets) link(u string) (link, bool) {
	v := b.links.Get([]byte(u))
	if v == nil {
		return link{}, false
	}
	var l link
	if err := json.Unmarshal(v, &l); err != nil {
		return link{}, false
	}
	return l, true
}

func (b *buckets) putLink(u string, l link) error {
	v, err := json.Marshal(l)
	if err != nil {
		return fmt.Errorf("encode link: %w", err)
	}
	return b.links.Put([]byte(u), v)
}

// slashVariant returns u with its trailing slash toggled (/a/x <-> /a/x/),
// keeping the query, or "" for a root URL or a URL that is not absolute.
func slashVariant(u string) string {
	scheme := strings.Index(u, "://")
	if scheme < 0 {
		return ""
	}
	pathStart := strings.IndexByte(u[scheme+3:], '/')
	if pathStart < 0 {
		return ""
	}
	pathStart += scheme + 3
	end := len(u)
	if q := strings.IndexByte(u, '?'); q >= 0 {
		end = q
	}
	if end <= pathStart+1 { // the path is "/" or empty
		return ""
	}
	path, rest := u[pathStart:end], u[end:]
	if strings.HasSuffix(path, "/") {
		path = strings.TrimSuffix(path, "/")
	} else {
		path += "/"
	}
	return u[:pathStart] + path + rest
}

// sameURL reports whether a and b are equal up to a trailing slash.
func sameURL(a, b string) bool {
	return a == b || (a != "" && slashVariant(a) == b)
}

// lookup finds the record that one of urls (or its trailing-slash variant)
// belongs to. Exact matches win over variants, and earlier URLs over later
// ones. It returns the id and the key that matched.
func (b *buckets) lookup(urls []string) (id, matched string) {
	for _, u := range urls {
		if v := b.urls.Get([]byte(u)); v != nil {
			return string(v), u
		}
	}
	for _, u := range urls {
		if vu := slashVariant(u); vu != "" {
			if v := b.urls.Get([]byte(vu)); v != nil {
				return string(v), vu
			}
		}
	}
	return "", ""
}

// resolve turns an id or a URL into a record id, or "".
func (b *buckets) resolve(idOrURL string) string {
	key := strings.TrimSpace(idOrURL)
	if key == "" {
		return ""
	}
	if b.records.Get([]byte(key)) != nil {
		return key
	}
	cands := []string{key}
	if c, err := normalize.CanonicalURL(key); err == nil && c != key {
		cands = append(cands, c)
	}
	id, _ := b.lookup(cands)
	return id
}

// find returns the record idOrURL resolves to (see resolve), or
// ErrNotFound.
func (b *buckets) find(idOrURL string) (normalize.Record, error) {
	id := b.resolve(idOrURL)
	if id == "" {
		return normalize.Record{}, ErrNotFound
	}
	r, ok, err := b.record(id)
	if err != nil {
		return normalize.Record{}, err
	}
	if !ok {
		return normalize.Record{}, ErrNotFound
	}
	return r, nil
}

// addAliases adds urls to r's aliases, skipping r's own URL and URLs that
// belong to another record, and points the urls bucket at r. It keeps the
// aliases sorted and unique.
func (b *buckets) addAliases(r *normalize.Record, urls []string) error {
	for _, u := range urls {
		if u == "" || u == r.URL {
			continue
		}
		if owner := b.urls.Get([]byte(u)); owner != nil && string(owner) != r.ID {
			continue
		}
		if err := b.urls.Put([]byte(u), []byte(r.ID)); err != nil {
			return err
		}
		r.Aliases = append(r.Aliases, u)
	}
	r.Aliases = sortedUnique(r.Aliases, r.URL)
	return nil
}

// sortedUnique sorts list, drops duplicates, empty strings and skip.
func sortedUnique(list []string, skip string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		if s != "" && s != skip {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// detach removes the content links among urls from record r: the pages at
// those URLs no longer match it.
func (b *buckets) detach(r *normalize.Record, urls []string) error {
	for _, u := range urls {
		for _, k := range []string{u, slashVariant(u)} {
			l, ok := b.link(k)
			if !ok || l.ID != r.ID {
				continue
			}
			if err := b.links.Delete([]byte(k)); err != nil {
				return err
			}
			if err := b.urls.Delete([]byte(k)); err != nil {
				return err
			}
			r.Aliases = slices.DeleteFunc(r.Aliases, func(a string) bool { return a == k })
		}
	}
	return nil
}

// canonicalURLs returns the canonical forms of rec.URL and rec.Aliases: the
// first is the record's URL, the rest its aliases, without duplicates.
func canonicalURLs(rec normalize.Record) ([]string, error) {
	main, err := normalize.CanonicalURL(rec.URL)
	if err != nil {
		return nil, fmt.Errorf("%w: url: %v", ErrInvalidRecord, err)
	}
	out := []string{main}
	for _, a := range rec.Aliases {
		c, err := normalize.CanonicalURL(a)
		if err != nil || slices.Contains(out, c) {
			continue
		}
		out = append(out, c)
	}
	return out, nil
}
