package normalize

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// This file holds the vocabulary that tells content from boilerplate: tag
// sets and the words that sites put in class and id attributes. The rules
// are generic; none names a site.

// invisibleTags never carry readable content; they are removed before scoring.
var invisibleTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "head": true,
	"link": true, "meta": true, "svg": true, "canvas": true, "button": true,
	"input": true, "select": true, "textarea": true, "option": true, "optgroup": true,
	"datalist": true, "object": true, "embed": true, "applet": true, "dialog": true,
	"map": true, "area": true, "audio": true, "video": true, "source": true,
	"track": true, "param": true, "frame": true, "frameset": true, "math": true,
	"menu": true, "output": true, "progress": true, "meter": true, "title": true,
}

// blockElems are the tags that break a paragraph: an element holding one
// of them is a container, not a paragraph.
var blockElems = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "dd": true,
	"details": true, "div": true, "dl": true, "dt": true, "fieldset": true,
	"figcaption": true, "figure": true, "footer": true, "form": true, "h1": true,
	"h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "header": true,
	"hr": true, "li": true, "main": true, "nav": true, "ol": true, "p": true,
	"pre": true, "section": true, "table": true, "ul": true, "img": true,
	"picture": true, "iframe": true, "summary": true, "tr": true, "td": true,
	"th": true, "tbody": true, "thead": true, "tfoot": true, "caption": true,
}

// headingElems are h1 to h6.
var headingElems = map[string]bool{"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true}

// tagWeight is Readability's initial score of a candidate by its tag.
func tagWeight(tag string) float64 {
	switch tag {
	case "div", "article", "main", "section":
		return 5
	case "pre", "td", "blockquote":
		return 3
	case "address", "ol", "ul", "dl", "dd", "dt", "li", "form":
		return -3
	case "h1", "h2", "h3", "h4", "h5", "h6", "th":
		return -5
	}
	return 0
}

// classIDOf returns the lower-cased class and id of n joined by a space.
func classIDOf(n *html.Node) string {
	var c, id string
	for _, a := range n.Attr {
		switch a.Key {
		case "class":
			c = a.Val
		case "id":
			id = a.Val
		}
	}
	if id != "" && headingElems[n.Data] && slugOfText(id, n) {
		id = "" // an anchor named after the heading's own words
	}
	switch {
	case c == "" && id == "":
		return ""
	case id == "":
		return strings.ToLower(c)
	case c == "":
		return strings.ToLower(id)
	}
	return strings.ToLower(c + " " + id)
}

// slugOfText reports an id made from the element's own words, as sites
// name heading anchors ("h-sponsorship-deals" on "Sponsorship Deals"): such
// an id says what the heading is about, not what kind of block it is.
func slugOfText(id string, n *html.Node) bool {
	nonWord := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(textOf(n)), nonWord) {
		words[w] = true
	}
	matched := 0
	for _, t := range strings.FieldsFunc(strings.ToLower(id), nonWord) {
		switch {
		case words[t]:
			matched++
		case len(t) > 2: // a short prefix ("h", "toc") may precede the slug
			return false
		}
	}
	return matched > 0
}

// attrOf returns the value of attribute key of n, or "".
func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// Substrings of class and id that mark content (positive) or boilerplate
// (negative) when scoring candidates, after Readability.
var (
	positiveClassWords = []string{
		"article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
		"post", "text", "blog", "story", "prose", "markdown", "richtext", "rich-text",
	}
	negativeClassWords = []string{
		"hidden", "banner", "combx", "comment", "contact", "footer", "gdpr", "masthead",
		"media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox",
		"sidebar", "skyscraper", "sponsor", "shopping", "tags", "taboola",
		"newsletter", "subscribe", "social", "cookie", "consent", "breadcrumb",
		"byline", "author", "recommend", "popular", "trending", "signup", "login",
		"navbar", "navigation", "menu", "pagination", "popup", "modal",
		"rating", "toolbar", "disclaimer", "advert",
	}
	// negativeClassTokens only count as whole words: "ad" must not match "header".
	negativeClassTokens = map[string]bool{
		"ad": true, "ads": true, "adv": true, "nav": true, "hid": true, "tag": true,
		"share": true, "print": true, "aside": true, "pager": true,
	}
)

