package normalize

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	htmltomd "github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// mdConverter is configured once; a Converter is safe for concurrent use.
var mdConverter = htmltomd.NewConverter(htmltomd.WithPlugins(
	base.NewBasePlugin(),
	commonmark.NewCommonmarkPlugin(
		commonmark.WithHeadingStyle(commonmark.HeadingStyleATX),
		commonmark.WithBulletListMarker("-"),
		commonmark.WithHorizontalRule("---"),
		commonmark.WithListEndComment(false),
		commonmark.WithCodeBlockFence("```"),
		commonmark.WithLinkEmptyContentBehavior(commonmark.LinkBehaviorSkip),
	),
	table.NewTablePlugin(
		table.WithSpanCellBehavior(table.SpanBehaviorMirror),
		table.WithNewlineBehavior(table.NewlineBehaviorPreserve),
		table.WithHeaderPromotion(true),
		table.WithSkipEmptyRows(true),
	),
	strikethrough.NewStrikethroughPlugin(),
))

// toMarkdown renders the body as Markdown. It works on a copy of n: links
// and images are made absolute against the page URL, lazy images get their
// real source, embeds become links, executable content is dropped, the
// article's own title is not repeated and headings start at level 2.
func toMarkdown(n *html.Node, pageURL *url.URL, title string) string {
	if n == nil {
		return ""
	}
	c := cloneNode(n)
	prepareForMarkdown(c, pageURL, title)
	out, err := mdConverter.ConvertNode(c, htmltomd.WithDomain(pageURL.Scheme+"://"+pageURL.Host))
	if err != nil {
		return ""
	}
	md := blankRuns.ReplaceAllString(tidyMarkdown(strings.TrimSpace(string(out))), "\n\n")
	if md == "" {
		return ""
	}
	return md + "\n"
}

var blankRuns = regexp.MustCompile(`\n{3,}`)

// tagLike matches markup written into an attribute value.
var tagLike = regexp.MustCompile(`</?[a-zA-Z][^<>]*>`)

// plainAttr is an alt or title attribute as plain text: some sites write
// markup into them ("<span>Photo</span>"), which in an image description
// would be raw HTML again.
func plainAttr(v string) string {
	if strings.IndexByte(v, '<') >= 0 {
		v = tagLike.ReplaceAllString(v, " ")
	}
	return collapseSpace(v)
}

// prepareForMarkdown rewrites the tree in place before conversion.
func prepareForMarkdown(root *html.Node, pageURL *url.URL, title string) {
	var remove, unwrap []*html.Node
	var headings, items []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.CommentNode {
			remove = append(remove, n)
			return
		}
		if n.Type != html.ElementNode {
			return
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Object, atom.Form,
			atom.Button, atom.Input, atom.Select, atom.Textarea, atom.Svg, atom.Canvas, atom.Link, atom.Meta:
			remove = append(remove, n)
		case atom.A:
			href := absoluteHref(pageURL, mdAttr(n, "href"))
			if permalinkMarker(n, href, pageURL) {
				remove = append(remove, n)
				break
			}
			if samePageAnchor(href, pageURL) && inHeading(n) {
				// A heading linked to its own anchor: keep the words, or
				// drop an anchor name shown as text ("#section2").
				if strings.HasPrefix(strings.TrimSpace(textOf(n)), "#") {
					remove = append(remove, n)
				} else {
					unwrap = append(unwrap, n)
				}
				break
			}
			if href == "" {
				unwrap = append(unwrap, n)
			} else {
				n.Attr = []html.Attribute{{Key: "href", Val: href}}
				if t := plainAttr(mdAttr(n, "title")); t != "" {
					n.Attr = append(n.Attr, html.Attribute{Key: "title", Val: t})
				}
			}
		case atom.Img:
			src := imageSource(n, pageURL)
			if src == "" {
				remove = append(remove, n)
				break
			}
			n.Attr = []html.Attribute{{Key: "src", Val: src}, {Key: "alt", Val: plainAttr(mdAttr(n, "alt"))}}
		case atom.Picture:
			// Keep only the <img>; <source> elements carry nothing for Markdown.
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && c.DataAtom == atom.Source {
					remove = append(remove, c)
				}
			}
		case atom.Iframe, atom.Video, atom.Audio, atom.Embed:
			embedToLink(n, pageURL)
		case atom.Figcaption:
			n.Data, n.DataAtom = "p", atom.P
			wrapChildren(n, "em")
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			headings = append(headings, n)
		case atom.Pre:
			propagateCodeLanguage(n)
		case atom.Li, atom.Dt, atom.Dd:
			items = append(items, n)
		}
	}
	walk(root)
	for _, li := range items {
		boldItemHeadings(li)
	}
	for _, n := range remove {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
	for _, n := range unwrap {
		unwrapNode(n)
	}
	normalizeHeadings(headings, title)
}

