package eval

import "testing"

// Expected values are Python's urllib.parse.urljoin(base, ref).
func TestURLJoin(t *testing.T) {
	tests := []struct{ base, ref, want string }{
		{"https://example.com/dir/page.html?x=1#top", "b", "https://example.com/dir/b"},
		{"https://example.com/dir/page.html?x=1#top", "/d", "https://example.com/d"},
		{"https://example.com/dir/page.html?x=1#top", "//host/f", "https://host/f"},
		{"https://example.com/dir/page.html?x=1#top", "?q=1", "https://example.com/dir/page.html?q=1"},
		{"https://example.com/dir/page.html?x=1#top", "#frag", "https://example.com/dir/page.html?x=1#frag"},
		{"https://example.com/dir/page.html?x=1#top", ";p", "https://example.com/dir/;p"},
		{"https://example.com/dir/page.html?x=1#top", "mailto:x@y", "mailto:x@y"},
		{"https://example.com/dir/page.html?x=1#top", "javascript:void(0", "javascript:void(0"},
		{"https://example.com/dir/page.html?x=1#top", "HTTP://X.ORG/", "HTTP://X.ORG/"},
		{"https://example.com/dir/page.html?x=1#top", "../../../r", "https://example.com/r"},
		{"https://example.com/dir/page.html?x=1#top", "./t/.", "https://example.com/dir/t/"},
		{"https://example.com/dir/page.html?x=1#top", "v/..", "https://example.com/dir/"},
		{"https://example.com/dir/page.html?x=1#top", "", "https://example.com/dir/page.html?x=1#top"},
		{"https://example.com/dir/page.html?x=1#top", "a/./b/../c", "https://example.com/dir/a/c"},
		{"https://example.com/dir/page.html?x=1#top", "g;x?y#s", "https://example.com/dir/g;x?y#s"},
		{"https://example.com/dir/page.html?x=1#top", "http:g", "http:g"},
		{"https://example.com/dir/page.html?x=1#top", "https:g", "https://example.com/dir/g"},
		{"https://example.com/dir/page.html?x=1#top", " x", "https://example.com/dir/x"},
		{"https://example.com/dir/page.html?x=1#top", "\x01/x", "https://example.com/x"},
		{"https://example.com/dir/page.html?x=1#top", "a\tb", "https://example.com/dir/ab"},
		{"http://example.org", "b", "http://example.org/b"},
		{"http://example.org", "?q=1", "http://example.org?q=1"},
		{"http://example.org", ";p", "http://example.org/;p"},
		{"http://example.org", "HTTP://X.ORG/", "http://X.ORG/"},
		{"http://example.org", "..", "http://example.org/"},
		{"http://example.org", "http:g", "http://example.org/g"},
		{"https://example.net/a/b/", "..", "https://example.net/a/"},
		{"https://example.net/a/b/", "a/./b/../c", "https://example.net/a/b/a/c"},
		{"https://example.com/p;params/q", "b", "https://example.com/p;params/b"},
		{"https://example.com/p;params/q", "?q=1", "https://example.com/p;params/q?q=1"},
		{"https://example.com/p;params/q", "./t/.", "https://example.com/p;params/t/"},
		{"", "rel", "rel"},
	}
	for _, tt := range tests {
		if got := urljoin(tt.base, tt.ref); got != tt.want {
			t.Errorf("urljoin(%q, %q) = %q, want %q", tt.base, tt.ref, got, tt.want)
		}
	}
}
