package normalize

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// bodyHints carries what metadata extraction learnt that helps find and
// clean the body.
type bodyHints struct {
	// Title is the page's title; headings repeating it are left out of the
	// body. When empty, the document's <title> is used.
	Title string
	// Container is the element path where the page's template keeps its
	// content, learned by a site model; "" when none is known.
	Container string
}

// body is the main content of a page, detached from the document, with
// statistics the page-type classifier can use. Text lengths count visible
// characters other than white space (bytes for non-ASCII text).
type body struct {
	// node is a detached element (a <div>) holding the cleaned main content.
	node *html.Node
	// top is the page's element the content was copied from, nil when it
	// came from several or from a run of cards.
	top *html.Node

	// textLen is the text in node; linkDensity the share of it inside
	// links.
	textLen     int
	linkDensity float64
	// paragraphs counts the paragraphs of at least 25 characters in node,
	// longParagraphs those of at least 150.
	paragraphs     int
	longParagraphs int
	// headings, listItems, images and tables count those elements in node.
	headings, listItems, images, tables int

	// pageTextLen and pageLinkDensity describe the whole visible page.
	pageTextLen     int
	pageLinkDensity float64
	// teasers is the largest group of sibling blocks in the page sharing a
	// tag and class, each a short text mostly inside a link (with an
	// optional image): the cards of a listing, a tag or a search page.
	teasers int
	// articles counts the <article> elements of the page; several usually
	// mean a listing.
	articles int
	// structural is true when the content lies in article markup
	// (<article>, <main>, itemprop=articleBody or role=main).
	structural bool
	// fallback is true when no container scored well and the body is the
	// page minus its furniture.
	fallback bool
	// listing is true when the page has little prose and the body is its
	// longest run of cards.
	listing bool
	// discussion is true when the content is the page's comments: the
	// page had next to no text of its own besides them (a forum thread,
	// a link aggregator's discussion).
	discussion bool
	// spread is true when the prose is spread over the page and the body
	// is the page minus its furniture.
	spread bool
}

// minTopScore is the score below which the best candidate is not trusted.
const minTopScore = 10

// extractBody finds the main content of the page and removes boilerplate
// from it. It does not modify doc: the content is copied into a new node.
func extractBody(doc *goquery.Document, h bodyHints) body {
	var b body
	if len(doc.Nodes) == 0 {
		b.node = newBodyDiv()
		return b
	}
	root := bodyElement(doc.Nodes[0])
	title := h.Title
	if title == "" {
		title = headTitle(doc.Nodes[0])
	}

	a := newAnalysis(root, true)
	a.run()
	if alt := noscriptContent(root, a.info[root].text); alt != nil {
		// The page shows its content only to scripts and keeps a copy
		// for readers without them.
		root = alt
		a = newAnalysis(root, true)
		a.run()
	}
	out := a.content(&b, title)
	if n := visibleLen(out); a.commentProse > 5*n && (n < minOwnText || n < maxOwnText && longParagraphs(out) == 0) {
		// Nearly all the prose sits in comment markup and what is left
		// is not an article (very short, or without a paragraph of
		// prose): a discussion page, whose posts are the content.
		a = newAnalysis(root, true)
		a.keepComments = true
		a.run()
		b = body{discussion: true}
		out = a.content(&b, title)
	}
	if n := visibleLen(out); n < minVisible {
		// Nearly everything visible was dropped or hidden: keep what a
		// reader could see without the page's scripts, when that is
		// much more.
		a2 := newAnalysis(root, false)
		a2.run()
		// A short text in article markup is a short article: the rest of
		// the page may only add to it less its furniture.
		short := n >= minShortArticle && (inArticleElement(b.top) || inPost(b.top))
		if short && a.onlyPost(b.top) {
			// The page's one blog post holds this little text: a short
			// post, whose page is otherwise the blog's furniture.
		} else if all := a2.copyOf(title, !short, children(root)...); n == 0 || visibleLen(all) >= 2*n+minVisible {
			out = all
			b.top, b.fallback = nil, true // the whole page, not one container
		}
	}
	if b.top != nil && !b.listing && !b.fallback && !b.spread && !b.discussion {
		a.prependLead(out, b.top, title)
	}
	if h.Container != "" {
		out = templateContainer(a, &b, root, out, h.Container, title)
	}
	b.node = out
	b.articles = countElements(root, atom.Article)
	fillStats(&b, out)
	return b
}

