package normalize

import (
	"cmp"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A parsed date keeps what the source said: the day always, the time and
// the offset only when the source gave them.
type parsedDate struct {
	t       time.Time // in the source's offset when known, else UTC
	hasTime bool
	hasZone bool
	zulu    bool // the source wrote the zone as "Z"
	pos     int  // byte offset of the match in the parsed string
	end     int  // byte offset just after the day, month and year
	// swappable tells that the source was numeric with both the day and
	// the month at most 12 ("03/04/2023"), so it may be read either way.
	swappable bool
}

// String formats d as RFC 3339 when both a time and a zone are known, else
// as YYYY-MM-DD: a wall-clock time without a zone names no instant.
func (d parsedDate) String() string {
	if d.hasTime && d.hasZone {
		if d.zulu {
			return d.t.Format(time.RFC3339)
		}
		return d.t.Format("2006-01-02T15:04:05-07:00") // "+00:00" as written
	}
	return d.t.Format(time.DateOnly)
}

// day is the calendar day of d in its own offset.
func (d parsedDate) day() string { return d.t.Format(time.DateOnly) }

// minYear rejects dates older than the web pages they could describe.
const minYear = 1995

// maxDateInput bounds the text parseDate looks at, keeping time linear and
// small on hostile input.
const maxDateInput = 400

const (
	reTime = `(?:\s*г\.)?(?:[T\s]+|\s*(?:,|at|um|à|a las|às|alle|om|в|-|–|\|)\s*)(\d{1,2})[:h.](\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([ap]\.?m\.?)?`
	reZone = `\s*(Z|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|[A-Z]{3,4}\b)?`
)

var (
	// 2023-09-13, 2023/09/13, 2023.09.13, optional time and zone.
	isoDateRe = regexp.MustCompile(`(?i)(?:^|[^\d])(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})(?:[^\d]|$)`)
	// 13.09.2023, 13/09/2023, 09-13-2023.
	numDateRe = guarded(regexp.MustCompile(`(?:^|[^\d.])(\d{1,2})([./-])(\d{1,2})([./-])(\d{4})(?:[^\d]|$)`), numDateShape)
	// 14 September 2023, 14. September 2023, 13 de septiembre de 2023,
	// 14 сентября 2023, 14-Sep-2023, 14th of September, 2023.
	dayMonthRe = guarded(regexp.MustCompile(`(?i)(?:^|[^\d])(\d{1,2})(?:st|nd|rd|th|er|e|\.|º|ª)?[\s\-/,]*(?:(?:de|of)\s+)?(\p{L}{3,}\.?)[\s\-/,]*(?:(?:de|del)\s+)?(\d{4})(?:[^\d]|$)`), dayMonthShape)
	// September 14, 2023, Sept. 13 2023, Sep 14th, 2023.
	monthDayRe = guarded(regexp.MustCompile(`(?i)(\p{L}{3,}\.?)\s*(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:[^\d]|$)`), monthDayShape)
	// 2023 Sep 13, as bibliographic records write it; 2021. május 5.
	// (Hungarian), 2021 m. gegužės 5 d. (Lithuanian).
	yearMonthDayRe = guarded(regexp.MustCompile(`(?i)(?:^|[^\d])(\d{4})\.?\s+(?:m\.\s*)?(\p{L}{3,}\.?)\s+(\d{1,2})(?:[^\d:.]|\.(?:\D|$)|$)`), yearMonthDayShape)
	// 4. 2. 2022 and 26 | 01 | 2022: a numeric date with spaces around
	// its separators, day first.
	spacedNumDateRe = guarded(regexp.MustCompile(`(?:^|[^\d.])(\d{1,2})(?:\.\s+|\s+\|\s+)(\d{1,2})(?:\.\s+|\s+\|\s+)(\d{4})(?:[^\d]|$)`), func(s string) bool { return strings.Contains(s, ". ") || strings.Contains(s, " | ") })
	// 2021. gada 5. maijā (Latvian).
	yearDayMonthRe = guarded(regexp.MustCompile(`(?i)(?:^|[^\d])(\d{4})\.?\s*gad[aā]\s+(\d{1,2})\.\s*(\p{L}{3,})`), func(s string) bool { return strings.Contains(s, "gad") })
	// Tue Jan 28 15:28:56 CET 2020, as Unix date(1) and Java's
	// Date.toString print it.
	unixDateRe = guarded(regexp.MustCompile(`(?i)(?:^|[^\p{L}])\p{L}{2,3}\.?,?\s+(\p{L}{3,})\.?\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+([A-Z]{3,5}|[+-]\d{4})?\s*(\d{4})(?:[^\d]|$)`), hasClock)
	// 2023年9月13日, 2023년 9월 13일.
	cjkDateRe = regexp.MustCompile(`(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?`)
	// A time right after a date, with an optional zone.
	timeAfterRe = guarded(regexp.MustCompile(`^(?i:`+reTime+`)`+reZone), hasClock)
	// A zone right after an ISO time written without one of our forms.
	urlDateRe = regexp.MustCompile(`/((?:199[5-9]|20\d{2}))[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|[-_]|\.html?|$)`)
	// /2023/october/03/, /2023/oct/3/: a month name between the year and the day.
	// /29-10-2021, /08112021-online-fachtag: day first, at a segment's start.
	urlDayFirstRe  = regexp.MustCompile(`/(0[1-9]|[12]\d|3[01])[-.]?(0[1-9]|1[0-2])[-.]?((?:199[5-9]|20\d{2}))(?:/|[-_]|\.html?|$)`)
	urlNamedDateRe = regexp.MustCompile(`(?i)/((?:199[5-9]|20\d{2}))/(\p{L}{3,9})/(0?[1-9]|[12]\d|3[01])(?:/|$)`)
)

// The guards of the date regexps: the order of digits, letters and
// separators that any match of each has. A month's name is \p{L}{3,}, a
// year \d{4}; \d and \s are ASCII.

// dayMonthShape: a digit (the day), after it three letters in a row (the
// month), after them a year.
func dayMonthShape(s string) bool {
	d := strings.IndexAny(s, "0123456789")
	if d < 0 {
		return false
	}
	end := letterRunEnd(s, d+1, 3)
	return end >= 0 && hasYearDigits(s[end:])
}

// monthDayShape: three letters or more (the month) that end where an
// optional dot and white space lead to a digit (the day), then a year.
func monthDayShape(s string) bool {
	run := 0
	for i, r := range s {
		if unicode.IsLetter(r) {
			run++
			continue
		}
		if run >= 3 {
			j := i
			if s[j] == '.' {
				j++
			}
			for j < len(s) && isSpaceRe(s[j]) {
				j++
			}
			if j < len(s) && isDigit(s[j]) && hasYearDigits(s[j:]) {
				return true
			}
		}
		run = 0
	}
	return false
}

// yearMonthDayShape: four digits, an optional dot, white space, a letter.
func yearMonthDayShape(s string) bool {
	for i := 0; i+5 < len(s); i++ {
		if !isDigit(s[i]) || !isDigit(s[i+1]) || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
			continue
		}
		j := i + 4
		if s[j] == '.' {
			j++
		}
		if !isSpaceRe(s[j]) {
			continue
		}
		for j < len(s) && isSpaceRe(s[j]) {
			j++
		}
		if r, _ := utf8.DecodeRuneInString(s[j:]); unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// numDateShape: a digit, a separator and four digits, as the month (or
// day) ends and the year follows.
func numDateShape(s string) bool {
	for i := 1; i+4 < len(s); i++ {
		if c := s[i]; (c == '.' || c == '/' || c == '-') && isDigit(s[i-1]) &&
			isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) && isDigit(s[i+4]) {
			return true
		}
	}
	return false
}

// hasClock: a digit, then ':', '.' or 'h' in any case, then two digits,
// as the hours and minutes of a time are written.
func hasClock(s string) bool {
	for i := 0; i+3 < len(s); i++ {
		if c := s[i+1]; isDigit(s[i]) && (c == ':' || c == '.' || c == 'h' || c == 'H') && isDigit(s[i+2]) && isDigit(s[i+3]) {
			return true
		}
	}
	return false
}

// letterRunEnd returns the index just after the first n letters in a row
// in s[from:], or -1.
func letterRunEnd(s string, from, n int) int {
	run := 0
	for i, r := range s[from:] {
		if !unicode.IsLetter(r) {
			run = 0
			continue
		}
		if run++; run == n {
			return from + i + utf8.RuneLen(r)
		}
	}
	return -1
}

// zoneOffsets maps common zone abbreviations to their offsets in minutes.
var zoneOffsets = map[string]int{
	"UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 60, "BST": 60, "CET": 60,
	"CEST": 120, "MEZ": 60, "MESZ": 120, "EET": 120, "EEST": 180, "MSK": 180,
	"IST": 330, "SGT": 480, "HKT": 480, "JST": 540, "KST": 540, "AEST": 600,
	"AEDT": 660, "NZST": 720, "NZDT": 780, "EST": -300, "EDT": -240, "CST": -360,
	"CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420, "AKST": -540,
	"AKDT": -480, "HST": -600,
}

// monthNames maps lower-case month names and abbreviations in the
// languages most often met to month numbers.
var monthNames = map[string]int{}

func init() {
	for m, names := range [12]string{
		"january jan januar jänner jän janvier janv enero ene janeiro gennaio gen januari stycznia styczeń sty leden ledna ocak tammikuuta tammikuu января январь янв січня січень січ jaanuar jaanuari janvāris janvārī janvāra sausio sausis január",
		"february feb febr februar feber février févr fevr fév fev febrero fevereiro febbraio februari lutego luty lut únor února şubat helmikuuta helmikuu февраля февраль фев лютого лютий лют veebruar veebruari februāris februārī februāra vasario vasaris február",
		"march mar märz maerz mrz mars marzo março marco maart mrt marca marzec březen března mart maaliskuuta maaliskuu марта март березня березень бер märts märtsi marts martā kovo kovas március",
		"april apr avril avr abril abr aprile kwietnia kwiecień kwi duben dubna nisan huhtikuuta huhtikuu апреля апрель апр квітня квітень квіт aprill aprilli aprīlis aprīlī aprīļa balandžio balandis április",
		"may mai mayo maio maggio mag mei maja maj květen května mayıs toukokuuta toukokuu мая май травня травень трав maijs maijā maija gegužės gegužė május",
		"june jun juni juin junio junho giugno giu czerwca czerwiec cze červen června haziran kesäkuuta kesäkuu июня июнь июн червня червень черв juuni jūnijs jūnijā jūnija birželio birželis június",
		"july jul juli juillet juil julio julho luglio lug lipca lipiec lip červenec července temmuz heinäkuuta heinäkuu июля июль июл липня липень лип juuli jūlijs jūlijā jūlija liepos liepa július",
		"august aug august août aout agosto ago augustus augusti sierpnia sierpień srpen srpna ağustos elokuuta elokuu августа август авг серпня серпень серп augusts augustā augusta rugpjūčio rugpjūtis augusztus",
		"september sep sept septembre septiembre setiembre setembro set settembre sett września wrzesień wrz září eylül syyskuuta syyskuu сентября сентябрь сен сент вересня вересень вер septembri septembris septembrī septembra rugsėjo rugsėjis szeptember",
		"october oct okt oktober octobre octubre outubro out ottobre ott października październik paź říjen října ekim lokakuuta lokakuu октября октябрь окт жовтня жовтень жовт oktoober oktoobri oktobris oktobrī oktobra spalio spalis október",
		"november nov novembre noviembre novembro listopada listopad lis listopadu kasım marraskuuta marraskuu ноября ноябрь ноя листопада листопад novembri novembris novembrī novembra lapkričio lapkritis",
		"december dec dez dezember décembre déc decembre diciembre dic dezembro dicembre grudnia grudzień gru prosinec prosince aralık joulukuuta joulukuu декабря декабрь дек грудня грудень груд detsember detsembri decembris decembrī decembra gruodžio gruodis",
	} {
		for _, n := range strings.Fields(names) {
			monthNames[n] = m + 1
		}
	}
}

// monthNumber returns the month a word names, or 0.
func monthNumber(w string) int {
	w = strings.ToLower(strings.TrimSuffix(w, "."))
	return monthNames[w]
}

// parseDate finds the earliest date in s that names a day: ISO and numeric
// forms, month names in many languages and CJK dates, with the time and
// zone that follow it. Relative dates ("3 days ago") are not parsed.
// monthFirst resolves numeric dates such as 03/04/2023 the US way. Dates
// before 1995 or after now (plus a day of zone slack) are rejected.
func parseDate(s string, now time.Time, monthFirst bool) (parsedDate, bool) {
	if len(s) > maxDateInput {
		s = s[:maxDateInput]
		for len(s) > 0 && !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	if !hasYearDigits(s) {
		return parsedDate{}, false // every form below has a year of four digits
	}
	s = asciiSpaces(s)
	var best parsedDate
	found := false
	try := func(d parsedDate, ok bool) {
		if ok && plausible(d, now) && (!found || d.pos < best.pos) {
			best, found = d, true
		}
	}
	try(parseISODate(s))
	if strings.ContainsAny(s, "年년") {
		try(parseCJKDate(s))
	}
	try(parseNamedMonth(s, dayMonthRe, 1, 2, 3))
	try(parseNamedMonth(s, monthDayRe, 2, 1, 3))
	try(parseNamedMonth(s, yearMonthDayRe, 3, 2, 1))
	try(parseNamedMonth(s, yearDayMonthRe, 2, 3, 1))
	try(parseUnixDate(s))
	try(parseNumericDate(s, monthFirst))
	try(parseSpacedNumericDate(s))
	return best, found
}

// parseSpacedNumericDate reads "4. 2. 2022" and "26 | 01 | 2022", day
// first.
func parseSpacedNumericDate(s string) (parsedDate, bool) {
	m := spacedNumDateRe.FindStringSubmatchIndex(s)
	if m == nil {
		return parsedDate{}, false
	}
	d, _ := strconv.Atoi(s[m[2]:m[3]])
	mo, _ := strconv.Atoi(s[m[4]:m[5]])
	y, _ := strconv.Atoi(s[m[6]:m[7]])
	pd, ok := buildDate(y, mo, d, s[m[7]:])
	pd.pos, pd.end = m[2], m[7]
	return pd, ok
}

// parseUnixDate reads "Tue Jan 28 15:28:56 CET 2020": the time and the
// zone sit between the day and the year.
func parseUnixDate(s string) (parsedDate, bool) {
	m := unixDateRe.FindStringSubmatchIndex(s)
	if m == nil {
		return parsedDate{}, false
	}
	sub := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return s[m[2*i]:m[2*i+1]]
	}
	mo := monthNumber(sub(1))
	d, _ := strconv.Atoi(sub(2))
	y, _ := strconv.Atoi(sub(7))
	pd, ok := buildDate(y, mo, d, " "+sub(3)+":"+sub(4)+":"+cmp.Or(sub(5), "00")+" "+sub(6))
	pd.pos, pd.end = m[2], m[1]
	return pd, ok
}

// asciiSpaces replaces the Unicode spaces pages put inside dates (no-break,
// thin, narrow no-break) by as many ASCII spaces as they have bytes, so
// that the patterns' \s matches them and byte offsets stay valid.
func asciiSpaces(s string) string {
	if !strings.ContainsAny(s, "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000") {
		return s
	}
	b := []byte(s)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == '\u00a0' || r >= '\u2002' && r <= '\u200a' || r == '\u202f' || r == '\u205f' || r == '\u3000' {
			for j := i; j < i+n; j++ {
				b[j] = ' '
			}
		}
		i += n
	}
	return string(b)
}

