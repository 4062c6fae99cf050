package serve

import (
	"strings"
	"time"
	"unicode"
)

// flagBit is one review flag: a reason to look at a record again.
type flagBit uint16

const (
	flagNoAuthor flagBit = 1 << iota
	flagNoDate
	flagFuture
	flagShort
	flagLinks
	flagDupTitle
	flagMerged
	flagChanged
)

// Thresholds of the flags.
const (
	// shortWords: a body of fewer words is very short.
	shortWords = 120
	// A body has many links when it holds at least minLinks links and
	// one link or more for every wordsPerLink words.
	minLinks     = 5
	wordsPerLink = 20
	// futureSlack: a publication date later than now by more than this is
	// in the future (time zones, and sites that date posts ahead).
	futureSlack = 24 * time.Hour
)

// flagInfo describes a flag for the pages and the query string.
type flagInfo struct {
	Bit   flagBit
	Key   string // in ?flag=
	Label string
	Hint  string
}

// flagList is every flag, in the order of the filter form.
var flagList = []flagInfo{
	{flagNoAuthor, "no-author", "no author", "no author was found"},
	{flagNoDate, "no-date", "no date", "no publication date was found"},
	{flagFuture, "future-date", "date in the future", "published more than a day after now"},
	{flagShort, "short", "very short body", "fewer than 120 words"},
	{flagLinks, "many-links", "many links", "at least 5 links, one or more per 20 words: navigation or a listing?"},
	{flagDupTitle, "dup-title", "title repeated", "another record has the same title"},
	{flagMerged, "merged", "merged duplicates", "other URLs were merged into it as duplicates"},
	{flagChanged, "changed", "changed since", "changed at or after the date given (default: the start of the last run)"},
}

func flagByKey(key string) (flagInfo, bool) {
	for _, f := range flagList {
		if f.Key == key {
			return f, true
		}
	}
	return flagInfo{}, false
}

// staticFlags are the flags of a record that do not depend on the query.
// Title repeats and merges are added once the whole snapshot is known.
func staticFlags(e *entry, now time.Time) flagBit {
	var f flagBit
	if len(e.Authors) == 0 {
		f |= flagNoAuthor
	}
	if !e.hasDate {
		f |= flagNoDate
	} else if e.date.After(now.Add(futureSlack)) {
		f |= flagFuture
	}
	if e.Words < shortWords {
		f |= flagShort
	}
	if e.Links >= minLinks && e.Links*wordsPerLink >= e.Words {
		f |= flagLinks
	}
	return f
}

// countLinks counts the Markdown links of a body, images apart.
func countLinks(md string) int {
	n := 0
	for i := 0; ; {
		j := strings.Index(md[i:], "](")
		if j < 0 {
			return n
		}
		i += j + 2
		// The link text starts at the matching '['; an image has '!' before it.
		open := strings.LastIndexByte(md[:i-2], '[')
		if open < 0 || (open > 0 && md[open-1] == '!') {
			continue
		}
		n++
	}
}

// countWords counts the words of a plain text, as len(strings.Fields(s))
// would, without building the slice of words for every record loaded.
func countWords(s string) int {
	n := 0
	inWord := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			inWord = false
		} else if !inWord {
			inWord = true
			n++
		}
	}
	return n
}

// dateLayouts are the forms of published dates that the flags understand.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02",
	"2006-01",
	"2006",
}

// parseDate reads a stored or typed date; ok is false when it is none of
// dateLayouts.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
