package normalize

import (
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

var (
	// authorPrefixRe matches the words put before a byline's names.
	authorPrefixRe = guarded(regexp.MustCompile(`(?i)^(?:(?:interview|redaktion|texte?\s*(?:und|&|\+)\s*(?:interview|fotos?|bilder))\s*:\s*|(?:(?:posted|written|words|text|story|article|reporting|published|photos?|recipe|by|byline|authors?|contributors?|autor(?:in)?|auteur|autore|door|von|vom|par|por|(?-i:di)|av|от|автор|著者|作者|`+bylineVerbs+`|(?:blog\s*)?beitrag|`+bylineGenres+`|publié|écrit|rédigé|publicado|escrito|redactado|pubblicato|scritto)(?:\s+(?:by|von|par|por|de|door|di|da|av))?\s*[:\-–—]?(?:\s+|$))|[|:\-–—]\s*)+`), authorPrefixStart)
	// authorCutRe marks where a byline stops naming people.
	authorCutRe = guarded(regexp.MustCompile(`(?i)(?:\s+[|•·⋅]\s*|\s+at\s+\d|\s+in\s+\p{Lu}|\s+[-–—]\s+|\s*\b(?:updated|published|posted|last\s+(?:updated|modified)|modified|(?:medically\s+|fact[- ]checked\s+|reviewed\s+|edited\s+|photos?\s+|illustrations?\s+|additional\s+reporting\s+)by|reviewed|fact[- ]checked|edited|read\s+more|min(?:ute)?s?\s+read|\d+\s+min\b|follow|view\s+(?:all|more)|see\s+(?:all|more)|more\s+(?:by|from|articles|posts)|all\s+posts|comments?|share|email|twitter|facebook|linkedin|instagram|(?:full\s+|author\s+)?bio|about\s+the\s+author)\b|\s+on\s+(?:\p{L}+day,?\s+)?(?:\d|\p{Lu}\p{Ll}{2,}\.?\s+\d)|\s+(?-i:(?:am|um|le|el|il|em)\s+(?:\d|\p{Lu}))|\s+under\s|\s*»|\s+(?:illustrations?|fotos?|bilder?|grafiken?|photos?)\s+(?:von|de|par|por|di)\s)`),
		newFoldSet(`\s|`, `\s•`, `\s·`, `\s⋅`, `\sat`, `\sin`, `\s-`, `\s–`, `\s—`, `\son`,
			`\bupdated`, `\bpublished`, `\bposted`, `\blast`, `\bmodified`, `\bmedically`, `\bfact`,
			`\breviewed`, `\bedited`, `\bphoto`, `\billustration`, `\badditional`, `\bread`, `\bmin`,
			`\bfollow`, `\bview`, `\bsee`, `\bmore`, `\ball`, `\bcomment`, `\bshare`, `\bemail`,
			`\btwitter`, `\bfacebook`, `\blinkedin`, `\binstagram`, `\bfull`, `\bauthor`, `\bbio`,
			`\babout`, `\sam`, `\sum`, `\sle`, `\sel`, `\sil`, `\sem`, `\sunder`, "»", `\sillustration`, `\sfoto`, `\sbild`, `\sgrafik`, `\sphoto`).in)
	// authorSplitRe separates several names.
	authorSplitRe = guarded(regexp.MustCompile(`(?i)\s*(?:;|,|&|\band\b|\bund\b|\bet\b|\by\b|/|\|)\s*`),
		newFoldSet(";", ",", "&", "/", "|", `\band`, `\bund`, `\bet`, `\by`).in)
	emailRe  = guarded(regexp.MustCompile(`\S+@\S+\.\S+`), newFoldSet("@").in)
	urlRe    = guarded(regexp.MustCompile(`(?i)\b(?:https?://|www\.)\S+`), newFoldSet(`\bhttp`, `\bwww.`).in)
	handleRe = guarded(regexp.MustCompile(`(?:^|\s)@\w+`), newFoldSet("@").in)
	parenRe  = guarded(regexp.MustCompile(`\s*[(\[][^)\]]*[)\]]`), newFoldSet("(", "[").in)
	// roleRe matches a role or affiliation that follows a name.
	roleRe = guarded(regexp.MustCompile(`(?i)\b(?:senior|junior|staff|research|policy|visiting|adjunct|non-?resident|distinguished|program(?:me)?|contributing|chief|managing|deputy|associate|assistant|executive|special|guest|freelance|political|foreign|national|science|health|business|tech(?:nology)?|sports?|news|digital|content|features?|opinion|copy|lead|head|principal|former)?\s*(?:writer|editor|reporter|correspondent|columnist|contributor|journalist|fellow|analyst|director|professor|lecturer|researcher|producer|officer|ceo|cto|cfo|founder|co-founder|president|manager|strategist|specialist|consultant|expert|author|blogger|intern|scientist|economist|attorney|lawyer|nutritionist|dietitian|physician|doctor|engineer|designer|developer|photographer|team\s+lead|associate|adviser|advisor|scholar|chair|partner|coordinator)s?\b.*$`),
		newFoldSet("writer", "editor", "reporter", "correspondent", "columnist", "contributor", "journalist",
			"fellow", "analyst", "director", "professor", "lecturer", "researcher", "producer", "officer", "ceo",
			"cto", "cfo", "founder", "president", "manager", "strategist", "specialist", "consultant", "expert",
			"author", "blogger", "intern", "scientist", "economist", "attorney", "lawyer", "nutritionist",
			"dietitian", "physician", "doctor", "engineer", "designer", "developer", "photographer", "team",
			"associate", "adviser", "advisor", "scholar", "chair", "partner", "coordinator").in)
	credentialRe = regexp.MustCompile(`^(?i:ph\.?\s?d|m\.?d|d\.?o|r\.?n|r\.?d|m\.?s|m\.?a|b\.?a|b\.?s|mba|mph|msc|bsc|cpa|cfa|cfp|jd|esq|jr|sr|ii|iii|iv|dvm|pharmd|lpc|lcsw|np|pa-c|facp|rdn|cdces|cscs|nasm-cpt|ibclc|dds|dmd|od|psyd|edd|llm|mfa)\.?$|^[A-Z][A-Z0-9®\-]{1,7}(?:\s+\d+)?$`)
)

// genericAuthors are bylines that name no person.
var genericAuthors = map[string]bool{
	"staff": true, "admin": true, "administrator": true, "editor": true, "editors": true,
	"editorial": true, "editorial staff": true, "editorial team": true, "the editors": true,
	"staff writer": true, "staff reporter": true, "news desk": true, "newsdesk": true, "web desk": true,
	"webmaster": true, "guest": true, "guest author": true, "anonymous": true, "unknown": true,
	"redaktion": true, "rédaction": true, "redacción": true, "redazione": true, "author": true,
	"user": true, "root": true, "team": true, "wpadmin": true, "name": true, "author name": true,
	"no author": true, "wordpressadmin": true,
}

// nameStopWords never appear in a person's or organisation's name as
// printed in a byline.
var nameStopWords = map[string]bool{
	"on": true, "is": true, "are": true, "was": true, "were": true, "this": true, "that": true,
	"have": true, "has": true, "will": true, "you": true, "your": true, "we": true, "our": true,
	"click": true, "here": true, "read": true, "more": true, "posts": true, "articles": true,
	"view": true, "profile": true, "follow": true, "share": true, "comments": true, "comment": true,
	"min": true, "minutes": true, "ago": true, "updated": true, "published": true, "written": true,
	"home": true, "menu": true, "search": true, "login": true, "subscribe": true, "sign": true,
	"loading": true, "advertisement": true, "sponsored": true, "copyright": true, "rights": true,
	"reserved": true, "privacy": true, "cookies": true, "contact": true, "about": true, "by": true, "policies": true,
}

// cleanAuthors turns one byline or author field into a list of names:
// leading "By" and friends, dates, roles, affiliations, handles, e-mails
// and URLs are dropped, several names are split and de-duplicated.
// Credentials stay with the name they follow ("Jane Doe, MD"). A byline
// taken from the page may span lines (name, then job title): the line a
// "By" opens is used, else the first line that names people.
func cleanAuthors(raw string) []string { return readAuthors(raw, true) }

// cleanAuthorField is cleanAuthors for a field that holds nothing but
// the author (a JSON-LD name, a meta tag): the name is taken as given,
// even when it holds digits or common words ("98 Degrees Studio", "Your
// Local Guide").
func cleanAuthorField(raw string) []string { return readAuthors(raw, false) }

// authorText is a text read for names, and how.
type authorText struct {
	raw    string
	strict bool
}

// readAuthors is the package's readAuthors for the texts of the page s
// scanned, each read once: a page's author sources are weighed several
// times over and often repeat a name. The caller owns the slice returned.
func (s *pageScan) readAuthors(raw string, strict bool) []string {
	k := authorText{raw, strict}
	names, ok := s.names[k]
	if !ok {
		names = readAuthors(raw, strict)
		if s.names == nil {
			s.names = map[authorText][]string{}
		}
		s.names[k] = names
	}
	return slices.Clone(names)
}

func readAuthors(raw string, strict bool) []string {
	if strings.IndexByte(raw, '&') >= 0 {
		raw = html.UnescapeString(raw)
	}
	if utf8.RuneCountInString(raw) > 400 {
		return nil
	}
	lines := joinConnectorLines(strings.Split(raw, "\n"))
	if len(lines) > 6 {
		lines = lines[:6]
	}
	// "Guide\nby Jane Doe": the line the label opens names the authors,
	// whatever precedes it.
	for i, l := range lines {
		if i > 0 && (bylineStartRe.MatchString(l) || authorLabelRe.MatchString(l)) {
			if names := namesFromLine(l, strict); len(names) > 0 {
				return names
			}
		}
	}
	for i, l := range lines {
		if i > 0 && valueLabel(lines[i-1]) {
			continue // "Rubrik:\nSport": the value of another label
		}
		if names := namesFromLine(l, strict); len(names) > 0 {
			return names
		}
	}
	return nil
}

// joinConnectorLines glues lines that only continue a list of names
// ("Jane Doe", "and", "John Roe") back together.
func joinConnectorLines(lines []string) []string {
	var out []string
	glue := false
	for _, l := range lines {
		l = collapseSpace(l)
		if l == "" {
			continue
		}
		low := strings.ToLower(l)
		starts := connectorWords[strings.SplitN(low, " ", 2)[0]] || strings.HasPrefix(l, ",")
		if len(out) > 0 && (glue || starts) {
			out[len(out)-1] += " " + l
		} else {
			out = append(out, l)
		}
		last := low[strings.LastIndexByte(low, ' ')+1:]
		glue = connectorWords[last] || strings.HasSuffix(l, ",") || bylineLabels[low] || last == "by" || last == "by:" ||
			authorLabelLine.MatchString(l)
	}
	return out
}

var connectorWords = map[string]bool{"and": true, "&": true, "und": true, "et": true, "y": true, ",": true}

// namesFromLine reads the names in one line of a byline, or nil when the
// line is not a list of names.
func namesFromLine(s string, strict bool) []string {
	s = collapseSpace(s)
	if s == "" || utf8.RuneCountInString(s) > 300 {
		return nil
	}
	if u, err := url.Parse(s); err == nil && u.Scheme != "" && u.Host != "" {
		return nil // a profile URL, not a name
	}
	s = urlRe.ReplaceAllString(s, " ")
	s = emailRe.ReplaceAllString(s, " ")
	s = parenRe.ReplaceAllStringFunc(s, func(p string) string {
		if strings.ContainsAny(p, "0123456789@/:") {
			return " "
		}
		return p
	})
	s = gluedLabelRe.ReplaceAllString(strings.TrimSpace(s), "$1 $2")
	s = gluedByRe.ReplaceAllString(s, "$1 $2")
	if creditLineRe.MatchString(s) || labelOnlyRe.MatchString(s) || strings.HasPrefix(s, ">") || strings.HasPrefix(s, "›") {
		return nil // "Foto: Jane Doe" credits a photo; "Datum:" is a label; "> Sport" a breadcrumb
	}
	if loc := allPostsByRe.FindStringIndex(s); loc != nil {
		s = allPostsTailRe.ReplaceAllString(s[loc[1]:], "") // "Zeige alle Beiträge von Jane Doe"
	}
	if len(s) > 2 && (s[0] == 'B' || s[0] == 'b') && s[1] == 'y' {
		if r, _ := utf8.DecodeRuneInString(s[2:]); unicode.IsUpper(r) {
			s = s[2:] // "ByJane Doe": the label and the link ran together
		}
	}
	if d, ok := parseDate(s, farFuture, false); ok && strings.TrimSpace(authorPrefixRe.ReplaceAllString(s[:d.pos], "")) == "" {
		s = strings.TrimLeft(s[d.end:], " ,|•·⋅-–—") // "Dec 17, 2025 Jane Doe"
	}
	if loc := innerByRe.FindStringIndex(s); loc != nil {
		r, _ := utf8.DecodeRuneInString(s[loc[1]:])
		before := s[:loc[0]]
		if _, dated := parseDate(before, farFuture, false); unicode.IsUpper(r) && (dated || wordCount(before) <= 5 && writtenByRe.MatchString(s[:loc[1]])) {
			s = s[loc[1]:] // "Posted on 3 May 2023 by Jane Doe", "This post was written by Jane Doe"
		}
	}
	s = authorPrefixRe.ReplaceAllString(s, "")
	if loc := authorCutRe.FindStringIndex(s); loc != nil {
		s = s[:loc[0]]
	}
	if d, ok := parseDate(s, farFuture, false); ok {
		s = s[:d.pos]
	}
	s = handleRe.ReplaceAllString(s, " ")
	cased := strings.ToLower(s) != s
	parts, seps, starts := splitNames(s)
	var out []string
	role := false // the parts since the last name give a role
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if i > 0 && listSeparator(seps[i-1]) {
			role = false
		}
		if p == "" {
			continue
		}
		if c := strings.TrimRight(p, "*†‡"); i > 0 && credentialRe.MatchString(c) {
			if len(out) > 0 && !role && seps[i-1] != "/" { // "Jane Doe/SP-X" names an agency, not a degree
				out[len(out)-1] += ", " + c // "Jane Doe, MD, FACP"
			}
			continue
		}
		if i > 0 && seps[i-1] == "," && phraseRe.MatchString(p) && !role && !roleRe.MatchString(p) && !affiliationRe.MatchString(p) {
			break // "Jane Doe, Head of Sales and Marketing": a title runs to the end
		}
		if i > 0 && (role && phraseRe.MatchString(p) || affiliationRe.MatchString(p) || roleRe.MatchString(p) ||
			seps[i-1] == "," && !looksLikeName(p, strict) && roleRe.MatchString(s[starts[i]:])) {
			role = true // "Jane Doe, Chief Product Officer, Data at Scale"
			continue
		}
		p = cleanName(p)
		if p == "" || strict && credentialRe.MatchString(p) {
			continue // initials on an avatar ("JD")
		}
		if !looksLikeName(p, strict) || (cased && !capitalised(p) && (strict || !relaxedName(p))) || (!cased && wordCount(p) > 2) ||
			strict && cased && lowerWordInside(p) {
			return nil // a sentence or a bio, not a list of names
		}
		if len(out) > 0 && wordCount(out[0]) > 1 && wordCount(p) == 1 {
			continue // "Jane Doe, Marketing": a full name, then a label
		}
		out = appendUnique(out, p)
	}
	if tagList(out) {
		return nil // "Photovoltaik / Speicher / Wirtschaft": the post's categories
	}
	return out
}