// Readability's "unlikely candidates": containers removed before scoring
// unless they also look like content.
var (
	unlikelyClassWords = []string{
		"-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment", "community",
		"cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends", "menu",
		"related", "remark", "replies", "rss", "shoutbox", "sidebar", "skyscraper",
		"social", "sponsor", "supplemental", "ad-break", "agegate", "pagination",
		"popup", "yom-remote", "cookie", "consent", "newsletter", "outbrain",
		"taboola", "share", "sharing", "subscribe", "signup", "modal",
		"next-prev", "prev-next", "post-navigation",
	}
	maybeClassWords = []string{"and", "article", "body", "column", "content", "main", "mathjax", "shadow", "post", "entry", "story"}
)

// unlikelyRoles are ARIA roles of page furniture.
var unlikelyRoles = map[string]bool{
	"menu": true, "menubar": true, "complementary": true, "navigation": true,
	"alert": true, "alertdialog": true, "dialog": true, "banner": true,
	"contentinfo": true, "search": true,
}

// unlikelyRole reports whether an element's ARIA role is that of page
// furniture.
func unlikelyRole(n *html.Node) bool {
	r := attrOf(n, "role")
	return r != "" && unlikelyRoles[strings.ToLower(r)]
}

// unlikelyClassTokens only count as whole words.
var unlikelyClassTokens = map[string]bool{
	"pager": true, "nav": true, "navbar": true, "ad": true, "ads": true, "advert": true,
}

// Words in class or id that mark a block inside the content as boilerplate
// to drop: the lists are stricter than negativeClassWords because a false match
// here loses text.
var (
	furnitureWords = []string{
		"sidebar", "share", "sharing", "social", "related", "newsletter",
		"subscribe", "subscription", "signup", "sign-up", "cookie", "consent", "gdpr",
		"breadcrumb", "promo", "advert", "sponsor", "outbrain", "taboola", "popup",
		"modal", "pagination", "recommend", "more-stories", "read-more",
		"readmore", "also-read", "mostread", "most-read", "most-popular", "trending",
		"author-bio", "authorbio", "author-box", "authorbox", "about-author",
		"about-the-author", "author-info", "author-card", "bio-box", "byline",
		"dateline", "post-meta", "entry-meta", "article-meta", "postmeta",
		"entrymeta", "tag-list", "taglist", "tags-list", "post-tags", "entry-tags",
		"article-tags", "tagcloud", "tag-cloud", "navigation", "navbar", "toolbar",
		"jump-link", "skip-link", "disqus", "reaction", "follow-us", "followus",
		"donate", "feedback", "rating", "print-only", "screen-reader", "sr-only",
		"visually-hidden", "visuallyhidden", "offscreen", "next-post", "prev-post",
		"post-nav", "postnav", "nav-links", "banner", "masthead",
		"cta", "call-to-action", "inline-ad", "ad-container", "ad-slot", "adslot",
		"ad-wrapper", "adwrapper", "ad-unit", "adunit", "dfp", "rollover", "tooltip",
		"popover", "hovercard", "hover-card", "image-credit", "photo-credit",
		"img-credit", "media-credit", "imagecredit", "photocredit",
		"sharedaddy",
	}
	furnitureTokens = map[string]bool{
		"ad": true, "ads": true, "adv": true, "nav": true, "menu": true, "tags": true,
		"tag": true, "meta": true, "share": true, "print": true, "footer": true, "comments": true, "related": true,
		"social": true, "author": true, "date": true, "byline": true, "breadcrumbs": true,
		"credit": true, "credits": true, "copyright": true,
	}
	// consentWords mark cookie and privacy consent dialogs, which are
	// never content however much text they hold.
	consentWords = []string{
		"consent", "gdpr", "cookie-banner", "cookiebanner", "cookie-notice",
		"cookienotice", "cookie-bar", "cookiebar", "cookie-law", "cookielaw",
		"cookie-popup", "cookie-modal", "cookie-dialog", "cookie-overlay",
	}
	// contentClassWords in class or id protect a block from being dropped.
	contentClassWords = []string{
		"article-body", "articlebody", "article-content", "articlecontent",
		"post-content", "postcontent", "entry-content", "entrycontent", "post-body",
		"postbody", "story-body", "storybody", "story-content", "main-content",
		"maincontent", "page-content", "article-text", "post-text", "body-text",
		"bodytext", "content-body", "rich-text", "richtext", "prose",
	}
)