// absoluteHref resolves a link target; it returns "" for targets that must
// not survive (javascript:, data:, vbscript:) or cannot be resolved.
func absoluteHref(base *url.URL, href string) string {
	href = strings.TrimSpace(href)
	if href == "" {
		return ""
	}
	lower := strings.ToLower(href)
	switch {
	case strings.HasPrefix(lower, "mailto:"), strings.HasPrefix(lower, "tel:"):
		return href
	case strings.HasPrefix(lower, "#"):
		if base == nil {
			return ""
		}
		u := *base
		u.Fragment = href[1:]
		return u.String()
	}
	r, err := url.Parse(href)
	if err != nil {
		return ""
	}
	if base != nil {
		r = base.ResolveReference(r)
	}
	if (r.Scheme != "http" && r.Scheme != "https") || r.Host == "" {
		return ""
	}
	return r.String()
}

// permalinkMarkers are the texts of the self-links many sites put next to
// headings and paragraphs so readers can copy a link to that spot.
var permalinkMarkers = map[string]bool{"": true, "#": true, "¶": true, "§": true, "🔗": true, "link": true, "permalink": true, "anchor": true}

// permalinkMarker reports an anchor that only links to a spot on its own
// page and shows a marker such as "#" or "¶" (or nothing): it is page
// furniture, and in Markdown it would leave "[#](...)" in the text.
func permalinkMarker(a *html.Node, href string, page *url.URL) bool {
	if !samePageAnchor(href, page) {
		return false
	}
	for c := a.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Img {
			return false
		}
	}
	return permalinkMarkers[strings.ToLower(strings.TrimSpace(textOf(a)))]
}

// samePageAnchor reports a link to a spot on the page itself.
func samePageAnchor(href string, page *url.URL) bool {
	if page == nil || strings.IndexByte(href, '#') < 0 {
		return false // no fragment without a '#'
	}
	u, err := url.Parse(href)
	if err != nil || u.Fragment == "" {
		return false
	}
	return u.Host == page.Host && strings.TrimSuffix(u.Path, "/") == strings.TrimSuffix(page.Path, "/")
}

// inHeading reports whether n sits inside an h1-h6.
func inHeading(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			return true
		}
	}
	return false
}

// lazyAttrs hold the real image URL on pages that load images lazily.
var lazyAttrs = []string{"data-src", "data-lazy-src", "data-original", "data-url", "data-lazy", "data-hi-res-src", "data-full-src"}

// imageSource returns the absolute URL of an image, looking past lazy-load
// placeholders to data-src and srcset.
func imageSource(n *html.Node, base *url.URL) string {
	src := strings.TrimSpace(mdAttr(n, "src"))
	if src == "" || strings.HasPrefix(strings.ToLower(src), "data:") || strings.Contains(src, "placeholder") || strings.Contains(src, "blank.gif") {
		src = ""
		for _, a := range lazyAttrs {
			if v := strings.TrimSpace(mdAttr(n, a)); v != "" && !strings.HasPrefix(v, "data:") {
				src = v
				break
			}
		}
	}
	if src == "" {
		for _, a := range []string{"srcset", "data-srcset"} {
			if v := largestSrcset(mdAttr(n, a)); v != "" {
				src = v
				break
			}
		}
	}
	if src == "" && n.Parent != nil && n.Parent.DataAtom == atom.Picture {
		for c := n.Parent.FirstChild; c != nil && src == ""; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Source {
				src = largestSrcset(mdAttr(c, "srcset"))
			}
		}
	}
	return absoluteHref(base, src)
}

// largestSrcset returns the candidate with the largest width or density in
// a srcset attribute.
func largestSrcset(srcset string) string {
	best, bestW := "", -1.0
	for _, cand := range strings.Split(srcset, ",") {
		f := strings.Fields(cand)
		if len(f) == 0 || strings.HasPrefix(f[0], "data:") {
			continue
		}
		w := 0.0
		if len(f) > 1 {
			if v, err := strconv.ParseFloat(strings.TrimRight(f[1], "wxWX"), 64); err == nil {
				w = v
			}
		}
		if w > bestW {
			best, bestW = f[0], w
		}
	}
	return best
}

