package ingest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// siteArticle is one entry of testdata/site_expected.json.
type siteArticle struct {
	URL            string   `json:"url"`
	Aliases        []string `json:"aliases"`
	Title          string   `json:"title"`
	Authors        []string `json:"authors"`
	Published      string   `json:"published"`
	Modified       string   `json:"modified"`
	Lang           string   `json:"lang"`
	Tags           []string `json:"tags"`
	FirstSentence  string   `json:"first_sentence"`
	LastSentence   string   `json:"last_sentence"`
	MustNotContain []string `json:"must_not_contain"`
}

// sitePage is one entry of testdata/site_pages.json.
type sitePage struct {
	Path     string `json:"path"`
	Kind     string `json:"kind"`
	Status   int    `json:"status"`
	Location string `json:"location,omitempty"`
}

// brokenLink is the one link of the site that must answer 404.
const brokenLink = "/a/this-page-does-not-exist/"

func loadJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func expectedArticles(t *testing.T) []siteArticle {
	t.Helper()
	var arts []siteArticle
	loadJSON(t, "testdata/site_expected.json", &arts)
	return arts
}

func expectedPages(t *testing.T) []sitePage {
	t.Helper()
	var pages []sitePage
	loadJSON(t, "testdata/site_pages.json", &pages)
	return pages
}

type sampleClient struct {
	t   *testing.T
	srv *httptest.Server
	c   *http.Client
}

func newSampleClient(t *testing.T) *sampleClient {
	t.Helper()
	srv := httptest.NewServer(SampleSite())
	t.Cleanup(srv.Close)
	c := srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &sampleClient{t: t, srv: srv, c: c}
}

type sampleResponse struct {
	status int
	header http.Header
	body   []byte
}

func (s *sampleClient) do(method, p string, header http.Header) sampleResponse {
	s.t.Helper()
	req, err := http.NewRequestWithContext(s.t.Context(), method, s.srv.URL+p, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := s.c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return sampleResponse{status: resp.StatusCode, header: resp.Header, body: body}
}

func (s *sampleClient) get(p string) sampleResponse {
	s.t.Helper()
	return s.do(http.MethodGet, p, nil)
}

var (
	scriptStyleRe = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)>`)
	tagRe         = regexp.MustCompile(`(?s)<[^>]*>`)
	titleRe       = regexp.MustCompile(`(?is)<title>(.*?)</title>`)
	canonicalRe   = regexp.MustCompile(`<link rel="canonical" href="([^"]*)">`)
	htmlLangRe    = regexp.MustCompile(`<html lang="([^"]*)">`)
	localLinkRe   = regexp.MustCompile(`(?:href|src)="(/[^"]*)"`)
	absLinkRe     = regexp.MustCompile(`(?:href|src)="(https?://[^"]*)"`)
)

// pageText is the visible text of an HTML page: scripts and styles dropped,
// tags removed, entities decoded and white space folded.
func pageText(page string) string {
	s := scriptStyleRe.ReplaceAllString(page, " ")
	s = tagRe.ReplaceAllString(s, " ")
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}

// cp1251High maps the bytes 0x80–0xBF of windows-1251 to runes; 0xC0–0xFF
// are А–я in order. 0x98 is unassigned.
var cp1251High = [64]rune{
	'Ђ', 'Ѓ', '‚', 'ѓ', '„', '…', '†', '‡', '€', '‰', 'Љ', '‹', 'Њ', 'Ќ', 'Ћ', 'Џ',
	'ђ', '‘', '’', '“', '”', '•', '–', '—', utf8.RuneError, '™', 'љ', '›', 'њ', 'ќ', 'ћ', 'џ',
	'\u00a0', 'Ў', 'ў', 'Ј', '¤', 'Ґ', '¦', '§', 'Ё', '©', 'Є', '«', '¬', '\u00ad', '®', 'Ї',
	'°', '±', 'І', 'і', 'ґ', 'µ', '¶', '·', 'ё', '№', 'є', '»', 'ј', 'Ѕ', 'ѕ', 'ї',
}

