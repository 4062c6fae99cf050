package normalize

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The labels and phrases around a byline's names in the languages of
// Europe's commentary sites. They are word lists, not rules for a site.

// bylineVerbs are the German participles that open a byline before
// "von" ("Verfasst von Jane Doe"), as a regexp alternation; authorLabelRe
// and authorPrefixRe both read them.
const bylineVerbs = `veröffentlicht|geschrieben|verfasst|erstellt|eingestellt|gespeichert|gepostet|publiziert`

// bylineGenres name the kind of piece a byline credits ("Ein Kommentar
// von Jane Doe"), as a regexp; authorLabelRe and authorPrefixRe both read
// them.
const bylineGenres = `(?:eine?n?\s+)?(?:kolumne|kommentar|gastbeitrag|gastkommentar|analyse|essay|bericht|reportage|rezension|glosse)`

// allPostsByRe matches the link text of an author's archive, which names
// the author after a phrase: "View all posts by Jane Doe", "Zeige alle
// Beiträge von Jane Doe", "Alle Beiträge von Jane Doe anzeigen".
var allPostsByRe = regexp.MustCompile(`(?i)^(?:(?:view|see|show)\s+all\s+(?:posts|articles|stories)\s+by|more\s+(?:posts|articles|stories)\s+by|(?:zeige\s+)?alle\s+(?:beiträge|artikel|posts|einträge)\s+von|(?:weitere\s+|mehr\s+)?(?:beiträge|artikel)\s+von|mehr\s+von|voir\s+tous\s+les\s+(?:articles|messages)\s+de|(?:ver\s+)?todas\s+las\s+entradas\s+de|más\s+(?:artículos\s+)?de|tutti\s+gli\s+articoli\s+di|wszystkie\s+wpisy\s+(?:użytkownika|autora))\s+`)

// allPostsTailRe matches what follows the name in such a link.
var allPostsTailRe = regexp.MustCompile(`(?i)\s+(?:anzeigen|lesen|ansehen)\s*[→»>]?$|\s*[→»>]+$`)

// creditLineRe matches a line that credits a photo, a source or a video:
// "Foto: Jane Doe" names the photographer, not the author.
var creditLineRe = regexp.MustCompile(`(?i)^(?:fotos?|photos?|photograph(?:y|ie)?|bild(?:er)?|bildquelle|images?|credits?|crédits?|quelle|source|sources|fuente|fonte|fonti|illustrations?|grafik|video|kamera|foto-?credit)\s*(?:&\s*\p{L}+\s*)?:`)

// authorLabelRe matches a line that labels its names as the author's:
// "Autor: Jane Doe", "Text: Jane Doe", "Verfasst von Jane Doe".
var authorLabelRe = regexp.MustCompile(`^(?i:autor(?:in|en)?|auteur|autrice|autore|autora|verfasser(?:in)?|text|texte|texto|redaktion)\s*:\s*\p{Lu}|^(?i:` + bylineVerbs + `|publié|écrit|rédigé|publicado|escrito|pubblicato|scritto|text|texte|texto|` + bylineGenres + `)\s+(?i:von|par|por|da)\s+\p{Lu}`)

// labelOnlyRe matches a line that is nothing but a label ("Datum:",
// "Autor:"), which names no one.
var labelOnlyRe = regexp.MustCompile(`^[^:]{1,30}(?::[^:]{1,30})?\s*:$`)

// authorLabelLine reports whether a line only announces the names on the
// next line ("Autor:", "Text und Interview:").
var authorLabelLine = regexp.MustCompile(`(?i)^(?:autor(?:in|en)?|author|auteur(?:\(s\))?|autrice|autore|autora|verfasser(?:in)?|text|texte|texto|redaktion|interview|text\s+(?:und|&)\s+(?:interview|fotos?|bilder))\s*:?$`)

// gluedByRe finds a byline label run into the name after it, as markup
// without spaces prints it ("Veröffentlicht vonJane Doe").
var gluedByRe = regexp.MustCompile(`^((?:(?i:veröffentlicht|geschrieben|verfasst|erstellt|posted|written|publié|publicado|escrito)\s+)?(?:[Vv]on|[Pp]ar|[Pp]or))(\p{Lu}\p{Ll})`)

// twitterWrittenBy are the labels Yoast's twitter:label1 gives the
// author's name in twitter:data1, in the languages it ships.
var twitterWrittenBy = map[string]bool{
	"written by": true, "verfasst von": true, "geschrieben von": true, "écrit par": true, "escrito por": true,
	"scritto da": true, "geschreven door": true, "napisane przez": true, "escrito por:": true, "skrivet av": true,
	"kirjoittanut": true, "написано": true, "автор": true, "autor": true, "written by:": true,
}

