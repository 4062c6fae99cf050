package scraper

import (
	"bytes"
	"mime"
	"net/http"
	"strings"
)

// contentKind is what a response body is, for the crawl.
type contentKind int

const (
	contentOther contentKind = iota
	contentHTML
	contentSitemap
	contentFeed
)

func (k contentKind) String() string {
	switch k {
	case contentHTML:
		return "html"
	case contentSitemap:
		return "sitemap"
	case contentFeed:
		return "feed"
	}
	return "other"
}

// mediaType is the lower-case media type of a Content-Type header.
func mediaType(contentType string) string {
	if contentType == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt, _, _ = strings.Cut(contentType, ";")
	}
	return strings.ToLower(strings.TrimSpace(mt))
}

// clearlyNotText reports media types that can never be a page, sitemap or
// feed; their bodies are not downloaded.
func clearlyNotText(mt string) bool {
	major, minor, _ := strings.Cut(mt, "/")
	switch major {
	case "image", "audio", "video", "font", "model", "multipart":
		return true
	case "text":
		return minor == "css" || minor == "javascript" || minor == "csv" || minor == "calendar"
	case "application":
		switch {
		case strings.Contains(minor, "xml"), strings.Contains(minor, "rss"), strings.Contains(minor, "atom"),
			strings.Contains(minor, "html"), strings.Contains(minor, "gzip"),
			minor == "octet-stream", minor == "feed+json", minor == "json":
			return false
		}
		return true
	}
	return false
}

// classifyContent decides what a body is from its media type and its first
// bytes. Servers often send sitemaps and feeds as text/plain, text/html or
// application/octet-stream, so XML roots are sniffed whatever the type says,
// while HTML is taken only from an HTML type or from a body that sniffs as
// HTML under a vague type.
func classifyContent(mt string, body []byte) contentKind {
	switch root := xmlRoot(body); root {
	case "urlset", "sitemapindex":
		return contentSitemap
	case "rss", "feed", "rdf":
		if isFeed(body) {
			return contentFeed
		}
	case "html":
		return contentHTML
	}
	switch {
	case mt == "text/html" || mt == "application/xhtml+xml":
		return contentHTML
	case mt == "application/feed+json" || mt == "application/json":
		if bytes.Contains(body, []byte("jsonfeed.org/version")) && isFeed(body) {
			return contentFeed
		}
		return contentOther
	case mt == "" || mt == "text/plain" || mt == "application/octet-stream":
		sniff := body
		if len(sniff) > 512 {
			sniff = sniff[:512]
		}
		if strings.HasPrefix(http.DetectContentType(sniff), "text/html") ||
			bytes.Contains(bytes.ToLower(sniff), []byte("<html")) {
			return contentHTML
		}
	}
	return contentOther
}
