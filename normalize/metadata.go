package normalize

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// metadata is what the page says about itself, each field the best answer
// of the cascade. Dates are RFC 3339, or YYYY-MM-DD when only the day is
// known.
type metadata struct {
	Title       string
	Authors     []string
	Published   string
	Modified    string
	Lang        string
	SiteName    string
	Description string
	Tags        []string
	// Type is the declared type of the page: the JSON-LD @type of the main
	// entity (e.g. "NewsArticle", "CollectionPage") or og:type ("article",
	// "website"), "" when the page declares none.
	Type string

	// metaAuthor and ldAuthor are the folded author meta tags and JSON-LD
	// authors; certain the names only this page's author can have.
	metaAuthor, ldAuthor string
	certain              []string
	// siteDefault is true when Authors are the site's default, the page
	// naming nobody else.
	siteDefault bool
	// relativeDate is true when Published was counted back from the
	// extraction time ("vor 3 Tagen"), the page giving no other date.
	relativeDate bool
	// weakDate is true when Published came from a last resort (a
	// footer, a page script, a relative date): no sign of an article.
	weakDate bool
}

// extractMetadata reads the page's metadata. It must not modify doc.
func extractMetadata(doc *goquery.Document, base *url.URL) metadata {
	return extractMetadataAt(doc, base, time.Now())
}

// extractMetadataAt is extractMetadata with the current time given, so
// that dates in the future can be told apart reproducibly.
func extractMetadataAt(doc *goquery.Document, base *url.URL, now time.Time) metadata {
	return extractMetadataWith(doc, base, now, nil)
}

// extractMetadataWith is extractMetadataAt with the author values a site
// prints on every page: they give way to any other source of names.
func extractMetadataWith(doc *goquery.Document, base *url.URL, now time.Time, siteAuthors map[string]bool) metadata {
	s := scanPage(doc)
	pageURL := ""
	if base != nil {
		pageURL = base.String()
	}
	ld := parseJSONLD(s.ldjson, pageURL)
	mt := newMetaTags(s.metas)

	var m metadata
	m.Lang = pageLang(s.htmlLang, mt, ld)
	m.SiteName = siteName(mt, ld)
	m.Description = description(mt, ld)
	m.Tags = pageTags(mt, ld, s.relTags)
	m.Type = ld.Type
	if m.Type == "" {
		m.Type = mt.first("og:type")
	}
	m.Title = pickTitle(s, mt, ld, m.SiteName, base)
	m.metaAuthor, m.ldAuthor = metaAuthorValue(mt), foldSpace(strings.Join(ld.Authors, ", "))
	m.certain = certainAuthors(s, ld)
	m.Authors, m.siteDefault = pickAuthorsWith(s, mt, ld, m.SiteName, base, siteAuthors)
	m.Published, m.Modified, m.relativeDate, m.weakDate = pickDates(s, mt, ld, pageURL, m.Lang, now)
	return m
}

// scanPage walks the document once and collects what the cascade reads.
func scanPage(doc *goquery.Document) *pageScan {
	s := &pageScan{}
	for _, n := range doc.Nodes {
		s.markFrames(n)
	}
	for _, n := range doc.Nodes {
		s.walk(n, 0, false)
	}
	if s.firstH1 == 0 {
		s.firstH1 = s.anyH1
	}
	return s
}

// zone tells where in the page an element sits.
type zone uint8

const (
	zArticle zone = 1 << iota // inside <article>, <main> or an article body
	zHead                     // inside a <header> or a byline block
	zBoiler                   // comments, related links, sidebars, footers, navigation
	zTable                    // inside a table or a form: values, not the page's own dates
)

// textItem is a piece of text found in the page with where it was found.
type textItem struct {
	text string
	zone zone
	pos  int // element index in document order
}

// timeItem is a <time> element or an element marked up as a date.
type timeItem struct {
	value    string // datetime or content attribute, else the text
	text     string
	zone     zone
	pos      int
	modified bool // marked as an update rather than the publication
	pubdate  bool // marked as the publication date
	teaser   bool // in a list item that links another page under a title
	// itemprop is the microdata property that marks the element as a
	// date (datePublished, dateCreated, dateModified), "" when none.
	itemprop string
}

