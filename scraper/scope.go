package scraper

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/publicsuffix"
)

// Reasons a discovered URL is not queued.
const (
	rejectOutOfScope = "out_of_scope"
	rejectFiltered   = "filtered"
	rejectTrap       = "trap"
	rejectNonHTML    = "non_html"
)

// URL trap limits: a URL past any of them is never queued.
const (
	maxURLLength      = 2048
	maxPathSegments   = 32
	maxSegmentRepeats = 3
)

// scope decides which URLs a crawl may fetch. It is immutable after
// newScope and safe for concurrent use.
type scope struct {
	mode     string
	hosts    map[string]bool // ScopeHost: host[:port]
	domains  []string        // ScopeDomain: registrable domains
	prefixes []string        // ScopePrefix: scheme-less URL prefixes
	include  []*regexp.Regexp
	exclude  []*regexp.Regexp
}

func newScope(mode string, seeds []string, include, exclude []*regexp.Regexp) (*scope, error) {
	s := &scope{mode: mode, hosts: make(map[string]bool), include: include, exclude: exclude}
	for _, raw := range seeds {
		u, err := url.Parse(raw)
		if err != nil {
			return nil, fmt.Errorf("scope: seed %q: %w", raw, err)
		}
		host := strings.ToLower(u.Host)
		s.hosts[host] = true
		s.domains = append(s.domains, registrableDomain(u.Hostname()))
		dir := u.EscapedPath()
		if i := strings.LastIndexByte(dir, '/'); i >= 0 {
			dir = dir[:i+1]
		} else {
			dir = "/"
		}
		s.prefixes = append(s.prefixes, host+dir)
	}
	return s, nil
}

// registrableDomain is the eTLD+1 of host, or host itself for IP addresses,
// single-label names and public suffixes.
func registrableDomain(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if net.ParseIP(host) != nil {
		return host
	}
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return host
}

// contains reports whether u is inside the crawl's scope. Scheme is ignored
// so that http and https pages of one site stay together.
func (s *scope) contains(u *url.URL) bool {
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false
	}
	host := strings.ToLower(u.Host)
	switch s.mode {
	case ScopeDomain:
		h := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
		for _, d := range s.domains {
			if h == d || strings.HasSuffix(h, "."+d) {
				return true
			}
		}
		return false
	case ScopePrefix:
		p := host + u.EscapedPath()
		for _, pre := range s.prefixes {
			if strings.HasPrefix(p, pre) {
				return true
			}
		}
		return false
	default:
		return s.hosts[host]
	}
}

// containsURL is contains for a URL string.
func (s *scope) containsURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && s.contains(u)
}

// admit decides whether a discovered canonical URL may be queued; it returns
// "" or one of the reject reasons.
func (s *scope) admit(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || !s.contains(u) {
		return rejectOutOfScope
	}
	if isTrap(raw, u) {
		return rejectTrap
	}
	for _, re := range s.exclude {
		if re.MatchString(raw) {
			return rejectFiltered
		}
	}
	if len(s.include) > 0 {
		ok := false
		for _, re := range s.include {
			if re.MatchString(raw) {
				ok = true
				break
			}
		}
		if !ok {
			return rejectFiltered
		}
	}
	if hasNonHTMLExtension(u.Path) {
		return rejectNonHTML
	}
	return ""
}

// isTrap reports URLs that crawler traps produce: very long URLs, very deep
// paths and paths repeating one segment (/a/b/a/b/a/b/…).
func isTrap(raw string, u *url.URL) bool {
	if len(raw) > maxURLLength {
		return true
	}
	segs := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	if len(segs) > maxPathSegments {
		return true
	}
	seen := make(map[string]int, len(segs))
	for _, seg := range segs {
		seen[seg]++
		if seen[seg] > maxSegmentRepeats {
			return true
		}
	}
	return false
}

