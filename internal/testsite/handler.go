package testsite

import (
	"bytes"
	"net/http"
	"strings"
)

// Handler serves the site. Pages are found by path plus raw query; a path
// without its trailing slash answers 301 to the slashed path when that is
// a page; everything else unknown answers the theme's 404 page. Absolute
// links name the origin of the request. The handler is safe for
// concurrent use.
func (s *Site) Handler() http.Handler {
	return http.HandlerFunc(s.serve)
}

func (s *Site) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	key := r.URL.Path
	if r.URL.RawQuery != "" {
		key += "?" + r.URL.RawQuery
	}
	pg, ok := s.pages[key]
	if !ok && r.URL.RawQuery == "" && !strings.HasSuffix(key, "/") {
		if _, slashed := s.pages[key+"/"]; slashed {
			http.Redirect(w, r, key+"/", http.StatusMovedPermanently)
			return
		}
	}
	if !ok {
		pg = s.pages[notFoundKey]
	}
	body := pg.body
	if strings.HasPrefix(pg.contentType, "text/") || pg.contentType == "application/xml" {
		body = bytes.ReplaceAll(body, []byte(placeholderOrigin), []byte(origin(r)))
	}
	w.Header().Set("Content-Type", pg.contentType)
	w.WriteHeader(pg.status)
	_, _ = w.Write(body) // the client went away; nothing to do
}

// origin is the scheme and Host of the request.
func origin(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}