// minVisible is the least text a page shows once hidden elements and
// furniture are gone; below it the content is taken to be in them.
const minVisible = 200

// minShortArticle is the least text found in article markup for a page
// to be read as a short article when the fallback adds the rest of it.
const minShortArticle = 50

// minOwnText and maxOwnText bound the text a page shows outside its
// comments and still be taken for a discussion whose comments are the
// content: below minOwnText always, below maxOwnText when none of it is a
// long paragraph (an opening post in short lines, a question, the
// thread's furniture). A short post of prose with comments is an article.
const (
	minOwnText = 300
	maxOwnText = 1500
)

// longParagraphs counts the paragraphs of at least 150 characters in n,
// captions aside.
func longParagraphs(n *html.Node) int {
	var b body
	fillStats(&b, n)
	return b.longParagraphs
}

// content picks the main content of the analysed page and returns a
// cleaned copy of it, filling in b's page statistics and how the content
// was found.
func (a *analysis) content(b *body, title string) *html.Node {
	root := a.root
	ri := a.info[root]
	b.pageTextLen = ri.text
	b.pageLinkDensity = ri.linkDensity()

	var out *html.Node
	region := false // top was widened to the page's main region
	top := a.topCandidate()
	markup := false // top was replaced by the page's main markup
	if top != nil {
		if m := a.preferMarkup(top); m != top {
			top, markup = m, true
		}
		if t := a.titledArticle(top, title); t != nil {
			top, markup = t, true
		}
	}
	var list *html.Node
	var listText int
	b.teasers, list, listText = a.teaserGroups()
	if list != nil && (top == nil || a.info[top].good < 500 && listText > 2*a.info[top].text) {
		// Little prose and a long run of cards: the cards are the
		// content (a listing, a shop, a search page).
		top = list
		b.listing = true
		out = a.copyOf(title, true, list)
	} else if top != nil && top != root && max(a.finalScore(top), a.topScore) >= minTopScore {
		if ti := a.info[top]; ti.good < 500 && ti.text*4 < ri.text && !a.marksArticleBody(top) && !a.onlyPost(top) {
			// A little prose in a page of other things (products,
			// tiles, a table): the content is the region holding
			// most of the page.
			if r := a.mainRegion(top); r != top {
				top = r
				region = true
			}
		}
		if markup {
			// The main markup is the content; its siblings are what
			// outscored it.
			out = a.copyOf(title, false, top)
		} else {
			out = a.assemble(top, title)
		}
		b.structural = inArticleMarkup(top)
		b.top = top
		if n := visibleLen(out); n*5 < a.info[top].text || region && n*2 < a.info[top].text {
			// The cleaning took nearly everything (half of a region of
			// tiles): the content is of a kind the rules do not expect,
			// keep it whole.
			out = a.copyOf(title, true, top)
		}
	}
	if out != nil && !b.listing && a.info[top].good*3 < ri.good {
		// The best container holds under a third of the page's prose:
		// the prose is spread over blocks of the page (the sections of
		// a landing page), which is the content minus its furniture.
		if all := a.copyOf(title, false, children(root)...); visibleLen(all) > 2*visibleLen(out) {
			out = all
			b.spread = true
		}
	}
	if out == nil || visibleLen(out) < minParaLen {
		// Nothing scored well: the page minus its furniture.
		b.fallback = true
		out = a.copyOf(title, false, children(root)...)
		if visibleLen(out) < minParaLen {
			out = a.copyOf(title, true, a.largestBlock(root))
		}
		if visibleLen(out) < minParaLen {
			out = a.copyOf(title, true, children(root)...)
		}
	}
	return out
}

