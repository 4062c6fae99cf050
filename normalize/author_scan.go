package normalize

import (
	"strings"

	"golang.org/x/net/html"
)

// authorPropZone is the zone an itemprop=author element is read in. A
// post's own footer is often classed as boilerplate ("post-footer"), yet
// the author it marks up inside the post's microdata item (a BlogPosting
// or an Article) is the post's: that element is not boilerplate. One
// inside a comment, or outside any such item, stays as it is.
func authorPropZone(n *html.Node, z zone) zone {
	if z&zBoiler == 0 {
		return z
	}
	for p := n.Parent; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if strings.Contains(mdClassID(p), "comment") {
			return z
		}
		typ := strings.ToLower(mdAttr(p, "itemtype"))
		switch {
		case strings.Contains(typ, "comment"):
			return z
		case strings.HasSuffix(typ, "article") || strings.HasSuffix(typ, "blogposting") || strings.HasSuffix(typ, "posting") ||
			strings.Contains(" "+mdAttr(p, "itemprop")+" ", " blogPost "):
			return z &^ zBoiler
		}
	}
	return z
}

// bylineContext is the text of the element a byline's text node opens.
// A label alone ("By", "Autor:") is read with what follows it, up to two
// levels up; when that level holds more than the byline (a paragraph
// ending with "Text: Jane Doe" after the article's last lines), the text
// is read from the label on.
func bylineContext(n *html.Node) string {
	p := n.Parent
	txt := mdLines(p, scanTextLimit)
	child := n
	climbed := false
	for i := 0; i < 2 && p.Parent != nil && bylineLabelOnly(txt); i++ {
		child, p = p, p.Parent
		txt = mdLines(p, scanTextLimit)
		climbed = true
	}
	if !climbed || len(txt) < scanTextLimit/2 {
		return txt
	}
	var lines []string
	size := 0
	for c := child; c != nil && size <= scanTextLimit; c = c.NextSibling {
		var t string
		switch c.Type {
		case html.TextNode:
			t = collapseSpace(c.Data)
		case html.ElementNode:
			t = mdLines(c, scanTextLimit)
		}
		if t != "" {
			lines = append(lines, t)
			size += len(t)
		}
	}
	return truncate(strings.Join(lines, "\n"), scanTextLimit)
}

// addSignature records a paragraph that is nothing but an emphasised
// name and ends its block: the author's signature under an article
// ("<p><strong>Jane Doe</strong></p>"). The last one outside boilerplate
// counts.
func (s *pageScan) addSignature(n *html.Node, z zone) {
	if z&zBoiler != 0 {
		return
	}
	for sib := n.NextSibling; sib != nil; sib = sib.NextSibling {
		switch sib.Type {
		case html.TextNode:
			if strings.TrimSpace(sib.Data) != "" {
				return
			}
		case html.ElementNode:
			if strings.TrimSpace(mdText(sib, 20)) != "" {
				return // not the last thing in its block: a subheading, a label
			}
		}
	}
	paras := 0
	for sib := n.PrevSibling; sib != nil && paras < 3; sib = sib.PrevSibling {
		if sib.Type == html.ElementNode && sib.Data == "p" && len(mdText(sib, 100)) >= 100 {
			paras++
		}
	}
	if paras < 1 {
		return // a signature closes an article's paragraphs
	}
	emph := false
	c := n
	for {
		kids := contentChildren(c)
		if len(kids) != 1 || kids[0].Type != html.ElementNode {
			if len(kids) != 1 || kids[0].Type != html.TextNode {
				return
			}
			break
		}
		c = kids[0]
		switch c.Data {
		case "strong", "b", "em", "i":
			emph = true
		case "font", "span":
		default:
			return
		}
	}
	if !emph {
		return
	}
	t := mdText(n, 80)
	if wc := wordCount(t); wc < 2 || wc > 4 {
		return
	}
	s.signature = textItem{t, z, s.pos}
}

// addDateNameLine records a short element whose text opens with a date,
// as a dateline that may name the author after it ("11.12.2023 - Jane
// Doe"). Only the element's whole text counts, so that a name list the
// element goes on with is not cut to its first name.
func (s *pageScan) addDateNameLine(n *html.Node, z zone) {
	if z&zBoiler != 0 || len(s.dateNameLines) >= maxScanItems {
		return
	}
	c := n.FirstChild
	if c == nil || c.Type != html.TextNode {
		return
	}
	t := strings.TrimSpace(c.Data)
	if len(t) < 6 || !isDigit(t[0]) || !hasYear(t[:min(len(t), 30)]) {
		return
	}
	if full := mdText(n, 121); len(full) <= 120 {
		s.dateNameLines = append(s.dateNameLines, textItem{full, z, s.pos})
	}
}