// embedToLink turns an iframe, video, audio or embed into a paragraph with
// a link to its source, named by its title.
func embedToLink(n *html.Node, base *url.URL) {
	src := mdAttr(n, "src")
	if src == "" {
		src = mdAttr(n, "data-src")
	}
	if src == "" {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Source {
				src = mdAttr(c, "src")
				break
			}
		}
	}
	href := absoluteHref(base, src)
	label := collapseSpace(mdAttr(n, "title"))
	if label == "" {
		label = collapseSpace(mdAttr(n, "aria-label"))
	}
	if label == "" {
		switch n.DataAtom {
		case atom.Audio:
			label = "Embedded audio"
		case atom.Video:
			label = "Embedded video"
		default:
			label = "Embedded content"
		}
	}
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		n.RemoveChild(c)
		c = next
	}
	n.Data, n.DataAtom, n.Attr = "p", atom.P, nil
	if href == "" {
		return
	}
	a := &html.Node{Type: html.ElementNode, Data: "a", DataAtom: atom.A, Attr: []html.Attribute{{Key: "href", Val: href}}}
	a.AppendChild(&html.Node{Type: html.TextNode, Data: label})
	n.AppendChild(a)
}

// propagateCodeLanguage copies a language-* class from <pre> to its <code>
// (or creates one) so the fence carries the language.
func propagateCodeLanguage(pre *html.Node) {
	lang := codeLanguage(mdAttr(pre, "class"))
	if lang == "" {
		lang = mdAttr(pre, "data-lang")
	}
	if lang == "" {
		return
	}
	for c := pre.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Code {
			if codeLanguage(mdAttr(c, "class")) == "" {
				setAttr(c, "class", "language-"+lang)
			}
			return
		}
	}
}

func codeLanguage(class string) string {
	for _, f := range strings.Fields(class) {
		for _, p := range []string{"language-", "lang-"} {
			if strings.HasPrefix(f, p) && len(f) > len(p) {
				return f[len(p):]
			}
		}
	}
	return ""
}

// normalizeHeadings drops a leading heading that repeats the title and
// shifts the rest so the highest level in the body is ##.
func normalizeHeadings(hs []*html.Node, title string) {
	hs = slices.DeleteFunc(hs, func(h *html.Node) bool {
		return len(h.Data) != 2 || h.Data[0] != 'h' || h.Data[1] < '1' || h.Data[1] > '6'
	})
	if len(hs) == 0 {
		return
	}
	// Headings were collected in post-order; the first in document order is
	// the one that appears first in the slice for non-nested headings.
	first := hs[0]
	if title != "" && foldSpace(textOf(first)) == foldSpace(title) && first.Parent != nil {
		first.Parent.RemoveChild(first)
		hs = hs[1:]
	}
	minLevel := 7
	for _, h := range hs {
		if l := int(h.Data[1] - '0'); l < minLevel {
			minLevel = l
		}
	}
	shift := minLevel - 2
	if minLevel == 7 || shift == 0 {
		return
	}
	for _, h := range hs {
		l := int(h.Data[1]-'0') - shift
		l = max(2, min(6, l))
		h.Data = "h" + string(rune('0'+l))
		h.DataAtom = atom.Lookup([]byte(h.Data))
	}
}

func foldSpace(s string) string {
	return strings.ToLower(collapseSpace(s))
}

func textOf(n *html.Node) string {
	// One text node is its own text; else the builder is sized once.
	size, nodes := 0, 0
	var only *html.Node
	var count func(*html.Node)
	count = func(n *html.Node) {
		if n.Type == html.TextNode {
			size += len(n.Data)
			nodes++
			only = n
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			count(c)
		}
	}
	count(n)
	switch nodes {
	case 0:
		return ""
	case 1:
		return only.Data
	}
	var b strings.Builder
	b.Grow(size)
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

// unwrapNode replaces n by its children.
func unwrapNode(n *html.Node) {
	p := n.Parent
	if p == nil {
		return
	}
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		n.RemoveChild(c)
		p.InsertBefore(c, n)
		c = next
	}
	p.RemoveChild(n)
}

// wrapChildren moves n's children into a new child element named tag.
func wrapChildren(n *html.Node, tag string) {
	w := &html.Node{Type: html.ElementNode, Data: tag, DataAtom: atom.Lookup([]byte(tag))}
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		n.RemoveChild(c)
		w.AppendChild(c)
		c = next
	}
	n.AppendChild(w)
}

// boldItemHeadings turns headings inside a list item into bold text, so a
// list item never holds a heading and the item's first line names it.
// Paragraphs, divisions, line breaks, nested lists and code keep their
// structure: the converter renders them as continuation blocks of the item.
func boldItemHeadings(li *html.Node) {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode {
				switch c.DataAtom {
				case atom.Ul, atom.Ol, atom.Pre, atom.Table, atom.Blockquote, atom.Dl:
					// keep structure
				case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
					walk(c)
					c.Data, c.DataAtom, c.Attr = "strong", atom.Strong, nil
					c.Parent.InsertBefore(&html.Node{Type: html.TextNode, Data: " "}, c)
				default:
					walk(c)
				}
			}
			c = next
		}
	}
	walk(li)
}