// pageScan is everything the metadata cascade reads, collected in one
// walk over the document.
type pageScan struct {
	htmlLang    string
	title       string
	metas       []metaItem
	ldjson      []string
	scripts     []*html.Node // the texts of other scripts, searched for dates last
	h1s         []textItem
	headlines   []textItem // itemprop=headline
	times       []timeItem
	authorProp  []textItem // itemprop=author
	relAuthors  []textItem
	authorLinks []textItem // links to author pages
	relTags     []string
	bylines     []textItem          // elements classed as bylines or authors
	datelines   []textItem          // elements classed as dates
	dateTexts   []textItem          // short texts holding a year, with the label before them
	leadDates   []textItem          // the openings of long texts that hold a year near their start
	boilerDates []textItem          // short texts holding a year in boilerplate, with their labels
	byTexts     []textItem          // short texts that start with "By"
	signature   textItem            // an emphasised name ending the article
	frames      map[*html.Node]bool // elements holding <main> or an h1
	pos         int
	firstH1     int // pos of the first h1 outside boilerplate, 0 when none
	anyH1       int // pos of the first h1

	names map[authorText][]string // what readAuthors found in each text

	dateNameLines []textItem // short elements whose text opens with a date
}

// scanTextLimit bounds the text taken from one element.
const scanTextLimit = 300

// Limits on what one page can contribute, keeping the scan linear.
const (
	maxDateTexts = 256
	maxScanItems = 64
	maxLDBlocks  = 32
)

func (s *pageScan) walk(n *html.Node, z zone, inSVG bool) {
	switch n.Type {
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			s.walk(c, z, inSVG)
		}
		return
	case html.TextNode:
		if z&zBoiler == 0 && len(s.dateTexts) < maxDateTexts {
			if t := strings.TrimSpace(n.Data); len(t) >= 6 && len(t) <= 80 && hasYear(t) {
				s.dateTexts = append(s.dateTexts, textItem{dateTextWithLabel(n, t), z, s.pos})
			} else if len(t) > 80 && len(s.leadDates) < maxScanItems && hasYear(t[:leadDateSpan]) {
				s.leadDates = append(s.leadDates, textItem{cutUTF8(t, 2*leadDateSpan), z, s.pos})
			}
		} else if z&zBoiler != 0 && len(s.boilerDates) < maxScanItems {
			// A footer's copyright line may run on past the date it opens
			// with ("Copyright © 19.12.2019 - 12:14 h by …, All rights
			// reserved."): it is read up to twice as long.
			if t := strings.TrimSpace(n.Data); len(t) >= 6 && hasYear(t) && (len(t) <= 80 || len(t) <= 160 && copyrightLine(t[:30])) {
				s.boilerDates = append(s.boilerDates, textItem{dateTextWithLabel(n, t), z, s.pos})
			}
		}
		if z&zBoiler == 0 && len(s.byTexts) < maxScanItems {
			t := strings.TrimSpace(n.Data)
			if len(t) < 120 && bylinePrefix(t) && n.Parent != nil {
				s.byTexts = append(s.byTexts, textItem{bylineContext(n), z, s.pos})
			}
		}
		return
	case html.ElementNode:
	default:
		return
	}
	s.pos++
	tag := n.Data
	switch tag {
	case "script":
		if t := strings.ToLower(strings.TrimSpace(mdAttr(n, "type"))); (t == "application/ld+json" || t == "" && untypedJSONLD(n)) && n.FirstChild != nil && len(s.ldjson) < maxLDBlocks {
			s.ldjson = append(s.ldjson, n.FirstChild.Data)
		} else if n.FirstChild != nil && len(s.scripts) < maxLDBlocks {
			s.scripts = append(s.scripts, n.FirstChild)
		}
		return
	case "style", "noscript", "template", "iframe", "select", "textarea":
		return
	case "svg":
		inSVG = true
	case "html":
		if s.htmlLang == "" {
			s.htmlLang = mdAttr(n, "lang")
			if s.htmlLang == "" {
				s.htmlLang = mdAttr(n, "xml:lang")
			}
		}
	case "title":
		if !inSVG && s.title == "" {
			s.title = mdText(n, 1000)
		}
		return
	case "meta":
		s.addMeta(n)
		return
	case "link":
		s.addLink(n, z)
		return
	}
	cls := mdClassID(n)
	z = childZone(n, cls, z, s.frames[n])
	s.inspect(n, cls, z)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		s.walk(c, z, inSVG)
	}
}

