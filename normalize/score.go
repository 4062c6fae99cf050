package normalize

import (
	"sort"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// nodeInfo is what the analysis learns about one element. Lengths count
// visible non-space bytes, which keeps them cheap and comparable.
type nodeInfo struct {
	classID   string  // lower-cased class and id
	weight    float64 // Readability's class weight (classFacts)
	unlikely  bool    // class or id of page furniture
	furniture bool    // class or id of boilerplate inside content
	comments  bool    // class or id of a comment section
	consent   bool    // class or id of a cookie consent dialog
	reviews   bool    // class or id of a section of customer reviews
	drop      bool    // removed before scoring: invisible, furniture

	text      int // visible text in the subtree
	link      int // of which inside <a>
	commas    int
	paras     int // paragraphs with at least minParaLen of text
	paraText  int // text in those paragraphs
	prose     int // text in paragraphs less than half linked
	good      int // prose outside furniture (comments, sidebars, ...)
	imgs      int
	lis       int
	inputs    int
	embeds    int
	heads     int  // text inside h1-h6
	linkHeads int  // headings that are mostly a link: teaser titles
	blockDesc bool // holds a block-level element
	nodes     int  // elements in the subtree, itself included
	order     int  // position of the element in document order
	// fragLinks counts the links to a fragment of the page itself
	// ("#part-2"), pageLinks the other links with an href.
	fragLinks, pageLinks int
	article              bool // the subtree holds article markup
	live                 bool // not in a dropped subtree, set after pruning
	// linkSection marks a block opened by a heading such as "Related
	// stories": its prose is not the page's.
	linkSection bool

	score float64 // content score; valid when cand
	cand  bool    // scored as a container of paragraphs
}

// linkDensity is the share of the text that sits inside links.
func (in *nodeInfo) linkDensity() float64 {
	if in.text == 0 {
		return 0
	}
	return float64(in.link) / float64(in.text)
}

// minParaLen is the text a paragraph needs to count, as in Readability.
const minParaLen = 25

// analysis holds the per-element facts of one document.
type analysis struct {
	info    map[*html.Node]*nodeInfo
	pool    []nodeInfo
	classes map[string]classFacts
	// paragraphs found by measure, in document order.
	paragraphs []paragraph
	cands      []*html.Node
	root       *html.Node // <body>, or the document when there is none
	// elements counts the elements measured, to number them in document
	// order; anchors maps the ids and anchor names of the page to the
	// order of their element, built on first use.
	elements int
	anchors  map[string]int

	// strict is false for the last-resort analysis that keeps hidden
	// elements and furniture (used when the strict one found almost no
	// text). Consent dialogs go in both.
	strict bool
	// keepComments keeps comment sections: on a discussion page the
	// comments are the content.
	keepComments bool
	// commentProse is the prose of the comment sections pruned.
	commentProse int
	// topScore is the final score of the best candidate before the
	// climb over wrappers that hold nothing else.
	topScore float64
	// trace, when set, is told of every block the cleaner leaves out.
	trace func(n *html.Node, why string)
}

// classFacts returns the facts of a class and id string; pages repeat
// strings many times, so they are computed once per string.
func (a *analysis) classFacts(classID string) classFacts {
	if f, ok := a.classes[classID]; ok {
		return f
	}
	f := matchClass(classID)
	if f.comments && a.keepComments {
		// The comments are the content: their class says no more than
		// that of a post.
		f = matchClass(strings.ReplaceAll(classID, "comment", "message"))
	}
	a.classes[classID] = f
	return f
}

// newAnalysis prepares the analysis of the tree under root; strict drops
// hidden elements and page furniture.
func newAnalysis(root *html.Node, strict bool) *analysis {
	n := countNodes(root)
	return &analysis{
		info:    make(map[*html.Node]*nodeInfo, n),
		pool:    make([]nodeInfo, 0, n),
		root:    root,
		strict:  strict,
		classes: make(map[string]classFacts, 64),
	}
}

// countNodes counts the elements under n, itself included, to size the
// analysis once.
func countNodes(n *html.Node) int {
	k := 1
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			k += countNodes(c)
		}
	}
	return k
}

// get returns the facts of n, allocating them from a pool on first use.
func (a *analysis) get(n *html.Node) *nodeInfo {
	if in := a.info[n]; in != nil {
		return in
	}
	if len(a.pool) == cap(a.pool) {
		a.pool = make([]nodeInfo, 0, 256)
	}
	a.pool = append(a.pool, nodeInfo{})
	in := &a.pool[len(a.pool)-1]
	a.info[n] = in
	return in
}

