package normalize

import (
	"math"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

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
	forumPath    bool    // URL looks like a forum thread or question
	articles     int     // <article> elements in the page
	timeTags     bool    // the page has a <time> element
	inputs       int     // visible form fields: contact, booking, search forms
	bodyShare    float64 // body text over the whole page's text
	oneH1        bool    // exactly one <h1>
	slugWords    int     // words in the last path segment
	pageDepth    int     // path segments
	// discussion is true when the body is the page's comments: the page
	// had next to no text of its own besides them.
	discussion bool
}

var (
	forumPathRe = guarded(regexp.MustCompile(`(?i)/(threads?|t|topics?|questions|forums?|community|discussions?|viewtopic|comments)/`),
		newFoldSet("/thread", "/t/", "/topic", "/questions/", "/forum", "/community/", "/discussion", "/viewtopic/",
			"/comments/").in)
	listPathRe = guarded(regexp.MustCompile(`(?i)/(tags?|categor(y|ies)|topics?|authors?|writers?|contributors?|people|archives?|search|page|sections?|collections?|series|labels?|feed|index)(/|$|\.)|[?&](page|p|s|q|query|search|tag|category)=|/page/\d+|/\d+/?$`),
		func(s string) bool { return listPathWords.in(s) || endsInNumber(s) })
	// itemPathRe matches the permalinks of one item by its number, which
	// listPathRe would take for a page of a listing: /node/123,
	// /archives/123 and WordPress's default ?p=123.
	itemPathRe    = regexp.MustCompile(`(?i)^/(node|archives?|posts?|articles?|stor(y|ies)|p)/\d+/?\?$|^/(index\.php)?\?p=\d+$`)
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

// classifyScore is classify with the article log-odds and the signals.
func classifyScore(doc *goquery.Document, base *url.URL, m metadata, b body) (string, float64, pageSignals) {
	s := measure(doc, base, m, b)
	return decideType(s), articleScore(s), s
}

func measure(doc *goquery.Document, base *url.URL, m metadata, b body) pageSignals {
	s := pageSignals{
		declared:   strings.ToLower(m.Type),
		hasDate:    m.Published != "" && !m.weakDate,
		hasAuthor:  namesAuthor(m.Authors),
		discussion: b.discussion,
	}
	p := base.EscapedPath()
	s.rootPath = p == "" || p == "/" || strings.HasSuffix(strings.ToLower(p), "/index.html") && strings.Count(p, "/") == 1
	item := itemPathRe.MatchString(p + "?" + base.RawQuery)
	s.rootPath = s.rootPath && !item
	s.listPath = listPathRe.MatchString(p+"?"+base.RawQuery) && !item
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
			if isCaptionCopy(n) {
				return
			}
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
	s.forumPath = forumPathRe.MatchString(p)
	page := pageCounts(doc, &s)
	segs := strings.FieldsFunc(p, func(r rune) bool { return r == '/' })
	s.pageDepth = len(segs)
	if len(segs) > 0 {
		s.slugWords = len(strings.FieldsFunc(segs[len(segs)-1], func(r rune) bool { return r == '-' || r == '_' }))
	}
	if pageLen := foldedLen(page); pageLen > 0 {
		s.bodyShare = float64(s.textLen) / float64(pageLen)
	}
	page = lowerForPhrases(page)
	for _, p := range productPhrases {
		s.productHints += min(3, strings.Count(page, p))
	}
	for _, w := range forumWords {
		s.forumHints += min(10, strings.Count(page, w))
	}
	return s
}

// listPathWords are the words of listPathRe, one of which its matches
// hold but for a path that ends in a number.
var listPathWords = newFoldSet("/tag", "/categor", "/topic", "/author", "/writer", "/contributor", "/people",
	"/archive", "/search", "/page", "/section", "/collection", "/series", "/label", "/feed", "/index",
	"?page=", "&page=", "?p=", "&p=", "?s=", "&s=", "?q=", "&q=", "?query=", "&query=", "?search=", "&search=",
	"?tag=", "&tag=", "?category=", "&category=")

// endsInNumber reports whether s ends in '/', digits and an optional '/'.
func endsInNumber(s string) bool {
	s = strings.TrimSuffix(s, "/")
	digits := strings.TrimRight(s, "0123456789")
	return len(digits) < len(s) && strings.HasSuffix(digits, "/")
}

// lowerForPhrases is strings.ToLower(s) as far as counting the ASCII
// phrases of productPhrases and forumWords in it goes: ASCII letters are
// lowered and other bytes are kept. A phrase cannot span a rune beyond
// ASCII, in s or lowered, so each run of ASCII holds the same matches; only
// İ and the Kelvin sign lower to ASCII, and a text with them is lowered
// in full.
func lowerForPhrases(s string) string {
	if strings.Contains(s, "İ") || strings.Contains(s, "\u212a") {
		return strings.ToLower(s)
	}
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		b[i] = lowerASCII(s[i])
	}
	return string(b)
}

