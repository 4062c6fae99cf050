package testsite

import (
	"fmt"
	"strconv"
	"strings"
)

// postPath expands a post URL pattern.
func postPath(pattern string, p *Post) string {
	return strings.NewReplacer(
		"{id}", strconv.Itoa(p.ID),
		"{slug}", p.Slug,
		"{yyyy}", p.Date.Format("2006"),
		"{mm}", p.Date.Format("01"),
		"{dd}", p.Date.Format("02"),
	).Replace(pattern)
}

// archivePath expands an author, tag or category pattern.
func archivePath(pattern, token, slug string) string {
	return strings.ReplaceAll(pattern, "{"+token+"}", slug)
}

// pagedPath is the path of page n (1 and up) of a listing whose first page
// is base.
func pagedPath(pattern, base string, n int) string {
	if n <= 1 {
		return base
	}
	return strings.NewReplacer(
		"{base}", base,
		"{n}", strconv.Itoa(n),
		"{i}", strconv.Itoa(n-1),
	).Replace(pattern)
}

// pageKey is how the handler finds a page: the path, plus "?" and the raw
// query when the URL has one.
func pageKey(pathAndQuery string) (string, error) {
	if !strings.HasPrefix(pathAndQuery, "/") {
		return "", fmt.Errorf("%w: %q is not a root-relative path", ErrConfig, pathAndQuery)
	}
	return pathAndQuery, nil
}