// phraseRe matches the small words of a phrase, which a name as printed
// in a byline does not hold.
var phraseRe = guarded(regexp.MustCompile(`\s(?:at|of|for|in|on|the|with|to|from)\s`),
	newFoldSet(`\sat`, `\sof`, `\sfor`, `\sin`, `\son`, `\sthe`, `\swith`, `\sto`, `\sfrom`).in)

// splitNames splits a byline at the separators between names and
// returns the parts, the separators between them and where each part
// starts. An organisation's name ("Center for Research and Policy") is
// not split at its "and".
func splitNames(s string) (parts, seps []string, starts []int) {
	locs := authorSplitRe.FindAllStringIndex(s, -1)
	if affiliationRe.MatchString(s) && !strings.ContainsAny(s, ",;|/") {
		locs = nil
	}
	prev := 0
	for _, l := range locs {
		parts = append(parts, s[prev:l[0]])
		starts = append(starts, prev)
		seps = append(seps, strings.TrimSpace(s[l[0]:l[1]]))
		prev = l[1]
	}
	return append(parts, s[prev:]), seps, append(starts, prev)
}

// listSeparator reports whether sep joins two names rather than a name
// and what is said about it.
func listSeparator(sep string) bool {
	switch strings.ToLower(sep) {
	case "&", "and", "und", "et", "y", ";":
		return true
	}
	return false
}

