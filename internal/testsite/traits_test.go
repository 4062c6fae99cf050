package testsite_test

import (
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/ingest-archive/ingest/internal/testsite"
)

// TestTraits checks the markup each site exists to reproduce.
func TestTraits(t *testing.T) {
	load := func(t *testing.T, name string) (*testsite.Site, *httptest.Server) {
		t.Helper()
		site, err := testsite.Load(siteDir(name))
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(site.Handler())
		t.Cleanup(srv.Close)
		return site, srv
	}
	t.Run("community", func(t *testing.T) {
		site, srv := load(t, "community")
		noAuthor, oneLine, teasedBy := 0, 0, 0
		for _, p := range site.Truth() {
			if !regexp.MustCompile(`^/node/\d+$`).MatchString(p.Path) {
				t.Errorf("post path %s is not /node/N", p.Path)
			}
			_, body := get(t, srv, p.Path)
			for _, bad := range []string{`name="author"`, "application/ld+json", ">By ", " By "} {
				if strings.Contains(body, bad) {
					t.Errorf("%s holds %q", p.Path, bad)
				}
			}
			if len(p.Authors) == 0 {
				noAuthor++
				if strings.Contains(body, `<span class="username">`) {
					t.Errorf("%s names no author but shows a username", p.Path)
				}
			} else if !strings.Contains(body, `<span class="username">`+p.Authors[0]+`</span>`) {
				t.Errorf("%s lacks the username span", p.Path)
			}
			if !strings.Contains(body, "Upcoming events") || !strings.Contains(body, "Recent posts") {
				t.Errorf("%s lacks the sidebar", p.Path)
			}
			if strings.Contains(body, "</a> by ") {
				teasedBy++
			}
			if !strings.Contains(p.Text, "\n") {
				oneLine++
			}
		}
		if n := len(site.Truth()); noAuthor == 0 || oneLine < n/4 || teasedBy < n/2 {
			t.Errorf("%d posts without author, %d one-line posts, %d sidebars with \"by\" of %d", noAuthor, oneLine, teasedBy, n)
		}
	})
	t.Run("thinktank", func(t *testing.T) {
		site, srv := load(t, "thinktank")
		underscore, readAlso := 0, 0
		for _, path := range append([]string{"/", "/about/", "/topics/trade/"}, truthPaths(site)...) {
			_, body := get(t, srv, path)
			if !strings.Contains(body, `<meta name="author" content="Eastgate Institute Team">`) {
				t.Errorf("%s lacks the organisation's meta author", path)
			}
			if strings.Contains(path, "_") {
				underscore++
			}
			if strings.Contains(body, "<strong>Read also:</strong>") {
				readAlso++
			}
		}
		if n := len(site.Truth()); underscore < n/4 || readAlso < n/2 {
			t.Errorf("%d underscore paths, %d Read also teasers of %d posts", underscore, readAlso, n)
		}
	})
	t.Run("newswire", func(t *testing.T) {
		site, srv := load(t, "newswire")
		for _, p := range site.Posts() {
			_, byQuery := get(t, srv, p.Link)
			_, byPath := get(t, srv, p.URL)
			if !strings.HasPrefix(p.Link, "/?p=") || byQuery != byPath {
				t.Errorf("%s and %s do not serve the same page", p.Link, p.URL)
			}
			if !strings.Contains(byPath, `<link rel="canonical" href="`+srv.URL+p.URL+`" />`) {
				t.Errorf("%s lacks its canonical link", p.URL)
			}
		}
		_, home := get(t, srv, "/page/2/")
		if n := strings.Count(home, `class="entry-content"`); n < 2 {
			t.Errorf("/page/2/ shows %d full posts", n)
		}
	})
}

func truthPaths(s *testsite.Site) []string {
	var out []string
	for _, p := range s.Truth() {
		out = append(out, p.Path)
	}
	return out
}
