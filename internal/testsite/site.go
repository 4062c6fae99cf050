package testsite

import (
	"cmp"
	"fmt"
	"html/template"
	"path/filepath"
	"slices"
	"strings"
)

// Site is a rendered website: every page in memory, plus the posts it was
// rendered from. A Site is immutable after Load and safe for concurrent use.
type Site struct {
	cfg        *config
	posts      []*Post // newest first
	authors    []*Author
	tags       []*Term
	categories []*Term
	pages      map[string]page // by pageKey
}

// page is one response body with the placeholder origin still in it.
type page struct {
	status      int
	contentType string
	body        []byte
}

// Load reads the site folder dir (site.yaml, posts/, theme/, static/) and
// renders every page in memory.
func Load(dir string) (*Site, error) {
	cfg, err := loadConfig(dir)
	if err != nil {
		return nil, fmt.Errorf("load site %s: %w", dir, err)
	}
	s := &Site{cfg: cfg, pages: map[string]page{}}
	if err := s.readPosts(filepath.Join(dir, "posts")); err != nil {
		return nil, fmt.Errorf("load site %s: %w", dir, err)
	}
	s.link()
	if err := s.render(filepath.Join(dir, "theme")); err != nil {
		return nil, fmt.Errorf("load site %s: %w", dir, err)
	}
	if err := s.readStatic(filepath.Join(dir, "static")); err != nil {
		return nil, fmt.Errorf("load site %s: %w", dir, err)
	}
	if err := s.addSitemap(); err != nil {
		return nil, fmt.Errorf("load site %s: %w", dir, err)
	}
	return s, nil
}

// Posts returns the posts, newest first. Callers must not modify them.
func (s *Site) Posts() []*Post { return s.posts }

// Paths returns the keys of every page served, sorted: paths, with the raw
// query when the page has one.
func (s *Site) Paths() []string {
	keys := make([]string, 0, len(s.pages))
	for k := range s.pages {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (s *Site) readPosts(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return fmt.Errorf("list posts: %w", err)
	}
	md := newMarkdown()
	authors := map[string]*Author{}
	tags := map[string]*Term{}
	cats := map[string]*Term{}
	for _, name := range files {
		fm, body, date, err := readPost(name)
		if err != nil {
			return err
		}
		p := &Post{ID: fm.ID, Slug: fm.Slug, Title: fm.Title, Date: date, Image: fm.Image,
			Caption: fm.Caption, Markdown: body}
		rendered, err := renderMarkdown(md, body)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if p.Text, err = plainText(rendered); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		p.Excerpt = excerpt(p.Text, 40)
		if s.cfg.AbsoluteLinks {
			rendered = absolutize(rendered)
		}
		p.HTML = template.HTML(rendered) // #nosec G203 -- rendered by goldmark from our own files, raw HTML off
		for _, a := range fm.Authors {
			p.Authors = append(p.Authors, s.author(authors, a))
		}
		for _, t := range fm.Tags {
			p.Tags = append(p.Tags, term(tags, t, s.cfg.URLs.Tag, "tag"))
		}
		for _, c := range fm.Categories {
			if s.cfg.URLs.Category != "" {
				p.Categories = append(p.Categories, term(cats, c, s.cfg.URLs.Category, "category"))
			}
		}
		p.URL, p.Link = postPath(s.cfg.URLs.Post, p), postPath(s.cfg.URLs.Link, p)
		if fm.URL != "" {
			p.URL, p.Link = fm.URL, fm.URL
		}
		s.posts = append(s.posts, p)
	}
	if len(s.posts) == 0 {
		return fmt.Errorf("read posts: none in %s", dir)
	}
	slices.SortStableFunc(s.posts, func(a, b *Post) int {
		return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(b.ID, a.ID), cmp.Compare(a.Slug, b.Slug))
	})
	for _, p := range s.posts {
		for _, a := range p.Authors {
			a.Posts = append(a.Posts, p)
		}
		for _, t := range p.Tags {
			t.Posts = append(t.Posts, p)
		}
		for _, c := range p.Categories {
			c.Posts = append(c.Posts, p)
		}
	}
	s.authors = sortedValues(authors)
	s.tags = sortedValues(tags)
	s.categories = sortedValues(cats)
	return nil
}

func (s *Site) author(seen map[string]*Author, name string) *Author {
	if a, ok := seen[name]; ok {
		return a
	}
	slug := slugify(name)
	a := &Author{Name: name, Slug: slug, URL: archivePath(s.cfg.URLs.Author, "author", slug), Bio: s.cfg.Authors[name]}
	seen[name] = a
	return a
}

func term(seen map[string]*Term, name, pattern, token string) *Term {
	if t, ok := seen[name]; ok {
		return t
	}
	slug := slugify(name)
	t := &Term{Name: name, Slug: slug, URL: archivePath(pattern, token, slug)}
	seen[name] = t
	return t
}

// sortedValues returns the values of m sorted by the name they are keyed by.
func sortedValues[T any](m map[string]T) []T {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]T, 0, len(keys))
	for _, k := range keys {
		out = append(out, m[k])
	}
	return out
}

// link chooses, for every post, three related posts (most shared tags,
// then nearest in time) and, for two posts in three, a different post to
// tease after the body.
func (s *Site) link() {
	for i, p := range s.posts {
		type cand struct {
			p      *Post
			shared int
			dist   int
		}
		var cands []cand
		for j, q := range s.posts {
			if q == p {
				continue
			}
			n := 0
			for _, t := range q.Tags {
				if slices.Contains(p.Tags, t) {
					n++
				}
			}
			cands = append(cands, cand{q, n, abs(i - j)})
		}
		slices.SortStableFunc(cands, func(a, b cand) int {
			return cmp.Or(cmp.Compare(b.shared, a.shared), cmp.Compare(a.dist, b.dist))
		})
		for _, c := range cands[:min(3, len(cands))] {
			p.Related = append(p.Related, c.p)
		}
		if i%3 == 0 {
			continue
		}
		for k := 1; k < len(s.posts); k++ {
			q := s.posts[(i+k*7)%len(s.posts)]
			if q != p && !slices.Contains(p.Related, q) {
				p.ReadAlso = q
				break
			}
		}
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// absolutize points root-relative links and images of a rendered body at
// the placeholder origin.
func absolutize(h string) string {
	return strings.NewReplacer(`href="/`, `href="`+placeholderOrigin+`/`, `src="/`, `src="`+placeholderOrigin+`/`).Replace(h)
}
