package normalize

import (
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// cleaner copies the chosen content out of the document, leaving behind
// the boilerplate inside it. Decisions are taken top-down on the original
// nodes, whose statistics the analysis has computed, so the copy is made
// in one pass.
type cleaner struct {
	a     *analysis
	title string // normalised title of the page, "" when unknown
	total int    // text of the whole content, to protect large blocks
	top   *html.Node

	emitted int             // text copied so far
	seen    map[string]bool // leaf paragraphs already copied

	// lenient keeps everything visible but the title: the last resort
	// when the cleaning left nothing.
	lenient bool
	// trace, when set, is told of every block left out and why.
	trace func(n *html.Node, why string)
}

func newCleaner(a *analysis, title string, top *html.Node, total int) *cleaner {
	return &cleaner{a: a, title: foldTitle(title), top: top, total: total, seen: map[string]bool{}, trace: a.trace}
}

// copyInto appends a cleaned copy of n to dst, unless n is boilerplate.
func (c *cleaner) copyInto(dst, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		dst.AppendChild(&html.Node{Type: html.TextNode, Data: n.Data})
		t, _ := countText(n.Data)
		c.emitted += t
		return
	case html.ElementNode:
	default:
		return
	}
	in := c.a.info[n]
	if in == nil {
		return
	}
	if in.drop {
		if n.Data == "iframe" && keepIframe(n) {
			dst.AppendChild(shallowClone(n))
		}
		return
	}
	if n != c.top {
		if why := c.boilerReason(n, in); why != "" {
			if c.trace != nil {
				c.trace(n, why)
			}
			if why == "caption" {
				dst.AppendChild(markCaption(cloneNode(n)))
			}
			return
		}
	}
	cp := shallowClone(n)
	dst.AppendChild(cp)
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.copyInto(cp, ch)
	}
}

// keepIframe reports whether an iframe embeds something worth a link.
func keepIframe(n *html.Node) bool {
	src := strings.TrimSpace(attrOf(n, "src"))
	if src == "" {
		src = strings.TrimSpace(attrOf(n, "data-src"))
	}
	if src == "" || strings.HasPrefix(src, "about:") || strings.HasPrefix(strings.ToLower(src), "javascript:") {
		return false
	}
	return matchClass(classIDOf(n)).weight >= 0
}

// shallowClone copies an element without children, dropping inline styles
// and event handlers.
func shallowClone(n *html.Node) *html.Node {
	cp := &html.Node{Type: n.Type, Data: n.Data, DataAtom: n.DataAtom, Namespace: n.Namespace}
	if len(n.Attr) > 0 {
		cp.Attr = make([]html.Attribute, 0, len(n.Attr))
		for _, a := range n.Attr {
			if a.Key == "style" || strings.HasPrefix(a.Key, "on") {
				continue
			}
			cp.Attr = append(cp.Attr, a)
		}
	}
	return cp
}