// maxPageText bounds the page text read for the phrase counts.
const maxPageText = 100000

// pageCounts walks the whole page once for the element counts of s
// (articles, time tags, visible form fields, h1s, linked headings) and
// returns the text under <body>, cut at maxPageText bytes.
func pageCounts(doc *goquery.Document, s *pageSignals) string {
	var text strings.Builder
	h1s := 0
	var walk func(n *html.Node, inBody, inHeading, inLink bool)
	walk = func(n *html.Node, inBody, inHeading, inLink bool) {
		switch n.Type {
		case html.TextNode:
			if inBody && text.Len() <= maxPageText {
				text.WriteString(n.Data)
			}
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Body:
				inBody = true
			case atom.Article:
				s.articles++
			case atom.Time:
				s.timeTags = true
			case atom.Input:
				if t, ok := mdAttrOK(n, "type"); !ok || t != "hidden" {
					s.inputs++
				}
			case atom.Select, atom.Textarea:
				s.inputs++
			case atom.H1:
				h1s++
			case atom.A:
				if mdHasAttr(n, "href") {
					if inHeading {
						s.teasers++ // a link inside a heading
					}
					inLink = true
				}
			case atom.H2, atom.H3:
				if inLink {
					s.teasers++ // a heading inside a link
				}
				inHeading = true
			case atom.H4:
				inHeading = true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inBody, inHeading, inLink)
		}
	}
	for _, n := range doc.Nodes {
		walk(n, false, false, false)
	}
	s.oneH1 = h1s == 1
	page := text.String()
	if len(page) > maxPageText {
		page = page[:maxPageText]
	}
	return page
}

// foldedLen is len(collapseSpace(s)) without building the string.
func foldedLen(s string) int {
	n := 0
	started, gap := false, false // a word came; white space came after one
	for i := 0; i < len(s); {
		w := 1
		if c := s[i]; c < utf8.RuneSelf {
			if spaceClass[c] == asciiSpace {
				gap = started
				i++
				continue
			}
		} else {
			var r rune
			r, w = utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				gap = started
				i += w
				continue
			}
		}
		if gap {
			n++
			gap = false
		}
		started = true
		n += w
		i += w
	}
	return n
}

// declaredKind sorts the declared type into the groups the decision uses.
func declaredKind(declared string) (article, generic, product, forum, collection bool) {
	forum = strings.Contains(declared, "discussionforum") || strings.Contains(declared, "qapage")
	for _, t := range articleTypes {
		if !forum && strings.Contains(declared, t) {
			article = true
			break
		}
	}
	generic = declared == "" || declared == "webpage" || declared == "website"
	product = strings.Contains(declared, "product")
	collection = strings.Contains(declared, "collectionpage") || strings.Contains(declared, "itemlist") ||
		strings.Contains(declared, "searchresults") || strings.Contains(declared, "profilepage")
	return
}

// articleWeights is a logistic model over generic page features, fitted
// by logistic regression on the WCXB development split (1,497 pages of
// seven types) and checked on held-out halves (precision and recall about
// 0.90 each). No feature names a site; each is a property any page has.
var articleWeights = struct {
	bias, declaredArticle, declaredGeneric, declaredProduct, declaredForum, declaredCollection,
	date, author, logLen, paragraphs, linkDensity, teasers, listPath, rootPath, articlePath,
	productHints, forumHints, forumPath, hasArticle, oneArticle, timeTag, inputs, bodyShare,
	oneH1, slugWords, depth float64
}{
	bias: -3.55, declaredArticle: 1.26, declaredGeneric: 0.11, declaredProduct: -0.48, declaredForum: -0.44,
	declaredCollection: -0.04, date: 0.75, author: 0.95, logLen: 0.17, paragraphs: 0.72, linkDensity: -0.40,
	teasers: -0.44, listPath: -0.08, rootPath: -0.29, articlePath: 0.91, productHints: -0.37, forumHints: -0.68,
	forumPath: -0.89, hasArticle: 0.37, oneArticle: 0.50, timeTag: 0.11, inputs: -0.47, bodyShare: 0.65,
	oneH1: 0.28, slugWords: 0.97, depth: 0.04,
}