// run analyses the tree: one pass marks invisible elements, counts text
// and finds the paragraphs; then furniture (Readability's unlikely
// candidates) is removed unless it holds much of the page's text, its
// counts are taken off its ancestors, and the remaining paragraphs are
// scored into their ancestors.
func (a *analysis) run() {
	a.measure(a.root)
	a.prune(a.root, a.get(a.root).paraText, false)
	a.markLive(a.root)
	for _, p := range a.paragraphs {
		if a.info[p.node].live {
			a.scoreParagraph(p.at, p)
		}
	}
}

// markLive flags the elements outside dropped subtrees.
func (a *analysis) markLive(n *html.Node) {
	a.info[n].live = true
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			if ci := a.info[c]; ci != nil && !ci.drop {
				a.markLive(c)
			}
		}
	}
}

// paragraph is a run of prose found by measure in node; at is the element
// whose ancestors it scores, starting with at itself.
type paragraph struct {
	node, at           *html.Node
	text, link, commas int
}

// measure computes the subtree statistics bottom-up and records the
// paragraphs.
func (a *analysis) measure(n *html.Node) {
	in := a.get(n)
	in.nodes = 1
	in.order = a.elements
	a.elements++
	in.article = n.Data == "article" || n.Data == "main" || strings.EqualFold(attrOf(n, "itemprop"), "articleBody")
	direct, directLink, directCommas := 0, 0, 0 // phrasing content directly in n
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			t, commas := countText(c.Data)
			in.text += t
			in.commas += commas
			direct += t
			directCommas += commas
		case html.ElementNode:
			ci := a.info[c]
			if ci == nil {
				ci = a.get(c)
				ci.classID = classIDOf(c)
				if a.strict && (invisibleTags[c.Data] || hiddenElement(c)) {
					ci.drop = true
				} else if !a.strict && (c.Data == "script" || c.Data == "style" || c.Data == "noscript" || c.Data == "template" || c.Data == "head") {
					ci.drop = true
				}
				if !ci.drop && ci.classID != "" {
					f := a.classFacts(ci.classID)
					ci.weight, ci.unlikely, ci.furniture, ci.comments = f.weight, f.unlikely, f.furniture, f.comments
					ci.consent, ci.reviews = f.consent, f.reviews
				}
			}
			if ci.drop {
				switch c.Data {
				case "iframe", "embed", "object", "video":
					in.embeds++
				case "input", "textarea", "select":
					in.inputs++
				}
				continue
			}
			a.measure(c)
			in.text += ci.text
			in.link += ci.link
			in.commas += ci.commas
			in.paras += ci.paras
			in.paraText += ci.paraText
			in.prose += ci.prose
			if !ci.furniture && !ci.unlikely && !ci.linkSection {
				in.good += ci.good
			}
			in.imgs += ci.imgs
			in.lis += ci.lis
			in.inputs += ci.inputs
			in.embeds += ci.embeds
			in.heads += ci.heads
			in.linkHeads += ci.linkHeads
			in.nodes += ci.nodes
			in.fragLinks += ci.fragLinks
			in.pageLinks += ci.pageLinks
			in.article = in.article || ci.article
			if blockElems[c.Data] || ci.blockDesc {
				in.blockDesc = true
			} else {
				direct += ci.text
				directLink += ci.link
				directCommas += ci.commas
			}
		}
	}
	switch n.Data {
	case "a":
		in.link = in.text
		in.good, in.prose = 0, 0
		if href := strings.TrimSpace(attrOf(n, "href")); len(href) > 1 && href[0] == '#' {
			in.fragLinks++
		} else if href != "" {
			in.pageLinks++
		}
	case "img", "picture":
		in.imgs++
	case "li":
		in.lis++
	case "input", "textarea", "select":
		in.inputs++
	case "iframe", "embed", "object", "video":
		in.embeds++
	case "h1", "h2", "h3", "h4", "h5", "h6":
		in.heads = in.text
		if in.text > 0 && in.link*2 >= in.text {
			in.linkHeads = 1
		}
	}
	if n == a.root {
		return
	}
	if in.heads > 0 && in.paras < 20 && (n.Data == "div" || n.Data == "section" || n.Data == "aside" || n.Data == "ul") {
		if h := firstHeading(n, 3); h != nil && a.info[h] != nil && a.info[h].nodes <= maxTextNodes {
			in.linkSection = isSectionHeading(blockText(h))
		}
	}
	// Paragraphs: p and pre always, other blocks when they hold no block;
	// phrasing text directly inside a container is a paragraph of its own.
	para := false
	switch n.Data {
	case "p", "pre":
		para = true
	case "div", "td", "section", "article", "li", "dd", "blockquote", "main", "center":
		para = !in.blockDesc && in.paras == 0
	}
	if para && in.text >= minParaLen {
		in.paras++
		in.paraText += in.text
		if in.link*2 < in.text {
			in.good += in.text
			in.prose += in.text
		}
		a.paragraphs = append(a.paragraphs, paragraph{n, n.Parent, in.text, in.link, in.commas})
	} else if !para && direct >= minParaLen && n.Data != "a" {
		in.paras++
		in.paraText += direct
		if directLink*2 < direct {
			in.good += direct
			in.prose += direct
		}
		a.paragraphs = append(a.paragraphs, paragraph{n, n, direct, directLink, directCommas})
	}
	if in.good > 0 && in.link > 0 && in.text <= maxExcerpt && isExcerpt(n) {
		// A headline and the opening of its story: a teaser, whose
		// prose is not the page's.
		in.good, in.prose = 0, 0
	}
}