// hiddenElement reports whether an element is not shown to readers.
// Streamed server-rendered segments (hidden blocks with an id "S:<n>" that
// the page's script moves into place) are shown.
func hiddenElement(n *html.Node) bool {
	if closedOverlays[n.Data] {
		return true
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			if !strings.HasPrefix(attrOf(n, "id"), "S:") {
				return true
			}
		case "aria-hidden":
			if strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				return true
			}
		case "style":
			if hiddenStyle(a.Val) {
				return true
			}
		}
	}
	return false
}

// closedOverlays are the AMP elements shown only when a reader opens them:
// a lightbox over the page (an image gallery, a form), a slide-in menu, a
// consent dialog.
var closedOverlays = map[string]bool{
	"amp-lightbox": true, "amp-sidebar": true, "amp-user-notification": true,
	"amp-consent": true,
}

// hiddenStyle reports whether an inline style hides the element.
func hiddenStyle(s string) bool {
	if !strings.Contains(s, "none") && !strings.Contains(s, "hidden") {
		return false
	}
	s = strings.ToLower(strings.Join(strings.Fields(s), ""))
	return strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden")
}

// furniturePhrases start short blocks that are calls to action or link
// lists, not content ("Read more", "Share this", ...), lower-cased.
var furniturePhrases = []string{
	"read more", "read also", "read next", "see also", "related", "share this",
	"share on", "share:", "follow us", "sign up", "subscribe", "advertisement",
	"click here to", "you may also like", "you might also like", "recommended",
	"more from", "more stories", "also read", "tags:", "filed under", "posted in",
	"categories:", "category:", "leave a comment", "leave a reply", "comments",
	"print this", "email this", "sponsored", "continue reading", "keep reading",
	"don't miss", "most popular", "most read", "trending", "join our",
	"get our newsletter", "newsletter", "lesen sie auch", "mehr zum thema",
	"weitere artikel", "à lire aussi", "lire aussi", "leer más", "te puede interesar",
	"teilen sie dies mit", "diesen artikel teilen", "diesen beitrag teilen", "möchten sie den artikel teilen",
	"kommentar verfassen", "kommentare sind geschlossen", "schreibe einen kommentar",
	"hinterlasse einen kommentar", "kommentar schreiben", "comments are closed",
	"das könnte dich auch interessieren", "das könnte sie auch interessieren",
	"das thema könnte dich auch interessieren", "das thema könnte sie auch interessieren",
	"dieser eintrag wurde veröffentlicht", "laisser un commentaire", "deja un comentario",
	"dodaj komentarz", "czytaj też", "czytaj także", "czytaj również", "zobacz też", "zobacz także",
	"le puede interesar", "puedes ver:", "lee también", "lea también", "leia também", "veja também",
	"leggi anche", "dans la même rubrique", "sur le même sujet",
	"anzeige -", "anzeige:", "anzeige,", "anzeige |", "werbung:", "advertisement:", "siguenos en", "síguenos en",
	"suivez-nous", "folge uns", "folgen sie uns", "obserwuj nas", "zapraszamy do subskrypcji",
	"zapraszamy też do subskrypcji", "materiał chroniony prawem",
}