// maxFrames bounds the elements markFrames records.
const maxFrames = 4096

// markFrames records the elements that hold the <main> element or an
// <h1>: they frame the page's content, so a class naming a layout
// ("story-sidebar-mode", "shopify-section under-menu") does not make them
// boilerplate. <article> is not used: lists of related posts often wrap
// each teaser in one.
func (s *pageScan) markFrames(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode && c.Type != html.DocumentNode {
			continue
		}
		switch c.Data {
		case "script", "style", "noscript", "template", "svg":
			continue
		case "main", "h1":
			if s.frames == nil {
				s.frames = map[*html.Node]bool{}
			}
			for p := c.Parent; p != nil && p.Type == html.ElementNode && !s.frames[p] && len(s.frames) < maxFrames; p = p.Parent {
				s.frames[p] = true
			}
		}
		s.markFrames(c)
	}
}

// childZone is the zone of n's content. frame tells that n holds <main>
// or an h1.
func childZone(n *html.Node, cls string, z zone, frame bool) zone {
	switch n.Data {
	case "article", "main":
		z |= zArticle
	case "header":
		z |= zHead
	case "aside", "footer":
		// Inside an article, an aside or a footer often holds its byline
		// and date.
		if z&zArticle == 0 {
			z |= zBoiler
		}
	case "nav":
		z |= zBoiler
	case "table", "form", "dl":
		z |= zTable
	case "html", "body":
		return z
	}
	if mdAttr(n, "itemprop") == "articleBody" {
		z |= zArticle
	}
	switch mdAttr(n, "role") {
	case "navigation":
		z |= zBoiler
	case "complementary", "contentinfo":
		if z&zArticle == 0 {
			z |= zBoiler
		}
	}
	if cls == "" {
		return z
	}
	if !frame && boilerWords.in(cls) && n.Data != "article" && n.Data != "main" {
		for _, tok := range strings.Fields(cls) {
			if boilerToken(tok) {
				return z | zBoiler
			}
		}
	}
	if headWords.in(cls) {
		z |= zHead
	}
	return z
}

// boilerToken reports whether one class or id token marks boilerplate.
// Tokens that describe the content (WordPress "category-…", "tag-…") or
// the layout ("has-sidebar") do not.
func boilerToken(tok string) bool {
	if strings.ContainsAny(tok, "[:") {
		return false // utility classes: "lg:mr-[--sidebar-width]"
	}
	for _, p := range boilerSkipPrefixes {
		if strings.HasPrefix(tok, p) {
			return false
		}
	}
	return boilerWords.in(tok)
}

var (
	boilerSkipPrefixes = []string{"has-", "no-", "with-", "category-", "tag-", "status-", "format-", "type-", "tmpl-",
		"elementor-", "node-", "node--", "page-", "single-", "post-type-", "paragraph--"}
	boilerWords = newWordSet("comment", "related", "recommend", "sidebar", "footer", "newsletter",
		"popular", "trending", "more-from", "read-more", "readmore", "also-read", "you-may", "promo-", "promo_", "promos",
		"breadcrumb", "disqus", "respond", "reply", "outbrain", "taboola", "next-post", "prev-post",
		"post-navigation", "pagination", "subscribe", "signup", "cookie", "consent", "menu")
	headWords = newWordSet("byline", "article-header", "entry-header", "post-header", "entry-meta",
		"post-meta", "article-meta", "article__meta", "article-info", "post-info", "headline", "dateline")
	bylineWords = newWordSet("byline", "author", "writer", "posted-by", "postedby", "contributor",
		"reporter", "by-line", "creator")
	bylineSkip = newWordSet("avatar", "photo", "image", "img", "comment", "social", "share", "follow",
		"twitter", "facebook", "linkedin", "email", "mail", "count", "icon", "authority", "authorize")
	dateWords = newWordSet("date", "time", "publish", "posted", "updated", "modified", "dateline", "timestamp", "meta")
	dateSkip  = newWordSet("update-", "runtime", "timeline", "times-", "timer", "meta-description", "metadata")
)

