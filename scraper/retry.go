package scraper

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Retry limits.
const (
	// maxBackoff caps the exponential backoff.
	maxBackoff = 5 * time.Minute
	// maxRetryAfter caps how long a Retry-After header can hold a URL back.
	maxRetryAfter = 10 * time.Minute
)

// Error kinds counted in Summary.Errors besides "http_NNN".
const (
	kindTimeout       = "timeout"
	kindConnection    = "connection"
	kindDNS           = "dns"
	kindTLS           = "tls"
	kindTooLarge      = "too_large"
	kindOutOfScope    = "out_of_scope"
	kindRedirectLoop  = "redirect_loop"
	kindTooManyRedirs = "too_many_redirects"
	kindPrivate       = "private_address"
	kindRobots        = "robots"
	kindExtract       = "extract"
	kindStore         = "store"
	kindParse         = "parse"
	kindFetch         = "fetch"
	kindCanceled      = "canceled"
)

// classify names the kind of a failed fetch and tells whether it is worth
// retrying. status is the HTTP status when a response arrived, else 0.
func classify(err error, status int) (kind string, retry bool) {
	if err == nil {
		switch {
		case status == http.StatusTooManyRequests:
			return "http_429", true
		case status >= 500:
			return fmt.Sprintf("http_%d", status), true
		default:
			return fmt.Sprintf("http_%d", status), false
		}
	}
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var netErr net.Error
	var remote *RemoteError
	switch {
	case errors.As(err, &remote):
		return remote.Kind, remote.Retry
	case errors.Is(err, context.Canceled):
		return kindCanceled, false
	case errors.Is(err, ErrTooLarge):
		return kindTooLarge, false
	case errors.Is(err, ErrOutOfScope):
		return kindOutOfScope, false
	case errors.Is(err, ErrRedirectLoop):
		return kindRedirectLoop, false
	case errors.Is(err, ErrTooManyRedirects):
		return kindTooManyRedirs, false
	case errors.Is(err, ErrPrivateAddress):
		return kindPrivate, false
	case errors.Is(err, ErrRobotsDisallowed):
		return kindRobots, false
	case errors.As(err, &dnsErr):
		return kindDNS, !dnsErr.IsNotFound
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr):
		return kindTLS, false
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return kindTimeout, true
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return kindConnection, true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return kindConnection, true
	}
	return kindFetch, false
}

// backoff is the delay before retry number attempt (1 for the first
// retry): base doubled per attempt, capped, with jitter between half and
// the full delay.
func backoff(base time.Duration, attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	d := base
	for i := 1; i < attempt && d < maxBackoff; i++ {
		d *= 2
	}
	d = min(d, maxBackoff)
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(d-half+1)
}

// retryAfter parses a Retry-After header (seconds or an HTTP date) relative
// to now. It returns 0 when absent or unparsable, and caps the result.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	if d <= 0 {
		return 0
	}
	return min(d, maxRetryAfter)
}
