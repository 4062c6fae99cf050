package eval

import (
	"slices"
	"strings"
)

// The Markdown scores resolve link targets with Python's
// urllib.parse.urljoin. Go's net/url resolves references by RFC 3986 and
// differs in the details that matter here (params, empty components, how
// dot segments and unknown schemes are treated), so the Python function is
// followed step by step. It never fails: where Python would raise
// ValueError on a malformed host, the result is whatever the steps give.

var (
	usesRelative = []string{"", "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https", "shttp", "mms",
		"prospero", "rtsp", "rtsps", "rtspu", "sftp", "svn", "svn+ssh", "ws", "wss"}
	usesNetloc = []string{"", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp",
		"snews", "prospero", "rtsp", "rtsps", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git", "git+ssh", "ws", "wss"}
	usesParams = []string{"", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtsps", "rtspu",
		"sip", "sips", "mms", "sftp", "tel"}
)

// pyURL is the 6-tuple of urllib.parse.urlparse.
type pyURL struct{ scheme, netloc, path, params, query, fragment string }

func isSchemeChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'
}

// urlsplit is urllib.parse.urlsplit with allow_fragments.
func urlsplit(u, scheme string) pyURL {
	u = strings.TrimLeft(u, c0OrSpace)
	scheme = strings.Trim(scheme, c0OrSpace)
	for _, b := range []string{"\t", "\r", "\n"} {
		u = strings.ReplaceAll(u, b, "")
		scheme = strings.ReplaceAll(scheme, b, "")
	}
	var r pyURL
	if i := strings.IndexByte(u, ':'); i > 0 && (u[0] >= 'a' && u[0] <= 'z' || u[0] >= 'A' && u[0] <= 'Z') {
		ok := true
		for j := 0; j < i; j++ {
			if !isSchemeChar(u[j]) {
				ok = false
				break
			}
		}
		if ok {
			scheme, u = strings.ToLower(u[:i]), u[i+1:]
		}
	}
	r.scheme = scheme
	if strings.HasPrefix(u, "//") {
		delim := len(u)
		for _, c := range "/?#" {
			if w := strings.IndexRune(u[2:], c); w >= 0 {
				delim = min(delim, w+2)
			}
		}
		r.netloc, u = u[2:delim], u[delim:]
	}
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u, r.fragment = u[:i], u[i+1:]
	}
	if i := strings.IndexByte(u, '?'); i >= 0 {
		u, r.query = u[:i], u[i+1:]
	}
	r.path = u
	return r
}

// c0OrSpace is the C0 controls and space, stripped from URLs as WHATWG does.
const c0OrSpace = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "

// urlparse is urllib.parse.urlparse: urlsplit plus the ;params of the last
// path segment for the schemes that use them.
func urlparse(u, scheme string) pyURL {
	r := urlsplit(u, scheme)
	if slices.Contains(usesParams, r.scheme) && strings.Contains(r.path, ";") {
		i := -1
		if slash := strings.LastIndexByte(r.path, '/'); slash >= 0 {
			if j := strings.IndexByte(r.path[slash:], ';'); j >= 0 {
				i = slash + j
			}
		} else {
			i = strings.IndexByte(r.path, ';')
		}
		if i >= 0 {
			r.path, r.params = r.path[:i], r.path[i+1:]
		}
	}
	return r
}

// String is urllib.parse.urlunparse.
func (r pyURL) String() string {
	u := r.path
	if r.params != "" {
		u += ";" + r.params
	}
	if r.netloc != "" || (r.scheme != "" && slices.Contains(usesNetloc, r.scheme) && !strings.HasPrefix(u, "//")) {
		if u != "" && u[0] != '/' {
			u = "/" + u
		}
		u = "//" + r.netloc + u
	}
	if r.scheme != "" {
		u = r.scheme + ":" + u
	}
	if r.query != "" {
		u += "?" + r.query
	}
	if r.fragment != "" {
		u += "#" + r.fragment
	}
	return u
}

// urljoin is urllib.parse.urljoin(base, ref).
func urljoin(base, ref string) string {
	if base == "" {
		return ref
	}
	if ref == "" {
		return base
	}
	b := urlparse(base, "")
	r := urlparse(ref, b.scheme)
	if r.scheme != b.scheme || !slices.Contains(usesRelative, r.scheme) {
		return ref
	}
	if slices.Contains(usesNetloc, r.scheme) {
		if r.netloc != "" {
			return r.String()
		}
		r.netloc = b.netloc
	}
	if r.path == "" && r.params == "" {
		r.path, r.params = b.path, b.params
		if r.query == "" {
			r.query = b.query
		}
		return r.String()
	}
	baseParts := strings.Split(b.path, "/")
	if baseParts[len(baseParts)-1] != "" {
		baseParts = baseParts[:len(baseParts)-1]
	}
	var segments []string
	if strings.HasPrefix(r.path, "/") {
		segments = strings.Split(r.path, "/")
	} else {
		segments = append(baseParts, strings.Split(r.path, "/")...)
		if len(segments) > 2 {
			kept := []string{segments[0]}
			for _, s := range segments[1 : len(segments)-1] {
				if s != "" {
					kept = append(kept, s)
				}
			}
			segments = append(kept, segments[len(segments)-1])
		}
	}
	var resolved []string
	for _, s := range segments {
		switch s {
		case "..":
			if len(resolved) > 0 {
				resolved = resolved[:len(resolved)-1]
			}
		case ".":
		default:
			resolved = append(resolved, s)
		}
	}
	if last := segments[len(segments)-1]; last == "." || last == ".." {
		resolved = append(resolved, "")
	}
	r.path = strings.Join(resolved, "/")
	if r.path == "" {
		r.path = "/"
	}
	return r.String()
}