// foreignNotNames are single words that bylines in other languages print
// next to the names: weekdays, and labels that name no one.
var foreignNotNames = []string{
	"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
	"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
	"lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato",
	"stand", "datum", "quelle", "autoreninfo", "autoreninformation", "autorin", "autor", "mehr", "profil",
	"foto", "fotos", "bild", "escribe", "am", "um", "von", "vom", "par", "por", "ca", "uhr", "min",
	"fecha", "fuente", "date", "source", "leer", "lesen", "weiterlesen", "rubrik", "kategorie",
}

func init() {
	for _, w := range foreignNotNames {
		notNameWords[w] = true
	}
}

// foreignStopWords are small words of German, French and Spanish
// phrases, which a name as printed in a byline does not hold.
var foreignStopWords = []string{
	"über", "bis", "für", "mit", "ist", "sind", "wird", "nach", "oder", "nicht", "sich", "auch", "eine",
	"einer", "einen", "beim", "zum", "zur", "unter", "pour", "avec", "dans", "sur", "est", "une", "para",
	"con", "una", "los", "las", "alle", "sehen", "zeige",
}

func init() {
	for _, w := range foreignStopWords {
		nameStopWords[w] = true
	}
}

// siteCredential reports whether the part after a name's comma is the
// site's own name ("Jane Doe, CNN"), not a credential.
func siteCredential(name string, sites []string, host string) (string, bool) {
	i := strings.LastIndex(name, ", ")
	if i <= 0 {
		return name, false
	}
	if isSiteName(name[i+2:], sites, host) {
		return strings.TrimSpace(name[:i]), true
	}
	return name, false
}

// relaxedName reports whether a name from a metadata field that is not
// capitalised throughout may still be taken as printed ("Jane doe"): it
// starts with a capital, has at most three words and does not end in a
// small word left by a cut ("Learning Network on").
func relaxedName(p string) bool {
	words := strings.Fields(p)
	if len(words) > 3 || !startsUpper(p) {
		return false
	}
	last := strings.ToLower(words[len(words)-1])
	return !nameParticles[last] && !nameStopWords[last] && !phraseWords[last]
}

// phraseWords are small words a name does not end with.
var phraseWords = map[string]bool{"in": true, "to": true, "from": true, "by": true, "a": true, "an": true}

// startsUpper reports whether s starts with an upper-case letter.
func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// displayName returns the name as the page prints it when name is an
// account's login ("janedoe", "jane_doe") and another source gives the
// same letters as a name ("Jane Doe").
func displayName(name string, cands []authorCandidate) string {
	if strings.ContainsRune(name, ' ') {
		return name
	}
	k := squash(foldAccents(name))
	if len(k) < 4 {
		return name
	}
	for _, c := range cands {
		for _, n := range c.names {
			if strings.ContainsRune(n, ' ') && squash(foldAccents(n)) == k {
				return n
			}
		}
	}
	return name
}

// foldAccents drops the accents of Latin letters, so that a login
// ("gabor") matches the name it stands for ("Gàbor").
func foldAccents(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// authorSites lists the names the site goes by, and its host, which an
// author field may repeat.
func authorSites(site string, mt metaTags, ld ldFacts, base *url.URL) ([]string, string) {
	host := ""
	if base != nil {
		host = base.Hostname()
	}
	return siteNames(site, ld.Publisher, mt), host
}

// sitePrefixRe splits an author field at the separator after its first
// part.
var sitePrefixRe = regexp.MustCompile(`^(.{2,60}?)\s+[-–—|/:]\s+(\S.*)$`)

// dropSitePrefix drops the site's name from the start of an author
// field: "Example - Jane Doe" names Jane Doe.
func dropSitePrefix(raw string, sites []string, host string) string {
	m := sitePrefixRe.FindStringSubmatch(strings.TrimSpace(raw))
	if m == nil || !isSiteName(m[1], sites, host) || isSiteName(m[2], sites, host) || !personName(m[2]) {
		return raw
	}
	return m[2]
}

// personName reports whether s reads as one person's name: two to four
// capitalised words, particles aside ("Jane van Doe"), not a tagline
// ("Das Magazin für Lesben").
func personName(s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 4 {
		return false
	}
	for _, w := range words {
		switch w {
		case "von", "van", "de", "da", "del", "di", "du", "la", "le":
			continue
		}
		if !startsUpper(w) {
			return false
		}
	}
	return !affiliationRe.MatchString(s)
}

// valueLabel reports whether a line of a byline labels a value other
// than the author ("Rubrik:", "Datum:", "Foto:"), so that the line after
// it names no author.
func valueLabel(l string) bool {
	l = strings.TrimSpace(l)
	return (labelOnlyRe.MatchString(l) || creditLineRe.MatchString(l) && strings.HasSuffix(l, ":")) && !authorLabelLine.MatchString(strings.TrimSuffix(l, ":"))
}

// nameParticles are the lower-case words a name may hold between its
// capitalised ones ("Ludwig van Beethoven", "José de la Cruz").
var nameParticles = map[string]bool{
	"von": true, "van": true, "vom": true, "zu": true, "zum": true, "de": true, "da": true, "del": true, "della": true,
	"der": true, "den": true, "di": true, "du": true, "la": true, "le": true, "des": true, "dos": true, "das": true,
	"do": true, "ten": true, "ter": true, "y": true, "e": true, "i": true, "bin": true, "ibn": true, "al": true,
	"el": true, "st": true, "af": true, "av": true, "op": true, "und": true, "and": true, "et": true,
	// the small words of an organisation's name: "Center for Research and Policy"
	"for": true, "of": true, "the": true, "at": true, "für": true, "pour": true, "para": true,
	// "Jane Doe with John Roe"
	"with": true, "mit": true, "avec": true, "con": true,
}

// lowerWordInside reports whether a name holds a lower-case word that is
// no particle ("Die Beamten fanden die Leiche"): a sentence, not a name.
func lowerWordInside(p string) bool {
	for i, w := range strings.Fields(p) {
		if i == 0 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) && !nameParticles[strings.Trim(w, ".,'")] && !roleRe.MatchString(w) {
			return true
		}
	}
	return false
}

