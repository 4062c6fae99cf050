package scraper

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

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

// sitemapEntry is one <url> or <sitemap> entry of a sitemap.
type sitemapEntry struct {
	// Loc is the <loc> as written; the caller resolves and canonicalises it.
	Loc string
	// Lastmod is the latest instant the entry's <lastmod> can mean (see
	// parseLastmod), zero when it is absent or unreadable.
	Lastmod time.Time
}

// parseSitemap reads a sitemap (<urlset>) or sitemap index
// (<sitemapindex>) and returns each entry that has a <loc>, at most
// maxSitemapURLs.
func parseSitemap(body []byte) (entries []sitemapEntry, index bool, err error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	var (
		root    string
		depth   int // element depth, the root being 1
		inEntry bool
		inLoc   bool
		inMod   bool
		loc     strings.Builder
		mod     strings.Builder
		entry   sitemapEntry
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
				entry = sitemapEntry{}
			case depth == 3 && name == "loc" && inEntry:
				inLoc = true
				loc.Reset()
			case depth == 3 && name == "lastmod" && inEntry:
				inMod = true
				mod.Reset()
			}
		case xml.CharData:
			switch {
			case inLoc:
				loc.Write(t)
			case inMod && mod.Len() < 64:
				mod.Write(t)
			}
		case xml.EndElement:
			depth--
			name := strings.ToLower(t.Name.Local)
			switch {
			case name == "loc" && inLoc && depth == 2:
				inLoc = false
				entry.Loc = strings.TrimSpace(loc.String())
			case name == "lastmod" && inMod && depth == 2:
				inMod = false
				entry.Lastmod, _ = parseLastmod(mod.String())
			case depth == 1 && (name == "url" || name == "sitemap") && inEntry:
				inEntry = false
				if entry.Loc != "" {
					entries = append(entries, entry)
					if len(entries) >= maxSitemapURLs {
						return entries, root == "sitemapindex", nil
					}
				}
			}
		}
	}
	if root == "" {
		return nil, false, errors.New("sitemap: no root element")
	}
	if inEntry && entry.Loc != "" {
		entries = append(entries, entry) // a truncated file's last entry
	}
	return entries, root == "sitemapindex", nil
}

// lastmodForms are the W3C datetime forms a sitemap <lastmod> takes
// (https://www.w3.org/TR/NOTE-datetime), plus common variants without a
// time zone, with the length of time each names: a date names a whole
// day, a time without seconds a whole minute.
var lastmodForms = []struct {
	layout string
	zoned  bool
	years  int
	months int
	days   int
	span   time.Duration
}{
	{layout: "2006-01-02T15:04:05.999999999Z07:00", zoned: true},
	{layout: "2006-01-02 15:04:05.999999999Z07:00", zoned: true},
	{layout: "2006-01-02T15:04Z07:00", zoned: true, span: time.Minute},
	{layout: "2006-01-02T15:04:05.999999999"},
	{layout: "2006-01-02 15:04:05.999999999"},
	{layout: "2006-01-02T15:04", span: time.Minute},
	{layout: "2006-01-02", days: 1},
	{layout: "2006-01", months: 1},
	{layout: "2006", years: 1},
}

// latestZone is the offset of the latest time zone, UTC−12: a time
// written without a zone means no later than that time there.
const latestZone = 12 * time.Hour

// parseLastmod reads a sitemap <lastmod> as the latest instant it can
// mean, in UTC: the end of the second, minute, day, month or year it
// names, read in the latest time zone when it has none. So a page is taken
// as unchanged since a fetch only when every reading of its <lastmod> is
// before that fetch. ok is false when s is empty or in no known form.
func parseLastmod(s string) (t time.Time, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, f := range lastmodForms {
		t, err := time.Parse(f.layout, s)
		if err != nil {
			continue
		}
		end := t.AddDate(f.years, f.months, f.days).Add(f.span)
		if end.Equal(t) && !strings.Contains(s, ".") {
			end = t.Add(time.Second) // whole seconds name a second
		}
		if end.After(t) {
			end = end.Add(-time.Nanosecond)
		}
		if !f.zoned {
			end = end.Add(latestZone)
		}
		return end.UTC(), true
	}
	return time.Time{}, false
}