// inspect records what n contributes to the cascade.
func (s *pageScan) inspect(n *html.Node, cls string, z zone) {
	tag := n.Data
	if prop := mdAttr(n, "itemprop"); prop != "" {
		s.addItemprop(n, prop, z)
	}
	s.addRDFaDate(n)
	switch tag {
	case "h1":
		if len(s.h1s) < maxScanItems {
			t := headlineText(n)
			s.h1s = append(s.h1s, textItem{t, z, s.pos})
			if t == "" {
				break // an empty h1 holds a logo image, not the headline
			}
			if s.firstH1 == 0 && z&zBoiler == 0 {
				s.firstH1 = s.pos
			}
			if s.anyH1 == 0 {
				s.anyH1 = s.pos
			}
		}
	case "time":
		if len(s.times) < maxScanItems {
			v := mdAttr(n, "datetime")
			txt := mdText(n, scanTextLimit)
			if v == "" {
				v = txt
			}
			cls := mdClassID(n) + " " + strings.ToLower(mdAttr(n, "itemprop"))
			ti := timeItem{value: v, text: txt, zone: z, pos: s.pos,
				modified: strings.Contains(cls, "modif") || strings.Contains(cls, "updat"),
				pubdate:  mdHasAttr(n, "pubdate") || strings.Contains(cls, "publish") || strings.Contains(cls, "posted")}
			if p := dateItemprop(n); p != "" {
				ti.itemprop, ti.modified, ti.pubdate = p, p == "dateModified", p == "datePublished"
			}
			if !ti.modified && !ti.pubdate && n.Parent != nil {
				pcls := mdClassID(n.Parent)
				ti.modified = strings.Contains(pcls, "modif") || strings.Contains(pcls, "updat")
				ti.pubdate = strings.Contains(pcls, "publish") || strings.Contains(pcls, "posted")
			}
			ti.teaser = teaserItem(n)
			s.times = append(s.times, ti)
		}
	case "p":
		s.addSignature(n, z)
		s.addDateNameLine(n, z)
	case "small", "span", "div":
		s.addDateNameLine(n, z)
	case "a":
		if z&zBoiler == 0 && len(s.authorLinks) < maxScanItems && authorHrefRe.MatchString(mdAttr(n, "href")) {
			s.authorLinks = append(s.authorLinks, textItem{mdLines(n, scanTextLimit), z, s.pos})
		}
		if rel := strings.ToLower(mdAttr(n, "rel")); rel != "" {
			for _, r := range strings.Fields(rel) {
				switch r {
				case "author":
					if len(s.relAuthors) < maxScanItems {
						s.relAuthors = append(s.relAuthors, textItem{mdText(n, scanTextLimit), z, s.pos})
					}
				case "tag":
					if len(s.relTags) < maxScanItems && z&zBoiler == 0 {
						s.relTags = append(s.relTags, mdText(n, scanTextLimit))
					}
				}
			}
		}
	}
	if z&zBoiler != 0 || cls == "" {
		return
	}
	if len(s.bylines) < maxScanItems && bylineWords.in(cls) && !bylineSkip.in(cls) {
		if t := mdLines(n, scanTextLimit+1); t != "" && len(t) <= scanTextLimit {
			s.bylines = append(s.bylines, textItem{t, z, s.pos})
		}
	}
	if len(s.datelines) < maxScanItems && dateWords.in(cls) && !dateSkip.in(cls) {
		if t := mdText(n, 201); t != "" && len(t) <= 200 {
			s.datelines = append(s.datelines, textItem{t, z, s.pos})
		}
	}
}

