package ingest

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// sampleSiteFiles holds the sample site: a small think-tank website with
// articles in three page templates, listings, tag and author pages, a feed,
// a sitemap, robots.txt and a PDF. testdata/site_expected.json and
// testdata/site_pages.json describe what it contains.
//
//go:embed all:testdata/site
var sampleSiteFiles embed.FS

// sampleSiteDir is the directory of sampleSiteFiles that is the site root.
const sampleSiteDir = "testdata/site"

// sampleOrigin is the origin written in the stored feed, sitemap and
// robots.txt, which must carry absolute URLs. SampleSite replaces it with the
// origin the request was made to.
const sampleOrigin = "https://northbridge.example"

// sampleRedirects maps old paths of the sample site to the paths they answer
// 301 with.
var sampleRedirects = map[string]string{
	"/2021/old-path-name": "/a/rate-rises-and-the-mortgage-cliff/",
}

// sampleContentTypes maps file extensions to the Content-Type served. HTML
// carries no charset parameter on purpose: readers must find the encoding in
// the page itself.
var sampleContentTypes = map[string]string{
	".html": "text/html",
	".xml":  "application/xml",
	".pdf":  "application/pdf",
	".txt":  "text/plain",
	".svg":  "image/svg+xml",
	".css":  "text/css",
}

const sampleNotFound = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Page not found | Northbridge Policy Forum</title>
</head>
<body>
<h1>Page not found</h1>
<p>Sorry, we could not find that page. Try the <a href="/">latest commentary</a>.</p>
</body>
</html>
`

// SampleSiteFS returns the files of the sample site, rooted at the site
// directory (index.html, a/<slug>/index.html, feed.xml, ...), exactly as
// stored: feed.xml, sitemap.xml and robots.txt name the placeholder origin
// https://northbridge.example.
func SampleSiteFS() fs.FS {
	sub, err := fs.Sub(sampleSiteFiles, sampleSiteDir)
	if err != nil {
		// fs.Sub fails only for an invalid directory name, and
		// sampleSiteDir is a valid constant.
		panic("sample site: " + err.Error())
	}
	return sub
}

// SampleSite returns the embedded sample site as an http.Handler, for tests
// and demonstrations. It behaves like a careless but ordinary web server:
//
//   - /a/slug and /a/slug/ serve the same page (200, no redirect), and query
//     strings are ignored;
//   - old paths listed in its redirect table answer 301;
//   - unknown paths answer 404 with a small HTML page;
//   - HTML is served as "text/html" with no charset parameter, .xml as
//     "application/xml", .pdf as "application/pdf", robots.txt as
//     "text/plain";
//   - feed.xml, sitemap.xml and robots.txt have their absolute URLs rewritten
//     to the origin of the request (http or https, and the Host header);
//   - responses carry a strong ETag and honour If-None-Match and HEAD.
//
// Only GET and HEAD are allowed. The handler is safe for concurrent use.
func SampleSite() http.Handler {
	return sampleSite{fsys: SampleSiteFS()}
}

type sampleSite struct {
	fsys fs.FS
}

func (s sampleSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if to, ok := sampleRedirects[r.URL.Path]; ok {
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return
	}
	name, ok := s.resolve(r.URL.Path)
	if !ok {
		sampleNotFoundPage(w)
		return
	}
	body, err := fs.ReadFile(s.fsys, name)
	if err != nil {
		sampleNotFoundPage(w)
		return
	}
	base := path.Base(name)
	ext := path.Ext(name)
	if ext == ".xml" || base == "robots.txt" {
		body = bytes.ReplaceAll(body, []byte(sampleOrigin), []byte(requestOrigin(r)))
	}
	ctype, ok := sampleContentTypes[ext]
	if !ok {
		ctype = "application/octet-stream"
	}
	sum := sha256.Sum256(body)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// resolve maps a request path to a file of the site. A path that names a
// directory, with or without the trailing slash, resolves to its index.html.
func (s sampleSite) resolve(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") {
		return "", false
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if name == "" {
		name = "."
	}
	if !fs.ValidPath(name) {
		return "", false
	}
	info, err := fs.Stat(s.fsys, name)
	if err != nil {
		return "", false
	}
	if info.IsDir() {
		index := path.Join(name, "index.html")
		if fi, err := fs.Stat(s.fsys, index); err == nil && fi.Mode().IsRegular() {
			return index, true
		}
		return "", false
	}
	if strings.HasSuffix(p, "/") || !info.Mode().IsRegular() {
		return "", false
	}
	return name, true
}

// requestOrigin is the scheme and host the request was made to, or the
// placeholder origin when the Host header is empty or holds anything but
// host-name and port characters.
func requestOrigin(r *http.Request) string {
	host := r.Host
	if host == "" {
		return sampleOrigin
	}
	for _, c := range host {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.ContainsRune(".-:[]", c)
		if !ok {
			return sampleOrigin
		}
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + host
}

func sampleNotFoundPage(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte(sampleNotFound))
}