// gluedLabelRe finds a label run into the word before it, as markup
// without spaces prints it ("Senior AnalystUpdated May 3").
var gluedLabelRe = guarded(regexp.MustCompile(`(\p{Ll})((?:Updated|Published|Posted|Last|Reviewed|Edited|Fact|Follow)\b)`),
	newFoldSet("updated", "published", "posted", "last", "reviewed", "edited", "fact", "follow").in)

// writtenByRe matches a phrase ending in a "by" that can only introduce
// the author.
var writtenByRe = regexp.MustCompile(`(?i)\b(?:written|authored|posted)\s+[Bb]y:?\s+$`)

// innerByRe finds a "by" that introduces names after other words.
var innerByRe = guarded(regexp.MustCompile(`\s[Bb]y:?\s+`), newFoldSet(`\sby`).in)

// affiliationRe matches an organisation named after a person's name.
var affiliationRe = guarded(regexp.MustCompile(`(?i)\b(?:university|universität|université|universidad|institute|institut|college|school|inc|ltd|llc|gmbh|corp|company|association|foundation|hospital|clinic|center|centre|group|agency|news|magazine|times|journal|media|press|network|society|council|department|ministry|lab|labs|laboratory|desk|bureau)\b`),
	newFoldSet(`\buniversi`, `\binstitut`, `\bcollege`, `\bschool`, `\binc`, `\bltd`, `\bllc`, `\bgmbh`,
		`\bcorp`, `\bcompany`, `\bassociation`, `\bfoundation`, `\bhospital`, `\bclinic`, `\bcenter`,
		`\bcentre`, `\bgroup`, `\bagency`, `\bnews`, `\bmagazine`, `\btimes`, `\bjournal`, `\bmedia`,
		`\bpress`, `\bnetwork`, `\bsociety`, `\bcouncil`, `\bdepartment`, `\bministry`, `\blab`, `\bdesk`,
		`\bbureau`).in)