// boilerReason decides whether a block inside the content is to be left
// out, and says why; "" keeps it.
func (c *cleaner) boilerReason(n *html.Node, in *nodeInfo) string {
	tag := n.Data
	// A block holding most of the content is content, whatever its class.
	if in.text*2 > c.total && tag != "h1" {
		return ""
	}
	if c.lenient {
		if tag == "h1" && c.title != "" && in.nodes <= maxTextNodes && repeatsTitle(c.title, blockText(n)) {
			return "title"
		}
		return ""
	}
	switch tag {
	case "nav", "aside", "footer":
		return "tag"
	case "form", "fieldset":
		if in.paras < 3 || in.inputs > 0 {
			return "form"
		}
	case "h1":
		// The record carries the title; an h1 further down is a heading
		// of the text unless it repeats the title.
		if c.emitted < 200 || c.title != "" && in.nodes <= maxTextNodes && repeatsTitle(c.title, blockText(n)) {
			return "h1"
		}
	}
	if in.text == 0 {
		// Images, embeds and rules carry no text; empty wrappers carry
		// nothing at all.
		if in.imgs == 0 && in.embeds == 0 && tag != "br" && tag != "hr" && tag != "img" &&
			tag != "iframe" && tag != "td" && tag != "th" && !strings.HasPrefix(tag, "pic") {
			return "empty"
		}
		return ""
	}
	if in.furniture || unlikelyRole(n) {
		return "class"
	}
	if c.isCaption(n, in) {
		return "caption"
	}
	if headingElems[tag] && c.title != "" && in.nodes <= maxTextNodes && repeatsTitle(c.title, blockText(n)) {
		return "title"
	}
	if in.text < 160 && in.paras <= 1 && in.nodes <= maxTextNodes && c.isShortBoiler(n, in) {
		return "short"
	}
	if in.linkSection {
		return "links-section"
	}
	if tag == "p" && in.link == in.text && in.text >= minHeadlineLink && in.pageLinks == 1 && in.fragLinks == 0 && in.nodes <= maxTextNodes &&
		(isHeadlineLink(n) || c.emitted >= 200 && isTitleLink(blockText(n))) {
		return "story-link"
	}
	if c.isTableOfContents(n, in) {
		return "contents"
	}
	if why := c.conditional(n, in); why != "" {
		return why
	}
	if isLeafBlock(tag) && in.text >= 40 && in.nodes <= maxTextNodes {
		k := collapseSpace(blockText(n))
		if c.seen[k] {
			return "duplicate"
		}
		c.seen[k] = true
	}
	return ""
}

// captionMark marks a caption kept in the content tree for the Markdown
// (a figure is its image plus its caption) but left out of the text, the
// statistics and the page-type signals, which read the running prose.
const captionMark = "data-ingest-caption"

func markCaption(n *html.Node) *html.Node {
	n.Attr = append(n.Attr, html.Attribute{Key: captionMark})
	return n
}

// isCaptionCopy reports a caption marked by the cleaner.
func isCaptionCopy(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	for _, a := range n.Attr {
		if a.Key == captionMark {
			return true
		}
	}
	return false
}

// isCaption reports the caption of a photo or a video: a <figcaption>, or
// a short block without images whose class names a caption. Captions
// describe a picture the text does not show; the caption of a table or of
// a code listing titles content that is kept, and stays with it.
func (c *cleaner) isCaption(n *html.Node, in *nodeInfo) bool {
	if n.Data == "figcaption" {
		if p := n.Parent; p != nil && p.Data == "figure" && (hasDescendant(p, atom.Table) || hasDescendant(p, atom.Pre)) {
			return false
		}
		return true
	}
	if in.imgs > 0 || in.text >= 400 || in.paras > 1 {
		return false
	}
	for _, w := range captionWords {
		if strings.Contains(in.classID, w) {
			return true
		}
	}
	return false
}

// captionWords name the caption of a picture in a class or id.
var captionWords = []string{
	"caption", "imagedescription", "image-description", "img-description", "bildunterschrift",
	"pie-foto", "pie_foto", "piefoto",
}

// firstHeading returns the first h1-h6 in n within depth levels, looking
// only at the first element of each level and the headings before it.
func firstHeading(n *html.Node, depth int) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if headingElems[c.Data] {
			return c
		}
		if depth > 1 {
			return firstHeading(c, depth-1)
		}
		return nil
	}
	return nil
}

// maxTextNodes bounds the size of the blocks whose text the cleaner reads,
// which keeps cleaning linear on deeply nested pages.
const maxTextNodes = 64

// isLeafBlock reports tags whose repeated text is a duplicate.
func isLeafBlock(tag string) bool {
	switch tag {
	case "p", "pre", "h2", "h3", "h4", "h5", "h6", "figcaption":
		return true
	}
	return false
}

