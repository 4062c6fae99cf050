package normalize

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageSignals are the measurements the page-type decision is made from.
type pageSignals struct {
	declared     string // JSON-LD @type or og:type, lower-case
	hasDate      bool
	hasAuthor    bool
	textLen      int     // characters of body text
	paragraphs   int     // <p> in the body with at least 80 characters
	linkDensity  float64 // share of body text inside links
	teasers      int     // headings that are links, in the whole page
	listPath     bool    // URL looks like a listing: /tag/, /page/2, /search …
	rootPath     bool    // the site's home page
	articlePath  bool    // URL looks like an article: a date or a long slug
	productHints int     // price, add-to-cart, SKU
	forumHints   int     // posts, replies, threads
}

var (
	listPathRe    = regexp.MustCompile(`(?i)/(tags?|categor(y|ies)|topics?|authors?|writers?|contributors?|people|archives?|search|page|sections?|collections?|series|labels?|feed|index)(/|$|\.)|[?&](page|p|s|q|query|search|tag|category)=|/page/\d+|/\d+/?$`)
	articlePathRe = regexp.MustCompile(`/(19|20)\d{2}/\d{1,2}/|/(19|20)\d{2}-\d{2}-\d{2}|[a-z0-9]+(-[a-z0-9]+){3,}(\.html?|/)?$|/\d{5,}(\.html?|/)?$|\.html?$`)
)

// productPhrases and forumWords are counted in the lower-cased page text.
var (
	productPhrases = []string{"add to cart", "add to bag", "add to basket", "in stock", "out of stock",
		"free shipping", " sku", "buy now", "add to wishlist"}
	forumWords = []string{" replies", " reply", " posts", "joined ", " thread", "upvote", " votes", "answered ", "asked "}
)

// articleTypes are declared types that mean "one article".
var articleTypes = []string{"article", "newsarticle", "blogposting", "reportagenewsarticle", "opinionnewsarticle",
	"analysisnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "report", "scholarlyarticle", "techarticle",
	"liveblogposting", "socialmediaposting", "posting", "review", "recipe", "howto"}

// classify decides the page type from the metadata, the body found and the
// page as a whole.
func classify(doc *goquery.Document, base *url.URL, m metadata, b body) string {
	s := measure(doc, base, m, b)
	return decideType(s)
}

func measure(doc *goquery.Document, base *url.URL, m metadata, b body) pageSignals {
	s := pageSignals{
		declared:  strings.ToLower(m.Type),
		hasDate:   m.Published != "",
		hasAuthor: len(m.Authors) > 0,
	}
	p := base.EscapedPath()
	s.rootPath = p == "" || p == "/" || strings.HasSuffix(strings.ToLower(p), "/index.html") && strings.Count(p, "/") == 1
	s.listPath = listPathRe.MatchString(p + "?" + base.RawQuery)
	s.articlePath = articlePathRe.MatchString(strings.ToLower(strings.TrimSuffix(p, "/")) + "/")
	var linkLen int
	var walk func(n *html.Node, inLink bool)
	walk = func(n *html.Node, inLink bool) {
		switch n.Type {
		case html.TextNode:
			l := len(strings.TrimSpace(n.Data))
			s.textLen += l
			if inLink {
				linkLen += l
			}
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.A:
				inLink = true
			case atom.P:
				if len(strings.TrimSpace(textOf(n))) >= 80 {
					s.paragraphs++
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink)
		}
	}
	if b.node != nil {
		walk(b.node, false)
	}
	if s.textLen > 0 {
		s.linkDensity = float64(linkLen) / float64(s.textLen)
	}
	s.teasers = doc.Find("h2 a[href], h3 a[href], h4 a[href], a[href] h2, a[href] h3").Length()
	page := doc.Find("body").Text()
	if len(page) > 100000 {
		page = page[:100000]
	}
	page = strings.ToLower(page)
	for _, p := range productPhrases {
		s.productHints += min(3, strings.Count(page, p))
	}
	for _, w := range forumWords {
		s.forumHints += min(10, strings.Count(page, w))
	}
	return s
}

func decideType(s pageSignals) string {
	score := 0.0
	declaredArticle := false
	for _, t := range articleTypes {
		if strings.Contains(s.declared, t) {
			declaredArticle = true
			break
		}
	}
	switch {
	case declaredArticle:
		score += 2
	case strings.Contains(s.declared, "product"):
		return PageProduct
	case strings.Contains(s.declared, "discussionforum") || strings.Contains(s.declared, "qapage"):
		return PageForum
	case strings.Contains(s.declared, "collectionpage") || strings.Contains(s.declared, "itemlist") ||
		strings.Contains(s.declared, "searchresults") || strings.Contains(s.declared, "profilepage"):
		score -= 2
	}
	if s.hasDate {
		score += 1.5
	}
	if s.hasAuthor {
		score += 1
	}
	switch {
	case s.textLen >= 2500:
		score += 1.5
	case s.textLen >= 1200:
		score += 0.5
	case s.textLen < 500:
		score -= 2
	}
	if s.paragraphs >= 4 {
		score += 1
	} else if s.paragraphs <= 1 {
		score -= 1
	}
	if s.linkDensity > 0.5 {
		score -= 2
	} else if s.linkDensity > 0.3 {
		score -= 1
	}
	if s.teasers >= 8 {
		score -= 1.5
	}
	if s.listPath {
		score -= 2
	}
	if s.rootPath {
		score -= 3
	}
	if s.articlePath {
		score += 0.5
	}
	if score >= 2 {
		return PageArticle
	}
	switch {
	case s.productHints >= 2:
		return PageProduct
	case s.forumHints >= 10:
		return PageForum
	case s.teasers >= 5 || s.listPath || s.rootPath:
		return PageListing
	}
	return PageOther
}
