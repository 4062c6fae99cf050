package normalize

import (
	"regexp"
	"strings"
)

// bylineStartRe matches text that opens a visible byline.
var bylineStartRe = regexp.MustCompile(`^(?i:by|posted by|written by|words by|story by)(?:\s*:)?\s+\p{Lu}|^(?:[Vv]on|[Pp]ar|[Pp]or|[Dd]oor|[Aa]v|[Аа]втор|от)(?:\s*:)?\s+\p{Lu}|^(?i:by)\s*:?$|` + authorLabelRe.String())

// authorHrefRe matches links to an author's page.
var authorHrefRe = guarded(regexp.MustCompile(`(?i)/(?:author|authors|autor|autoren|auteur|auteurs|autore|writer|writers|contributor|contributors|people|person|profile|profiles|staff|columnist|columnists|journalist|journalists|reporter|reporters|reviewer|experts?|team)/[^/?#]+(?:/[^/?#]+)?/?(?:[?#].*)?$|[?&]author=`),
	newFoldSet("/author", "/autor", "/auteur", "/writer", "/contributor", "/people", "/person", "/profile",
		"/staff", "/columnist", "/journalist", "/reporter", "/reviewer", "/expert", "/team", "?author=",
		"&author=").in)

// bylineLabels are texts that only announce a byline.
var bylineLabels = map[string]bool{
	"by": true, "by:": true, "written by": true, "written by:": true, "posted by": true, "posted by:": true,
	"author": true, "author:": true, "authors": true, "authors:": true, "words by": true, "story by": true,
	"article by": true, "article by:": true, "contributor:": true, "contributors:": true, "contributed by": true,
	"von": true, "par": true, "por": true, "door": true, "av": true, "автор": true, "автор:": true,
	"von:": true, "par :": true, "par:": true, "por:": true, "autor": true, "autor:": true, "autorin": true, "autorin:": true,
	"autoren": true, "autoren:": true, "auteur": true, "auteur :": true, "auteur:": true, "autore:": true, "autora:": true,
	"verfasser:": true, "verfasst von": true, "geschrieben von": true, "veröffentlicht von": true, "text:": true,
	"texte :": true, "texte:": true, "texto:": true, "redaktion:": true, "escrito por": true, "écrit par": true,
}

// bylineLabelOnly reports whether t holds nothing but a byline label.
func bylineLabelOnly(t string) bool { return bylineLabels[strings.ToLower(strings.TrimSpace(t))] }

// bylinePrefix reports whether a short text opens a byline ("By", "Posted
// by", "Von", "Par" …).
func bylinePrefix(t string) bool {
	if len(t) < 2 {
		return false
	}
	if bylineLabelOnly(t) {
		return true
	}
	switch t[0] {
	case 'B', 'b', 'P', 'p', 'W', 'w', 'S', 's', 'V', 'v', 'D', 'd', 'A', 'a', 0xd0,
		'T', 't', 'G', 'g', 'E', 'e', 'R', 'r', 0xc3: // "Text:", "Geschrieben von", "Écrit par"
	default:
		return false
	}
	return bylineStartRe.MatchString(t)
}

// weightedText is a piece of visible text and how much it is trusted.
type weightedText struct {
	text   string
	weight float64
	byText bool // the text opens with "By" or a like label
	rel    bool // a rel=author link
}

// nearHeadline is how many elements after the headline a byline or
// dateline may sit and still count as the article's own.
const nearHeadline = 80

// proximityWeight trusts what sits in the article header, or just after
// the headline, more than what sits elsewhere.
func proximityWeight(s *pageScan, it textItem, near, inArticle, elsewhere float64) float64 {
	switch {
	case it.zone&zHead != 0 && (s.firstH1 == 0 || it.pos >= s.firstH1-nearHeadline && it.pos <= s.firstH1+nearHeadline):
		return near
	case s.firstH1 != 0 && it.pos >= s.firstH1 && it.pos-s.firstH1 <= nearHeadline:
		return near
	case s.firstH1 != 0 && it.pos < s.firstH1 && s.firstH1-it.pos <= 15:
		return near - 1
	case it.zone&zArticle != 0:
		return inArticle
	}
	return elsewhere
}

// visibleBylines lists the author texts visible on the page: elements
// classed as bylines or authors, rel=author links and texts opening with
// "By", each weighted by where it sits. Texts giving the same names are
// kept once, with their best weight.
func visibleBylines(s *pageScan) []weightedText {
	var out []weightedText
	idx := map[string]int{}
	add := func(text string, w float64, by, rel bool) {
		k := strings.ToLower(text)
		if rel {
			k = "rel\x00" + k
		}
		if i, ok := idx[k]; ok {
			out[i].weight = max(out[i].weight, w)
			out[i].byText = out[i].byText || by
			return
		}
		idx[k] = len(out)
		out = append(out, weightedText{text, w, by, rel})
	}
	for _, it := range s.bylines {
		add(it.text, proximityWeight(s, it, 7, 4, 2), false, false)
	}
	for _, it := range s.relAuthors {
		if it.zone&zBoiler == 0 {
			add(it.text, proximityWeight(s, it, 7, 4, 2), false, true)
		}
	}
	for _, it := range s.byTexts {
		add(it.text, proximityWeight(s, it, 7, 5, 3), true, false)
	}
	for _, it := range s.authorLinks {
		add(it.text, proximityWeight(s, it, 7, 4, 2), false, false)
	}
	// Keep the strongest few: a page listing many posts must not drown
	// the article's own byline.
	if len(out) > 6 {
		strong := out[:0]
		for _, c := range out {
			if c.weight >= 4 {
				strong = append(strong, c)
			}
		}
		out = strong
	}
	return out
}
