package normalize

import (
	"strings"

	"golang.org/x/net/html"
)

// An article's lead (standfirst, teaser, intro) often sits in the header
// above the text, apart from the container that scores best: the body
// would start with its second paragraph. The lead is found by its class,
// close before the content, and put back in front of it.

// leadWords name a lead paragraph in a class or id; a token that starts
// with one of them counts ("leadtext", "introduction", "subheadline").
var leadWords = []string{
	"lead", "intro", "teaser", "excerpt", "abstract", "chapo", "perex", "standfirst",
	"summary", "subtitle", "subheadline", "description", "bajada", "entradilla", "sapo",
}

// Bounds of a lead: a short block of prose, not a list of links.
const (
	minLeadText = 50
	maxLeadText = 800
	// leadLevels is how far above the content the lead's container may be.
	leadLevels = 5
	// leadSiblings is how many elements before the content are looked at
	// on each level.
	leadSiblings = 6
)

// isLeadClass reports a class and id string naming a lead.
func isLeadClass(classID string) bool {
	if classID == "" {
		return false
	}
	// The tokens are the runs of a-z. findLead asks this of every element
	// it walks, so they are read in place rather than split out: the
	// words are all a-z, so a word that starts the rest of the string
	// at a token's start starts the token.
	for i := 0; i < len(classID); i++ {
		if !lowerLetter(classID[i]) || i > 0 && lowerLetter(classID[i-1]) {
			continue
		}
		for _, w := range leadWords {
			if strings.HasPrefix(classID[i:], w) {
				return true
			}
		}
	}
	return false
}

func lowerLetter(c byte) bool { return 'a' <= c && c <= 'z' }

// leadBefore returns the lead of the article whose content is top: an
// element named as a lead that comes shortly before top in the same
// container, below the page's root, or nil.
func (a *analysis) leadBefore(top *html.Node, title string) *html.Node {
	cur := top
	for level := 0; level < leadLevels && cur.Parent != nil && cur.Parent != a.root; level++ {
		k := 0
		for s := cur.PrevSibling; s != nil && k < leadSiblings; s = s.PrevSibling {
			if s.Type != html.ElementNode {
				continue
			}
			k++
			if l := a.findLead(s, title); l != nil {
				return l
			}
		}
		cur = cur.Parent
	}
	return nil
}

// findLead returns the last element under n, n included, that is named
// as a lead and holds a short block of prose.
func (a *analysis) findLead(n *html.Node, title string) *html.Node {
	in := a.info[n]
	if in == nil || hiddenElement(n) || invisibleTags[n.Data] || in.comments || in.consent || in.furniture || in.linkSection {
		return nil
	}
	if n.Data == "nav" || n.Data == "aside" || n.Data == "footer" || n.Data == "form" || n.Data == "figure" {
		return nil
	}
	for c := n.LastChild; c != nil; c = c.PrevSibling {
		if c.Type == html.ElementNode {
			if l := a.findLead(c, title); l != nil {
				return l
			}
		}
	}
	if !isLeadClass(in.classID) || n.Data == "h1" || n.Data == "a" {
		return nil
	}
	if in.text < minLeadText || in.text > maxLeadText || in.link*10 > in.text || in.lis > 1 || in.imgs > 0 || in.paras > 3 {
		return nil
	}
	t := strings.TrimSpace(blockText(n))
	if len(t) < 100 && !endsSentence(t) && !strings.ContainsAny(t, ".!?。") {
		return nil // a label or a title, not a sentence
	}
	if strings.HasSuffix(t, "...") || strings.HasSuffix(t, "…") {
		return nil // the cut opening of another story
	}
	if title != "" && repeatsTitle(foldTitle(title), t) {
		return nil
	}
	return n
}

// prependLead copies the lead before top into out, when out does not
// hold its text already.
func (a *analysis) prependLead(out, top *html.Node, title string) {
	lead := a.leadBefore(top, title)
	if lead == nil {
		return
	}
	if strings.Contains(collapseSpace(toText(out)), collapseSpace(blockText(lead))) {
		return
	}
	cp := newBodyDiv()
	cl := newCleaner(a, title, lead, a.info[lead].text)
	cl.lenient = true
	cl.copyInto(cp, lead)
	for c := cp.LastChild; c != nil; c = cp.LastChild {
		cp.RemoveChild(c)
		out.InsertBefore(c, out.FirstChild)
	}
}
