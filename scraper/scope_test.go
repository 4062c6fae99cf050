package scraper

import (
	"context"
	"errors"
	"net"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestScopeContains(t *testing.T) {
	tests := []struct {
		mode string
		seed string
		url  string
		want bool
	}{
		{ScopeHost, "https://example.org/", "https://example.org/a", true},
		{ScopeHost, "https://example.org/", "http://example.org/a", true},
		{ScopeHost, "https://example.org/", "https://www.example.org/a", false},
		{ScopeHost, "http://127.0.0.1:8080/", "http://127.0.0.1:8081/", false},
		{ScopeHost, "https://example.org/", "ftp://example.org/", false},
		{ScopeDomain, "https://www.example.co.uk/", "https://blog.example.co.uk/x", true},
		{ScopeDomain, "https://www.example.co.uk/", "https://example.co.uk/x", true},
		{ScopeDomain, "https://www.example.co.uk/", "https://other.co.uk/x", false},
		{ScopeDomain, "https://www.example.co.uk/", "https://notexample.co.uk/x", false},
		{ScopeDomain, "http://127.0.0.1:1/", "http://127.0.0.1:2/", true},
		{ScopePrefix, "https://example.org/blog/post", "https://example.org/blog/other", true},
		{ScopePrefix, "https://example.org/blog/", "https://example.org/blog/2024/x", true},
		{ScopePrefix, "https://example.org/blog/", "https://example.org/blogger", false},
		{ScopePrefix, "https://example.org/blog/", "https://example.org/", false},
	}
	for _, tt := range tests {
		sc, err := newScope(tt.mode, []string{tt.seed}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := sc.containsURL(tt.url); got != tt.want {
			t.Errorf("%s scope of %s: contains(%s) = %v, want %v", tt.mode, tt.seed, tt.url, got, tt.want)
		}
	}
}

func TestScopeAdmit(t *testing.T) {
	sc, err := newScope(ScopeHost, []string{"https://example.org/"},
		[]*regexp.Regexp{regexp.MustCompile(`/(a|list)/`)},
		[]*regexp.Regexp{regexp.MustCompile(`/a/private`)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		url  string
		want string
	}{
		{"https://example.org/a/1", ""},
		{"https://example.org/list/2", ""},
		{"https://example.org/tag/x", rejectFiltered},
		{"https://example.org/a/private-1", rejectFiltered},
		{"https://other.org/a/1", rejectOutOfScope},
		{"https://example.org/a/report.PDF", rejectNonHTML},
		{"https://example.org/a/photo.jpg", rejectNonHTML},
		{"https://example.org/a/sitemap.xml.gz", ""},
		{"https://example.org/a/dump.gz", rejectNonHTML},
		{"https://example.org/a/x/a/x/a/x/a/x", rejectTrap},
		{"https://example.org/a/" + strings.Repeat("y", 3000), rejectTrap},
		{"https://example.org/a/" + strings.Repeat("s/", 40), rejectTrap},
	}
	for _, tt := range tests {
		if got := sc.admit(tt.url); got != tt.want {
			t.Errorf("admit(%.60s) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestIsPrivateIP(t *testing.T) {
	tests := []struct {
		ip   string
		want bool
	}{
		{"127.0.0.1", true},
		{"10.1.2.3", true},
		{"172.16.0.1", true},
		{"192.168.1.1", true},
		{"169.254.169.254", true},
		{"100.64.0.1", true},
		{"0.0.0.0", true},
		{"::1", true},
		{"fe80::1", true},
		{"fc00::1", true},
		{"::ffff:127.0.0.1", true},
		{"93.184.216.34", false},
		{"2606:4700::1", false},
		{"100.128.0.1", false},
	}
	for _, tt := range tests {
		if got := isPrivateIP(net.ParseIP(tt.ip)); got != tt.want {
			t.Errorf("isPrivateIP(%s) = %v, want %v", tt.ip, got, tt.want)
		}
	}
}

func TestAddrGuard(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	seed := (&url.URL{Scheme: "http", Host: "127.0.0.1:" + port, Path: "/"}).String()
	ctx := context.Background()

	g := newAddrGuard(false, []string{seed}, time.Second)
	c, err := g.DialContext(ctx, "tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatalf("seed host refused: %v", err)
	}
	c.Close()
	// Another name for a loopback address is not a seed: refused before
	// any connection is attempted.
	if _, err := g.DialContext(ctx, "tcp", "localhost:"+port); !errors.Is(err, ErrPrivateAddress) {
		t.Errorf("localhost: err = %v, want ErrPrivateAddress", err)
	}
	if _, err := g.DialContext(ctx, "tcp", "127.0.0.2:"+port); !errors.Is(err, ErrPrivateAddress) {
		t.Errorf("127.0.0.2: err = %v, want ErrPrivateAddress", err)
	}

	open := newAddrGuard(true, nil, time.Second)
	c, err = open.DialContext(ctx, "tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatalf("AllowPrivate: %v", err)
	}
	c.Close()
}

func TestSameShape(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"https://e.org/calendar?y=2024&m=12", "https://e.org/calendar?y=2025&m=1", true},
		{"https://e.org/page/9/", "https://e.org/page/10/", true},
		{"https://e.org/a/first-post/", "https://e.org/a/second-post/", false},
		{"https://e.org/page/9/", "https://e.org/tags/page/10/", false},
	}
	for _, tt := range tests {
		if got := sameShape(tt.a, tt.b); got != tt.same {
			t.Errorf("sameShape(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
}
