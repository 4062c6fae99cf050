package normalize

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// lastResortDates reads the date of a page that gives none where dates
// are expected (no structured date, none beside the headline or in the
// article): a date the page labels as its own ("Datum: 18.10.2021",
// "Erstellt am 30.01.2022"), else the first <time> element, else the
// first line that is a date and little else ("Bonn, 11.10.2021",
// "2021-10-16 | Botschaft"), else a dateline with a two-digit year
// ("28.01.22"). Lines a label marks as updates, copyright lines and
// dates quoted in sentences are not read. Last come a page's scripts, a
// labelled date in its boilerplate and a copyright line that gives a
// day.
func lastResortDates(s *pageScan, now time.Time, monthFirst bool) []dateVote {
	one := func(d parsedDate) []dateVote { return []dateVote{{d: d, weight: 1}} }
	for _, it := range s.dateTexts {
		if copyrightLine(it.text) || !pubLabelRe.MatchString(it.text) {
			continue
		}
		if d, ok := parseDate(it.text, now, monthFirst); ok && d.pos <= maxDateLabel {
			return one(d)
		}
	}
	// "This entry was posted on …", "Dieser Beitrag wurde am … gepostet".
	for _, it := range s.dateTexts {
		if d, ok := parseDate(it.text, now, monthFirst); ok && postedOnRe.MatchString(it.text[:d.pos]) {
			return one(d)
		}
	}
	for _, boiler := range []bool{false, true} {
		for _, t := range s.times {
			if t.modified || (t.zone&zBoiler != 0) != boiler || updateText(t.text) {
				continue
			}
			if d, ok := parseDate(t.value, now, monthFirst); ok {
				return one(d)
			}
		}
	}
	// Tables and forms hold values (a member's join date) and are read
	// last.
	for _, table := range []bool{false, true} {
		var before *parsedDate // a date line above the headline
		for _, it := range s.dateTexts {
			if copyrightLine(it.text) || updateText(it.text) || (it.zone&zTable != 0) != table {
				continue
			}
			d, ok := parseDate(it.text, now, monthFirst)
			if !ok || d.pos > maxDateLabel || !dateLineTail(it.text[d.end:]) ||
				referenceLabelRe.MatchString(it.text[:d.pos]) || updateLabel(it.text[:d.pos]) || sentenceLabel(it.text[:d.pos]) {
				continue
			}
			if s.firstH1 == 0 || it.pos >= s.firstH1 {
				return one(d)
			}
			if before == nil {
				before = &d
			}
		}
		if before != nil {
			return one(*before)
		}
	}
	// A paragraph that opens with its date: "27.1.2022 - Bei der …",
	// "BERLIN, 3 May 2023 — The …", "(21. November 2022) Die …".
	for _, it := range s.leadDates {
		d, ok := parseDate(it.text, now, monthFirst)
		if ok && d.pos <= maxLeadLabel && (leadSeparatorRe.MatchString(it.text[d.end:]) || bracketed(it.text[:d.pos], it.text[d.end:])) && !sentenceLabel(it.text[:d.pos]) {
			return one(d)
		}
	}
	for _, list := range [][]textItem{s.datelines, s.byTexts} {
		for _, it := range list {
			if d, ok := parseShortYearDate(it.text, now); ok && d.pos <= maxDateLabel && !copyrightLine(it.text) && !updateText(it.text) {
				return one(d)
			}
		}
	}
	if d, ok := scriptDate(s.scripts, now); ok {
		return one(d)
	}
	// A labelled date in a sidebar or a footer ("Erschienen am:
	// 01.11.2023", "Mise en ligne 23 mai 2019", "This entry was posted
	// on …").
	for _, it := range s.boilerDates {
		if copyrightLine(it.text) {
			continue
		}
		d, ok := parseDate(it.text, now, monthFirst)
		if ok && (d.pos <= maxDateLabel && pubLabelRe.MatchString(it.text) || postedOnRe.MatchString(it.text[:d.pos])) {
			return one(d)
		}
	}
	// A copyright line that gives a day, not a year ("Copyright ©
	// 19.12.2019 - 12:14 h"), was written when the page was made.
	for _, list := range [][]textItem{s.dateTexts, s.boilerDates} {
		for _, it := range list {
			if !copyrightLine(it.text) {
				continue
			}
			if d, ok := parseDate(it.text, now, monthFirst); ok && d.pos <= maxDateLabel {
				return one(d)
			}
		}
	}
	return nil
}

// scriptDateKeys are the JSON keys under which the state scripts of
// shops and single-page sites keep a publication date.
var scriptDateKeys = []string{`"datePublished"`, `"publishedDate"`, `"published_at"`, `"publishedAt"`,
	`"publishDate"`, `"publicationDate"`, `"dateCreated"`, `"createdAt"`, `"created_at"`}

// maxScriptScan bounds the bytes of one script searched for a date.
const maxScriptScan = 256 << 10