// maxExcerpt is the most text a teaser card holds.
const maxExcerpt = 600

// scoreParagraph adds a paragraph's score to its first ancestors: all of it
// to the parent, half to the grandparent, then a third per level.
func (a *analysis) scoreParagraph(parent *html.Node, p paragraph) {
	s := 1 + float64(p.commas) + min(float64(p.text/100), 3)
	if p.text > 0 && p.link > 0 {
		s *= 1 - float64(p.link)/float64(p.text)
	}
	level := 0
	for n := parent; n != nil && n.Type == html.ElementNode && level < 5; n = n.Parent {
		in := a.get(n)
		if !in.cand {
			in.cand = true
			in.score = tagWeight(n.Data) + in.weight
			a.cands = append(a.cands, n)
		}
		div := 1.0
		switch {
		case level == 1:
			div = 2
		case level > 1:
			div = float64(level) * 3
		}
		in.score += s / div
		if n == a.root {
			break
		}
		level++
	}
}

// countText returns the non-space bytes of s and its commas. Spaces are
// ASCII white space but '\v' and the no-break space (which counts for
// neither of its bytes); commas are ',' and the CJK and Arabic ones.
func countText(s string) (n, commas int) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		f := textBytes[c]
		n += int(f & textCounts)
		if f&textComma != 0 {
			commas++
		}
		if f&textLead == 0 {
			continue
		}
		// A lead byte is never part of another rune, so these runes are
		// found wherever their bytes stand.
		switch rest := s[i+1:]; c {
		case 0xc2: // U+00A0
			if strings.HasPrefix(rest, "\xa0") {
				n -= 2
			}
		case 0xef: // U+FF0C，
			if strings.HasPrefix(rest, "\xbc\x8c") {
				commas++
			}
		case 0xe3: // U+3001、
			if strings.HasPrefix(rest, "\x80\x81") {
				commas++
			}
		case 0xd8: // U+060C،
			if strings.HasPrefix(rest, "\x8c") {
				commas++
			}
		}
	}
	return n, commas
}

// What countText knows of each byte.
const (
	textCounts = 1 << iota // not white space
	textComma              // ','
	textLead               // may start a no-break space or a wide comma
)

var textBytes = func() (t [256]uint8) {
	for c := range t {
		switch c {
		case ' ', '\n', '\t', '\r', '\f':
		case ',':
			t[c] = textCounts | textComma
		case 0xc2, 0xef, 0xe3, 0xd8:
			t[c] = textCounts | textLead
		default:
			t[c] = textCounts
		}
	}
	return t
}()