// articleScore is the model's log-odds that the page is one article.
func articleScore(s pageSignals) float64 {
	w := articleWeights
	art, generic, product, forum, collection := declaredKind(s.declared)
	z := w.bias +
		w.declaredArticle*b2f(art) + w.declaredGeneric*b2f(generic) + w.declaredProduct*b2f(product) +
		w.declaredForum*b2f(forum) + w.declaredCollection*b2f(collection) +
		w.date*b2f(s.hasDate) + w.author*b2f(s.hasAuthor) +
		w.logLen*math.Log1p(float64(s.textLen))/10 + w.paragraphs*float64(min(s.paragraphs, 20))/10 +
		w.linkDensity*s.linkDensity + w.teasers*math.Log1p(float64(s.teasers))/3 +
		w.listPath*b2f(s.listPath) + w.rootPath*b2f(s.rootPath) + w.articlePath*b2f(s.articlePath) +
		w.productHints*float64(min(s.productHints, 6))/3 + w.forumHints*float64(min(s.forumHints, 30))/10 +
		w.forumPath*b2f(s.forumPath) + w.hasArticle*b2f(s.articles >= 1) + w.oneArticle*b2f(s.articles == 1) +
		w.timeTag*b2f(s.timeTags) + w.inputs*float64(min(s.inputs, 20))/10 + w.bodyShare*s.bodyShare +
		w.oneH1*b2f(s.oneH1) + w.slugWords*float64(min(s.slugWords, 10))/5 + w.depth*float64(min(s.pageDepth, 6))/3
	return z
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// decideType names the page type: an article when the model says so,
// else the most likely kind of non-article page.
func decideType(s pageSignals) string {
	if s.discussion && !s.declaredArticle() {
		// The content is a thread of posts.
		return PageForum
	}
	if articleScore(s) >= 0 || s.plainArticle() {
		return PageArticle
	}
	_, _, product, forum, _ := declaredKind(s.declared)
	switch {
	case product || s.productHints >= 2:
		return PageProduct
	case forum || s.forumPath || s.forumHints >= 10:
		return PageForum
	case s.teasers >= 5 || s.listPath || s.rootPath:
		return PageListing
	}
	return PageOther
}

// declaredArticle reports whether the page declares itself an article.
func (s pageSignals) declaredArticle() bool {
	art, _, _, _, _ := declaredKind(s.declared)
	return art
}

// plainArticle reports a page that is one dated piece of prose under one
// headline, whatever its URL looks like: /node/123, ?p=123, an underscore
// slug or a bare number name articles as well as a dated slug does.
func (s pageSignals) plainArticle() bool {
	_, _, product, forum, collection := declaredKind(s.declared)
	return s.oneH1 && s.hasDate && s.paragraphs >= 3 && s.linkDensity < 0.1 && s.teasers == 0 && s.bodyShare >= 0.6 && s.articles >= 1 &&
		s.inputs < 5 && s.productHints == 0 && s.forumHints < 3 && !s.forumPath && !s.rootPath &&
		!product && !forum && !collection && !s.discussion
}

// namesAuthor reports whether authors name a writer rather than only
// account handles ("Alphabyte1", "user3080392"): forums sign each post
// with its poster's handle, articles name a person or a desk.
func namesAuthor(authors []string) bool {
	for _, a := range authors {
		if !accountHandle(a) {
			return true
		}
	}
	return false
}

// accountHandle reports a name written as one token of letters that ends
// in digits, as sign-up forms make them.
func accountHandle(s string) bool {
	if s == "" || strings.ContainsAny(s, " \t") {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	first, _ := utf8.DecodeRuneInString(s)
	return unicode.IsDigit(last) && unicode.IsLetter(first)
}
