package normalize

import (
	"strings"

	"golang.org/x/net/html"
)

// kickerWords mark the element a headline prints its kicker in: the
// topic line set above or before the headline inside the same <h1>
// ("<span class=dachzeile>Nach dem Sturm</span> <span>Die Stadt räumt
// auf</span>").
var kickerWords = newWordSet("kicker", "dachzeile", "roofline", "topline", "overline", "overhead", "eyebrow",
	"topic", "subtitle", "h1small", "spitzmarke", "supertitle", "pretitle", "pre-title", "preheadline",
	"catchline", "rubric", "flag", "sub-heading", "subheading")

// subtitleWords mark a subtitle printed after the headline inside the
// same <h1>.
var subtitleWords = newWordSet("subtitle", "subline", "subheadline", "sub-title", "sub-headline", "standfirst")

// headlineText is the text of an <h1> without the kicker printed before
// the headline or the subtitle printed after it, each in an element of
// its own; the whole text when the h1 holds no such part.
func headlineText(n *html.Node) string {
	full := headingText(n, 1000)
	// Walk down through a single wrapper ("<h1><span class=title>…").
	box := n
	for {
		kids := contentChildren(box)
		if len(kids) != 1 || kids[0].Type != html.ElementNode {
			break
		}
		box = kids[0]
	}
	kids := contentChildren(box)
	if len(kids) < 2 {
		return full
	}
	first, last := 0, len(kids)
	// A kicker classed as one, or any part set off by a separator kept
	// for screen readers only ("Topic<span class=sr-only>: </span>Headline").
	if kickerPart(kids[0]) || len(kids) >= 3 && kids[0].Type == html.ElementNode && hiddenPart(kids[1]) {
		first = 1
		for first < last && (hiddenPart(kids[first]) || kids[first].Type == html.ElementNode && kids[first].Data == "br") {
			first++ // the separator kept for screen readers, a line break
		}
	}
	if last-first >= 2 && kids[last-1].Type == html.ElementNode && subtitleWords.in(mdClassID(kids[last-1])) {
		last--
	}
	if first == 0 && last == len(kids) {
		return full
	}
	var parts []string
	for _, k := range kids[first:last] {
		switch k.Type {
		case html.TextNode:
			parts = append(parts, k.Data)
		case html.ElementNode:
			parts = append(parts, headingText(k, 1000))
		}
	}
	t := collapseSpace(strings.Join(parts, " "))
	if wordCount(t) < 2 {
		return full
	}
	return t
}

// contentChildren lists n's children that print something: elements and
// non-blank text.
func contentChildren(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if strings.TrimSpace(c.Data) != "" {
				out = append(out, c)
			}
		case html.ElementNode:
			switch c.Data {
			case "script", "style", "noscript", "template":
				continue
			}
			out = append(out, c)
		}
	}
	return out
}

// kickerPart reports whether an h1's first child prints a kicker: a
// <small> or an element classed as one.
func kickerPart(c *html.Node) bool {
	if c.Type != html.ElementNode {
		return false
	}
	if c.Data == "small" {
		return true
	}
	cls := mdClassID(c)
	return cls != "" && kickerWords.in(cls) && wordCount(headingText(c, 200)) <= 8
}

// hiddenPart reports whether c is kept for screen readers only.
func hiddenPart(c *html.Node) bool {
	if c.Type != html.ElementNode {
		return false
	}
	cls := mdClassID(c)
	return mdAttr(c, "aria-hidden") == "true" || strings.Contains(cls, "visually-hidden") || strings.Contains(cls, "sr-only") ||
		strings.Contains(cls, "screen-reader") || strings.Contains(cls, "invisible")
}

// typographic reports whether s holds typographic double quotes or
// dashes, which a writer sets on purpose and metadata often flattens to
// '"' and '-': a dash and a hyphen differ in meaning. Apostrophes do not,
// and are left to the spelling most sources share.
func typographic(s string) bool {
	return strings.ContainsAny(s, "“”„«»–—")
}