// furnitureHeads are the labels of calls to action and of link lists that
// are furniture when they make up a short block alone or before a colon
// ("Auch interessant: ..."): at the start of a sentence they may be prose,
// lower-cased.
var furnitureHeads = map[string]bool{
	"auch interessant": true, "ebenfalls interessant": true, "ähnliche beiträge": true,
	"ähnliche artikel": true, "verwandte artikel": true, "verwandte beiträge": true,
	"zum weiterlesen": true, "weiterlesen": true, "mehr themen": true, "weitere themen": true,
	"mehr zum thema": true, "passend dazu": true, "dazu passend": true, "schon gelesen": true,
	"lust auf mehr": true, "neueste artikel": true, "neueste beiträge": true, "neuste beiträge": true,
	"aktuellste beiträge": true, "neue beiträge": true, "beliebte beiträge": true, "beliebte artikel": true,
	"meistgelesen": true, "meistgelesene artikel": true, "top themen": true, "bewerten": true,
	"beitrag bewerten": true, "artikel bewerten": true, "jetzt teilen": true, "teilen": true,
	"artikel teilen": true, "beitrag teilen": true, "seite teilen": true, "kommentieren": true,
	"keine kommentare": true, "zurück": true, "zur übersicht": true, "zurück zur übersicht": true,
	"zurück zur listenansicht": true, "zur listenansicht": true, "vorheriger artikel": true, "nächster artikel": true,
	"vorheriger beitrag": true, "nächster beitrag": true, "previous article": true, "next article": true,
	"previous post": true, "next post": true, "permalink": true, "permalien": true, "drucken": true,
	"mehr erfahren": true, "mehr lesen": true, "originalartikel": true, "quellenangaben": true,
	"le puede interesar": true, "puedes ver": true, "también te puede interesar": true, "lee también": true,
	"noticias relacionadas": true, "dowiedz się więcej": true, "czytaj też": true, "czytaj także": true,
	"czytaj więcej": true, "zobacz też": true, "zobacz także": true, "polecamy": true,
	"à lire aussi": true, "lire aussi": true, "à voir aussi": true, "voir aussi": true, "partager": true,
	"compartir": true, "condividi": true, "udostępnij": true, "leggi anche": true, "leia também": true,
	"weitere informationen": true, "mehr informationen": true, "weitere infos": true, "mehr infos": true,
	"kontakt": true, "pressekontakt": true, "más información": true, "plus d'informations": true,
}