// assemble copies the top candidate and the siblings that belong to it,
// as Readability does: siblings that score well, share the top's class,
// or are paragraphs of prose.
func (a *analysis) assemble(top *html.Node, title string) *html.Node {
	out := newBodyDiv()
	topScore := a.finalScore(top)
	threshold := max(10, topScore*0.2)
	parent := top.Parent
	topClass := attrOf(top, "class")
	var keep []*html.Node
	total := 0
	for s := parent.FirstChild; s != nil; s = s.NextSibling {
		if s.Type != html.ElementNode {
			continue
		}
		si := a.info[s]
		if si == nil || si.drop {
			continue
		}
		ok := s == top
		if !ok && si.cand {
			bonus := 0.0
			if topClass != "" && attrOf(s, "class") == topClass {
				bonus = topScore * 0.2
			}
			ok = a.finalScore(s)+bonus >= threshold
		}
		if !ok && si.text > 0 && isIngredients(s) {
			// A recipe's ingredients sit beside its steps, in a list or
			// table too short on prose to score.
			ok = true
		}
		if !ok && (s.Data == "p" || !si.blockDesc && si.text > 0) {
			ld := si.linkDensity()
			if si.text > 80 && ld < 0.25 {
				ok = true
			} else if si.text > 0 && si.text <= 80 && ld == 0 && endsSentence(blockText(s)) {
				ok = true
			}
		}
		if ok {
			keep = append(keep, s)
			total += si.text
		}
	}
	cl := newCleaner(a, title, top, total)
	for _, s := range keep {
		cl.top = s
		cl.copyInto(out, s)
	}
	return out
}

// preferMarkup returns the page's main or article element in place of a
// top candidate with next to none of the page's prose (a search box, a
// menu whose items are long), when that element holds most of it.
func (a *analysis) preferMarkup(top *html.Node) *html.Node {
	pageGood := a.info[a.root].good
	if a.info[top].good*10 >= pageGood || pageGood < 1000 || a.finalScore(top) < minTopScore {
		return top
	}
	var best *html.Node
	for _, n := range a.cands {
		in := a.info[n]
		if in.good*2 < pageGood || !isMainMarkup(n) || best != nil && in.good <= a.info[best].good {
			continue
		}
		best = n
	}
	if best == nil || a.finalScore(best) < minTopScore {
		return top
	}
	return best
}

// isMainMarkup reports the elements that mark a page's main content.
func isMainMarkup(n *html.Node) bool {
	return n.DataAtom == atom.Main || n.DataAtom == atom.Article || attrOf(n, "role") == "main" ||
		strings.EqualFold(attrOf(n, "itemprop"), "articleBody")
}

// marksArticleBody reports whether n is, lies in or holds the element the
// page marks as the body of its article: the page says where its text is,
// however short.
func (a *analysis) marksArticleBody(n *html.Node) bool {
	for p := n; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if strings.EqualFold(attrOf(p, "itemprop"), "articleBody") {
			return true
		}
	}
	var holds func(*html.Node) bool
	holds = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if ci := a.info[c]; ci == nil || ci.drop {
				continue
			}
			if strings.EqualFold(attrOf(c, "itemprop"), "articleBody") || holds(c) {
				return true
			}
		}
		return false
	}
	return holds(n)
}

// mainRegion returns the lowest ancestor of n holding half the text of
// the page, or n.
func (a *analysis) mainRegion(n *html.Node) *html.Node {
	half := a.info[a.root].text / 2
	for p := n.Parent; p != nil && p != a.root && p.Type == html.ElementNode; p = p.Parent {
		if pi := a.info[p]; pi != nil && pi.text >= half {
			return p
		}
	}
	return n
}

