package normalize

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Facts is what one page shows about the template it was built from, the
// observations a site model is learned from. They are taken before any
// site model is applied, so that learning does not feed on its own output.
type Facts struct {
	URL string `json:"url"`
	// Type and Score are the single-page decision: the page type and the
	// article log-odds.
	Type  string  `json:"type"`
	Score float64 `json:"score"`
	// Template names the page's skeleton: the element path of its title
	// heading and how many <article> elements it has.
	Template string `json:"template"`
	Title    string `json:"title,omitempty"`
	Dated    bool   `json:"dated,omitempty"`
	// Date is the publication day the page gives (YYYY-MM-DD), "" when none.
	Date    string `json:"date,omitempty"`
	TextLen int    `json:"text_len"`
	// MetaAuthor is the folded value of the page's author meta tags, and
	// LDAuthor of its JSON-LD authors: what a site may print on every page.
	MetaAuthor string `json:"meta_author,omitempty"`
	LDAuthor   string `json:"ld_author,omitempty"`
	// Authors are the names the page gives, before any byline position
	// a model learned.
	Authors []string `json:"authors,omitempty"`
	// Certain are the names from sources that can only name this page's
	// author: a person in JSON-LD, itemprop=author, rel=author, a byline
	// under the headline.
	Certain []string `json:"certain,omitempty"`
	// Slots are the short texts right after the title heading, where
	// templates put the byline and the date.
	Slots []Slot `json:"slots,omitempty"`
	// BodyPath is the element path of the container the body came from,
	// "" when it was assembled from several; Confident tells whether that
	// container held prose enough to trust it.
	BodyPath  string `json:"body_path,omitempty"`
	Confident bool   `json:"confident,omitempty"`
	// Blocks are hashes of the texts of the page's blocks (paragraphs,
	// items, headings), for finding what repeats on every page. InBody are
	// those of the extracted body, Headings those of its headings, and
	// Tail those of its last blocks, whole and after a label.
	Blocks   []uint32 `json:"blocks,omitempty"`
	InBody   []uint32 `json:"in_body,omitempty"`
	Headings []uint32 `json:"headings,omitempty"`
	// LongHeadings are the hashes of the body's headings of four words or
	// more: one that is another article's title is that article, not a
	// section of this one.
	LongHeadings []uint32 `json:"long_headings,omitempty"`
	// LeadHeading is the hash of the last heading before the body's
	// container: the page's own title on an article, another article's
	// title on a page that prints that article.
	LeadHeading uint32 `json:"lead_heading,omitempty"`
	// Archive is the name an author's archive page is about (its URL is an
	// author page's), and Lists the links of its body: the articles it
	// credits to that author.
	Archive string   `json:"archive,omitempty"`
	Lists   []string `json:"lists,omitempty"`
	Tail    []uint32 `json:"tail,omitempty"`
}

// Slot is a short run of text after the title heading, at an element path
// that pages of one template share.
type Slot struct {
	Path string `json:"path"`
	Text string `json:"text"`
}

// Limits that keep facts small on any page.
const (
	maxFactBlocks = 200
	maxSlots      = 8
	maxSlotText   = 200
	maxBlockText  = 2000
	maxListed     = 500
	// longHeading is the least number of words of a heading that names an
	// article on its own.
	longHeading = 4
)

// TextHash is the hash a site model keeps for a block's text: case and
// white space do not count.
func TextHash(s string) uint32 {
	// FNV-1a of foldSpace(s), as hash/fnv's New32a computes it, over the
	// bytes foldSpace would write: the words, lowered as strings.ToLower
	// does (a byte that is not UTF-8 becomes U+FFFD), one space between.
	const prime = 16777619
	h := uint32(2166136261)
	var buf [utf8.UTFMax]byte
	started, gap := false, false // a word came; white space came after one
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if spaceClass[c] == asciiSpace {
				gap = started
				continue
			}
			if gap {
				h = (h ^ ' ') * prime
				gap = false
			}
			started = true
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			h = (h ^ uint32(c)) * prime
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if unicode.IsSpace(r) {
			gap = started
			continue
		}
		if gap {
			h = (h ^ ' ') * prime
			gap = false
		}
		started = true
		if r != utf8.RuneError || n != 1 {
			r = unicode.ToLower(r)
		}
		for _, b := range buf[:utf8.EncodeRune(buf[:], r)] {
			h = (h ^ uint32(b)) * prime
		}
	}
	return h
}

// titleHeading is the first h1–h3 whose text is the page's title, else the
// first h1 whose text the title holds or that holds the title, else the
// first h1.
func titleHeading(root *html.Node, title string) *html.Node {
	want := foldSpace(title)
	var exact, loose, first *html.Node
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Head:
				return false
			case atom.H1, atom.H2, atom.H3:
				if first == nil && n.DataAtom == atom.H1 {
					first = n
				}
				t := foldSpace(textOf(n))
				if want != "" && t == want {
					exact = n
					return true
				}
				if loose == nil && n.DataAtom == atom.H1 && t != "" && want != "" && (strings.Contains(want, t) || strings.Contains(t, want)) {
					loose = n
				}
				return false
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(root)
	if exact != nil {
		return exact
	}
	if loose != nil {
		return loose
	}
	return first
}