// isShortBoiler reports short blocks that are calls to action, link lists'
// headings, bylines or datelines.
func (c *cleaner) isShortBoiler(n *html.Node, in *nodeInfo) bool {
	switch n.Data {
	case "p", "div", "span", "li", "h2", "h3", "h4", "h5", "h6", "section", "ul", "ol", "header", "strong", "b", "em", "small", "time", "address":
	case "a":
		if in.text > 40 {
			return false
		}
		t := blockText(n)
		// A link standing alone in a container, not in a sentence, may
		// be a label ("Zurück zur Übersicht").
		return isFurnitureLabel(t) || n.Parent != nil && blockElems[n.Parent.Data] && n.Parent.Data != "p" && isLabelHead(t)
	default:
		return false
	}
	t := blockText(n)
	lt := strings.ToLower(strings.TrimSpace(t))
	if isBoilerPhrase(lt) || isFurnitureLabel(t) || isCreditLine(t) {
		return true
	}
	// Datelines anywhere.
	if in.text < 80 {
		for _, p := range []string{"updated", "published", "posted on", "first published", "last updated", "last modified"} {
			if strings.HasPrefix(lt, p) && strings.ContainsAny(lt, "0123456789") {
				return true
			}
		}
	}
	// Bylines and datelines before the text starts.
	if c.emitted < 200 && in.text < 120 {
		for _, p := range []string{"by ", "posted by", "written by", "von ", "par ", "por ", "published", "updated", "posted on", "last updated"} {
			if strings.HasPrefix(lt, p) {
				return true
			}
		}
		if n.Data == "time" || hasDescendant(n, atom.Time) {
			return true
		}
	}
	return false
}

// hasDescendant reports whether n has a descendant element of the given atom.
func hasDescendant(n *html.Node, a atom.Atom) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == a || hasDescendant(c, a)) {
			return true
		}
	}
	return false
}

// conditional is Readability's cleanConditionally: containers with few
// commas are dropped when their make-up is not that of prose.
func (c *cleaner) conditional(n *html.Node, in *nodeInfo) string {
	switch n.Data {
	case "div", "section", "ul", "ol", "table", "dl", "header":
	default:
		return ""
	}
	w := in.weight
	if w < 0 && in.text*2 < c.total {
		return "weight"
	}
	if in.linkHeads >= 3 && in.text < 200*in.linkHeads && in.linkDensity() > 0.3 {
		return "teasers"
	}
	if in.commas >= 10 {
		return ""
	}
	isList := n.Data == "ul" || n.Data == "ol" || n.Data == "dl"
	// Prose holding a good share of the content stays whatever it holds
	// besides.
	if (in.text-in.link)*3 > c.total && in.text-in.link > 300 {
		if in.linkDensity() > 0.5 {
			return "links"
		}
		return ""
	}
	p := in.paras
	ld := in.linkDensity()
	switch {
	case in.imgs > 1 && float64(p)/float64(in.imgs) < 0.5:
		return "images"
	case !isList && n.Data != "table" && in.lis-100 > p:
		return "list-items"
	case in.inputs > p/3:
		return "inputs"
	case !isList && in.text < minParaLen && in.heads*10 < in.text*9 && (in.imgs == 0 || in.imgs > 2):
		return "no-text"
	case !isList && w < 25 && ld > 0.5:
		return "link-density"
	case isList && ld > 0.8 && in.text < 1000:
		return "link-list"
	case w >= 25 && ld > 0.5:
		return "link-density"
	case in.embeds == 1 && in.text < 75 || in.embeds > 1 && in.text < 200:
		return "embeds"
	}
	return ""
}

// blockText is the raw text under n, without dropped elements.
func blockText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				if c.Data == "script" || c.Data == "style" || c.Data == "noscript" || c.Data == "template" {
					continue
				}
				if blockElems[c.Data] || c.Data == "br" {
					b.WriteByte(' ')
				}
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

// foldTitle folds a title for comparison: lower case, letters and digits
// only, single spaces.
func foldTitle(s string) string {
	return strings.Join(wordsOf(strings.ToLower(s)), " ")
}

// wordsOf splits s into runs of letters and digits of any
// script.
func wordsOf(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f && (unicode.IsLetter(r) || unicode.IsDigit(r)))
	})
}

