package eval

import (
	"slices"
	"strings"
)

// normTitle is score.py's norm_title: NFKC, whitespace folded, case folded,
// and " .:|-–—" trimmed from both ends.
func normTitle(s string) string {
	return strings.Trim(casefold(ws(s)), " .:|-–—")
}

// titleMatch reports whether a predicted title matches the expected one.
func titleMatch(want, got string) bool {
	w := normTitle(want)
	return w != "" && w == normTitle(got)
}

// authorPrefixes are the leading words norm_authors drops, with the space
// that must follow them.
var authorPrefixes = []string{"by ", "von ", "par ", "por "}

// authorWords are the words that separate names, matched as whole words.
var authorWords = []string{"and", "und", "et", "y"}

// normAuthors is score.py's norm_authors: the set of names, sorted, after
// NFKC, whitespace and case folding, dropping a leading "by"/"von"/"par"/
// "por" and splitting on ; , & / | and the words and/und/et/y.
func normAuthors(s string) []string {
	s = casefold(ws(s))
	for _, p := range authorPrefixes {
		if strings.HasPrefix(s, p) {
			s = s[len(p):] // ws left a single space, so nothing more to skip
			break
		}
	}
	var names []string
	add := func(part []rune) {
		if p := strings.Trim(string(part), " ."); p != "" && !slices.Contains(names, p) {
			names = append(names, p)
		}
	}
	rs := []rune(s)
	last := 0
	for i := 0; i < len(rs); {
		end := authorSeparator(rs, i)
		if end < 0 {
			i++
			continue
		}
		add(rs[last:i])
		last, i = end, end
	}
	add(rs[last:])
	slices.Sort(names)
	return names
}

// authorSeparator matches AUTHOR_SPLIT at rs[i]:
// \s*(?:;|,|&|\band\b|\bund\b|\bet\b|\by\b|/|\|)\s*
// and returns the end of the match, or -1.
func authorSeparator(rs []rune, i int) int {
	k := i
	for k < len(rs) && isSpace(rs[k]) {
		k++
	}
	if k == len(rs) {
		return -1
	}
	end := -1
	switch rs[k] {
	case ';', ',', '&', '/', '|':
		end = k + 1
	default:
		if k > 0 && isWord(rs[k-1]) {
			return -1
		}
		for _, w := range authorWords {
			n := len(w)
			if k+n <= len(rs) && string(rs[k:k+n]) == w && (k+n == len(rs) || !isWord(rs[k+n])) {
				end = k + n
				break
			}
		}
	}
	if end < 0 {
		return -1
	}
	for end < len(rs) && isSpace(rs[end]) {
		end++
	}
	return end
}

// authorsMatch reports whether the predicted authors name the same set of
// people as the expected author string. A list is joined with "; " first.
func authorsMatch(want string, got []string) bool {
	w := normAuthors(want)
	return len(w) > 0 && slices.Equal(w, normAuthors(strings.Join(got, "; ")))
}

// normDate is score.py's norm_date: the leading YYYY-MM-DD of the
// whitespace-folded value (digits of any script), or "" and false.
func normDate(s string) (string, bool) {
	rs := []rune(ws(s))
	if len(rs) < 10 || rs[4] != '-' || rs[7] != '-' {
		return "", false
	}
	for i, r := range rs[:10] {
		if i != 4 && i != 7 && !isDecimal(r) {
			return "", false
		}
	}
	return string(rs[:10]), true
}

// dateMatch reports whether the predicted date is the expected calendar day.
func dateMatch(want, got string) bool {
	w, ok := normDate(want)
	if !ok {
		return false
	}
	g, ok := normDate(got)
	return ok && g == w
}