// elemKey names an element by its tag and class words; words holding
// digits (ids, dates) are left out, they differ from page to page.
func elemKey(n *html.Node) string {
	var b strings.Builder
	b.WriteString(n.Data)
	cls := strings.Fields(strings.ToLower(mdAttr(n, "class")))
	kept := 0
	for _, c := range cls {
		if strings.ContainsAny(c, "0123456789") || len(c) > 40 {
			continue
		}
		if kept == 3 {
			break
		}
		b.WriteByte('.')
		b.WriteString(c)
		kept++
	}
	return b.String()
}

// nodePath is the path of elemKeys from under <body> down to n.
func nodePath(n *html.Node) string {
	var parts []string
	for p := n; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if p.DataAtom == atom.Body || p.DataAtom == atom.Html {
			break
		}
		parts = append(parts, elemKey(p))
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, " > ")
}

// findPath returns the first element under root whose path is p.
func findPath(root *html.Node, p string) *html.Node {
	if p == "" || root == nil {
		return nil
	}
	want := strings.Split(p, " > ")
	var walk func(n *html.Node, depth int) *html.Node
	walk = func(n *html.Node, depth int) *html.Node {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || elemKey(c) != want[depth] {
				continue
			}
			if depth == len(want)-1 {
				return c
			}
			if f := walk(c, depth+1); f != nil {
				return f
			}
		}
		return nil
	}
	return walk(root, 0)
}

// templateKey names the page's skeleton from its title heading and the
// number of <article> elements (none, one, several).
func templateKey(th *html.Node, articles int) string {
	a := "0"
	switch {
	case articles == 1:
		a = "1"
	case articles > 1:
		a = "n"
	}
	if th == nil {
		return "title=none articles=" + a
	}
	return "title=" + nodePath(th) + " articles=" + a
}

// slotBreak are the elements that end a run of text after the headline.
func slotBreak(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	return blockTags[n.Data] || n.DataAtom == atom.Img || n.DataAtom == atom.Td || n.DataAtom == atom.Th
}

// blankLineRe matches a blank line.
var blankLineRe = regexp.MustCompile(`\n[ \t\r]*\n`)

// headSlots collects the runs of text that follow the title heading in
// document order: the texts between block boundaries, each with the path
// of its block and its ordinal there. It stops at the first long run, the
// start of the prose.
func headSlots(th *html.Node) []Slot {
	if th == nil {
		return nil
	}
	var out []Slot
	seen := map[string]int{}
	var cur []string
	var curBlock *html.Node
	stop := false
	flush := func() {
		if len(cur) == 0 {
			return
		}
		text := strings.Join(cur, "\n")
		cur = cur[:0]
		if len(text) > maxSlotText {
			stop = true
			return
		}
		p := nodePath(curBlock)
		k := seen[p]
		seen[p] = k + 1
		out = append(out, Slot{Path: p + " #" + strconv.Itoa(k), Text: text})
		if len(out) >= maxSlots {
			stop = true
		}
	}
	var visit func(n *html.Node, block *html.Node)
	visit = func(n *html.Node, block *html.Node) {
		if stop {
			return
		}
		switch n.Type {
		case html.TextNode:
			// A blank line inside one text node separates what a template
			// printed on lines of their own (a date, then names).
			for _, part := range blankLineRe.Split(n.Data, -1) {
				if t := collapseSpace(part); t != "" {
					if block != curBlock {
						flush()
						curBlock = block
					}
					cur = append(cur, t)
				}
			}
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Svg, atom.Select, atom.Textarea:
				return
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.Pre, atom.Table, atom.Ul, atom.Ol:
				if n != th {
					flush()
					stop = true
					return
				}
			}
			if slotBreak(n) {
				flush()
				block = n
				curBlock = nil
			}
		default:
			return
		}
		for c := n.FirstChild; c != nil && !stop; c = c.NextSibling {
			visit(c, block)
		}
		if slotBreak(n) {
			flush()
			curBlock = nil
		}
	}
	// Walk forward from the heading: its following siblings, then those
	// of its ancestors, up to a limit of elements.
	budget := 60
	for n := th; n != nil && n.Type == html.ElementNode && !stop && budget > 0; n = n.Parent {
		if n.DataAtom == atom.Body {
			break
		}
		for s := n.NextSibling; s != nil && !stop && budget > 0; s = s.NextSibling {
			budget--
			parent := s.Parent
			visit(s, parent)
		}
		flush()
		curBlock = nil
	}
	return out
}