func (s *pageScan) addItemprop(n *html.Node, prop string, z zone) {
	for _, p := range strings.Fields(prop) {
		switch p {
		case "headline":
			if n.Data != "meta" && len(s.headlines) < maxScanItems {
				s.headlines = append(s.headlines, textItem{headingText(n, 1000), z, s.pos})
			}
		case "author", "creator":
			if len(s.authorProp) < maxScanItems {
				s.authorProp = append(s.authorProp, textItem{microdataName(n), authorPropZone(n, z), s.pos})
			}
		case "datePublished", "dateCreated", "dateModified":
			if len(s.times) < maxScanItems && n.Data != "time" {
				v := mdAttr(n, "content")
				if v == "" {
					v = mdAttr(n, "datetime")
				}
				if v == "" && n.Data == "abbr" {
					v = mdAttr(n, "title")
				}
				txt := mdText(n, scanTextLimit)
				if v == "" {
					v = txt
				}
				s.times = append(s.times, timeItem{value: v, text: txt, zone: z, pos: s.pos,
					modified: p == "dateModified", pubdate: p == "datePublished", itemprop: p})
			}
		}
	}
}

// untypedJSONLD reports whether a <script> without a type holds a
// schema.org JSON-LD object, as some templates print it.
func untypedJSONLD(n *html.Node) bool {
	if n.FirstChild == nil || n.FirstChild.Type != html.TextNode {
		return false
	}
	t := strings.TrimSpace(n.FirstChild.Data)
	if !strings.HasPrefix(t, "{") && !strings.HasPrefix(t, "[") {
		return false
	}
	head := t[:min(len(t), 200)]
	return strings.Contains(head, `"@context"`) && strings.Contains(head, "schema.org")
}

// dateItemprop returns the microdata date property of n, "" when none.
func dateItemprop(n *html.Node) string {
	for _, p := range strings.Fields(mdAttr(n, "itemprop")) {
		switch p {
		case "datePublished", "dateCreated", "dateModified":
			return p
		}
	}
	return ""
}

// addRDFaDate records an RDFa date written on an element other than
// <meta> (<span property="schema:dateCreated" content="…">, Drupal's
// way) as a meta value under its property, whatever the vocabulary
// prefix; the date cascade reads it as it reads <meta>.
func (s *pageScan) addRDFaDate(n *html.Node) {
	prop := mdAttr(n, "property")
	if prop == "" || len(s.metas) >= 512 {
		return
	}
	content, ok := mdAttrOK(n, "content")
	if !ok || strings.TrimSpace(content) == "" {
		return
	}
	for _, f := range strings.Fields(strings.ToLower(prop)) {
		if strings.Contains(f, "date") || strings.Contains(f, "time") || strings.Contains(f, "created") || strings.Contains(f, "issued") || strings.Contains(f, "modified") {
			s.metas = append(s.metas, metaItem{f, strings.TrimSpace(content)})
		}
	}
}

// microdataName reads the name of an itemprop=author element: a nested
// itemprop=name, else its content attribute, else its text.
func microdataName(n *html.Node) string {
	if v := mdAttr(n, "content"); v != "" {
		return collapseSpace(v)
	}
	var name string
	var find func(*html.Node)
	find = func(c *html.Node) {
		for k := c.FirstChild; k != nil && name == ""; k = k.NextSibling {
			if k.Type != html.ElementNode {
				continue
			}
			if strings.Contains(" "+mdAttr(k, "itemprop")+" ", " name ") {
				if name = mdAttr(k, "content"); name == "" {
					name = mdText(k, scanTextLimit)
				}
				return
			}
			find(k)
		}
	}
	find(n)
	if name != "" {
		return name
	}
	return mdText(n, scanTextLimit)
}

func (s *pageScan) addMeta(n *html.Node) {
	if len(s.metas) >= 512 {
		return
	}
	content, ok := mdAttrOK(n, "content")
	if !ok {
		if v := mdAttr(n, "value"); v != "" {
			content = v
		}
	}
	content = strings.TrimSpace(content)
	if content == "" {
		return
	}
	for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
		if key := mdAttr(n, k); key != "" {
			for _, f := range strings.Fields(strings.ToLower(key)) {
				s.metas = append(s.metas, metaItem{f, content})
			}
		}
	}
}

func (s *pageScan) addLink(n *html.Node, z zone) {
	rel := strings.ToLower(mdAttr(n, "rel"))
	if rel == "author" && len(s.relAuthors) < maxScanItems {
		// <link rel=author> points at a profile; its title may name the person.
		if t := mdAttr(n, "title"); t != "" {
			s.relAuthors = append(s.relAuthors, textItem{t, z, s.pos})
		}
	}
}