// largestBlock is the last resort: the container with the most paragraph
// text outside dropped subtrees, or the root.
func (a *analysis) largestBlock(root *html.Node) *html.Node {
	best, bestText := root, 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			in := a.info[c]
			if in == nil || !in.live {
				continue
			}
			if in.paraText > bestText {
				best, bestText = c, in.paraText
			}
			walk(c)
		}
	}
	walk(root)
	return best
}

// copyOf copies nodes into a new <div> through a cleaner; lenient keeps
// all visible content but the title.
func (a *analysis) copyOf(title string, lenient bool, nodes ...*html.Node) *html.Node {
	total := 0
	for _, n := range nodes {
		if in := a.info[n]; in != nil {
			total += in.text
		}
	}
	out := newBodyDiv()
	cl := newCleaner(a, title, nil, total)
	cl.lenient = lenient
	for _, n := range nodes {
		if n.Type == html.ElementNode && len(nodes) == 1 {
			cl.top = n
		}
		cl.copyInto(out, n)
	}
	return out
}

// children lists the child nodes of n.
func children(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, c)
	}
	return out
}

// noscriptContent returns a synthetic <body> holding the parsed contents of
// the page's <noscript> elements when they carry much more text than the
// visible page, or nil.
func noscriptContent(root *html.Node, visible int) *html.Node {
	var raws []string
	size := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c.DataAtom == atom.Noscript {
				if t := c.FirstChild; t != nil && t.Type == html.TextNode && len(t.Data) > 200 {
					raws = append(raws, t.Data)
					size += len(t.Data)
				}
				continue
			}
			if !invisibleTags[c.Data] {
				walk(c)
			}
		}
	}
	walk(root)
	if size < 2*visible+500 {
		return nil
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	for _, raw := range raws {
		nodes, err := html.ParseFragment(strings.NewReader(raw), ctx)
		if err != nil {
			continue
		}
		for _, n := range nodes {
			ctx.AppendChild(n)
		}
	}
	if visibleLen(ctx) <= 2*visible+200 {
		return nil
	}
	return ctx
}

func endsSentence(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "。")
}

func newBodyDiv() *html.Node {
	return &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
}

// bodyElement returns the <body> element, or the document when it has none.
func bodyElement(doc *html.Node) *html.Node {
	for h := doc.FirstChild; h != nil; h = h.NextSibling {
		if h.Type == html.ElementNode && h.DataAtom == atom.Html {
			for b := h.FirstChild; b != nil; b = b.NextSibling {
				if b.Type == html.ElementNode && b.DataAtom == atom.Body {
					return b
				}
			}
		}
	}
	return doc
}

// headTitle returns the text of the first <title> in <head>.
func headTitle(doc *html.Node) string {
	for h := doc.FirstChild; h != nil; h = h.NextSibling {
		if h.Type != html.ElementNode || h.DataAtom != atom.Html {
			continue
		}
		for hd := h.FirstChild; hd != nil; hd = hd.NextSibling {
			if hd.Type != html.ElementNode || hd.DataAtom != atom.Head {
				continue
			}
			for t := hd.FirstChild; t != nil; t = t.NextSibling {
				if t.Type == html.ElementNode && t.DataAtom == atom.Title && t.FirstChild != nil {
					return t.FirstChild.Data
				}
			}
		}
	}
	return ""
}

// inArticleMarkup reports whether n is or lies in article markup.
func inArticleMarkup(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		if n.DataAtom == atom.Article || n.DataAtom == atom.Main ||
			strings.EqualFold(attrOf(n, "itemprop"), "articleBody") || attrOf(n, "role") == "main" {
			return true
		}
	}
	return false
}

// inArticleElement reports whether n is or lies in an <article> element
// or the element marked as an article's body.
func inArticleElement(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n.Type == html.ElementNode && (n.DataAtom == atom.Article || strings.EqualFold(attrOf(n, "itemprop"), "articleBody")) {
			return true
		}
	}
	return false
}