// decodeCP1251 decodes windows-1251 bytes; the test may use only the
// standard library.
func decodeCP1251(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		switch {
		case c < 0x80:
			sb.WriteByte(c)
		case c < 0xC0:
			sb.WriteRune(cp1251High[c-0x80])
		default:
			sb.WriteRune(rune(c-0xC0) + 'А')
		}
	}
	return sb.String()
}

// decodedPage returns an article page as UTF-8 text, following the encoding
// the page declares.
func decodedPage(t *testing.T, a siteArticle, body []byte) string {
	t.Helper()
	if a.Lang == "ru" {
		if utf8.Valid(body) {
			t.Errorf("%s: windows-1251 page is valid UTF-8", a.URL)
		}
		if !bytes.Contains(body, []byte(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">`)) {
			t.Errorf("%s: no windows-1251 meta http-equiv", a.URL)
		}
		if bytes.Contains(body, []byte(`<meta charset=`)) {
			t.Errorf("%s: windows-1251 page has a meta charset", a.URL)
		}
		return decodeCP1251(body)
	}
	if !utf8.Valid(body) {
		t.Errorf("%s: not valid UTF-8", a.URL)
	}
	if !bytes.Contains(body, []byte(`<meta charset="utf-8">`)) {
		t.Errorf("%s: no <meta charset=\"utf-8\">", a.URL)
	}
	return string(body)
}

// contentTypeFor is the Content-Type the site serves for a path.
func contentTypeFor(p string) string {
	switch {
	case strings.HasSuffix(p, "/"):
		return "text/html"
	case strings.HasSuffix(p, ".txt"):
		return "text/plain"
	case strings.HasSuffix(p, ".xml"):
		return "application/xml"
	case strings.HasSuffix(p, ".pdf"):
		return "application/pdf"
	case strings.HasSuffix(p, ".svg"):
		return "image/svg+xml"
	case strings.HasSuffix(p, ".css"):
		return "text/css"
	}
	return "text/html"
}

// parseWhen parses an expected date: RFC 3339 or a plain date.
func parseWhen(t *testing.T, s string) time.Time {
	t.Helper()
	for _, layout := range []string{time.RFC3339, time.DateOnly} {
		if tm, err := time.Parse(layout, s); err == nil {
			return tm
		}
	}
	t.Fatalf("bad date %q", s)
	return time.Time{}
}

func TestSampleSiteExpectedShape(t *testing.T) {
	arts := expectedArticles(t)
	if len(arts) < 26 {
		t.Errorf("%d articles, want at least 26", len(arts))
	}
	if !sort.SliceIsSorted(arts, func(i, j int) bool { return arts[i].URL < arts[j].URL }) {
		t.Error("site_expected.json is not sorted by url")
	}
	authors := map[string]bool{}
	years := map[int]bool{}
	multi, ru := 0, 0
	for _, a := range arts {
		if !strings.HasPrefix(a.URL, "/a/") || !strings.HasSuffix(a.URL, "/") {
			t.Errorf("%s: url is not /a/<slug>/", a.URL)
		}
		if a.Title == "" || a.FirstSentence == "" || a.LastSentence == "" || len(a.MustNotContain) == 0 {
			t.Errorf("%s: empty title, sentence or must_not_contain", a.URL)
		}
		if a.Aliases == nil || a.Tags == nil || len(a.Authors) == 0 {
			t.Errorf("%s: aliases, tags must be arrays and authors non-empty", a.URL)
		}
		for _, n := range a.Authors {
			authors[n] = true
		}
		if len(a.Authors) > 1 {
			multi++
		}
		if a.Lang == "ru" {
			ru++
		}
		years[parseWhen(t, a.Published).Year()] = true
		if a.Modified != "" && parseWhen(t, a.Modified).Before(parseWhen(t, a.Published)) {
			t.Errorf("%s: modified before published", a.URL)
		}
	}
	if len(authors) < 5 {
		t.Errorf("%d authors, want at least 5", len(authors))
	}
	for _, y := range []int{2022, 2023, 2024, 2025} {
		if !years[y] {
			t.Errorf("no article from %d", y)
		}
	}
	if multi < 2 || ru != 1 {
		t.Errorf("%d multi-author and %d Russian articles, want at least 2 and exactly 1", multi, ru)
	}
}

func TestSampleSiteArticles(t *testing.T) {
	s := newSampleClient(t)
	for _, a := range expectedArticles(t) {
		t.Run(strings.Trim(a.URL, "/"), func(t *testing.T) {
			r := s.get(a.URL)
			if r.status != http.StatusOK {
				t.Fatalf("status %d", r.status)
			}
			if ct := r.header.Get("Content-Type"); ct != "text/html" {
				t.Errorf("Content-Type %q, want text/html without charset", ct)
			}
			page := decodedPage(t, a, r.body)
			text := pageText(page)

			m := titleRe.FindStringSubmatch(page)
			if m == nil {
				t.Fatal("no <title>")
			}
			title := html.UnescapeString(m[1])
			if title != a.Title+" | Northbridge Policy Forum" && title != a.Title+" – Northbridge Policy Forum" {
				t.Errorf("<title> %q does not carry title %q and the site suffix", title, a.Title)
			}
			if m := htmlLangRe.FindStringSubmatch(page); m == nil || m[1] != a.Lang {
				t.Errorf("<html lang> %v, want %q", m, a.Lang)
			}
			if m := canonicalRe.FindStringSubmatch(page); m != nil && m[1] != a.URL {
				t.Errorf("canonical %q, want %q", m[1], a.URL)
			}
			want := append([]string{a.Title, a.FirstSentence, a.LastSentence}, a.Authors...)
			want = append(want, a.Tags...)
			// must_not_contain snippets are boilerplate that is on the page,
			// outside the article body.
			want = append(want, a.MustNotContain...)
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("page text lacks %q", w)
				}
			}
			for _, d := range []string{a.Published, a.Modified} {
				if strings.Contains(d, "T") && !strings.Contains(page, d) {
					t.Errorf("page does not state %q", d)
				}
			}
			// Sloppy-server variants serve the very same bytes.
			for _, v := range []string{strings.TrimSuffix(a.URL, "/"), a.URL + "?utm_source=x", a.URL + "?utm_source=newsletter&utm_medium=email"} {
				if got := s.get(v); got.status != http.StatusOK || !bytes.Equal(got.body, r.body) {
					t.Errorf("%s: status %d, same bytes %v", v, got.status, bytes.Equal(got.body, r.body))
				}
			}
		})
	}
}