// leafBlocks calls fn with every block element under n that holds no
// other block, and its folded text.
func leafBlocks(n *html.Node, fn func(el *html.Node, text string)) {
	var walk func(n *html.Node) bool // reports whether n holds a block
	walk = func(n *html.Node) bool {
		if n.Type != html.ElementNode && n.Type != html.DocumentNode {
			return false
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Head, atom.Svg:
			return false
		}
		inner := false
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				inner = true
			}
		}
		isBlock := n.Type == html.ElementNode && (blockTags[n.Data] || n.DataAtom == atom.Td || n.DataAtom == atom.Th)
		if isBlock && !inner {
			if t := collapseSpace(textOf(n)); t != "" && len(t) <= maxBlockText {
				fn(n, t)
			}
		}
		return inner || isBlock
	}
	walk(n)
}

// pageFacts gathers the facts of a page after the generic extraction.
func pageFacts(doc *goquery.Document, th *html.Node, pageURL string, m metadata, b body, typ string, score float64) *Facts {
	f := &Facts{
		URL:        pageURL,
		Type:       typ,
		Score:      score,
		Template:   templateKey(th, b.articles),
		Title:      m.Title,
		Dated:      m.Published != "",
		Date:       dayOf(m.Published),
		TextLen:    b.textLen,
		MetaAuthor: m.metaAuthor,
		LDAuthor:   m.ldAuthor,
		Certain:    m.certain,
		Slots:      headSlots(th),
		Confident:  b.top != nil && !b.fallback && !b.spread && !b.listing && b.longParagraphs > 0,
	}
	if b.top != nil && !b.spread && !b.fallback {
		f.BodyPath = nodePath(b.top)
		if h := headingBefore(b.top); h != nil {
			f.LeadHeading = TextHash(textOf(h))
		}
	}
	seen := map[uint32]bool{}
	if len(doc.Nodes) > 0 {
		leafBlocks(bodyElement(doc.Nodes[0]), func(_ *html.Node, t string) {
			h := TextHash(t)
			if !seen[h] && len(f.Blocks) < maxFactBlocks {
				seen[h] = true
				f.Blocks = append(f.Blocks, h)
			}
		})
	}
	if b.node != nil {
		inBody := map[uint32]bool{}
		var tail []string
		leafBlocks(b.node, func(el *html.Node, t string) {
			h := TextHash(t)
			if tail = append(tail, t); len(tail) > 3 {
				tail = tail[1:]
			}
			if !inBody[h] && len(f.InBody) < maxFactBlocks {
				inBody[h] = true
				f.InBody = append(f.InBody, h)
			}
			switch el.DataAtom {
			case atom.H1, atom.H2, atom.H3, atom.H4:
				if len(f.Headings) < maxFactBlocks {
					f.Headings = append(f.Headings, h)
					if len(strings.Fields(t)) >= longHeading {
						f.LongHeadings = append(f.LongHeadings, h)
					}
				}
			}
		})
		for _, t := range tail {
			if len(t) <= 300 {
				f.Tail = append(f.Tail, teaserHashes(t)...)
			}
		}
	}
	return f
}

// BlockTexts returns the texts of a page's blocks by their TextHash, for
// showing a site model's boilerplate as text.
func BlockTexts(in Input) (map[uint32]string, error) {
	doc, err := parseInput(in)
	if err != nil {
		return nil, fmt.Errorf("block texts %s: %w", in.URL, err)
	}
	repairTextNodes(doc.Nodes[0])
	out := map[uint32]string{}
	leafBlocks(bodyElement(doc.Nodes[0]), func(_ *html.Node, t string) {
		out[TextHash(t)] = t
	})
	return out, nil
}

// headingBefore returns the last h1–h3 before n in document order, or nil.
func headingBefore(n *html.Node) *html.Node {
	var last *html.Node
	var walk func(*html.Node) bool // reports reaching n
	walk = func(c *html.Node) bool {
		if c == n {
			return true
		}
		if c.Type == html.ElementNode {
			switch c.DataAtom {
			case atom.H1, atom.H2, atom.H3:
				last = c
				return false
			case atom.Script, atom.Style, atom.Template, atom.Head:
				return false
			}
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			if walk(k) {
				return true
			}
		}
		return false
	}
	root := n
	for root.Parent != nil {
		root = root.Parent
	}
	if !walk(root) {
		return nil
	}
	return last
}

// dayOf is the YYYY-MM-DD day of a date the metadata gives, or "".
func dayOf(d string) string {
	if len(d) < 10 {
		return ""
	}
	return d[:10]
}

// archiveFacts notes, on an author's archive page, whom it is about and
// the links of its body, which name that author's articles.
func archiveFacts(f *Facts, base *url.URL, th *html.Node, body *html.Node) {
	if base == nil || !authorHrefRe.MatchString(base.Path) || th == nil || body == nil {
		return
	}
	f.Archive = collapseSpace(textOf(th))
	seen := map[string]bool{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if len(f.Lists) >= maxListed {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			if u := ResolveURL(base, mdAttr(n, "href")); u != "" && !seen[u] {
				seen[u] = true
				f.Lists = append(f.Lists, u)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(body)
}