// nonHTMLExtensions are file extensions that never name an HTML page.
var nonHTMLExtensions = map[string]bool{
	".pdf": true, ".ps": true, ".eps": true, ".epub": true, ".mobi": true,
	".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true,
	".odt": true, ".ods": true, ".odp": true, ".rtf": true, ".csv": true,
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".avif": true,
	".bmp": true, ".tif": true, ".tiff": true, ".svg": true, ".ico": true, ".heic": true,
	".mp3": true, ".ogg": true, ".oga": true, ".wav": true, ".flac": true, ".m4a": true, ".aac": true,
	".mp4": true, ".m4v": true, ".webm": true, ".mov": true, ".avi": true, ".mkv": true, ".wmv": true, ".flv": true,
	".zip": true, ".tar": true, ".tgz": true, ".bz2": true, ".xz": true, ".7z": true, ".rar": true,
	".exe": true, ".msi": true, ".dmg": true, ".iso": true, ".apk": true, ".deb": true, ".rpm": true, ".bin": true,
	".css": true, ".js": true, ".mjs": true, ".json": true, ".wasm": true, ".map": true,
	".woff": true, ".woff2": true, ".ttf": true, ".otf": true, ".eot": true,
}

// hasNonHTMLExtension reports whether a URL path ends in a file extension
// that never names an HTML page. .gz alone counts, .xml.gz (a sitemap) not.
func hasNonHTMLExtension(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	if ext == ".gz" {
		return !strings.HasSuffix(strings.ToLower(p), ".xml.gz")
	}
	return nonHTMLExtensions[ext]
}

// addrGuard dials only addresses the crawl may reach: public ones, and
// private, loopback or link-local ones when allowed for every host or when
// the host is a seed's. It resolves names itself and dials the checked
// address, so a name cannot resolve differently between check and dial.
type addrGuard struct {
	allowPrivate bool
	seedHosts    map[string]bool
	dialer       *net.Dialer
	resolver     *net.Resolver
}

func newAddrGuard(allowPrivate bool, seeds []string, timeout time.Duration) *addrGuard {
	g := &addrGuard{
		allowPrivate: allowPrivate,
		seedHosts:    make(map[string]bool),
		dialer:       &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second},
		resolver:     net.DefaultResolver,
	}
	for _, s := range seeds {
		if u, err := url.Parse(s); err == nil {
			g.seedHosts[strings.ToLower(u.Hostname())] = true
		}
	}
	return g
}

// isPrivateIP reports addresses a public crawl must not reach.
func isPrivateIP(ip net.IP) bool {
	if ip4 := ip.To4(); ip4 != nil {
		ip = ip4
		// 100.64.0.0/10 (carrier-grade NAT) and 0.0.0.0/8.
		if ip[0] == 100 && ip[1]&0xc0 == 64 || ip[0] == 0 {
			return true
		}
	}
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() ||
		ip.IsMulticast() || ip.IsUnspecified()
}

func (g *addrGuard) permits(host string, ip net.IP) bool {
	return g.allowPrivate || g.seedHosts[strings.ToLower(host)] || !isPrivateIP(ip)
}

// DialContext is an http.Transport dial function.
func (g *addrGuard) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	var ips []net.IP
	if ip := net.ParseIP(host); ip != nil {
		ips = []net.IP{ip}
	} else {
		addrs, err := g.resolver.LookupIPAddr(ctx, host)
		if err != nil {
			return nil, err
		}
		for _, a := range addrs {
			ips = append(ips, a.IP)
		}
	}
	var lastErr error
	for _, ip := range ips {
		if !g.permits(host, ip) {
			lastErr = fmt.Errorf("dial %s (%s): %w", host, ip, ErrPrivateAddress)
			continue
		}
		conn, err := g.dialer.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return conn, nil
		}
		lastErr = err
	}
	if lastErr == nil {
		lastErr = fmt.Errorf("dial %s: no address", host)
	}
	return nil, lastErr
}

// sameShape reports whether two URLs differ only in their digits: the
// next page of a calendar or of an endless pagination.
func sameShape(a, b string) bool {
	return digitsFolded(a) == digitsFolded(b)
}

func digitsFolded(s string) string {
	var out strings.Builder
	out.Grow(len(s))
	inRun := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			if !inRun {
				out.WriteByte('0')
			}
			inRun = true
			continue
		}
		inRun = false
		out.WriteByte(c)
	}
	return out.String()
}