func TestSampleSiteAliases(t *testing.T) {
	s := newSampleClient(t)
	n := 0
	for _, a := range expectedArticles(t) {
		for _, alias := range a.Aliases {
			n++
			r := s.get(alias)
			if to, ok := sampleRedirects[alias]; ok {
				if r.status != http.StatusMovedPermanently || r.header.Get("Location") != a.URL || to != a.URL {
					t.Errorf("%s: status %d Location %q, want 301 to %s", alias, r.status, r.header.Get("Location"), a.URL)
				}
				continue
			}
			if r.status != http.StatusOK {
				t.Errorf("%s: status %d", alias, r.status)
				continue
			}
			main := s.get(a.URL)
			if bytes.Equal(r.body, main.body) {
				continue
			}
			// A different page (the print version) names the article as
			// canonical and carries the same text.
			page := string(r.body)
			if m := canonicalRe.FindStringSubmatch(page); m == nil || m[1] != a.URL {
				t.Errorf("%s: canonical %v, want %s", alias, m, a.URL)
			}
			text := pageText(page)
			for _, w := range []string{a.Title, a.FirstSentence, a.LastSentence} {
				if !strings.Contains(text, w) {
					t.Errorf("%s lacks %q", alias, w)
				}
			}
		}
	}
	if n < 3 {
		t.Errorf("%d aliases, want the duplicate-url article's and the redirect", n)
	}
}