// scriptDate finds the first publication date a page's scripts hold as
// JSON ("published_at":"2019-03-02T06:22:28+01:00"): the page's own
// record, which a script renders, comes before the lists it embeds.
func scriptDate(scripts []*html.Node, now time.Time) (parsedDate, bool) {
	for _, n := range scripts {
		t := n.Data
		if len(t) > maxScriptScan {
			t = t[:maxScriptScan]
		}
		best := -1
		for _, k := range scriptDateKeys {
			if i := strings.Index(t, k); i >= 0 && (best < 0 || i < best) {
				best = i + len(k)
			}
		}
		if best < 0 {
			continue
		}
		v := strings.TrimLeft(t[best:], " \t\n:")
		if !strings.HasPrefix(v, `"`) {
			continue
		}
		v = v[1:]
		if end := strings.IndexByte(v, '"'); end > 0 && end <= 40 {
			if d, ok := parseDate(v[:end], now, false); ok && d.pos == 0 {
				return d, true
			}
		}
	}
	return parsedDate{}, false
}

// postedOnRe matches the end of a sentence that says when the page was
// posted, right before the date.
var postedOnRe = regexp.MustCompile(`(?i)\b(?:posted|published|written|gepostet|veröffentlicht|erschienen|geschrieben|eingestellt|wurde|publié|écrit|publicado|escrito|pubblicato|scritto|gepubliceerd|geplaatst|opublikowany|opublikowano)\s+(?:on|am|le|el|il|em|op|dnia)\s*(?:\p{L}+,?\s*)?$`)

// maxLeadLabel bounds the place name a paragraph may print before its
// opening date.
const maxLeadLabel = 24

// leadDateSpan is how far into a long text a year is looked for.
const leadDateSpan = 40

// leadSeparatorRe matches what follows the date that opens a paragraph:
// a dash, a colon or an opening quote.
var leadSeparatorRe = regexp.MustCompile(`^(?:\s*(?:\d{1,2}[:.]\d{2}\s*(?:Uhr|h)?)?\s*[-–—:|/]|\s*[„"“«])`)

// cutUTF8 cuts s to at most n bytes at a rune boundary.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// dateLineTail reports whether the text after a date leaves the line a
// date line: a time, a separator and a word or two, not a sentence.
func dateLineTail(t string) bool {
	t = strings.TrimSpace(t)
	if len(t) > maxDateTail {
		return false
	}
	return len(strings.Fields(t)) <= 3
}

// maxDateTail bounds the text a date line holds after its date.
const maxDateTail = 32

// sentenceLabel reports whether the text before a date reads as a
// sentence rather than a label: several words ending in a lower-case
// word ("findet am Mi."), as a date quoted in running text has.
func sentenceLabel(t string) bool {
	t = strings.TrimSpace(t)
	if t == "" || strings.HasSuffix(t, ":") || strings.HasSuffix(t, ",") || strings.HasSuffix(t, "|") {
		return false
	}
	return len(strings.Fields(t)) > 3
}

// shortYearDateRe reads 28.01.22 and 31/10/23: a numeric date with a
// two-digit year, read only in elements classed as dates.
var shortYearDateRe = regexp.MustCompile(`(?:^|[^\d.])(\d{1,2})([./])(\d{1,2})([./])(\d{2})(?:[^\d.]|\.?$|\.\s)`)

// parseShortYearDate reads a day-first numeric date with a two-digit
// year, taken as 20YY.
func parseShortYearDate(t string, now time.Time) (parsedDate, bool) {
	m := shortYearDateRe.FindStringSubmatchIndex(t)
	if m == nil || t[m[4]:m[5]] != t[m[8]:m[9]] {
		return parsedDate{}, false
	}
	d := atoi(t[m[2]:m[3]])
	mo := atoi(t[m[6]:m[7]])
	y := 2000 + atoi(t[m[10]:m[11]])
	pd, ok := buildDate(y, mo, d, t[m[11]:])
	if !ok || !plausible(pd, now) {
		return parsedDate{}, false
	}
	pd.pos, pd.end = m[2], m[11]
	return pd, true
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// bracketed reports whether a date sits alone in brackets: before ends
// with "(" and after opens with ")".
func bracketed(before, after string) bool {
	before, after = strings.TrimRight(before, " "), strings.TrimLeft(after, " ")
	return strings.HasSuffix(before, "(") && strings.HasPrefix(after, ")") ||
		strings.HasSuffix(before, "[") && strings.HasPrefix(after, "]")
}

// descriptionDate reads a day the page's description names ("… (Notizia
// del 14 Gennaio 2020)"), for a page that prints no date of its own: a
// summary that gives a day gives the page's. Years alone are not read.
func descriptionDate(mt metaTags, now time.Time, monthFirst bool) []dateVote {
	for _, k := range []string{"description", "og:description", "twitter:description"} {
		for _, v := range mt[k] {
			if d, ok := parseDate(v, now, monthFirst); ok && !d.swappable {
				return []dateVote{{d: d, weight: 1}}
			}
		}
	}
	return nil
}