// isBoilerPhrase reports whether short text, trimmed and lower-cased,
// opens with a boilerplate phrase, or is a furniture label alone or
// before a colon.
func isBoilerPhrase(s string) bool {
	for _, p := range furniturePhrases {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	head := s
	if i := strings.IndexByte(s, ':'); i > 0 && i < 60 {
		head = s[:i]
	} else if len(s) > 60 {
		return false
	}
	return isLabelHead(head)
}

// isLabelHead reports a text that is one of the furniture labels, with
// its punctuation trimmed.
func isLabelHead(s string) bool {
	return furnitureHeads[strings.ToLower(strings.Trim(collapseSpace(s), " .:!?…»›→>-–—|"))]
}

// Flags of the class vocabulary, one per word list.
const (
	cwPositive uint8 = 1 << iota
	cwNegative
	cwUnlikely
	cwMaybe
	cwFurniture
	cwContent
	cwConsent
)

// classVocabulary indexes the substring lists so that a class string is
// matched against all of them in one scan, and the whole-word lists by
// word.
var classVocabulary = func() (v struct {
	words  wordIndex
	tokens map[string]uint8
}) {
	add := v.words.add
	add(positiveClassWords, cwPositive)
	add(negativeClassWords, cwNegative)
	add(unlikelyClassWords, cwUnlikely)
	add(maybeClassWords, cwMaybe)
	add(furnitureWords, cwFurniture)
	add(contentClassWords, cwContent)
	add(consentWords, cwConsent)
	v.tokens = map[string]uint8{}
	for t := range negativeClassTokens {
		v.tokens[t] |= cwNegative
	}
	for t := range unlikelyClassTokens {
		v.tokens[t] |= cwUnlikely
	}
	for t := range furnitureTokens {
		v.tokens[t] |= cwFurniture
	}
	return v
}()

// classFacts is what a lower-cased class and id string says about an
// element.
type classFacts struct {
	// weight is Readability's class weight: -25 for a boilerplate word,
	// +25 for a content word.
	weight float64
	// unlikely marks page furniture (Readability's unlikely candidates):
	// removed before scoring.
	unlikely bool
	// furniture marks boilerplate inside the content: left out of the
	// body.
	furniture bool
	// comments marks a comment section: a word starting with "comment"
	// (but not "commentary"), or the names comment systems use.
	comments bool
	// consent marks a cookie or privacy consent dialog.
	consent bool
	// reviews marks a section of customer reviews ("reviews", plural: a
	// review article is "review").
	reviews bool
}

// matchClass computes the facts of a class and id string in one scan.
func matchClass(s string) classFacts {
	f := classVocabulary.words.flags(s, 0xff)
	var cf classFacts
	modifier := false // inside a BEM modifier ("section--ads")
	for start := 0; start < len(s); {
		for start < len(s) && !isWordByte(s[start]) {
			switch {
			case s[start] == ' ':
				modifier = false
			case s[start] == '-' && start > 0 && s[start-1] == '-':
				modifier = true
			}
			start++
		}
		end := start
		for end < len(s) && isWordByte(s[end]) {
			end++
		}
		if end > start {
			t := s[start:end]
			if !modifier {
				// A modifier names a variant of the block, such as the
				// slots a section reserves for ads: the block's own name
				// says what it is.
				f |= classVocabulary.tokens[t]
			}
			if strings.HasPrefix(t, "comment") && !strings.HasPrefix(t, "commentary") ||
				t == "disqus" || t == "respond" || t == "replies" {
				cf.comments = true
			}
			if t == "reviews" && !taxonomyWord(s, start) {
				cf.reviews = true
			}
		}
		start = end
	}
	if f&cwNegative != 0 {
		cf.weight -= 25
	}
	if f&cwPositive != 0 {
		cf.weight += 25
	}
	cf.unlikely = f&cwUnlikely != 0 && f&cwMaybe == 0
	cf.consent = f&cwConsent != 0 && f&cwContent == 0
	cf.furniture = (f&cwFurniture != 0 || cf.comments) && f&cwContent == 0
	return cf
}

// taxonomyWord reports whether the token at i belongs to a class naming
// the page's category or tag ("category-kit-reviews"), which says what the
// page is about, not what the block is.
func taxonomyWord(s string, i int) bool {
	start := strings.LastIndexByte(s[:i], ' ') + 1
	w := s[start:i]
	return strings.HasPrefix(w, "category-") || strings.HasPrefix(w, "tag-") || strings.HasPrefix(w, "cat-")
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}

// furnitureLabels are the whole texts of buttons and labels that are never
// content, lower-cased.
var furnitureLabels = map[string]bool{
	"back to top": true, "scroll to top": true, "top": true, "learn more": true, "read more": true,
	"see more": true, "show more": true, "load more": true, "view more": true, "more": true,
	"book now": true, "buy now": true, "shop now": true, "order now": true, "get started": true,
	"skip to content": true, "skip to main content": true, "jump to": true, "jump to recipe": true,
	"advertisement": true, "advertisements": true, "sponsored": true, "ad": true, "updated": true,
	"share": true, "share this": true, "tweet": true, "pin it": true, "pin for later": true,
	"print": true, "email": true, "close": true, "menu": true, "search": true,
	"subscribe": true, "sign up": true, "log in": true, "login": true, "register": true,
	"click here": true, "next": true, "previous": true, "prev": true, "loading": true,
	"comments": true, "leave a comment": true, "reply": true, "anzeige": true, "werbung": true,
	"publicité": true, "publicidad": true,
}

// isFurnitureLabel reports whether a short text is only a button label.
func isFurnitureLabel(s string) bool {
	if len(s) > 40 {
		return false
	}
	s = strings.ToLower(strings.Trim(collapseSpace(s), " .:!?…»›→>-–—|"))
	return furnitureLabels[s]
}

// sectionHeadings open blocks of links to other pages ("Related stories",
// "More from ...", "Most popular"), lower-cased prefixes.
var sectionHeadings = []string{
	"related", "more from", "more in ", "more on ", "more stories", "more news", "more articles",
	"more like this", "more to read", "more to explore", "more videos", "more posts", "most popular",
	"most read", "most viewed", "most shared", "popular", "trending", "recommended", "you may also",
	"you might also", "you may like", "you might like", "read next", "read more", "what to read next",
	"latest news", "latest stories", "latest articles", "latest posts", "top stories", "editor's picks",
	"editors' picks", "also read", "see also", "around the web", "from our partners", "from the web",
	"sponsored", "in other news", "keep reading", "don't miss", "leave a reply", "leave a comment",
	"share this", "follow us", "sign up", "subscribe", "newsletter", "lesen sie auch", "mehr zum thema",
	"weitere artikel", "à lire aussi", "lire aussi", "sur le même sujet", "leer más", "te puede interesar",
	"noticias relacionadas", "leia também", "veja também", "você pode gostar", "você também pode gostar",
	"te puede gustar", "también te puede gustar", "vous aimerez aussi", "vous aimerez peut-être",
	"das könnte sie auch interessieren", "potrebbe interessarti", "ti potrebbe interessare", "читайте также", "похожие",
	"ähnliche beiträge", "ähnliche artikel", "verwandte artikel", "verwandte beiträge", "auch interessant",
	"das könnte dich auch", "das thema könnte", "zum weiterlesen", "weitere beiträge", "weitere themen",
	"weitere aktuelle", "neueste artikel", "neueste beiträge", "neuste beiträge", "aktuellste beiträge",
	"meistgelesen", "meist gelesen", "beliebte beiträge", "beliebte artikel", "entdecke weitere",
	"schon gelesen", "top themen", "passend zum thema", "mehr aus der", "mehr aus dem",
	"le puede interesar", "también te puede interesar", "artículos relacionados", "lo más leído", "más leídas",
	"dans la même rubrique", "articles similaires", "les plus lus", "à voir aussi", "czytaj też",
	"czytaj także", "zobacz też", "zobacz także", "polecane", "najczęściej czytane", "leggi anche",
	"articoli correlati",
}

// isSectionHeading reports whether a heading opens a block of links.
func isSectionHeading(s string) bool {
	if len(s) > 60 {
		return false
	}
	s = strings.ToLower(collapseSpace(s))
	for _, p := range sectionHeadings {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// creditLabels open the credit line of a photo or the copyright line of a
// page ("Foto: dpa", "(Credit: Jane Doe / Agency)", "© 2024 ..."),
// lower-cased.
var creditLabels = []string{
	"foto:", "fotos:", "bild:", "bilder:", "titelbild:", "beitragsbild:", "titelfoto:", "headerbild:",
	"photo:", "photos:", "image:", "credit:", "credits:", "photo credit", "image credit",
	"crédit photo", "crédits photo", "crédit :", "crédits :", "crédito:", "créditos:",
	"foto di", "zdjęcie:", "fot.", "©", "(c) ", "copyright ", "quelle:", "bildquelle:", "fuente:",
}

// rightsPhrases mark a copyright notice wherever they stand in a short
// block, lower-cased.
var rightsPhrases = []string{
	"all rights reserved", "alle rechte vorbehalten", "tous droits réservés", "todos los derechos reservados",
	"wszelkie prawa zastrzeżone", "tutti i diritti riservati", "todos os direitos reservados",
}

// maxCreditLen is the longest text taken for a credit line.
const maxCreditLen = 120

// isCreditLine reports the short credit line of a photo or a copyright
// notice: it names who owns a picture or the page, not what the text says.
func isCreditLine(s string) bool {
	s = strings.ToLower(collapseSpace(s))
	if len(s) > maxCreditLen || s == "" {
		return false
	}
	for _, p := range rightsPhrases {
		if strings.Contains(s, p) {
			return true
		}
	}
	s = strings.TrimLeft(s, "([ ")
	for _, p := range creditLabels {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