func TestSampleSitePages(t *testing.T) {
	s := newSampleClient(t)
	for _, p := range expectedPages(t) {
		r := s.get(p.Path)
		if r.status != p.Status {
			t.Errorf("%s: status %d, want %d", p.Path, r.status, p.Status)
			continue
		}
		switch p.Status {
		case http.StatusMovedPermanently:
			if got := r.header.Get("Location"); got != p.Location {
				t.Errorf("%s: Location %q, want %q", p.Path, got, p.Location)
			}
		case http.StatusOK:
			if ct := r.header.Get("Content-Type"); ct != contentTypeFor(p.Path) {
				t.Errorf("%s: Content-Type %q, want %q", p.Path, ct, contentTypeFor(p.Path))
			}
		}
		if p.Kind == "listing" || p.Kind == "tag" || p.Kind == "author" {
			page := string(r.body)
			if c := strings.Count(page, `<article class="teaser"`); c < 2 {
				t.Errorf("%s: %d teasers, want a listing", p.Path, c)
			}
			if strings.Contains(page, `class="article-body"`) || strings.Contains(page, "application/ld+json") {
				t.Errorf("%s: listing carries an article body or JSON-LD", p.Path)
			}
		}
	}
}

func TestSampleSiteNotFound(t *testing.T) {
	s := newSampleClient(t)
	for _, p := range []string{
		brokenLink, "/nope", "/a/", "/a/gas-storage-is-not-a-strategy/extra/",
		"/robots.txt/", "/files/", "/2021/old-path-name/", "/../testdata/site/index.html",
	} {
		r := s.get(p)
		if r.status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, r.status)
			continue
		}
		if ct := r.header.Get("Content-Type"); ct != "text/html" || !bytes.Contains(r.body, []byte("Page not found")) {
			t.Errorf("%s: Content-Type %q, body %q", p, ct, r.body)
		}
	}
}

func TestSampleSiteMethodsAndConditional(t *testing.T) {
	s := newSampleClient(t)
	if r := s.do(http.MethodPost, "/", nil); r.status != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", r.status)
	}
	full := s.get("/feed.xml")
	head := s.do(http.MethodHead, "/feed.xml", nil)
	if head.status != http.StatusOK || len(head.body) != 0 || head.header.Get("Content-Type") != "application/xml" {
		t.Errorf("HEAD: status %d, %d body bytes, %q", head.status, len(head.body), head.header.Get("Content-Type"))
	}
	etag := full.header.Get("ETag")
	if etag == "" || head.header.Get("ETag") != etag {
		t.Fatalf("ETag %q, HEAD ETag %q", etag, head.header.Get("ETag"))
	}
	if r := s.do(http.MethodGet, "/feed.xml", http.Header{"If-None-Match": {etag}}); r.status != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", r.status)
	}
}

func TestSampleSiteSitemap(t *testing.T) {
	s := newSampleClient(t)
	r := s.get("/sitemap.xml")
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/xml" {
		t.Fatalf("status %d, Content-Type %q", r.status, r.header.Get("Content-Type"))
	}
	var sm struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(r.body, &sm); err != nil {
		t.Fatal(err)
	}
	lastmod := map[string]string{}
	for _, u := range sm.URLs {
		p, ok := strings.CutPrefix(u.Loc, s.srv.URL)
		if !ok {
			t.Errorf("loc %q is not on the server's origin %s", u.Loc, s.srv.URL)
			continue
		}
		if strings.HasPrefix(p, "/private/") {
			t.Errorf("sitemap lists %s", p)
		}
		lastmod[p] = u.LastMod
		if r := s.get(p); r.status != http.StatusOK {
			t.Errorf("%s: status %d", p, r.status)
		}
	}
	for _, a := range expectedArticles(t) {
		lm, ok := lastmod[a.URL]
		want := a.Modified
		if want == "" {
			want = a.Published
		}
		if !ok || lm != want {
			t.Errorf("%s: in sitemap %v with lastmod %q, want %q", a.URL, ok, lm, want)
		}
	}
	for _, p := range []string{"/", "/page/2/", "/page/3/"} {
		if _, ok := lastmod[p]; !ok {
			t.Errorf("sitemap lacks %s", p)
		}
	}
}

