package scraper

import (
	"context"
	"errors"
	"math"
	"regexp"
	"testing"
	"time"

	"github.com/ingest-archive/ingest/normalize"
)

func TestConfigValidate(t *testing.T) {
	ok := func() Config {
		c := DefaultConfig("https://example.org/")
		c.Extract = func(context.Context, normalize.Input) (*normalize.Page, error) { return nil, nil }
		c.Sink = newMemSink()
		return c
	}
	tests := []struct {
		name  string
		edit  func(*Config)
		field string
	}{
		{"valid", func(*Config) {}, ""},
		{"no seeds", func(c *Config) { c.Seeds = nil }, "Seeds"},
		{"relative seed", func(c *Config) { c.Seeds = append(c.Seeds, "/a") }, "Seeds[1]"},
		{"ftp seed", func(c *Config) { c.Seeds = []string{"ftp://x.org/"} }, "Seeds[0]"},
		{"negative rate", func(c *Config) { c.Rate = -1 }, "Rate"},
		{"NaN rate", func(c *Config) { c.Rate = math.NaN() }, "Rate"},
		{"negative concurrency", func(c *Config) { c.Concurrency = -1 }, "Concurrency"},
		{"huge concurrency", func(c *Config) { c.Concurrency = 10000 }, "Concurrency"},
		{"negative max pages", func(c *Config) { c.MaxPages = -1 }, "MaxPages"},
		{"negative depth", func(c *Config) { c.MaxDepth = -2 }, "MaxDepth"},
		{"negative timeout", func(c *Config) { c.Timeout = -time.Second }, "Timeout"},
		{"negative body", func(c *Config) { c.MaxBody = -1 }, "MaxBody"},
		{"negative retries", func(c *Config) { c.Retries = -1 }, "Retries"},
		{"bad scope", func(c *Config) { c.Scope = "planet" }, "Scope"},
		{"nil include", func(c *Config) { c.Include = []*regexp.Regexp{nil} }, "Include[0]"},
		{"no extract", func(c *Config) { c.Extract = nil }, "Extract"},
		{"no sink", func(c *Config) { c.Sink = nil }, "Sink"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok()
			tt.edit(&c)
			err := c.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Field != tt.field || !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("Validate = %v, want a ConfigError for %s", err, tt.field)
			}
		})
	}
}

func TestConfigDefaults(t *testing.T) {
	c := Config{Seeds: []string{"https://example.org/"}, Extract: fakeExtract, Sink: newMemSink()}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Concurrency != DefaultConcurrency || c.Timeout != DefaultTimeout || c.MaxBody != DefaultMaxBody ||
		c.UserAgent != DefaultUserAgent || c.Scope != ScopeHost || c.Backoff != DefaultBackoff {
		t.Errorf("defaults not filled: %+v", c)
	}
	// Rate and Retries keep their zero value: no limit, no retries.
	if c.Rate != 0 || c.Retries != 0 {
		t.Errorf("Rate %v, Retries %d changed", c.Rate, c.Retries)
	}
	d := DefaultConfig()
	if d.Rate != 2 || d.Retries != 3 || d.Concurrency != 2 || d.Timeout != 30*time.Second || d.MaxBody != 10<<20 {
		t.Errorf("DefaultConfig = %+v", d)
	}
}

func TestCrawlInvalidConfig(t *testing.T) {
	_, err := Crawl(context.Background(), Config{})
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Field != "Seeds" {
		t.Errorf("err = %v", err)
	}
	if got := err.Error(); got != "crawl config: Seeds: no seed URL (give at least one http(s) URL)" {
		t.Errorf("message %q", got)
	}
}
