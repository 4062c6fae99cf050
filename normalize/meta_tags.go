package normalize

import (
	"html"
	"strings"
	"unicode/utf8"
)

// metaItem is one <meta> value under one of its keys (name, property,
// itemprop or http-equiv), the key lower-cased.
type metaItem struct {
	key, value string
}

// metaTags indexes a page's <meta> values by key, in document order.
type metaTags map[string][]string

func newMetaTags(items []metaItem) metaTags {
	m := metaTags{}
	for _, it := range items {
		v := it.value
		if strings.IndexByte(v, '&') >= 0 {
			v = html.UnescapeString(v) // double-escaped content is common
		}
		v = collapseSpace(v)
		if v != "" {
			m[it.key] = append(m[it.key], v)
		}
	}
	return m
}

// first returns the first value under any of keys, tried in order.
func (m metaTags) first(keys ...string) string {
	for _, k := range keys {
		if vs := m[k]; len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

// all returns every value under keys, in key order.
func (m metaTags) all(keys ...string) []string {
	var out []string
	for _, k := range keys {
		out = append(out, m[k]...)
	}
	return out
}

// siteName is og:site_name, else the JSON-LD publisher or WebSite name,
// else application-name.
func siteName(mt metaTags, ld ldFacts) string {
	if s := mt.first("og:site_name"); s != "" {
		return s
	}
	if ld.Publisher != "" {
		return ld.Publisher
	}
	return mt.first("application-name", "apple-mobile-web-app-title")
}

// description is og:description, else the meta description, else the
// JSON-LD description.
func description(mt metaTags, ld ldFacts) string {
	if s := mt.first("og:description", "description", "twitter:description", "dc.description"); s != "" {
		return s
	}
	return ld.Description
}

// maxKeywordsMeta is the longest meta keywords list taken as tags: longer
// ones are SEO stuffing.
const maxKeywordsMeta = 200

// pageTags gathers article:tag, JSON-LD keywords, a short meta keywords
// and rel=tag links, de-duplicated in order.
func pageTags(mt metaTags, ld ldFacts, relTags []string) []string {
	var raw []string
	raw = append(raw, mt.all("article:tag", "og:article:tag")...)
	raw = append(raw, ld.Keywords...)
	if len(raw) == 0 {
		if kw := mt.first("keywords", "news_keywords"); kw != "" && len(kw) <= maxKeywordsMeta {
			raw = append(raw, strings.Split(kw, ",")...)
		}
	}
	raw = append(raw, relTags...)
	var out []string
	seen := map[string]bool{}
	for _, t := range raw {
		t = strings.TrimSpace(collapseSpace(t))
		k := strings.ToLower(t)
		if t == "" || seen[k] || utf8.RuneCountInString(t) > 60 {
			continue
		}
		seen[k] = true
		out = append(out, t)
	}
	return out
}
