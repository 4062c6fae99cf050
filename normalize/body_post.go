package normalize

import (
	"strings"

	"golang.org/x/net/html"
)

// isPost reports whether n is marked as one blog post: the microformat
// class "hentry" or "h-entry" that blog engines put on each entry.
func isPost(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	for _, c := range strings.Fields(strings.ToLower(attrOf(n, "class"))) {
		if c == "hentry" || c == "h-entry" {
			return true
		}
	}
	return false
}

// inPost reports whether n is or lies in an element marked as a post.
func inPost(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if isPost(n) {
			return true
		}
	}
	return false
}

// countPosts counts the elements under root marked as posts, not counting
// those nested in another.
func countPosts(root *html.Node) int {
	k := 0
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if isPost(c) {
			k++
			continue
		}
		k += countPosts(c)
	}
	return k
}

// onlyPost reports whether n is or lies in the one element of the page
// marked as a post: the blog says where its entry is, however short.
func (a *analysis) onlyPost(n *html.Node) bool {
	return n != nil && inPost(n) && countPosts(a.root) == 1
}
