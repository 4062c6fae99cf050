package testsite_test

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ingest-archive/ingest/internal/testsite"
)

func siteDir(name string) string {
	return filepath.Join("..", "..", "testdata", "sites", name)
}

// siteCase describes what each test site must hold.
type siteCase struct {
	name string
	// pages that are not posts and must answer 200
	pages []string
	// text that appears on pages around the post bodies and must never
	// be part of a truth text or Markdown
	chrome []string
}

var siteCases = []siteCase{
	{
		name:   "community",
		pages:  []string{"/", "/?page=1", "/about", "/contact", "/tags/housing", "/user/priya-natarajan", "/robots.txt", "/sitemap.xml"},
		chrome: []string{"Upcoming events", "Riverside litter pick", "Recent posts", "unsubscribe with a single click", "non-political volunteer group", "step-free access"},
	},
	{
		name:   "thinktank",
		pages:  []string{"/", "/page/2/", "/about/", "/contact/", "/topics/energy/", "/authors/helena-marsh/"},
		chrome: []string{"Eastgate Institute Team", "Get our analysis in your inbox", "Every Friday we send", "registered charity", "Related"},
	},
	{
		name:   "newswire",
		pages:  []string{"/", "/page/2/", "/about/", "/contact/", "/tag/port/", "/category/business/", "/author/marisol-vega/"},
		chrome: []string{"Related posts", "Recent Posts", "Leave a Reply", "Proudly powered by WordPress", "Estuary Media Cooperative"},
	},
}

var mdLink = regexp.MustCompile(`\]\((/[^)\s]*)\)`)

// localLinks returns the root-relative link and image targets of a
// Markdown body.
func localLinks(md string) []string {
	var out []string
	for _, m := range mdLink.FindAllStringSubmatch(md, -1) {
		out = append(out, m[1])
	}
	return out
}

func get(t *testing.T, srv *httptest.Server, path string) (int, string) {
	t.Helper()
	c := srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Get(srv.URL + path)
	if err != nil {
		t.Fatalf("get %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return resp.StatusCode, string(b)
}

func TestSites(t *testing.T) {
	for _, tc := range siteCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			site, err := testsite.Load(siteDir(tc.name))
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(site.Handler())
			defer srv.Close()
			truth := site.Truth()
			if n := len(truth); n < 40 || n > 60 {
				t.Errorf("truth has %d posts, want 40 to 60", n)
			}
			for _, p := range truth {
				code, body := get(t, srv, p.Path)
				if code != http.StatusOK {
					t.Errorf("%s: status %d", p.Path, code)
					continue
				}
				if !strings.Contains(html.UnescapeString(body), p.Title) {
					t.Errorf("%s: page lacks title %q", p.Path, p.Title)
				}
				if strings.Contains(body, "testsite.invalid") || !strings.Contains(body, srv.URL) {
					t.Errorf("%s: absolute links do not name the request origin", p.Path)
				}
				if p.Authors == nil || p.Text == "" || p.Markdown == "" || len(p.Date) != len("2006-01-02") {
					t.Errorf("%s: incomplete truth %+v", p.Path, p)
				}
				for _, c := range append(tc.chrome, "Read also") {
					if strings.Contains(p.Text, c) || strings.Contains(p.Markdown, c) {
						t.Errorf("%s: truth contains page chrome %q", p.Path, c)
					}
				}
			}
			for _, path := range tc.pages {
				if code, _ := get(t, srv, path); code != http.StatusOK {
					t.Errorf("%s: status %d, want 200", path, code)
				}
			}
			for _, p := range truth {
				for _, path := range tc.pages {
					if u, _ := url.Parse(path); u.Path == p.Path && u.RawQuery == "" {
						t.Errorf("non-post page %s is in the truth", path)
					}
				}
			}
			if code, _ := get(t, srv, "/no/such/page/"); code != http.StatusNotFound {
				t.Errorf("unknown path: status %d, want 404", code)
			}
			for _, p := range site.Posts() {
				for _, link := range localLinks(p.Markdown) {
					if code, _ := get(t, srv, link); code != http.StatusOK {
						t.Errorf("%s links to %s: status %d", p.URL, link, code)
					}
				}
			}
			_, sitemap := get(t, srv, "/sitemap.xml")
			if n := strings.Count(sitemap, "<loc>"); n <= len(truth) {
				t.Errorf("sitemap lists %d URLs, want posts and listings (more than %d)", n, len(truth))
			}
			var buf bytes.Buffer
			if err := testsite.WriteTruth(&buf, truth); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
			if len(lines) != len(truth) {
				t.Fatalf("WriteTruth wrote %d lines for %d posts", len(lines), len(truth))
			}
			var first map[string]any
			if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"path", "title", "authors", "date", "text", "markdown"} {
				if _, ok := first[k]; !ok {
					t.Errorf("truth line lacks %q", k)
				}
			}
		})
	}
}
