package scraper

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// maxSitemapURLs is the most URLs read from one sitemap file, the limit the
// sitemaps protocol sets.
const maxSitemapURLs = 50000

// xmlRoot returns the local name of the root element of an XML document, or
// "" when body does not start like XML.
func xmlRoot(body []byte) string {
	trimmed := bytes.TrimLeft(body, "\xef\xbb\xbf \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '<' {
		return ""
	}
	d := xml.NewDecoder(bytes.NewReader(trimmed))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	for i := 0; i < 64; i++ {
		tok, err := d.RawToken()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			return strings.ToLower(se.Name.Local)
		}
	}
	return ""
}

// parseSitemap reads a sitemap (<urlset>) or sitemap index
// (<sitemapindex>) and returns the <loc> of each entry, at most
// maxSitemapURLs. Entries are returned as written; the caller resolves and
// canonicalises them.
func parseSitemap(body []byte) (locs []string, index bool, err error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	var (
		root    string
		depth   int // element depth, the root being 1
		inEntry bool
		inLoc   bool
		loc     strings.Builder
	)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if root == "" {
				return nil, false, fmt.Errorf("sitemap: %w", err)
			}
			break // keep what a truncated or sloppy file gave
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			name := strings.ToLower(t.Name.Local)
			if root == "" {
				root = name
				if root != "urlset" && root != "sitemapindex" {
					return nil, false, fmt.Errorf("sitemap: root element <%s> is not urlset or sitemapindex", t.Name.Local)
				}
				continue
			}
			// Only <loc> directly inside a top-level <url> or <sitemap>:
			// extensions such as <image:loc> sit deeper.
			switch {
			case depth == 2 && (name == "url" || name == "sitemap"):
				inEntry = true
			case depth == 3 && name == "loc" && inEntry:
				inLoc = true
				loc.Reset()
			}
		case xml.CharData:
			if inLoc {
				loc.Write(t)
			}
		case xml.EndElement:
			depth--
			name := strings.ToLower(t.Name.Local)
			switch {
			case name == "loc" && inLoc && depth == 2:
				inLoc = false
				if s := strings.TrimSpace(loc.String()); s != "" {
					locs = append(locs, s)
					if len(locs) >= maxSitemapURLs {
						return locs, root == "sitemapindex", nil
					}
				}
			case depth == 1 && (name == "url" || name == "sitemap"):
				inEntry = false
			}
		}
	}
	if root == "" {
		return nil, false, errors.New("sitemap: no root element")
	}
	return locs, root == "sitemapindex", nil
}
