package eval

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// folder is full Unicode case folding (CaseFolding.txt statuses C and F), so
// "ß" folds to "ss" and "ﬁ" to "fi". The Caser is stateless and safe for
// concurrent use.
var folder = cases.Fold()

// casefold returns Python's s.casefold(). It differs from folder in one
// place: Python folds a character without a CaseFolding entry to itself, and
// the Cherokee capitals U+13A0..U+13F5 have none (their small letters fold to
// them), while folder lower-cases them.
func casefold(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	if !strings.ContainsFunc(s, isCherokeeCapital) {
		return folder.String(s)
	}
	var b strings.Builder
	for s != "" {
		i := strings.IndexFunc(s, isCherokeeCapital)
		if i < 0 {
			b.WriteString(folder.String(s))
			break
		}
		b.WriteString(folder.String(s[:i]))
		_, n := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+n])
		s = s[i+n:]
	}
	return b.String()
}

func isCherokeeCapital(r rune) bool { return 0x13a0 <= r && r <= 0x13f5 }

// ws is score.py's ws: NFKC, whitespace runs folded to one space, trimmed.
func ws(s string) string {
	return collapseSpace(norm.NFKC.String(s))
}

// lower returns Python's s.lower(): the simple lower-case mapping except
// that "İ" becomes "i̇" (two code points) and a capital sigma at the end of
// a word becomes "ς" (the Final_Sigma rule).
func lower(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s) + 2)
	for i, r := range rs {
		switch r {
		case 0x130:
			b.WriteString("i\u0307")
		case 0x3a3:
			if finalSigma(rs, i) {
				b.WriteRune(0x3c2)
			} else {
				b.WriteRune(0x3c3)
			}
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// finalSigma reports whether the capital sigma at rs[i] is in the
// Final_Sigma context: preceded by a cased letter and not followed by one,
// skipping case-ignorable characters on both sides.
func finalSigma(rs []rune, i int) bool {
	j := i - 1
	for j >= 0 && caseIgnorable(rs[j]) {
		j--
	}
	if j < 0 || !cased(rs[j]) {
		return false
	}
	j = i + 1
	for j < len(rs) && caseIgnorable(rs[j]) {
		j++
	}
	return j == len(rs) || !cased(rs[j])
}

// cased is the Unicode Cased property.
func cased(r rune) bool {
	return unicode.In(r, unicode.Lu, unicode.Ll, unicode.Lt, unicode.Other_Lowercase, unicode.Other_Uppercase)
}

// caseIgnorable is the Unicode Case_Ignorable property.
func caseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', '^', '`', 0xa8, 0xad, 0xaf, 0xb4, 0xb7, 0xb8,
		0x387, 0x55f, 0x5f4, 0x2018, 0x2019, 0x2024, 0x2027,
		0xfe13, 0xfe52, 0xfe55, 0xff07, 0xff0e, 0xff1a:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}
