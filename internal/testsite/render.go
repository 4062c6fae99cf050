package testsite

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// placeholderOrigin stands for the origin in rendered pages until the
// handler replaces it with the origin of the request.
const placeholderOrigin = "http://testsite.invalid"

// pageData is what every template receives.
type pageData struct {
	Site       *siteData
	Kind       string // post, home, tag, category, author, page, notfound
	Title      string
	Canonical  string // path, empty when the page declares none
	Post       *Post
	Posts      []*Post // the posts of a listing page
	Term       *Term
	Author     *Author
	Pager      *Pager
	Recent     []*Post // the five newest posts other than Post
	Body       template.HTML
	Tags       []*Term
	Categories []*Term
}

// siteData is the site-wide part of pageData.
type siteData struct {
	Title       string
	Tagline     string
	Lang        string
	Description string
	Extra       map[string]any
}

// Pager describes one page of a listing.
type Pager struct {
	Number int
	Total  int
	Prev   string // path of the previous page, empty on the first
	Next   string // path of the next page, empty on the last
	Pages  []PagerLink
}

// PagerLink is one numbered link of a Pager.
type PagerLink struct {
	Number  int
	URL     string
	Current bool
}

var funcs = template.FuncMap{
	"abs":    func(p string) string { return placeholderOrigin + p },
	"origin": func() string { return placeholderOrigin },
	"date":   func(layout string, t time.Time) string { return t.Format(layout) },
	"iso":    func(t time.Time) string { return t.Format(time.RFC3339) },
	"add":    func(a, b int) int { return a + b },
	"mod":    func(a, b int) int { return a % b },
	"names": func(as []*Author) string {
		n := make([]string, len(as))
		for i, a := range as {
			n[i] = a.Name
		}
		return strings.Join(n, " and ")
	},
	"upper": strings.ToUpper,
	// dict builds a map from key, value pairs, to pass several values to
	// a template.
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			if k, ok := kv[i].(string); ok {
				m[k] = kv[i+1]
			}
		}
		return m
	},
}

// theme holds one parsed template set per kind of page.
type theme map[string]*template.Template

