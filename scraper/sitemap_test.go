package scraper

import (
	"slices"
	"strings"
	"testing"
)

func TestParseSitemap(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		locs    []string
		index   bool
		wantErr bool
	}{
		{
			name: "urlset",
			body: `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
 <url><loc> https://x.org/a/1 </loc><image:image><image:loc>https://x.org/i.jpg</image:loc></image:image></url>
 <url><loc>https://x.org/a/2?x=1&amp;y=2</loc></url>
</urlset>`,
			locs: []string{"https://x.org/a/1", "https://x.org/a/2?x=1&y=2"},
		},
		{
			name:  "index",
			body:  `<sitemapindex><sitemap><loc>https://x.org/s1.xml.gz</loc></sitemap><sitemap><loc>https://x.org/s2.xml</loc></sitemap></sitemapindex>`,
			locs:  []string{"https://x.org/s1.xml.gz", "https://x.org/s2.xml"},
			index: true,
		},
		{
			name: "latin-1",
			body: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><urlset><url><loc>https://x.org/caf\xe9</loc></url></urlset>",
			locs: []string{"https://x.org/café"},
		},
		{
			name: "truncated keeps what was read",
			body: `<urlset><url><loc>https://x.org/a</loc></url><url><loc>https://x.org/b`,
			locs: []string{"https://x.org/a"},
		},
		{name: "rss is not a sitemap", body: `<rss><channel></channel></rss>`, wantErr: true},
		{name: "not xml", body: `hello`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, index, err := parseSitemap([]byte(tt.body))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			var locs []string
			for _, e := range entries {
				locs = append(locs, e.Loc)
			}
			if !slices.Equal(locs, tt.locs) || index != tt.index {
				t.Errorf("got %q index=%v, want %q index=%v", locs, index, tt.locs, tt.index)
			}
		})
	}
}

func TestParseSitemapLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("<urlset>")
	for range maxSitemapURLs + 10 {
		b.WriteString("<url><loc>https://x.org/a</loc></url>")
	}
	b.WriteString("</urlset>")
	entries, _, err := parseSitemap([]byte(b.String()))
	if err != nil || len(entries) != maxSitemapURLs {
		t.Errorf("%d entries, %v", len(entries), err)
	}
}

func TestParseFeed(t *testing.T) {
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://x.org/</link>
<item><title>1</title><link>https://x.org/a/1</link></item>
<item><title>2</title><link>/a/2</link></item></channel></rss>`
	links, err := parseFeed([]byte(rss))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"https://x.org/", "https://x.org/a/1", "/a/2"}; !slices.Equal(links, want) {
		t.Errorf("links = %q, want %q", links, want)
	}
	if _, err := parseFeed([]byte("<html></html>")); err == nil {
		t.Error("HTML parsed as a feed")
	}
}

func TestClassifyContent(t *testing.T) {
	tests := []struct {
		mt   string
		body string
		want contentKind
	}{
		{"text/html", "<!doctype html><html><body>x</body></html>", contentHTML},
		{"application/xhtml+xml", `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"></html>`, contentHTML},
		{"text/html", `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>`, contentFeed},
		{"application/xml", `<?xml version="1.0"?><urlset></urlset>`, contentSitemap},
		{"text/plain", `<sitemapindex></sitemapindex>`, contentSitemap},
		{"application/octet-stream", `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>`, contentFeed},
		{"", "<html><body>no type</body></html>", contentHTML},
		{"text/plain", "just words", contentOther},
		{"application/json", `{"a":1}`, contentOther},
		{"application/feed+json", `{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[]}`, contentFeed},
		{"application/xml", `<?xml version="1.0"?><catalog></catalog>`, contentOther},
	}
	for _, tt := range tests {
		if got := classifyContent(tt.mt, []byte(tt.body)); got != tt.want {
			t.Errorf("classifyContent(%q, %.40q) = %v, want %v", tt.mt, tt.body, got, tt.want)
		}
	}
}

func TestClearlyNotText(t *testing.T) {
	for mt, want := range map[string]bool{
		"text/html": false, "application/xml": false, "application/rss+xml": false,
		"application/x-gzip": false, "application/octet-stream": false, "text/plain": false, "": false,
		"image/png": true, "application/pdf": true, "video/mp4": true, "text/css": true, "application/zip": true,
	} {
		if got := clearlyNotText(mt); got != want {
			t.Errorf("clearlyNotText(%q) = %v, want %v", mt, got, want)
		}
	}
}