// prune marks furniture (navigation, sidebars, comments, ...) as dropped,
// top-down, unless it holds a third of the page's paragraph text or
// contains the article markup.
func (a *analysis) prune(n *html.Node, total int, inCode bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		ci := a.info[c]
		if ci == nil || ci.drop {
			continue
		}
		code := inCode || c.Data == "pre" || c.Data == "code" || c.Data == "table"
		if !code && a.strict && ci.comments && !a.keepComments && a.info[a.root].prose-ci.prose >= 500 {
			// Comments go, however long, when the page has prose of
			// its own besides them.
			a.commentProse += ci.prose
			a.dropMeasured(c)
			continue
		}
		if !code && a.strict && ci.reviews && c.Data != "article" && c.Data != "main" && ci.prose >= minReviewProse && a.info[a.root].prose-ci.prose >= 500 &&
			!a.holdsArticle(c) && !sameClassSibling(c) {
			// Customer reviews are the comments of a product page: they
			// go when the page has prose of its own besides them. A run
			// of blocks sharing the class is the page's own reviews of
			// several things.
			a.dropMeasured(c)
			continue
		}
		if ci.consent && c.Data != "body" && !a.holdsArticle(c) {
			// A consent dialog, however long.
			a.dropMeasured(c)
			continue
		}
		if !code && a.strict && c.Data != "body" && c.Data != "a" && c.Data != "article" && c.Data != "main" {
			furniture := c.Data == "nav" || c.Data == "aside" || ci.unlikely || unlikelyRole(c)
			if furniture && (ci.paraText*3 < total || isDialog(c, ci)) && !a.holdsArticle(c) {
				a.dropMeasured(c)
				continue
			}
		}
		a.prune(c, total, code)
	}
}

// dropMeasured drops a measured element and takes its counts off its
// ancestors.
func (a *analysis) dropMeasured(n *html.Node) {
	ci := a.info[n]
	ci.drop = true
	good := ci.good
	if ci.furniture || ci.unlikely || ci.linkSection {
		good = 0
	}
	for p := n.Parent; p != nil; p = p.Parent {
		pi := a.info[p]
		if pi == nil {
			break
		}
		pi.text -= ci.text
		pi.link -= ci.link
		pi.commas -= ci.commas
		pi.paras -= ci.paras
		pi.paraText -= ci.paraText
		pi.prose -= ci.prose
		pi.good -= good
		pi.imgs -= ci.imgs
		pi.lis -= ci.lis
		pi.inputs -= ci.inputs
		pi.embeds -= ci.embeds
		pi.heads -= ci.heads
		pi.linkHeads -= ci.linkHeads
		pi.fragLinks -= ci.fragLinks
		pi.pageLinks -= ci.pageLinks
		if pi.furniture || pi.unlikely || pi.linkSection {
			good = 0
		}
		if p == a.root {
			break
		}
	}
}

// holdsArticle reports whether n contains article markup below it.
func (a *analysis) holdsArticle(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if ci := a.info[c]; ci != nil && !ci.drop && ci.article {
			return true
		}
	}
	return false
}

// finalScore is a candidate's score scaled down by its link density.
func (a *analysis) finalScore(n *html.Node) float64 {
	in := a.info[n]
	return in.score * (1 - in.linkDensity())
}

// topCandidate picks the best-scoring container and refines it as
// Readability does: climb to a common ancestor when other strong
// candidates share it, climb while the parent scores better, and skip
// wrappers with a single child.
func (a *analysis) topCandidate() *html.Node {
	if len(a.cands) == 0 {
		return nil
	}
	type sc struct {
		n *html.Node
		s float64
	}
	all := make([]sc, 0, len(a.cands))
	for _, n := range a.cands {
		all = append(all, sc{n, a.finalScore(n)})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].s > all[j].s })
	top, topScore := all[0].n, all[0].s
	if topScore <= 0 || top == a.root {
		return top
	}

	// Alternative candidates close to the top one: their common ancestor
	// holds content split across blocks.
	var alts []*html.Node
	for _, c := range all[1:min(len(all), 5)] {
		if c.s >= 0.75*topScore {
			alts = append(alts, c.n)
		}
	}
	if len(alts) >= 3 {
		// Count, for each ancestor of the top, the alternatives below it.
		below := map[*html.Node]int{}
		for _, alt := range alts {
			for p := alt.Parent; p != nil && p != a.root; p = p.Parent {
				below[p]++
			}
		}
		for p := top.Parent; p != nil && p != a.root && p.Type == html.ElementNode; p = p.Parent {
			if below[p] >= 3 {
				top = p
				break
			}
		}
	}
	if !a.info[top].cand {
		a.markCand(top)
	}

	// Climb while the parent's score does not fall too low and rises.
	last := a.finalScore(top)
	threshold := last / 3
	for p := top.Parent; p != nil && p != a.root && p.Type == html.ElementNode; p = p.Parent {
		pi := a.info[p]
		if pi == nil || !pi.cand {
			continue
		}
		ps := a.finalScore(p)
		if ps < threshold {
			break
		}
		if ps > last {
			top = p
			break
		}
		last = ps
	}

	// A wrapper with one child holds the same content, and is worth what
	// its content is worth.
	a.topScore = a.finalScore(top)
	for p := top.Parent; p != nil && p != a.root && p.Type == html.ElementNode && elementChildren(p) == 1; p = p.Parent {
		top = p
	}
	top = a.expand(top)
	if !a.info[top].cand {
		a.markCand(top)
	}
	return top
}