// authorPrefixStart reports whether s starts as a match of authorPrefixRe
// must: with the first letter of one of its words, in any case, or a
// separator.
func authorPrefixStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if r < utf8.RuneSelf {
		return s != "" && strings.IndexByte("pwtsarbcdvgeiuk|:-", lowerASCII(byte(r))) >= 0
	}
	return strings.ContainsRune("ſоОᲂаА著作–—éÉ", r)
}

var farFuture = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// cleanName trims one name and returns "" when nothing is left.
func cleanName(p string) string {
	p = strings.TrimSpace(p)
	p = authorPrefixRe.ReplaceAllString(p, "")
	if r := roleRe.ReplaceAllString(p, ""); r != p {
		// "Jane Doe Senior Editor" names Jane Doe; "Metro Contributor"
		// or "Community Editor" is a desk's byline and stays whole.
		w, role := strings.Fields(r), strings.Fields(p[len(r):])
		if len(role) == 1 && (len(w) == 1 && deskName(w) || len(w) > 1 && w[0] == "The") {
			r = p // "The Example editors" is a desk, not a person
		}
		p = r
	}
	p = strings.TrimFunc(p, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '.' && r != '\'' && r != ')' || unicode.IsSymbol(r)
	})
	return collapseSpace(p)
}

// deskName reports whether the words left of a role can name a desk or
// a site: capitalised words, not abbreviations ("Sr.") or identifiers.
func deskName(words []string) bool {
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || strings.ContainsAny(w, "._@") {
			return false
		}
	}
	return true
}