// hasYear reports whether t holds a four-digit year from 1995 on, the
// cheap test before a text is parsed as a date.
func hasYear(t string) bool {
	for i := 0; i+4 <= len(t); i++ {
		if (t[i] == '1' && t[i+1] == '9' || t[i] == '2' && t[i+1] == '0') && isDigit(t[i+2]) && isDigit(t[i+3]) &&
			(i == 0 || !isDigit(t[i-1])) && (i+4 == len(t) || !isDigit(t[i+4])) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// dateTextWithLabel returns t, preceded by the label printed just before
// it in a separate element ("Updated" <span>May 3, 2024</span>), so that
// an update can be told from a publication.
func dateTextWithLabel(n *html.Node, t string) string {
	p := n.Parent
	for p != nil && p.Type == html.ElementNode && p.PrevSibling == nil && p.Parent != nil && p.Data != "body" {
		p = p.Parent
	}
	if p == nil {
		return t
	}
	for sib := p.PrevSibling; sib != nil; sib = sib.PrevSibling {
		var l string
		switch sib.Type {
		case html.TextNode:
			l = strings.TrimSpace(sib.Data)
		case html.ElementNode:
			l = mdText(sib, 40)
		}
		if l == "" {
			continue
		}
		if len(l) <= 40 {
			return l + " " + t
		}
		if sib.Type == html.TextNode {
			// The date sits inside a sentence: keep the sentence's end,
			// which tells a fact's date ("as of …") from the page's.
			i := len(l) - 40
			for i < len(l) && !utf8.RuneStart(l[i]) {
				i++
			}
			return "… " + l[i:] + " " + t
		}
		break
	}
	return t
}

// mdLines is mdText keeping block boundaries as line breaks, so that a
// byline's name and the job title printed under it stay apart.
func mdLines(n *html.Node, limit int) string {
	var lines []string
	for _, l := range strings.Split(collectText(n, limit, true), "\n") {
		if l = collapseSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return truncate(strings.Join(lines, "\n"), limit)
}

// mdText returns the white-space-folded text of n, at most about limit
// bytes; block boundaries become spaces.
func mdText(n *html.Node, limit int) string {
	return truncate(collapseSpace(collectText(n, limit, false)), limit)
}

// headingText is the text of a headline: like mdText, but a <span> does
// not break a word, since headlines style single letters with spans
// (drop caps, highlighted initials) far more often than they glue words.
func headingText(n *html.Node, limit int) string {
	return truncate(collapseSpace(collectText(n, limit, true)), limit)
}

// collectText gathers the text under n, putting a separator around every
// element that is not inline, and stops once about limit bytes are
// gathered. Scripts, styles and controls add nothing. In lines mode the
// separator is a line break, n itself is walked and <span> and <time> are
// inline; otherwise it is a space, only n's children are walked and spans
// separate words.
func collectText(n *html.Node, limit int, lines bool) string {
	sep := byte(' ')
	if lines {
		sep = '\n'
	}
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(c *html.Node) {
		if b.Len() > limit {
			return
		}
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
			return
		case html.ElementNode:
			switch c.Data {
			case "script", "style", "noscript", "template", "svg", "select", "button":
				return
			case "a", "b", "i", "em", "strong", "u", "mark", "abbr", "sup", "sub", "font", "small", "s", "q", "cite":
			case "span", "time":
				if !lines {
					b.WriteByte(sep)
					defer b.WriteByte(sep)
				}
			default:
				b.WriteByte(sep)
				defer b.WriteByte(sep)
			}
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			rec(k)
		}
	}
	if lines {
		rec(n)
	} else {
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			rec(k)
		}
	}
	return b.String()
}

func truncate(s string, limit int) string {
	if len(s) > limit+1 {
		return s[:limit+1]
	}
	return s
}

func mdAttr(n *html.Node, key string) string {
	v, _ := mdAttrOK(n, key)
	return v
}

func mdAttrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func mdHasAttr(n *html.Node, key string) bool {
	_, ok := mdAttrOK(n, key)
	return ok
}

// classID returns the lower-cased class and id of n.
func mdClassID(n *html.Node) string {
	c, id := mdAttr(n, "class"), mdAttr(n, "id")
	if c == "" && id == "" {
		return ""
	}
	return strings.ToLower(c + " " + id)
}
