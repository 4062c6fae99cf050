package testsite

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// config is site.yaml.
type config struct {
	Title       string            `yaml:"title"`
	Tagline     string            `yaml:"tagline"`
	Lang        string            `yaml:"lang"`
	Description string            `yaml:"description"`
	PageSize    int               `yaml:"page_size"`
	URLs        urlConfig         `yaml:"urls"`
	Authors     map[string]string `yaml:"authors"` // name -> short biography
	Pages       []pageConfig      `yaml:"pages"`
	// AbsoluteLinks makes root-relative links and images in post bodies
	// absolute, as WordPress stores them.
	AbsoluteLinks bool `yaml:"absolute_links"`
	// Extra is passed to the templates as .Site.Extra: menus, sidebar
	// boxes, footer text.
	Extra map[string]any `yaml:"extra"`
}

// urlConfig holds the URL patterns of a site. Tokens: {id}, {slug}, {yyyy},
// {mm}, {dd} for posts; {author}, {tag}, {category} for archives; {base},
// {n} (page number, 2 and up) and {i} (zero-based page index) for pages of
// a listing.
type urlConfig struct {
	Post     string `yaml:"post"`     // canonical path of a post
	Link     string `yaml:"link"`     // path the site links a post by; Post when empty
	Paged    string `yaml:"paged"`    // page n of a listing whose first page is {base}
	Author   string `yaml:"author"`   // author archive
	Tag      string `yaml:"tag"`      // tag archive
	Category string `yaml:"category"` // category archive; none when empty
}

// pageConfig is a static page: about, contact.
type pageConfig struct {
	Path     string `yaml:"path"`
	Title    string `yaml:"title"`
	Template string `yaml:"template"` // theme file; page.html when empty
	Body     string `yaml:"body"`     // Markdown
}

func loadConfig(dir string) (*config, error) {
	name := filepath.Join(dir, "site.yaml")
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	var c config
	if err := yaml.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &c, nil
}

func (c *config) validate() error {
	if c.Title == "" {
		return fmt.Errorf("%w: title is empty", ErrConfig)
	}
	if c.PageSize <= 0 {
		c.PageSize = 10
	}
	if c.Lang == "" {
		c.Lang = "en"
	}
	if c.URLs.Link == "" {
		c.URLs.Link = c.URLs.Post
	}
	for field, p := range map[string]string{
		"urls.post": c.URLs.Post, "urls.link": c.URLs.Link, "urls.paged": c.URLs.Paged,
		"urls.author": c.URLs.Author, "urls.tag": c.URLs.Tag,
	} {
		if !strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "{base}") {
			return fmt.Errorf("%w: %s %q must start with / or {base}", ErrConfig, field, p)
		}
	}
	return nil
}
