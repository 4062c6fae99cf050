package normalize

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"
)

// ErrBadURL reports a URL that cannot be fetched: unparsable, relative, or not
// http(s).
var ErrBadURL = errors.New("not an absolute http(s) URL")

// trackingParams are query parameters that only identify a campaign or a
// click, never the resource. They are dropped from canonical URLs.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "yclid": true,
	"mc_cid": true, "mc_eid": true, "_ga": true, "_gl": true, "igshid": true,
	"ref_src": true, "ref_url": true, "mkt_tok": true, "oly_anon_id": true,
	"oly_enc_id": true, "vero_id": true, "wickedid": true, "_hsenc": true,
	"_hsmi": true, "hsctatracking": true, "s_cid": true, "cmpid": true,
	"spm": true, "share": false,
}

// isTracking reports whether a query parameter name is a tracking parameter.
func isTracking(name string) bool {
	n := strings.ToLower(name)
	if strings.HasPrefix(n, "utm_") || strings.HasPrefix(n, "pk_") || strings.HasPrefix(n, "mtm_") {
		return true
	}
	return trackingParams[n]
}

// CanonicalURL returns the canonical form of an absolute http(s) URL:
// lower-case scheme and host, no default port, no fragment, no user info,
// dot segments resolved, tracking parameters dropped and the remaining query
// sorted. A trailing slash is kept as served, except that an empty path
// becomes "/". Two URLs for the same resource that differ only in the
// trailing slash are merged by the archive, not here, because some servers
// do treat them differently.
func CanonicalURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("canonical url %q: %w", raw, ErrBadURL)
	}
	return canonical(u)
}

func canonical(u *url.URL) (string, error) {
	scheme := strings.ToLower(u.Scheme)
	if (scheme != "http" && scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("canonical url %q: %w", u.String(), ErrBadURL)
	}
	c := *u
	c.Scheme = scheme
	c.User = nil
	c.Fragment = ""
	c.RawFragment = ""
	host := strings.ToLower(c.Hostname())
	host = strings.TrimSuffix(host, ".")
	port := c.Port()
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	c.Host = host
	p := c.EscapedPath()
	if p == "" {
		p = "/"
	}
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	if np, err := url.PathUnescape(clean); err == nil {
		c.Path = np
		c.RawPath = ""
		if c.EscapedPath() != clean {
			c.RawPath = clean
		}
	}
	c.RawQuery = canonicalQuery(c.RawQuery)
	c.ForceQuery = false
	return c.String(), nil
}

func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	parts := strings.FieldsFunc(raw, func(r rune) bool { return r == '&' || r == ';' })
	kept := parts[:0]
	for _, p := range parts {
		name := p
		if i := strings.IndexByte(p, '='); i >= 0 {
			name = p[:i]
		}
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if name == "" || isTracking(name) {
			continue
		}
		kept = append(kept, p)
	}
	sort.Strings(kept)
	return strings.Join(kept, "&")
}

// ResolveURL resolves ref against base and canonicalises the result. It
// returns "" for references that are not http(s) (mailto:, javascript:, …)
// or that do not parse.
func ResolveURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "#") {
		return ""
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		r = base.ResolveReference(r)
	}
	s, err := canonical(r)
	if err != nil {
		return ""
	}
	return s
}

// RecordID is the stable record id for a canonical URL: the first 16 hex
// digits of its SHA-256, so exports and re-crawls agree on it.
func RecordID(canonicalURL string) string {
	sum := sha256.Sum256([]byte(canonicalURL))
	return hex.EncodeToString(sum[:8])
}

// ContentHash is the hash that identifies a body: SHA-256 of the plain text
// with whitespace folded, as "sha256:<hex>".
func ContentHash(text string) string {
	sum := sha256.Sum256([]byte(collapseSpace(text)))
	return "sha256:" + hex.EncodeToString(sum[:])
}