// capitalised reports whether a name of several words starts and ends
// with a capital, as names do in scripts with case ("Jane van Doe").
func capitalised(p string) bool {
	words := strings.Fields(p)
	if len(words) < 2 {
		return true
	}
	last := words[len(words)-1]
	if roleRe.MatchString(last) {
		last = words[len(words)-2] // "The Example editors"
	}
	for _, w := range []string{words[0], last} {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// looksLikeName rejects strings that are clearly not a name: too long,
// sentences, digits, navigation words.
func looksLikeName(p string, strict bool) bool {
	if utf8.RuneCountInString(p) > 60 || utf8.RuneCountInString(p) < 2 {
		return false
	}
	words := strings.Fields(p)
	if len(words) > 6 {
		return false
	}
	letters := 0
	for _, r := range p {
		switch {
		case unicode.IsDigit(r) && strict && !handleName(p):
			return false
		case strings.ContainsRune("!?:;=<>{}[]#*+\"|", r) || r == '_' && strict:
			return false
		case unicode.IsLetter(r):
			letters++
		}
	}
	if letters < 2 {
		return false
	}
	if len(words) == 1 && (notNameWords[strings.ToLower(strings.Trim(p, "."))] || monthNumber(strings.ToLower(strings.Trim(p, "."))) != 0) {
		return false
	}
	if !strict {
		return true
	}
	for _, w := range words {
		if w == "Will" && len(words) > 1 {
			continue // a first name, not the verb
		}
		if nameStopWords[strings.ToLower(strings.Trim(w, ".,'"))] {
			return false
		}
	}
	return true
}

// invertCitationNames turns bibliographic "Last, First" names, as
// citation_author tags write them, into "First Last".
func invertCitationNames(vs []string) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		last, first, ok := strings.Cut(v, ",")
		last, first = strings.TrimSpace(last), strings.TrimSpace(first)
		if ok && !strings.Contains(first, ",") && last != "" && first != "" &&
			len(strings.Fields(last)) <= 3 && len(strings.Fields(first)) <= 3 {
			v = first + " " + last
		}
		out = append(out, v)
	}
	return out
}