// visibleLen counts the visible non-space text under n.
func visibleLen(n *html.Node) int {
	k := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			t, _ := countText(c.Data)
			k += t
		case html.ElementNode:
			if !invisibleTags[c.Data] {
				k += visibleLen(c)
			}
		}
	}
	return k
}

// countElements counts the elements with atom t under n.
func countElements(n *html.Node, t atom.Atom) int {
	k := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			if c.DataAtom == t {
				k++
			}
			k += countElements(c, t)
		}
	}
	return k
}

// fillStats counts what the classifier wants to know about the content.
func fillStats(b *body, n *html.Node) {
	var text, link int
	var walk func(n *html.Node, inLink bool) int
	walk = func(n *html.Node, inLink bool) int {
		t := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				k, _ := countText(c.Data)
				t += k
				if inLink {
					link += k
				}
			case html.ElementNode:
				if isCaptionCopy(c) {
					continue
				}
				k := walk(c, inLink || c.DataAtom == atom.A)
				t += k
				switch c.DataAtom {
				case atom.P:
					if k >= minParaLen {
						b.paragraphs++
					}
					if k >= 150 {
						b.longParagraphs++
					}
				case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.H1:
					b.headings++
				case atom.Li:
					b.listItems++
				case atom.Img:
					b.images++
				case atom.Table:
					b.tables++
				}
			}
		}
		return t
	}
	text = walk(n, false)
	b.textLen = text
	if text > 0 {
		b.linkDensity = float64(link) / float64(text)
	}
}

// teaserGroups finds the largest run of sibling blocks that share tag and
// class and are each a card: a heading or an image plus a link, with little
// text besides the link. It returns the size of the largest group, and the
// parent of the group of cards with the most text, with that text.
func (a *analysis) teaserGroups() (count int, list *html.Node, listText int) {
	type group struct{ n, text int }
	groups := map[string]*group{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		kids := 0
		for c := n.FirstChild; c != nil && kids < 3; c = c.NextSibling {
			if c.Type == html.ElementNode {
				kids++
			}
		}
		if kids >= 3 {
			clear(groups)
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type != html.ElementNode {
					continue
				}
				in := a.info[c]
				if in == nil || in.drop || in.link == 0 || in.text > 600 ||
					in.heads == 0 && in.imgs == 0 || in.link*3 < in.text {
					continue
				}
				k := c.Data + " " + in.classID
				g := groups[k]
				if g == nil {
					g = &group{}
					groups[k] = g
				}
				g.n++
				g.text += in.text
				count = max(count, g.n)
				if g.n >= 4 && g.text > listText {
					list, listText = n, g.text
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && a.info[c] != nil && !a.info[c].drop {
				walk(c)
			}
		}
	}
	walk(a.root)
	return count, list, listText
}

// templateContainer returns the content of the element at the path the
// site model learned for the page's template, when the page alone gave no
// clear answer: no single container, or a short text from another one.
func templateContainer(a *analysis, b *body, root, out *html.Node, path, title string) *html.Node {
	n := findPath(root, path)
	if n == nil || b.top == n {
		return out
	}
	// A long text from a container of the page's own stays, unless that
	// container holds the template's: then the rest of it is the chrome
	// the template's other pages leave out.
	wider := b.top != nil && isAncestor(b.top, n)
	if visibleLen(out) >= minTemplateText && !b.fallback && !wider {
		return out
	}
	c := a.copyOf(title, false, n)
	if visibleLen(c) == 0 {
		return out
	}
	b.top, b.fallback, b.spread, b.listing = n, false, false, false
	return c
}

// minTemplateText is the body length from which a page's own container is
// trusted over its template's.
const minTemplateText = 500

// isAncestor reports whether a is a proper ancestor of n.
func isAncestor(a, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}