// expand climbs from the top candidate to the ancestor that holds the rest
// of the prose when the content is split over several containers
// (sections, one block per heading, ...): an ancestor is taken when it
// holds a quarter more prose and what it adds is mostly prose too.
func (a *analysis) expand(top *html.Node) *html.Node {
	best := a.info[top]
	for p := top.Parent; p != nil && p != a.root && p.Type == html.ElementNode; p = p.Parent {
		pi := a.info[p]
		if pi == nil || pi.drop {
			break
		}
		gain := pi.good - best.good
		extra := pi.text - best.text
		if gain*4 >= best.good && gain*2 >= extra && (pi.linkHeads-best.linkHeads < 4 || gain >= 2*best.good) {
			top, best = p, pi
		}
	}
	return top
}

func (a *analysis) markCand(n *html.Node) {
	in := a.get(n)
	in.cand = true
	in.score = tagWeight(n.Data) + in.weight
}

// elementChildren counts n's element children that are not dropped.
func elementChildren(n *html.Node) int {
	k := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			k++
		} else if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return 2
		}
	}
	return k
}

// minReviewProse is the prose a section of reviews holds to be left out
// whole: a rating next to a product is not one.
const minReviewProse = 300

// isDialog reports a modal dialog or pop-up: a box drawn over the page
// (a policy, a size guide, a sign-up form), never its content however long.
func isDialog(n *html.Node, in *nodeInfo) bool {
	switch strings.ToLower(attrOf(n, "role")) {
	case "dialog", "alertdialog":
		return true
	}
	if strings.EqualFold(attrOf(n, "aria-modal"), "true") {
		return true
	}
	return strings.Contains(in.classID, "modal") || strings.Contains(in.classID, "popup") || strings.Contains(in.classID, "lightbox")
}

// sameClassSibling reports whether an element next to n has n's class.
func sameClassSibling(n *html.Node) bool {
	class := attrOf(n, "class")
	for _, s := range []*html.Node{prevElement(n), nextElement(n)} {
		if s != nil && s.Data == n.Data && attrOf(s, "class") == class {
			return true
		}
	}
	return false
}

func prevElement(n *html.Node) *html.Node {
	for s := n.PrevSibling; s != nil; s = s.PrevSibling {
		if s.Type == html.ElementNode {
			return s
		}
	}
	return nil
}

func nextElement(n *html.Node) *html.Node {
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode {
			return s
		}
	}
	return nil
}

// isExcerpt reports a teaser: a block holding a link (the headline) and
// prose cut short with an ellipsis, the opening of a story shown
// elsewhere. A control's label ("More options...") is not one.
func isExcerpt(n *html.Node) bool {
	last := lastText(n)
	if last == nil {
		return false
	}
	for p := last.Parent; p != nil && p != n; p = p.Parent {
		if p.Type == html.ElementNode && (p.DataAtom == atom.A || p.DataAtom == atom.Button) {
			return false
		}
	}
	t := strings.TrimRight(last.Data, " \t\n\r\u00a0")
	if len(t) < minExcerptTail {
		return false
	}
	return strings.HasSuffix(t, "...") || strings.HasSuffix(t, "…") || strings.HasSuffix(t, "[…]") || strings.HasSuffix(t, "[...]")
}

// minExcerptTail is the least text the cut sentence of an excerpt holds.
const minExcerptTail = 40

// lastText returns the last text node under n with visible text.
func lastText(n *html.Node) *html.Node {
	for c := n.LastChild; c != nil; c = c.PrevSibling {
		switch c.Type {
		case html.TextNode:
			if strings.TrimSpace(c.Data) != "" {
				return c
			}
		case html.ElementNode:
			if invisibleTags[c.Data] {
				continue
			}
			if t := lastText(c); t != nil {
				return t
			}
		}
	}
	return nil
}
