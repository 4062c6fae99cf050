package normalize

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// isPost reports whether n is marked as one blog post: the microformat
// class "hentry" or "h-entry" that blog engines put on each entry.
func isPost(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	// countPosts asks this of every element of the page: the words are
	// compared without lower-casing the class. Neither holds a letter
	// that only Unicode folding (K, ſ) or lower-casing (İ) reaches.
	for _, c := range strings.Fields(attrOf(n, "class")) {
		if strings.EqualFold(c, "hentry") || strings.EqualFold(c, "h-entry") {
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

// titledArticle returns the article element headed by the page's title
// when the top candidate lies in another article: a page that appends the
// next stories below its own (an endless scroll) may hold a longer one
// than the story it is about. It returns nil when the top is already in
// the titled article, or no article carries the title.
func (a *analysis) titledArticle(top *html.Node, title string) *html.Node {
	ft := foldTitle(title)
	if ft == "" {
		return nil
	}
	own := enclosingArticle(top)
	if own == nil {
		own = top
	}
	var h1 *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		for c := n.FirstChild; c != nil && h1 == nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c.DataAtom == atom.H1 {
				if repeatsTitle(ft, textOf(c)) {
					h1 = c
				}
				continue
			}
			find(c)
		}
	}
	find(a.root)
	if h1 == nil || own == h1 || isAncestor(own, h1) {
		return nil
	}
	art := enclosingArticle(h1)
	if art == nil || art == own || isAncestor(art, own) || isAncestor(own, art) {
		return nil
	}
	if in := a.info[art]; in == nil || in.drop || in.good < minTitledProse {
		return nil
	}
	return art
}

// minTitledProse is the least prose the titled article holds to be the
// content in place of another.
const minTitledProse = 200

// enclosingArticle returns the innermost <article> element that is or
// holds n, or nil.
func enclosingArticle(n *html.Node) *html.Node {
	for ; n != nil; n = n.Parent {
		if n.Type == html.ElementNode && n.DataAtom == atom.Article {
			return n
		}
	}
	return nil
}