// notNameWords are single words that bylines print but that name no
// one: weekdays, from a date split off a byline.
var notNameWords = map[string]bool{
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true,
	"fri": true, "sat": true, "sun": true, "monday": true, "tuesday": true, "wednesday": true,
	"thursday": true, "friday": true, "saturday": true, "sunday": true, "medically": true,
}

// isGenericAuthor reports whether name is a placeholder rather than a
// person, or is the site itself.
func isGenericAuthor(name string, sites []string, host string) bool {
	k := strings.ToLower(strings.Trim(name, " ."))
	if genericAuthors[k] || strings.HasSuffix(k, " staff") || strings.HasPrefix(k, "staff ") || userName(name) {
		return true
	}
	return isSiteName(name, sites, host)
}

// userName reports whether name is an account's login ("jane.doe",
// "jdoe_42") rather than a name as printed.
func userName(name string) bool {
	if strings.ContainsAny(name, " ") {
		return false
	}
	if strings.ContainsAny(name, "0123456789") && strings.IndexFunc(name, unicode.IsLetter) >= 0 {
		return true // "jdoe42", "AB1234"
	}
	i := strings.IndexAny(name, "._")
	return strings.ToLower(name) == name && i > 0 && i < len(name)-1
}

// authorCandidate is one source's list of names with how much it is
// trusted.
type authorCandidate struct {
	names  []string
	weight float64
	byText bool    // a visible "By …" line
	best   float64 // the weight of its most trusted source
}

// pickAuthors weighs every source of author names and returns the list
// the most trusted, best corroborated source gives.
func pickAuthors(s *pageScan, mt metaTags, ld ldFacts, site string, base *url.URL) []string {
	sites, host := authorSites(site, mt, ld, base)
	return chooseAuthors(authorCandidates(s, mt, ld, sites, host), site, mt, ld, base)
}

// pickAuthorsWith is pickAuthors where the values in siteAuthors (folded
// meta or JSON-LD author values that the site prints on every page) count
// only when the page names nobody else.
// It reports whether the names are the site's default.
func pickAuthorsWith(s *pageScan, mt metaTags, ld ldFacts, site string, base *url.URL, siteAuthors map[string]bool) ([]string, bool) {
	if len(siteAuthors) == 0 {
		return pickAuthors(s, mt, ld, site, base), false
	}
	mt2 := metaTags{}
	for k, vs := range mt {
		if !slices.Contains(metaAuthorKeys, k) {
			mt2[k] = vs
			continue
		}
		for _, v := range vs {
			if !siteAuthors[foldSpace(v)] {
				mt2[k] = append(mt2[k], v)
			}
		}
	}
	ld2 := ld
	if siteAuthors[foldSpace(strings.Join(ld.Authors, ", "))] {
		ld2.Authors = nil
	}
	sites, host := authorSites(site, mt, ld, base)
	if names := chooseAuthors(authorCandidates(s, mt2, ld2, sites, host), site, mt, ld, base); len(names) > 0 {
		return names, false
	}
	names := pickAuthors(s, mt, ld, site, base)
	return names, len(names) > 0
}

