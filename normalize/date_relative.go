package normalize

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// relativeDateRe matches a relative date in the languages of Europe's
// commentary sites: "3 days ago", "vor 3 Tagen", "il y a 3 jours", "hace
// 3 días", "3 giorni fa", "3 dagen geleden", "3 dni temu", "há 3 dias",
// "för 3 dagar sedan", "3 päivää sitten", "3 дня назад", "3 дні тому",
// "3 päeva tagasi", "pirms 3 dienām", "prieš 3 dienas". The number is
// group 1 or 3, the unit group 2 or 4; "a"/"ein" count as one.
var relativeDateRe = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:` +
	`(?:vor|il y a|hace|há|ha|för|pirms|prieš)\s+(\d{1,3}|an?|one|einer?m?|une?|un[ao]?|uma?)\s+(\p{L}+)` +
	`|(\d{1,3}|an?|one)\s+(\p{L}+)\s+(?:ago|fa|geleden|temu|sedan|sitten|назад|тому|tagasi)` +
	`)(?:[^\p{L}]|$)`)

// relativeWords are the words for today, yesterday and the day before,
// with the days back they name.
var relativeWords = map[string]int{
	"today": 0, "heute": 0, "aujourd'hui": 0, "hoy": 0, "oggi": 0, "vandaag": 0, "dzisiaj": 0, "dziś": 0,
	"hoje": 0, "idag": 0, "tänään": 0, "сегодня": 0, "сьогодні": 0, "täna": 0, "šodien": 0, "šiandien": 0,
	"yesterday": 1, "gestern": 1, "hier": 1, "ayer": 1, "ieri": 1, "gisteren": 1, "wczoraj": 1, "ontem": 1,
	"igår": 1, "eilen": 1, "вчера": 1, "вчора": 1, "eile": 1, "vakar": 1,
	"vorgestern": 2, "avant-hier": 2, "anteayer": 2, "przedwczoraj": 2, "anteontem": 2, "позавчера": 2,
}

// relativeUnits maps the stems of unit words to their length; the first
// stem a word starts with wins, so longer stems come first.
var relativeUnits = []struct {
	stem string
	d    time.Duration
}{
	{"min", time.Minute}, {"хв", time.Minute}, {"мин", time.Minute},
	{"hour", time.Hour}, {"stund", time.Hour}, {"heure", time.Hour}, {"hora", time.Hour}, {"or", time.Hour},
	{"uur", time.Hour}, {"godzin", time.Hour}, {"timm", time.Hour}, {"tunti", time.Hour}, {"час", time.Hour},
	{"годин", time.Hour}, {"tund", time.Hour}, {"valand", time.Hour},
	{"day", 24 * time.Hour}, {"tag", 24 * time.Hour}, {"jour", 24 * time.Hour}, {"día", 24 * time.Hour},
	{"dia", 24 * time.Hour}, {"giorn", 24 * time.Hour}, {"dag", 24 * time.Hour}, {"dni", 24 * time.Hour},
	{"dzień", 24 * time.Hour}, {"päiv", 24 * time.Hour}, {"päev", 24 * time.Hour}, {"д", 24 * time.Hour},
	{"dien", 24 * time.Hour},
	{"week", 7 * 24 * time.Hour}, {"woche", 7 * 24 * time.Hour}, {"semain", 7 * 24 * time.Hour},
	{"seman", 7 * 24 * time.Hour}, {"settiman", 7 * 24 * time.Hour}, {"weken", 7 * 24 * time.Hour},
	{"tydzień", 7 * 24 * time.Hour}, {"tygod", 7 * 24 * time.Hour}, {"veck", 7 * 24 * time.Hour},
	{"viikko", 7 * 24 * time.Hour}, {"недел", 7 * 24 * time.Hour}, {"тижд", 7 * 24 * time.Hour},
	{"nädal", 7 * 24 * time.Hour}, {"nedēļ", 7 * 24 * time.Hour}, {"savait", 7 * 24 * time.Hour},
}

// maxRelativeText bounds the text a relative date is read from: a
// dateline, not a sentence.
const maxRelativeText = 60

// parseRelativeDate reads a relative date ("vor 3 Tagen", "hier") as the
// day it names counted back from now. Months and years are too coarse to
// name a day and are not read.
func parseRelativeDate(s string, now time.Time) (parsedDate, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxRelativeText {
		return parsedDate{}, false
	}
	day := func(back time.Duration, pos int) (parsedDate, bool) {
		t := now.Add(-back).UTC()
		return parsedDate{t: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), pos: pos, end: len(s)}, true
	}
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		if i > 3 {
			break
		}
		if back, ok := relativeWords[strings.Trim(w, ",.:;·|")]; ok {
			return day(time.Duration(back)*24*time.Hour, strings.Index(strings.ToLower(s), w))
		}
	}
	m := relativeDateRe.FindStringSubmatchIndex(s)
	if m == nil {
		return parsedDate{}, false
	}
	num, unit := 2, 4
	if m[2] < 0 {
		num, unit = 6, 8
	}
	n, err := strconv.Atoi(s[m[num]:m[num+1]])
	if err != nil {
		n = 1 // "a day ago", "vor einem Tag"
	}
	w := strings.ToLower(s[m[unit]:m[unit+1]])
	for _, u := range relativeUnits {
		if strings.HasPrefix(w, u.stem) {
			return day(time.Duration(n)*u.d, m[0])
		}
	}
	return parsedDate{}, false
}

// relativeDates reads the first relative date a dateline or a <time>'s
// text gives, for a page that gives no other date.
func relativeDates(s *pageScan, now time.Time) []dateVote {
	for _, t := range s.times {
		if d, ok := parseRelativeDate(t.text, now); ok && !t.modified {
			return []dateVote{{d: d, weight: 1}}
		}
	}
	for _, list := range [][]textItem{s.datelines, s.byTexts} {
		for _, it := range list {
			if d, ok := parseRelativeDate(it.text, now); ok && it.zone&zBoiler == 0 {
				return []dateVote{{d: d, weight: 1}}
			}
		}
	}
	return nil
}