// tagList reports whether names are a list of single words long enough
// to be a post's categories rather than its authors.
func tagList(names []string) bool {
	if len(names) < 4 {
		return false
	}
	for _, n := range names {
		if strings.ContainsRune(n, ' ') {
			return false
		}
	}
	return true
}

// fullName returns the full name another source gives for a name of one
// word: the author box's "Jane Doe" for the byline's "Jane".
func fullName(name string, cands []authorCandidate) string {
	if strings.ContainsRune(name, ' ') || utf8.RuneCountInString(name) < 3 {
		return name
	}
	for _, c := range cands {
		for _, n := range c.names {
			first, rest, ok := strings.Cut(n, " ")
			if ok && strings.EqualFold(first, name) && wordCount(rest) <= 2 && startsUpper(rest) {
				return n
			}
		}
	}
	return name
}

// datelineSepRe matches what stands between a dateline's date and the
// name after it: separators and a clock time ("| 13:10 Uhr |").
var datelineSepRe = regexp.MustCompile(`^(?:\s*[-–—|•·,/]\s*|\s*\d{1,2}[:.]\d{2}(?:\s*(?:Uhr|h|am|pm|AM|PM))?)+`)

// datelineNames reads the names a dateline prints after its date, set
// off by a separator: "11.12.2019 - Jane Doe", "04.02.2022 | 13:10 Uhr |
// Jane Doe".
func datelineNames(s *pageScan, t string) []string {
	d, ok := parseDate(t, farFuture, false)
	if !ok {
		return nil
	}
	rest := t[d.end:]
	loc := datelineSepRe.FindStringIndex(rest)
	if loc == nil || !strings.ContainsAny(rest[:loc[1]], "-–—|•·,/") {
		return nil
	}
	rest = rest[loc[1]:]
	if !coAuthorParenRe.MatchString(rest) {
		rest = trailingParenRe.ReplaceAllString(rest, "") // "Jane Doe (Press Officer of Example)"
	}
	names := s.readAuthors(rest, true)
	for _, n := range names {
		if !strings.ContainsRune(n, ' ') || !hasLongWord(n) {
			return nil // "15.11.2022 | Energie": a category, not a person; "a. m." a clock
		}
	}
	return names
}

// trailingParenRe matches a parenthetical of several words ending a
// byline: a role or an affiliation, not part of the name.
var trailingParenRe = regexp.MustCompile(`\s+\((?i:[^\s)]+)(?:\s+[^\s)]+)+\)\s*$`)

// coAuthorParenRe matches a parenthetical that adds co-authors ("(avec
// Jane Doe et John Roe)"), which stays.
var coAuthorParenRe = regexp.MustCompile(`(?i)\(\s*(?:with|avec|mit|con|and|und|et|y)\s`)

// articleStart reports whether a name opens with an article, as a
// band's or a work's title does ("The Mountain Goats"), or with a word
// that starts a phrase ("Weitere Informationen").
func articleStart(name string) bool {
	first, _, _ := strings.Cut(strings.ToLower(name), " ")
	switch first {
	case "the", "der", "die", "das", "le", "la", "les", "el", "los", "las", "il", "weitere", "mehr", "alle":
		return true
	}
	return false
}

// hasLongWord reports whether a name holds a word of three letters or
// more, as a name does and a clock's "a. m." does not.
func hasLongWord(n string) bool {
	for _, w := range strings.Fields(n) {
		if len([]rune(strings.Trim(w, ".,"))) >= 3 {
			return true
		}
	}
	return false
}

// handleNameRe matches an account name with digits, as forums and blogs
// print it in a byline ("Marianne1", "freeman1984", "Bo2man"): one word,
// letters first.
var handleNameRe = regexp.MustCompile(`^\p{L}{2,}[\p{L}._-]*\d+[\p{L}\d._-]*$`)

// handleName reports whether p is an account name with digits rather
// than a count or a date.
func handleName(p string) bool { return handleNameRe.MatchString(p) }