// metaAuthorKeys are the meta tags read for authors, in order.
var metaAuthorKeys = []string{"dc:creator", "author", "article:author", "og:article:author", "byl", "dc.creator",
	"dcterms.creator", "sailthru.author", "parsely-author", "citation_author", "dc.contributor", "twitter:data1"}

// metaAuthorValue is the folded join of a page's author meta tags.
func metaAuthorValue(mt metaTags) string {
	var vs []string
	for _, k := range metaAuthorKeys {
		for _, v := range mt[k] {
			vs = append(vs, foldSpace(v))
		}
	}
	return strings.Join(vs, "; ")
}

// certainAuthors are the names from sources that name only this page's
// author: a person in JSON-LD, itemprop=author and bylines by the
// headline. They are what a site model checks a byline position against.
func certainAuthors(s *pageScan, ld ldFacts) []string {
	var names []string
	if !ld.OrgAuthor {
		for _, a := range ld.Authors {
			names = appendUnique(names, s.readAuthors(a, false)...)
		}
	}
	for _, it := range s.authorProp {
		if it.zone&zBoiler == 0 {
			names = appendUnique(names, s.readAuthors(it.text, true)...)
		}
	}
	for _, c := range visibleBylines(s) {
		if c.weight >= headlineByline {
			names = appendUnique(names, s.readAuthors(c.text, true)...)
		}
	}
	return names
}

// authorCandidates lists every source's names with its weight.
// An author field that opens with the site's name ("Example - Jane Doe")
// is read without it.
func authorCandidates(s *pageScan, mt metaTags, ld ldFacts, sites []string, host string) []authorCandidate {
	var cands []authorCandidate
	addNames := func(w float64, names []string) {
		if len(names) > 0 {
			cands = append(cands, authorCandidate{names: names, weight: w, best: w})
		}
	}
	add := func(w float64, raws ...string) {
		var names []string
		for _, r := range raws {
			names = appendUnique(names, s.readAuthors(dropSitePrefix(r, sites, host), false)...)
		}
		addNames(w, names)
	}
	if len(ld.Authors) > 0 {
		w := 10.0
		if ld.OrgAuthor {
			w = 4
		}
		add(w, ld.Authors...)
	}
	for _, k := range metaAuthorKeys {
		vs := mt[k]
		if k == "twitter:data1" && !twitterWrittenBy[strings.ToLower(strings.TrimSpace(mt.first("twitter:label1")))] {
			continue
		}
		if k == "citation_author" {
			vs = invertCitationNames(vs)
		}
		if len(vs) > 0 {
			add(7, vs...)
		}
	}
	for _, it := range s.authorProp {
		if it.zone&zBoiler == 0 {
			addNames(8, s.readAuthors(it.text, true))
			break
		}
	}
	// The page repeats its byline in nested elements, and a list of
	// posts repeats each author's: the same names count once, with their
	// best weight. A rel=author link is a source of its own.
	seen := map[string]int{}
	for _, c := range visibleBylines(s) {
		names := s.readAuthors(c.text, true)
		if len(names) == 0 {
			continue
		}
		k := namesKey(names)
		if c.rel {
			k = "rel\x00" + k
		}
		if i, ok := seen[k]; ok {
			cd := &cands[i]
			cd.weight = max(cd.weight, c.weight)
			cd.best = max(cd.best, c.weight)
			cd.byText = cd.byText || c.byText
			continue
		}
		seen[k] = len(cands)
		addNames(c.weight, names)
		cands[len(cands)-1].byText = c.byText
	}
	// A signature under the article, when nothing else names anyone.
	if len(cands) == 0 && s.signature.text != "" {
		if names := s.readAuthors(s.signature.text, true); len(names) == 1 && strings.ContainsRune(names[0], ' ') && !articleStart(names[0]) {
			addNames(1, names)
		}
	}
	// A dateline by the headline that names the author after the date.
	// Datelines naming several people are a list of posts.
	var dated []authorCandidate
	for _, items := range [][]textItem{s.dateNameLines, s.datelines} {
		for _, it := range items {
			if w := proximityWeight(s, it, 5, 0, 0); w > 0 {
				if names := datelineNames(s, it.text); len(names) > 0 &&
					(len(dated) == 0 || namesKey(dated[0].names) != namesKey(names)) {
					dated = append(dated, authorCandidate{names: names, weight: w, best: w})
				}
			}
		}
	}
	if len(dated) == 1 {
		cands = append(cands, dated[0])
	}
	return cands
}

