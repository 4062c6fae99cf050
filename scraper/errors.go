package scraper

import (
	"errors"
	"fmt"
)

// Sentinel errors. Errors returned by this package wrap them, so callers test
// with errors.Is.
var (
	// ErrInvalidConfig is wrapped by every *ConfigError.
	ErrInvalidConfig = errors.New("invalid crawl config")
	// ErrTooLarge reports a response body larger than Config.MaxBody. The
	// body is discarded, never stored cut short.
	ErrTooLarge = errors.New("response body too large")
	// ErrOutOfScope reports a redirect to a URL outside the seeds' scope.
	ErrOutOfScope = errors.New("out of scope")
	// ErrRedirectLoop reports a redirect chain that comes back to a URL it
	// already visited twice.
	ErrRedirectLoop = errors.New("redirect loop")
	// ErrTooManyRedirects reports a redirect chain longer than the limit.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrPrivateAddress reports a host that resolves to a private, loopback
	// or link-local address while such addresses are not allowed.
	ErrPrivateAddress = errors.New("private address refused")
	// ErrRobotsDisallowed reports a URL (or redirect target) that robots.txt
	// disallows.
	ErrRobotsDisallowed = errors.New("disallowed by robots.txt")
)

// ConfigError is a Config field that fails validation. It wraps
// ErrInvalidConfig.
type ConfigError struct {
	// Field is the Config field name, e.g. "Rate" or "Seeds[2]".
	Field string
	// Problem says what is wrong with the value.
	Problem string
	// Hint suggests a fix; it may be empty.
	Hint string
}

func (e *ConfigError) Error() string {
	msg := fmt.Sprintf("crawl config: %s: %s", e.Field, e.Problem)
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return msg
}

// Unwrap returns ErrInvalidConfig.
func (e *ConfigError) Unwrap() error { return ErrInvalidConfig }
