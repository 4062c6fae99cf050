package normalize

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// visibleDates lists date texts visible on the page, with whether each
// reads as an update rather than the publication.
func visibleDates(s *pageScan) []datedText {
	var out []datedText
	for _, it := range s.datelines {
		if copyrightLine(it.text) {
			continue
		}
		out = append(out, datedText{it.text, proximityWeight(s, it, 5, 3, 1), updateText(it.text)})
	}
	for _, it := range s.byTexts {
		out = append(out, datedText{it.text, proximityWeight(s, it, 5, 3, 1), updateText(it.text)})
	}
	labelled := 3.0
	for _, it := range s.dateTexts {
		if copyrightLine(it.text) {
			continue
		}
		w := proximityWeight(s, it, 4, 0, 0)
		if w == 0 && pubLabelRe.MatchString(it.text) {
			// "Posted on 3 May 2023" says what it is wherever it sits;
			// the first such line is the page's own. "Last updated"
			// far from the headline is a template's footer.
			w, labelled = labelled, 1
		}
		if w > 0 {
			out = append(out, datedText{it.text, w, updateText(it.text)})
		}
	}
	return out
}

// pubLabelRe matches a label that opens a publication dateline.
var pubLabelRe = regexp.MustCompile(`(?i)^\W*(?:originally\s+)?(?:posted|published|publication date|date published|first published|written|released on|date\s*:|post(?:ing)?\s+(?:date|time)\s*:|erschienen|veröffentlicht|erstellt|publié|mise? en ligne|publicado|pubblicato|опубликовано|опубліковано|opublikowano|gepubliceerd|geplaatst|publicerad|publicerat|julkaistu|avaldatud|publicēts|paskelbta|(?:datum|stand|fecha|data|dato|päivämäärä|kuupäev|datums|дата)(?:\s*:|\s+\d))`)

// originalLabelRe matches a label that names a date as the first
// publication: "This article was originally published on ".
var originalLabelRe = regexp.MustCompile(`(?i)\b(?:originally|first)\s+(?:published|posted)\W{0,3}(?:on|in)?\W{0,3}$`)

// datedText is a visible text that may hold a date.
type datedText struct {
	text     string
	weight   float64
	modified bool
}

// updateWords are the labels of an update time, as a regexp alternation.
const updateWords = `updated|modified|reviewed|edited|aktualisiert|mis à jour|actualizado|atualizado|aggiornato|обновлено`

var updateRe = regexp.MustCompile(`(?i)^\W*(?:last\s+)?(?:` + updateWords + `)`)

// updateText reports whether a dateline gives an update time first.
func updateText(t string) bool { return updateRe.MatchString(t) }

// updateLabelRe matches an update label right before a date.
var updateLabelRe = regexp.MustCompile(`(?i)(?:` + updateWords + `)\W{0,5}(?:on|am|le|el|em|il)?\W{0,3}$`)

// updateLabel reports whether the text before a date labels it as an
// update ("By Jane Doe · Updated ").
func updateLabel(before string) bool { return updateLabelRe.MatchString(before) }

// copyrightLine reports whether t is a copyright notice, whose year or day
// dates the site rather than the page.
func copyrightLine(t string) bool {
	if !copyrightWords.in(t) && !strings.Contains(t, "İ") {
		return false // most datelines: no lower-casing
	}
	l := strings.ToLower(t)
	return strings.Contains(l, "©") || strings.Contains(l, "copyright") || strings.Contains(l, "all rights reserved")
}

// copyrightWords guard copyrightLine. strings.ToLower also maps "İ" to
// "i", which the fold set does not, so a text holding it is lower-cased
// as before.
var copyrightWords = newFoldSet("©", "copyright", "all rights reserved")

// teaserItem reports whether the <time> n dates a teaser: it sits in a
// list item, at most three levels up, that also holds a link of three
// or more words to another page ("<li><time>…</time><a href=…>Title of
// another post</a></li>"), as lists of related or recent posts print.
func teaserItem(n *html.Node) bool {
	li := n.Parent
	for i := 0; i < 3 && li != nil && li.Data != "li"; i++ {
		li = li.Parent
	}
	if li == nil || li.Type != html.ElementNode || li.Data != "li" {
		return false
	}
	links := 0
	for a := range li.Descendants() {
		if a.Type != html.ElementNode || a.Data != "a" {
			continue
		}
		if links++; links > maxTeaserLinks {
			return false // a layout list holding a whole page, not a teaser
		}
		if href := mdAttr(a, "href"); href == "" || href[0] == '#' || isAncestor(a, n) {
			continue
		}
		if wordCount(mdText(a, scanTextLimit)) >= 3 {
			return true
		}
	}
	return false
}

// maxTeaserLinks bounds the links a teaser's list item is searched for.
const maxTeaserLinks = 8
