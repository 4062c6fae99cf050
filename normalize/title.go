package normalize

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// titleSepRe splits a title into parts at the separators sites put between
// the headline and their name.
var titleSepRe = regexp.MustCompile(`\s+[|\-–—·•»~/]\s+|\s*\|\s*|\s+::\s+|\s*«\s+|\s+:\s+`)

// pickTitle chooses the page's title: the visible headline (<h1>) when it
// agrees with what the metadata says, else the best metadata title with
// the site name stripped.
func pickTitle(s *pageScan, mt metaTags, ld ldFacts, site string, base *url.URL) string {
	sites := siteNames(site, ld.Publisher, mt)
	host := ""
	if base != nil {
		host = base.Hostname()
	}
	var metaTitles []string
	headline := ""
	for _, h := range s.headlines {
		if h.zone&zBoiler == 0 && h.text != "" {
			headline = h.text
			break
		}
	}
	for _, c := range []string{mt.first("dc:title", "dc.title", "dcterm:title", "dcterms.title"), ld.Headline,
		mt.first("og:title"), mt.first("twitter:title"), mt.first("parsely-title", "sailthru.title"), headline, s.title} {
		if c = repairMojibake(strings.TrimSpace(c)); c != "" {
			metaTitles = append(metaTitles, c)
		}
	}
	cleaned := make([]string, len(metaTitles))
	for i, c := range metaTitles {
		cleaned[i] = stripSiteAffixes(c, sites, host, metaTitles)
	}
	if h1 := pickH1(s, cleaned, metaTitles, sites, host); h1 != "" {
		return tidyTitle(cutPipeParts(h1))
	}
	// No usable h1: the metadata title most candidates agree with.
	best, bestScore := "", -1
	for i, c := range cleaned {
		score := 0
		for j, o := range cleaned {
			if i != j && titleKey(o) == titleKey(c) {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	return tidyTitle(cutPipeParts(quotedTail(best, cleaned)))
}

// pipeRe matches a vertical bar used as a separator.
var pipeRe = regexp.MustCompile(`\s*[|¦]\s*`)

// cutPipeParts drops the parts a vertical bar sets apart from a headline:
// sites put their name, section or a tagline there ("Headline | Opinion",
// "Blog | Headline"), while headlines themselves use dashes and colons.
func cutPipeParts(t string) string {
	parts := pipeRe.Split(t, -1)
	if len(parts) < 2 {
		return t
	}
	main := 0
	for i, p := range parts {
		if wordCount(p) > wordCount(parts[main]) {
			main = i
		}
	}
	if main > 0 && wordCount(parts[main]) < 4 {
		main = 0
	}
	if wordCount(parts[main]) < 2 {
		return t
	}
	return strings.TrimSpace(parts[main])
}

// pickH1 returns the h1 that is the page's headline, or "".
func pickH1(s *pageScan, cleaned, raw, sites []string, host string) string {
	var first string
	for _, h := range s.h1s {
		if h.zone&zBoiler != 0 || h.text == "" {
			continue
		}
		text := repairMojibake(h.text)
		k := titleKey(text)
		// The headline with the site's name after it, as some themes
		// print it: the metadata without the name is the headline.
		if bare := stripSiteAffixes(text, sites, host, nil); bare != text && strings.HasPrefix(k, titleKey(bare)) {
			if agrees(bare, cleaned) {
				return commonSpelling(bare, cleaned)
			}
		}
		for i := range cleaned {
			if k == titleKey(cleaned[i]) {
				return commonSpelling(text, cleaned)
			}
			if k == titleKey(raw[i]) {
				return text
			}
			if hasTitlePrefix(raw[i], text) && !restIsTitle(raw[i], text, raw, i) {
				// "Headline – Subtitle | Site"; but not "Blog Name:
				// Headline" where another candidate is the headline.
				return text
			}
		}
		// "Blog: Headline", "Dec 18 2025 Headline": the metadata title
		// without the label the page prints before it.
		for _, c := range cleaned {
			if ck := titleKey(c); wordCount(c) >= 3 && len(ck) < len(k) && strings.HasSuffix(k, " "+ck) &&
				isTitleLabel(k[:len(k)-len(ck)-1], raw) {
				return c
			}
		}
		// The site's name set as an h1 above the headline.
		if first == "" && !isExactSiteName(text, sites, host) {
			first = text
		}
	}
	if first == "" {
		return ""
	}
	if len(cleaned) == 0 {
		return first
	}
	// A headline reworded from the SEO title still shares most words.
	if wordCount(first) >= 3 && bestOverlap(first, cleaned) >= 0.5 {
		return first
	}
	return ""
}

// isTitleLabel reports whether the text an h1 prints before the metadata
// title is a label of its own ("Blog:", "Dec 18 2025", or a word the
// metadata sets apart with a separator) rather than the headline's first
// word ("The", "2025").
func isTitleLabel(s string, raw []string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if last, _ := utf8.DecodeLastRuneInString(s); strings.ContainsRune(":|-–—·•»/", last) {
		return true
	}
	if wordCount(s) >= 2 {
		return true
	}
	for _, r := range raw {
		if hasTitlePrefix(r, s) {
			return true
		}
	}
	return false
}

// restIsTitle reports whether what follows part in raw[i] is itself
// another candidate title: part is then a name set before the headline.
func restIsTitle(t, part string, raw []string, i int) bool {
	tk, pk := titleKey(t), titleKey(part)
	rest := tk[len(pk):]
	if loc := titleSepRe.FindStringIndex(rest); loc != nil && loc[0] == 0 {
		rest = rest[loc[1]:]
	}
	for j, o := range raw {
		if j != i && titleKey(o) == rest {
			return true
		}
	}
	return false
}

// agrees reports whether one of cands spells t.
func agrees(t string, cands []string) bool {
	k := titleKey(t)
	for _, c := range cands {
		if titleKey(c) == k {
			return true
		}
	}
	return false
}

// commonSpelling returns the spelling of the headline h that most of
// the candidates agreeing with it use, h itself on a tie: sources differ
// in quotes and dashes ("Don't" and "Don’t"), and the one most of them
// share is the author's.
func commonSpelling(h string, cands []string) string {
	k := titleKey(h)
	spellings := []string{collapseSpace(h)}
	for _, c := range cands {
		if titleKey(c) == k {
			spellings = append(spellings, collapseSpace(c))
		}
	}
	if typographic(h) {
		return spellings[0] // the headline set with typographic quotes or dashes: the author's own
	}
	best, bestN := "", 0
	for _, sp := range spellings {
		n := 0
		for _, o := range spellings {
			if o == sp {
				n++
			}
		}
		if n > bestN {
			best, bestN = sp, n
		}
	}
	return best
}

// hasTitlePrefix reports whether t starts with part followed by a title
// separator, as in "Headline | Site".
func hasTitlePrefix(t, part string) bool {
	tk, pk := titleKey(t), titleKey(part)
	if len(pk) == 0 || !strings.HasPrefix(tk, pk) || len(tk) == len(pk) {
		return false
	}
	loc := titleSepRe.FindStringIndex(tk[len(pk):])
	return loc != nil && loc[0] == 0
}

// hasTitleSuffix reports whether t ends with part after a title
// separator, as in "Site: Headline".
func hasTitleSuffix(t, part string) bool {
	tk, pk := titleKey(t), titleKey(part)
	if len(pk) == 0 || !strings.HasSuffix(tk, pk) || len(tk) == len(pk) {
		return false
	}
	head := tk[:len(tk)-len(pk)]
	if strings.HasSuffix(head, ": ") {
		return true
	}
	locs := titleSepRe.FindAllStringIndex(head, -1)
	return len(locs) > 0 && locs[len(locs)-1][1] == len(head)
}

// stripSiteAffixes removes site names from the start and end of a title:
// parts naming the site or host, and trailing parts that other candidates
// leave out. A part that is not known as the site name stays.
func stripSiteAffixes(t string, sites []string, host string, others []string) string {
	// Another candidate that is a separator-bounded prefix of t is its
	// main part ("Headline" vs "Headline | Site").
	best := ""
	for _, o := range others {
		if hasTitlePrefix(t, o) && len(o) > len(best) && wordCount(o) >= 2 {
			best = o
		}
	}
	if best != "" {
		t = strings.TrimSpace(best)
	}
	// Another candidate that is a separator-bounded suffix of t is its
	// main part ("Blog Name: Headline" vs "Headline").
	best = ""
	for _, o := range others {
		if hasTitleSuffix(t, o) && len(o) > len(best) && wordCount(o) >= 3 {
			best = o
		}
	}
	if best != "" {
		t = strings.TrimSpace(best)
	}
	// "Site: Headline"
	if i := strings.Index(t, ": "); i > 0 && isExactSiteName(t[:i], sites, host) && wordCount(t[i+2:]) >= 2 {
		t = strings.TrimSpace(t[i+2:])
	}
	// "example.com Headline": the host before the headline, no separator.
	if i := strings.IndexByte(t, ' '); i > 0 && strings.Contains(t[:i], ".") && isExactSiteName(t[:i], sites, host) &&
		wordCount(t[i+1:]) >= 2 {
		t = strings.TrimSpace(t[i+1:])
	}
	for range 4 {
		locs := titleSepRe.FindAllStringIndex(t, -1)
		if len(locs) == 0 {
			break
		}
		last := locs[len(locs)-1]
		first := locs[0]
		switch {
		case isSiteName(t[last[1]:], sites, host) && strings.TrimSpace(t[:last[0]]) != "":
			t = strings.TrimSpace(t[:last[0]])
		case isSiteName(t[:first[0]], sites, host) && strings.TrimSpace(t[first[1]:]) != "":
			t = strings.TrimSpace(t[first[1]:])
		default:
			return t
		}
	}
	return t
}

// siteNames lists the names the site goes by.
func siteNames(site, publisher string, mt metaTags) []string {
	var out []string
	for _, s := range []string{site, publisher, mt.first("application-name"), mt.first("og:site_name"),
		mt.first("twitter:site"), mt.first("apple-mobile-web-app-title")} {
		s = strings.TrimPrefix(strings.TrimSpace(s), "@")
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// isSiteName reports whether a title part names the site: one of its
// names, or its host ("example.com", "Example", "Example News").
func isSiteName(part string, sites []string, host string) bool {
	part = strings.TrimSpace(part)
	if part == "" || utf8.RuneCountInString(part) > 60 {
		return false
	}
	sq := squash(part)
	if sq == "" {
		return false
	}
	for _, s := range sites {
		ss := squash(s)
		if ss == sq || (len(ss) >= 4 && (strings.HasPrefix(sq, ss) || strings.HasSuffix(sq, ss)) && wordCount(part) <= 4) {
			return true
		}
	}
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	if host == "" {
		return false
	}
	if sq == squash(host) {
		return true
	}
	label := hostLabel(host)
	if len(label) < 3 {
		return false
	}
	if sq == label || (len(label) >= 4 && strings.Contains(sq, label) && wordCount(part) <= 4) {
		return true
	}
	// Initials: "NYT" for nytimes.com is too loose; only whole-label prefixes count.
	return len(sq) >= 4 && strings.HasPrefix(label, sq) && len(sq)*2 >= len(label)
}

// isExactSiteName reports whether part is exactly one of the site's names
// or its host label, the strict test used before a colon, where a
// headline's own lead-in ("Docker images: …") is common.
func isExactSiteName(part string, sites []string, host string) bool {
	sq := squash(part)
	if sq == "" {
		return false
	}
	for _, s := range sites {
		if squash(s) == sq {
			return true
		}
	}
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	return host != "" && (sq == squash(host) || sq == hostLabel(host))
}

// hostLabel is the registrable label of a host: "example" for
// news.example.co.uk.
func hostLabel(host string) string {
	parts := strings.Split(host, ".")
	if len(parts) == 1 {
		return parts[0]
	}
	i := len(parts) - 2
	if i > 0 && len(parts[i]) <= 3 && len(parts[len(parts)-1]) == 2 {
		i-- // example.co.uk, example.com.au
	}
	return strings.ReplaceAll(parts[i], "-", "")
}

// squash lower-cases s and keeps only letters and digits.
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// titleKey is a title folded for comparison: lower case, straight quotes,
// single spaces, no surrounding punctuation.
func titleKey(s string) string {
	s = strings.ToLower(collapseSpace(s))
	s = quoteFolder.Replace(s)
	return strings.Trim(s, " .:|-–—")
}

var quoteFolder = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "\u00a0", " ", "–", "-", "—", "-")

func wordCount(s string) int { return len(strings.Fields(s)) }

// bestOverlap is the largest share of a's words found in one of bs.
func bestOverlap(a string, bs []string) float64 {
	aw := titleWords(a)
	if len(aw) == 0 {
		return 0
	}
	best := 0.0
	for _, b := range bs {
		bw := map[string]bool{}
		for _, w := range titleWords(b) {
			bw[w] = true
		}
		n := 0
		for _, w := range aw {
			if bw[w] {
				n++
			}
		}
		if f := float64(n) / float64(len(aw)); f > best {
			best = f
		}
	}
	return best
}

func titleWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(quoteFolder.Replace(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}
