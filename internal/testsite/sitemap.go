package testsite

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"mime"
	"net/http"
	"path/filepath"
	"strings"
)

// addSitemap adds /sitemap.xml (every post by the path the site links it
// by, then every listing page) and a /robots.txt that allows everything
// and names the sitemap.
func (s *Site) addSitemap() error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	entry := func(loc, lastmod string) {
		buf.WriteString("<url><loc>")
		_ = xml.EscapeText(&buf, []byte(placeholderOrigin+loc)) // a bytes.Buffer does not fail
		buf.WriteString("</loc>")
		if lastmod != "" {
			buf.WriteString("<lastmod>" + lastmod + "</lastmod>")
		}
		buf.WriteString("</url>\n")
	}
	for _, p := range s.posts {
		entry(p.Link, p.Date.Format("2006-01-02"))
	}
	for _, k := range s.Paths() {
		pg := s.pages[k]
		if pg.contentType != htmlType || s.isPost(k) || s.isStaticPage(k) {
			continue
		}
		entry(k, "")
	}
	buf.WriteString("</urlset>\n")
	if err := s.add("/sitemap.xml", page{status: http.StatusOK, contentType: "application/xml", body: buf.Bytes()}); err != nil {
		return err
	}
	robots := fmt.Sprintf("User-agent: *\nAllow: /\n\nSitemap: %s/sitemap.xml\n", placeholderOrigin)
	return s.add("/robots.txt", page{status: http.StatusOK, contentType: "text/plain; charset=utf-8", body: []byte(robots)})
}

func (s *Site) isPost(key string) bool {
	for _, p := range s.posts {
		if key == p.URL || key == p.Link {
			return true
		}
	}
	return false
}

func (s *Site) isStaticPage(key string) bool {
	for _, pc := range s.cfg.Pages {
		if pc.Path == key {
			return true
		}
	}
	return false
}

func contentType(name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}
