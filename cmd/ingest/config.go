package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ingest-archive/ingest/normalize"
)

// fileConfig is the YAML config file (--config). Every key is optional.
// Precedence, highest first: command-line flag, environment variable,
// config file, built-in default.
//
//	crawl:
//	  rate: 1            # requests per second per host
//	  concurrency: 2
//	  max_pages: 0
//	  max_depth: 0
//	  user_agent: "my-archive-bot/1.0 (+https://example.org/contact)"
//	  ignore_robots: false
//	sites:
//	  example.org:       # also applies to www.example.org
//	    title: "h1.headline"
//	    authors: ".byline a[rel=author]"
//	    date: "time.published"
//	    body: "div.article-body"
//	    drop: [".newsletter", ".related"]
type fileConfig struct {
	Crawl crawlConfig                      `yaml:"crawl"`
	Sites map[string]normalize.ProfileSpec `yaml:"sites"`
}

type crawlConfig struct {
	Rate         *float64 `yaml:"rate"`
	Concurrency  *int     `yaml:"concurrency"`
	MaxPages     *int     `yaml:"max_pages"`
	MaxDepth     *int     `yaml:"max_depth"`
	UserAgent    string   `yaml:"user_agent"`
	IgnoreRobots *bool    `yaml:"ignore_robots"`
}

// config is the loaded, validated configuration.
type config struct {
	Crawl    crawlConfig
	Profiles *normalize.Profiles
	// Sites are the profiles as written, for workers that compile them
	// again (see queueSpec).
	Sites map[string]normalize.ProfileSpec
}

// maxConfigSize bounds the config file; anything larger is a mistake.
const maxConfigSize = 1 << 20

// loadConfig reads and validates the config file at path. An empty path
// means no file (the INGEST_CONFIG environment variable is used if set).
func loadConfig(path string) (config, error) {
	if path == "" {
		path = os.Getenv("INGEST_CONFIG")
	}
	if path == "" {
		return config{}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return config{}, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	if err != nil {
		return config{}, fmt.Errorf("config %s: %w", path, err)
	}
	if len(raw) > maxConfigSize {
		return config{}, fmt.Errorf("config %s: larger than 1 MiB", path)
	}
	var fc fileConfig
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&fc); err != nil && !errors.Is(err, io.EOF) {
		return config{}, fmt.Errorf("config %s: %s", path, oneLine(err.Error()))
	}
	if err := fc.Crawl.validate(); err != nil {
		return config{}, fmt.Errorf("config %s: %w", path, err)
	}
	profiles, err := normalize.NewProfiles(fc.Sites)
	if err != nil {
		return config{}, fmt.Errorf("config %s: sites: %w", path, err)
	}
	return config{Crawl: fc.Crawl, Profiles: profiles, Sites: fc.Sites}, nil
}

func (c crawlConfig) validate() error {
	switch {
	case c.Rate != nil && *c.Rate < 0:
		return fmt.Errorf("crawl.rate: must be 0 (no limit) or more, got %v", *c.Rate)
	case c.Concurrency != nil && *c.Concurrency < 1:
		return fmt.Errorf("crawl.concurrency: must be at least 1, got %d", *c.Concurrency)
	case c.MaxPages != nil && *c.MaxPages < 0:
		return fmt.Errorf("crawl.max_pages: must be 0 (no limit) or more, got %d", *c.MaxPages)
	case c.MaxDepth != nil && *c.MaxDepth < 0:
		return fmt.Errorf("crawl.max_depth: must be 0 (no limit) or more, got %d", *c.MaxDepth)
	}
	return nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