// hasYearDigits reports whether s holds four ASCII digits in a row, as
// the year of every date form parseDate reads does (\d is ASCII only).
func hasYearDigits(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; '0' <= c && c <= '9' {
			if run++; run == 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// parseDateString is parseDate formatted for a record, "" when s holds no
// usable date.
func parseDateString(s string, now time.Time) string {
	d, ok := parseDate(s, now, false)
	if !ok {
		return ""
	}
	return d.String()
}

func plausible(d parsedDate, now time.Time) bool {
	y := d.t.Year()
	if y < minYear {
		return false
	}
	return !d.t.After(now.Add(36 * time.Hour))
}

func parseISODate(s string) (parsedDate, bool) {
	for _, m := range isoDateRe.FindAllStringSubmatchIndex(s, 4) {
		if s[m[4]:m[5]] != s[m[8]:m[9]] {
			continue // mixed separators: 2023-09/13 is not a date
		}
		y, _ := strconv.Atoi(s[m[2]:m[3]])
		mo, _ := strconv.Atoi(s[m[6]:m[7]])
		d, _ := strconv.Atoi(s[m[10]:m[11]])
		if pd, ok := buildDate(y, mo, d, s[m[11]:]); ok {
			pd.pos, pd.end = m[2], m[11]
			return pd, true
		}
	}
	return parsedDate{}, false
}

func parseCJKDate(s string) (parsedDate, bool) {
	m := cjkDateRe.FindStringSubmatchIndex(s)
	if m == nil {
		return parsedDate{}, false
	}
	y, _ := strconv.Atoi(s[m[2]:m[3]])
	mo, _ := strconv.Atoi(s[m[4]:m[5]])
	d, _ := strconv.Atoi(s[m[6]:m[7]])
	pd, ok := buildDate(y, mo, d, s[m[1]:])
	pd.pos, pd.end = m[2], m[1]
	return pd, ok
}

// parseNamedMonth handles dates whose month is a word; di, mi and yi are
// the submatch numbers of the day, month and year.
func parseNamedMonth(s string, re *guardedRegexp, di, mi, yi int) (parsedDate, bool) {
	for _, m := range re.FindAllStringSubmatchIndex(s, 8) {
		mo := monthNumber(s[m[2*mi]:m[2*mi+1]])
		if mo == 0 {
			continue
		}
		d, _ := strconv.Atoi(s[m[2*di]:m[2*di+1]])
		y, _ := strconv.Atoi(s[m[2*yi]:m[2*yi+1]])
		end := max(m[2*di+1], m[2*mi+1], m[2*yi+1])
		if pd, ok := buildDate(y, mo, d, s[end:]); ok {
			pd.pos, pd.end = min(m[2*di], m[2*mi], m[2*yi]), end
			return pd, true
		}
	}
	return parsedDate{}, false
}

func parseNumericDate(s string, monthFirst bool) (parsedDate, bool) {
	for _, m := range numDateRe.FindAllStringSubmatchIndex(s, 4) {
		if s[m[4]:m[5]] != s[m[8]:m[9]] {
			continue
		}
		a, _ := strconv.Atoi(s[m[2]:m[3]])
		b, _ := strconv.Atoi(s[m[6]:m[7]])
		y, _ := strconv.Atoi(s[m[10]:m[11]])
		d, mo := a, b
		switch {
		case a > 12:
		case b > 12:
			d, mo = b, a
		case monthFirst && s[m[4]:m[5]] != ".":
			d, mo = b, a
		}
		if pd, ok := buildDate(y, mo, d, s[m[11]:]); ok {
			pd.pos, pd.end = m[2], m[11]
			// Dotted dates are day first everywhere ("01.11.2023"): only
			// slashed and dashed ones are read both ways.
			pd.swappable = a <= 12 && b <= 12 && a != b && s[m[4]:m[5]] != "."
			return pd, true
		}
	}
	return parsedDate{}, false
}

// swapped is d read with its day and month exchanged, for a swappable
// numeric date.
func (d parsedDate) swapped() (parsedDate, bool) {
	if !d.swappable {
		return parsedDate{}, false
	}
	t := time.Date(d.t.Year(), time.Month(d.t.Day()), int(d.t.Month()), d.t.Hour(), d.t.Minute(), d.t.Second(), 0, d.t.Location())
	out := d
	out.t, out.swappable = t, true
	return out, true
}

// buildDate validates a day and reads an optional time and zone from rest.
func buildDate(y, mo, d int, rest string) (parsedDate, bool) {
	if mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1000 {
		return parsedDate{}, false
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return parsedDate{}, false // 31 September
	}
	pd := parsedDate{t: t}
	if len(rest) > 64 {
		rest = rest[:64]
	}
	m := timeAfterRe.FindStringSubmatch(rest)
	if m == nil {
		return pd, true
	}
	h, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(m[2])
	sec, _ := strconv.Atoi(m[3])
	if ap := strings.ToLower(strings.ReplaceAll(m[4], ".", "")); ap != "" {
		if h < 1 || h > 12 {
			return pd, true
		}
		if ap == "pm" && h != 12 {
			h += 12
		} else if ap == "am" && h == 12 {
			h = 0
		}
	}
	if h > 23 || mi > 59 || sec > 59 {
		return pd, true
	}
	pd.hasTime = true
	loc := time.UTC
	if off, ok := zoneOffset(m[5]); ok {
		pd.hasZone = true
		pd.zulu = strings.EqualFold(strings.TrimSpace(m[5]), "z")
		loc = time.FixedZone("", off*60)
	}
	pd.t = time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc)
	return pd, true
}

// zoneOffset reads Z, +02:00, +0200, +02, GMT+2, UTC-05:30 or a known
// abbreviation, in minutes east of UTC.
func zoneOffset(z string) (int, bool) {
	z = strings.TrimSpace(z)
	if z == "" {
		return 0, false
	}
	up := strings.ToUpper(z)
	if off, ok := zoneOffsets[up]; ok {
		return off, true
	}
	for _, p := range []string{"UTC", "GMT"} {
		if strings.HasPrefix(up, p) {
			z = strings.TrimSpace(z[len(p):])
		}
	}
	if len(z) < 2 || (z[0] != '+' && z[0] != '-') {
		return 0, false
	}
	sign := 1
	if z[0] == '-' {
		sign = -1
	}
	digits := strings.ReplaceAll(z[1:], ":", "")
	var h, m int
	switch len(digits) {
	case 1, 2:
		h, _ = strconv.Atoi(digits)
	case 3:
		h, _ = strconv.Atoi(digits[:1])
		m, _ = strconv.Atoi(digits[1:])
	case 4:
		h, _ = strconv.Atoi(digits[:2])
		m, _ = strconv.Atoi(digits[2:])
	default:
		return 0, false
	}
	if h > 14 || m > 59 {
		return 0, false
	}
	return sign * (h*60 + m), true
}

// urlDate finds a /2023/09/14/, /2023/september/14/ or /14-09-2023 style
// date in a URL path.
func urlDate(u string, now time.Time) (parsedDate, bool) {
	var y, mo, d int
	if m := urlDateRe.FindStringSubmatch(u); m != nil {
		y, _ = strconv.Atoi(m[1])
		mo, _ = strconv.Atoi(m[2])
		d, _ = strconv.Atoi(m[3])
	} else if m := urlNamedDateRe.FindStringSubmatch(u); m != nil {
		y, _ = strconv.Atoi(m[1])
		mo = monthNumber(m[2])
		d, _ = strconv.Atoi(m[3])
	} else if m := urlDayFirstRe.FindStringSubmatch(u); m != nil {
		d, _ = strconv.Atoi(m[1])
		mo, _ = strconv.Atoi(m[2])
		y, _ = strconv.Atoi(m[3])
	} else {
		return parsedDate{}, false
	}
	pd, ok := buildDate(y, mo, d, "")
	if !ok || !plausible(pd, now) {
		return parsedDate{}, false
	}
	return pd, true
}

// dateVote is one source's reading of a date.
type dateVote struct {
	d      parsedDate
	weight float64
	raw    string // the value as the source gave it, for structured sources
}

// Meta names that carry the publication date, strongest first.
var (
	publishedMetaStrong = []string{"article:published_time", "og:article:published_time", "article:published", "datepublished"}
	publishedMetaWeak   = []string{"date", "pubdate", "publish-date", "publish_date", "publishdate", "published_time",
		"published-date", "dc.date", "dc.date.issued", "dc.date.created", "dcterms.created", "dcterms.issued",
		"dcterms.date", "sailthru.date", "parsely-pub-date", "citation_publication_date", "citation_date",
		"citation_online_date", "article.published", "originalpublicationdate", "original-publish-date",
		"displaydate", "og:published_time", "date.published", "release_date", "pdate", "dc.date.available",
		"datecreated", "article_date_original", "cxenseparse:recs:publishtime", "bt:pubdate", "rnews:datepublished"}
	modifiedMeta = []string{"article:modified_time", "og:updated_time", "og:article:modified_time", "datemodified",
		"last-modified", "lastmod", "dc.date.modified", "dcterms.modified", "article.updated", "updated_time"}
)

// known holds the meta names read by name.
var known = map[string]bool{}

func init() {
	for _, l := range [][]string{publishedMetaStrong, publishedMetaWeak, modifiedMeta} {
		for _, k := range l {
			known[k] = true
		}
	}
}

// pickDates weighs every date the page gives and returns the publication
// and modification dates; the day most sources agree on wins, written
// with the most precise form a source gave for it. relative tells that
// the publication date was counted back from now; weak that it came
// from a last resort (a footer, a script, a relative date), which says
// nothing of the page being an article.
func pickDates(s *pageScan, mt metaTags, ld ldFacts, pageURL, lang string, now time.Time) (published, modified string, relative, weak bool) {
	monthFirst := monthFirstLang(lang)
	var pub, mod []dateVote
	mt = dateMetaTags(mt)
	vote := func(list *[]dateVote, v string, w float64) {
		if d, ok := parseDate(v, now, monthFirst); ok {
			*list = append(*list, dateVote{d, w, strings.TrimSpace(v)})
		}
	}
	ldw := 7.0
	if ld.Article {
		ldw = 10
	}
	vote(&pub, ld.Published, ldw)
	vote(&pub, ld.Created, ldw/2)
	vote(&mod, ld.Modified, ldw)
	for _, k := range publishedMetaStrong {
		for _, v := range mt[k] {
			vote(&pub, v, 9)
			break
		}
	}
	for _, k := range publishedMetaWeak {
		for _, v := range mt[k] {
			vote(&pub, v, 6)
			break
		}
	}
	for _, k := range modifiedMeta {
		for _, v := range mt[k] {
			vote(&mod, v, 8)
			break
		}
	}
	// Other names sites invent: "w-published-date", "published", "sailthru.date" …
	// In name order, so that ties fall the same way on every run.
	for _, k := range slices.Sorted(maps.Keys(mt)) {
		vs := mt[k]
		if known[k] || len(vs) == 0 || !strings.ContainsAny(k, "dpt") {
			continue
		}
		switch {
		case strings.Contains(k, "modif") || strings.Contains(k, "updated"):
			vote(&mod, vs[0], 3)
		case strings.Contains(k, "publish") && !strings.Contains(k, "publisher"):
			vote(&pub, vs[0], 3)
		}
	}
	pub = append(pub, microdataVotes(s, now, monthFirst)...)
	nStructured, nModStructured := len(pub), len(mod)
	firstOther := true
	timeVote := map[string]struct{ sum, max float64 }{}
	// In a list of dated posts the first is the page's own (a thread's
	// opening post); the others count little.
	teasers, firstFar := teaserTimes(s, now, monthFirst), true
	for _, t := range s.times {
		w := proximityWeight(s, textItem{zone: t.zone, pos: t.pos}, 6, 4, 0)
		far := w < 6
		if t.zone&zBoiler != 0 {
			if far {
				continue
			}
			w = 2 // in a box beside the headline
		}
		if far && teasers && !firstFar || t.teaser {
			w = 1
		} else if t.pubdate {
			w = max(w, 6) + 1
		}
		if far {
			firstFar = false
		}
		if w == 0 {
			if !firstOther {
				continue
			}
			firstOther, w = false, 2
		}
		if !t.modified && !t.pubdate && updateText(t.text) {
			t.modified = true // <time>Last updated: May 3, 2024</time>
		}
		if t.modified && t.pubdate {
			w = 3 // "published updated": themes print either date with both classes
		} else if t.modified {
			vote(&mod, t.value, w)
			continue
		}
		d, ok := parseDate(t.value, now, monthFirst)
		if !ok {
			continue
		}
		// A day printed by many <time>s is a list (comments, other
		// posts): together they count at most twice the strongest.
		tv := timeVote[d.day()]
		tv.max = max(tv.max, w)
		if add := min(w, 2*tv.max-tv.sum); add > 0 {
			tv.sum += add
			pub = append(pub, dateVote{d: d, weight: add})
		}
		timeVote[d.day()] = tv
	}
	nVisible := len(pub)
	updatedDays := map[string]bool{}
	// A date printed in nested elements is one vote, not one per element.
	seen := map[string]int{}
	for _, dt := range visibleDates(s) {
		if citationRe.MatchString(dt.text) {
			continue // "Science, Vol. 371, pp. 232, 15. Januar 2021, DOI …"
		}
		// "Published 3 May 2023 · Updated 5 June 2023": each date with
		// the label just before it.
		text, from := dt.text, 0
		for i := 0; i < 3 && from < len(text); i++ {
			d, ok := parseDate(text[from:], now, monthFirst)
			if !ok {
				break
			}
			label := text[from : from+d.pos]
			modified := updateLabel(label)
			if i == 0 {
				modified = modified || dt.modified
			}
			w := dt.weight
			if originalLabelRe.MatchString(label) {
				// "This article was originally published on …": the
				// page names its first publication in so many words.
				w, modified = w+2, false
			}
			from += d.end
			list := &pub
			if modified {
				list = &mod
				updatedDays[d.day()] = true
			}
			key := fmt.Sprint(modified, d.day())
			if j, dup := seen[key]; dup {
				(*list)[j].weight = max((*list)[j].weight, w)
				continue
			}
			seen[key] = len(*list)
			*list = append(*list, dateVote{d: d, weight: w})
		}
	}
	distrustStructured(pub, nStructured, nVisible, updatedDays, ld, mt, mod[:nModStructured])
	localDays(pub, nStructured, lang)
	if d, ok := urlDate(pageURL, now); ok {
		pub = append(pub, dateVote{d: d, weight: 5})
	}
	resolveSwaps(s, pub, mod, now, monthFirst)
	footerUpdate := false
	if len(pub) == 0 && len(mod) == 0 {
		pub = fallbackDates(s, now, monthFirst)
		if len(pub) == 0 {
			pub = lastResortDates(s, now, monthFirst)
			if len(pub) == 0 {
				pub = descriptionDate(mt, now, monthFirst)
			}
			weak = len(pub) > 0
		}
		if len(pub) == 0 {
			mod = fallbackUpdated(s, now, monthFirst)
			footerUpdate = len(mod) > 0
		}
		if len(pub) == 0 && len(mod) == 0 {
			// "vor 3 Tagen", "hier": counted back from now, the fetch
			// or extraction time, and only when nothing else dates the
			// page.
			pub = relativeDates(s, now)
			relative = len(pub) > 0
			weak = relative
		}
	}
	alignInstants(pub)
	p, okp := bestDate(pub)
	m, okm := bestDate(mod)
	if !okp && okm && !footerUpdate {
		// The page gives only when it was last updated: that is the best
		// date there is for it. A "Last updated" line far below the
		// headline, as documentation and reference pages print, says
		// nothing of when the page was published.
		p, okp = m, true
	}
	if okp {
		published = p.String()
	}
	if okm && (!okp || m.day() >= p.day()) {
		modified = m.String()
	}
	return published, modified, relative, weak
}

// distrustStructured weakens the structured publication dates (the
// first n votes of pub) that look like the time the page was last saved
// when the page visibly prints another publication date near its
// headline, more than a day apart: a value equal to the structured
// modification time, one no earlier than a few minutes before a
// structured modification time (modified holds those votes), or a day
// the page itself labels as an update. Many publishing tools write the
// save time into both fields. Votes pub[n:vis] come from <time> elements
// and pub[vis:] from visible datelines.
func distrustStructured(pub []dateVote, n, vis int, updatedDays map[string]bool, ld ldFacts, mt metaTags, modified []dateVote) {
	saved := map[string]bool{}
	if ld.Modified != "" {
		saved[strings.TrimSpace(ld.Modified)] = true
	}
	for _, k := range modifiedMeta {
		for _, v := range mt[k] {
			saved[strings.TrimSpace(v)] = true
		}
	}
	for i := range pub[:n] {
		v := &pub[i]
		if !saved[v.raw] && !updatedDays[v.d.day()] && !savedWith(v.d, modified) {
			continue
		}
		if printedBesideHeadline(v.d, pub[n:]) {
			continue // the dateline under the headline agrees
		}
		for _, o := range pub[n:] {
			// A day apart may be the same instant in another zone.
			if o.weight >= 4 && o.d.t.Sub(v.d.t).Abs() > 36*time.Hour {
				v.weight = min(v.weight, 3)
				break
			}
		}
	}
}

// printedBesideHeadline reports whether one of the visible votes that
// weigh as a dateline beside the headline names d's day.
func printedBesideHeadline(d parsedDate, visible []dateVote) bool {
	for _, o := range visible {
		if o.weight >= 5 && o.d.day() == d.day() {
			return true
		}
	}
	return false
}

// savedWith reports whether a structured publication time is no earlier
// than a few minutes before a structured modification time: both were
// written when the page was last saved ("published" 22:02:58, "modified"
// 22:02:45).
func savedWith(p parsedDate, modified []dateVote) bool {
	if !p.hasTime || !p.hasZone {
		return false
	}
	for _, m := range modified {
		if m.d.hasTime && m.d.hasZone && !p.t.Before(m.d.t.Add(-savedSlack)) {
			return true
		}
	}
	return false
}

// savedSlack is how far apart two times written by one save may be.
const savedSlack = 5 * time.Minute

// teaserTimes reports whether the <time> elements away from the headline
// name many different days: they date a list of other posts, not the
// page.
func teaserTimes(s *pageScan, now time.Time, monthFirst bool) bool {
	days := map[string]bool{}
	for _, t := range s.times {
		if t.zone&zBoiler != 0 || proximityWeight(s, textItem{zone: t.zone, pos: t.pos}, 6, 4, 0) >= 6 {
			continue
		}
		if d, ok := parseDate(t.value, now, monthFirst); ok {
			days[d.day()] = true
			if len(days) >= minTeaserDays {
				return true
			}
		}
	}
	return false
}

// minTeaserDays is how many different days make the <time>s a list.
const minTeaserDays = 3

// resolveSwaps reads a numeric date whose day and month could be
// exchanged ("02-12-2025") the other way when that reading is a day
// another source of the page gives and the first reading is not: the
// URL, structured data or any <time>, wherever it sits.
func resolveSwaps(s *pageScan, pub, mod []dateVote, now time.Time, monthFirst bool) {
	days := map[string]bool{}
	add := func(d parsedDate) {
		if !d.swappable {
			days[d.day()] = true
		}
	}
	for _, v := range pub {
		add(v.d)
	}
	for _, v := range mod {
		add(v.d)
	}
	for _, t := range s.times {
		if d, ok := parseDate(t.value, now, monthFirst); ok {
			add(d)
		}
	}
	for _, list := range [][]dateVote{pub, mod} {
		for i := range list {
			v := &list[i]
			if alt, ok := v.d.swapped(); ok && days[alt.day()] && !days[v.d.day()] && plausible(alt, now) {
				v.d = alt
			}
		}
	}
}

// fallbackUpdated reads the first date a label marks as an update
// ("Last updated: May 3, 2024") after the headline, as the modification
// date of a page that gives no other date.
func fallbackUpdated(s *pageScan, now time.Time, monthFirst bool) []dateVote {
	for _, it := range s.dateTexts {
		if it.zone&zTable != 0 || it.pos < s.firstH1 || copyrightLine(it.text) {
			continue
		}
		d, ok := parseDate(it.text, now, monthFirst)
		if ok && d.pos <= maxDateLabel && (updateText(it.text) || updateLabel(it.text[:d.pos])) {
			return []dateVote{{d: d, weight: 1}}
		}
	}
	return nil
}

// alignInstants writes the votes that name the same instant on the same
// day: "2023-05-04T03:05:00Z" from one source and
// "2023-05-03T20:05:00-07:00" from another agree, and the day is the one
// in the site's own offset, not in UTC.
func alignInstants(votes []dateVote) {
	for i := range votes {
		a := &votes[i]
		if !a.d.hasTime || !a.d.hasZone {
			continue
		}
		for j := range votes {
			b := votes[j]
			if b.d.hasTime && b.d.hasZone && b.d.t.Equal(a.d.t) && b.d.day() != a.d.day() {
				if _, off := b.d.t.Zone(); off != 0 {
					if _, aoff := a.d.t.Zone(); aoff == 0 {
						a.d = b.d
					}
				}
			}
		}
	}
}

// fallbackDates reads the dates of a page that gives none where dates
// are expected: a <time> in a box inside the article, else the article's
// first line that ends with a date after a short label or name ("Jane
// Doe May 3, 2023"). Earlier ones weigh more. Dates quoted in a sentence
// or a reference ("2019;39(4):544", "Accessed on …, 2022.") are not read.
func fallbackDates(s *pageScan, now time.Time, monthFirst bool) []dateVote {
	var out []dateVote
	w := 2.0
	// Dates a label marks as updates ("Last updated: <time>…</time>").
	updated := map[int]bool{}
	for _, it := range s.dateTexts {
		if d, ok := parseDate(it.text, now, monthFirst); ok && (updateText(it.text) || updateLabel(it.text[:d.pos])) {
			updated[it.pos] = true
		}
	}
	for _, t := range s.times {
		if t.zone&zArticle != 0 && t.zone&zTable == 0 && !t.modified && !updated[t.pos] {
			if d, ok := parseDate(t.value, now, monthFirst); ok {
				out = append(out, dateVote{d: d, weight: w})
				w = 1
			}
		}
	}
	for _, it := range s.dateTexts {
		if it.zone&zArticle == 0 || it.zone&zTable != 0 || updated[it.pos] || copyrightLine(it.text) {
			continue
		}
		if !hasLetter(it.text) {
			continue // a bare numeric date is a value in a table or a form
		}
		d, ok := parseDate(it.text, now, monthFirst)
		if ok && d.pos <= maxDateLabel && strings.TrimSpace(it.text[d.end:]) == "" && !referenceLabelRe.MatchString(it.text[:d.pos]) {
			out = append(out, dateVote{d: d, weight: w})
			w = 1
		}
	}
	return out
}

// citationRe matches the marks of a bibliographic reference, whose date
// is the cited work's.
var citationRe = guarded(regexp.MustCompile(`(?i)(?:\bvol\.\s*\d|\bpp?\.\s*\d|\bdoi\b|\bissn\b|\bisbn\b|\bissue\s+\d|\bjg\.\s*\d|\bhrsg\.)`),
	newFoldSet(`\bvol.`, `\bp.`, `\bpp.`, `\bdoi`, `\bissn`, `\bisbn`, `\bissue`, `\bjg.`, `\bhrsg.`).in)

// referenceLabelRe matches a label that makes a date the date of a fact,
// not of the page: "as of", "through", "accessed on", "effective".
var referenceLabelRe = regexp.MustCompile(`(?i)\b(?:as of|as at|since|until|through|ended|ending|accessed(?: on)?|retrieved(?: on)?|effective|valid|expires?|deadline|due)\W*$`)

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// maxDateLabel bounds the text a fallback date line may hold before its
// date.
const maxDateLabel = 30

// bestDate returns the day with the largest summed weight, in the most
// precise form given for it by its strongest source.
func bestDate(votes []dateVote) (parsedDate, bool) {
	if len(votes) == 0 {
		return parsedDate{}, false
	}
	sum := map[string]float64{}
	for _, v := range votes {
		sum[v.d.day()] += v.weight
	}
	bestDay, bestW := "", -1.0
	for _, v := range votes { // in source order, so ties go to the stronger source
		if w := sum[v.d.day()]; w > bestW {
			bestDay, bestW = v.d.day(), w
		}
	}
	var out parsedDate
	outW := -1.0
	for _, v := range votes {
		if v.d.day() != bestDay {
			continue
		}
		full, outFull := v.d.hasTime && v.d.hasZone, out.hasTime && out.hasZone
		if outW < 0 || (full && !outFull) || (full == outFull && v.weight > outW) {
			out, outW = v.d, v.weight
		}
	}
	return out, true
}
