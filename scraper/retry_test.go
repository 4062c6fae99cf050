package scraper

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"testing"
	"time"
)

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestClassify(t *testing.T) {
	wrap := func(err error) error { return &url.Error{Op: "Get", URL: "http://x/", Err: err} }
	tests := []struct {
		err    error
		status int
		kind   string
		retry  bool
	}{
		{nil, 404, "http_404", false},
		{nil, 403, "http_403", false},
		{nil, 429, "http_429", true},
		{nil, 500, "http_500", true},
		{nil, 503, "http_503", true},
		{wrap(timeoutErr{}), 0, kindTimeout, true},
		{wrap(context.DeadlineExceeded), 0, kindTimeout, true},
		{wrap(context.Canceled), 0, kindCanceled, false},
		{wrap(&net.OpError{Op: "read", Err: syscall.ECONNRESET}), 0, kindConnection, true},
		{wrap(&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}), 0, kindConnection, true},
		{wrap(io.ErrUnexpectedEOF), 0, kindConnection, true},
		{wrap(&net.DNSError{Err: "no such host", IsNotFound: true}), 0, kindDNS, false},
		{wrap(&net.DNSError{Err: "server misbehaving", IsTemporary: true}), 0, kindDNS, true},
		{fmt.Errorf("x: %w", ErrTooLarge), 200, kindTooLarge, false},
		{wrap(fmt.Errorf("x: %w", ErrOutOfScope)), 0, kindOutOfScope, false},
		{wrap(fmt.Errorf("x: %w", ErrRedirectLoop)), 0, kindRedirectLoop, false},
		{wrap(fmt.Errorf("x: %w", ErrTooManyRedirects)), 0, kindTooManyRedirs, false},
		{wrap(fmt.Errorf("x: %w", ErrPrivateAddress)), 0, kindPrivate, false},
		{wrap(fmt.Errorf("x: %w", ErrRobotsDisallowed)), 0, kindRobots, false},
		{errors.New("something else"), 0, kindFetch, false},
	}
	for _, tt := range tests {
		kind, retry := classify(tt.err, tt.status)
		if kind != tt.kind || retry != tt.retry {
			t.Errorf("classify(%v, %d) = %q, %v; want %q, %v", tt.err, tt.status, kind, retry, tt.kind, tt.retry)
		}
	}
}

func TestBackoff(t *testing.T) {
	base := 100 * time.Millisecond
	for attempt := 1; attempt <= 20; attempt++ {
		full := min(base<<min(attempt-1, 30), maxBackoff)
		for range 20 {
			d := backoff(base, attempt)
			if d < full/2 || d > full {
				t.Fatalf("backoff(%v, %d) = %v, want within [%v, %v]", base, attempt, d, full/2, full)
			}
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Duration
	}{
		{"", 0},
		{"3", 3 * time.Second},
		{"0", 0},
		{"-5", 0},
		{"soon", 0},
		{"999999", maxRetryAfter},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{now.Add(24 * time.Hour).Format(http.TimeFormat), maxRetryAfter},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.value != "" {
			h.Set("Retry-After", tt.value)
		}
		if got := retryAfter(h, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tt.value, got, tt.want)
		}
	}
}