func loadTheme(dir string) (theme, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFiles(filepath.Join(dir, "layout.html"))
	if err != nil {
		return nil, fmt.Errorf("parse theme: %w", err)
	}
	partials, err := filepath.Glob(filepath.Join(dir, "_*.html"))
	if err != nil {
		return nil, fmt.Errorf("parse theme: %w", err)
	}
	if len(partials) > 0 {
		if base, err = base.ParseFiles(partials...); err != nil {
			return nil, fmt.Errorf("parse theme: %w", err)
		}
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil {
		return nil, fmt.Errorf("parse theme: %w", err)
	}
	th := theme{}
	for _, f := range files {
		name := filepath.Base(f)
		if name == "layout.html" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFiles(f)
		if err != nil {
			return nil, fmt.Errorf("parse theme: %w", err)
		}
		th[name] = t
	}
	for _, need := range []string{"post.html", "list.html", "page.html", "404.html"} {
		if th[need] == nil {
			return nil, fmt.Errorf("parse theme: %s: %w", need, fs.ErrNotExist)
		}
	}
	return th, nil
}

// pick returns the first template of names the theme has.
func (th theme) pick(names ...string) *template.Template {
	for _, n := range names {
		if t := th[n]; t != nil {
			return t
		}
	}
	return th["list.html"]
}

func (s *Site) render(dir string) error {
	th, err := loadTheme(dir)
	if err != nil {
		return err
	}
	sd := &siteData{Title: s.cfg.Title, Tagline: s.cfg.Tagline, Lang: s.cfg.Lang,
		Description: s.cfg.Description, Extra: s.cfg.Extra}
	data := func(kind, title string) pageData {
		return pageData{Site: sd, Kind: kind, Title: title, Tags: s.tags, Categories: s.categories,
			Recent: s.recent(nil)}
	}
	for _, p := range s.posts {
		d := data("post", p.Title)
		d.Post, d.Canonical, d.Recent = p, p.URL, s.recent(p)
		if err := s.addHTML(th["post.html"], d, p.URL, p.Link); err != nil {
			return err
		}
	}
	if err := s.addListing(th.pick("home.html"), data("home", s.cfg.Title), "/", s.posts); err != nil {
		return err
	}
	for _, t := range s.tags {
		d := data("tag", t.Name)
		d.Term = t
		if err := s.addListing(th.pick("tag.html"), d, t.URL, t.Posts); err != nil {
			return err
		}
	}
	for _, c := range s.categories {
		d := data("category", c.Name)
		d.Term = c
		if err := s.addListing(th.pick("category.html", "tag.html"), d, c.URL, c.Posts); err != nil {
			return err
		}
	}
	for _, a := range s.authors {
		d := data("author", a.Name)
		d.Author = a
		if err := s.addListing(th.pick("author.html"), d, a.URL, a.Posts); err != nil {
			return err
		}
	}
	md := newMarkdown()
	for _, pc := range s.cfg.Pages {
		body, err := renderMarkdown(md, pc.Body)
		if err != nil {
			return fmt.Errorf("page %s: %w", pc.Path, err)
		}
		d := data("page", pc.Title)
		d.Body, d.Canonical = template.HTML(body), pc.Path // #nosec G203 -- our own Markdown, raw HTML off
		t := th["page.html"]
		if pc.Template != "" && th[pc.Template] != nil {
			t = th[pc.Template]
		}
		if err := s.addHTML(t, d, pc.Path); err != nil {
			return err
		}
	}
	b, err := execute(th["404.html"], data("notfound", "Page not found"))
	if err != nil {
		return err
	}
	s.pages[notFoundKey] = page{status: http.StatusNotFound, contentType: htmlType, body: b}
	return nil
}

// notFoundKey holds the 404 page; it is no path a request can have.
const notFoundKey = "404"

const htmlType = "text/html; charset=utf-8"

// recent returns the five newest posts other than p.
func (s *Site) recent(p *Post) []*Post {
	var out []*Post
	for _, q := range s.posts {
		if q != p && len(out) < 5 {
			out = append(out, q)
		}
	}
	return out
}

// addListing renders every page of a listing of posts whose first page is
// at base.
func (s *Site) addListing(t *template.Template, d pageData, base string, posts []*Post) error {
	size := s.cfg.PageSize
	total := max(1, (len(posts)+size-1)/size)
	for n := 1; n <= total; n++ {
		pg := &Pager{Number: n, Total: total}
		if n > 1 {
			pg.Prev = pagedPath(s.cfg.URLs.Paged, base, n-1)
		}
		if n < total {
			pg.Next = pagedPath(s.cfg.URLs.Paged, base, n+1)
		}
		for k := 1; k <= total; k++ {
			pg.Pages = append(pg.Pages, PagerLink{Number: k, URL: pagedPath(s.cfg.URLs.Paged, base, k), Current: k == n})
		}
		d := d
		d.Pager = pg
		d.Posts = posts[(n-1)*size : min(n*size, len(posts))]
		d.Canonical = pagedPath(s.cfg.URLs.Paged, base, n)
		if err := s.addHTML(t, d, d.Canonical); err != nil {
			return err
		}
	}
	return nil
}

func execute(t *template.Template, d pageData) ([]byte, error) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", d); err != nil {
		return nil, fmt.Errorf("render %s page %q: %w", d.Kind, d.Title, err)
	}
	return buf.Bytes(), nil
}

// addHTML renders d with t and serves it at every one of keys.
func (s *Site) addHTML(t *template.Template, d pageData, keys ...string) error {
	b, err := execute(t, d)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		if err := s.add(k, page{status: http.StatusOK, contentType: htmlType, body: b}); err != nil {
			return err
		}
	}
	return nil
}

func (s *Site) add(key string, p page) error {
	k, err := pageKey(key)
	if err != nil {
		return err
	}
	if _, dup := s.pages[k]; dup {
		return fmt.Errorf("%w: %s", ErrDuplicatePath, k)
	}
	s.pages[k] = p
	return nil
}

// readStatic serves every file under dir at its path relative to dir. A
// missing dir is no error.
func (s *Site) readStatic(dir string) error {
	err := filepath.WalkDir(dir, func(name string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("read static: %w", err)
		}
		rel, err := filepath.Rel(dir, name)
		if err != nil {
			return fmt.Errorf("read static: %w", err)
		}
		return s.add("/"+filepath.ToSlash(rel), page{status: http.StatusOK, contentType: contentType(name), body: b})
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
