package normalize

import (
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
)

// The selectors extractNavigation reads, compiled once.
var (
	canonicalSel = cascadia.MustCompile(`link[rel~="canonical"][href]`)
	ogURLSel     = cascadia.MustCompile(`meta[property="og:url"][content]`)
	alternateSel = cascadia.MustCompile(`link[rel~="alternate"][href]`)
	nextSel      = cascadia.MustCompile(`link[rel~="next"][href], a[rel~="next"][href]`)
	httpEquivSel = cascadia.MustCompile(`meta[http-equiv]`)
	linkSel      = cascadia.MustCompile("a[href], area[href]")
)

// navigation is what a crawler needs from a page to go on.
type navigation struct {
	canonical string
	links     []string
	feeds     []string
	next      string
	refresh   string
}

// extractNavigation collects the page's canonical URL, outgoing links,
// feeds, pagination and meta refresh target, all absolute and canonical.
func extractNavigation(doc *goquery.Document, base *url.URL) navigation {
	var nav navigation
	if href, ok := doc.FindMatcher(canonicalSel).First().Attr("href"); ok {
		nav.canonical = ResolveURL(base, href)
	}
	if nav.canonical == "" {
		if c, ok := doc.FindMatcher(ogURLSel).First().Attr("content"); ok {
			nav.canonical = ResolveURL(base, c)
		}
	}
	doc.FindMatcher(alternateSel).Each(func(_ int, s *goquery.Selection) {
		t := strings.ToLower(s.AttrOr("type", ""))
		if strings.Contains(t, "rss") || strings.Contains(t, "atom") {
			if u := ResolveURL(base, s.AttrOr("href", "")); u != "" {
				nav.feeds = append(nav.feeds, u)
			}
		}
	})
	if href, ok := doc.FindMatcher(nextSel).First().Attr("href"); ok {
		nav.next = ResolveURL(base, href)
	}
	doc.FindMatcher(httpEquivSel).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if !strings.EqualFold(s.AttrOr("http-equiv", ""), "refresh") {
			return true
		}
		nav.refresh = refreshTarget(base, s.AttrOr("content", ""))
		return false
	})
	seen := map[string]bool{}
	hrefs := map[string]bool{} // resolved already: the same href gives the same URL
	doc.FindMatcher(linkSel).Each(func(_ int, s *goquery.Selection) {
		if rel := strings.ToLower(s.AttrOr("rel", "")); strings.Contains(rel, "nofollow") && strings.Contains(rel, "ugc") {
			return // user-generated links in comments
		}
		href := s.AttrOr("href", "")
		if hrefs[href] {
			return
		}
		hrefs[href] = true
		u := ResolveURL(base, href)
		if u == "" || seen[u] {
			return
		}
		seen[u] = true
		nav.links = append(nav.links, u)
	})
	return nav
}

// refreshTarget parses a meta refresh content value like "0; url=/x".
func refreshTarget(base *url.URL, content string) string {
	i := strings.Index(strings.ToLower(content), "url=")
	if i < 0 {
		return ""
	}
	return ResolveURL(base, strings.Trim(content[i+4:], ` '"`))
}