func TestSampleSiteFeed(t *testing.T) {
	s := newSampleClient(t)
	r := s.get("/feed.xml")
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/xml" {
		t.Fatalf("status %d, Content-Type %q", r.status, r.header.Get("Content-Type"))
	}
	var rss struct {
		XMLName xml.Name `xml:"rss"`
		Version string   `xml:"version,attr"`
		Items   []struct {
			Title   string   `xml:"title"`
			Link    string   `xml:"link"`
			PubDate string   `xml:"pubDate"`
			Creator []string `xml:"http://purl.org/dc/elements/1.1/ creator"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(r.body, &rss); err != nil {
		t.Fatal(err)
	}
	if rss.Version != "2.0" || len(rss.Items) != 10 {
		t.Fatalf("version %q with %d items, want 2.0 with 10", rss.Version, len(rss.Items))
	}
	arts := expectedArticles(t)
	sort.SliceStable(arts, func(i, j int) bool {
		return parseWhen(t, arts[i].Published).After(parseWhen(t, arts[j].Published))
	})
	newest := map[string]siteArticle{}
	for _, a := range arts[:10] {
		newest[s.srv.URL+a.URL] = a
	}
	for _, it := range rss.Items {
		a, ok := newest[it.Link]
		if !ok {
			t.Errorf("feed item %q is not one of the 10 newest articles", it.Link)
			continue
		}
		if it.Title != a.Title || strings.Join(it.Creator, ", ") != strings.Join(a.Authors, ", ") {
			t.Errorf("%s: title %q creators %q", it.Link, it.Title, it.Creator)
		}
		if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil {
			t.Errorf("%s: pubDate: %v", it.Link, err)
		}
	}
}

func TestSampleSiteRobots(t *testing.T) {
	s := newSampleClient(t)
	r := s.get("/robots.txt")
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "text/plain" {
		t.Fatalf("status %d, Content-Type %q", r.status, r.header.Get("Content-Type"))
	}
	star, disallowed, sitemap := false, false, ""
	for _, line := range strings.Split(string(r.body), "\n") {
		k, v, _ := strings.Cut(line, ":")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch k {
		case "user-agent":
			star = v == "*"
		case "disallow":
			if star && v == "/private/" {
				disallowed = true
			}
		case "sitemap":
			sitemap = v
		}
	}
	if !disallowed {
		t.Error("robots.txt does not disallow /private/ for every agent")
	}
	if sitemap != s.srv.URL+"/sitemap.xml" {
		t.Errorf("Sitemap %q, want %q", sitemap, s.srv.URL+"/sitemap.xml")
	}
}

func TestSampleSitePDF(t *testing.T) {
	s := newSampleClient(t)
	r := s.get("/files/annual-report-2024.pdf")
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("status %d, Content-Type %q", r.status, r.header.Get("Content-Type"))
	}
	if len(r.body) >= 2048 || !bytes.HasPrefix(r.body, []byte("%PDF-1.")) ||
		!bytes.Contains(r.body, []byte("startxref")) || !bytes.HasSuffix(r.body, []byte("%%EOF\n")) {
		t.Errorf("not a small PDF: %d bytes", len(r.body))
	}
}

// TestSampleSiteLinks follows every root-relative link from the home page,
// ignoring robots.txt, and checks that each answers, that only the known
// broken link is broken, and that every article and page is reachable.
func TestSampleSiteLinks(t *testing.T) {
	s := newSampleClient(t)
	seen := map[string]int{}
	queue := []string{"/"}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if _, ok := seen[p]; ok {
			continue
		}
		r := s.get(p)
		seen[p] = r.status
		if r.status == http.StatusMovedPermanently {
			queue = append(queue, r.header.Get("Location"))
			continue
		}
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "text/html" {
			continue
		}
		for _, m := range absLinkRe.FindAllSubmatch(r.body, -1) {
			if strings.Contains(string(m[1]), "127.0.0.1") || strings.Contains(string(m[1]), "northbridge") {
				t.Errorf("%s links to its own host absolutely: %s", p, m[1])
			}
		}
		for _, m := range localLinkRe.FindAllSubmatch(r.body, -1) {
			link := html.UnescapeString(string(m[1]))
			if i := strings.IndexByte(link, '#'); i >= 0 {
				link = link[:i]
			}
			queue = append(queue, link)
		}
	}
	for p, st := range seen {
		if p == brokenLink {
			if st != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", p, st)
			}
		} else if st != http.StatusOK && st != http.StatusMovedPermanently {
			t.Errorf("link %s: status %d", p, st)
		}
	}
	var want []string
	for _, a := range expectedArticles(t) {
		want = append(want, a.URL)
		want = append(want, a.Aliases...)
	}
	for _, p := range expectedPages(t) {
		want = append(want, p.Path)
	}
	for _, p := range want {
		if _, ok := seen[p]; !ok && p != "/robots.txt" && p != "/img/winter-peak.svg" && p != "/assets/site.css" {
			t.Errorf("%s is not linked from the site", p)
		}
	}
	for _, variant := range []string{"/a/carbon-border-adjustment-primer", "/a/carbon-border-adjustment-primer/?utm_source=newsletter&utm_medium=email"} {
		if _, ok := seen[variant]; !ok {
			t.Errorf("no link to the variant %s", variant)
		}
	}
}

// TestSampleSiteFilesListed checks that the ground-truth files describe every
// file of the site, and nothing that is not there.
func TestSampleSiteFilesListed(t *testing.T) {
	known := map[string]bool{}
	for _, a := range expectedArticles(t) {
		known[a.URL] = true
	}
	for _, p := range expectedPages(t) {
		if p.Status == http.StatusOK {
			known[p.Path] = true
		}
	}
	files := map[string]bool{}
	err := fs.WalkDir(SampleSiteFS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		p := "/" + name
		if path.Base(name) == "index.html" {
			p = strings.TrimSuffix(p, "index.html")
		}
		files[p] = true
		if !known[p] {
			t.Errorf("%s is in neither site_expected.json nor site_pages.json", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for p := range known {
		if !files[p] {
			t.Errorf("%s has no file", p)
		}
	}
}

// TestSampleSiteFeatures keeps the variety the extractor is tested against.
func TestSampleSiteFeatures(t *testing.T) {
	fsys := SampleSiteFS()
	count := map[string]int{}
	features := map[string]string{
		"ld":       "application/ld+json",
		"graph":    `"@graph"`,
		"given":    `"givenName"`,
		"meta":     `property="article:published_time"`,
		"table":    "<table>",
		"figure":   "<figcaption>",
		"python":   `<code class="language-python">`,
		"quote":    "<blockquote>",
		"ol":       "<ol>",
		"comments": `class="comment-list"`,
		"print":    `/print/"`,
		"external": `href="https://www.`,
	}
	for _, a := range expectedArticles(t) {
		b, err := fs.ReadFile(fsys, strings.TrimPrefix(a.URL, "/")+"index.html")
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		for k, v := range features {
			if strings.Contains(page, v) {
				count[k]++
			}
		}
		if !strings.Contains(page, "application/ld+json") && !strings.Contains(page, "article:published_time") {
			count["plain"]++
			if strings.Contains(page, `rel="canonical"`) {
				t.Errorf("%s: plain-template page has a canonical link", a.URL)
			}
		}
	}
	min := map[string]int{"ld": 5, "graph": 2, "given": 1, "meta": 5, "plain": 5, "table": 2, "figure": 1,
		"python": 1, "quote": 1, "ol": 1, "comments": 6, "print": 1, "external": 2}
	for k, n := range min {
		if count[k] < n {
			t.Errorf("%d articles with %s, want at least %d", count[k], k, n)
		}
	}
}