// chooseAuthors picks the best corroborated candidate.
func chooseAuthors(cands []authorCandidate, site string, mt metaTags, ld ldFacts, base *url.URL) []string {
	if len(cands) == 0 {
		return nil
	}
	host := ""
	if base != nil {
		host = base.Hostname()
	}
	sites := siteNames(site, ld.Publisher, mt)
	// A placeholder or the site's own name counts for little when a
	// person is named elsewhere: by a trusted source, or by the one "By"
	// line far from the headline ("Written by Jane Doe" under the
	// article). Several persons named far from it are a list of posts.
	hasPerson := false
	generic := make([]bool, len(cands))
	farBylines, farOthers := 0, 0
	for i := range cands {
		generic[i] = true
		for _, n := range cands[i].names {
			if !isGenericAuthor(n, sites, host) {
				generic[i] = false
			}
		}
		if len(cands[i].names) > 1 && isSiteName(strings.Join(cands[i].names, " & "), sites, host) {
			generic[i] = true // "Jobs & Hire", the site's name split at its "&"
		}
		switch {
		case generic[i]:
		case cands[i].best >= trustedWeight:
			hasPerson = true
		case cands[i].byText:
			farBylines++
		default:
			farOthers++
		}
	}
	if farBylines == 1 && farOthers == 0 {
		hasPerson = true
	}
	for i := range cands {
		if generic[i] && hasPerson {
			cands[i].weight *= 0.2
		}
	}
	// Another source backs a candidate for the share of its names it
	// gives: a list of three that shares one name with the byline is not
	// confirmed by it.
	best, bestScore := -1, -1.0
	for i, c := range cands {
		score := c.weight
		for j, o := range cands {
			if i != j {
				score += o.weight * sharedShare(c.names, o.names)
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	// A fuller list that holds the winner's names ("Jane Doe" in the
	// meta tag, "Jane Doe, John Roe" in the byline) is the better answer
	// when it is as trusted, or is the byline under the headline.
	names := cands[best].names
	for _, c := range cands {
		if len(c.names) > len(names) && sharesName(c.names, names) &&
			(c.best >= cands[best].best || c.best >= headlineByline && sharedShare(names, c.names) == 1) {
			names = c.names
		}
	}
	if len(names) > 1 {
		var keep []string
		for _, n := range names {
			if !isGenericAuthor(n, sites, host) {
				keep = append(keep, n)
			}
		}
		if len(keep) > 0 {
			names = keep
		}
	}
	names = slices.Clone(names)
	for i, n := range names {
		names[i], _ = siteCredential(n, sites, host)
		names[i] = displayName(names[i], cands)
		names[i] = fullName(names[i], cands)
	}
	return names
}

// trustedWeight is the least weight of a source that names the article's
// own author: metadata, or a byline by the headline.
const trustedWeight = 6

// headlineByline is the weight of a byline right under the headline.
const headlineByline = 7

func sharesName(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if nameKey(x) == nameKey(y) {
				return true
			}
		}
	}
	return false
}

// sharedShare is the share of the names in a that b also gives.
func sharedShare(a, b []string) float64 {
	if len(a) == 0 {
		return 0
	}
	n := 0
	for _, x := range a {
		if sharesName([]string{x}, b) {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// nameKey is the name without case, a leading "Dr" or trailing
// credentials, so that "Dr. Jane Doe", "Jane Doe, MD" and "jane doe"
// compare equal.
func nameKey(n string) string {
	n = strings.ToLower(n)
	if i := strings.IndexByte(n, ','); i > 0 {
		n = n[:i]
	}
	n = strings.TrimPrefix(strings.TrimPrefix(n, "dr "), "dr. ")
	return strings.TrimSpace(n)
}

// namesKey is a key for a whole list of names.
func namesKey(names []string) string {
	ks := make([]string, len(names))
	for i, n := range names {
		ks[i] = nameKey(n)
	}
	return strings.Join(ks, "\x00")
}

// appendUnique appends the names not yet in list, ignoring case and
// credentials.
func appendUnique(list []string, names ...string) []string {
	for _, n := range names {
		dup := false
		for _, l := range list {
			if nameKey(l) == nameKey(n) {
				dup = true
				break
			}
		}
		if !dup {
			list = append(list, n)
		}
	}
	return list
}
