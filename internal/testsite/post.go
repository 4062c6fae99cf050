package testsite

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Post is one post of a site, as the templates see it. Posts are built by
// Load and never change afterwards.
type Post struct {
	ID         int
	Slug       string
	Title      string
	Date       time.Time
	Authors    []*Author
	Tags       []*Term
	Categories []*Term
	Image      string // lead image path, may be empty
	Caption    string // lead image caption
	URL        string // canonical path: the truth path
	Link       string // path the site links the post by
	Markdown   string // body exactly as written
	HTML       template.HTML
	Text       string // body as plain text, blocks separated by blank lines
	Excerpt    string
	Related    []*Post // three other posts, most shared tags first
	ReadAlso   *Post   // another post some themes tease after the body; may be nil
}

// Author is a person who wrote posts.
type Author struct {
	Name  string
	Slug  string
	URL   string
	Bio   string
	Posts []*Post // newest first
}

// Term is a tag or a category.
type Term struct {
	Name  string
	Slug  string
	URL   string
	Posts []*Post // newest first
}

// frontMatter is the YAML block at the top of a post.
type frontMatter struct {
	Title      string   `yaml:"title"`
	Date       string   `yaml:"date"` // 2006-01-02 or 2006-01-02 15:04
	Authors    []string `yaml:"authors"`
	Tags       []string `yaml:"tags"`
	Categories []string `yaml:"categories"`
	ID         int      `yaml:"id"`
	Slug       string   `yaml:"slug"` // the file name without .md when empty
	URL        string   `yaml:"url"`  // overrides the post URL pattern
	Image      string   `yaml:"image"`
	Caption    string   `yaml:"caption"`
}

var dateLayouts = []string{"2006-01-02 15:04", "2006-01-02T15:04:05Z07:00", "2006-01-02"}

// readPost parses one post file. The Markdown is everything after the
// closing "---" line, unchanged.
func readPost(name string) (frontMatter, string, time.Time, error) {
	var fm frontMatter
	b, err := os.ReadFile(name)
	if err != nil {
		return fm, "", time.Time{}, fmt.Errorf("read post: %w", err)
	}
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	rest, ok := bytes.CutPrefix(b, []byte("---\n"))
	if !ok {
		return fm, "", time.Time{}, fmt.Errorf("%s: %w: no opening ---", name, ErrFrontMatter)
	}
	head, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return fm, "", time.Time{}, fmt.Errorf("%s: %w: no closing ---", name, ErrFrontMatter)
	}
	if err := yaml.Unmarshal(head, &fm); err != nil {
		return fm, "", time.Time{}, fmt.Errorf("%s: %w: %w", name, ErrFrontMatter, err)
	}
	if fm.Title == "" {
		return fm, "", time.Time{}, fmt.Errorf("%s: %w: no title", name, ErrFrontMatter)
	}
	if fm.Slug == "" {
		fm.Slug = strings.TrimSuffix(filepath.Base(name), ".md")
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, fm.Date); err == nil {
			return fm, string(body), t.UTC(), nil
		}
	}
	return fm, "", time.Time{}, fmt.Errorf("%s: %w: date %q is not YYYY-MM-DD", name, ErrFrontMatter, fm.Date)
}

// slugify lower-cases s and joins its letters and digits with hyphens.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		case r == '\'' || r == '’':
		default:
			dash = true
		}
	}
	return b.String()
}