// repeatsTitle reports whether a heading repeats the page title: equal after
// folding, or one holding the other when the title carries a site name.
func repeatsTitle(title, heading string) bool {
	h := foldTitle(heading)
	if h == "" || title == "" {
		return false
	}
	if h == title {
		return true
	}
	if len(h) >= 15 && strings.Contains(title, h) && len(h)*2 >= len(title) {
		return true
	}
	return len(title) >= 15 && strings.Contains(h, title) && len(title)*2 >= len(h)
}

// isTableOfContents reports an in-page table of contents: a list or a box
// made of links to fragments of the page itself, most of which lead to
// elements further down. It repeats the headings that follow and is
// navigation, not text. Footnote back-links point up and are kept.
func (c *cleaner) isTableOfContents(n *html.Node, in *nodeInfo) bool {
	switch n.Data {
	case "ul", "ol", "dl", "p", "nav", "div", "section", "table", "details":
	default:
		return false
	}
	if in.fragLinks < 3 || in.pageLinks > 0 || in.nodes > maxContentsNodes {
		return false
	}
	// Besides the links, a label, a heading, numbers and separators.
	if other := in.text - in.link - in.heads; other > max(in.text/5, 5*in.fragLinks) {
		return false
	}
	anchors := c.a.pageAnchors()
	end := in.order + in.nodes
	targets, below := 0, 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type != html.ElementNode {
				continue
			}
			if ch.DataAtom == atom.A {
				if href := strings.TrimSpace(attrOf(ch, "href")); len(href) > 1 && href[0] == '#' {
					targets++
					if at, ok := anchors[fragmentID(href[1:])]; ok && at >= end {
						below++
					}
				}
				continue
			}
			walk(ch)
		}
	}
	walk(n)
	return below*3 >= targets*2
}

// maxContentsNodes bounds the size of a block read as a table of contents.
const maxContentsNodes = 400

// fragmentID decodes the percent escapes of a URL fragment.
func fragmentID(f string) string {
	if u, err := url.PathUnescape(f); err == nil {
		return u
	}
	return f
}

// pageAnchors maps the ids and anchor names of the measured elements to
// their position in document order.
func (a *analysis) pageAnchors() map[string]int {
	if a.anchors != nil {
		return a.anchors
	}
	a.anchors = map[string]int{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			ci := a.info[c]
			if ci == nil || ci.drop {
				continue
			}
			for _, at := range c.Attr {
				if at.Key == "id" || at.Key == "name" && c.DataAtom == atom.A {
					if _, ok := a.anchors[at.Val]; !ok {
						a.anchors[at.Val] = ci.order
					}
				}
			}
			walk(c)
		}
	}
	walk(a.root)
	return a.anchors
}

// minHeadlineLink is the least text of a link to another story set as a
// paragraph of its own.
const minHeadlineLink = 30

// isHeadlineLink reports a paragraph that is only a link to another story
// set in capitals, as news pages insert between paragraphs.
func isHeadlineLink(n *html.Node) bool {
	t := blockText(n)
	letters, upper := 0, 0
	for _, r := range t {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters >= 20 && upper*10 >= letters*9
}

// maxTitleLink is the most text of a link read as another story's title.
const maxTitleLink = 160

// isTitleLink reports the text of a link that reads as the title of
// another story: a few words that are not a sentence, an address or a
// file. Set as a paragraph of its own inside the text, such a link
// points the reader elsewhere.
func isTitleLink(t string) bool {
	t = collapseSpace(t)
	if len(t) > maxTitleLink || len(strings.Fields(t)) < 4 {
		return false
	}
	lt := strings.ToLower(t)
	if strings.HasPrefix(lt, "http") || strings.HasPrefix(lt, "www.") || strings.Contains(lt, "@") || strings.Contains(lt, ".pdf") {
		return false
	}
	return !endsSentence(t) && !strings.HasSuffix(t, ":")
}
